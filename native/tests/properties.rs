//! Algebraic properties of the field tower, the curves, the pairing and the scheme, on random
//! inputs (proptest), for both curves: every property is written once, generic over the curve
//! (or over the field), and `curve_properties!` instantiates the whole set for Bn256 (Api256)
//! and Bn480 (Api480), in the modules `bn256` and `bn480`.
//!
//! Inputs are generated as bytes, so a failing case prints its input in a form that can be pasted
//! back; field elements are decoded from them with reduction. The expensive properties (pairings,
//! the scheme) run few cases (`ProptestConfig::with_cases`), fewer on Bn480, where a pairing
//! costs about four Bn256 ones.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use recrypt_ffi::api::common::{
    add_private_keys, compute_public_key, decrypt, schnorr_verify, subtract_private_keys, Curve,
    Error, HashedValue, Plaintext, PrivateKey, PublicKey, Recrypt,
};
use recrypt_ffi::curve::{
    mul_g1_generator, mul_g2_generator, mul_hash_element, Affine, CurveParams, Point,
};
use recrypt_ffi::field::fp::{Fe, Modulus};
use recrypt_ffi::field::tower::{Fp12, Fp2, Fp6};
use recrypt_ffi::field::{ByteArray, Field, PrimeField};
use recrypt_ffi::pairing::{final_exponentiation, pairing, pairing_with_g2_generator};
use recrypt_ffi::params::{Bn, Bn256, Bn480, FieldBytes};
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

/// The TestField methods every field has under the same inherent names.
macro_rules! inherent_field_methods {
    () => {
        fn invert(&self) -> Self {
            Self::invert(self)
        }
        fn square(&self) -> Self {
            Self::square(self)
        }
        fn is_zero(&self) -> bool {
            bool::from(Self::is_zero(self))
        }
    };
}

/// F_p and F_r of either curve.
impl<M: Modulus<N>, const N: usize> TestField for Fe<M, N> {
    const BYTES: usize = <M::Bytes as ByteArray>::LEN;
    const ZERO: Self = Fe::ZERO;
    const ONE: Self = Fe::ONE;
    fn decode(bytes: &[u8]) -> Self {
        Fe::from_bytes_reduced(&M::Bytes::copy_from(bytes))
    }
    fn encode(&self) -> Vec<u8> {
        self.to_bytes().as_ref().to_vec()
    }
    inherent_field_methods!();
}

/// F_p2 and F_p6, which encode into a slice.
macro_rules! test_tower_field {
    ($t:ident) => {
        impl<C: Bn> TestField for $t<C> {
            const BYTES: usize = $t::<C>::BYTES;
            const ZERO: Self = $t::<C>::ZERO;
            const ONE: Self = $t::<C>::ONE;
            fn decode(bytes: &[u8]) -> Self {
                $t::from_bytes_reduced(bytes)
            }
            fn encode(&self) -> Vec<u8> {
                let mut out = vec![0; Self::BYTES];
                self.write_bytes(&mut out);
                out
            }
            inherent_field_methods!();
        }
    };
}
test_tower_field!(Fp2);
test_tower_field!(Fp6);

impl<C: Bn> TestField for Fp12<C> {
    const BYTES: usize = Fp12::<C>::BYTES;
    const ZERO: Self = Fp12::<C>::ZERO;
    const ONE: Self = Fp12::<C>::ONE;
    fn decode(bytes: &[u8]) -> Self {
        Fp12::from_bytes_reduced(&C::Fp12Bytes::copy_from(bytes))
    }
    fn encode(&self) -> Vec<u8> {
        self.to_bytes().as_ref().to_vec()
    }
    inherent_field_methods!();
}

/// Samples of `len` bytes: mostly uniform, sometimes all zero or all 0xff (every coefficient
/// 2^BITS - 1, reduced).
fn sample_bytes(len: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => Just(vec![0u8; len]),
        1 => Just(vec![0xffu8; len]),
        8 => vec(any::<u8>(), len),
    ]
}

