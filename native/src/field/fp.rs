//! Prime fields in Montgomery form on `N` 64-bit limbs.
//!
//! One generic type, [`Fe`], serves every prime field of the crate: the base fields F_p and the
//! scalar fields F_r of the 256-bit curve (4 limbs) and of the 480-bit curve (8 limbs). A modulus
//! m has `B` bytes ([`Modulus::Bytes`]) with 2^(8B-1) < m < 2^(8B) (256 and 480 bits here), so one
//! conditional subtraction reduces any B-byte integer, which is recrypt's decoding rule (spec 1.6).
//! For the 256-bit moduli the top limb is full, so every routine keeps track of the carry out of
//! it. All arithmetic is constant time: no branch and no memory index depends on a value, only on
//! the (public) modulus and limb count. Montgomery constants are derived from the modulus at
//! compile time, so the only hand-written numbers are the primes themselves (and those are checked
//! against the BN polynomials of their curve's parameter, see `crate::params`).

use core::marker::PhantomData;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// `N` little-endian 64-bit limbs.
pub type Limbs<const N: usize> = [u64; N];

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

#[inline(always)]
pub(crate) const fn add_n<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u64) {
    let mut r = [0u64; N];
    let mut c = 0;
    let mut i = 0;
    while i < N {
        (r[i], c) = adc(a[i], b[i], c);
        i += 1;
    }
    (r, c)
}

#[inline(always)]
pub(crate) const fn sub_n<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u64) {
    let mut r = [0u64; N];
    let mut w = 0;
    let mut i = 0;
    while i < N {
        (r[i], w) = sbb(a[i], b[i], w);
        i += 1;
    }
    (r, w)
}

/// `mask` is all ones to pick `b`, zero to pick `a`.
#[inline(always)]
const fn select_n<const N: usize>(a: &Limbs<N>, b: &Limbs<N>, mask: u64) -> Limbs<N> {
    let mut r = [0u64; N];
    let mut i = 0;
    while i < N {
        r[i] = a[i] ^ ((a[i] ^ b[i]) & mask);
        i += 1;
    }
    r
}

/// Reduces a value `hi * 2^(64N) + v` with hi in {0, 1} and value < 2m to [0, m).
#[inline(always)]
const fn reduce_once<const N: usize>(v: &Limbs<N>, hi: u64, m: &Limbs<N>) -> Limbs<N> {
    let (d, borrow) = sub_n(v, m);
    // Keep the difference when it did not borrow, or when the value had a bit above the limbs.
    let keep_diff = (hi | (borrow ^ 1)).wrapping_neg();
    select_n(v, &d, keep_diff)
}

/// [`reduce_once`] for values that may be secret, at run time: the mask goes through an optimisation
/// barrier. Without it LLVM turned the selection of the 8-limb (Api480) instantiation back into a branch
/// on the borrow in `from_limbs_reduced` (seen by `build.ps1 ct`: valgrind reported the conditional jump on
/// secret private keys and plaintexts); `reduce_once` itself stays `const` for the compile-time constants.
#[inline(always)]
fn reduce_once_secret<const N: usize>(v: &Limbs<N>, hi: u64, m: &Limbs<N>) -> Limbs<N> {
    let (d, borrow) = sub_n(v, m);
    let keep_diff = core::hint::black_box((hi | (borrow ^ 1)).wrapping_neg());
    select_n(v, &d, keep_diff)
}

/// Montgomery multiplication (CIOS): a * b / 2^(64N) mod m, for a, b < m.
#[inline(always)]
pub(crate) const fn mont_mul<const N: usize>(
    a: &Limbs<N>,
    b: &Limbs<N>,
    m: &Limbs<N>,
    inv: u64,
) -> Limbs<N> {
    // t holds N limbs plus the word `top` above them (at most 1 bit beyond it, `top_carry`).
    let mut t = [0u64; N];
    let mut top = 0u64;
    let mut i = 0;
    while i < N {
        let mut c = 0;
        let mut j = 0;
        while j < N {
            (t[j], c) = mac(t[j], a[j], b[i], c);
            j += 1;
        }
        let (t_n, top_carry) = adc(top, c, 0);

        let k = t[0].wrapping_mul(inv);
        let (_, mut c) = mac(t[0], k, m[0], 0);
        let mut j = 1;
        while j < N {
            (t[j - 1], c) = mac(t[j], k, m[j], c);
            j += 1;
        }
        let (r, c) = adc(t_n, c, 0);
        t[N - 1] = r;
        top = top_carry + c;
        i += 1;
    }
    reduce_once(&t, top, m)
}

