//! The Transform Encryption scheme (spec sections 3-5), generic over the curve: every operation
//! of recrypt's `Recrypt` (Api256) and `Recrypt480` (Api480, spec Appendix A) is written once here
//! and instantiated by [`super::api256`] and [`super::api480`], which add what differs (the
//! derivation of a private key from a plaintext) and name the types.
//!
//! Values here are plain Rust types; the byte-level C ABI lives in [`crate::ffi`] and the
//! canonical wire encodings in [`crate::encoding`]. Secrets (private keys, plaintexts, signing key
//! pairs, the temporary keys inside an operation) are processed in constant time and zeroed when
//! dropped; nothing here branches on a secret, except to report that a secret key is invalid
//! (the point at infinity), which recrypt reports too.

use super::signing::{verify_value, SigningKeyPair};
use crate::curve::{
    mul_g1_generator, mul_g2_generator, mul_hash_element, G1Affine, G2Affine, G1, G2,
};
use crate::field::tower::{Fp12, Fp2};
use crate::field::{ByteArray, PrimeField};
use crate::pairing::{final_exponentiation, pairing, pairing_with_g2_generator};
use crate::params::{Bn, FieldBytes, ScalarLimbs};
use crate::rng::{RandomSource, RandomSourceError};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Zeroes the named fields when a value of the (curve-generic) type is dropped.
macro_rules! zeroize_on_drop {
    ($t:ident, $($field:tt),+) => {
        impl<C: Curve> Drop for $t<C> {
            fn drop(&mut self) {
                $(self.$field.zeroize();)+
            }
        }
    };
}

/// A curve the scheme runs on: a [`Bn`] parameter set and the one scheme-level rule that differs
/// between Api256 and Api480.
pub trait Curve: Bn {
    /// The bytes of derive_private_key(m) before the reduction mod p, from the canonical
    /// encoding of m (spec 4.8 and A.4).
    fn derive_private_key_bytes(encoded_plaintext: &[u8]) -> FieldBytes<Self>;
}

/// The byte sizes of the scheme's values on the curve `C` (spec 4.1, A.3).
pub struct Sizes<C>(core::marker::PhantomData<C>);

impl<C: Curve> Sizes<C> {
    pub const FIELD: usize = <FieldBytes<C> as ByteArray>::LEN;
    pub const PRIVATE_KEY: usize = Self::FIELD;
    pub const PUBLIC_KEY: usize = <C::G1Bytes as ByteArray>::LEN;
    pub const FP12: usize = <C::Fp12Bytes as ByteArray>::LEN;
    pub const PLAINTEXT: usize = Self::FP12;
    pub const HASHED_TEMP_KEY: usize = <C::G2Bytes as ByteArray>::LEN;
    pub const SCHNORR_SIGNATURE: usize = 2 * Self::FIELD;
    /// One transform block as signed and encoded: P, ETK, RP, ERTK.
    pub const TRANSFORM_BLOCK: usize = 2 * Self::PUBLIC_KEY + 2 * Self::FP12;
    /// `transformKeyToBytes`: EPK, ToPK, ETK, HTK, psk.
    pub const TRANSFORM_KEY_BYTES: usize =
        2 * Self::PUBLIC_KEY + Self::FP12 + Self::HASHED_TEMP_KEY + PUBLIC_SIGNING_KEY_LEN;
}

// The sizes both curves share.
pub const AUTH_HASH_LEN: usize = 32;
pub const SYMMETRIC_KEY_LEN: usize = 32;
pub const SIGNING_KEY_PAIR_LEN: usize = 64;
pub const PUBLIC_SIGNING_KEY_LEN: usize = 32;
pub const ED25519_SIGNATURE_LEN: usize = 64;

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

pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

// ---------------------------------------------------------------------------------------------
// Keys

/// A private key: an integer k < p (spec 3.1). Built from any field-size byte string (32 bytes
/// for Api256, 60 for Api480) by reduction mod p.
#[derive(Clone)]
pub struct PrivateKey<C: Curve> {
    value: C::Fp,
}
zeroize_on_drop!(PrivateKey, value);

