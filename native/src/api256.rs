//! recrypt's Api256 (spec section 4): the Transform Encryption scheme on the 256-bit BN curve.
//!
//! Values here are plain Rust types; the byte-level C ABI lives in [`crate::ffi`] and the
//! canonical wire encodings in [`crate::encoding`]. Secrets (private keys, plaintexts, signing key
//! pairs, the temporary keys inside an operation) are processed in constant time and zeroed when
//! dropped; nothing here branches on a secret, except to report that a secret key is invalid
//! (the point at infinity), which recrypt reports too.

use crate::curve::{
    mul_g1_generator, mul_g2_generator, mul_hash_element, G1Affine, G2Affine, G1, G2,
};
use crate::field::fp::{Limbs, Modulus, RModulus};
use crate::field::{Fp, Fp12, Fp2, Fr};
use crate::pairing::{final_exponentiation, pairing, pairing_with_g2_generator};
use crate::rng::{RandomSource, RandomSourceError};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Zeroes the named fields when a value of the type is dropped.
macro_rules! zeroize_on_drop {
    ($t:ty, $($field:tt),+) => {
        impl Drop for $t {
            fn drop(&mut self) {
                $(self.$field.zeroize();)+
            }
        }
    };
}

pub const PRIVATE_KEY_LEN: usize = 32;
pub const PUBLIC_KEY_LEN: usize = 64;
pub const FP12_LEN: usize = 384;
pub const PLAINTEXT_LEN: usize = FP12_LEN;
pub const HASHED_TEMP_KEY_LEN: usize = 128;
pub const AUTH_HASH_LEN: usize = 32;
pub const SYMMETRIC_KEY_LEN: usize = 32;
pub const SIGNING_KEY_PAIR_LEN: usize = 64;
pub const PUBLIC_SIGNING_KEY_LEN: usize = 32;
pub const ED25519_SIGNATURE_LEN: usize = 64;
pub const SCHNORR_SIGNATURE_LEN: usize = 64;
pub const TRANSFORM_BLOCK_LEN: usize = PUBLIC_KEY_LEN * 2 + FP12_LEN * 2;
pub const TRANSFORM_KEY_BYTES_LEN: usize =
    PUBLIC_KEY_LEN * 2 + FP12_LEN + HASHED_TEMP_KEY_LEN + PUBLIC_SIGNING_KEY_LEN;

/// Errors of the scheme (spec 5.1). Each maps to one recrypt error, or to the case where recrypt
/// panics and we answer instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The recomputed auth hash differs: wrong private key or altered value.
    DecryptFailed,
    /// The Ed25519 signature of an encrypted value does not verify.
    InvalidEncryptedMessageSignature,
    /// A public key is not on the curve, or an operation produced the point at infinity.
    InvalidPublicKey,
    /// The Ed25519 signature of a transform key does not verify.
    InvalidTransformKey,
    /// Bytes that cannot be decoded (a hashed temp key not on the twist, a malformed encoding).
    DecodeFailure,
    /// A signing key pair whose public half is not the public key of its seed.
    InvalidSigningKeyPair,
    /// The operating system's random source failed.
    RandomSource,
}

impl From<RandomSourceError> for Error {
    fn from(_: RandomSourceError) -> Self {
        Error::RandomSource
    }
}

pub type Result<T> = core::result::Result<T, Error>;

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

// ---------------------------------------------------------------------------------------------
// Keys

/// A private key: an integer k < p (spec 3.1). Built from any 32 bytes by reduction mod p.
#[derive(Clone)]
pub struct PrivateKey {
    value: Fp,
}
zeroize_on_drop!(PrivateKey, value);

impl PrivateKey {
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        PrivateKey {
            value: Fp::from_bytes_reduced(bytes),
        }
    }

    /// The canonical encoding BE_32(k mod p).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.value.to_bytes()
    }

    fn scalar(&self) -> Scalar {
        Scalar(self.value.to_canonical_limbs())
    }

    fn as_fr(&self) -> Fr {
        let mut limbs = self.value.to_canonical_limbs();
        let fr = Fr::from_limbs_reduced(&limbs);
        limbs.zeroize();
        fr
    }

    fn from_fr(v: &Fr) -> Self {
        let mut limbs = v.to_canonical_limbs();
        let key = PrivateKey {
            value: Fp::from_limbs_reduced(&limbs),
        };
        limbs.zeroize();
        key
    }
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PrivateKey(..)")
    }
}

