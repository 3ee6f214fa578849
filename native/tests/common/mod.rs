//! Shared by the vector and known-answer suites: loading the JSON files, converting their hex
//! values into the crate's types (and back, for byte-exact comparisons), and a per-test report
//! that collects failing cases instead of stopping at the first.
//!
//! The conversion layer plays the part of the peer's binding ("What the peer does" in
//! `tests/vectors/README.md`): every parameter is converted in parameter order and, inside an
//! object, in field order; a byte string of the wrong length is a [`Failure::WrongLength`] (where
//! the peer panics and our C ABI returns INVALID_LENGTH), an invalid point is the scheme's error,
//! and the first failure is the outcome.

#![allow(dead_code)] // each test crate uses its own subset

use recrypt_ffi::api::common::{
    Curve, EncryptedValue, Error, HashedValue, Plaintext, PrivateKey, PublicKey, Recrypt,
    TransformBlock, TransformKey,
};
use recrypt_ffi::api::signing::SigningKeyPair;
use recrypt_ffi::field::tower::Fp12;
use recrypt_ffi::field::ByteArray;
use recrypt_ffi::params::{Bn256, Bn480, FieldBytes};
use recrypt_ffi::rng::{CompatibleRng, RandomSource, RandomSourceError};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// Files

/// A set of vectors: the curve it was recorded on and where its files are.
pub trait VectorSet: Curve {
    /// The directory's name under `tests/vectors`, and the suffix of the set's method names
    /// (`augmentPublicKey256`, `transformKeyToBytes480`).
    const DIRECTORY: &'static str;
    const SUFFIX: &'static str;
    /// The environment variable that names another copy of the set.
    const DIR_VARIABLE: &'static str;
}

impl VectorSet for Bn256 {
    const DIRECTORY: &'static str = "api256";
    const SUFFIX: &'static str = "256";
    const DIR_VARIABLE: &'static str = "RECRYPT_VECTORS_DIR";
}

impl VectorSet for Bn480 {
    const DIRECTORY: &'static str = "api480";
    const SUFFIX: &'static str = "480";
    const DIR_VARIABLE: &'static str = "RECRYPT_VECTORS_480_DIR";
}

/// A set's vector directory: `$RECRYPT_VECTORS_DIR` (api256) or `$RECRYPT_VECTORS_480_DIR`
/// (api480), else the copy in the repository.
pub fn vectors_dir<C: VectorSet>() -> PathBuf {
    match std::env::var_os(C::DIR_VARIABLE) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(C::DIRECTORY),
    }
}

fn read_json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// One file of a set, e.g. `load_vectors::<Bn256>("encrypt.json")`.
pub fn load_vectors<C: VectorSet>(name: &str) -> Value {
    read_json(vectors_dir::<C>().join(name))
}

/// The known-answer file `tests/vectors/recrypt-scheme-kat.json`.
pub fn load_kat() -> Value {
    read_json(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/recrypt-scheme-kat.json"
    )))
}

/// `value[name]`, which must be present.
pub fn field<'a>(value: &'a Value, name: &str) -> &'a Value {
    match value.get(name) {
        Some(v) => v,
        None => panic!("missing field `{name}` in {}", short(value)),
    }
}

/// `value[name]` as an array.
pub fn list<'a>(value: &'a Value, name: &str) -> &'a [Value] {
    field(value, name)
        .as_array()
        .unwrap_or_else(|| panic!("`{name}` is not a list"))
}

/// `value[name]` as a string.
pub fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    field(value, name)
        .as_str()
        .unwrap_or_else(|| panic!("`{name}` is not a string"))
}

