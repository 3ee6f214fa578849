//! Known answers from `tests/vectors/recrypt-scheme-kat.json` (spec section 9): every entry of
//! its `api256` section, each checked byte for byte. Deterministic cores of randomised operations
//! run either through the public API on a [`Replay`] random source (when the random bytes are
//! known) or through the `api256::kat` hooks (when only the drawn value is known, e.g. a temp key
//! K in G_T); both are the code paths the API itself uses.
//!
//! The file's `api480` section is checked by `kat480.rs`.

mod common;

use common::*;
use recrypt_ffi::api256::{
    self, add_private_keys, compute_public_key, decrypt, ed25519_verify,
    plaintext_from_random_bytes, schnorr_verify, subtract_private_keys, Api256, EncryptedValue,
    HashedValue, Plaintext, PrivateKey, PublicKey, SigningKeyPair, TransformBlock, TransformKey,
};
use recrypt_ffi::curve::{G1_GENERATOR, G2_GENERATOR, HASH_ELEMENT};
use recrypt_ffi::field::{Fp, Fp12, Fr};
use serde_json::{json, Value};

/// The `api256` section.
fn kat() -> Value {
    field(&load_kat(), "api256").clone()
}

/// The entries of a section: the elements of a list, or the section itself.
fn entries(section: &Value) -> Vec<&Value> {
    match section {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    }
}

