//! 256-bit prime fields in Montgomery form on four 64-bit limbs.
//!
//! One generic type, [`Fe`], serves both the base field F_p and the scalar field F_r of the curve.
//! Both moduli use the full 256 bits (2^255 < m < 2^256), so every routine keeps track of the
//! carry out of the top limb. All arithmetic is constant time: no branch and no memory index
//! depends on a value, only on the (public) modulus. Montgomery constants are derived from the
//! modulus at compile time, so the only hand-written numbers are the two primes themselves.

use core::marker::PhantomData;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// Four little-endian 64-bit limbs.
pub type Limbs = [u64; 4];

#[inline(always)]
pub(crate) const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// a - b - borrow; the returned borrow is 0 or 1.
#[inline(always)]
pub(crate) const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (t as u64, ((t >> 64) as u64) & 1)
}

/// a + b * c + carry, as (low, high).
#[inline(always)]
pub(crate) const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + (b as u128) * (c as u128) + carry as u128;
    (t as u64, (t >> 64) as u64)
}

pub(crate) const fn add4(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, c) = adc(a[0], b[0], 0);
    let (r1, c) = adc(a[1], b[1], c);
    let (r2, c) = adc(a[2], b[2], c);
    let (r3, c) = adc(a[3], b[3], c);
    ([r0, r1, r2, r3], c)
}

pub(crate) const fn sub4(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, w) = sbb(a[0], b[0], 0);
    let (r1, w) = sbb(a[1], b[1], w);
    let (r2, w) = sbb(a[2], b[2], w);
    let (r3, w) = sbb(a[3], b[3], w);
    ([r0, r1, r2, r3], w)
}

/// `mask` is all ones to pick `b`, zero to pick `a`.
#[inline(always)]
const fn select4(a: &Limbs, b: &Limbs, mask: u64) -> Limbs {
    [
        a[0] ^ ((a[0] ^ b[0]) & mask),
        a[1] ^ ((a[1] ^ b[1]) & mask),
        a[2] ^ ((a[2] ^ b[2]) & mask),
        a[3] ^ ((a[3] ^ b[3]) & mask),
    ]
}

/// Reduces a value `hi * 2^256 + v` with hi in {0, 1} and value < 2m to [0, m).
#[inline(always)]
const fn reduce_once(v: &Limbs, hi: u64, m: &Limbs) -> Limbs {
    let (d, borrow) = sub4(v, m);
    // Keep the difference when it did not borrow, or when the value had a 257th bit.
    let keep_diff = (hi | (borrow ^ 1)).wrapping_neg();
    select4(v, &d, keep_diff)
}

/// Montgomery multiplication (CIOS): a * b / 2^256 mod m, for a, b < m.
#[inline(always)]
pub(crate) const fn mont_mul(a: &Limbs, b: &Limbs, m: &Limbs, inv: u64) -> Limbs {
    let mut t = [0u64; 6];
    let mut i = 0;
    while i < 4 {
        let (t0, c) = mac(t[0], a[0], b[i], 0);
        let (t1, c) = mac(t[1], a[1], b[i], c);
        let (t2, c) = mac(t[2], a[2], b[i], c);
        let (t3, c) = mac(t[3], a[3], b[i], c);
        let (t4, t5) = adc(t[4], c, 0);

        let k = t0.wrapping_mul(inv);
        let (_, c) = mac(t0, k, m[0], 0);
        let (r0, c) = mac(t1, k, m[1], c);
        let (r1, c) = mac(t2, k, m[2], c);
        let (r2, c) = mac(t3, k, m[3], c);
        let (r3, c) = adc(t4, c, 0);
        t = [r0, r1, r2, r3, t5 + c, 0];
        i += 1;
    }
    reduce_once(&[t[0], t[1], t[2], t[3]], t[4], m)
}

/// Doubles mod m, for a < m.
const fn double_mod(a: &Limbs, m: &Limbs) -> Limbs {
    let (s, carry) = add4(a, a);
    reduce_once(&s, carry, m)
}

/// -m^{-1} mod 2^64 (m odd), by Newton's method in the exponent.
const fn neg_inverse_mod_2_64(m0: u64) -> u64 {
    let mut inv = 1u64;
    let mut i = 0;
    while i < 63 {
        inv = inv.wrapping_mul(inv);
        inv = inv.wrapping_mul(m0);
        i += 1;
    }
    inv.wrapping_neg()
}

/// x * 2^(256 n) mod m by repeated doubling.
const fn shift_mod(x: &Limbs, n: usize, m: &Limbs) -> Limbs {
    let mut v = *x;
    let mut i = 0;
    while i < 256 * n {
        v = double_mod(&v, m);
        i += 1;
    }
    v
}

