//! Algebraic properties of the field tower, the curves, the pairing and the scheme, on random
//! inputs (proptest). Inputs are generated as bytes, so a failing case prints its input in a
//! form that can be pasted back; field elements are decoded from them with reduction.
//!
//! Pairing-heavy properties run few cases (`ProptestConfig::with_cases`) to keep the file fast.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use recrypt_ffi::api256::{
    add_private_keys, compute_public_key, decrypt, schnorr_verify, subtract_private_keys, Api256,
    Error, HashedValue, Plaintext, PrivateKey, PublicKey,
};
use recrypt_ffi::curve::{
    mul_g1_generator, mul_g2_generator, mul_hash_element, Affine, CurveParams, Point, G1_GENERATOR,
    G2_GENERATOR, HASH_ELEMENT,
};
use recrypt_ffi::field::fp::{Fe, Limbs, Modulus};
use recrypt_ffi::field::tower;
use recrypt_ffi::field::{Fp, Fp12, Fp2, Fp6, Fr};
use recrypt_ffi::pairing::{final_exponentiation, pairing, pairing_with_g2_generator};
use recrypt_ffi::params::bn256::{P256 as PModulus, R256 as RModulus};
use recrypt_ffi::params::bn480::{Fp12_480, Fp2_480, Fp480, Fp6_480, Fr480, R480};
use recrypt_ffi::params::{Bn, Bn480};
use recrypt_ffi::rng::CompatibleRng;

type TestResult = Result<(), TestCaseError>;

// ---------------------------------------------------------------------------------------------
// Fields

/// What the laws need from each field: arithmetic, and an encoding to decode samples from and
/// to compare and print elements with.
trait TestField:
    Copy
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Neg<Output = Self>
{
    const BYTES: usize;
    const ZERO: Self;
    const ONE: Self;
    /// Decodes `BYTES` bytes, reducing every coefficient.
    fn decode(bytes: &[u8]) -> Self;
    fn encode(&self) -> Vec<u8>;
    fn invert(&self) -> Self;
    fn square(&self) -> Self;
    fn is_zero(&self) -> bool;
}

macro_rules! test_field {
    ($t:ty, $bytes:expr, |$b:ident| $decode:expr) => {
        impl TestField for $t {
            const BYTES: usize = $bytes;
            const ZERO: Self = <$t>::ZERO;
            const ONE: Self = <$t>::ONE;
            fn decode($b: &[u8]) -> Self {
                $decode
            }
            fn encode(&self) -> Vec<u8> {
                self.to_bytes_vec()
            }
            fn invert(&self) -> Self {
                <$t>::invert(self)
            }
            fn square(&self) -> Self {
                <$t>::square(self)
            }
            fn is_zero(&self) -> bool {
                bool::from(<$t>::is_zero(self))
            }
        }
    };
}

/// The canonical encoding of any of the fields as a Vec.
trait ToBytesVec {
    fn to_bytes_vec(&self) -> Vec<u8>;
}
impl ToBytesVec for Fp {
    fn to_bytes_vec(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }
}
impl ToBytesVec for Fr {
    fn to_bytes_vec(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }
}
impl<C: Bn> ToBytesVec for tower::Fp2<C> {
    fn to_bytes_vec(&self) -> Vec<u8> {
        let mut out = vec![0; Self::BYTES];
        self.write_bytes(&mut out);
        out
    }
}
impl<C: Bn> ToBytesVec for tower::Fp6<C> {
    fn to_bytes_vec(&self) -> Vec<u8> {
        let mut out = vec![0; Self::BYTES];
        self.write_bytes(&mut out);
        out
    }
}
impl<C: Bn> ToBytesVec for tower::Fp12<C> {
    fn to_bytes_vec(&self) -> Vec<u8> {
        self.to_bytes().as_ref().to_vec()
    }
}
impl ToBytesVec for Fp480 {
    fn to_bytes_vec(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }
}
impl ToBytesVec for Fr480 {
    fn to_bytes_vec(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }
}

