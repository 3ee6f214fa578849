//! The BN curve E: y^2 = x^3 + 3 over F_p and its sextic twist E': y^2 = x^3 + 3/(u+3) over F_p2
//! (spec 1.2 and 1.4), in homogeneous projective coordinates (X:Y:Z) -> (X/Z, Y/Z), for either of
//! recrypt's BN curves (the type parameter `C` of [`G1Params`] and [`G2Params`]).
//!
//! Addition and doubling use the complete formulas of Renes, Costello and Batina (2015, algorithms
//! 7 and 9 for a = 0): no input, including the identity (0:1:0) and P = Q, takes a special path,
//! so the code has one shape for every value. Scalar multiplication is a fixed 4-bit window over
//! all bits of the field size (256 or 480) with a constant-time table scan.

use crate::field::tower::Fp2;
use crate::field::{ByteArray, Field, PrimeField};
use crate::params::{Bn, Bn256};
use core::marker::PhantomData;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// A curve y^2 = x^3 + b over the field `F`.
pub trait CurveParams: Copy + 'static {
    type F: Field;
    /// 3 * b, used by the complete formulas.
    const B3: Self::F;
    const B: Self::F;
    /// Scalars are below 2^SCALAR_BITS (the curve's field size): the windows a multiplication walks.
    const SCALAR_BITS: usize;
}

/// The curve E: y^2 = x^3 + 3 over F_p of the BN curve `C`.
pub struct G1Params<C>(PhantomData<C>);
/// The twist E': y^2 = x^3 + 3/(u+3) over F_p2 of the BN curve `C`.
pub struct G2Params<C>(PhantomData<C>);

macro_rules! marker_traits {
    ($t:ident) => {
        impl<C> Clone for $t<C> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<C> Copy for $t<C> {}
        impl<C> PartialEq for $t<C> {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
        impl<C> Eq for $t<C> {}
        impl<C: Bn> core::fmt::Debug for $t<C> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{}<{}>", stringify!($t), C::NAME)
            }
        }
    };
}
marker_traits!(G1Params);
marker_traits!(G2Params);

impl<C: Bn> CurveParams for G1Params<C> {
    type F = C::Fp;
    const B3: C::Fp = C::CURVE_B3;
    const B: C::Fp = C::CURVE_B;
    const SCALAR_BITS: usize = <C::Fp as PrimeField>::BITS;
}

impl<C: Bn> CurveParams for G2Params<C> {
    type F = Fp2<C>;
    const B3: Fp2<C> = C::TWIST_B3;
    const B: Fp2<C> = C::TWIST_B;
    const SCALAR_BITS: usize = <C::Fp as PrimeField>::BITS;
}

/// A point in homogeneous projective coordinates.
#[derive(Clone, Copy, Debug)]
pub struct Point<C: CurveParams> {
    pub x: C::F,
    pub y: C::F,
    pub z: C::F,
}

/// An affine point (never the identity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affine<C: CurveParams> {
    pub x: C::F,
    pub y: C::F,
}

/// Points of E and E' of the BN curve `C` (Api256's when not named).
pub type G1<C = Bn256> = Point<G1Params<C>>;
pub type G2<C = Bn256> = Point<G2Params<C>>;
pub type G1Affine<C = Bn256> = Affine<G1Params<C>>;
pub type G2Affine<C = Bn256> = Affine<G2Params<C>>;

impl<C: CurveParams> Affine<C> {
    /// Checks y^2 = x^3 + b.
    pub fn is_on_curve(&self) -> Choice {
        (self.y.square()).ct_eq(&(self.x.square() * self.x + C::B))
    }

    /// Builds a point when (x, y) is on the curve.
    pub fn new(x: C::F, y: C::F) -> CtOption<Self> {
        let p = Affine { x, y };
        CtOption::new(p, p.is_on_curve())
    }

    pub fn to_projective(&self) -> Point<C> {
        Point {
            x: self.x,
            y: self.y,
            z: C::F::ONE,
        }
    }

    pub fn neg(&self) -> Self {
        Affine {
            x: self.x,
            y: -self.y,
        }
    }
}

impl<C: CurveParams> Point<C> {
    pub const IDENTITY: Self = Point {
        x: C::F::ZERO,
        y: C::F::ONE,
        z: C::F::ZERO,
    };

    pub fn is_identity(&self) -> Choice {
        self.z.is_zero()
    }

    pub fn neg(&self) -> Self {
        Point {
            x: self.x,
            y: -self.y,
            z: self.z,
        }
    }

