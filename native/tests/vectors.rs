//! Byte compatibility with IronCore's builds: every case of every list in both vector sets,
//! `tests/vectors/api256/*.json` (recorded from `@ironcorelabs/recrypt-wasm-binding` 0.7.1) and
//! `tests/vectors/api480/*.json` (recorded from recrypt 0.15.0's `Recrypt480`); schema in
//! `tests/vectors/README.md`. Set `RECRYPT_VECTORS_DIR` (api256) or `RECRYPT_VECTORS_480_DIR`
//! (api480) to check another copy.
//!
//! Each check is written once, generic over the set's curve, and run for both sets by the
//! `api256` and `api480` test modules at the end (`ed25519.json` exists for api256 only: Api480
//! uses the same Ed25519). Each test runs every case of one list, collects the failing case ids
//! and fails at the end with all of them (run with `--nocapture` to see the number of cases
//! checked).
//!
//! * A `result` must equal ours byte for byte (compared as JSON, hex strings included).
//! * An `error` must be the same class of error, by this mapping ([`expected_failure`]):
//!
//!   | vectors: `errorKind`, `error`                        | ours                                |
//!   |------------------------------------------------------|-------------------------------------|
//!   | `panic`, "unreachable" (a wrong-length byte string)  | `Failure::WrongLength` (conversion) |
//!   | `recrypt`, "The input value was the wrong size..."   | `Failure::WrongLength` (api480)     |
//!   | `recrypt`, "The key pair provided was of an invalid length..." | `Failure::WrongLength` (api480) |
//!   | `recrypt`, "The public key was not valid..."         | `InvalidPublicKey`                  |
//!   | `recrypt`, "The signature of the encrypted value..." | `InvalidEncryptedMessageSignature`  |
//!   | `recrypt`, "The transform key signature was..."      | `InvalidTransformKey`               |
//!   | `recrypt`, "The decryption failed..."                | `DecryptFailed`                     |
//!   | `recrypt`, "The bytes could not be decoded..."       | `DecodeFailure`                     |
//!   | `recrypt`, "The signing public key provided..."      | `InvalidSigningKeyPair`             |
//!
//!   (`Failure::WrongLength` is what our C ABI reports as INVALID_LENGTH; the others are
//!   `Error` variants.) Any other `errorKind` or message fails the case.
//!
//!   The conversion layer (`common`) converts parameters in the peer's order, so the first
//!   failing parameter or field decides the class, as it does for the peer.
//! * Cases with an `rngSeed` are replayed on `Recrypt::new(CompatibleRng::from_seed(seed))`, making
//!   the random calls in the order the README lists for the file (`generateEd25519KeyPair` is
//!   `generate_signing_key_pair`); every random output must equal the recorded bytes.
//!   Deterministic checks (decrypt, verify, augment, ...) use the recorded inputs, so they hold
//!   for the peer's values independently of the replay.

mod common;

use common::*;
use recrypt_ffi::api::common::{
    add_private_keys, compute_public_key, decrypt, schnorr_verify, subtract_private_keys, Error,
    Plaintext, PrivateKey, PublicKey, Recrypt, Sizes,
};
use recrypt_ffi::api::signing::{ed25519_verify, hash256, SigningKeyPair};
use recrypt_ffi::field::ByteArray;
use recrypt_ffi::params::{Bn256, Bn480};

// The suites name the curves as `super::Bn256`; keep both imports used in every build.
const _: (Bn256, Bn480) = (Bn256, Bn480);
use recrypt_ffi::rng::CompatibleRng;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Outcomes