/// Runs `check` on every entry of `section`, named `section[i]`.
fn check_section(section: &str, check: impl Fn(&Value) -> Result<(), String>) {
    let kat = kat();
    let mut report = Report::new(&format!("kat {section}"));
    for (i, entry) in entries(field(&kat, section)).into_iter().enumerate() {
        report.case(&format!("{section}[{i}]"), || check(entry));
    }
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// The KAT file's shapes: snake_case names, points as one hex string (x || y)

fn kat_private_key(value: &Value) -> PrivateKey {
    PrivateKey::from_bytes(&exact(value))
}

fn kat_public_key(value: &Value) -> PublicKey {
    PublicKey::from_bytes(&exact(value)).expect("a point on the curve")
}

fn kat_plaintext(value: &Value) -> Plaintext {
    Plaintext::from_bytes(&exact(value))
}

fn kat_signing_key_pair(value: &Value) -> SigningKeyPair {
    SigningKeyPair::from_bytes(&exact(value)).expect("a valid Ed25519 key pair")
}

fn kat_fp12(value: &Value) -> Fp12 {
    Fp12::from_bytes_reduced(&exact(value))
}

fn kat_encrypted_value(value: &Value) -> EncryptedValue {
    let block = |b: &Value| TransformBlock {
        public_key: kat_public_key(field(b, "public_key")),
        encrypted_temp_key: kat_fp12(field(b, "encrypted_temp_key")),
        random_transform_public_key: kat_public_key(field(b, "random_transform_public_key")),
        encrypted_random_transform_temp_key: kat_fp12(field(
            b,
            "encrypted_random_transform_temp_key",
        )),
    };
    EncryptedValue {
        ephemeral_public_key: kat_public_key(field(value, "ephemeral_public_key")),
        encrypted_message: exact(field(value, "encrypted_message")),
        auth_hash: exact(field(value, "auth_hash")),
        public_signing_key: exact(field(value, "public_signing_key")),
        signature: exact(field(value, "signature")),
        transform_blocks: list(value, "transform_blocks").iter().map(block).collect(),
    }
}

fn kat_transform_key(value: &Value) -> TransformKey {
    TransformKey {
        ephemeral_public_key: kat_public_key(field(value, "ephemeral_public_key")),
        to_public_key: kat_public_key(field(value, "to_public_key")),
        encrypted_temp_key: kat_fp12(field(value, "encrypted_temp_key")),
        hashed_temp_key: HashedValue::from_bytes(&exact(field(value, "hashed_temp_key")))
            .expect("a point on the twist"),
        public_signing_key: exact(field(value, "public_signing_key")),
        signature: exact(field(value, "signature")),
    }
}

fn point_json(key: &PublicKey) -> Value {
    hex_json(&key.to_bytes())
}

/// An encrypted value as the KAT file writes it, with the bytes its signature covers.
fn encrypted_value_kat_json(value: &EncryptedValue) -> Value {
    let blocks: Vec<Value> = value
        .transform_blocks
        .iter()
        .map(|b| {
            json!({
                "public_key": point_json(&b.public_key),
                "encrypted_temp_key": hex_json(&b.encrypted_temp_key.to_bytes()),
                "random_transform_public_key": point_json(&b.random_transform_public_key),
                "encrypted_random_transform_temp_key":
                    hex_json(&b.encrypted_random_transform_temp_key.to_bytes()),
            })
        })
        .collect();
    json!({
        "ephemeral_public_key": point_json(&value.ephemeral_public_key),
        "encrypted_message": hex_json(&value.encrypted_message),
        "auth_hash": hex_json(&value.auth_hash),
        "transform_blocks": blocks,
        "public_signing_key": hex_json(&value.public_signing_key),
        "signature": hex_json(&value.signature),
        "signed_bytes": hex_json(&api256::kat::encrypted_value_signed_bytes(value)),
    })
}

/// A transform key as the KAT file writes it, with its signed bytes and `to_bytes`.
fn transform_key_kat_json(key: &TransformKey) -> Value {
    json!({
        "ephemeral_public_key": point_json(&key.ephemeral_public_key),
        "to_public_key": point_json(&key.to_public_key),
        "encrypted_temp_key": hex_json(&key.encrypted_temp_key.to_bytes()),
        "hashed_temp_key": hex_json(&key.hashed_temp_key.to_bytes()),
        "public_signing_key": hex_json(&key.public_signing_key),
        "signature": hex_json(&key.signature),
        "signed_bytes": hex_json(&api256::kat::transform_key_signed_bytes(key)),
        "to_bytes": hex_json(&key.to_bytes()),
    })
}

/// The 384-byte concatenation of a list of 32-byte hex values.
fn concat_384(values: &[Value]) -> [u8; 384] {
    values
        .iter()
        .flat_map(bytes)
        .collect::<Vec<u8>>()
        .try_into()
        .expect("12 x 32 bytes")
}

// ---------------------------------------------------------------------------------------------
// Sections

/// The sections checked below; `every_section_is_checked` keeps this list complete.
const SECTIONS: &[&str] = &[
    "params",
    "pairing",
    "compute_public_key",
    "derive_symmetric_key",
    "derive_private_key",
    "gen_plaintext_from_random_bytes",
    "final_exp_of_1_to_12",
    "hash2",
    "ed25519",
    "flow",
    "decrypt_known_value",
    "generate_transform_key_core",
    "schnorr",
    "private_key_arithmetic",
    "augment_public_key",
];

#[test]
fn every_section_is_checked() {
    let kat = kat();
    let present: Vec<&String> = kat.as_object().expect("api256 section").keys().collect();
    let unchecked: Vec<&&String> = present
        .iter()
        .filter(|k| !SECTIONS.contains(&k.as_str()))
        .collect();
    assert!(
        unchecked.is_empty(),
        "sections without a test: {unchecked:?}"
    );
    let missing: Vec<&&str> = SECTIONS.iter().filter(|s| kat.get(**s).is_none()).collect();
    assert!(
        missing.is_empty(),
        "sections no longer in the file: {missing:?}"
    );
}

/// `bytes - 1` for a big-endian integer > 0.
fn decrement(mut bytes: Vec<u8>) -> Vec<u8> {
    for b in bytes.iter_mut().rev() {
        let (v, borrow) = b.overflowing_sub(1);
        *b = v;
        if !borrow {
            break;
        }
    }
    bytes
}

#[test]
fn params() {
    check_section("params", |params| {
        // A modulus m is pinned by: -1 encodes as m - 1, and m itself is not canonical.
        let p = field(params, "p");
        check_bytes(
            "p - 1",
            &(-Fp::ONE).to_bytes(),
            &hex_json(&decrement(bytes(p))),
        )?;
        ensure(
            bool::from(Fp::from_bytes_canonical(&exact(p)).is_none()),
            || "p accepted".into(),
        )?;
        let r = field(params, "r");
        check_bytes(
            "r - 1",
            &(-Fr::ONE).to_bytes(),
            &hex_json(&decrement(bytes(r))),
        )?;
        ensure(
            bool::from(Fr::from_bytes_canonical(&exact(r)).is_none()),
            || "r accepted".into(),
        )?;
        check_bytes("G", &G1_GENERATOR.to_bytes(), field(params, "G"))?;
        check_bytes(
            "g1_twist_generator",
            &G2_GENERATOR.to_bytes(),
            field(params, "g1_twist_generator"),
        )?;
        check_bytes(
            "hash_element",
            &HASH_ELEMENT.to_bytes(),
            field(params, "hash_element"),
        )?;
        let on_curve = [
            ("G", G1_GENERATOR.is_on_curve()),
            ("g1_twist_generator", G2_GENERATOR.is_on_curve()),
            ("hash_element", HASH_ELEMENT.is_on_curve()),
        ];
        on_curve.iter().try_for_each(|(name, on)| {
            ensure(bool::from(*on), || format!("{name} is not on its curve"))
        })
    });
}

#[test]
fn pairing() {
    check_section("pairing", |entry| {
        let p = kat_public_key(field(entry, "P"));
        let q = HashedValue::from_bytes(&exact(field(entry, "Q"))).expect("Q on the twist");
        check_bytes(
            "e(P, Q)",
            &api256::kat::pairing_bytes(&p, &q),
            field(entry, "e"),
        )
    });
}

#[test]
fn compute_public_key_kat() {
    check_section("compute_public_key", |entry| {
        let result = compute_public_key(&kat_private_key(field(entry, "priv")));
        match (result, entry.get("error")) {
            (Ok(public), None) => {
                let expected = format!("{}{}", text(entry, "x"), text(entry, "y"));
                check_bytes("x || y", &public.to_bytes(), &Value::String(expected))
            }
            (Err(e), Some(expected)) => check_eq("error", &json!(format!("{e:?}")), expected),
            (Ok(public), Some(_)) => Err(format!("returned {}", hex::encode(public.to_bytes()))),
            (Err(e), None) => Err(format!("failed with {e:?}")),
        }
    });
}

#[test]
fn derive_symmetric_key() {
    check_section("derive_symmetric_key", |entry| {
        let key = kat_plaintext(field(entry, "plaintext")).derive_symmetric_key();
        check_bytes("key", &key, field(entry, "key"))
    });
}

#[test]
fn derive_private_key() {
    check_section("derive_private_key", |entry| {
        let key = kat_plaintext(field(entry, "plaintext")).derive_private_key();
        check_bytes("private_key", &key.to_bytes(), field(entry, "private_key"))
    });
}

#[test]
fn gen_plaintext_from_random_bytes() {
    check_section("gen_plaintext_from_random_bytes", |entry| {
        let random = concat_384(list(entry, "random_bytes_12x32"));
        let direct = must(
            "plaintext",
            plaintext_from_random_bytes(&random).ok_or("zero"),
        )?;
        check_bytes(
            "plaintext_from_random_bytes",
            &direct.to_bytes(),
            field(entry, "plaintext"),
        )?;
        // The same bytes as the random stream of generate_plaintext (12 x 32 draws, in order).
        let drawn = must(
            "generatePlaintext",
            Api256::new(Replay(random.to_vec())).generate_plaintext(),
        )?;
        check_bytes(
            "generate_plaintext",
            &drawn.to_bytes(),
            field(entry, "plaintext"),
        )
    });
}

#[test]
fn final_exp_of_1_to_12() {
    check_section("final_exp_of_1_to_12", |entry| {
        // The twelve integers as the twelve 32-byte elements of the encoding, in order.
        let elements: Vec<Value> = list(entry, "input_values")
            .iter()
            .map(|v| {
                let mut element = [0u8; 32];
                element[24..].copy_from_slice(&v.as_u64().expect("integer").to_be_bytes());
                hex_json(&element)
            })
            .collect();
        let result = plaintext_from_random_bytes(&concat_384(&elements)).expect("non-zero");
        check_bytes("output", &result.to_bytes(), field(entry, "output"))
    });
}

#[test]
fn hash2() {
    check_section("hash2", |entry| {
        // Our hash2 prefixes K with the bytes 0x00 and 0x01; the file records the same.
        check_eq(
            "sha_input_prefix_bytes",
            field(entry, "sha_input_prefix_bytes"),
            &json!(["00", "01"]),
        )?;
        check_bytes(
            "point",
            &api256::kat::hash2_bytes(&exact(field(entry, "K"))),
            field(entry, "point"),
        )
    });
}

#[test]
fn ed25519() {
    check_section("ed25519", |entry| {
        let pair = kat_signing_key_pair(field(entry, "keypair"));
        let message = bytes(field(entry, "message"));
        let signature = pair.sign(&message);
        check_bytes("signature", &signature, field(entry, "signature"))?;
        ensure(
            ed25519_verify(&pair.public_key(), &message, &signature),
            || "does not verify".into(),
        )
    });
}

#[test]
fn decrypt_known_value() {
    check_section("decrypt_known_value", |entry| {
        let coordinate = |name: &str| exact::<32>(field(entry, name));
        let public = PublicKey::from_coordinates(
            &coordinate("ephemeral_public_key_x"),
            &coordinate("ephemeral_public_key_y"),
        );
        let value = EncryptedValue {
            ephemeral_public_key: must("ephemeral public key", public)?,
            encrypted_message: exact(field(entry, "encrypted_message")),
            auth_hash: exact(field(entry, "auth_hash")),
            public_signing_key: exact(field(entry, "public_signing_key")),
            signature: exact(field(entry, "signature")),
            transform_blocks: Vec::new(),
        };
        let plaintext = must(
            "decrypt",
            decrypt(&value, &kat_private_key(field(entry, "private_key"))),
        )?;
        check_bytes(
            "plaintext",
            &plaintext.to_bytes(),
            field(entry, "expected_plaintext"),
        )
    });
}

#[test]
fn generate_transform_key_core() {
    check_section("generate_transform_key_core", |entry| {
        // The signature is not part of this known answer; any signing key will do.
        let signing = kat_signing_key_pair(at(&kat(), "flow.signing_keypair"));
        let key = must(
            "generate_transform_key",
            api256::kat::generate_transform_key_with(
                &kat_private_key(field(entry, "from_private_key")),
                &kat_public_key(field(entry, "to_public_key")),
                &signing,
                &kat_private_key(field(entry, "ephemeral_private_key")),
                &kat_plaintext(field(entry, "K")),
            ),
        )?;
        check_bytes(
            "encrypted_temp_key",
            &key.encrypted_temp_key.to_bytes(),
            field(entry, "encrypted_temp_key"),
        )?;
        check_bytes(
            "hashed_temp_key",
            &key.hashed_temp_key.to_bytes(),
            field(entry, "hashed_temp_key"),
        )
    });
}

#[test]
fn schnorr() {
    check_section("schnorr", |entry| {
        let key = kat_private_key(field(entry, "private_key"));
        let augmenting = entry.get("augmenting_private_key").map(kat_private_key);
        let public = match &augmenting {
            None => kat_public_key(field(entry, "public_key")),
            Some(a) => {
                let public = kat_public_key(field(entry, "augmented_public_key"));
                let sum = must("compute_public_key", compute_public_key(&key))?
                    .augment(&must("compute_public_key", compute_public_key(a))?);
                ensure(must("augment", sum)? == public, || {
                    "augmented_public_key is not PK + [a]G".into()
                })?;
                public
            }
        };
        let message = bytes(field(entry, "message"));
        let nonce = exact(field(entry, "k"));
        let signature = must(
            "schnorr_sign",
            api256::kat::schnorr_sign_with_nonce(&key, &public, &message, &nonce),
        )?;
        check_bytes("signature_r_s", &signature, field(entry, "signature_r_s"))?;
        ensure(
            schnorr_verify(&public, augmenting.as_ref(), &message, &signature),
            || "does not verify".into(),
        )
    });
}

#[test]
fn private_key_arithmetic() {
    check_section("private_key_arithmetic", |entry| {
        let a = kat_private_key(field(entry, "a"));
        let b = kat_private_key(field(entry, "b"));
        check_bytes(
            "add",
            &add_private_keys(&a, &b).to_bytes(),
            field(entry, "add"),
        )?;
        check_bytes(
            "sub_a_minus_b",
            &subtract_private_keys(&a, &b).to_bytes(),
            field(entry, "sub_a_minus_b"),
        )
    });
}

#[test]
fn augment_public_key() {
    check_section("augment_public_key", |entry| {
        let a = kat_public_key(field(entry, "a"));
        let b = kat_public_key(field(entry, "b"));
        check_bytes(
            "sum",
            &must("augment", a.augment(&b))?.to_bytes(),
            field(entry, "sum"),
        )
    });
}

// ---------------------------------------------------------------------------------------------
// flow: encrypt -> transform key 1 -> transform 1 -> transform key 2 -> transform 2, plus an
// augmented transform key. Each step starts from the recorded results of the steps before it.

#[test]
fn flow() {
    let kat = kat();
    let flow = field(&kat, "flow");
    let signing = kat_signing_key_pair(field(flow, "signing_keypair"));
    let plaintext = field(flow, "plaintext");
    let mut report = Report::new("kat flow");

    for i in 1..=3 {
        report.case(&format!("pub{i}"), || {
            let key = kat_private_key(field(flow, &format!("priv{i}")));
            let public = must("compute_public_key", compute_public_key(&key))?;
            check_bytes(
                &format!("pub{i}"),
                &public.to_bytes(),
                field(flow, &format!("pub{i}")),
            )
        });
    }

    report.case("encrypt", || {
        let step = field(flow, "encrypt");
        let mut api = Api256::new(Replay(bytes(field(step, "ephemeral_private_key"))));
        let to = kat_public_key(field(flow, "pub1"));
        let value = must(
            "encrypt",
            api.encrypt(&kat_plaintext(plaintext), &to, &signing),
        )?;
        check_eq(
            "result",
            &encrypted_value_kat_json(&value),
            field(step, "result"),
        )
    });

    for name in ["transform_key_1", "transform_key_2"] {
        report.case(name, || {
            let step = field(flow, name);
            // `from` names the delegator's private key, `to` ends with the delegatee's public key.
            let from = kat_private_key(field(flow, text(step, "from")));
            let to_name = text(step, "to").rsplit("->").next().expect("to");
            let temp_key = field(step, "K");
            let key = must(
                "generate_transform_key",
                api256::kat::generate_transform_key_with(
                    &from,
                    &kat_public_key(field(flow, to_name)),
                    &signing,
                    &kat_private_key(field(step, "ephemeral_private_key")),
                    &kat_plaintext(temp_key),
                ),
            )?;
            check_eq(
                "result",
                &transform_key_kat_json(&key),
                field(step, "result"),
            )?;
            match step.get("hash2_K") {
                None => Ok(()),
                Some(h) => check_bytes("hash2_K", &api256::kat::hash2_bytes(&exact(temp_key)), h),
            }
        });
    }

    // (step, the value it transforms, the transform key it uses)
    let transforms = [
        ("transform_1", "encrypt.result", "transform_key_1.result"),
        (
            "transform_2",
            "transform_1.result",
            "transform_key_2.result",
        ),
    ];
    for (name, value, key) in transforms {
        report.case(name, || {
            let step = field(flow, name);
            let temp_key = field(step, "random_K");
            let result = must(
                "transform",
                api256::kat::transform_with(
                    &kat_encrypted_value(at(flow, value)),
                    &kat_transform_key(at(flow, key)),
                    &signing,
                    &kat_plaintext(temp_key),
                    &kat_private_key(field(step, "random_private_key")),
                ),
            )?;
            check_eq(
                "result",
                &encrypted_value_kat_json(&result),
                field(step, "result"),
            )?;
            match step.get("hash2_random_K") {
                None => Ok(()),
                Some(h) => check_bytes(
                    "hash2_random_K",
                    &api256::kat::hash2_bytes(&exact(temp_key)),
                    h,
                ),
            }
        });
    }

    report.case("augment_transform_key_1", || {
        let step = field(flow, "augment_transform_key_1");
        let key = kat_transform_key(at(flow, "transform_key_1.result"));
        let augmenting = kat_private_key(field(step, "augmenting_private_key"));
        let augmented = must("augment", key.augment(&augmenting))?;
        check_eq(
            "result",
            &transform_key_kat_json(&augmented),
            field(step, "result"),
        )
    });

    // Every recorded value decrypts to the plaintext with its recipient's key.
    let recipients = [
        ("encrypt.result", "priv1"),
        ("transform_1.result", "priv2"),
        ("transform_2.result", "priv3"),
    ];
    for (value, key) in recipients {
        report.case(&format!("decrypt {value}"), || {
            let decrypted = decrypt(
                &kat_encrypted_value(at(flow, value)),
                &kat_private_key(field(flow, key)),
            );
            check_bytes(
                "plaintext",
                &must("decrypt", decrypted)?.to_bytes(),
                plaintext,
            )
        });
    }
    report.finish();
}