    /// Complete addition (RCB algorithm 7, a = 0).
    pub fn add(&self, rhs: &Self) -> Self {
        let t0 = self.x * rhs.x;
        let t1 = self.y * rhs.y;
        let t2 = self.z * rhs.z;
        let t3 = (self.x + self.y) * (rhs.x + rhs.y) - (t0 + t1);
        let t4 = (self.y + self.z) * (rhs.y + rhs.z) - (t1 + t2);
        let x3 = (self.x + self.z) * (rhs.x + rhs.z);
        let y3 = x3 - (t0 + t2);
        let t0 = t0.double() + t0;
        let t2 = C::B3 * t2;
        let z3 = t1 + t2;
        let t1 = t1 - t2;
        let y3 = C::B3 * y3;
        let x3 = t3 * t1 - t4 * y3;
        let y3 = t1 * z3 + y3 * t0;
        let z3 = z3 * t4 + t0 * t3;
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Complete doubling (RCB algorithm 9, a = 0).
    pub fn double(&self) -> Self {
        let t0 = self.y.square();
        let z3 = t0.double().double().double();
        let t1 = self.y * self.z;
        let t2 = C::B3 * self.z.square();
        let x3 = t2 * z3;
        let y3 = t0 + t2;
        let z3 = t1 * z3;
        let t2 = t2.double() + t2;
        let t0 = t0 - t2;
        let y3 = t0 * y3 + x3;
        let x3 = (t0 * (self.x * self.y)).double();
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Complete mixed addition with an affine point (RCB algorithm 8, a = 0); `rhs` must not be
    /// the identity (the fixed-base code selects around it).
    fn add_affine(&self, rhs: &Affine<C>) -> Self {
        let t0 = self.x * rhs.x;
        let t1 = self.y * rhs.y;
        let t3 = (rhs.x + rhs.y) * (self.x + self.y) - (t0 + t1);
        let t4 = rhs.y * self.z + self.y;
        let y3 = rhs.x * self.z + self.x;
        let t0 = t0.double() + t0;
        let t2 = C::B3 * self.z;
        let z3 = t1 + t2;
        let t1 = t1 - t2;
        let y3 = C::B3 * y3;
        let x3 = t3 * t1 - t4 * y3;
        let y3 = t1 * z3 + y3 * t0;
        let z3 = z3 * t4 + t0 * t3;
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    pub fn sub(&self, rhs: &Self) -> Self {
        self.add(&rhs.neg())
    }

    /// Affine form; `None` for the identity. Constant time.
    pub fn to_affine(&self) -> CtOption<Affine<C>> {
        let zi = self.z.invert();
        CtOption::new(
            Affine {
                x: self.x * zi,
                y: self.y * zi,
            },
            !self.is_identity(),
        )
    }

    /// [k]P for an integer k < 2^SCALAR_BITS given as little-endian limbs: fixed 4-bit windows,
    /// every window does four doublings and one addition of a table entry chosen by a full scan.
    pub fn mul_limbs(&self, k: &[u64]) -> Self {
        let mut table = [Self::IDENTITY; 16];
        for i in 1..16 {
            table[i] = if i % 2 == 0 {
                table[i / 2].double()
            } else {
                table[i - 1].add(self)
            };
        }
        let mut acc = Self::IDENTITY;
        for w in (0..C::SCALAR_BITS / 4).rev() {
            acc = acc.double().double().double().double();
            let entry = select_entry(&table, window(k, w));
            acc = acc.add(&entry);
        }
        acc
    }

    /// The same point with a different projective scale factor is equal.
    pub fn ct_eq_point(&self, other: &Self) -> Choice {
        let x = (self.x * other.z).ct_eq(&(other.x * self.z));
        let y = (self.y * other.z).ct_eq(&(other.y * self.z));
        let both_id = self.is_identity() & other.is_identity();
        let neither_id = !self.is_identity() & !other.is_identity();
        both_id | (neither_id & x & y)
    }
}

/// The 4-bit window `w` (bits 4w..4w+4) of a little-endian integer.
#[inline(always)]
fn window(k: &[u64], w: usize) -> u8 {
    ((k[w / 16] >> (4 * (w % 16))) & 0xf) as u8
}

/// Affine forms of many points with one field inversion (Montgomery's trick); none may be the
/// identity.
fn batch_to_affine<C: CurveParams>(points: &[Point<C>]) -> Vec<Affine<C>> {
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = C::F::ONE;
    for p in points {
        prefix.push(acc);
        acc = acc * p.z;
    }
    let mut inv = acc.invert();
    let mut out = vec![
        Affine {
            x: C::F::ZERO,
            y: C::F::ZERO
        };
        points.len()
    ];
    for i in (0..points.len()).rev() {
        let zi = inv * prefix[i];
        inv = inv * points[i].z;
        out[i] = Affine {
            x: points[i].x * zi,
            y: points[i].y * zi,
        };
    }
    out
}

/// Precomputed multiples of a fixed base B: row i holds [j * 16^i]B for j = 1..15, so [k]B is a
/// sum of SCALAR_BITS/4 table entries (64 for Api256, 120 for Api480), one per 4-bit digit, with
/// no doublings. Lookups scan a whole row.
pub struct FixedBase<C: CurveParams> {
    rows: Vec<[Affine<C>; 15]>,
}

impl<C: CurveParams> FixedBase<C> {
    pub fn new(base: &Affine<C>) -> Self {
        let rows = C::SCALAR_BITS / 4;
        let mut projective = Vec::with_capacity(rows * 15);
        let mut row_base = base.to_projective();
        for _ in 0..rows {
            let mut e = row_base;
            for _ in 0..15 {
                projective.push(e);
                e = e.add(&row_base);
            }
            row_base = e;
        }
        let affine = batch_to_affine(&projective);
        let rows = affine
            .chunks_exact(15)
            .map(|c| <[Affine<C>; 15]>::try_from(c).expect("rows of 15"))
            .collect();
        FixedBase { rows }
    }

    /// [k]B for an integer k < 2^SCALAR_BITS (little-endian limbs), in constant time.
    pub fn mul(&self, k: &[u64]) -> Point<C> {
        let mut acc = Point::IDENTITY;
        for (i, row) in self.rows.iter().enumerate() {
            let digit = window(k, i);
            let mut entry = row[0];
            for (j, e) in row.iter().enumerate().skip(1) {
                entry
                    .x
                    .conditional_assign(&e.x, ((j + 1) as u8).ct_eq(&digit));
                entry
                    .y
                    .conditional_assign(&e.y, ((j + 1) as u8).ct_eq(&digit));
            }
            let sum = acc.add_affine(&entry);
            acc = Point::conditional_select(&sum, &acc, digit.ct_eq(&0));
        }
        acc
    }
}

/// Returns table[digit] by scanning all entries.
pub(crate) fn select_entry<C: CurveParams>(table: &[Point<C>], digit: u8) -> Point<C> {
    let mut out = Point::IDENTITY;
    for (i, e) in table.iter().enumerate() {
        out.conditional_assign(e, (i as u8).ct_eq(&digit));
    }
    out
}

impl<C: CurveParams> ConditionallySelectable for Point<C> {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Point {
            x: C::F::conditional_select(&a.x, &b.x, choice),
            y: C::F::conditional_select(&a.y, &b.y, choice),
            z: C::F::conditional_select(&a.z, &b.z, choice),
        }
    }
}

impl<C: CurveParams> Zeroize for Point<C>
where
    C::F: Zeroize,
{
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
        self.z.zeroize();
    }
}

/// Api256's G_P = (1, 2), recrypt's `generator` (every curve's: see [`Bn::G1_GENERATOR`]).
pub const G1_GENERATOR: G1Affine = Bn256::G1_GENERATOR;
/// Api256's G_Q, recrypt's `g1`: the twist point used as the pairing's second argument.
pub const G2_GENERATOR: G2Affine = Bn256::G2_GENERATOR;
/// Api256's H, recrypt's `hash_element`, the base of hash2.
pub const HASH_ELEMENT: G2Affine = Bn256::HASH_ELEMENT;

/// [k]G_P from a table built on first use.
pub fn mul_g1_generator<C: Bn>(k: &[u64]) -> G1<C> {
    C::g1_generator_table().mul(k)
}

/// [k]G_Q from a table built on first use.
pub fn mul_g2_generator<C: Bn>(k: &[u64]) -> G2<C> {
    C::g2_generator_table().mul(k)
}

/// [k]H (the base of hash2) from a table built on first use.
pub fn mul_hash_element<C: Bn>(k: &[u64]) -> G2<C> {
    C::hash_element_table().mul(k)
}

impl<C: Bn> Affine<G1Params<C>> {
    /// `x || y`.
    pub fn to_bytes(&self) -> C::G1Bytes {
        let mut out = C::G1Bytes::zeroed();
        let n = <<C::Fp as PrimeField>::Bytes as ByteArray>::LEN;
        out.as_mut()[..n].copy_from_slice(self.x.to_bytes().as_ref());
        out.as_mut()[n..].copy_from_slice(self.y.to_bytes().as_ref());
        out
    }
}

impl<C: Bn> Affine<G2Params<C>> {
    /// `x.b || x.a || y.b || y.a`.
    pub fn to_bytes(&self) -> C::G2Bytes {
        let mut out = C::G2Bytes::zeroed();
        let n = Fp2::<C>::BYTES;
        self.x.write_bytes(&mut out.as_mut()[..n]);
        self.y.write_bytes(&mut out.as_mut()[n..]);
        out
    }

    /// The twist Frobenius psi^-1 . pi_p . psi (spec 1.5): (conj(x) * gamma_v, conj(y) * gamma_y).
    pub fn frobenius(&self) -> Self {
        Affine {
            x: self.x.conjugate() * C::GAMMA_V,
            y: self.y.conjugate() * C::GAMMA_Y,
        }
    }
}
