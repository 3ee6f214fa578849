//! The canonical, versioned byte encodings of the two composite values that cross the C ABI, on
//! both curves. This module is the only place that defines them.
//!
//! Every encoding starts with two bytes: the format version ([`FORMAT_VERSION`]) and a type tag.
//! The tag names the type and the curve ([`Tags`]): 0x01 and 0x02 for Api256's encrypted values
//! and transform keys, 0x11 and 0x12 for Api480's, so a value of one curve is refused by the
//! other's decoder (RECRYPT_STATUS_MALFORMED_ENCODING) before anything is read. All numbers are
//! big-endian; all elements use the encodings of spec 1.6 (A.3 for Api480: 60-byte elements).
//! The tables give Api256's offsets; Api480's follow from its sizes: an encrypted value is
//! 972 + 1680 * n bytes, a transform key 1298 bytes.
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

use crate::api::common::{
    Curve, EncryptedValue, Error, HashedValue, PublicKey, Sizes, TransformBlock, TransformKey,
    AUTH_HASH_LEN, ED25519_SIGNATURE_LEN, PUBLIC_SIGNING_KEY_LEN,
};
use crate::field::tower::Fp12;
use crate::field::ByteArray;
use crate::params::{Bn256, Bn480};

pub const FORMAT_VERSION: u8 = 1;
pub(crate) const HEADER_LEN: usize = 2;
pub(crate) const BLOCK_COUNT_LEN: usize = 2;

/// The type tags of a curve's encodings.
pub trait Tags: Curve {
    const TAG_ENCRYPTED_VALUE: u8;
    const TAG_TRANSFORM_KEY: u8;
}

impl Tags for Bn256 {
    const TAG_ENCRYPTED_VALUE: u8 = 0x01;
    const TAG_TRANSFORM_KEY: u8 = 0x02;
}

impl Tags for Bn480 {
    const TAG_ENCRYPTED_VALUE: u8 = 0x11;
    const TAG_TRANSFORM_KEY: u8 = 0x12;
}

/// Api256's tags.
pub const TAG_ENCRYPTED_VALUE: u8 = Bn256::TAG_ENCRYPTED_VALUE;
pub const TAG_TRANSFORM_KEY: u8 = Bn256::TAG_TRANSFORM_KEY;

/// The encoded sizes on the curve `C`.
pub struct Layout<C>(core::marker::PhantomData<C>);

impl<C: Curve> Layout<C> {
    /// Encoded size of a level-0 encrypted value (n = 0).
    pub const ENCRYPTED_VALUE_BASE: usize = HEADER_LEN
        + Sizes::<C>::PUBLIC_KEY
        + Sizes::<C>::FP12
        + AUTH_HASH_LEN
        + PUBLIC_SIGNING_KEY_LEN
        + ED25519_SIGNATURE_LEN
        + BLOCK_COUNT_LEN;
    /// Encoded size of one transform block.
    pub const TRANSFORM_BLOCK: usize = Sizes::<C>::TRANSFORM_BLOCK;
    /// Encoded size of a transform key.
    pub const TRANSFORM_KEY: usize = HEADER_LEN
        + Sizes::<C>::PUBLIC_KEY * 2
        + Sizes::<C>::FP12
        + Sizes::<C>::HASHED_TEMP_KEY
        + PUBLIC_SIGNING_KEY_LEN
        + ED25519_SIGNATURE_LEN;
}

/// Api256's encoded sizes.
pub const ENCRYPTED_VALUE_BASE_LEN: usize = Layout::<Bn256>::ENCRYPTED_VALUE_BASE;
pub const TRANSFORM_KEY_LEN: usize = Layout::<Bn256>::TRANSFORM_KEY;
/// The most transform blocks an encoding can carry.
pub const MAX_TRANSFORM_BLOCKS: usize = u16::MAX as usize;

