//! The canonical, versioned byte encodings of the two composite values that cross the C ABI.
//! This module is the only place that defines them.
//!
//! Every encoding starts with two bytes: the format version ([`FORMAT_VERSION`]) and a type tag.
//! All numbers are big-endian; all elements use the encodings of spec 1.6.
//!
//! EncryptedValue (tag 0x01), 580 + 896 * n bytes:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | format version (1) |
//! | 1 | 1 | tag 0x01 |
//! | 2 | 64 | ephemeral public key x ‖ y |
//! | 66 | 384 | encrypted message |
//! | 450 | 32 | auth hash |
//! | 482 | 32 | public signing key (Ed25519) |
//! | 514 | 64 | signature (Ed25519) |
//! | 578 | 2 | n, the number of transform blocks (0 for a level-0 value) |
//! | 580 | 896 × n | blocks, first to last: public key (64) ‖ encrypted temp key (384) ‖ random transform public key (64) ‖ encrypted random transform temp key (384) |
//!
//! TransformKey (tag 0x02), 738 bytes:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | format version (1) |
//! | 1 | 1 | tag 0x02 |
//! | 2 | 64 | ephemeral public key |
//! | 66 | 64 | to public key |
//! | 130 | 384 | encrypted temp key |
//! | 514 | 128 | hashed temp key (twist point, kept as given) |
//! | 642 | 32 | public signing key |
//! | 674 | 64 | signature |
//!
//! Decoding validates what recrypt validates, in recrypt's order (public keys on the curve, the
//! hashed temp key on the twist) and reduces non-canonical field elements as recrypt does.

use crate::api256::{
    EncryptedValue, Error, HashedValue, PublicKey, TransformBlock, TransformKey, AUTH_HASH_LEN,
    ED25519_SIGNATURE_LEN, FP12_LEN, HASHED_TEMP_KEY_LEN, PUBLIC_KEY_LEN, PUBLIC_SIGNING_KEY_LEN,
    TRANSFORM_BLOCK_LEN,
};
use crate::field::Fp12;

pub const FORMAT_VERSION: u8 = 1;
pub const TAG_ENCRYPTED_VALUE: u8 = 0x01;
pub const TAG_TRANSFORM_KEY: u8 = 0x02;
const HEADER_LEN: usize = 2;
const BLOCK_COUNT_LEN: usize = 2;

/// Encoded size of a level-0 encrypted value (n = 0).
pub const ENCRYPTED_VALUE_BASE_LEN: usize = HEADER_LEN
    + PUBLIC_KEY_LEN
    + FP12_LEN
    + AUTH_HASH_LEN
    + PUBLIC_SIGNING_KEY_LEN
    + ED25519_SIGNATURE_LEN
    + BLOCK_COUNT_LEN;
/// Encoded size of a transform key.
pub const TRANSFORM_KEY_LEN: usize = HEADER_LEN
    + PUBLIC_KEY_LEN * 2
    + FP12_LEN
    + HASHED_TEMP_KEY_LEN
    + PUBLIC_SIGNING_KEY_LEN
    + ED25519_SIGNATURE_LEN;
/// The most transform blocks an encoding can carry.
pub const MAX_TRANSFORM_BLOCKS: usize = u16::MAX as usize;

/// Why bytes could not be read as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Wrong total length for what the header and block count say.
    Length,
    /// Unknown format version.
    Version,
    /// A different type's tag, or inconsistent framing.
    Malformed,
    /// The fields decoded, but one is invalid (a point not on its curve).
    Invalid(Error),
}

/// The encoded size of an encrypted value with `blocks` transform blocks.
pub const fn encrypted_value_len(blocks: usize) -> usize {
    ENCRYPTED_VALUE_BASE_LEN + TRANSFORM_BLOCK_LEN * blocks
}

/// Reads fixed-size fields in order.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> &'a [u8; N] {
        let (head, rest) = self.bytes.split_at(N);
        self.bytes = rest;
        head.try_into().expect("length checked by the caller")
    }

    fn public_key(&mut self) -> Result<PublicKey, DecodeError> {
        PublicKey::from_bytes(self.take::<64>()).map_err(DecodeError::Invalid)
    }

    fn fp12(&mut self) -> Fp12 {
        Fp12::from_bytes_reduced(self.take::<384>())
    }
}

fn check_header(bytes: &[u8], tag: u8, min_len: usize) -> Result<(), DecodeError> {
    if bytes.len() < min_len {
        return Err(DecodeError::Length);
    }
    if bytes[0] != FORMAT_VERSION {
        return Err(DecodeError::Version);
    }
    if bytes[1] != tag {
        return Err(DecodeError::Malformed);
    }
    Ok(())
}