/// A value's JSON, cut to a readable length for messages.
pub fn short(value: &Value) -> String {
    let s = value.to_string();
    if s.len() > 160 {
        format!("{}...", &s[..160])
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/// How a call failed, in the classes the vectors distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A byte string of the wrong length, rejected before the scheme is called.
    WrongLength,
    /// An error of the scheme.
    Scheme(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Scheme(e)
    }
}

/// The result of a converted call.
pub type Outcome<T> = Result<T, Failure>;

// ---------------------------------------------------------------------------------------------
// JSON -> types

/// Lowercase (or any-case) hex to bytes; the vectors are trusted to be valid hex.
pub fn unhex(hex_text: &str) -> Vec<u8> {
    hex::decode(hex_text).unwrap_or_else(|e| panic!("bad hex {hex_text:?}: {e}"))
}

/// A hex JSON string as bytes.
pub fn bytes(value: &Value) -> Vec<u8> {
    unhex(
        value
            .as_str()
            .unwrap_or_else(|| panic!("not a hex string: {}", short(value))),
    )
}

/// A hex JSON string as exactly `N` bytes, else [`Failure::WrongLength`].
pub fn fixed<const N: usize>(value: &Value) -> Outcome<[u8; N]> {
    bytes(value).try_into().map_err(|_| Failure::WrongLength)
}

/// A hex string of exactly `N` bytes; panics otherwise (a malformed vector file).
pub fn exact<const N: usize>(value: &Value) -> [u8; N] {
    fixed(value).unwrap_or_else(|_| panic!("expected {N} bytes: {}", short(value)))
}

/// A 32-byte hex string, e.g. an rngSeed.
pub fn hex32(value: &Value) -> [u8; 32] {
    exact(value)
}

/// A random source that hands out the given bytes in order, and fails when they run out: the
/// known-answer suites replay recorded draws through it.
pub struct Replay(pub Vec<u8>);

impl RandomSource for Replay {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomSourceError> {
        if buf.len() > self.0.len() {
            return Err(RandomSourceError);
        }
        buf.copy_from_slice(&self.0[..buf.len()]);
        self.0.drain(..buf.len());
        Ok(())
    }
}

/// A hex JSON string as exactly one of the scheme's byte arrays, else [`Failure::WrongLength`].
pub fn array<B: ByteArray>(value: &Value) -> Outcome<B> {
    let bytes = bytes(value);
    if bytes.len() == B::LEN {
        Ok(B::copy_from(&bytes))
    } else {
        Err(Failure::WrongLength)
    }
}

pub fn private_key<C: Curve>(value: &Value) -> Outcome<PrivateKey<C>> {
    Ok(PrivateKey::from_bytes(&array::<FieldBytes<C>>(value)?))
}

/// `{x, y}`: both lengths first, then the curve check.
pub fn public_key<C: Curve>(value: &Value) -> Outcome<PublicKey<C>> {
    let x = array::<FieldBytes<C>>(field(value, "x"))?;
    let y = array::<FieldBytes<C>>(field(value, "y"))?;
    Ok(PublicKey::from_coordinates(&x, &y)?)
}

pub fn plaintext<C: Curve>(value: &Value) -> Outcome<Plaintext<C>> {
    Ok(Plaintext::from_bytes(&array(value)?))
}

/// A 64-byte Ed25519 key pair (seed || public key), validated.
pub fn signing_key_pair(value: &Value) -> Outcome<SigningKeyPair> {
    Ok(SigningKeyPair::from_bytes(&fixed(value)?)?)
}

fn fp12<C: Curve>(value: &Value) -> Outcome<Fp12<C>> {
    Ok(Fp12::from_bytes_reduced(&array(value)?))
}

fn transform_block<C: Curve>(value: &Value) -> Outcome<TransformBlock<C>> {
    Ok(TransformBlock {
        public_key: public_key(field(value, "publicKey"))?,
        encrypted_temp_key: fp12(field(value, "encryptedTempKey"))?,
        random_transform_public_key: public_key(field(value, "randomTransformPublicKey"))?,
        encrypted_random_transform_temp_key: fp12(field(value, "randomTransformEncryptedTempKey"))?,
    })
}

/// An EncryptedValue in the peer's field order; empty `transformBlocks` is level 0.
pub fn encrypted_value<C: Curve>(value: &Value) -> Outcome<EncryptedValue<C>> {
    // Struct fields are evaluated in the order written, which is the peer's order.
    Ok(EncryptedValue {
        ephemeral_public_key: public_key(field(value, "ephemeralPublicKey"))?,
        encrypted_message: array(field(value, "encryptedMessage"))?,
        auth_hash: fixed(field(value, "authHash"))?,
        public_signing_key: fixed(field(value, "publicSigningKey"))?,
        signature: fixed(field(value, "signature"))?,
        transform_blocks: list(value, "transformBlocks")
            .iter()
            .map(transform_block)
            .collect::<Outcome<Vec<_>>>()?,
    })
}

/// A TransformKey in the peer's field order (not the JSON key order).
pub fn transform_key<C: Curve>(value: &Value) -> Outcome<TransformKey<C>> {
    Ok(TransformKey {
        ephemeral_public_key: public_key(field(value, "ephemeralPublicKey"))?,
        to_public_key: public_key(field(value, "toPublicKey"))?,
        encrypted_temp_key: fp12(field(value, "encryptedTempKey"))?,
        hashed_temp_key: HashedValue::from_bytes(&array(field(value, "hashedTempKey"))?)?,
        public_signing_key: fixed(field(value, "publicSigningKey"))?,
        signature: fixed(field(value, "signature"))?,
    })
}

/// A fresh instance on the reproducible stream of `case.rngSeed`.
pub fn seeded_api<C: Curve>(case: &Value) -> Recrypt<C, CompatibleRng> {
    Recrypt::new(CompatibleRng::from_seed(hex32(field(case, "rngSeed"))))
}

// ---------------------------------------------------------------------------------------------
// Types -> JSON (the vectors' shapes, lowercase hex)

pub fn hex_json(bytes: &[u8]) -> Value {
    Value::String(hex::encode(bytes))
}

pub fn public_key_json<C: Curve>(key: &PublicKey<C>) -> Value {
    let b = key.to_bytes();
    let (x, y) = b.as_ref().split_at(b.as_ref().len() / 2);
    json!({ "x": hex::encode(x), "y": hex::encode(y) })
}

pub fn key_pair_json<C: Curve>(private: &PrivateKey<C>, public: &PublicKey<C>) -> Value {
    json!({ "privateKey": hex::encode(private.to_bytes()), "publicKey": public_key_json(public) })
}

pub fn signing_key_pair_json(pair: &SigningKeyPair) -> Value {
    json!({
        "privateKey": hex::encode(pair.to_bytes()),
        "publicKey": hex::encode(pair.public_key()),
    })
}

fn transform_block_json<C: Curve>(block: &TransformBlock<C>) -> Value {
    json!({
        "publicKey": public_key_json(&block.public_key),
        "encryptedTempKey": hex::encode(block.encrypted_temp_key.to_bytes()),
        "randomTransformPublicKey": public_key_json(&block.random_transform_public_key),
        "randomTransformEncryptedTempKey":
            hex::encode(block.encrypted_random_transform_temp_key.to_bytes()),
    })
}

pub fn encrypted_value_json<C: Curve>(value: &EncryptedValue<C>) -> Value {
    json!({
        "ephemeralPublicKey": public_key_json(&value.ephemeral_public_key),
        "encryptedMessage": hex::encode(value.encrypted_message),
        "authHash": hex::encode(value.auth_hash),
        "publicSigningKey": hex::encode(value.public_signing_key),
        "signature": hex::encode(value.signature),
        "transformBlocks":
            value.transform_blocks.iter().map(transform_block_json).collect::<Vec<_>>(),
    })
}

pub fn transform_key_json<C: Curve>(key: &TransformKey<C>) -> Value {
    json!({
        "toPublicKey": public_key_json(&key.to_public_key),
        "ephemeralPublicKey": public_key_json(&key.ephemeral_public_key),
        "encryptedTempKey": hex::encode(key.encrypted_temp_key.to_bytes()),
        "hashedTempKey": hex::encode(key.hashed_temp_key.to_bytes()),
        "publicSigningKey": hex::encode(key.public_signing_key),
        "signature": hex::encode(key.signature),
    })
}

// ---------------------------------------------------------------------------------------------
// Comparisons

/// The path of the first difference between two JSON values (`""` for the root), if any.
pub fn first_difference(actual: &Value, expected: &Value) -> Option<String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let mut keys: Vec<&String> = a.keys().chain(e.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| match (a.get(k), e.get(k)) {
                (Some(x), Some(y)) => first_difference(x, y).map(|p| format!(".{k}{p}")),
                _ => Some(format!(".{k} (present on one side only)")),
            })
        }
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
            .iter()
            .zip(e)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y).map(|p| format!("[{i}]{p}"))),
        _ if actual == expected => None,
        (Value::String(a), Value::String(e)) => Some(string_difference(a, e)),
        _ => Some(format!(
            ": got {}, expected {}",
            short(actual),
            short(expected)
        )),
    }
}