/// A non-negative integer below 2^256 used as a scalar, zeroed on drop.
struct Scalar(Limbs);
zeroize_on_drop!(Scalar, 0);

impl Scalar {
    fn mul_g1(&self, p: &G1) -> G1 {
        p.mul_limbs(&self.0)
    }
    fn mul_g1_generator(&self) -> G1 {
        mul_g1_generator(&self.0)
    }
    fn mul_g2_generator(&self) -> G2 {
        mul_g2_generator(&self.0)
    }
}

/// A public key: an affine point on E (never the point at infinity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey {
    point: G1Affine,
}

impl PublicKey {
    /// From x and y, each reduced mod p; the point must be on the curve.
    pub fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self> {
        let p = G1Affine::new(Fp::from_bytes_reduced(x), Fp::from_bytes_reduced(y));
        Option::<G1Affine>::from(p)
            .map(|point| PublicKey { point })
            .ok_or(Error::InvalidPublicKey)
    }

    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self> {
        Self::from_coordinates(
            bytes[..32].try_into().expect("32 bytes"),
            bytes[32..].try_into().expect("32 bytes"),
        )
    }

    /// Canonical `x || y`.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.point.to_bytes()
    }

    fn from_projective(p: &G1) -> Result<Self> {
        Option::<G1Affine>::from(p.to_affine())
            .map(|point| PublicKey { point })
            .ok_or(Error::InvalidPublicKey)
    }

    fn projective(&self) -> G1 {
        self.point.to_projective()
    }

    /// Public-key augmentation (spec 4.4): the point sum.
    pub fn augment(&self, other: &PublicKey) -> Result<PublicKey> {
        Self::from_projective(&self.projective().add(&other.projective()))
    }
}

/// An Ed25519 signing key pair: seed || public key, validated on construction (spec 3.6).
#[derive(Clone)]
pub struct SigningKeyPair {
    bytes: [u8; 64],
}
zeroize_on_drop!(SigningKeyPair, bytes);

impl SigningKeyPair {
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self> {
        let pair =
            ring::signature::Ed25519KeyPair::from_seed_and_public_key(&bytes[..32], &bytes[32..])
                .map_err(|_| Error::InvalidSigningKeyPair)?;
        wipe_ring_key_pair(pair);
        Ok(SigningKeyPair { bytes: *bytes })
    }

    fn from_seed(seed: &[u8; 32]) -> Self {
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
    fn sign_value(&self, payload: &[u8]) -> [u8; 64] {
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

fn verify_value(public_signing_key: &[u8; 32], payload: &[u8], signature: &[u8; 64]) -> bool {
    let mut msg = Vec::with_capacity(32 + payload.len());
    msg.extend_from_slice(public_signing_key);
    msg.extend_from_slice(payload);
    ed25519_verify(public_signing_key, &msg, signature)
}

// ---------------------------------------------------------------------------------------------
// Plaintexts

/// A plaintext: an element of F_p12 (normally of the order-r subgroup G_T), zeroed on drop.
#[derive(Clone)]
pub struct Plaintext {
    value: Fp12,
}
zeroize_on_drop!(Plaintext, value);

impl Plaintext {
    /// Decodes 384 bytes, reducing every coefficient (spec 5.3); any F_p12 value is accepted.
    pub fn from_bytes(bytes: &[u8; 384]) -> Self {
        Plaintext {
            value: Fp12::from_bytes_reduced(bytes),
        }
    }

    pub fn to_bytes(&self) -> [u8; 384] {
        self.value.to_bytes()
    }

    /// SHA-256 of the canonical encoding (spec 4.7).
    pub fn derive_symmetric_key(&self) -> [u8; 32] {
        let mut bytes = self.to_bytes();
        let key = sha256(&[&bytes]);
        bytes.zeroize();
        key
    }

    /// The private key SHA-256(m) mod p (spec 4.8).
    pub fn derive_private_key(&self) -> PrivateKey {
        let mut digest = self.derive_symmetric_key();
        let key = PrivateKey::from_bytes(&digest);
        digest.zeroize();
        key
    }
}

impl core::fmt::Debug for Plaintext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Plaintext(..)")
    }
}

/// The F_p12 element whose 384-byte encoding is the given bytes, raised to (p^12-1)/r (spec 4.6).
/// `None` for the zero element, where recrypt would panic.
pub fn plaintext_from_random_bytes(bytes: &[u8; 384]) -> Option<Plaintext> {
    let mut raw = Fp12::from_bytes_reduced(bytes);
    let zero = raw.is_zero();
    let result = Plaintext {
        value: final_exponentiation(&raw),
    };
    raw.zeroize();
    if bool::from(zero) {
        None
    } else {
        Some(result)
    }
}

// ---------------------------------------------------------------------------------------------
// Values on the wire

/// A point on the twist E' kept with the exact bytes it was given (spec 4.1 HashedValue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashedValue {
    point: G2Affine,
    bytes: [u8; 128],
}