/// Parses 64 hex digits (big-endian) into limbs at compile time.
pub(crate) const fn limbs_from_hex(hex: &str) -> Limbs {
    let bytes = hex.as_bytes();
    assert!(bytes.len() == 64, "expected 64 hex digits");
    let mut limbs = [0u64; 4];
    let mut i = 0;
    while i < 64 {
        let c = bytes[i];
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit"),
        } as u64;
        let limb = 3 - i / 16;
        limbs[limb] = (limbs[limb] << 4) | d;
        i += 1;
    }
    limbs
}

/// A 256-bit odd modulus with 2^255 < m < 2^256, and its derived Montgomery constants.
pub trait Modulus: 'static + Copy + Send + Sync + Eq {
    const MODULUS: Limbs;
    /// -m^{-1} mod 2^64
    const INV: u64 = neg_inverse_mod_2_64(Self::MODULUS[0]);
    /// 2^256 mod m: since m > 2^255 this is 2^256 - m.
    const R: Limbs = sub4(&[0; 4], &Self::MODULUS).0;
    /// 2^512 mod m
    const R2: Limbs = shift_mod(&Self::R, 1, &Self::MODULUS);
    /// 2^768 mod m
    const R3: Limbs = shift_mod(&Self::R, 2, &Self::MODULUS);
}

/// An element of the prime field defined by `M`, in Montgomery form (value * 2^256 mod m).
#[derive(Clone, Copy)]
pub struct Fe<M: Modulus>(pub(crate) Limbs, PhantomData<M>);

impl<M: Modulus> Fe<M> {
    pub const ZERO: Self = Fe([0; 4], PhantomData);
    pub const ONE: Self = Fe(M::R, PhantomData);

    /// Builds an element from a canonical integer (< m) at compile time or run time.
    pub const fn from_canonical_limbs(v: &Limbs) -> Self {
        Fe(mont_mul(v, &M::R2, &M::MODULUS, M::INV), PhantomData)
    }

    /// Builds an element from 64 hex digits (big-endian) that must be below the modulus.
    pub const fn from_hex(hex: &str) -> Self {
        let v = limbs_from_hex(hex);
        assert!(
            sub4(&v, &M::MODULUS).1 == 1,
            "constant not below the modulus"
        );
        Self::from_canonical_limbs(&v)
    }

    pub const fn from_u64(v: u64) -> Self {
        Self::from_canonical_limbs(&[v, 0, 0, 0])
    }

    /// Reduces any 256-bit integer (one conditional subtraction suffices since 2^256 < 2m).
    pub fn from_limbs_reduced(v: &Limbs) -> Self {
        let r = reduce_once(v, 0, &M::MODULUS);
        Self::from_canonical_limbs(&r)
    }

    /// Decodes 32 big-endian bytes, reducing values >= m (recrypt never rejects them).
    pub fn from_bytes_reduced(bytes: &[u8; 32]) -> Self {
        Self::from_limbs_reduced(&limbs_from_be_bytes(bytes))
    }

    /// Decodes 32 big-endian bytes; `None` (in constant time) when the value is not below m.
    pub fn from_bytes_canonical(bytes: &[u8; 32]) -> CtOption<Self> {
        let v = limbs_from_be_bytes(bytes);
        let (_, borrow) = sub4(&v, &M::MODULUS);
        CtOption::new(Self::from_canonical_limbs(&v), Choice::from(borrow as u8))
    }

    /// Reduces a 512-bit big-endian integer mod m.
    pub fn from_bytes_wide(bytes: &[u8; 64]) -> Self {
        let mut hi = [0u8; 32];
        let mut lo = [0u8; 32];
        hi.copy_from_slice(&bytes[..32]);
        lo.copy_from_slice(&bytes[32..]);
        let hi = reduce_once(&limbs_from_be_bytes(&hi), 0, &M::MODULUS);
        let lo = reduce_once(&limbs_from_be_bytes(&lo), 0, &M::MODULUS);
        // Montgomery form of hi * 2^256 + lo: hi * R^3 / R + lo * R^2 / R.
        let h = Fe::<M>(mont_mul(&hi, &M::R3, &M::MODULUS, M::INV), PhantomData);
        let l = Fe::<M>(mont_mul(&lo, &M::R2, &M::MODULUS, M::INV), PhantomData);
        h + l
    }

    /// The canonical integer value as limbs.
    pub fn to_canonical_limbs(&self) -> Limbs {
        mont_mul(&self.0, &[1, 0, 0, 0], &M::MODULUS, M::INV)
    }