/// Where two (hex) strings first differ, with a little context from each.
fn string_difference(actual: &str, expected: &str) -> String {
    let at = actual
        .bytes()
        .zip(expected.bytes())
        .take_while(|(a, e)| a == e)
        .count();
    let window = |s: &str| {
        let start = at.saturating_sub(8);
        let end = (at + 24).min(s.len());
        format!(
            "{}{}{}",
            if start > 0 { "..." } else { "" },
            &s[start..end],
            if end < s.len() { "..." } else { "" }
        )
    };
    format!(
        ": differs at character {at} (lengths {} and {}): got {}, expected {}",
        actual.len(),
        expected.len(),
        window(actual),
        window(expected)
    )
}

/// `Ok` when `actual` equals `expected`, else a message naming `what` and the differing path.
pub fn check_eq(what: &str, actual: &Value, expected: &Value) -> Result<(), String> {
    match first_difference(actual, expected) {
        None => Ok(()),
        Some(path) => Err(format!("{what}{path}")),
    }
}

/// `check_eq` for values that are not JSON yet (byte strings are compared as hex).
pub fn check_bytes(what: &str, actual: &[u8], expected: &Value) -> Result<(), String> {
    check_eq(what, &hex_json(actual), expected)
}

/// `Ok` when the condition holds, else the message.
pub fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}