impl HashedValue {
    /// Decodes `x || y` (each `b || a`, reduced); the point must satisfy the twist equation and
    /// lie in G2, the subgroup of order r.
    ///
    /// The subgroup check is ours: recrypt checks only the twist equation (spec 5.2, pitfall 19).
    /// The twist has cofactor 2p - r, so it also holds points of small order (13 divides it); such
    /// a hashed temp key pairs to values outside G_T and silently corrupts the transformed value,
    /// which then no longer decrypts. Every hashed temp key IronCore's build (or this library)
    /// makes is hash2(K) - [a]G_Q, possibly augmented by another - [b]G_Q: a combination of G_Q and
    /// H, which generate G2. So the check refuses only values nobody's implementation produces
    /// (every recorded vector passes it), and it refuses them at decoding, with the same error as
    /// a point off the twist. It costs one scalar multiplication by r, small beside a pairing.
    pub fn from_bytes(bytes: &[u8; 128]) -> Result<Self> {
        let x = Fp2::from_bytes_reduced(bytes[..64].try_into().expect("64 bytes"));
        let y = Fp2::from_bytes_reduced(bytes[64..].try_into().expect("64 bytes"));
        let point = Option::<G2Affine>::from(G2Affine::new(x, y)).ok_or(Error::DecodeFailure)?;
        if !bool::from(
            point
                .to_projective()
                .mul_limbs(&RModulus::MODULUS)
                .is_identity(),
        ) {
            return Err(Error::DecodeFailure);
        }
        Ok(HashedValue {
            point,
            bytes: *bytes,
        })
    }

    fn from_point(point: G2Affine) -> Self {
        HashedValue {
            point,
            bytes: point.to_bytes(),
        }
    }

    /// The bytes as they were given (or canonical, for values computed here).
    pub fn to_bytes(&self) -> [u8; 128] {
        self.bytes
    }
}

/// One transform block (spec 4.1): added by each transform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformBlock {
    pub public_key: PublicKey,
    pub encrypted_temp_key: Fp12,
    pub random_transform_public_key: PublicKey,
    pub encrypted_random_transform_temp_key: Fp12,
}

impl TransformBlock {
    fn write_signed_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.public_key.to_bytes());
        out.extend_from_slice(&self.encrypted_temp_key.to_bytes());
        out.extend_from_slice(&self.random_transform_public_key.to_bytes());
        out.extend_from_slice(&self.encrypted_random_transform_temp_key.to_bytes());
    }
}

/// An encrypted value: level 0 (no blocks) or transformed (one block per hop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedValue {
    pub ephemeral_public_key: PublicKey,
    /// Kept as given (spec 4.1 EncryptedMessage); decoded with reduction when used.
    pub encrypted_message: [u8; 384],
    pub auth_hash: [u8; 32],
    pub public_signing_key: [u8; 32],
    pub signature: [u8; 64],
    pub transform_blocks: Vec<TransformBlock>,
}