    /// Canonical 32-byte big-endian encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        limbs_to_be_bytes(&self.to_canonical_limbs())
    }

    #[inline(always)]
    pub fn square(&self) -> Self {
        *self * *self
    }

    #[inline(always)]
    pub fn double(&self) -> Self {
        *self + *self
    }

    pub fn is_zero(&self) -> Choice {
        self.ct_eq(&Self::ZERO)
    }

    /// a^e for a public exponent e given as limbs: square-and-multiply over all 256 bits, constant
    /// time in a (the multiply is always computed and selected by the public bit).
    pub fn pow_public_exponent(&self, e: &Limbs) -> Self {
        let mut acc = Self::ONE;
        for limb in e.iter().rev() {
            for bit in (0..64).rev() {
                acc = acc.square();
                let sel = Choice::from(((limb >> bit) & 1) as u8);
                // The exponent is public: the select only keeps the code shape uniform.
                acc = Self::conditional_select(&acc, &(acc * *self), sel);
            }
        }
        acc
    }

    /// Multiplicative inverse by Fermat's little theorem (constant time); 0 maps to 0.
    pub fn invert(&self) -> Self {
        let e = sub4(&M::MODULUS, &[2, 0, 0, 0]).0;
        self.pow_public_exponent(&e)
    }
}

pub(crate) fn limbs_from_be_bytes(bytes: &[u8; 32]) -> Limbs {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let start = 32 - 8 * (i + 1);
        *limb = u64::from_be_bytes(bytes[start..start + 8].try_into().expect("8 bytes"));
    }
    limbs
}

pub(crate) fn limbs_to_be_bytes(limbs: &Limbs) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, limb) in limbs.iter().enumerate() {
        let start = 32 - 8 * (i + 1);
        out[start..start + 8].copy_from_slice(&limb.to_be_bytes());
    }
    out
}

impl<M: Modulus> core::ops::Add for Fe<M> {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        let (s, carry) = add4(&self.0, &rhs.0);
        Fe(reduce_once(&s, carry, &M::MODULUS), PhantomData)
    }
}

impl<M: Modulus> core::ops::Sub for Fe<M> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        let (d, borrow) = sub4(&self.0, &rhs.0);
        let mask = borrow.wrapping_neg();
        let m = &M::MODULUS;
        let addend = [m[0] & mask, m[1] & mask, m[2] & mask, m[3] & mask];
        Fe(add4(&d, &addend).0, PhantomData)
    }
}

impl<M: Modulus> core::ops::Neg for Fe<M> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl<M: Modulus> core::ops::Mul for Fe<M> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Fe(mont_mul(&self.0, &rhs.0, &M::MODULUS, M::INV), PhantomData)
    }
}

impl<M: Modulus> core::ops::AddAssign for Fe<M> {
    fn add_assign(&mut self, rhs: Self) {
        *self = *self + rhs;
    }
}

impl<M: Modulus> core::ops::SubAssign for Fe<M> {
    fn sub_assign(&mut self, rhs: Self) {
        *self = *self - rhs;
    }
}

impl<M: Modulus> core::ops::MulAssign for Fe<M> {
    fn mul_assign(&mut self, rhs: Self) {
        *self = *self * rhs;
    }
}

impl<M: Modulus> ConstantTimeEq for Fe<M> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0[0].ct_eq(&other.0[0])
            & self.0[1].ct_eq(&other.0[1])
            & self.0[2].ct_eq(&other.0[2])
            & self.0[3].ct_eq(&other.0[3])
    }
}

impl<M: Modulus> PartialEq for Fe<M> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<M: Modulus> Eq for Fe<M> {}

impl<M: Modulus> ConditionallySelectable for Fe<M> {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Fe(
            [
                u64::conditional_select(&a.0[0], &b.0[0], choice),
                u64::conditional_select(&a.0[1], &b.0[1], choice),
                u64::conditional_select(&a.0[2], &b.0[2], choice),
                u64::conditional_select(&a.0[3], &b.0[3], choice),
            ],
            PhantomData,
        )
    }
}

impl<M: Modulus> Default for Fe<M> {
    fn default() -> Self {
        Self::ZERO
    }
}

impl<M: Modulus> Zeroize for Fe<M> {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl<M: Modulus> core::fmt::Debug for Fe<M> {
    /// Field elements may be secret: Debug never shows the value.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Fe(..)")
    }
}

/// The base field prime p of recrypt's 256-bit BN curve.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PModulus;
impl Modulus for PModulus {
    const MODULUS: Limbs =
        limbs_from_hex("8fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667");
}

/// The group order r of the curve (the scalar field).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RModulus;
impl Modulus for RModulus {
    const MODULUS: Limbs =
        limbs_from_hex("8fb501e34aa387f9aa6fecb86184dc212e8d8e12f82b39241a2ef45b57ac7261");
}

/// F_p
pub type Fp = Fe<PModulus>;
/// F_r
pub type Fr = Fe<RModulus>;