/// Doubles mod m, for a < m.
const fn double_mod<const N: usize>(a: &Limbs<N>, m: &Limbs<N>) -> Limbs<N> {
    let (s, carry) = add_n(a, a);
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

/// x * 2^bits mod m by repeated doubling (x < m).
const fn shift_mod<const N: usize>(x: &Limbs<N>, bits: usize, m: &Limbs<N>) -> Limbs<N> {
    let mut v = *x;
    let mut i = 0;
    while i < bits {
        v = double_mod(&v, m);
        i += 1;
    }
    v
}

/// The limbs of 1.
const fn one<const N: usize>() -> Limbs<N> {
    let mut v = [0u64; N];
    v[0] = 1;
    v
}

/// The number of significant bits of a value.
pub(crate) const fn bit_length<const N: usize>(v: &Limbs<N>) -> usize {
    let mut i = N;
    while i > 0 {
        i -= 1;
        if v[i] != 0 {
            return 64 * i + 64 - v[i].leading_zeros() as usize;
        }
    }
    0
}

/// Parses big-endian hex digits (at most 16 N) into limbs at compile time.
pub(crate) const fn limbs_from_hex<const N: usize>(hex: &str) -> Limbs<N> {
    let bytes = hex.as_bytes();
    assert!(bytes.len() <= 16 * N, "too many hex digits");
    let mut limbs = [0u64; N];
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[bytes.len() - 1 - i];
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit"),
        } as u64;
        limbs[i / 16] |= d << (4 * (i % 16));
        i += 1;
    }
    limbs
}

/// A fixed-size byte string: the encodings of field elements and of the values built from them.
pub trait ByteArray:
    AsRef<[u8]> + AsMut<[u8]> + Copy + Eq + core::fmt::Debug + Send + Sync + Zeroize + 'static
{
    const LEN: usize;
    fn zeroed() -> Self;
    /// A copy of `bytes`, which must have [`Self::LEN`] bytes.
    fn copy_from(bytes: &[u8]) -> Self {
        let mut out = Self::zeroed();
        out.as_mut().copy_from_slice(bytes);
        out
    }
}

impl<const L: usize> ByteArray for [u8; L] {
    const LEN: usize = L;
    fn zeroed() -> Self {
        [0; L]
    }
}

/// An odd modulus m of `Bytes::LEN` bytes, 2^(8B-1) < m < 2^(8B) <= 2^(64N), and its derived
/// Montgomery constants.
pub trait Modulus<const N: usize>: 'static + Copy + Send + Sync + Eq + core::fmt::Debug {
    const MODULUS: Limbs<N>;
    /// The big-endian encoding of an element.
    type Bytes: ByteArray;
    /// Bits of an encoding: every canonical value (and every scalar the curves use) is below
    /// 2^BITS. Checked against the modulus when the constants below are derived.
    const BITS: usize = {
        let bits = 8 * <Self::Bytes as ByteArray>::LEN;
        assert!(
            bit_length(&Self::MODULUS) == bits,
            "the modulus must fill its bytes"
        );
        assert!(bits <= 64 * N, "the encoding must fit the limbs");
        assert!(Self::MODULUS[0] & 1 == 1, "the modulus must be odd");
        bits
    };
    /// -m^{-1} mod 2^64
    const INV: u64 = neg_inverse_mod_2_64(Self::MODULUS[0]);
    /// R = 2^(64N) mod m
    const R: Limbs<N> = {
        assert!(Self::BITS > 0);
        shift_mod(&one::<N>(), 64 * N, &Self::MODULUS)
    };
    /// R^2 mod m
    const R2: Limbs<N> = shift_mod(&Self::R, 64 * N, &Self::MODULUS);
    /// 2^BITS * R^2 mod m: turns the high part of a wide value into Montgomery form at its place.
    const WIDE_SHIFT: Limbs<N> = shift_mod(&Self::R2, Self::BITS, &Self::MODULUS);
}