impl<C: Curve> PrivateKey<C> {
    pub fn from_bytes(bytes: &FieldBytes<C>) -> Self {
        PrivateKey {
            value: C::Fp::from_bytes_reduced(bytes),
        }
    }

    /// The canonical encoding BE(k mod p).
    pub fn to_bytes(&self) -> FieldBytes<C> {
        self.value.to_bytes()
    }

    fn scalar(&self) -> Scalar<C> {
        Scalar(self.value.to_canonical_limbs())
    }

    fn as_fr(&self) -> C::Fr {
        let mut limbs = self.value.to_canonical_limbs();
        let fr = C::Fr::from_limbs_reduced(&limbs);
        limbs.zeroize();
        fr
    }

    fn from_fr(v: &C::Fr) -> Self {
        let mut limbs = v.to_canonical_limbs();
        let key = PrivateKey {
            value: C::Fp::from_limbs_reduced(&limbs),
        };
        limbs.zeroize();
        key
    }
}

impl<C: Curve> core::fmt::Debug for PrivateKey<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PrivateKey(..)")
    }
}

/// A non-negative integer below 2^BITS used as a scalar, zeroed on drop.
struct Scalar<C: Curve>(ScalarLimbs<C>);
zeroize_on_drop!(Scalar, 0);

impl<C: Curve> Scalar<C> {
    fn mul_g1(&self, p: &G1<C>) -> G1<C> {
        p.mul_limbs(self.0.as_ref())
    }
    fn mul_g1_generator(&self) -> G1<C> {
        mul_g1_generator(self.0.as_ref())
    }
    fn mul_g2_generator(&self) -> G2<C> {
        mul_g2_generator(self.0.as_ref())
    }
}

/// A public key: an affine point on E (never the point at infinity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey<C: Curve> {
    point: G1Affine<C>,
}

impl<C: Curve> PublicKey<C> {
    /// From x and y, each reduced mod p; the point must be on the curve.
    pub fn from_coordinates(x: &FieldBytes<C>, y: &FieldBytes<C>) -> Result<Self> {
        let p = G1Affine::new(C::Fp::from_bytes_reduced(x), C::Fp::from_bytes_reduced(y));
        Option::<G1Affine<C>>::from(p)
            .map(|point| PublicKey { point })
            .ok_or(Error::InvalidPublicKey)
    }

    pub fn from_bytes(bytes: &C::G1Bytes) -> Result<Self> {
        let n = Sizes::<C>::FIELD;
        Self::from_coordinates(
            &ByteArray::copy_from(&bytes.as_ref()[..n]),
            &ByteArray::copy_from(&bytes.as_ref()[n..]),
        )
    }

    /// Canonical `x || y`.
    pub fn to_bytes(&self) -> C::G1Bytes {
        self.point.to_bytes()
    }

    fn from_projective(p: &G1<C>) -> Result<Self> {
        Option::<G1Affine<C>>::from(p.to_affine())
            .map(|point| PublicKey { point })
            .ok_or(Error::InvalidPublicKey)
    }

    fn projective(&self) -> G1<C> {
        self.point.to_projective()
    }

    /// Public-key augmentation (spec 4.4): the point sum.
    pub fn augment(&self, other: &Self) -> Result<Self> {
        Self::from_projective(&self.projective().add(&other.projective()))
    }
}

// ---------------------------------------------------------------------------------------------
// Plaintexts

/// A plaintext: an element of F_p12 (normally of the order-r subgroup G_T), zeroed on drop.
#[derive(Clone)]
pub struct Plaintext<C: Curve> {
    value: Fp12<C>,
}
zeroize_on_drop!(Plaintext, value);

impl<C: Curve> Plaintext<C> {
    /// Decodes 12 field elements, reducing every coefficient (spec 5.3); any F_p12 value is
    /// accepted.
    pub fn from_bytes(bytes: &C::Fp12Bytes) -> Self {
        Plaintext {
            value: Fp12::from_bytes_reduced(bytes),
        }
    }