const _: () = {
    assert!(ENCRYPTED_VALUE_BASE_LEN == 580 && TRANSFORM_KEY_LEN == 738);
    assert!(Layout::<Bn480>::ENCRYPTED_VALUE_BASE == 972);
    assert!(Layout::<Bn480>::TRANSFORM_KEY == 1298);
};

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
pub const fn encrypted_value_len<C: Curve>(blocks: usize) -> usize {
    Layout::<C>::ENCRYPTED_VALUE_BASE + Layout::<C>::TRANSFORM_BLOCK * blocks
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

    fn bytes<B: ByteArray>(&mut self) -> B {
        let (head, rest) = self.bytes.split_at(B::LEN);
        self.bytes = rest;
        B::copy_from(head)
    }

    fn public_key<C: Curve>(&mut self) -> Result<PublicKey<C>, DecodeError> {
        PublicKey::from_bytes(&self.bytes()).map_err(DecodeError::Invalid)
    }

    fn fp12<C: Curve>(&mut self) -> Fp12<C> {
        Fp12::from_bytes_reduced(&self.bytes())
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

pub fn encode_encrypted_value<C: Tags>(value: &EncryptedValue<C>) -> Vec<u8> {
    let blocks = &value.transform_blocks;
    let mut out = Vec::with_capacity(encrypted_value_len::<C>(blocks.len()));
    out.extend_from_slice(&[FORMAT_VERSION, C::TAG_ENCRYPTED_VALUE]);
    out.extend_from_slice(value.ephemeral_public_key.to_bytes().as_ref());
    out.extend_from_slice(value.encrypted_message.as_ref());
    out.extend_from_slice(&value.auth_hash);
    out.extend_from_slice(&value.public_signing_key);
    out.extend_from_slice(&value.signature);
    out.extend_from_slice(&(blocks.len() as u16).to_be_bytes());
    for b in blocks {
        out.extend_from_slice(b.public_key.to_bytes().as_ref());
        out.extend_from_slice(b.encrypted_temp_key.to_bytes().as_ref());
        out.extend_from_slice(b.random_transform_public_key.to_bytes().as_ref());
        out.extend_from_slice(b.encrypted_random_transform_temp_key.to_bytes().as_ref());
    }
    out
}

/// The number of transform blocks an encoded encrypted value declares, after checking its framing.
pub fn encrypted_value_block_count<C: Tags>(bytes: &[u8]) -> Result<usize, DecodeError> {
    let base = Layout::<C>::ENCRYPTED_VALUE_BASE;
    check_header(bytes, C::TAG_ENCRYPTED_VALUE, base)?;
    let at = base - BLOCK_COUNT_LEN;
    let n = u16::from_be_bytes([bytes[at], bytes[at + 1]]) as usize;
    if bytes.len() != encrypted_value_len::<C>(n) {
        return Err(DecodeError::Length);
    }
    Ok(n)
}

pub fn decode_encrypted_value<C: Tags>(bytes: &[u8]) -> Result<EncryptedValue<C>, DecodeError> {
    let n = encrypted_value_block_count::<C>(bytes)?;
    let mut r = Reader {
        bytes: &bytes[HEADER_LEN..],
    };
    let ephemeral_public_key = r.public_key()?;
    let encrypted_message = r.bytes();
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

pub fn encode_transform_key<C: Tags>(key: &TransformKey<C>) -> Vec<u8> {
    let mut out = Vec::with_capacity(Layout::<C>::TRANSFORM_KEY);
    out.extend_from_slice(&[FORMAT_VERSION, C::TAG_TRANSFORM_KEY]);
    out.extend_from_slice(key.ephemeral_public_key.to_bytes().as_ref());
    out.extend_from_slice(key.to_public_key.to_bytes().as_ref());
    out.extend_from_slice(key.encrypted_temp_key.to_bytes().as_ref());
    out.extend_from_slice(key.hashed_temp_key.to_bytes().as_ref());
    out.extend_from_slice(&key.public_signing_key);
    out.extend_from_slice(&key.signature);
    out
}

pub fn decode_transform_key<C: Tags>(bytes: &[u8]) -> Result<TransformKey<C>, DecodeError> {
    let len = Layout::<C>::TRANSFORM_KEY;
    check_header(bytes, C::TAG_TRANSFORM_KEY, len)?;
    if bytes.len() != len {
        return Err(DecodeError::Length);
    }
    let mut r = Reader {
        bytes: &bytes[HEADER_LEN..],
    };
    let ephemeral_public_key = r.public_key()?;
    let to_public_key = r.public_key()?;
    let encrypted_temp_key = r.fp12();
    let hashed_temp_key = HashedValue::from_bytes(&r.bytes()).map_err(DecodeError::Invalid)?;
    Ok(TransformKey {
        ephemeral_public_key,
        to_public_key,
        encrypted_temp_key,
        hashed_temp_key,
        public_signing_key: *r.take::<32>(),
        signature: *r.take::<64>(),
    })
}