/// recrypt's error messages (by prefix) and our failures.
const RECRYPT_ERRORS: &[(&str, Failure)] = &[
    // recrypt 0.15.0's `new_from_slice` constructors (the api480 set); the wasm build panics.
    ("The input value was the wrong size.", Failure::WrongLength),
    (
        "The key pair provided was of an invalid length.",
        Failure::WrongLength,
    ),
    (
        "The public key was not valid.",
        Failure::Scheme(Error::InvalidPublicKey),
    ),
    (
        "The signature of the encrypted value could not be verified.",
        Failure::Scheme(Error::InvalidEncryptedMessageSignature),
    ),
    (
        "The transform key signature was incorrect.",
        Failure::Scheme(Error::InvalidTransformKey),
    ),
    (
        "The decryption failed.",
        Failure::Scheme(Error::DecryptFailed),
    ),
    (
        "The bytes could not be decoded",
        Failure::Scheme(Error::DecodeFailure),
    ),
    (
        "The signing public key provided was invalid.",
        Failure::Scheme(Error::InvalidSigningKeyPair),
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
            .map(|&(_, failure)| failure)
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

fn decrypt_json<C: VectorSet>(value: &Value, key: &Value) -> Outcome<Value> {
    let value = encrypted_value::<C>(value)?;
    let key = private_key(key)?;
    Ok(hex_json(decrypt(&value, &key)?.to_bytes().as_ref()))
}

// ---------------------------------------------------------------------------------------------
// Replaying random calls

type SeededApi<C> = Recrypt<C, CompatibleRng>;
type KeyPair<C> = (PrivateKey<C>, PublicKey<C>);

fn gen_key_pair<C: VectorSet>(api: &mut SeededApi<C>) -> Result<KeyPair<C>, String> {
    must("generateKeyPair", api.generate_key_pair())
}

fn gen_key_pairs<C: VectorSet>(
    api: &mut SeededApi<C>,
    n: usize,
) -> Result<Vec<KeyPair<C>>, String> {
    (0..n).map(|_| gen_key_pair(api)).collect()
}

fn gen_signing<C: VectorSet>(
    api: &mut SeededApi<C>,
    n: usize,
) -> Result<Vec<SigningKeyPair>, String> {
    (0..n)
        .map(|_| must("generateEd25519KeyPair", api.generate_signing_key_pair()))
        .collect()
}

fn key_pairs_json<C: VectorSet>(pairs: &[KeyPair<C>]) -> Value {
    pairs.iter().map(|(k, p)| key_pair_json(k, p)).collect()
}

fn signing_list_json(pairs: &[SigningKeyPair]) -> Value {
    pairs.iter().map(signing_key_pair_json).collect()
}

/// A recorded key pair whose public key is compute_public_key of its private key.
fn check_key_pair_consistent<C: VectorSet>(pair: &Value) -> Result<(), String> {
    let key = must("privateKey", private_key::<C>(field(pair, "privateKey")))?;
    let public = must("computePublicKey", compute_public_key(&key))?;
    check_eq(
        "computePublicKey",
        &public_key_json(&public),
        field(pair, "publicKey"),
    )
}

// ---------------------------------------------------------------------------------------------
// plaintexts.json

fn plaintexts<C: VectorSet>() {
    let file = load_vectors::<C>("plaintexts.json");
    let mut report = Report::new("plaintexts.json cases");
    report.each(list(&file, "cases"), |case| {
        let plaintext = must(
            "generatePlaintext",
            seeded_api::<C>(case).generate_plaintext(),
        )?;
        check_bytes(
            "plaintext",
            plaintext.to_bytes().as_ref(),
            field(case, "plaintext"),
        )
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// keypairs.json

fn keypairs<C: VectorSet>() {
    let file = load_vectors::<C>("keypairs.json");
    let mut report = Report::new("keypairs.json cases");
    report.each(list(&file, "cases"), |case| {
        if case.get("rngSeed").is_some() {
            let (key, public) = gen_key_pair(&mut seeded_api::<C>(case))?;
            check_eq(
                "generateKeyPair",
                &key_pair_json(&key, &public),
                &project(case, &["privateKey", "publicKey"]),
            )?;
        }
        let compute = |key: &Value| -> Outcome<Value> {
            Ok(public_key_json(&compute_public_key(&private_key::<C>(
                key,
            )?)?))
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
    let file = load_vectors::<Bn256>("ed25519.json");
    let mut report = Report::new("ed25519.json keypairs");
    report.each(list(&file, "keypairs"), |case| {
        if case.get("rngSeed").is_some() {
            let pair = must(
                "generateEd25519KeyPair",
                seeded_api::<Bn256>(case).generate_signing_key_pair(),
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
    let file = load_vectors::<Bn256>("ed25519.json");
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
    let file = load_vectors::<Bn256>("ed25519.json");
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
    let file = load_vectors::<Bn256>("ed25519.json");
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

fn hash256_cases<C: VectorSet>() {
    let file = load_vectors::<C>("hash.json");
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

fn derive_symmetric_key<C: VectorSet>() {
    let file = load_vectors::<C>("hash.json");
    let mut report = Report::new("hash.json deriveSymmetricKey");
    report.each(list(&file, "deriveSymmetricKey"), |case| {
        if case.get("rngSeed").is_some() {
            let plaintext = must(
                "generatePlaintext",
                seeded_api::<C>(case).generate_plaintext(),
            )?;
            check_bytes(
                "generatePlaintext",
                plaintext.to_bytes().as_ref(),
                field(case, "plaintext"),
            )?;
        }
        let input = field(case, "plaintext");
        let derived = plaintext::<C>(input).map(|p| hex_json(&p.derive_symmetric_key()));
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

/// derivePrivateKey (api480 only: the npm build does not expose it): a generated or constructed
/// plaintext, and the private key derived from it (spec A.4).
fn derive_private_key<C: VectorSet>() {
    let file = load_vectors::<C>("hash.json");
    let mut report = Report::new("hash.json derivePrivateKey");
    report.each(list(&file, "derivePrivateKey"), |case| {
        if case.get("rngSeed").is_some() {
            let plaintext = must(
                "generatePlaintext",
                seeded_api::<C>(case).generate_plaintext(),
            )?;
            check_bytes(
                "generatePlaintext",
                plaintext.to_bytes().as_ref(),
                field(case, "plaintext"),
            )?;
        }
        let derived = plaintext::<C>(field(case, "plaintext"))
            .map(|p| hex_json(p.derive_private_key().to_bytes().as_ref()));
        check_outcome(case, "result", derived)
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// encrypt.json

fn encrypt<C: VectorSet>() {
    let file = load_vectors::<C>("encrypt.json");
    let mut report = Report::new("encrypt.json cases");
    report.each(list(&file, "cases"), |case| {
        let mut api = seeded_api::<C>(case);
        let (key, public) = gen_key_pair(&mut api)?;
        let signing = gen_signing(&mut api, 1)?.remove(0);
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let value = must("encrypt", api.encrypt(&plaintext, &public, &signing))?;
        let replayed = json!({
            "recipient": key_pair_json(&key, &public),
            "signing": signing_key_pair_json(&signing),
            "plaintext": hex_json(plaintext.to_bytes().as_ref()),
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

        let decrypted = decrypt_json::<C>(
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

fn transform_keys<C: VectorSet>() {
    let file = load_vectors::<C>("transform-keys.json");
    let mut report = Report::new("transform-keys.json cases");
    report.each(list(&file, "cases"), |case| {
        let mut api = seeded_api::<C>(case);
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

        let recorded = must(
            "transformKey",
            transform_key::<C>(field(case, "transformKey")),
        )?;
        ensure(recorded.verify_signature(), || {
            "the recorded signature does not verify".into()
        })?;
        check_bytes(
            &format!("transformKeyToBytes{}", C::SUFFIX),
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
fn check_chain<C: VectorSet>(case: &Value) -> Result<(), String> {
    let n = field(case, "level").as_u64().expect("level") as usize;
    let mut api = seeded_api::<C>(case);
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
        "plaintext": hex_json(plaintext.to_bytes().as_ref()),
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
        let decrypted = decrypt_json::<C>(value, field(&recorded_keys[i], "privateKey"));
        check_eq(
            &format!("decrypted[{i}]"),
            &must("decrypt", decrypted)?,
            &list(case, "decrypted")[i],
        )?;
    }
    Ok(())
}

fn chains<C: VectorSet>(level: &str) {
    let file = load_vectors::<C>("transform-chains.json");
    let mut report = Report::new(&format!("transform-chains.json {level}"));
    report.each(list(&file, level), check_chain::<C>);
    report.finish();
}

fn transform_chains_level1<C: VectorSet>() {
    chains::<C>("level1");
}

fn transform_chains_level2<C: VectorSet>() {
    chains::<C>("level2");
}

fn transform_chains_level3<C: VectorSet>() {
    chains::<C>("level3");
}

// ---------------------------------------------------------------------------------------------
// schnorr.json

/// schnorrVerify(publicKey, augmentedPrivateKey or null, message, signature), converted in order.
fn schnorr_verify_json<C: VectorSet>(
    public: &Value,
    augmenting: &Value,
    message: &Value,
    signature: &Value,
) -> Outcome<Value> {
    let public = public_key::<C>(public)?;
    let augmenting = if augmenting.is_null() {
        None
    } else {
        Some(private_key(augmenting)?)
    };
    let message = bytes(message);
    let signature = array(signature)?;
    Ok(Value::Bool(schnorr_verify(
        &public,
        augmenting.as_ref(),
        &message,
        &signature,
    )))
}

fn schnorr_sign<C: VectorSet>() {
    let file = load_vectors::<C>("schnorr.json");
    let mut report = Report::new("schnorr.json sign");
    report.each(list(&file, "sign"), |case| {
        let mut api = seeded_api::<C>(case);
        let (key, public) = gen_key_pair(&mut api)?;
        let message = bytes(field(case, "message"));
        let signature = must("schnorrSign", api.schnorr_sign(&key, &public, &message))?;
        let replayed = json!({
            "keypair": key_pair_json(&key, &public),
            "signature": hex_json(signature.as_ref()),
        });
        check_eq(
            "replay",
            &replayed,
            &project(case, &["keypair", "signature"]),
        )?;

        let verified = schnorr_verify_json::<C>(
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

fn schnorr_verify_cases<C: VectorSet>() {
    let file = load_vectors::<C>("schnorr.json");
    let mut report = Report::new("schnorr.json verify");
    report.each(list(&file, "verify"), |case| {
        let [public, augmenting, message, signature] =
            ["publicKey", "augmentedPrivateKey", "message", "signature"].map(|n| field(case, n));
        check_outcome(
            case,
            "result",
            schnorr_verify_json::<C>(public, augmenting, message, signature),
        )
    });
    report.finish();
}

fn schnorr_augmented<C: VectorSet>() {
    let file = load_vectors::<C>("schnorr.json");
    let mut report = Report::new("schnorr.json augmented");
    report.each(list(&file, "augmented"), |case| {
        let mut api = seeded_api::<C>(case);
        let users = gen_key_pairs(&mut api, 2)?;
        let ((user_key, user_public), (server_key, server_public)) = (&users[0], &users[1]);
        let augmented_public = must("augmentPublicKey", user_public.augment(server_public))?;
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
            "augmentedPrivateKey": hex_json(augmented_key.to_bytes().as_ref()),
            "signatureByUser": hex_json(by_user.as_ref()),
            "signatureByAugmented": hex_json(by_augmented.as_ref()),
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
            let outcome = schnorr_verify_json::<C>(
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

fn private_key_arithmetic<C: VectorSet>(
    list_name: &str,
    op: fn(&PrivateKey<C>, &PrivateKey<C>) -> PrivateKey<C>,
) {
    let file = load_vectors::<C>("augment.json");
    let mut report = Report::new(&format!("augment.json {list_name}"));
    report.each(list(&file, list_name), |case| {
        let actual = (|| -> Outcome<Value> {
            let a = private_key(field(case, "privateKeyA"))?;
            let b = private_key(field(case, "privateKeyB"))?;
            Ok(hex_json(op(&a, &b).to_bytes().as_ref()))
        })();
        check_outcome(case, "result", actual)
    });
    report.finish();
}

fn add_private_keys_cases<C: VectorSet>() {
    private_key_arithmetic::<C>("addPrivateKeys", add_private_keys);
}

fn subtract_private_keys_cases<C: VectorSet>() {
    private_key_arithmetic::<C>("subtractPrivateKeys", subtract_private_keys);
}

fn augment_public_key<C: VectorSet>() {
    let file = load_vectors::<C>("augment.json");
    let name = format!("augmentPublicKey{}", C::SUFFIX);
    let mut report = Report::new(&format!("augment.json {name}"));
    report.each(list(&file, &name), |case| {
        let actual = (|| -> Outcome<Value> {
            let current = public_key::<C>(field(case, "currentPublicKey"))?;
            let other = public_key(field(case, "otherPublicKey"))?;
            Ok(public_key_json(&current.augment(&other)?))
        })();
        check_outcome(case, "result", actual)
    });
    report.finish();
}

fn augment_transform_key<C: VectorSet>() {
    let file = load_vectors::<C>("augment.json");
    let name = format!("augmentTransformKey{}", C::SUFFIX);
    let mut report = Report::new(&format!("augment.json {name}"));
    report.each(list(&file, &name), |case| {
        let mut api = seeded_api::<C>(case);
        let signing = gen_signing(&mut api, 1)?.remove(0);
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let keys = gen_key_pairs(&mut api, 3)?;
        let [(master_key, master), (device_key, device), (server_key, server)] =
            [&keys[0], &keys[1], &keys[2]];
        let master_public = must("augmentPublicKey", master.augment(server))?;
        let value = must("encrypt", api.encrypt(&plaintext, &master_public, &signing))?;
        let key = must(
            "generateTransformKey",
            api.generate_transform_key(master_key, device, &signing),
        )?;
        let augmented = must("augmentTransformKey", key.augment(server_key))?;
        let transformed = must("transform", api.transform(&value, &augmented, &signing))?;
        let unaugmented = must("transform", api.transform(&value, &key, &signing))?;
        let replayed = json!({
            "signing": signing_key_pair_json(&signing),
            "plaintext": hex_json(plaintext.to_bytes().as_ref()),
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
            "augmentPublicKey",
            (|| -> Outcome<Value> {
                let sum = public_key::<C>(at(case, "master.publicKey"))?
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
            "augmentTransformKey",
            (|| -> Outcome<Value> {
                let key = transform_key::<C>(field(case, "transformKey"))?;
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
            decrypt_json::<C>(field(case, "transformed"), at(case, "device.privateKey")),
        )?;
        check_eq("decrypted", &decrypted, field(case, "decrypted"))?;
        for (i, other) in list(case, "otherDecryptions").iter().enumerate() {
            // The label starts with the name of the value decrypted: "<value> with <key>".
            let label = text(other, "label");
            let value_name = label.split(" with ").next().expect("label");
            let outcome = decrypt_json::<C>(field(case, value_name), field(other, "privateKey"));
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
fn negative_call<C: VectorSet>(case: &Value) -> Outcome<Value> {
    let param = |name: &str| {
        at(case, "params")
            .get(name)
            .unwrap_or_else(|| panic!("no param {name}"))
    };
    match text(case, "method") {
        "decrypt" => decrypt_json::<C>(param("encryptedValue"), param("privateKey")),
        "transform" => {
            let value = encrypted_value::<C>(param("encryptedValue"))?;
            let key = transform_key(param("transformKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(encrypted_value_json(
                &seeded_api::<C>(case).transform(&value, &key, &signing)?,
            ))
        }
        "encrypt" => {
            let plaintext = plaintext::<C>(param("plaintext"))?;
            let to = public_key(param("toPublicKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(encrypted_value_json(
                &seeded_api::<C>(case).encrypt(&plaintext, &to, &signing)?,
            ))
        }
        "generateTransformKey" => {
            let from = private_key::<C>(param("fromPrivateKey"))?;
            let to = public_key(param("toPublicKey"))?;
            let signing = signing_key_pair(param("privateSigningKey"))?;
            Ok(transform_key_json(
                &seeded_api::<C>(case).generate_transform_key(&from, &to, &signing)?,
            ))
        }
        method if method == format!("transformKeyToBytes{}", C::SUFFIX) => Ok(hex_json(
            &transform_key::<C>(param("transformKey"))?.to_bytes(),
        )),
        method if method == format!("augmentTransformKey{}", C::SUFFIX) => {
            let key = transform_key::<C>(param("transformKey"))?;
            let augmenting = private_key(param("privateKey"))?;
            Ok(transform_key_json(&key.augment(&augmenting)?))
        }
        method => panic!("unknown method {method:?}"),
    }
}

/// The plaintext a case's `plaintextMatches` compares with: the encrypt case's own, the all-zero
/// plaintext for the api480 cases on `ev0Z` (their description says so), else `bases.plaintext`.
fn expected_plaintext<C: VectorSet>(case: &Value, bases: &Value) -> Value {
    let on_ev0z = case
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| d.contains("ev0Z"));
    match text(case, "method") {
        "encrypt" => at(case, "params.plaintext").clone(),
        _ if on_ev0z => hex_json(&vec![0u8; Sizes::<C>::PLAINTEXT]),
        _ => field(bases, "plaintext").clone(),
    }
}

/// The follow-up decrypts of a successful transform or encrypt, on the recorded result.
fn check_then<C: VectorSet>(case: &Value, bases: &Value) -> Result<(), String> {
    let steps = case
        .get("then")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let sent_plaintext = &expected_plaintext::<C>(case, bases);
    for (i, step) in steps.iter().enumerate() {
        let holder = text(step, "privateKeyOf");
        let context = |e: String| format!("then[{i}] (decrypt with {holder}): {e}");
        ensure(text(step, "method") == "decrypt", || {
            format!("unknown method {}", text(step, "method"))
        })
        .map_err(context)?;
        let key = field(field(field(bases, "keys"), holder), "privateKey");
        check_outcome(
            step,
            "result",
            decrypt_json::<C>(field(case, "result"), key),
        )
        .map_err(context)?;
        check_plaintext_matches(step, sent_plaintext).map_err(context)?;
    }
    Ok(())
}

/// The valid objects the cases start from, replayed on `bases.rngSeed`. The api480 set has more
/// of them (README, negative.json): a key S whose x has room for + p, a transform key A -> S, an
/// encryption of the all-zero plaintext (ev0Z) and one with a small ephemeral coordinate (ev0S,
/// on its own seed).
fn negative_bases<C: VectorSet>() {
    let file = load_vectors::<C>("negative.json");
    let mut report = Report::new("negative.json bases");
    report.case("bases", || {
        let bases = field(&file, "bases");
        let extended = at(bases, "keys").get("S").is_some();
        let mut api = seeded_api::<C>(bases);
        let keys = gen_key_pairs(&mut api, 4)?;
        let [a, b, c, x] = [&keys[0], &keys[1], &keys[2], &keys[3]];
        let signing = gen_signing(&mut api, 4)?;
        let [sign_encrypt, sign_key, sign_proxy, sign_other] =
            [&signing[0], &signing[1], &signing[2], &signing[3]];
        let plaintext = must("generatePlaintext", api.generate_plaintext())?;
        let mut transform_key = |from: &PrivateKey<C>, to: &PublicKey<C>| {
            must(
                "generateTransformKey",
                api.generate_transform_key(from, to, sign_key),
            )
        };
        let ab = transform_key(&a.0, &b.1)?;
        let bc = transform_key(&b.0, &c.1)?;
        let xb = transform_key(&x.0, &b.1)?;
        let ax = transform_key(&a.0, &x.1)?;
        // keys.N (and keys.S) are not generated: their private keys are recorded, their public
        // keys computed.
        let recorded_key = |name: &str| -> Result<PublicKey<C>, String> {
            let pair = at(at(bases, "keys"), name);
            check_key_pair_consistent::<C>(pair)?;
            must(name, public_key(field(pair, "publicKey")))
        };
        let n_public = recorded_key("N")?;
        let mut transform_keys = json!({
            "AB": transform_key_json(&ab), "BC": transform_key_json(&bc),
            "XB": transform_key_json(&xb), "AX": transform_key_json(&ax),
        });
        if extended {
            let s_public = recorded_key("S")?;
            transform_keys["AS"] = transform_key_json(&transform_key(&a.0, &s_public)?);
        }
        let ev0 = must("encrypt", api.encrypt(&plaintext, &a.1, sign_encrypt))?;
        let ev0n = must("encrypt", api.encrypt(&plaintext, &n_public, sign_encrypt))?;
        let mut encrypted_values = json!({
            "ev0": encrypted_value_json(&ev0), "ev0N": encrypted_value_json(&ev0n),
        });
        if extended {
            let zero = Plaintext::<C>::from_bytes(&ByteArray::zeroed());
            let ev0z = must("encrypt", api.encrypt(&zero, &a.1, sign_encrypt))?;
            encrypted_values["ev0Z"] = encrypted_value_json(&ev0z);
        }
        let ev1 = must("transform", api.transform(&ev0, &ab, sign_proxy))?;
        let ev2 = must("transform", api.transform(&ev1, &bc, sign_proxy))?;
        encrypted_values["ev1"] = encrypted_value_json(&ev1);
        encrypted_values["ev2"] = encrypted_value_json(&ev2);
        if extended {
            let seed = json!({ "rngSeed": field(bases, "ev0SRngSeed") });
            let ev0s = must(
                "encrypt",
                seeded_api::<C>(&seed).encrypt(&plaintext, &a.1, sign_encrypt),
            )?;
            encrypted_values["ev0S"] = encrypted_value_json(&ev0s);
        }
        let mut keys = json!({
            "A": key_pair_json(&a.0, &a.1), "B": key_pair_json(&b.0, &b.1),
            "C": key_pair_json(&c.0, &c.1), "X": key_pair_json(&x.0, &x.1),
            "N": at(bases, "keys.N").clone(),
        });
        if extended {
            keys["S"] = at(bases, "keys.S").clone();
        }
        let replayed = json!({
            "keys": keys,
            "signing": {
                "encrypt": signing_key_pair_json(sign_encrypt),
                "transformKey": signing_key_pair_json(sign_key),
                "proxy": signing_key_pair_json(sign_proxy),
                "other": signing_key_pair_json(sign_other),
            },
            "plaintext": hex_json(plaintext.to_bytes().as_ref()),
            "transformKeys": transform_keys,
            "encryptedValues": encrypted_values,
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

fn negative<C: VectorSet>() {
    let file = load_vectors::<C>("negative.json");
    let bases = field(&file, "bases");
    let mut report = Report::new("negative.json cases");
    report.each(list(&file, "cases"), |case| {
        check_outcome(case, "result", negative_call::<C>(case))?;
        check_plaintext_matches(case, &expected_plaintext::<C>(case, bases))?;
        check_then::<C>(case, bases)
    });
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// meta.json

/// Every list of every file of the set `C`, and the test that checks it.
fn covered<C: VectorSet>() -> Vec<(&'static str, String, &'static str)> {
    let suffixed = |name: &str| format!("{name}{}", C::SUFFIX);
    let mut lists = vec![
        ("plaintexts.json", "cases".into(), "plaintexts"),
        ("keypairs.json", "cases".into(), "keypairs"),
        ("hash.json", "hash256".into(), "hash256_cases"),
        (
            "hash.json",
            "deriveSymmetricKey".into(),
            "derive_symmetric_key",
        ),
        ("encrypt.json", "cases".into(), "encrypt"),
        ("transform-keys.json", "cases".into(), "transform_keys"),
        (
            "transform-chains.json",
            "level1".into(),
            "transform_chains_level1",
        ),
        (
            "transform-chains.json",
            "level2".into(),
            "transform_chains_level2",
        ),
        (
            "transform-chains.json",
            "level3".into(),
            "transform_chains_level3",
        ),
        ("schnorr.json", "sign".into(), "schnorr_sign"),
        ("schnorr.json", "verify".into(), "schnorr_verify_cases"),
        ("schnorr.json", "augmented".into(), "schnorr_augmented"),
        (
            "augment.json",
            "addPrivateKeys".into(),
            "add_private_keys_cases",
        ),
        (
            "augment.json",
            "subtractPrivateKeys".into(),
            "subtract_private_keys_cases",
        ),
        (
            "augment.json",
            suffixed("augmentPublicKey"),
            "augment_public_key",
        ),
        (
            "augment.json",
            suffixed("augmentTransformKey"),
            "augment_transform_key",
        ),
        (
            "negative.json",
            "cases".into(),
            "negative (and negative_bases for `bases`)",
        ),
    ];
    if C::SUFFIX == "256" {
        lists.extend([
            ("ed25519.json", "keypairs".into(), "ed25519_keypairs"),
            (
                "ed25519.json",
                "computePublicKey".into(),
                "ed25519_compute_public_key",
            ),
            ("ed25519.json", "sign".into(), "ed25519_sign"),
            ("ed25519.json", "verify".into(), "ed25519_verify_cases"),
        ]);
    } else {
        lists.push(("hash.json", "derivePrivateKey".into(), "derive_private_key"));
    }
    lists
}

/// meta.json lists exactly the lists checked above, with the number of entries each file holds.
fn meta_lists_are_all_covered<C: VectorSet>() {
    let meta = load_vectors::<C>("meta.json");
    let covered = covered::<C>();
    let mut report = Report::new("meta.json files");
    let files = field(&meta, "files").as_object().expect("files");
    for (file_name, lists) in files {
        let file = load_vectors::<C>(file_name);
        for (list_name, count) in lists.as_object().expect("list counts") {
            report.case(&format!("{file_name} {list_name}"), || {
                ensure(
                    covered.iter().any(|(f, l, _)| {
                        (*f, l.as_str()) == (file_name.as_str(), list_name.as_str())
                    }),
                    || "no test checks this list".to_string(),
                )?;
                let len = list(&file, list_name).len() as u64;
                ensure(Some(len) == count.as_u64(), || {
                    format!("{len} entries, meta.json says {count}")
                })
            });
        }
    }
    for (file_name, list_name, test) in &covered {
        report.case(test, || {
            ensure(
                files
                    .get(*file_name)
                    .and_then(|l| l.get(list_name.as_str()))
                    .is_some(),
                || format!("{file_name} {list_name} is not in meta.json"),
            )
        });
    }
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// The two sets

/// The generic checks above, as tests for one set.
macro_rules! vector_suite {
    ($set:ident, $curve:ty, [$($check:ident),+ $(,)?]) => {
        mod $set {
            $(
                #[test]
                fn $check() {
                    super::$check::<$curve>();
                }
            )+
        }
    };
}

vector_suite!(
    api256,
    super::Bn256,
    [
        plaintexts,
        keypairs,
        hash256_cases,
        derive_symmetric_key,
        encrypt,
        transform_keys,
        transform_chains_level1,
        transform_chains_level2,
        transform_chains_level3,
        schnorr_sign,
        schnorr_verify_cases,
        schnorr_augmented,
        add_private_keys_cases,
        subtract_private_keys_cases,
        augment_public_key,
        augment_transform_key,
        negative_bases,
        negative,
        meta_lists_are_all_covered,
    ]
);

vector_suite!(
    api480,
    super::Bn480,
    [
        plaintexts,
        keypairs,
        hash256_cases,
        derive_symmetric_key,
        derive_private_key,
        encrypt,
        transform_keys,
        transform_chains_level1,
        transform_chains_level2,
        transform_chains_level3,
        schnorr_sign,
        schnorr_verify_cases,
        schnorr_augmented,
        add_private_keys_cases,
        subtract_private_keys_cases,
        augment_public_key,
        augment_transform_key,
        negative_bases,
        negative,
        meta_lists_are_all_covered,
    ]
);