    pub fn to_bytes(&self) -> C::Fp12Bytes {
        self.value.to_bytes()
    }

    /// SHA-256 of the canonical encoding (spec 4.7).
    pub fn derive_symmetric_key(&self) -> [u8; 32] {
        let mut bytes = self.to_bytes();
        let key = sha256(&[bytes.as_ref()]);
        bytes.zeroize();
        key
    }

    /// The private key derived from the plaintext (spec 4.8: SHA-256(m) mod p for Api256; A.4
    /// for Api480).
    pub fn derive_private_key(&self) -> PrivateKey<C> {
        let mut bytes = self.to_bytes();
        let mut digest = C::derive_private_key_bytes(bytes.as_ref());
        let key = PrivateKey::from_bytes(&digest);
        bytes.zeroize();
        digest.zeroize();
        key
    }
}

impl<C: Curve> core::fmt::Debug for Plaintext<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Plaintext(..)")
    }
}

/// The F_p12 element whose encoding is the given bytes, raised to (p^12-1)/r (spec 4.6). `None`
/// for the zero element, where recrypt would panic.
#[inline(never)] // its own frame, named by native/ct/ct.supp
pub fn plaintext_from_random_bytes<C: Curve>(bytes: &C::Fp12Bytes) -> Option<Plaintext<C>> {
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
pub struct HashedValue<C: Curve> {
    point: G2Affine<C>,
    bytes: C::G2Bytes,
}

impl<C: Curve> HashedValue<C> {
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
    pub fn from_bytes(bytes: &C::G2Bytes) -> Result<Self> {
        let n = Fp2::<C>::BYTES;
        let x = Fp2::from_bytes_reduced(&bytes.as_ref()[..n]);
        let y = Fp2::from_bytes_reduced(&bytes.as_ref()[n..]);
        let point = Option::<G2Affine<C>>::from(G2Affine::new(x, y)).ok_or(Error::DecodeFailure)?;
        let order = <C::Fr as PrimeField>::MODULUS_LIMBS;
        if !bool::from(
            point
                .to_projective()
                .mul_limbs(order.as_ref())
                .is_identity(),
        ) {
            return Err(Error::DecodeFailure);
        }
        Ok(HashedValue {
            point,
            bytes: *bytes,
        })
    }

    fn from_point(point: G2Affine<C>) -> Self {
        HashedValue {
            point,
            bytes: point.to_bytes(),
        }
    }

    /// The bytes as they were given (or canonical, for values computed here).
    pub fn to_bytes(&self) -> C::G2Bytes {
        self.bytes
    }
}

/// One transform block (spec 4.1): added by each transform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformBlock<C: Curve> {
    pub public_key: PublicKey<C>,
    pub encrypted_temp_key: Fp12<C>,
    pub random_transform_public_key: PublicKey<C>,
    pub encrypted_random_transform_temp_key: Fp12<C>,
}

impl<C: Curve> TransformBlock<C> {
    fn write_signed_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.public_key.to_bytes().as_ref());
        out.extend_from_slice(self.encrypted_temp_key.to_bytes().as_ref());
        out.extend_from_slice(self.random_transform_public_key.to_bytes().as_ref());
        out.extend_from_slice(self.encrypted_random_transform_temp_key.to_bytes().as_ref());
    }
}

/// An encrypted value: level 0 (no blocks) or transformed (one block per hop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedValue<C: Curve> {
    pub ephemeral_public_key: PublicKey<C>,
    /// Kept as given (spec 4.1 EncryptedMessage); decoded with reduction when used.
    pub encrypted_message: C::Fp12Bytes,
    pub auth_hash: [u8; 32],
    pub public_signing_key: [u8; 32],
    pub signature: [u8; 64],
    pub transform_blocks: Vec<TransformBlock<C>>,
}

