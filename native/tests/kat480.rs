//! Known answers of the `api480` section of `tests/vectors/recrypt-scheme-kat.json` (spec section 9
//! and Appendix A): the curve's points, recrypt's own two Api480 tests (the public key of the
//! all-0xff private key, derive_private_key), and a complete deterministic flow (encrypt,
//! transform key, transform) with its signed bytes and signatures, each byte for byte. The
//! recorded vectors (`vectors.rs`, module `api480`) cover far more; these pin the spec's values.

mod common;

use common::*;
use recrypt_ffi::api::common::{kat as hooks, Recrypt};
use recrypt_ffi::api480::{
    compute_public_key, decrypt, Plaintext, PrivateKey, PublicKey, SigningKeyPair,
};
use recrypt_ffi::params::{Bn, Bn480};
use serde_json::Value;

fn kat() -> Value {
    field(&load_kat(), "api480").clone()
}

fn public(x_y: &Value) -> PublicKey {
    PublicKey::from_bytes(&exact(x_y)).expect("a public key")
}

#[test]
fn points() {
    let kat = kat();
    let params = field(&kat, "params");
    check_bytes(
        "G_Q",
        &Bn480::G2_GENERATOR.to_bytes(),
        field(params, "g1_twist_generator"),
    )
    .unwrap();
    check_bytes(
        "H",
        &Bn480::HASH_ELEMENT.to_bytes(),
        field(params, "hash_element"),
    )
    .unwrap();
}

#[test]
fn compute_public_key_of_known_keys() {
    let mut report = Report::new("kat api480 compute_public_key");
    let kat = kat();
    for entry in list(&kat, "compute_public_key") {
        report.case(text(entry, "source"), || {
            let key = PrivateKey::from_bytes(&exact(field(entry, "priv")));
            let public = must("compute_public_key", compute_public_key(&key))?;
            let bytes = public.to_bytes();
            check_bytes("x", &bytes[..60], field(entry, "x"))?;
            check_bytes("y", &bytes[60..], field(entry, "y"))
        });
    }
    report.finish();
}

#[test]
fn derive_private_key_of_known_plaintexts() {
    let mut report = Report::new("kat api480 derive_private_key");
    let kat = kat();
    for entry in list(&kat, "derive_private_key") {
        report.case(text(entry, "source"), || {
            let plaintext = Plaintext::from_bytes(&exact(field(entry, "plaintext")));
            check_bytes(
                "private_key",
                &plaintext.derive_private_key().to_bytes(),
                field(entry, "private_key"),
            )
        });
    }
    report.finish();
}

/// encrypt (with its ephemeral key), a transform key (with its ephemeral key and K) and a
/// transform (with its K' and random key), each compared with its signed bytes and signature.
#[test]
fn flow() {
    let kat = kat();
    let flow = field(&kat, "flow");
    let signing = SigningKeyPair::from_bytes(&exact(field(flow, "signing_keypair"))).unwrap();
    let plaintext = Plaintext::from_bytes(&exact(field(flow, "plaintext")));
    let key1 = PrivateKey::from_bytes(&exact(field(flow, "priv1")));
    let key2 = PrivateKey::from_bytes(&exact(field(flow, "priv2")));
    let (pub1, pub2) = (public(field(flow, "pub1")), public(field(flow, "pub2")));
    assert_eq!(compute_public_key(&key1).unwrap(), pub1);
    assert_eq!(compute_public_key(&key2).unwrap(), pub2);

    let step = field(flow, "encrypt");
    let mut api = Recrypt::<Bn480, _>::new(Replay(bytes(field(step, "ephemeral_private_key"))));
    let value = api.encrypt(&plaintext, &pub1, &signing).unwrap();
    check_bytes(
        "encrypt signed bytes",
        &hooks::encrypted_value_signed_bytes(&value),
        field(step, "signed_bytes"),
    )
    .unwrap();
    check_bytes(
        "encrypt signature",
        &value.signature,
        field(step, "signature"),
    )
    .unwrap();

    let step = field(flow, "transform_key");
    let ephemeral = PrivateKey::from_bytes(&exact(field(step, "ephemeral_private_key")));
    let temp_key = Plaintext::from_bytes(&exact(field(step, "K")));
    let key =
        hooks::generate_transform_key_with(&key1, &pub2, &signing, &ephemeral, &temp_key).unwrap();
    check_bytes(
        "transform key bytes",
        &key.to_bytes(),
        field(step, "to_bytes"),
    )
    .unwrap();
    check_bytes(
        "transform key signature",
        &key.signature,
        field(step, "signature"),
    )
    .unwrap();

    let step = field(flow, "transform");
    let random_key = PrivateKey::from_bytes(&exact(field(step, "random_private_key")));
    let temp_key = Plaintext::from_bytes(&exact(field(step, "random_K")));
    let transformed =
        hooks::transform_with(&value, &key, &signing, &temp_key, &random_key).unwrap();
    check_bytes(
        "transform signed bytes",
        &hooks::encrypted_value_signed_bytes(&transformed),
        field(step, "signed_bytes"),
    )
    .unwrap();
    check_bytes(
        "transform signature",
        &transformed.signature,
        field(step, "signature"),
    )
    .unwrap();
    assert_eq!(
        decrypt(&transformed, &key2).unwrap().to_bytes(),
        plaintext.to_bytes()
    );
}