test_field!(Fp, 32, |b| Fp::from_bytes_reduced(
    b.try_into().expect("32 bytes")
));
test_field!(Fr, 32, |b| Fr::from_bytes_reduced(
    b.try_into().expect("32 bytes")
));
test_field!(Fp2, 64, |b| Fp2::from_bytes_reduced(b));
test_field!(Fp6, 192, |b| Fp6::from_bytes_reduced(b));
test_field!(Fp12, 384, |b| Fp12::from_bytes_reduced(
    b.try_into().expect("384 bytes")
));
test_field!(Fp480, 60, |b| Fp480::from_bytes_reduced(
    b.try_into().expect("60 bytes")
));
test_field!(Fr480, 60, |b| Fr480::from_bytes_reduced(
    b.try_into().expect("60 bytes")
));
test_field!(Fp2_480, 120, |b| Fp2_480::from_bytes_reduced(b));
test_field!(Fp6_480, 360, |b| Fp6_480::from_bytes_reduced(b));
test_field!(Fp12_480, 720, |b| Fp12_480::from_bytes_reduced(
    b.try_into().expect("720 bytes")
));

/// Samples for a field: mostly uniform bytes, sometimes all zero or all 0xff (every
/// coefficient 2^256 - 1, reduced).
fn sample<F: TestField>() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => Just(vec![0u8; F::BYTES]),
        1 => Just(vec![0xffu8; F::BYTES]),
        8 => vec(any::<u8>(), F::BYTES),
    ]
}

/// Fails with both encodings when two elements differ.
fn same<F: TestField>(law: &str, left: F, right: F) -> TestResult {
    let (l, r) = (left.encode(), right.encode());
    prop_assert!(l == r, "{}: {} != {}", law, hex::encode(l), hex::encode(r));
    Ok(())
}

fn check_ring_laws<F: TestField>(a: &[u8], b: &[u8], c: &[u8]) -> TestResult {
    let (a, b, c) = (F::decode(a), F::decode(b), F::decode(c));
    same("associativity of +", (a + b) + c, a + (b + c))?;
    same("associativity of *", (a * b) * c, a * (b * c))?;
    same("commutativity of +", a + b, b + a)?;
    same("commutativity of *", a * b, b * a)?;
    same("distributivity", a * (b + c), a * b + a * c)?;
    same("additive identity", a + F::ZERO, a)?;
    same("multiplicative identity", a * F::ONE, a)?;
    same("additive inverse", a + (-a), F::ZERO)?;
    same("subtraction", a - b, a + (-b))?;
    same("square", a.square(), a * a)
}

fn check_inverse<F: TestField>(a: &[u8]) -> TestResult {
    let a = F::decode(a);
    if a.is_zero() {
        same("inverse of zero", a.invert(), F::ZERO)
    } else {
        same("multiplicative inverse", a * a.invert(), F::ONE)?;
        same("inverse of inverse", a.invert().invert(), a)
    }
}

fn check_encoding_round_trip<F: TestField>(a: &[u8]) -> TestResult {
    let element = F::decode(a);
    let encoded = element.encode();
    same("decode(encode(x))", F::decode(&encoded), element)?;
    prop_assert_eq!(
        hex::encode(F::decode(&encoded).encode()),
        hex::encode(encoded)
    );
    Ok(())
}

/// a^e for a big-endian exponent, by square and multiply.
fn pow<F: TestField>(a: F, exponent_be: &[u8]) -> F {
    exponent_be
        .iter()
        .flat_map(|byte| (0..8).rev().map(move |i| (byte >> i) & 1 == 1))
        .fold(F::ONE, |acc, bit| {
            let acc = acc.square();
            if bit {
                acc * a
            } else {
                acc
            }
        })
}