/// An element of the prime field defined by `M`, in Montgomery form (value * 2^(64N) mod m).
pub struct Fe<M: Modulus<N>, const N: usize>(pub(crate) Limbs<N>, PhantomData<M>);

impl<M: Modulus<N>, const N: usize> Clone for Fe<M, N> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Modulus<N>, const N: usize> Copy for Fe<M, N> {}

impl<M: Modulus<N>, const N: usize> Fe<M, N> {
    pub const ZERO: Self = Fe([0; N], PhantomData);
    pub const ONE: Self = Fe(M::R, PhantomData);

    /// Builds an element from a canonical integer (< m) at compile time or run time.
    pub const fn from_canonical_limbs(v: &Limbs<N>) -> Self {
        Fe(mont_mul(v, &M::R2, &M::MODULUS, M::INV), PhantomData)
    }

    /// Builds an element from big-endian hex digits whose value must be below the modulus.
    pub const fn from_hex(hex: &str) -> Self {
        let v = limbs_from_hex::<N>(hex);
        assert!(
            sub_n(&v, &M::MODULUS).1 == 1,
            "constant not below the modulus"
        );
        Self::from_canonical_limbs(&v)
    }

    pub const fn from_u64(v: u64) -> Self {
        let mut limbs = [0u64; N];
        limbs[0] = v;
        Self::from_canonical_limbs(&limbs)
    }

    /// Compile-time arithmetic, for checking constants: a + b, a - b, a * b.
    pub const fn const_add(&self, rhs: &Self) -> Self {
        let (s, carry) = add_n(&self.0, &rhs.0);
        Fe(reduce_once(&s, carry, &M::MODULUS), PhantomData)
    }

    pub const fn const_sub(&self, rhs: &Self) -> Self {
        let (d, borrow) = sub_n(&self.0, &rhs.0);
        let m = select_n(&[0; N], &M::MODULUS, borrow.wrapping_neg());
        Fe(add_n(&d, &m).0, PhantomData)
    }

    pub const fn const_mul(&self, rhs: &Self) -> Self {
        Fe(mont_mul(&self.0, &rhs.0, &M::MODULUS, M::INV), PhantomData)
    }