impl EncryptedValue {
    /// The signed payload without the leading public signing key (spec 3.6).
    fn signed_payload(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(64 + 384 + 32 + TRANSFORM_BLOCK_LEN * self.transform_blocks.len());
        out.extend_from_slice(&self.ephemeral_public_key.to_bytes());
        out.extend_from_slice(&Fp12::from_bytes_reduced(&self.encrypted_message).to_bytes());
        out.extend_from_slice(&self.auth_hash);
        for block in &self.transform_blocks {
            block.write_signed_bytes(&mut out);
        }
        out
    }

    /// Whether the embedded signature verifies under the embedded public signing key.
    pub fn verify_signature(&self) -> bool {
        verify_value(
            &self.public_signing_key,
            &self.signed_payload(),
            &self.signature,
        )
    }

    fn sign(&mut self, signing: &SigningKeyPair) {
        self.public_signing_key = signing.public_key();
        self.signature = signing.sign_value(&self.signed_payload());
    }
}

/// A transform key from one private key to another public key (spec 4.11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformKey {
    pub ephemeral_public_key: PublicKey,
    pub to_public_key: PublicKey,
    pub encrypted_temp_key: Fp12,
    pub hashed_temp_key: HashedValue,
    pub public_signing_key: [u8; 32],
    pub signature: [u8; 64],
}