/// Samples for a field.
fn sample<F: TestField>() -> impl Strategy<Value = Vec<u8>> {
    sample_bytes(F::BYTES)
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

/// The big-endian bytes of little-endian limbs, in `len` bytes (the limbs' value fits).
fn limbs_be(limbs: &[u64], len: usize) -> Vec<u8> {
    let all: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let (high, low) = all.split_at(all.len() - len);
    assert!(high.iter().all(|&b| b == 0));
    low.to_vec()
}

/// The little-endian limbs (as many as `F` has) of big-endian bytes.
fn be_limbs<F: PrimeField>(bytes: &[u8]) -> Vec<u64> {
    let mut padded = vec![0u8; 8 * F::MODULUS_LIMBS.as_ref().len() - bytes.len()];
    padded.extend_from_slice(bytes);
    padded
        .rchunks(8)
        .map(|chunk| u64::from_be_bytes(chunk.try_into().unwrap()))
        .collect()
}

/// The encoding length of a prime field `F`.
fn len<F: PrimeField>() -> usize {
    <F::Bytes as ByteArray>::LEN
}

/// The modulus of a prime field `F`, big-endian, in the field's encoding length.
fn modulus_be<F: PrimeField>() -> Vec<u8> {
    limbs_be(F::MODULUS_LIMBS.as_ref(), len::<F>())
}

/// `a + b` for big-endian integers of one length, `None` on overflow.
fn add_be(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let s = a[i] as u16 + b[i] as u16 + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

/// Canonical decoding accepts exactly [0, m); reduced decoding maps x + m to x.
fn check_prime_field_decoding<F: PrimeField>(bytes: &[u8]) -> TestResult {
    let bytes = F::Bytes::copy_from(bytes);
    let reduced = F::from_bytes_reduced(&bytes).to_bytes();
    let canonical = bool::from(F::from_bytes_canonical(&bytes).is_some());
    prop_assert_eq!(canonical, reduced == bytes);
    if let Some(plus_m) = add_be(reduced.as_ref(), &modulus_be::<F>()) {
        let again = F::from_bytes_reduced(&F::Bytes::copy_from(&plus_m)).to_bytes();
        prop_assert_eq!(again, reduced);
    }
    Ok(())
}

/// Integers next to the moduli, in the field's encoding length: m - 1, m and m + 1 for m = p
/// and m = r.
fn near_moduli<C: Bn>() -> impl Strategy<Value = Vec<u8>> {
    let mut values = Vec::new();
    for m in [C::Fp::MODULUS_LIMBS, C::Fr::MODULUS_LIMBS] {
        // The low limbs are odd and far from 2^64 - 1, so +-1 does not carry.
        let m = m.as_ref().to_vec();
        let (mut below, mut above) = (m.clone(), m.clone());
        below[0] -= 1;
        above[0] += 1;
        values.extend([below, m, above].map(|l| limbs_be(&l, len::<C::Fp>())));
    }
    proptest::sample::select(values)
}

/// from_bytes_wide(hi || lo) = hi * 2^BITS + lo, lo the last BITS/8 bytes of the 64.
fn check_wide_reduction<F: PrimeField + TestField>(wide: &[u8]) -> TestResult {
    let wide: [u8; 64] = wide.try_into().expect("64 bytes");
    let split = 64 - len::<F>();
    let mut hi = vec![0u8; len::<F>() - split];
    hi.extend_from_slice(&wide[..split]);
    let bits = (F::BITS as u16).to_be_bytes();
    let two_bits = pow(<F as TestField>::ONE + <F as TestField>::ONE, &bits);
    let expected = F::decode(&hi) * two_bits + F::decode(&wide[split..]);
    same(
        "wide reduction",
        <F as PrimeField>::from_bytes_wide(&wide),
        expected,
    )
}

/// The Frobenius map of F_p12 is x -> x^p: a ring homomorphism of order 12, whose sixth power
/// is the conjugation; on F_p6 it is x^p too, and on F_p2 the conjugation.
fn check_frobenius<C: Bn>(a: &[u8], b: &[u8], c: &[u8], d: &[u8]) -> TestResult {
    let p = modulus_be::<C::Fp>();
    let (a, b) = (Fp12::<C>::decode(a), Fp12::<C>::decode(b));
    same("frobenius(a) = a^p", a.frobenius(), pow(a, &p))?;
    same("frobenius^12 = identity", a.frobenius_n(12), a)?;
    same("frobenius^6 = conjugate", a.frobenius_n(6), a.conjugate())?;
    same(
        "frobenius(a*b)",
        (a * b).frobenius(),
        a.frobenius() * b.frobenius(),
    )?;
    same(
        "frobenius(a+b)",
        (a + b).frobenius(),
        a.frobenius() + b.frobenius(),
    )?;
    let (c, d) = (Fp6::<C>::decode(c), Fp2::<C>::decode(d));
    same("Fp6 frobenius(c) = c^p", c.frobenius(), pow(c, &p))?;
    same("Fp2 conjugate(d) = d^p", d.conjugate(), pow(d, &p))
}

/// The special multiplications agree with the general one.
fn check_special_multiplications<C: Bn>(a: &[u8], l: &(Vec<u8>, Vec<u8>, Vec<u8>)) -> TestResult {
    let a = Fp12::<C>::decode(a);
    let (l0, l1, l2) = (Fp2::decode(&l.0), Fp2::decode(&l.1), Fp2::decode(&l.2));
    let line = Fp12 {
        d0: Fp6 {
            c0: l0,
            c1: Fp2::ZERO,
            c2: Fp2::ZERO,
        },
        d1: Fp6 {
            c0: l1,
            c1: l2,
            c2: Fp2::ZERO,
        },
    };
    same("mul_by_line", a.mul_by_line(&l0, &l1, &l2), a * line)?;
    let v = Fp6 {
        c0: Fp2::ZERO,
        c1: Fp2::ONE,
        c2: Fp2::ZERO,
    };
    same("mul_by_v", a.d0.mul_by_v(), a.d0 * v)?;
    let one = <C::Fp as Field>::ONE;
    let xi = Fp2::<C> {
        a: one.double() + one,
        b: one,
    };
    same("mul_by_xi", l0.mul_by_xi(), l0 * xi)?;
    // After the final exponentiation a non-zero element is unitary, where the cheap squaring
    // holds.
    prop_assume!(!TestField::is_zero(&a));
    let unitary = final_exponentiation(&a);
    same(
        "cyclotomic_square",
        unitary.cyclotomic_square(),
        unitary.square(),
    )?;
    same("unitary inverse", unitary.conjugate() * unitary, Fp12::ONE)
}

// ---------------------------------------------------------------------------------------------
// Curves

/// A scalar in F_r from bytes.
fn fr<C: Bn>(bytes: &[u8]) -> C::Fr {
    C::Fr::from_bytes_reduced(&ByteArray::copy_from(bytes))
}

fn mul<C: Bn, P: CurveParams>(p: &Point<P>, k: &C::Fr) -> Point<P> {
    p.mul_limbs(k.to_canonical_limbs().as_ref())
}

fn affine<P: CurveParams>(p: &Point<P>) -> Option<Affine<P>> {
    Option::from(p.to_affine())
}

fn same_point<P: CurveParams>(law: &str, left: &Point<P>, right: &Point<P>) -> TestResult {
    prop_assert!(bool::from(left.ct_eq_point(right)), "{}", law);
    Ok(())
}

/// Scalar multiplication on one curve of `C`: linear in the scalar, [r]P = O, and consistent
/// with doubling, negation and the affine round trip.
fn check_scalar_multiplication<C: Bn, P: CurveParams>(
    base: &Affine<P>,
    a: &[u8],
    b: &[u8],
) -> TestResult {
    let base = base.to_projective();
    let (a, b) = (fr::<C>(a), fr::<C>(b));
    let (pa, pb) = (mul::<C, P>(&base, &a), mul::<C, P>(&base, &b));
    same_point(
        "[a+b]P = [a]P + [b]P",
        &mul::<C, P>(&base, &(a + b)),
        &pa.add(&pb),
    )?;
    same_point(
        "[ab]P = [a]([b]P)",
        &mul::<C, P>(&base, &(a * b)),
        &mul::<C, P>(&pb, &a),
    )?;
    same_point("[-a]P = -[a]P", &mul::<C, P>(&base, &(-a)), &pa.neg())?;
    same_point(
        "[2a]P = double",
        &mul::<C, P>(&base, &(a + a)),
        &pa.double(),
    )?;
    same_point("P - P = O", &pa.sub(&pa), &Point::IDENTITY)?;
    same_point("P + O = P", &pa.add(&Point::IDENTITY), &pa)?;
    let r = C::Fr::MODULUS_LIMBS;
    same_point("[r]P = O", &pa.mul_limbs(r.as_ref()), &Point::IDENTITY)?;
    let zero = vec![0u64; r.as_ref().len()];
    same_point("[0]P = O", &pa.mul_limbs(&zero), &Point::IDENTITY)?;
    if let Some(affine) = affine(&pa) {
        prop_assert!(bool::from(affine.is_on_curve()));
        same_point("affine round trip", &affine.to_projective(), &pa)?;
    }
    Ok(())
}

/// The twist Frobenius psi is multiplication by p on G2 (the order-r points of the twist).
fn check_twist_frobenius<C: Bn>(a: &[u8]) -> TestResult {
    let a = fr::<C>(a);
    prop_assume!(!bool::from(a.is_zero()));
    let q = affine(&mul::<C, _>(&C::G2_GENERATOR.to_projective(), &a)).unwrap();
    let p = C::Fp::MODULUS_LIMBS;
    same_point(
        "psi(Q) = [p]Q",
        &q.frobenius().to_projective(),
        &q.to_projective().mul_limbs(p.as_ref()),
    )
}

/// The fixed-base multiplications (tables) agree with the generic one, for any scalar of the
/// field's width (private keys and hash2 scalars are below p, not r).
fn check_fixed_base_multiplication<C: Bn>(k: &[u8]) -> TestResult {
    let k = be_limbs::<C::Fr>(k);
    let (g1, g2, h) = (C::G1_GENERATOR, C::G2_GENERATOR, C::HASH_ELEMENT);
    same_point(
        "[k]G_P",
        &mul_g1_generator::<C>(&k),
        &g1.to_projective().mul_limbs(&k),
    )?;
    same_point(
        "[k]G_Q",
        &mul_g2_generator::<C>(&k),
        &g2.to_projective().mul_limbs(&k),
    )?;
    same_point(
        "[k]H",
        &mul_hash_element::<C>(&k),
        &h.to_projective().mul_limbs(&k),
    )
}

/// Points survive their byte encodings (public keys, hashed temp keys).
fn check_point_encoding_round_trip<C: Curve>(k: &[u8]) -> TestResult {
    let k = fr::<C>(k);
    prop_assume!(!bool::from(k.is_zero()));
    let p = affine(&mul::<C, _>(&C::G1_GENERATOR.to_projective(), &k)).unwrap();
    let p_bytes = p.to_bytes();
    prop_assert_eq!(
        PublicKey::<C>::from_bytes(&p_bytes).unwrap().to_bytes(),
        p_bytes
    );
    let q = affine(&mul::<C, _>(&C::G2_GENERATOR.to_projective(), &k)).unwrap();
    let q_bytes = q.to_bytes();
    prop_assert_eq!(
        HashedValue::<C>::from_bytes(&q_bytes).unwrap().to_bytes(),
        q_bytes
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Pairing

fn base_pairing<C: Bn>() -> Fp12<C> {
    pairing(&C::G1_GENERATOR, &C::G2_GENERATOR)
}

fn check_pairing_is_non_degenerate_of_order_r<C: Bn>() {
    let e = base_pairing::<C>();
    assert_ne!(
        e.encode(),
        Fp12::<C>::ONE.encode(),
        "{}: e(P, Q) = 1",
        C::NAME
    );
    let r = modulus_be::<C::Fr>();
    assert_eq!(
        pow(e, &r).encode(),
        Fp12::<C>::ONE.encode(),
        "{}: e^r != 1",
        C::NAME
    );
}

/// e([a]P, [b]Q) = e(P, Q)^(ab), the prepared lines of G_Q agree, and e is additive in its
/// first argument.
fn check_pairing_is_bilinear<C: Bn>(a: &[u8], b: &[u8], c: &[u8]) -> TestResult {
    let (a, b, c) = (fr::<C>(a), fr::<C>(b), fr::<C>(c));
    prop_assume!(![a, b, c, a + c].iter().any(|k| bool::from(k.is_zero())));
    let affine1 = |k: &C::Fr| affine(&mul::<C, _>(&C::G1_GENERATOR.to_projective(), k)).unwrap();
    let affine2 = |k: &C::Fr| affine(&mul::<C, _>(&C::G2_GENERATOR.to_projective(), k)).unwrap();
    let (pa, qb) = (affine1(&a), affine2(&b));
    let ab = (a * b).to_bytes();
    same(
        "e([a]P, [b]Q) = e(P, Q)^(ab)",
        pairing(&pa, &qb),
        pow(base_pairing::<C>(), ab.as_ref()),
    )?;
    let prepared = pairing_with_g2_generator(&pa);
    same(
        "e(P', G_Q) with prepared lines",
        prepared,
        pairing(&pa, &C::G2_GENERATOR),
    )?;
    same(
        "e([a]P + [c]P, Q') = e([a]P, Q') e([c]P, Q')",
        pairing(&affine1(&(a + c)), &qb),
        pairing(&pa, &qb) * pairing(&affine1(&c), &qb),
    )
}

// ---------------------------------------------------------------------------------------------
// The scheme

fn api<C: Curve>(seed: [u8; 32]) -> Recrypt<C, CompatibleRng> {
    Recrypt::new(CompatibleRng::from_seed(seed))
}

/// encrypt, then n transforms, then decrypt by each value's recipient; a level-n value does not
/// decrypt with the key of another level.
fn check_encrypt_transform_decrypt<C: Curve>(seed: [u8; 32], n: usize) -> TestResult {
    let mut api = api::<C>(seed);
    let keys = (0..=n)
        .map(|_| api.generate_key_pair().unwrap())
        .collect::<Vec<_>>();
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
    Ok(())
}

/// Schnorr signatures verify, also for an augmented key pair, and not for another message.
fn check_schnorr_round_trip<C: Curve>(seed: [u8; 32], message: &[u8]) -> TestResult {
    let mut api = api::<C>(seed);
    let (user, user_public) = api.generate_key_pair().unwrap();
    let (server, server_public) = api.generate_key_pair().unwrap();
    let signature = api.schnorr_sign(&user, &user_public, message).unwrap();
    prop_assert!(schnorr_verify(&user_public, None, message, &signature));
    let other = [message, b"!"].concat();
    prop_assert!(!schnorr_verify(&user_public, None, &other, &signature));
    let augmented = user_public.augment(&server_public).unwrap();
    let signature = api.schnorr_sign(&user, &augmented, message).unwrap();
    prop_assert!(schnorr_verify(
        &augmented,
        Some(&server),
        message,
        &signature
    ));
    prop_assert!(!schnorr_verify(&augmented, None, message, &signature));
    Ok(())
}

/// Private-key arithmetic is arithmetic mod r, matching public-key augmentation.
fn check_private_key_arithmetic<C: Curve>(a: &[u8], b: &[u8]) -> TestResult {
    let key = |bytes: &[u8]| PrivateKey::<C>::from_bytes(&FieldBytes::<C>::copy_from(bytes));
    let (a, b, zero) = (key(a), key(b), key(&vec![0; len::<C::Fp>()]));
    let sum = add_private_keys(&a, &b);
    let a_mod_r = add_private_keys(&a, &zero);
    prop_assert_eq!(
        subtract_private_keys(&sum, &b).to_bytes(),
        a_mod_r.to_bytes()
    );
    prop_assert_eq!(sum.to_bytes(), add_private_keys(&b, &a).to_bytes());
    let public = |k: &PrivateKey<C>| compute_public_key(k).ok();
    if let (Some(pa), Some(pb), Some(p_sum)) = (public(&a), public(&b), public(&sum)) {
        prop_assert_eq!(pa.augment(&pb).unwrap(), p_sum);
    }
    Ok(())
}

/// Plaintexts keep their canonical bytes.
fn check_plaintext_encoding_round_trip<C: Curve>(bytes: &[u8]) -> TestResult {
    let canonical = Fp12::<C>::decode(bytes).encode();
    let plaintext = Plaintext::<C>::from_bytes(&C::Fp12Bytes::copy_from(bytes));
    prop_assert_eq!(plaintext.to_bytes().as_ref().to_vec(), canonical);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The instances

/// The laws of one field, as a module of tests.
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

/// Every property above for one curve, as a module of tests; the case counts are per group of
/// properties of similar cost.
macro_rules! curve_properties {
    (
        $module:ident, $curve:ty,
        tower: $tower:expr, group: $group:expr, pairing: $pairing:expr, scheme: $scheme:expr
    ) => {
        mod $module {
            use super::*;
            type C = $curve;
            type Fp = <C as Bn>::Fp;
            type Fr = <C as Bn>::Fr;

            field_properties!(fp, Fp);
            field_properties!(fr, Fr);
            field_properties!(fp2, Fp2<C>);
            field_properties!(fp6, Fp6<C>);
            field_properties!(fp12, Fp12<C>);

            proptest! {
                #![proptest_config(ProptestConfig::with_cases($tower))]

                #[test]
                fn prime_field_decoding(a in prop_oneof![sample::<Fp>(), near_moduli::<C>()]) {
                    check_prime_field_decoding::<Fp>(&a)?;
                    check_prime_field_decoding::<Fr>(&a)?;
                }

                #[test]
                fn wide_reduction(wide in sample_bytes(64)) {
                    check_wide_reduction::<Fp>(&wide)?;
                    check_wide_reduction::<Fr>(&wide)?;
                }

                #[test]
                fn frobenius(
                    a in sample::<Fp12<C>>(),
                    b in sample::<Fp12<C>>(),
                    c in sample::<Fp6<C>>(),
                    d in sample::<Fp2<C>>(),
                ) {
                    check_frobenius::<C>(&a, &b, &c, &d)?;
                }

                #[test]
                fn sparse_and_special_multiplications(
                    a in sample::<Fp12<C>>(),
                    l in (sample::<Fp2<C>>(), sample::<Fp2<C>>(), sample::<Fp2<C>>()),
                ) {
                    check_special_multiplications::<C>(&a, &l)?;
                }

                #[test]
                fn plaintext_encoding_round_trip(bytes in sample::<Fp12<C>>()) {
                    check_plaintext_encoding_round_trip::<C>(&bytes)?;
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases($group))]

                #[test]
                fn g1_scalar_multiplication(a in sample::<Fr>(), b in sample::<Fr>()) {
                    check_scalar_multiplication::<C, _>(&C::G1_GENERATOR, &a, &b)?;
                }

                #[test]
                fn g2_scalar_multiplication(a in sample::<Fr>(), b in sample::<Fr>()) {
                    check_scalar_multiplication::<C, _>(&C::G2_GENERATOR, &a, &b)?;
                    check_scalar_multiplication::<C, _>(&C::HASH_ELEMENT, &a, &b)?;
                }

                #[test]
                fn twist_frobenius(a in sample::<Fr>()) {
                    check_twist_frobenius::<C>(&a)?;
                }

                #[test]
                fn fixed_base_multiplication(k in sample::<Fr>()) {
                    check_fixed_base_multiplication::<C>(&k)?;
                }

                #[test]
                fn point_encoding_round_trip(k in sample::<Fr>()) {
                    check_point_encoding_round_trip::<C>(&k)?;
                }

                #[test]
                fn private_key_arithmetic(a in sample::<Fp>(), b in sample::<Fp>()) {
                    check_private_key_arithmetic::<C>(&a, &b)?;
                }
            }

            #[test]
            fn pairing_is_non_degenerate_of_order_r() {
                check_pairing_is_non_degenerate_of_order_r::<C>();
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases($pairing))]

                #[test]
                fn pairing_is_bilinear(a in sample::<Fr>(), b in sample::<Fr>(), c in sample::<Fr>()) {
                    check_pairing_is_bilinear::<C>(&a, &b, &c)?;
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases($scheme))]

                #[test]
                fn encrypt_transform_decrypt_round_trip(seed in any::<[u8; 32]>(), n in 0usize..=4) {
                    check_encrypt_transform_decrypt::<C>(seed, n)?;
                }

                #[test]
                fn schnorr_round_trip(seed in any::<[u8; 32]>(), message in vec(any::<u8>(), 0..64)) {
                    check_schnorr_round_trip::<C>(seed, &message)?;
                }
            }
        }
    };
}

curve_properties!(bn256, Bn256, tower: 256, group: 64, pairing: 8, scheme: 12);
curve_properties!(bn480, Bn480, tower: 64, group: 16, pairing: 3, scheme: 3);
