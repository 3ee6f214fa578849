//! Byte compatibility with IronCore's build: every case of every list in the api256 vectors
//! (`tests/vectors/api256/*.json`, recorded from `@ironcorelabs/recrypt-wasm-binding` 0.7.1;
//! schema in `tests/vectors/README.md`). Set `RECRYPT_VECTORS_DIR` to check another copy.
//!
//! Each test runs every case of one list, collects the failing case ids and fails at the end
//! with all of them (run with `--nocapture` to see the number of cases checked).
//!
//! * A `result` must equal ours byte for byte (compared as JSON, hex strings included).
//! * An `error` must be the same class of error, by this mapping ([`expected_failure`]):
//!
//!   | vectors: `errorKind`, `error`                        | ours                                |
//!   |------------------------------------------------------|-------------------------------------|
//!   | `panic`, "unreachable" (a wrong-length byte string)  | `Failure::WrongLength` (conversion) |
//!   | `recrypt`, "The public key was not valid..."         | `InvalidPublicKey`                  |
//!   | `recrypt`, "The signature of the encrypted value..." | `InvalidEncryptedMessageSignature`  |
//!   | `recrypt`, "The transform key signature was..."      | `InvalidTransformKey`               |
//!   | `recrypt`, "The decryption failed..."                | `DecryptFailed`                     |
//!   | `recrypt`, "The bytes could not be decoded..."       | `DecodeFailure`                     |
//!   | `recrypt`, "The signing public key provided..."      | `InvalidSigningKeyPair`             |
//!
//!   (`Failure::WrongLength` is what our C ABI reports as INVALID_LENGTH; the others are
//!   `api256::Error` variants.) Any other `errorKind` or message fails the case.
//!
//!   The conversion layer (`common`) converts parameters in the peer's order, so the first
//!   failing parameter or field decides the class, as it does for the peer.
//! * Cases with an `rngSeed` are replayed on `Api256::new(CompatibleRng::from_seed(seed))`, making
//!   the random calls in the order the README lists for the file (`generateEd25519KeyPair` is
//!   `generate_signing_key_pair`); every random output must equal the recorded bytes.
//!   Deterministic checks (decrypt, verify, augment, ...) use the recorded inputs, so they hold
//!   for the peer's values independently of the replay.

mod common;

use common::*;
use recrypt_ffi::api256::{
    add_private_keys, compute_public_key, decrypt, ed25519_verify, hash256, schnorr_verify,
    subtract_private_keys, Api256, Error, PrivateKey, PublicKey, SigningKeyPair,
};
use recrypt_ffi::rng::CompatibleRng;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Outcomes

/// recrypt's error messages (by prefix) and our errors.
const RECRYPT_ERRORS: &[(&str, Error)] = &[
    ("The public key was not valid.", Error::InvalidPublicKey),
    (
        "The signature of the encrypted value could not be verified.",
        Error::InvalidEncryptedMessageSignature,
    ),
    (
        "The transform key signature was incorrect.",
        Error::InvalidTransformKey,
    ),
    ("The decryption failed.", Error::DecryptFailed),
    ("The bytes could not be decoded", Error::DecodeFailure),
    (
        "The signing public key provided was invalid.",
        Error::InvalidSigningKeyPair,
    ),
];

/// The failure we must produce for a record with `error` and `errorKind` (see the module table).
fn expected_failure(record: &Value) -> Failure {
    let message = text(record, "error");
    match text(record, "errorKind") {
        "panic" => Failure::WrongLength,
        "recrypt" => RECRYPT_ERRORS
            .iter()
            .find(|(prefix, _)| message.starts_with(prefix))
            .map(|&(_, error)| Failure::Scheme(error))
            .unwrap_or_else(|| panic!("no mapping for recrypt error {message:?}")),
        kind => panic!("no mapping for errorKind {kind:?} ({message:?})"),
    }
}

/// Compares our outcome with the record's `error`, or else its `result_field`.
fn check_outcome(record: &Value, result_field: &str, actual: Outcome<Value>) -> Result<(), String> {
    match (record.get("error"), actual) {
        (None, Ok(value)) => check_eq(result_field, &value, field(record, result_field)),
        (None, Err(failure)) => Err(format!(
            "failed with {failure:?}, expected {result_field} {}",
            short(field(record, result_field))
        )),
        (Some(_), actual) => {
            let expected = expected_failure(record);
            match actual {
                Err(failure) => ensure(failure == expected, || {
                    format!(
                        "failed with {failure:?}, expected {expected:?} ({})",
                        text(record, "error")
                    )
                }),
                Ok(value) => Err(format!("returned {}, expected {expected:?}", short(&value))),
            }
        }
    }
}

