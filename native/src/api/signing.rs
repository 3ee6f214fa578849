//! Ed25519 (spec 3.6) and SHA-256 (npm `hash256`): the same on both curves, so defined once.

use super::common::{sha256, Error, Result};
use crate::rng::RandomSource;
use zeroize::Zeroize;

/// An Ed25519 signing key pair: seed || public key, validated on construction (spec 3.6).
#[derive(Clone)]
pub struct SigningKeyPair {
    bytes: [u8; 64],
}
impl Drop for SigningKeyPair {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl SigningKeyPair {
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self> {
        let pair =
            ring::signature::Ed25519KeyPair::from_seed_and_public_key(&bytes[..32], &bytes[32..])
                .map_err(|_| Error::InvalidSigningKeyPair)?;
        wipe_ring_key_pair(pair);
        Ok(SigningKeyPair { bytes: *bytes })
    }

    /// A fresh key pair whose seed is the next 32 bytes of `rng` (spec 3.6).
    pub fn generate(rng: &mut impl RandomSource) -> Result<Self> {
        let mut seed = [0u8; 32];
        rng.fill(&mut seed)?;
        let pair = Self::from_seed(&seed);
        seed.zeroize();
        Ok(pair)
    }

    pub(crate) fn from_seed(seed: &[u8; 32]) -> Self {
        let ring_pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(seed)
            .expect("every 32-byte seed is a valid Ed25519 private key");
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(seed);
        bytes[32..].copy_from_slice(ring::signature::KeyPair::public_key(&ring_pair).as_ref());
        wipe_ring_key_pair(ring_pair);
        SigningKeyPair { bytes }
    }

    pub fn to_bytes(&self) -> [u8; 64] {
        self.bytes
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.bytes[32..].try_into().expect("32 bytes")
    }

    /// RFC 8032 Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let pair = ring::signature::Ed25519KeyPair::from_seed_and_public_key(
            &self.bytes[..32],
            &self.bytes[32..],
        )
        .expect("validated on construction");
        let signature = pair.sign(message).as_ref().try_into().expect("64 bytes");
        wipe_ring_key_pair(pair);
        signature
    }

    /// Signs `public key || payload`, the way recrypt signs its values.
    pub(crate) fn sign_value(&self, payload: &[u8]) -> [u8; 64] {
        let mut msg = Vec::with_capacity(32 + payload.len());
        msg.extend_from_slice(&self.bytes[32..]);
        msg.extend_from_slice(payload);
        self.sign(&msg)
    }
}

impl core::fmt::Debug for SigningKeyPair {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SigningKeyPair(..)")
    }
}

/// ring's `Ed25519KeyPair` holds the expanded secret scalar and nonce prefix and has no `Drop` that
/// wipes them. It owns no heap memory (only byte arrays), so its bytes are overwritten in place and
/// the value is forgotten: the zeroed pattern is never used as a key pair.
fn wipe_ring_key_pair(pair: ring::signature::Ed25519KeyPair) {
    let mut pair = core::mem::ManuallyDrop::new(pair);
    let bytes = &mut *pair as *mut ring::signature::Ed25519KeyPair as *mut u8;
    for i in 0..core::mem::size_of::<ring::signature::Ed25519KeyPair>() {
        // SAFETY: within the value, which is never read or dropped again.
        unsafe { core::ptr::write_volatile(bytes.add(i), 0) };
    }
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
}

/// The canonical encodings' y coordinates (sign bit cleared, little-endian) of the eight points of
/// small order on edwards25519: the identity (y = 1), the point of order 2 (y = -1), the two of
/// order 4 (y = 0) and the four of order 8 (two values of y, each with both signs of x).
const ED25519_SMALL_ORDER_Y: [[u8; 32]; 5] = [
    hex32("0100000000000000000000000000000000000000000000000000000000000000"),
    hex32("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex32("0000000000000000000000000000000000000000000000000000000000000000"),
    hex32("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    hex32("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
];

const fn hex32(hex: &str) -> [u8; 32] {
    let h = hex.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(h[2 * i]) << 4) | nibble(h[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not a lowercase hex digit"),
    }
}

/// Whether 32 bytes are an Ed25519 public key this library accepts: the canonical encoding
/// (y < p = 2^255 - 19) of a point that is not of small order. Public keys are public: this is
/// not constant time.
///
/// This is RFC 8032's strict reading (section 5.1.3 requires y < p; 5.1.7 allows rejecting
/// small-order keys), not ZIP-215's permissive one. ZIP-215 accepts every encoding so that all
/// nodes of a consensus system agree on validity; here nothing needs that, and a small-order key
/// is dangerous: for it, signatures that verify on any message exist without any secret (with
/// R = identity and S = 0, [S]B - [k]A is the identity whenever [k]A is, which for the identity
/// key is always), so "this key signed it" would mean nothing. Every key made from a seed (all
/// that IronCore's build and this library produce) passes. ring checks the rest (A on the curve,
/// S < L, and [S]B - [k]A encodes to R, cofactorless).
pub fn is_strict_ed25519_public_key(public_key: &[u8; 32]) -> bool {
    let mut y = *public_key;
    y[31] &= 0x7f;
    // y >= p exactly when y is 2^255 - 19 .. 2^255 - 1: ed ff .. ff 7f and the 18 above it.
    let non_canonical = y[0] >= 0xed && y[1..31].iter().all(|&b| b == 0xff) && y[31] == 0x7f;
    !non_canonical && !ED25519_SMALL_ORDER_Y.contains(&y)
}

/// Whether 32 bytes are an Ed25519 public key that can verify a signature here: strict
/// ([`is_strict_ed25519_public_key`]) and the encoding of a point on the curve. Registration uses it
/// to refuse a key before any signature is checked. Not constant time (public keys are public).
pub fn is_valid_ed25519_public_key(public_key: &[u8; 32]) -> bool {
    is_strict_ed25519_public_key(public_key) && crate::ed25519_point::decodes_to_point(public_key)
}

/// RFC 8032 Ed25519 verification with strict public keys ([`is_strict_ed25519_public_key`]),
/// cofactorless, S must be canonical.
pub fn ed25519_verify(public_key: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    is_strict_ed25519_public_key(public_key)
        && ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, public_key)
            .verify(message, signature)
            .is_ok()
}

pub(crate) fn verify_value(
    public_signing_key: &[u8; 32],
    payload: &[u8],
    signature: &[u8; 64],
) -> bool {
    let mut msg = Vec::with_capacity(32 + payload.len());
    msg.extend_from_slice(public_signing_key);
    msg.extend_from_slice(payload);
    ed25519_verify(public_signing_key, &msg, signature)
}

/// SHA-256 (npm `hash256`).
pub fn hash256(bytes: &[u8]) -> [u8; 32] {
    sha256(&[bytes])
}