// ---------------------------------------------------------------------------------------------
// Reports

/// Runs the cases of one list, keeps going past failures (and panics), and asserts at the end.
pub struct Report {
    name: String,
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    pub fn new(name: &str) -> Self {
        Report {
            name: name.to_string(),
            checked: 0,
            failures: Vec::new(),
        }
    }

    /// Runs one case; a returned error or a panic is recorded under `id`.
    pub fn case(&mut self, id: &str, check: impl FnOnce() -> Result<(), String>) {
        self.checked += 1;
        match catch_unwind(AssertUnwindSafe(check)) {
            Ok(Ok(())) => {}
            Ok(Err(message)) => self.failures.push(format!("{id}: {message}")),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".to_string());
                self.failures.push(format!("{id}: panicked: {message}"));
            }
        }
    }

    /// Runs `check` on every element of `cases`, named by its `id`.
    pub fn each(&mut self, cases: &[Value], mut check: impl FnMut(&Value) -> Result<(), String>) {
        for case in cases {
            let id = case
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("<no id>")
                .to_string();
            self.case(&id, || check(case));
        }
    }

    /// Prints the count and fails the test with every failing case.
    pub fn finish(self) {
        println!(
            "{}: {} cases checked, {} failed",
            self.name,
            self.checked,
            self.failures.len()
        );
        assert!(self.checked > 0, "{}: no cases found", self.name);
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} cases failed:\n  {}",
            self.name,
            self.failures.len(),
            self.checked,
            self.failures.join("\n  ")
        );
    }
}

/// Turns a failed call into a message naming it, for `?` in a case.
pub fn must<T, E: core::fmt::Debug>(what: &str, result: Result<T, E>) -> Result<T, String> {
    result.map_err(|e| format!("{what} failed: {e:?}"))
}

/// The value at a dotted path, e.g. `at(case, "user.publicKey")`.
pub fn at<'a>(value: &'a Value, dotted: &str) -> &'a Value {
    dotted.split('.').fold(value, field)
}

/// A JSON object with the named members of `value`, to compare with a replayed object.
pub fn project(value: &Value, names: &[&str]) -> Value {
    Value::Object(
        names
            .iter()
            .map(|n| (n.to_string(), field(value, n).clone()))
            .collect(),
    )
}