impl<C: Curve> EncryptedValue<C> {
    /// The signed payload without the leading public signing key (spec 3.6).
    fn signed_payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            Sizes::<C>::PUBLIC_KEY
                + Sizes::<C>::FP12
                + AUTH_HASH_LEN
                + Sizes::<C>::TRANSFORM_BLOCK * self.transform_blocks.len(),
        );
        out.extend_from_slice(self.ephemeral_public_key.to_bytes().as_ref());
        out.extend_from_slice(
            Fp12::<C>::from_bytes_reduced(&self.encrypted_message)
                .to_bytes()
                .as_ref(),
        );
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
pub struct TransformKey<C: Curve> {
    pub ephemeral_public_key: PublicKey<C>,
    pub to_public_key: PublicKey<C>,
    pub encrypted_temp_key: Fp12<C>,
    pub hashed_temp_key: HashedValue<C>,
    pub public_signing_key: [u8; 32],
    pub signature: [u8; 64],
}

impl<C: Curve> TransformKey<C> {
    fn signed_payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * Sizes::<C>::PUBLIC_KEY + Sizes::<C>::FP12);
        out.extend_from_slice(self.ephemeral_public_key.to_bytes().as_ref());
        out.extend_from_slice(self.to_public_key.to_bytes().as_ref());
        out.extend_from_slice(self.encrypted_temp_key.to_bytes().as_ref());
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

    /// The key, its signature checked once, for any number of [`Recrypt::transform_prepared`] calls;
    /// `InvalidTransformKey` when the signature does not verify.
    pub fn prepare(self) -> Result<PreparedTransformKey<C>> {
        if self.verify_signature() {
            Ok(PreparedTransformKey(self))
        } else {
            Err(Error::InvalidTransformKey)
        }
    }

    /// `transformKeyToBytes256` / `transformKeyToBytes480` (spec 4.12, A.3): EPK || ToPK || ETK ||
    /// HTK (as given) || psk ([`Sizes::TRANSFORM_KEY_BYTES`] bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Sizes::<C>::TRANSFORM_KEY_BYTES);
        out.extend_from_slice(self.ephemeral_public_key.to_bytes().as_ref());
        out.extend_from_slice(self.to_public_key.to_bytes().as_ref());
        out.extend_from_slice(self.encrypted_temp_key.to_bytes().as_ref());
        out.extend_from_slice(self.hashed_temp_key.to_bytes().as_ref());
        out.extend_from_slice(&self.public_signing_key);
        out
    }

    /// Augmentation (spec 4.12): HTK' = HTK - [a]G_Q; everything else, signature included, kept.
    #[inline(never)] // its own frame, named by native/ct/ct.supp
    pub fn augment(&self, augmenting_key: &PrivateKey<C>) -> Result<Self> {
        let mut a_q = augmenting_key.scalar().mul_g2_generator();
        let htk = self.hashed_temp_key.point.to_projective().sub(&a_q);
        a_q.zeroize();
        let point = Option::<G2Affine<C>>::from(htk.to_affine()).ok_or(Error::DecodeFailure)?;
        Ok(TransformKey {
            hashed_temp_key: HashedValue::from_point(point),
            ..self.clone()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Internal helpers

fn g1_affine<C: Curve>(p: &G1<C>) -> Result<G1Affine<C>> {
    Option::<G1Affine<C>>::from(p.to_affine()).ok_or(Error::InvalidPublicKey)
}

fn g2_affine<C: Curve>(p: &G2<C>) -> Result<G2Affine<C>> {
    // A twist point at infinity here would make recrypt panic; we report it as undecodable.
    Option::<G2Affine<C>>::from(p.to_affine()).ok_or(Error::DecodeFailure)
}

/// e(P, G_Q) for a projective P; the identity is `InvalidPublicKey` (spec 2.1).
fn pair_with_gq<C: Curve>(p: &G1<C>) -> Result<Fp12<C>> {
    Ok(pairing_with_g2_generator(&g1_affine(p)?))
}

/// hash2 (spec 3.4): [int(SHA256(0x00||K) || SHA256(0x01||K)) mod p] H, projective.
fn hash2<C: Curve>(k: &Fp12<C>) -> G2<C> {
    let mut enc = k.to_bytes();
    let mut wide = [0u8; 64];
    wide[..32].copy_from_slice(&sha256(&[&[0u8], enc.as_ref()]));
    wide[32..].copy_from_slice(&sha256(&[&[1u8], enc.as_ref()]));
    let n = Scalar::<C>(C::Fp::from_bytes_wide(&wide).to_canonical_limbs());
    enc.zeroize();
    wide.zeroize();
    mul_hash_element(n.0.as_ref())
}

fn auth_hash<C: Curve>(ephemeral: &PublicKey<C>, plaintext: &Fp12<C>) -> [u8; 32] {
    let mut m = plaintext.to_bytes();
    let h = sha256(&[ephemeral.to_bytes().as_ref(), m.as_ref()]);
    m.zeroize();
    h
}

/// A temporary F_p12 secret, zeroed on drop (recrypt's KValue).
struct Secret12<C: Curve>(Fp12<C>);
zeroize_on_drop!(Secret12, 0);

// ---------------------------------------------------------------------------------------------
// The scheme

/// A transform key whose encoding, points and signature were checked once ([`TransformKey::prepare`]),
/// for a transformer that applies the same key many times: [`Recrypt::transform_prepared`] skips
/// the checks [`Recrypt::transform`] makes of a key decoded for one call. Holds no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedTransformKey<C: Curve>(TransformKey<C>);

impl<C: Curve> PreparedTransformKey<C> {
    /// The key itself.
    pub fn key(&self) -> &TransformKey<C> {
        &self.0
    }
}

/// The scheme's operations on the curve `C` over a source of random bytes (recrypt's `Recrypt`,
/// `Recrypt480`). Every random draw happens in the order and size of spec 6.3 (and A.4: 60-byte
/// draws on Api480), so a [`crate::rng::CompatibleRng`] reproduces IronCore's outputs.
pub struct Recrypt<C: Curve, R: RandomSource> {
    rng: R,
    curve: core::marker::PhantomData<C>,
}

impl<C: Curve, R: RandomSource> Recrypt<C, R> {
    pub fn new(rng: R) -> Self {
        Recrypt {
            rng,
            curve: core::marker::PhantomData,
        }
    }

    fn random_private_key(&mut self) -> Result<PrivateKey<C>> {
        let mut bytes = FieldBytes::<C>::zeroed();
        self.rng.fill(bytes.as_mut())?;
        let key = PrivateKey::from_bytes(&bytes);
        bytes.zeroize();
        Ok(key)
    }

    #[inline(never)] // its own frame, named by native/ct/ct.supp
    fn random_gt(&mut self) -> Result<Plaintext<C>> {
        let mut bytes = C::Fp12Bytes::zeroed();
        self.rng.fill(bytes.as_mut())?;
        let pt = plaintext_from_random_bytes(&bytes);
        bytes.zeroize();
        // Random bytes that all reduce to zero: probability below 2^-3000, but never a panic.
        pt.ok_or(Error::RandomSource)
    }

    /// 4.2: a fresh key pair.
    pub fn generate_key_pair(&mut self) -> Result<(PrivateKey<C>, PublicKey<C>)> {
        let key = self.random_private_key()?;
        let public = compute_public_key(&key)?;
        Ok((key, public))
    }

    /// 4.6: a random element of G_T.
    pub fn generate_plaintext(&mut self) -> Result<Plaintext<C>> {
        self.random_gt()
    }

    /// A fresh Ed25519 signing key pair from 32 random bytes.
    pub fn generate_signing_key_pair(&mut self) -> Result<SigningKeyPair> {
        SigningKeyPair::generate(&mut self.rng)
    }

    /// 4.9: encrypt to a public key, signed with `signing`.
    pub fn encrypt(
        &mut self,
        plaintext: &Plaintext<C>,
        to: &PublicKey<C>,
        signing: &SigningKeyPair,
    ) -> Result<EncryptedValue<C>> {
        let ke = self.random_private_key()?;
        encrypt_with(plaintext, to, signing, &ke)
    }

    /// 4.11: a transform key from `from` to `to`, signed with `signing`.
    pub fn generate_transform_key(
        &mut self,
        from: &PrivateKey<C>,
        to: &PublicKey<C>,
        signing: &SigningKeyPair,
    ) -> Result<TransformKey<C>> {
        let s = self.random_private_key()?;
        let k = self.random_gt()?;
        generate_transform_key_with(from, to, signing, &s, &k)
    }

    /// 4.13: one more hop, re-signed by the transformer.
    pub fn transform(
        &mut self,
        value: &EncryptedValue<C>,
        key: &TransformKey<C>,
        signing: &SigningKeyPair,
    ) -> Result<EncryptedValue<C>> {
        let k_prime = self.random_gt()?;
        let t = self.random_private_key()?;
        transform_with(value, key, false, signing, &k_prime, &t)
    }

    /// 4.13 with a key prepared before: the same result (and the same random draws) as
    /// [`Recrypt::transform`] with the key it was prepared from, without checking the key's signature again.
    pub fn transform_prepared(
        &mut self,
        value: &EncryptedValue<C>,
        key: &PreparedTransformKey<C>,
        signing: &SigningKeyPair,
    ) -> Result<EncryptedValue<C>> {
        let k_prime = self.random_gt()?;
        let t = self.random_private_key()?;
        transform_with(value, &key.0, true, signing, &k_prime, &t)
    }
}

// The deterministic cores of the randomised operations, given their random values in drawing order.

/// 4.9 with the ephemeral key `ke`.
#[inline(never)] // its own frame, named by native/ct/ct.supp
fn encrypt_with<C: Curve>(
    plaintext: &Plaintext<C>,
    to: &PublicKey<C>,
    signing: &SigningKeyPair,
    ke: &PrivateKey<C>,
) -> Result<EncryptedValue<C>> {
    let ke = ke.scalar();
    let ephemeral = PublicKey::from_projective(&ke.mul_g1_generator())?;
    let mask = Secret12(pair_with_gq(&ke.mul_g1(&to.projective()))?);
    let c = mask.0 * plaintext.value;
    let mut value = EncryptedValue {
        ephemeral_public_key: ephemeral,
        encrypted_message: c.to_bytes(),
        auth_hash: auth_hash(&ephemeral, &plaintext.value),
        public_signing_key: [0; PUBLIC_SIGNING_KEY_LEN],
        signature: [0; ED25519_SIGNATURE_LEN],
        transform_blocks: Vec::new(),
    };
    value.sign(signing);
    Ok(value)
}

/// 4.11 with the ephemeral key `s` and the temp key `k`.
#[inline(never)] // its own frame, named by native/ct/ct.supp
fn generate_transform_key_with<C: Curve>(
    from: &PrivateKey<C>,
    to: &PublicKey<C>,
    signing: &SigningKeyPair,
    s: &PrivateKey<C>,
    k: &Plaintext<C>,
) -> Result<TransformKey<C>> {
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

/// 4.13 with the temp key `k_prime` and the random key `t`; `key_verified` when the key's signature
/// was checked before (a [`PreparedTransformKey`]).
#[inline(never)] // its own frame, named by native/ct/ct.supp
fn transform_with<C: Curve>(
    value: &EncryptedValue<C>,
    key: &TransformKey<C>,
    key_verified: bool,
    signing: &SigningKeyPair,
    k_prime: &Plaintext<C>,
    t: &PrivateKey<C>,
) -> Result<EncryptedValue<C>> {
    let t = t.scalar();
    let value_ok = value.verify_signature();
    let key_ok = key_verified || key.verify_signature();
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
#[inline(never)] // its own frame, named by native/ct/ct.supp
pub fn compute_public_key<C: Curve>(key: &PrivateKey<C>) -> Result<PublicKey<C>> {
    PublicKey::from_projective(&key.scalar().mul_g1_generator())
}

/// 4.10: decrypt a value of any level with the final recipient's private key.
#[inline(never)] // its own frame, named by native/ct/ct.supp
pub fn decrypt<C: Curve>(value: &EncryptedValue<C>, key: &PrivateKey<C>) -> Result<Plaintext<C>> {
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
pub fn add_private_keys<C: Curve>(a: &PrivateKey<C>, b: &PrivateKey<C>) -> PrivateKey<C> {
    private_key_arithmetic(a, b, |x, y| x + y)
}

/// 4.5: (a - b) mod r, first minus second.
pub fn subtract_private_keys<C: Curve>(a: &PrivateKey<C>, b: &PrivateKey<C>) -> PrivateKey<C> {
    private_key_arithmetic(a, b, |x, y| x - y)
}

/// `op` on the Montgomery forms of two keys; the forms and the result are wiped before returning.
fn private_key_arithmetic<C: Curve>(
    a: &PrivateKey<C>,
    b: &PrivateKey<C>,
    op: fn(C::Fr, C::Fr) -> C::Fr,
) -> PrivateKey<C> {
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

fn schnorr_challenge<C: Curve>(r_s: &C::Fr, public_key: &PublicKey<C>, message: &[u8]) -> C::Fr {
    let r_bytes = r_s.to_bytes();
    let pk = public_key.to_bytes();
    let mut wide = [0u8; 64];
    wide[..32].copy_from_slice(&sha256(&[r_bytes.as_ref(), pk.as_ref(), message]));
    wide[32..].copy_from_slice(&sha256(&[pk.as_ref(), message, r_bytes.as_ref()]));
    C::Fr::from_limbs_reduced(&C::Fp::from_bytes_wide(&wide).to_canonical_limbs())
}

impl<C: Curve, R: RandomSource> Recrypt<C, R> {
    /// Schnorr signature (r || s, [`Sizes::SCHNORR_SIGNATURE`] bytes) by `key` for the (possibly
    /// augmented) `public_key` over `message`.
    pub fn schnorr_sign(
        &mut self,
        key: &PrivateKey<C>,
        public_key: &PublicKey<C>,
        message: &[u8],
    ) -> Result<C::G1Bytes> {
        let nonce = loop {
            let mut bytes = FieldBytes::<C>::zeroed();
            self.rng.fill(bytes.as_mut())?;
            let candidate = C::Fr::from_bytes_canonical(&bytes);
            bytes.zeroize();
            if let Some(n) = Option::<C::Fr>::from(candidate) {
                break n;
            }
        };
        schnorr_sign_with_nonce(key, public_key, message, nonce)
    }
}

#[inline(never)] // its own frame, named by native/ct/ct.supp
fn schnorr_sign_with_nonce<C: Curve>(
    key: &PrivateKey<C>,
    public_key: &PublicKey<C>,
    message: &[u8],
    mut nonce: C::Fr,
) -> Result<C::G1Bytes> {
    let r_point = g1_affine(&Scalar::<C>(nonce.to_canonical_limbs()).mul_g1_generator())?;
    let r_s = C::Fr::from_limbs_reduced(&r_point.x.to_canonical_limbs());
    let h = schnorr_challenge(&r_s, public_key, message);
    let mut k = key.as_fr();
    let s = nonce - h * k;
    nonce.zeroize();
    k.zeroize();
    let n = Sizes::<C>::FIELD;
    let mut sig = C::G1Bytes::zeroed();
    sig.as_mut()[..n].copy_from_slice(r_s.to_bytes().as_ref());
    sig.as_mut()[n..].copy_from_slice(s.to_bytes().as_ref());
    Ok(sig)
}

/// Verifies a Schnorr signature; `augmenting_key` is the server key an augmented public key
/// includes (spec 4.14).
pub fn schnorr_verify<C: Curve>(
    public_key: &PublicKey<C>,
    augmenting_key: Option<&PrivateKey<C>>,
    message: &[u8],
    signature: &C::G1Bytes,
) -> bool {
    let n = Sizes::<C>::FIELD;
    let r_s = C::Fr::from_bytes_reduced(&ByteArray::copy_from(&signature.as_ref()[..n]));
    let s = C::Fr::from_bytes_reduced(&ByteArray::copy_from(&signature.as_ref()[n..]));
    let h = schnorr_challenge(&r_s, public_key, message);
    let mut u = public_key.projective();
    if let Some(a) = augmenting_key {
        u = u.sub(&a.scalar().mul_g1_generator());
    }
    let v = Scalar::<C>(s.to_canonical_limbs())
        .mul_g1_generator()
        .add(&Scalar::<C>(h.to_canonical_limbs()).mul_g1(&u));
    match Option::<G1Affine<C>>::from(v.to_affine()) {
        None => false,
        Some(v) => bool::from(C::Fr::from_limbs_reduced(&v.x.to_canonical_limbs()).ct_eq(&r_s)),
    }
}

#[doc(hidden)]
/// Known-answer hooks: the deterministic cores of randomised operations, for tests only. Those
/// that take only bytes name their curve: `hash2_bytes::<Bn480>(..)`; each curve's module
/// (`api256::kat`, `api480::kat`) re-exports them for its own curve.
pub mod kat {
    use super::*;

    pub fn hash2_bytes<C: Curve>(k: &C::Fp12Bytes) -> C::G2Bytes {
        g2_affine(&hash2(&Fp12::<C>::from_bytes_reduced(k)))
            .expect("hash2 of a G_T element")
            .to_bytes()
    }

    pub fn pairing_bytes<C: Curve>(p: &PublicKey<C>, q: &HashedValue<C>) -> C::Fp12Bytes {
        pairing(&p.point, &q.point).to_bytes()
    }

    pub fn schnorr_sign_with_nonce<C: Curve>(
        key: &PrivateKey<C>,
        public_key: &PublicKey<C>,
        message: &[u8],
        nonce: &FieldBytes<C>,
    ) -> Result<C::G1Bytes> {
        super::schnorr_sign_with_nonce(key, public_key, message, C::Fr::from_bytes_reduced(nonce))
    }

    /// Fp12 decode-and-reencode: the canonical form of an encoded F_p12 element.
    pub fn canonical_fp12<C: Curve>(bytes: &C::Fp12Bytes) -> C::Fp12Bytes {
        Fp12::<C>::from_bytes_reduced(bytes).to_bytes()
    }

    /// [`Recrypt::generate_transform_key`] with its draws: the ephemeral key s and the temp key K.
    pub fn generate_transform_key_with<C: Curve>(
        from: &PrivateKey<C>,
        to: &PublicKey<C>,
        signing: &SigningKeyPair,
        ephemeral_key: &PrivateKey<C>,
        temp_key: &Plaintext<C>,
    ) -> Result<TransformKey<C>> {
        super::generate_transform_key_with(from, to, signing, ephemeral_key, temp_key)
    }

    /// [`Recrypt::transform`] with its draws: the temp key K' and the random key t.
    pub fn transform_with<C: Curve>(
        value: &EncryptedValue<C>,
        key: &TransformKey<C>,
        signing: &SigningKeyPair,
        temp_key: &Plaintext<C>,
        random_key: &PrivateKey<C>,
    ) -> Result<EncryptedValue<C>> {
        super::transform_with(value, key, false, signing, temp_key, random_key)
    }

    /// The bytes an encrypted value's signature covers: public signing key || payload (spec 3.6).
    pub fn encrypted_value_signed_bytes<C: Curve>(value: &EncryptedValue<C>) -> Vec<u8> {
        [&value.public_signing_key[..], &value.signed_payload()].concat()
    }

    /// The bytes a transform key's signature covers: public signing key || payload (spec 3.6).
    pub fn transform_key_signed_bytes<C: Curve>(key: &TransformKey<C>) -> Vec<u8> {
        [&key.public_signing_key[..], &key.signed_payload()].concat()
    }
}