macro_rules! field_properties {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;
            proptest! {
                #[test]
                fn ring_laws(a in sample::<$t>(), b in sample::<$t>(), c in sample::<$t>()) {
                    check_ring_laws::<$t>(&a, &b, &c)?;
                }

                #[test]
                fn inverse(a in sample::<$t>()) {
                    check_inverse::<$t>(&a)?;
                }

                #[test]
                fn encoding_round_trip(a in sample::<$t>()) {
                    check_encoding_round_trip::<$t>(&a)?;
                }
            }
        }
    };
}

field_properties!(fp, Fp);
field_properties!(fr, Fr);
field_properties!(fp2, Fp2);
field_properties!(fp6, Fp6);
field_properties!(fp12, Fp12);
field_properties!(fp480, Fp480);
field_properties!(fr480, Fr480);
field_properties!(fp2_480, Fp2_480);
field_properties!(fp6_480, Fp6_480);
field_properties!(fp12_480, Fp12_480);

/// The big-endian bytes of little-endian limbs.
fn be_bytes(limbs: &Limbs<4>) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, limb) in limbs.iter().enumerate() {
        out[24 - 8 * i..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// p, big-endian.
fn p_bytes() -> [u8; 32] {
    be_bytes(&PModulus::MODULUS)
}

/// `a + b` for big-endian 32-byte integers, `None` on overflow.
fn add_be(a: &[u8; 32], b: &[u8; 32]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = a[i] as u16 + b[i] as u16 + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

/// Canonical decoding accepts exactly [0, m); reduced decoding maps x + m to x.
fn check_prime_field_decoding<M: Modulus<4, Bytes = [u8; 32]>>(bytes: &[u8]) -> TestResult {
    let bytes: [u8; 32] = bytes.try_into().expect("32 bytes");
    let reduced = Fe::<M, 4>::from_bytes_reduced(&bytes).to_bytes();
    let canonical = bool::from(Fe::<M, 4>::from_bytes_canonical(&bytes).is_some());
    prop_assert_eq!(canonical, reduced == bytes);
    if let Some(plus_m) = add_be(&reduced, &be_bytes(&M::MODULUS)) {
        prop_assert_eq!(Fe::<M, 4>::from_bytes_reduced(&plus_m).to_bytes(), reduced);
    }
    Ok(())
}

/// 32-byte integers next to the moduli: m - 1, m and m + 1 for m = p and m = r.
fn near_moduli() -> impl Strategy<Value = Vec<u8>> {
    let mut values = Vec::new();
    for m in [PModulus::MODULUS, RModulus::MODULUS] {
        // The low limbs are odd and far from 2^64 - 1, so +-1 does not carry.
        let (mut below, mut above) = (m, m);
        below[0] -= 1;
        above[0] += 1;
        values.extend([below, m, above].map(|limbs| be_bytes(&limbs).to_vec()));
    }
    proptest::sample::select(values)
}

proptest! {
    #[test]
    fn prime_field_decoding(a in prop_oneof![sample::<Fp>(), near_moduli()]) {
        check_prime_field_decoding::<PModulus>(&a)?;
        check_prime_field_decoding::<RModulus>(&a)?;
    }

    /// from_bytes_wide(hi || lo) = hi * 2^256 + lo.
    #[test]
    fn wide_reduction(hi in sample::<Fp>(), lo in sample::<Fp>()) {
        let wide: [u8; 64] = [hi.clone(), lo.clone()].concat().try_into().unwrap();
        let two_256 = pow(Fp::from_u64(2), &[1, 0]); // 2^256
        let expected = Fp::decode(&hi) * two_256 + Fp::decode(&lo);
        same("wide reduction", Fp::from_bytes_wide(&wide), expected)?;
    }

    /// The Frobenius map of F_p12 is x -> x^p: a ring homomorphism of order 12, whose sixth
    /// power is the conjugation.
    #[test]
    fn fp12_frobenius(a in sample::<Fp12>(), b in sample::<Fp12>()) {
        let (a, b) = (Fp12::decode(&a), Fp12::decode(&b));
        same("frobenius(a) = a^p", a.frobenius(), pow(a, &p_bytes()))?;
        same("frobenius^12 = identity", a.frobenius_n(12), a)?;
        same("frobenius^6 = conjugate", a.frobenius_n(6), a.conjugate())?;
        same("frobenius(a*b)", (a * b).frobenius(), a.frobenius() * b.frobenius())?;
        same("frobenius(a+b)", (a + b).frobenius(), a.frobenius() + b.frobenius())?;
    }

    #[test]
    fn fp6_and_fp2_frobenius(a in sample::<Fp6>(), b in sample::<Fp2>()) {
        let (a, b) = (Fp6::decode(&a), Fp2::decode(&b));
        same("Fp6 frobenius(a) = a^p", a.frobenius(), pow(a, &p_bytes()))?;
        same("Fp2 conjugate(b) = b^p", b.conjugate(), pow(b, &p_bytes()))?;
    }

    /// The special multiplications agree with the general one.
    #[test]
    fn sparse_and_special_multiplications(
        a in sample::<Fp12>(),
        l in (sample::<Fp2>(), sample::<Fp2>(), sample::<Fp2>()),
    ) {
        let a = Fp12::decode(&a);
        let (l0, l1, l2) = (Fp2::decode(&l.0), Fp2::decode(&l.1), Fp2::decode(&l.2));
        let line = Fp12 {
            d0: Fp6 { c0: l0, c1: Fp2::ZERO, c2: Fp2::ZERO },
            d1: Fp6 { c0: l1, c1: l2, c2: Fp2::ZERO },
        };
        same("mul_by_line", a.mul_by_line(&l0, &l1, &l2), a * line)?;
        let v = Fp6 { c0: Fp2::ZERO, c1: Fp2::ONE, c2: Fp2::ZERO };
        same("mul_by_v", a.d0.mul_by_v(), a.d0 * v)?;
        let xi = Fp2 { a: Fp::from_u64(3), b: Fp::ONE };
        same("mul_by_xi", l0.mul_by_xi(), l0 * xi)?;
        // After the final exponentiation a non-zero element is unitary, where the cheap
        // squaring holds.
        prop_assume!(!TestField::is_zero(&a));
        let unitary = final_exponentiation(&a);
        same("cyclotomic_square", unitary.cyclotomic_square(), unitary.square())?;
        same("unitary inverse", unitary.conjugate() * unitary, Fp12::ONE)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Curves

/// A scalar in F_r from bytes.
fn scalar() -> impl Strategy<Value = Vec<u8>> {
    sample::<Fr>()
}

fn fr(bytes: &[u8]) -> Fr {
    Fr::decode(bytes)
}

fn mul<C: CurveParams>(p: &Point<C>, k: &Fr) -> Point<C> {
    p.mul_limbs(&k.to_canonical_limbs())
}

fn affine<C: CurveParams>(p: &Point<C>) -> Option<Affine<C>> {
    Option::from(p.to_affine())
}

fn same_point<C: CurveParams>(law: &str, left: &Point<C>, right: &Point<C>) -> TestResult {
    prop_assert!(bool::from(left.ct_eq_point(right)), "{}", law);
    Ok(())
}

/// Scalar multiplication on one curve: linear in the scalar, [r]P = O, and consistent with
/// doubling, negation and the affine round trip.
fn check_scalar_multiplication<C: CurveParams>(base: &Point<C>, a: &[u8], b: &[u8]) -> TestResult {
    let (a, b) = (fr(a), fr(b));
    let (pa, pb) = (mul(base, &a), mul(base, &b));
    same_point("[a+b]P = [a]P + [b]P", &mul(base, &(a + b)), &pa.add(&pb))?;
    same_point("[ab]P = [a]([b]P)", &mul(base, &(a * b)), &mul(&pb, &a))?;
    same_point("[-a]P = -[a]P", &mul(base, &(-a)), &pa.neg())?;
    same_point("[2a]P = double", &mul(base, &(a + a)), &pa.double())?;
    same_point("P - P = O", &pa.sub(&pa), &Point::IDENTITY)?;
    same_point("P + O = P", &pa.add(&Point::IDENTITY), &pa)?;
    same_point(
        "[r]P = O",
        &pa.mul_limbs(&RModulus::MODULUS),
        &Point::IDENTITY,
    )?;
    same_point("[0]P = O", &pa.mul_limbs(&[0; 4]), &Point::IDENTITY)?;
    if let Some(affine) = affine(&pa) {
        prop_assert!(bool::from(affine.is_on_curve()));
        same_point("affine round trip", &affine.to_projective(), &pa)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn g1_scalar_multiplication(a in scalar(), b in scalar()) {
        check_scalar_multiplication(&G1_GENERATOR.to_projective(), &a, &b)?;
    }

    #[test]
    fn g2_scalar_multiplication(a in scalar(), b in scalar()) {
        check_scalar_multiplication(&G2_GENERATOR.to_projective(), &a, &b)?;
    }

    /// The fixed-base multiplications (tables) agree with the generic one, for any 256-bit
    /// scalar (private keys and hash2 scalars are below p, not r).
    #[test]
    fn fixed_base_multiplication(k in any::<[u64; 4]>()) {
        same_point("[k]G_P", &mul_g1_generator(&k), &G1_GENERATOR.to_projective().mul_limbs(&k))?;
        same_point("[k]G_Q", &mul_g2_generator(&k), &G2_GENERATOR.to_projective().mul_limbs(&k))?;
        same_point("[k]H", &mul_hash_element(&k), &HASH_ELEMENT.to_projective().mul_limbs(&k))?;
    }

    /// Points survive their byte encodings (public keys, hashed temp keys).
    #[test]
    fn point_encoding_round_trip(k in scalar()) {
        let k = fr(&k);
        prop_assume!(!bool::from(k.is_zero()));
        let p_bytes = affine(&mul(&G1_GENERATOR.to_projective(), &k)).unwrap().to_bytes();
        prop_assert_eq!(PublicKey::from_bytes(&p_bytes).unwrap().to_bytes(), p_bytes);
        let q_bytes = affine(&mul(&G2_GENERATOR.to_projective(), &k)).unwrap().to_bytes();
        prop_assert_eq!(HashedValue::from_bytes(&q_bytes).unwrap().to_bytes(), q_bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// Pairing

fn gt_pow(x: Fp12, k: &Fr) -> Fp12 {
    pow(x, &k.to_bytes())
}

fn base_pairing() -> Fp12 {
    pairing(&G1_GENERATOR, &G2_GENERATOR)
}

#[test]
fn pairing_is_non_degenerate_of_order_r() {
    let e = base_pairing();
    assert_ne!(e.to_bytes(), Fp12::ONE.to_bytes(), "e(P, Q) = 1");
    assert_eq!(
        pow(e, &be_bytes(&RModulus::MODULUS)).to_bytes(),
        Fp12::ONE.to_bytes(),
        "e^r != 1"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// e([a]P, [b]Q) = e(P, Q)^(ab), and e is additive in its first argument.
    #[test]
    fn pairing_is_bilinear(a in scalar(), b in scalar(), c in scalar()) {
        let (a, b, c) = (fr(&a), fr(&b), fr(&c));
        prop_assume!(![a, b, c, a + c].iter().any(|k| bool::from(k.is_zero())));
        let affine1 = |k: &Fr| affine(&mul(&G1_GENERATOR.to_projective(), k)).unwrap();
        let affine2 = |k: &Fr| affine(&mul(&G2_GENERATOR.to_projective(), k)).unwrap();
        let (pa, qb) = (affine1(&a), affine2(&b));
        same("e([a]P, [b]Q) = e(P, Q)^(ab)", pairing(&pa, &qb), gt_pow(base_pairing(), &(a * b)))?;
        let prepared = pairing_with_g2_generator(&pa);
        same("e(P', G_Q) with prepared lines", prepared, pairing(&pa, &G2_GENERATOR))?;
        same(
            "e([a]P + [c]P, Q') = e([a]P, Q') e([c]P, Q')",
            pairing(&affine1(&(a + c)), &qb),
            pairing(&pa, &qb) * pairing(&affine1(&c), &qb),
        )?;
    }
}

// ---------------------------------------------------------------------------------------------
// The scheme

type SeededApi = Api256<CompatibleRng>;

fn api(seed: [u8; 32]) -> SeededApi {
    Api256::new(CompatibleRng::from_seed(seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// encrypt, then n transforms, then decrypt by each value's recipient; a level-n value does
    /// not decrypt with the key of another level.
    #[test]
    fn encrypt_transform_decrypt_round_trip(seed in any::<[u8; 32]>(), n in 0usize..=4) {
        let mut api = api(seed);
        let keys = (0..=n).map(|_| api.generate_key_pair().unwrap()).collect::<Vec<_>>();
        let signing = api.generate_signing_key_pair().unwrap();
        let plaintext = api.generate_plaintext().unwrap();
        let mut value = api.encrypt(&plaintext, &keys[0].1, &signing).unwrap();
        for level in 0..=n {
            if level > 0 {
                let (from, to) = (&keys[level - 1].0, &keys[level].1);
                let key = api.generate_transform_key(from, to, &signing).unwrap();
                value = api.transform(&value, &key, &signing).unwrap();
            }
            prop_assert_eq!(value.transform_blocks.len(), level);
            let decrypted = decrypt(&value, &keys[level].0).unwrap();
            prop_assert_eq!(decrypted.to_bytes(), plaintext.to_bytes());
            if level > 0 {
                let previous = decrypt(&value, &keys[level - 1].0);
                prop_assert_eq!(previous.err(), Some(Error::DecryptFailed));
            }
        }
    }

    /// Schnorr signatures verify, also for an augmented key pair, and not for another message.
    #[test]
    fn schnorr_round_trip(seed in any::<[u8; 32]>(), message in vec(any::<u8>(), 0..64)) {
        let mut api = api(seed);
        let (user, user_public) = api.generate_key_pair().unwrap();
        let (server, server_public) = api.generate_key_pair().unwrap();
        let signature = api.schnorr_sign(&user, &user_public, &message).unwrap();
        prop_assert!(schnorr_verify(&user_public, None, &message, &signature));
        let other = [&message[..], b"!"].concat();
        prop_assert!(!schnorr_verify(&user_public, None, &other, &signature));
        let augmented = user_public.augment(&server_public).unwrap();
        let signature = api.schnorr_sign(&user, &augmented, &message).unwrap();
        prop_assert!(schnorr_verify(&augmented, Some(&server), &message, &signature));
        prop_assert!(!schnorr_verify(&augmented, None, &message, &signature));
    }
}

proptest! {
    /// Private-key arithmetic is arithmetic mod r, matching public-key augmentation.
    #[test]
    fn private_key_arithmetic(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        let (a, b) = (PrivateKey::from_bytes(&a), PrivateKey::from_bytes(&b));
        let zero = PrivateKey::from_bytes(&[0; 32]);
        let sum = add_private_keys(&a, &b);
        let a_mod_r = add_private_keys(&a, &zero);
        prop_assert_eq!(subtract_private_keys(&sum, &b).to_bytes(), a_mod_r.to_bytes());
        prop_assert_eq!(sum.to_bytes(), add_private_keys(&b, &a).to_bytes());
        let public = |k: &PrivateKey| compute_public_key(k).ok();
        if let (Some(pa), Some(pb), Some(p_sum)) = (public(&a), public(&b), public(&sum)) {
            prop_assert_eq!(pa.augment(&pb).unwrap(), p_sum);
        }
    }

    /// Plaintexts keep their canonical bytes.
    #[test]
    fn plaintext_encoding_round_trip(bytes in sample::<Fp12>()) {
        let canonical = Fp12::decode(&bytes).to_bytes();
        let plaintext = Plaintext::from_bytes(&bytes.try_into().unwrap());
        prop_assert_eq!(plaintext.to_bytes(), canonical);
    }
}

// ---------------------------------------------------------------------------------------------
// Api480: the curve and the pairing (few cases: a 480-bit pairing costs about four 256-bit ones)

/// The big-endian bytes of r480.
fn r480_bytes() -> Vec<u8> {
    let limbs = <R480 as Modulus<8>>::MODULUS;
    limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect()
}

fn fr480(bytes: &[u8]) -> Fr480 {
    Fr480::decode(bytes)
}

fn mul480<C: CurveParams>(p: &Point<C>, k: &Fr480) -> Point<C> {
    p.mul_limbs(&k.to_canonical_limbs())
}

#[test]
fn api480_pairing_is_non_degenerate_of_order_r() {
    let e = pairing(&Bn480::G1_GENERATOR, &Bn480::G2_GENERATOR);
    assert_ne!(e.to_bytes(), Fp12_480::ONE.to_bytes(), "e(P, Q) = 1");
    assert_eq!(
        pow(e, &r480_bytes()).to_bytes(),
        Fp12_480::ONE.to_bytes(),
        "e^r != 1"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn api480_g1_scalar_multiplication(a in sample::<Fr480>(), b in sample::<Fr480>()) {
        let base = Bn480::G1_GENERATOR.to_projective();
        let (a, b) = (fr480(&a), fr480(&b));
        same_point("[a+b]P", &mul480(&base, &(a + b)), &mul480(&base, &a).add(&mul480(&base, &b)))?;
        same_point("[r]P = O", &base.mul_limbs(&<R480 as Modulus<8>>::MODULUS), &Point::IDENTITY)?;
        same_point("[k]G_P table", &mul_g1_generator::<Bn480>(&a.to_canonical_limbs()), &mul480(&base, &a))?;
    }

    #[test]
    fn api480_g2_scalar_multiplication(a in sample::<Fr480>(), b in sample::<Fr480>()) {
        let (a, b) = (fr480(&a), fr480(&b));
        for point in [Bn480::G2_GENERATOR, Bn480::HASH_ELEMENT] {
            let base = point.to_projective();
            same_point("[ab]Q", &mul480(&base, &(a * b)), &mul480(&mul480(&base, &b), &a))?;
            same_point("[r]Q = O", &base.mul_limbs(&<R480 as Modulus<8>>::MODULUS), &Point::IDENTITY)?;
        }
        let k = a.to_canonical_limbs();
        same_point("[k]G_Q table", &mul_g2_generator::<Bn480>(&k), &mul480(&Bn480::G2_GENERATOR.to_projective(), &a))?;
        same_point("[k]H table", &mul_hash_element::<Bn480>(&k), &mul480(&Bn480::HASH_ELEMENT.to_projective(), &a))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2))]

    /// e([a]P, [b]Q) = e(P, Q)^(ab) on Api480, and the prepared lines of G_Q agree.
    #[test]
    fn api480_pairing_is_bilinear(a in sample::<Fr480>(), b in sample::<Fr480>()) {
        let (a, b) = (fr480(&a), fr480(&b));
        prop_assume!(!bool::from(a.is_zero()) && !bool::from(b.is_zero()));
        let pa = affine(&mul480(&Bn480::G1_GENERATOR.to_projective(), &a)).unwrap();
        let qb = affine(&mul480(&Bn480::G2_GENERATOR.to_projective(), &b)).unwrap();
        let base = pairing(&Bn480::G1_GENERATOR, &Bn480::G2_GENERATOR);
        same("e([a]P, [b]Q) = e(P, Q)^(ab)", pairing(&pa, &qb), pow(base, &(a * b).to_bytes()))?;
        same("prepared lines", pairing_with_g2_generator(&pa), pairing(&pa, &Bn480::G2_GENERATOR))?;
    }
}