impl TransformKey {
    fn signed_payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + 64 + 384);
        out.extend_from_slice(&self.ephemeral_public_key.to_bytes());
        out.extend_from_slice(&self.to_public_key.to_bytes());
        out.extend_from_slice(&self.encrypted_temp_key.to_bytes());
        out
    }

    /// Whether the signature verifies (it covers EPK, ToPK and ETK, not the hashed temp key).
    pub fn verify_signature(&self) -> bool {
        verify_value(
            &self.public_signing_key,
            &self.signed_payload(),
            &self.signature,
        )
    }

    /// `transformKeyToBytes256` (spec 4.12): EPK || ToPK || ETK || HTK (as given) || psk.
    pub fn to_bytes(&self) -> [u8; TRANSFORM_KEY_BYTES_LEN] {
        let mut out = [0u8; TRANSFORM_KEY_BYTES_LEN];
        out[..64].copy_from_slice(&self.ephemeral_public_key.to_bytes());
        out[64..128].copy_from_slice(&self.to_public_key.to_bytes());
        out[128..512].copy_from_slice(&self.encrypted_temp_key.to_bytes());
        out[512..640].copy_from_slice(&self.hashed_temp_key.to_bytes());
        out[640..].copy_from_slice(&self.public_signing_key);
        out
    }

    /// Augmentation (spec 4.12): HTK' = HTK - [a]G_Q; everything else, signature included, kept.
    pub fn augment(&self, augmenting_key: &PrivateKey) -> Result<TransformKey> {
        let mut a_q = augmenting_key.scalar().mul_g2_generator();
        let htk = self.hashed_temp_key.point.to_projective().sub(&a_q);
        a_q.zeroize();
        let point = Option::<G2Affine>::from(htk.to_affine()).ok_or(Error::DecodeFailure)?;
        Ok(TransformKey {
            hashed_temp_key: HashedValue::from_point(point),
            ..self.clone()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Internal helpers

fn g1_affine(p: &G1) -> Result<G1Affine> {
    Option::<G1Affine>::from(p.to_affine()).ok_or(Error::InvalidPublicKey)
}

fn g2_affine(p: &G2) -> Result<G2Affine> {
    // A twist point at infinity here would make recrypt panic; we report it as undecodable.
    Option::<G2Affine>::from(p.to_affine()).ok_or(Error::DecodeFailure)
}

/// e(P, G_Q) for a projective P; the identity is `InvalidPublicKey` (spec 2.1).
fn pair_with_gq(p: &G1) -> Result<Fp12> {
    Ok(pairing_with_g2_generator(&g1_affine(p)?))
}

/// hash2 (spec 3.4): [int(SHA256(0x00||K) || SHA256(0x01||K)) mod p] H, projective.
fn hash2(k: &Fp12) -> G2 {
    let mut enc = k.to_bytes();
    let mut wide = [0u8; 64];
    wide[..32].copy_from_slice(&sha256(&[&[0u8], &enc]));
    wide[32..].copy_from_slice(&sha256(&[&[1u8], &enc]));
    let n = Scalar(Fp::from_bytes_wide(&wide).to_canonical_limbs());
    enc.zeroize();
    wide.zeroize();
    mul_hash_element(&n.0)
}

fn auth_hash(ephemeral: &PublicKey, plaintext: &Fp12) -> [u8; 32] {
    let mut m = plaintext.to_bytes();
    let h = sha256(&[&ephemeral.to_bytes(), &m]);
    m.zeroize();
    h
}

/// A temporary F_p12 secret, zeroed on drop (recrypt's KValue).
struct Secret12(Fp12);
zeroize_on_drop!(Secret12, 0);

// ---------------------------------------------------------------------------------------------
// The scheme

/// The scheme's operations over a source of random bytes. Every random draw happens in the order
/// and size of spec 6.3, so a [`crate::rng::CompatibleRng`] reproduces IronCore's outputs.
pub struct Api256<R: RandomSource> {
    rng: R,
}

impl<R: RandomSource> Api256<R> {
    pub fn new(rng: R) -> Self {
        Api256 { rng }
    }

    fn random_private_key(&mut self) -> Result<PrivateKey> {
        let mut bytes = [0u8; 32];
        self.rng.fill(&mut bytes)?;
        let key = PrivateKey::from_bytes(&bytes);
        bytes.zeroize();
        Ok(key)
    }

    fn random_gt(&mut self) -> Result<Plaintext> {
        let mut bytes = [0u8; 384];
        self.rng.fill(&mut bytes)?;
        let pt = plaintext_from_random_bytes(&bytes);
        bytes.zeroize();
        // 384 random bytes that all reduce to zero: probability 2^-3000, but never a panic.
        pt.ok_or(Error::RandomSource)
    }

    /// 4.2: a fresh key pair.
    pub fn generate_key_pair(&mut self) -> Result<(PrivateKey, PublicKey)> {
        let key = self.random_private_key()?;
        let public = compute_public_key(&key)?;
        Ok((key, public))
    }

    /// 4.6: a random element of G_T.
    pub fn generate_plaintext(&mut self) -> Result<Plaintext> {
        self.random_gt()
    }

    /// A fresh Ed25519 signing key pair from 32 random bytes.
    pub fn generate_signing_key_pair(&mut self) -> Result<SigningKeyPair> {
        let mut seed = [0u8; 32];
        self.rng.fill(&mut seed)?;
        let pair = SigningKeyPair::from_seed(&seed);
        seed.zeroize();
        Ok(pair)
    }

    /// 4.9: encrypt to a public key, signed with `signing`.
    pub fn encrypt(
        &mut self,
        plaintext: &Plaintext,
        to: &PublicKey,
        signing: &SigningKeyPair,
    ) -> Result<EncryptedValue> {
        let ke = self.random_private_key()?;
        encrypt_with(plaintext, to, signing, &ke)
    }

    /// 4.11: a transform key from `from` to `to`, signed with `signing`.
    pub fn generate_transform_key(
        &mut self,
        from: &PrivateKey,
        to: &PublicKey,
        signing: &SigningKeyPair,
    ) -> Result<TransformKey> {
        let s = self.random_private_key()?;
        let k = self.random_gt()?;
        generate_transform_key_with(from, to, signing, &s, &k)
    }

    /// 4.13: one more hop, re-signed by the transformer.
    pub fn transform(
        &mut self,
        value: &EncryptedValue,
        key: &TransformKey,
        signing: &SigningKeyPair,
    ) -> Result<EncryptedValue> {
        let k_prime = self.random_gt()?;
        let t = self.random_private_key()?;
        transform_with(value, key, signing, &k_prime, &t)
    }
}

// The deterministic cores of the randomised operations, given their random values in drawing order.

/// 4.9 with the ephemeral key `ke`.
fn encrypt_with(
    plaintext: &Plaintext,
    to: &PublicKey,
    signing: &SigningKeyPair,
    ke: &PrivateKey,
) -> Result<EncryptedValue> {
    let ke = ke.scalar();
    let ephemeral = PublicKey::from_projective(&ke.mul_g1_generator())?;
    let mask = Secret12(pair_with_gq(&ke.mul_g1(&to.projective()))?);
    let c = mask.0 * plaintext.value;
    let mut value = EncryptedValue {
        ephemeral_public_key: ephemeral,
        encrypted_message: c.to_bytes(),
        auth_hash: auth_hash(&ephemeral, &plaintext.value),
        public_signing_key: [0; 32],
        signature: [0; 64],
        transform_blocks: Vec::new(),
    };
    value.sign(signing);
    Ok(value)
}

/// 4.11 with the ephemeral key `s` and the temp key `k`.
fn generate_transform_key_with(
    from: &PrivateKey,
    to: &PublicKey,
    signing: &SigningKeyPair,
    s: &PrivateKey,
    k: &Plaintext,
) -> Result<TransformKey> {
    let s = s.scalar();
    let epk = PublicKey::from_projective(&s.mul_g1_generator())?;
    let etk = pair_with_gq(&s.mul_g1(&to.projective()))? * k.value;
    let mut from_q = from.scalar().mul_g2_generator();
    let mut hashed_k = hash2(&k.value);
    let htk = g2_affine(&hashed_k.sub(&from_q));
    from_q.zeroize();
    hashed_k.zeroize();
    let htk = htk?;
    let mut key = TransformKey {
        ephemeral_public_key: epk,
        to_public_key: *to,
        encrypted_temp_key: etk,
        hashed_temp_key: HashedValue::from_point(htk),
        public_signing_key: signing.public_key(),
        signature: [0; 64],
    };
    key.signature = signing.sign_value(&key.signed_payload());
    Ok(key)
}

/// 4.13 with the temp key `k_prime` and the random key `t`.
fn transform_with(
    value: &EncryptedValue,
    key: &TransformKey,
    signing: &SigningKeyPair,
    k_prime: &Plaintext,
    t: &PrivateKey,
) -> Result<EncryptedValue> {
    let t = t.scalar();
    let value_ok = value.verify_signature();
    let key_ok = key.verify_signature();
    if !value_ok {
        return Err(Error::InvalidEncryptedMessageSignature);
    }
    if !key_ok {
        return Err(Error::InvalidTransformKey);
    }
    let rpk = PublicKey::from_projective(&t.mul_g1_generator())?;
    let ertk = pair_with_gq(&t.mul_g1(&key.to_public_key.projective()))? * k_prime.value;
    let new_block = TransformBlock {
        public_key: key.ephemeral_public_key,
        encrypted_temp_key: key.encrypted_temp_key,
        random_transform_public_key: rpk,
        encrypted_random_transform_temp_key: ertk,
    };
    let htk = key.hashed_temp_key.point.to_projective();
    let hk = hash2(&k_prime.value);
    let combined = g2_affine(&htk.add(&hk))?;
    let mut result = value.clone();
    match result.transform_blocks.last_mut() {
        None => {
            let c = Fp12::from_bytes_reduced(&value.encrypted_message);
            let c = pairing(&value.ephemeral_public_key.point, &combined) * c;
            result.encrypted_message = c.to_bytes();
        }
        Some(last) => {
            let htk_affine = key.hashed_temp_key.point;
            last.encrypted_temp_key *= pairing(&last.public_key.point, &htk_affine);
            last.encrypted_random_transform_temp_key *=
                pairing(&last.random_transform_public_key.point, &combined);
        }
    }
    result.transform_blocks.push(new_block);
    result.sign(signing);
    Ok(result)
}

/// 4.3: [k]G_P; the point at infinity (k = 0 mod r) is `InvalidPublicKey`.
pub fn compute_public_key(key: &PrivateKey) -> Result<PublicKey> {
    PublicKey::from_projective(&key.scalar().mul_g1_generator())
}

/// 4.10: decrypt a value of any level with the final recipient's private key.
pub fn decrypt(value: &EncryptedValue, key: &PrivateKey) -> Result<Plaintext> {
    let c = Fp12::from_bytes_reduced(&value.encrypted_message);
    if !value.verify_signature() {
        return Err(Error::InvalidEncryptedMessageSignature);
    }
    let k = key.scalar();
    let m = match value.transform_blocks.split_last() {
        None => {
            let mask = Secret12(pair_with_gq(
                &k.mul_g1(&value.ephemeral_public_key.projective().neg()),
            )?);
            Secret12(c * mask.0)
        }
        Some((last, earlier)) => {
            let mut kk = Secret12(
                last.encrypted_temp_key
                    * pair_with_gq(&k.mul_g1(&last.public_key.projective().neg()))?,
            );
            let mut rr = Secret12(
                last.encrypted_random_transform_temp_key
                    * pair_with_gq(
                        &k.mul_g1(&last.random_transform_public_key.projective().neg()),
                    )?,
            );
            for block in earlier.iter().rev() {
                let h = hash2(&kk.0);
                let h_affine = g2_affine(&h)?;
                let hr = g2_affine(&hash2(&rr.0).add(&h))?;
                kk = Secret12(
                    block.encrypted_temp_key * pairing(&block.public_key.point.neg(), &h_affine),
                );
                rr = Secret12(
                    block.encrypted_random_transform_temp_key
                        * pairing(&block.random_transform_public_key.point.neg(), &hr),
                );
            }
            let combined = g2_affine(&hash2(&kk.0).add(&hash2(&rr.0)))?;
            Secret12(c * pairing(&value.ephemeral_public_key.point.neg(), &combined))
        }
    };
    let expected = auth_hash(&value.ephemeral_public_key, &m.0);
    if !bool::from(expected.ct_eq(&value.auth_hash)) {
        return Err(Error::DecryptFailed);
    }
    Ok(Plaintext { value: m.0 })
}

/// 4.5: (a + b) mod r.
pub fn add_private_keys(a: &PrivateKey, b: &PrivateKey) -> PrivateKey {
    private_key_arithmetic(a, b, |x, y| x + y)
}

/// 4.5: (a - b) mod r, first minus second.
pub fn subtract_private_keys(a: &PrivateKey, b: &PrivateKey) -> PrivateKey {
    private_key_arithmetic(a, b, |x, y| x - y)
}

/// `op` on the Montgomery forms of two keys; the forms and the result are wiped before returning.
fn private_key_arithmetic(a: &PrivateKey, b: &PrivateKey, op: fn(Fr, Fr) -> Fr) -> PrivateKey {
    let mut x = a.as_fr();
    let mut y = b.as_fr();
    let mut result = op(x, y);
    let key = PrivateKey::from_fr(&result);
    x.zeroize();
    y.zeroize();
    result.zeroize();
    key
}

// ---------------------------------------------------------------------------------------------
// Schnorr (spec 4.14)

fn schnorr_challenge(r_s: &Fr, public_key: &PublicKey, message: &[u8]) -> Fr {
    let r_bytes = r_s.to_bytes();
    let pk = public_key.to_bytes();
    let mut wide = [0u8; 64];
    wide[..32].copy_from_slice(&sha256(&[&r_bytes, &pk, message]));
    wide[32..].copy_from_slice(&sha256(&[&pk, message, &r_bytes]));
    Fr::from_limbs_reduced(&Fp::from_bytes_wide(&wide).to_canonical_limbs())
}

impl<R: RandomSource> Api256<R> {
    /// Schnorr signature by `key` for the (possibly augmented) `public_key` over `message`.
    pub fn schnorr_sign(
        &mut self,
        key: &PrivateKey,
        public_key: &PublicKey,
        message: &[u8],
    ) -> Result<[u8; 64]> {
        let nonce = loop {
            let mut bytes = [0u8; 32];
            self.rng.fill(&mut bytes)?;
            let candidate = Fr::from_bytes_canonical(&bytes);
            bytes.zeroize();
            if let Some(n) = Option::<Fr>::from(candidate) {
                break n;
            }
        };
        schnorr_sign_with_nonce(key, public_key, message, nonce)
    }
}

fn schnorr_sign_with_nonce(
    key: &PrivateKey,
    public_key: &PublicKey,
    message: &[u8],
    mut nonce: Fr,
) -> Result<[u8; 64]> {
    let r_point = g1_affine(&Scalar(nonce.to_canonical_limbs()).mul_g1_generator())?;
    let r_s = Fr::from_limbs_reduced(&r_point.x.to_canonical_limbs());
    let h = schnorr_challenge(&r_s, public_key, message);
    let mut k = key.as_fr();
    let s = nonce - h * k;
    nonce.zeroize();
    k.zeroize();
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r_s.to_bytes());
    sig[32..].copy_from_slice(&s.to_bytes());
    Ok(sig)
}

/// Verifies a Schnorr signature; `augmenting_key` is the server key an augmented public key
/// includes (spec 4.14).
pub fn schnorr_verify(
    public_key: &PublicKey,
    augmenting_key: Option<&PrivateKey>,
    message: &[u8],
    signature: &[u8; 64],
) -> bool {
    let r_s = Fr::from_limbs_reduced(&crate::field::fp::limbs_from_be_bytes(
        signature[..32].try_into().expect("32 bytes"),
    ));
    let s = Fr::from_limbs_reduced(&crate::field::fp::limbs_from_be_bytes(
        signature[32..].try_into().expect("32 bytes"),
    ));
    let h = schnorr_challenge(&r_s, public_key, message);
    let mut u = public_key.projective();
    if let Some(a) = augmenting_key {
        u = u.sub(&a.scalar().mul_g1_generator());
    }
    let v = Scalar(s.to_canonical_limbs())
        .mul_g1_generator()
        .add(&Scalar(h.to_canonical_limbs()).mul_g1(&u));
    match Option::<G1Affine>::from(v.to_affine()) {
        None => false,
        Some(v) => bool::from(Fr::from_limbs_reduced(&v.x.to_canonical_limbs()).ct_eq(&r_s)),
    }
}

/// SHA-256 (npm `hash256`).
pub fn hash256(bytes: &[u8]) -> [u8; 32] {
    sha256(&[bytes])
}

#[doc(hidden)]
/// Known-answer hooks: the deterministic cores of randomised operations, for tests only.
pub mod kat {
    use super::*;

    pub fn hash2_bytes(k: &[u8; 384]) -> [u8; 128] {
        g2_affine(&hash2(&Fp12::from_bytes_reduced(k)))
            .expect("hash2 of a G_T element")
            .to_bytes()
    }

    pub fn pairing_bytes(p: &PublicKey, q: &HashedValue) -> [u8; 384] {
        pairing(&p.point, &q.point).to_bytes()
    }

    pub fn schnorr_sign_with_nonce(
        key: &PrivateKey,
        public_key: &PublicKey,
        message: &[u8],
        nonce: &[u8; 32],
    ) -> Result<[u8; 64]> {
        super::schnorr_sign_with_nonce(key, public_key, message, Fr::from_bytes_reduced(nonce))
    }

    /// Fp12 decode-and-reencode: the canonical form of 384 bytes.
    pub fn canonical_fp12(bytes: &[u8; 384]) -> [u8; 384] {
        Fp12::from_bytes_reduced(bytes).to_bytes()
    }

    /// [`Api256::generate_transform_key`] with its draws: the ephemeral key s and the temp key K.
    pub fn generate_transform_key_with(
        from: &PrivateKey,
        to: &PublicKey,
        signing: &SigningKeyPair,
        ephemeral_key: &PrivateKey,
        temp_key: &Plaintext,
    ) -> Result<TransformKey> {
        super::generate_transform_key_with(from, to, signing, ephemeral_key, temp_key)
    }

    /// [`Api256::transform`] with its draws: the temp key K' and the random key t.
    pub fn transform_with(
        value: &EncryptedValue,
        key: &TransformKey,
        signing: &SigningKeyPair,
        temp_key: &Plaintext,
        random_key: &PrivateKey,
    ) -> Result<EncryptedValue> {
        super::transform_with(value, key, signing, temp_key, random_key)
    }

    /// The bytes an encrypted value's signature covers: public signing key || payload (spec 3.6).
    pub fn encrypted_value_signed_bytes(value: &EncryptedValue) -> Vec<u8> {
        [&value.public_signing_key[..], &value.signed_payload()].concat()
    }

    /// The bytes a transform key's signature covers: public signing key || payload (spec 3.6).
    pub fn transform_key_signed_bytes(key: &TransformKey) -> Vec<u8> {
        [&key.public_signing_key[..], &key.signed_payload()].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_is_reduced_mod_p() {
        let k = PrivateKey::from_bytes(&[0xff; 32]);
        assert_ne!(k.to_bytes(), [0xff; 32]);
    }
}