pub fn encode_encrypted_value(value: &EncryptedValue) -> Vec<u8> {
    let blocks = &value.transform_blocks;
    let mut out = Vec::with_capacity(encrypted_value_len(blocks.len()));
    out.extend_from_slice(&[FORMAT_VERSION, TAG_ENCRYPTED_VALUE]);
    out.extend_from_slice(&value.ephemeral_public_key.to_bytes());
    out.extend_from_slice(&value.encrypted_message);
    out.extend_from_slice(&value.auth_hash);
    out.extend_from_slice(&value.public_signing_key);
    out.extend_from_slice(&value.signature);
    out.extend_from_slice(&(blocks.len() as u16).to_be_bytes());
    for b in blocks {
        out.extend_from_slice(&b.public_key.to_bytes());
        out.extend_from_slice(&b.encrypted_temp_key.to_bytes());
        out.extend_from_slice(&b.random_transform_public_key.to_bytes());
        out.extend_from_slice(&b.encrypted_random_transform_temp_key.to_bytes());
    }
    out
}

/// The number of transform blocks an encoded encrypted value declares, after checking its framing.
pub fn encrypted_value_block_count(bytes: &[u8]) -> Result<usize, DecodeError> {
    check_header(bytes, TAG_ENCRYPTED_VALUE, ENCRYPTED_VALUE_BASE_LEN)?;
    let at = ENCRYPTED_VALUE_BASE_LEN - BLOCK_COUNT_LEN;
    let n = u16::from_be_bytes([bytes[at], bytes[at + 1]]) as usize;
    if bytes.len() != encrypted_value_len(n) {
        return Err(DecodeError::Length);
    }
    Ok(n)
}

pub fn decode_encrypted_value(bytes: &[u8]) -> Result<EncryptedValue, DecodeError> {
    let n = encrypted_value_block_count(bytes)?;
    let mut r = Reader {
        bytes: &bytes[HEADER_LEN..],
    };
    let ephemeral_public_key = r.public_key()?;
    let encrypted_message = *r.take::<384>();
    let auth_hash = *r.take::<32>();
    let public_signing_key = *r.take::<32>();
    let signature = *r.take::<64>();
    r.take::<2>();
    let mut transform_blocks = Vec::with_capacity(n);
    for _ in 0..n {
        let public_key = r.public_key()?;
        let encrypted_temp_key = r.fp12();
        let random_transform_public_key = r.public_key()?;
        let encrypted_random_transform_temp_key = r.fp12();
        transform_blocks.push(TransformBlock {
            public_key,
            encrypted_temp_key,
            random_transform_public_key,
            encrypted_random_transform_temp_key,
        });
    }
    Ok(EncryptedValue {
        ephemeral_public_key,
        encrypted_message,
        auth_hash,
        public_signing_key,
        signature,
        transform_blocks,
    })
}

pub fn encode_transform_key(key: &TransformKey) -> [u8; TRANSFORM_KEY_LEN] {
    let mut out = [0u8; TRANSFORM_KEY_LEN];
    let parts: [&[u8]; 7] = [
        &[FORMAT_VERSION, TAG_TRANSFORM_KEY],
        &key.ephemeral_public_key.to_bytes(),
        &key.to_public_key.to_bytes(),
        &key.encrypted_temp_key.to_bytes(),
        &key.hashed_temp_key.to_bytes(),
        &key.public_signing_key,
        &key.signature,
    ];
    let mut at = 0;
    for p in parts {
        out[at..at + p.len()].copy_from_slice(p);
        at += p.len();
    }
    out
}

pub fn decode_transform_key(bytes: &[u8]) -> Result<TransformKey, DecodeError> {
    check_header(bytes, TAG_TRANSFORM_KEY, TRANSFORM_KEY_LEN)?;
    if bytes.len() != TRANSFORM_KEY_LEN {
        return Err(DecodeError::Length);
    }
    let mut r = Reader {
        bytes: &bytes[HEADER_LEN..],
    };
    let ephemeral_public_key = r.public_key()?;
    let to_public_key = r.public_key()?;
    let encrypted_temp_key = r.fp12();
    let hashed_temp_key = HashedValue::from_bytes(r.take::<128>()).map_err(DecodeError::Invalid)?;
    Ok(TransformKey {
        ephemeral_public_key,
        to_public_key,
        encrypted_temp_key,
        hashed_temp_key,
        public_signing_key: *r.take::<32>(),
        signature: *r.take::<64>(),
    })
}