    /// Compile-time equality, for checking constants (not constant time).
    pub const fn const_eq(&self, rhs: &Self) -> bool {
        let mut i = 0;
        while i < N {
            if self.0[i] != rhs.0[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Reduces any integer below 2^BITS (one conditional subtraction suffices since 2^BITS < 2m).
    pub fn from_limbs_reduced(v: &Limbs<N>) -> Self {
        let r = reduce_once_secret(v, 0, &M::MODULUS);
        Self::from_canonical_limbs(&r)
    }

    /// Decodes big-endian bytes, reducing values >= m (recrypt never rejects them).
    pub fn from_bytes_reduced(bytes: &M::Bytes) -> Self {
        Self::from_limbs_reduced(&limbs_from_be_bytes(bytes.as_ref()))
    }

    /// Decodes big-endian bytes; `None` (in constant time) when the value is not below m.
    pub fn from_bytes_canonical(bytes: &M::Bytes) -> CtOption<Self> {
        let v = limbs_from_be_bytes(bytes.as_ref());
        let (_, borrow) = sub_n(&v, &M::MODULUS);
        CtOption::new(Self::from_canonical_limbs(&v), Choice::from(borrow as u8))
    }

    /// Reduces a 512-bit big-endian integer mod m.
    pub fn from_bytes_wide(bytes: &[u8; 64]) -> Self {
        // hi * 2^BITS + lo, with lo the last BITS/8 bytes; both parts are below 2^BITS < 2m.
        let split = 64 - M::BITS / 8;
        let hi = reduce_once_secret(&limbs_from_be_bytes(&bytes[..split]), 0, &M::MODULUS);
        let lo = reduce_once_secret(&limbs_from_be_bytes(&bytes[split..]), 0, &M::MODULUS);
        // Montgomery form of hi * 2^BITS + lo: hi * (2^BITS R^2) / R + lo * R^2 / R.
        let h = Fe::<M, N>(
            mont_mul(&hi, &M::WIDE_SHIFT, &M::MODULUS, M::INV),
            PhantomData,
        );
        let l = Fe::<M, N>(mont_mul(&lo, &M::R2, &M::MODULUS, M::INV), PhantomData);
        h + l
    }

    /// The canonical integer value as limbs.
    pub fn to_canonical_limbs(&self) -> Limbs<N> {
        mont_mul(&self.0, &one::<N>(), &M::MODULUS, M::INV)
    }

    /// Canonical big-endian encoding.
    pub fn to_bytes(&self) -> M::Bytes {
        let mut out = M::Bytes::zeroed();
        limbs_to_be_bytes(&self.to_canonical_limbs(), out.as_mut());
        out
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

    /// a^e for a public exponent e given as limbs: square-and-multiply over all bits of e,
    /// constant time in a (the multiply is always computed and selected by the public bit).
    pub fn pow_public_exponent(&self, e: &Limbs<N>) -> Self {
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
        let mut two = [0u64; N];
        two[0] = 2;
        let e = sub_n(&M::MODULUS, &two).0;
        self.pow_public_exponent(&e)
    }
}

/// Little-endian limbs of a big-endian byte string of at most 8 N bytes.
pub(crate) fn limbs_from_be_bytes<const N: usize>(bytes: &[u8]) -> Limbs<N> {
    assert!(bytes.len() <= 8 * N, "more bytes than limbs");
    let mut limbs = [0u64; N];
    for (i, b) in bytes.iter().rev().enumerate() {
        limbs[i / 8] |= (*b as u64) << (8 * (i % 8));
    }
    limbs
}

/// Writes little-endian limbs as a big-endian byte string filling `out` (the value must fit).
pub(crate) fn limbs_to_be_bytes<const N: usize>(limbs: &Limbs<N>, out: &mut [u8]) {
    for (i, b) in out.iter_mut().rev().enumerate() {
        *b = (limbs[i / 8] >> (8 * (i % 8))) as u8;
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::Add for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        let (s, carry) = add_n(&self.0, &rhs.0);
        Fe(reduce_once(&s, carry, &M::MODULUS), PhantomData)
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::Sub for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        let (d, borrow) = sub_n(&self.0, &rhs.0);
        // Add m back when the subtraction borrowed: m or 0, selected by the borrow's mask.
        let addend = select_n(&[0; N], &M::MODULUS, borrow.wrapping_neg());
        Fe(add_n(&d, &addend).0, PhantomData)
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::Neg for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::Mul for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Fe(mont_mul(&self.0, &rhs.0, &M::MODULUS, M::INV), PhantomData)
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::AddAssign for Fe<M, N> {
    fn add_assign(&mut self, rhs: Self) {
        *self = *self + rhs;
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::SubAssign for Fe<M, N> {
    fn sub_assign(&mut self, rhs: Self) {
        *self = *self - rhs;
    }
}

impl<M: Modulus<N>, const N: usize> core::ops::MulAssign for Fe<M, N> {
    fn mul_assign(&mut self, rhs: Self) {
        *self = *self * rhs;
    }
}

impl<M: Modulus<N>, const N: usize> ConstantTimeEq for Fe<M, N> {
    fn ct_eq(&self, other: &Self) -> Choice {
        let mut diff = 0u64;
        for i in 0..N {
            diff |= self.0[i] ^ other.0[i];
        }
        diff.ct_eq(&0)
    }
}

impl<M: Modulus<N>, const N: usize> PartialEq for Fe<M, N> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<M: Modulus<N>, const N: usize> Eq for Fe<M, N> {}

impl<M: Modulus<N>, const N: usize> ConditionallySelectable for Fe<M, N> {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mut r = [0u64; N];
        for (i, limb) in r.iter_mut().enumerate() {
            *limb = u64::conditional_select(&a.0[i], &b.0[i], choice);
        }
        Fe(r, PhantomData)
    }
}

impl<M: Modulus<N>, const N: usize> Default for Fe<M, N> {
    fn default() -> Self {
        Self::ZERO
    }
}

impl<M: Modulus<N>, const N: usize> Zeroize for Fe<M, N> {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl<M: Modulus<N>, const N: usize> core::fmt::Debug for Fe<M, N> {
    /// Field elements may be secret: Debug never shows the value.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Fe(..)")
    }
}

/// What the rest of the crate needs from a prime field, whatever its limb count: the
/// [`super::Field`] operations, the encodings, and the integer value as limbs (for scalars).
pub trait PrimeField:
    super::Field + Zeroize + Eq + core::fmt::Debug + Send + Sync + 'static
{
    /// The big-endian encoding.
    type Bytes: ByteArray;
    /// The little-endian limbs of an integer below 2^BITS.
    type Limbs: Copy + Zeroize + AsRef<[u64]> + Send + Sync + 'static;
    /// Every canonical value is below 2^BITS; 2^BITS < 2m.
    const BITS: usize;
    const MODULUS_LIMBS: Self::Limbs;
    fn from_bytes_reduced(bytes: &Self::Bytes) -> Self;
    fn from_bytes_canonical(bytes: &Self::Bytes) -> CtOption<Self>;
    fn from_bytes_wide(bytes: &[u8; 64]) -> Self;
    fn to_bytes(&self) -> Self::Bytes;
    fn to_canonical_limbs(&self) -> Self::Limbs;
    fn from_limbs_reduced(v: &Self::Limbs) -> Self;
    fn pow_public_exponent(&self, e: &Self::Limbs) -> Self;
}

impl<M: Modulus<N>, const N: usize> PrimeField for Fe<M, N> {
    type Bytes = M::Bytes;
    type Limbs = Limbs<N>;
    const BITS: usize = M::BITS;
    const MODULUS_LIMBS: Limbs<N> = M::MODULUS;
    #[inline(always)]
    fn from_bytes_reduced(bytes: &M::Bytes) -> Self {
        Fe::from_bytes_reduced(bytes)
    }
    fn from_bytes_canonical(bytes: &M::Bytes) -> CtOption<Self> {
        Fe::from_bytes_canonical(bytes)
    }
    fn from_bytes_wide(bytes: &[u8; 64]) -> Self {
        Fe::from_bytes_wide(bytes)
    }
    #[inline(always)]
    fn to_bytes(&self) -> M::Bytes {
        Fe::to_bytes(self)
    }
    #[inline(always)]
    fn to_canonical_limbs(&self) -> Limbs<N> {
        Fe::to_canonical_limbs(self)
    }
    fn from_limbs_reduced(v: &Limbs<N>) -> Self {
        Fe::from_limbs_reduced(v)
    }
    fn pow_public_exponent(&self, e: &Limbs<N>) -> Self {
        Fe::pow_public_exponent(self, e)
    }
}

impl<M: Modulus<N>, const N: usize> super::Field for Fe<M, N> {
    const ZERO: Self = Fe::ZERO;
    const ONE: Self = Fe::ONE;
    #[inline(always)]
    fn square(&self) -> Self {
        Fe::square(self)
    }
    #[inline(always)]
    fn double(&self) -> Self {
        Fe::double(self)
    }
    fn invert(&self) -> Self {
        Fe::invert(self)
    }
    fn is_zero(&self) -> Choice {
        Fe::is_zero(self)
    }
}