/// When the record has `plaintextMatches`, whether its `result` equals `reference` must agree.
fn check_plaintext_matches(record: &Value, reference: &Value) -> Result<(), String> {
    match record.get("plaintextMatches").and_then(Value::as_bool) {
        None => Ok(()),
        Some(matches) => ensure((field(record, "result") == reference) == matches, || {
            format!("plaintextMatches is {matches}, but the result says otherwise")
        }),
    }
}

fn decrypt_json(value: &Value, key: &Value) -> Outcome<Value> {
    let value = encrypted_value(value)?;
    let key = private_key(key)?;
    Ok(hex_json(&decrypt(&value, &key)?.to_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Replaying random calls

type SeededApi = Api256<CompatibleRng>;

fn gen_key_pair(api: &mut SeededApi) -> Result<(PrivateKey, PublicKey), String> {
    must("generateKeyPair", api.generate_key_pair())
}

fn gen_key_pairs(api: &mut SeededApi, n: usize) -> Result<Vec<(PrivateKey, PublicKey)>, String> {
    (0..n).map(|_| gen_key_pair(api)).collect()
}

fn gen_signing(api: &mut SeededApi, n: usize) -> Result<Vec<SigningKeyPair>, String> {
    (0..n)
        .map(|_| must("generateEd25519KeyPair", api.generate_signing_key_pair()))
        .collect()
}

fn key_pairs_json(pairs: &[(PrivateKey, PublicKey)]) -> Value {
    pairs.iter().map(|(k, p)| key_pair_json(k, p)).collect()
}

fn signing_list_json(pairs: &[SigningKeyPair]) -> Value {
    pairs.iter().map(signing_key_pair_json).collect()
}

/// A recorded key pair whose public key is compute_public_key of its private key.
fn check_key_pair_consistent(pair: &Value) -> Result<(), String> {
    let key = must("privateKey", private_key(field(pair, "privateKey")))?;
    let public = must("computePublicKey", compute_public_key(&key))?;
    check_eq(
        "computePublicKey",
        &public_key_json(&public),
        field(pair, "publicKey"),
    )
}

// ---------------------------------------------------------------------------------------------
// plaintexts.json

#[test]
fn plaintexts() {
    let file = load_vectors("plaintexts.json");
    let mut report = Report::new("plaintexts.json cases");
    report.each(list(&file, "cases"), |case| {
        let plaintext = must("generatePlaintext", seeded_api(case).generate_plaintext())?;
        check_bytes("plaintext", &plaintext.to_bytes(), field(case, "plaintext"))
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// keypairs.json

#[test]
fn keypairs() {
    let file = load_vectors("keypairs.json");
    let mut report = Report::new("keypairs.json cases");
    report.each(list(&file, "cases"), |case| {
        if case.get("rngSeed").is_some() {
            let (key, public) = gen_key_pair(&mut seeded_api(case))?;
            check_eq(
                "generateKeyPair",
                &key_pair_json(&key, &public),
                &project(case, &["privateKey", "publicKey"]),
            )?;
        }
        let compute = |key: &Value| -> Outcome<Value> {
            Ok(public_key_json(&compute_public_key(&private_key(key)?)?))
        };
        check_outcome(case, "publicKey", compute(field(case, "privateKey")))?;
        match (case.get("effectiveScalar"), case.get("publicKey")) {
            (Some(scalar), Some(public)) => check_eq(
                "computePublicKey(effectiveScalar)",
                &must("effectiveScalar", compute(scalar))?,
                public,
            ),
            _ => Ok(()),
        }
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// ed25519.json

#[test]
fn ed25519_keypairs() {
    let file = load_vectors("ed25519.json");
    let mut report = Report::new("ed25519.json keypairs");
    report.each(list(&file, "keypairs"), |case| {
        if case.get("rngSeed").is_some() {
            let pair = must(
                "generateEd25519KeyPair",
                seeded_api(case).generate_signing_key_pair(),
            )?;
            check_eq(
                "generateEd25519KeyPair",
                &signing_key_pair_json(&pair),
                &project(case, &["privateKey", "publicKey"]),
            )?;
        }
        let pair = must(
            "signing key pair",
            signing_key_pair(field(case, "privateKey")),
        )?;
        check_bytes("publicKey", &pair.public_key(), field(case, "publicKey"))
    });
    report.finish();
}

#[test]
fn ed25519_compute_public_key() {
    let file = load_vectors("ed25519.json");
    let mut report = Report::new("ed25519.json computePublicKey");
    report.each(list(&file, "computePublicKey"), |case| {
        let actual =
            signing_key_pair(field(case, "signingPrivateKey")).map(|k| hex_json(&k.public_key()));
        check_outcome(case, "result", actual)
    });
    report.finish();
}

#[test]
fn ed25519_sign() {
    let file = load_vectors("ed25519.json");
    let mut report = Report::new("ed25519.json sign");
    report.each(list(&file, "sign"), |case| {
        let actual = signing_key_pair(field(case, "signingPrivateKey"))
            .map(|k| hex_json(&k.sign(&bytes(field(case, "message")))));
        check_outcome(case, "result", actual)
    });
    report.finish();
}

#[test]
fn ed25519_verify_cases() {
    let file = load_vectors("ed25519.json");
    let mut report = Report::new("ed25519.json verify");
    report.each(list(&file, "verify"), |case| {
        let actual = (|| -> Outcome<Value> {
            let public = fixed(field(case, "signingPublicKey"))?;
            let message = bytes(field(case, "message"));
            let signature = fixed(field(case, "signature"))?;
            Ok(Value::Bool(ed25519_verify(&public, &message, &signature)))
        })();
        check_outcome(case, "result", actual)
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// hash.json

#[test]
fn hash256_cases() {
    let file = load_vectors("hash.json");
    let mut report = Report::new("hash.json hash256");
    report.each(list(&file, "hash256"), |case| {
        check_bytes(
            "output",
            &hash256(&bytes(field(case, "input"))),
            field(case, "output"),
        )
    });
    report.finish();
}

#[test]
fn derive_symmetric_key() {
    let file = load_vectors("hash.json");
    let mut report = Report::new("hash.json deriveSymmetricKey");
    report.each(list(&file, "deriveSymmetricKey"), |case| {
        if case.get("rngSeed").is_some() {
            let plaintext = must("generatePlaintext", seeded_api(case).generate_plaintext())?;
            check_bytes(
                "generatePlaintext",
                &plaintext.to_bytes(),
                field(case, "plaintext"),
            )?;
        }
        let input = field(case, "plaintext");
        let derived = plaintext(input).map(|p| hex_json(&p.derive_symmetric_key()));
        check_outcome(case, "result", derived)?;
        match case.get("equalsSha256OfInput").and_then(Value::as_bool) {
            None => Ok(()),
            Some(equal) => {
                let sha256 = hex_json(&hash256(&bytes(input)));
                ensure((&sha256 == field(case, "result")) == equal, || {
                    format!(
                        "equalsSha256OfInput is {equal}, but SHA-256 of the input says otherwise"
                    )
                })
            }
        }
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// encrypt.json

#[test]
fn encrypt() {
    let file = load_vectors("encrypt.json");
    let mut report = Report::new("encrypt.json cases");
    report.each(list(&file, "cases"), |case| {
        let mut api = seeded_api(case);
        let (key, public) = gen_key_pair(&mut api)?;
        let signing = gen_signing(&mut api, 1)?.remove(0);
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let value = must("encrypt", api.encrypt(&plaintext, &public, &signing))?;
        let replayed = json!({
            "recipient": key_pair_json(&key, &public),
            "signing": signing_key_pair_json(&signing),
            "plaintext": hex_json(&plaintext.to_bytes()),
            "encryptedValue": encrypted_value_json(&value),
        });
        check_eq(
            "replay",
            &replayed,
            &project(
                case,
                &["recipient", "signing", "plaintext", "encryptedValue"],
            ),
        )?;

        let decrypted = decrypt_json(
            field(case, "encryptedValue"),
            at(case, "recipient.privateKey"),
        );
        check_eq(
            "decrypt",
            &must("decrypt", decrypted)?,
            field(case, "decrypted"),
        )
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// transform-keys.json

#[test]
fn transform_keys() {
    let file = load_vectors("transform-keys.json");
    let mut report = Report::new("transform-keys.json cases");
    report.each(list(&file, "cases"), |case| {
        let mut api = seeded_api(case);
        let keys = gen_key_pairs(&mut api, 2)?;
        let signing = gen_signing(&mut api, 1)?.remove(0);
        let key = must(
            "generateTransformKey",
            api.generate_transform_key(&keys[0].0, &keys[1].1, &signing),
        )?;
        let replayed = json!({
            "from": key_pair_json(&keys[0].0, &keys[0].1),
            "to": key_pair_json(&keys[1].0, &keys[1].1),
            "signing": signing_key_pair_json(&signing),
            "transformKey": transform_key_json(&key),
        });
        check_eq(
            "replay",
            &replayed,
            &project(case, &["from", "to", "signing", "transformKey"]),
        )?;

        let recorded = must("transformKey", transform_key(field(case, "transformKey")))?;
        ensure(recorded.verify_signature(), || {
            "the recorded signature does not verify".into()
        })?;
        check_bytes(
            "transformKeyToBytes256",
            &recorded.to_bytes(),
            field(case, "transformKeyBytes"),
        )
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// transform-chains.json

/// One chain keys[0] -> ... -> keys[n], replayed in the README's order, then each recorded
/// value decrypted by its recipient.
fn check_chain(case: &Value) -> Result<(), String> {
    let n = field(case, "level").as_u64().expect("level") as usize;
    let mut api = seeded_api(case);
    let keys = gen_key_pairs(&mut api, n + 1)?;
    let signing_encrypt = gen_signing(&mut api, 1)?.remove(0);
    let signing_keys = gen_signing(&mut api, n)?;
    let signing_transforms = gen_signing(&mut api, n)?;
    let plaintext = must("generatePlaintext", api.generate_plaintext())?;
    let mut values = vec![must(
        "encrypt",
        api.encrypt(&plaintext, &keys[0].1, &signing_encrypt),
    )?];
    let transform_keys = (0..n)
        .map(|i| {
            must(
                "generateTransformKey",
                api.generate_transform_key(&keys[i].0, &keys[i + 1].1, &signing_keys[i]),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    for i in 0..n {
        values.push(must(
            "transform",
            api.transform(&values[i], &transform_keys[i], &signing_transforms[i]),
        )?);
    }
    let replayed = json!({
        "keys": key_pairs_json(&keys),
        "signing": {
            "encrypt": signing_key_pair_json(&signing_encrypt),
            "transformKeys": signing_list_json(&signing_keys),
            "transforms": signing_list_json(&signing_transforms),
        },
        "plaintext": hex_json(&plaintext.to_bytes()),
        "transformKeys": transform_keys.iter().map(transform_key_json).collect::<Value>(),
        "encryptedValues": values.iter().map(encrypted_value_json).collect::<Value>(),
    });
    let recorded_names = [
        "keys",
        "signing",
        "plaintext",
        "transformKeys",
        "encryptedValues",
    ];
    check_eq("replay", &replayed, &project(case, &recorded_names))?;

    let recorded_keys = list(case, "keys");
    for (i, value) in list(case, "encryptedValues").iter().enumerate() {
        let decrypted = decrypt_json(value, field(&recorded_keys[i], "privateKey"));
        check_eq(
            &format!("decrypted[{i}]"),
            &must("decrypt", decrypted)?,
            &list(case, "decrypted")[i],
        )?;
    }
    Ok(())
}

fn chains(level: &str) {
    let file = load_vectors("transform-chains.json");
    let mut report = Report::new(&format!("transform-chains.json {level}"));
    report.each(list(&file, level), check_chain);
    report.finish();
}

#[test]
fn transform_chains_level1() {
    chains("level1");
}

#[test]
fn transform_chains_level2() {
    chains("level2");
}

#[test]
fn transform_chains_level3() {
    chains("level3");
}

// ---------------------------------------------------------------------------------------------
// schnorr.json

/// schnorrVerify(publicKey, augmentedPrivateKey or null, message, signature), converted in order.
fn schnorr_verify_json(
    public: &Value,
    augmenting: &Value,
    message: &Value,
    signature: &Value,
) -> Outcome<Value> {
    let public = public_key(public)?;
    let augmenting = if augmenting.is_null() {
        None
    } else {
        Some(private_key(augmenting)?)
    };
    let message = bytes(message);
    let signature = fixed(signature)?;
    Ok(Value::Bool(schnorr_verify(
        &public,
        augmenting.as_ref(),
        &message,
        &signature,
    )))
}

#[test]
fn schnorr_sign() {
    let file = load_vectors("schnorr.json");
    let mut report = Report::new("schnorr.json sign");
    report.each(list(&file, "sign"), |case| {
        let mut api = seeded_api(case);
        let (key, public) = gen_key_pair(&mut api)?;
        let message = bytes(field(case, "message"));
        let signature = must("schnorrSign", api.schnorr_sign(&key, &public, &message))?;
        let replayed =
            json!({ "keypair": key_pair_json(&key, &public), "signature": hex_json(&signature) });
        check_eq(
            "replay",
            &replayed,
            &project(case, &["keypair", "signature"]),
        )?;

        let verified = schnorr_verify_json(
            at(case, "keypair.publicKey"),
            &Value::Null,
            field(case, "message"),
            field(case, "signature"),
        );
        check_eq(
            "verified",
            &must("schnorrVerify", verified)?,
            field(case, "verified"),
        )
    });
    report.finish();
}

#[test]
fn schnorr_verify_cases() {
    let file = load_vectors("schnorr.json");
    let mut report = Report::new("schnorr.json verify");
    report.each(list(&file, "verify"), |case| {
        let [public, augmenting, message, signature] =
            ["publicKey", "augmentedPrivateKey", "message", "signature"].map(|n| field(case, n));
        check_outcome(
            case,
            "result",
            schnorr_verify_json(public, augmenting, message, signature),
        )
    });
    report.finish();
}

#[test]
fn schnorr_augmented() {
    let file = load_vectors("schnorr.json");
    let mut report = Report::new("schnorr.json augmented");
    report.each(list(&file, "augmented"), |case| {
        let mut api = seeded_api(case);
        let users = gen_key_pairs(&mut api, 2)?;
        let ((user_key, user_public), (server_key, server_public)) = (&users[0], &users[1]);
        let augmented_public = must("augmentPublicKey256", user_public.augment(server_public))?;
        let augmented_key = add_private_keys(user_key, server_key);
        let message = bytes(field(case, "message"));
        let by_user = must(
            "schnorrSign",
            api.schnorr_sign(user_key, &augmented_public, &message),
        )?;
        let by_augmented = must(
            "schnorrSign",
            api.schnorr_sign(&augmented_key, &augmented_public, &message),
        )?;
        let replayed = json!({
            "user": key_pair_json(user_key, user_public),
            "server": key_pair_json(server_key, server_public),
            "augmentedPublicKey": public_key_json(&augmented_public),
            "augmentedPrivateKey": hex_json(&augmented_key.to_bytes()),
            "signatureByUser": hex_json(&by_user),
            "signatureByAugmented": hex_json(&by_augmented),
        });
        let names = [
            "user",
            "server",
            "augmentedPublicKey",
            "augmentedPrivateKey",
            "signatureByUser",
            "signatureByAugmented",
        ];
        check_eq("replay", &replayed, &project(case, &names))?;

        for (i, check) in list(case, "verifications").iter().enumerate() {
            let outcome = schnorr_verify_json(
                at(case, text(check, "publicKey")),
                field(check, "augmentedPrivateKey"),
                field(case, "message"),
                field(case, text(check, "signature")),
            );
            check_outcome(check, "result", outcome)
                .map_err(|e| format!("verifications[{i}] ({}): {e}", text(check, "label")))?;
        }
        Ok(())
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// augment.json

fn private_key_arithmetic(list_name: &str, op: fn(&PrivateKey, &PrivateKey) -> PrivateKey) {
    let file = load_vectors("augment.json");
    let mut report = Report::new(&format!("augment.json {list_name}"));
    report.each(list(&file, list_name), |case| {
        let actual = (|| -> Outcome<Value> {
            let a = private_key(field(case, "privateKeyA"))?;
            let b = private_key(field(case, "privateKeyB"))?;
            Ok(hex_json(&op(&a, &b).to_bytes()))
        })();
        check_outcome(case, "result", actual)
    });
    report.finish();
}

#[test]
fn add_private_keys_cases() {
    private_key_arithmetic("addPrivateKeys", add_private_keys);
}

#[test]
fn subtract_private_keys_cases() {
    private_key_arithmetic("subtractPrivateKeys", subtract_private_keys);
}

#[test]
fn augment_public_key() {
    let file = load_vectors("augment.json");
    let mut report = Report::new("augment.json augmentPublicKey256");
    report.each(list(&file, "augmentPublicKey256"), |case| {
        let actual = (|| -> Outcome<Value> {
            let current = public_key(field(case, "currentPublicKey"))?;
            let other = public_key(field(case, "otherPublicKey"))?;
            Ok(public_key_json(&current.augment(&other)?))
        })();
        check_outcome(case, "result", actual)
    });
    report.finish();
}

#[test]
fn augment_transform_key() {
    let file = load_vectors("augment.json");
    let mut report = Report::new("augment.json augmentTransformKey256");
    report.each(list(&file, "augmentTransformKey256"), |case| {
        let mut api = seeded_api(case);
        let signing = gen_signing(&mut api, 1)?.remove(0);
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let keys = gen_key_pairs(&mut api, 3)?;
        let [(master_key, master), (device_key, device), (server_key, server)] =
            [&keys[0], &keys[1], &keys[2]];
        let master_public = must("augmentPublicKey256", master.augment(server))?;
        let value = must("encrypt", api.encrypt(&plaintext, &master_public, &signing))?;
        let key = must(
            "generateTransformKey",
            api.generate_transform_key(master_key, device, &signing),
        )?;
        let augmented = must("augmentTransformKey256", key.augment(server_key))?;
        let transformed = must("transform", api.transform(&value, &augmented, &signing))?;
        let unaugmented = must("transform", api.transform(&value, &key, &signing))?;
        let replayed = json!({
            "signing": signing_key_pair_json(&signing),
            "plaintext": hex_json(&plaintext.to_bytes()),
            "master": key_pair_json(master_key, master),
            "device": key_pair_json(device_key, device),
            "server": key_pair_json(server_key, server),
            "masterPublicKey": public_key_json(&master_public),
            "encryptedValue": encrypted_value_json(&value),
            "transformKey": transform_key_json(&key),
            "augmentedTransformKey": transform_key_json(&augmented),
            "transformed": encrypted_value_json(&transformed),
            "transformedWithUnaugmented": encrypted_value_json(&unaugmented),
        });
        let names = [
            "signing",
            "plaintext",
            "master",
            "device",
            "server",
            "masterPublicKey",
            "encryptedValue",
            "transformKey",
            "augmentedTransformKey",
            "transformed",
            "transformedWithUnaugmented",
        ];
        check_eq("replay", &replayed, &project(case, &names))?;

        // Deterministic steps on the recorded values.
        let recorded_master = must(
            "augmentPublicKey256",
            (|| -> Outcome<Value> {
                let sum = public_key(at(case, "master.publicKey"))?
                    .augment(&public_key(at(case, "server.publicKey"))?)?;
                Ok(public_key_json(&sum))
            })(),
        )?;
        check_eq(
            "masterPublicKey",
            &recorded_master,
            field(case, "masterPublicKey"),
        )?;
        let recorded_augmented = must(
            "augmentTransformKey256",
            (|| -> Outcome<Value> {
                let key = transform_key(field(case, "transformKey"))?;
                Ok(transform_key_json(
                    &key.augment(&private_key(at(case, "server.privateKey"))?)?,
                ))
            })(),
        )?;
        check_eq(
            "augmentedTransformKey",
            &recorded_augmented,
            field(case, "augmentedTransformKey"),
        )?;
        let decrypted = must(
            "decrypt",
            decrypt_json(field(case, "transformed"), at(case, "device.privateKey")),
        )?;
        check_eq("decrypted", &decrypted, field(case, "decrypted"))?;
        for (i, other) in list(case, "otherDecryptions").iter().enumerate() {
            // The label starts with the name of the value decrypted: "<value> with <key>".
            let label = text(other, "label");
            let value_name = label.split(" with ").next().expect("label");
            let outcome = decrypt_json(field(case, value_name), field(other, "privateKey"));
            check_outcome(other, "result", outcome)
                .map_err(|e| format!("otherDecryptions[{i}] ({label}): {e}"))?;
        }
        Ok(())
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// negative.json

/// The case's call with its parameters converted in the peer's order; random methods run on a
/// fresh instance seeded with the case's `rngSeed`.
fn negative_call(case: &Value) -> Outcome<Value> {
    let param = |name: &str| {
        at(case, "params")
            .get(name)
            .unwrap_or_else(|| panic!("no param {name}"))
    };
    match text(case, "method") {
        "decrypt" => decrypt_json(param("encryptedValue"), param("privateKey")),
        "transform" => {
            let value = encrypted_value(param("encryptedValue"))?;
            let key = transform_key(param("transformKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(encrypted_value_json(
                &seeded_api(case).transform(&value, &key, &signing)?,
            ))
        }
        "encrypt" => {
            let plaintext = plaintext(param("plaintext"))?;
            let to = public_key(param("toPublicKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(encrypted_value_json(
                &seeded_api(case).encrypt(&plaintext, &to, &signing)?,
            ))
        }
        "generateTransformKey" => {
            let from = private_key(param("fromPrivateKey"))?;
            let to = public_key(param("toPublicKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(transform_key_json(
                &seeded_api(case).generate_transform_key(&from, &to, &signing)?,
            ))
        }
        "transformKeyToBytes256" => Ok(hex_json(&transform_key(param("transformKey"))?.to_bytes())),
        "augmentTransformKey256" => {
            let key = transform_key(param("transformKey"))?;
            let augmenting = private_key(param("privateKey"))?;
            Ok(transform_key_json(&key.augment(&augmenting)?))
        }
        method => panic!("unknown method {method:?}"),
    }
}

/// The follow-up decrypts of a successful transform or encrypt, on the recorded result.
fn check_then(case: &Value, bases: &Value) -> Result<(), String> {
    let steps = case
        .get("then")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let sent_plaintext = match text(case, "method") {
        "encrypt" => at(case, "params.plaintext"),
        _ => field(bases, "plaintext"),
    };
    for (i, step) in steps.iter().enumerate() {
        let holder = text(step, "privateKeyOf");
        let context = |e: String| format!("then[{i}] (decrypt with {holder}): {e}");
        ensure(text(step, "method") == "decrypt", || {
            format!("unknown method {}", text(step, "method"))
        })
        .map_err(context)?;
        let key = field(field(field(bases, "keys"), holder), "privateKey");
        check_outcome(step, "result", decrypt_json(field(case, "result"), key)).map_err(context)?;
        check_plaintext_matches(step, sent_plaintext).map_err(context)?;
    }
    Ok(())
}

/// The valid objects the cases start from, replayed on `bases.rngSeed`.
#[test]
fn negative_bases() {
    let file = load_vectors("negative.json");
    let mut report = Report::new("negative.json bases");
    report.case("bases", || {
        let bases = field(&file, "bases");
        let mut api = seeded_api(bases);
        let keys = gen_key_pairs(&mut api, 4)?;
        let [a, b, c, x] = [&keys[0], &keys[1], &keys[2], &keys[3]];
        let signing = gen_signing(&mut api, 4)?;
        let [sign_encrypt, sign_key, sign_proxy, sign_other] =
            [&signing[0], &signing[1], &signing[2], &signing[3]];
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let mut transform_key = |from: &(PrivateKey, PublicKey), to: &(PrivateKey, PublicKey)| {
            must(
                "generateTransformKey",
                api.generate_transform_key(&from.0, &to.1, sign_key),
            )
        };
        let ab = transform_key(a, b)?;
        let bc = transform_key(b, c)?;
        let xb = transform_key(x, b)?;
        let ax = transform_key(a, x)?;
        // keys.N is not generated: its private key is recorded, its public key computed.
        check_key_pair_consistent(at(bases, "keys.N"))?;
        let n_public = must("keys.N", public_key(at(bases, "keys.N.publicKey")))?;
        let ev0 = must("encrypt", api.encrypt(&plaintext, &a.1, sign_encrypt))?;
        let ev0n = must("encrypt", api.encrypt(&plaintext, &n_public, sign_encrypt))?;
        let ev1 = must("transform", api.transform(&ev0, &ab, sign_proxy))?;
        let ev2 = must("transform", api.transform(&ev1, &bc, sign_proxy))?;
        let replayed = json!({
            "keys": {
                "A": key_pair_json(&a.0, &a.1), "B": key_pair_json(&b.0, &b.1),
                "C": key_pair_json(&c.0, &c.1), "X": key_pair_json(&x.0, &x.1),
                "N": at(bases, "keys.N").clone(),
            },
            "signing": {
                "encrypt": signing_key_pair_json(sign_encrypt),
                "transformKey": signing_key_pair_json(sign_key),
                "proxy": signing_key_pair_json(sign_proxy),
                "other": signing_key_pair_json(sign_other),
            },
            "plaintext": hex_json(&plaintext.to_bytes()),
            "transformKeys": {
                "AB": transform_key_json(&ab), "BC": transform_key_json(&bc),
                "XB": transform_key_json(&xb), "AX": transform_key_json(&ax),
            },
            "encryptedValues": {
                "ev0": encrypted_value_json(&ev0), "ev0N": encrypted_value_json(&ev0n),
                "ev1": encrypted_value_json(&ev1), "ev2": encrypted_value_json(&ev2),
            },
        });
        let names = [
            "keys",
            "signing",
            "plaintext",
            "transformKeys",
            "encryptedValues",
        ];
        check_eq("replay", &replayed, &project(bases, &names))
    });
    report.finish();
}

#[test]
fn negative() {
    let file = load_vectors("negative.json");
    let bases = field(&file, "bases");
    let mut report = Report::new("negative.json cases");
    report.each(list(&file, "cases"), |case| {
        check_outcome(case, "result", negative_call(case))?;
        check_plaintext_matches(case, field(bases, "plaintext"))?;
        check_then(case, bases)
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// meta.json

/// Every list of every file, and the test that checks it.
const COVERED: &[(&str, &str, &str)] = &[
    ("plaintexts.json", "cases", "plaintexts"),
    ("keypairs.json", "cases", "keypairs"),
    ("ed25519.json", "keypairs", "ed25519_keypairs"),
    (
        "ed25519.json",
        "computePublicKey",
        "ed25519_compute_public_key",
    ),
    ("ed25519.json", "sign", "ed25519_sign"),
    ("ed25519.json", "verify", "ed25519_verify_cases"),
    ("hash.json", "hash256", "hash256_cases"),
    ("hash.json", "deriveSymmetricKey", "derive_symmetric_key"),
    ("encrypt.json", "cases", "encrypt"),
    ("transform-keys.json", "cases", "transform_keys"),
    ("transform-chains.json", "level1", "transform_chains_level1"),
    ("transform-chains.json", "level2", "transform_chains_level2"),
    ("transform-chains.json", "level3", "transform_chains_level3"),
    ("schnorr.json", "sign", "schnorr_sign"),
    ("schnorr.json", "verify", "schnorr_verify_cases"),
    ("schnorr.json", "augmented", "schnorr_augmented"),
    ("augment.json", "addPrivateKeys", "add_private_keys_cases"),
    (
        "augment.json",
        "subtractPrivateKeys",
        "subtract_private_keys_cases",
    ),
    ("augment.json", "augmentPublicKey256", "augment_public_key"),
    (
        "augment.json",
        "augmentTransformKey256",
        "augment_transform_key",
    ),
    (
        "negative.json",
        "cases",
        "negative (and negative_bases for `bases`)",
    ),
];

/// meta.json lists exactly the lists checked above, with the number of entries each file holds.
#[test]
fn meta_lists_are_all_covered() {
    let meta = load_vectors("meta.json");
    let mut report = Report::new("meta.json files");
    let files = field(&meta, "files").as_object().expect("files");
    for (file_name, lists) in files {
        let file = load_vectors(file_name);
        for (list_name, count) in lists.as_object().expect("list counts") {
            report.case(&format!("{file_name} {list_name}"), || {
                ensure(
                    COVERED
                        .iter()
                        .any(|&(f, l, _)| (f, l) == (file_name, list_name)),
                    || "no test checks this list".to_string(),
                )?;
                let len = list(&file, list_name).len() as u64;
                ensure(Some(len) == count.as_u64(), || {
                    format!("{len} entries, meta.json says {count}")
                })
            });
        }
    }
    for &(file_name, list_name, test) in COVERED {
        report.case(test, || {
            ensure(
                files
                    .get(file_name)
                    .and_then(|l| l.get(list_name))
                    .is_some(),
                || format!("{file_name} {list_name} is not in meta.json"),
            )
        });
    }
    report.finish();
}
