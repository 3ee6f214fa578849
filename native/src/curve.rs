//! The BN curve E: y^2 = x^3 + 3 over F_p and its sextic twist E': y^2 = x^3 + 3/(u+3) over F_p2
//! (spec 1.2 and 1.4), in homogeneous projective coordinates (X:Y:Z) -> (X/Z, Y/Z).
//!
//! Addition and doubling use the complete formulas of Renes, Costello and Batina (2015, algorithms
//! 7 and 9 for a = 0): no input, including the identity (0:1:0) and P = Q, takes a special path,
//! so the code has one shape for every value. Scalar multiplication is a fixed 4-bit window over
//! all 256 bits with a constant-time table scan.

use crate::field::tower::{GAMMA_Y, TWIST_GAMMA_X};
use crate::field::{fp::Limbs, Field, Fp, Fp2};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

/// A curve y^2 = x^3 + b over the field `F`.
pub trait CurveParams: Copy + 'static {
    type F: Field;
    /// 3 * b, used by the complete formulas.
    const B3: Self::F;
    const B: Self::F;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct G1Params;
impl CurveParams for G1Params {
    type F = Fp;
    const B3: Fp = Fp::from_u64(9);
    const B: Fp = Fp::from_u64(3);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct G2Params;
impl CurveParams for G2Params {
    type F = Fp2;
    /// 9/(u+3)
    const B3: Fp2 = Fp2 {
        a: Fp::from_hex("0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0d"),
        b: Fp::from_hex("2b1cb3c42ffddbfe1987fa375074a870944ea90b89d01ce2a0e89a20829c2d1e"),
    };
    /// 3/(u+3)
    const B: Fp2 = Fp2 {
        a: Fp::from_hex("64984e1f1aa5abfb90e7f281111033b15a0cdfc596e598bb7774124bdb6c6949"),
        b: Fp::from_hex("0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0a"),
    };
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

pub type G1 = Point<G1Params>;
pub type G2 = Point<G2Params>;
pub type G1Affine = Affine<G1Params>;
pub type G2Affine = Affine<G2Params>;

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

    /// [k]P for a 256-bit integer k given as little-endian limbs: fixed 4-bit windows, every
    /// window does four doublings and one addition of a table entry chosen by a full scan.
    pub fn mul_limbs(&self, k: &Limbs) -> Self {
        let mut table = [Self::IDENTITY; 16];
        for i in 1..16 {
            table[i] = if i % 2 == 0 {
                table[i / 2].double()
            } else {
                table[i - 1].add(self)
            };
        }
        let mut acc = Self::IDENTITY;
        for limb in k.iter().rev() {
            for w in (0..16).rev() {
                acc = acc.double().double().double().double();
                let digit = ((limb >> (4 * w)) & 0xf) as u8;
                let entry = select_entry(&table, digit);
                acc = acc.add(&entry);
            }
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
/// sum of 64 table entries, one per 4-bit digit, with no doublings. Lookups scan a whole row.
pub struct FixedBase<C: CurveParams> {
    rows: Vec<[Affine<C>; 15]>,
}

impl<C: CurveParams> FixedBase<C> {
    pub fn new(base: &Affine<C>) -> Self {
        let mut projective = Vec::with_capacity(64 * 15);
        let mut row_base = base.to_projective();
        for _ in 0..64 {
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

    /// [k]B for a 256-bit integer k (little-endian limbs), in constant time.
    pub fn mul(&self, k: &Limbs) -> Point<C> {
        let mut acc = Point::IDENTITY;
        for (i, row) in self.rows.iter().enumerate() {
            let digit = ((k[i / 16] >> (4 * (i % 16))) & 0xf) as u8;
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

/// G_P = (1, 2), recrypt's `generator`.
pub const G1_GENERATOR: G1Affine = Affine {
    x: Fp::from_u64(1),
    y: Fp::from_u64(2),
};

const fn fp2(a: &str, b: &str) -> Fp2 {
    Fp2 {
        a: Fp::from_hex(a),
        b: Fp::from_hex(b),
    }
}

/// G_Q, recrypt's `g1`: the twist point used as the pairing's second argument.
pub const G2_GENERATOR: G2Affine = Affine {
    x: fp2(
        "2d50c53d5fb07c1b4a3dd83a655b250db81c8c001cc1a1d8044961e270c88d33",
        "25672b2835437ab9fc7585e4c3d11d5635829aed08bc789fa20a17dacc7156cd",
    ),
    y: fp2(
        "3f522209fae97ad8b098e1f9c29a7af631acd5c01d39c91d04b959931a5a074d",
        "3c7aa797f37bf4b7af63ba89bf92c8022dd7bfb07d7b795e2690cbd1bf0b1403",
    ),
};

/// H, recrypt's `hash_element`, the base of hash2.
pub const HASH_ELEMENT: G2Affine = Affine {
    x: fp2(
        "404aa43975985524b2e5ab01836fed70581402ad73a0cbe6b589c3c395591aa1",
        "1ada2fe8ed2af9c8a1960821173cd5f479037b8d6bec325fc8cbc857eff7a41a",
    ),
    y: fp2(
        "325b33959667f9ef7a6f32f424fc0293243552ffe0f1ba50993a9abae5c5a2d7",
        "76f6d30d59c3ec8e80ff1b0ddb7633dd44f553966a1012f26da064f2710ef1df",
    ),
};

/// [k]G_P from a table built on first use.
pub fn mul_g1_generator(k: &Limbs) -> G1 {
    static TABLE: std::sync::OnceLock<FixedBase<G1Params>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| FixedBase::new(&G1_GENERATOR)).mul(k)
}

/// [k]G_Q from a table built on first use.
pub fn mul_g2_generator(k: &Limbs) -> G2 {
    static TABLE: std::sync::OnceLock<FixedBase<G2Params>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| FixedBase::new(&G2_GENERATOR)).mul(k)
}

/// [k]H (the base of hash2) from a table built on first use.
pub fn mul_hash_element(k: &Limbs) -> G2 {
    static TABLE: std::sync::OnceLock<FixedBase<G2Params>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| FixedBase::new(&HASH_ELEMENT)).mul(k)
}

impl G1Affine {
    /// `x || y`, 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.x.to_bytes());
        out[32..].copy_from_slice(&self.y.to_bytes());
        out
    }
}

impl G2Affine {
    /// `x.b || x.a || y.b || y.a`, 128 bytes.
    pub fn to_bytes(&self) -> [u8; 128] {
        let mut out = [0u8; 128];
        out[..64].copy_from_slice(&self.x.to_bytes());
        out[64..].copy_from_slice(&self.y.to_bytes());
        out
    }

    /// The twist Frobenius psi^-1 . pi_p . psi (spec 1.5): (conj(x) * gamma_v, conj(y) * gamma_y).
    pub fn frobenius(&self) -> Self {
        Affine {
            x: self.x.conjugate() * TWIST_GAMMA_X,
            y: self.y.conjugate() * GAMMA_Y,
        }
    }
}
