//! The extension tower of spec section 1.3:
//!
//! * F_p2  = F_p[u] / (u^2 + 1),            elements a + b*u
//! * F_p6  = F_p2[v] / (v^3 - xi), xi = u+3, elements c0 + c1*v + c2*v^2
//! * F_p12 = F_p6[w] / (w^2 - v),           elements d0 + d1*w
//!
//! Byte encodings (spec 1.6) put the highest coefficient first at every level: an F_p2 element is
//! `b || a`, an F_p6 element `c2 || c1 || c0`, an F_p12 element `d1 || d0`.
//!
//! Everything here is constant time; the Frobenius constants are the values printed in spec 1.5.

use super::fp::Fp;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

/// a + b*u
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp2 {
    pub a: Fp,
    pub b: Fp,
}

/// c0 + c1*v + c2*v^2
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp6 {
    pub c0: Fp2,
    pub c1: Fp2,
    pub c2: Fp2,
}

/// d0 + d1*w
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp12 {
    pub d0: Fp6,
    pub d1: Fp6,
}

const fn fp2_hex(a: &str, b: &str) -> Fp2 {
    Fp2 {
        a: Fp::from_hex(a),
        b: Fp::from_hex(b),
    }
}

/// gamma_v = xi^((p-1)/3): v^p = gamma_v * v
const GAMMA_V: Fp2 = fp2_hex(
    "2338e7dbf670f3602324553813044cae8580d5c665af30b5887f568e3cb7f583",
    "39b2f6d974b6caadc7d02cfe70ced2875207b77fdf0538e78ce345691eca8113",
);
/// gamma_v^2 = xi^(2(p-1)/3)
const GAMMA_V2: Fp2 = fp2_hex(
    "2fdafc97ff7a78a03552af4af082d0c917ca1b663b9d811a308270ab07b3d0db",
    "2bf695e2b89fd9c2802d69ceaa1d943860546a1f7686cf204a0e9aa690456cbe",
);
/// gamma_w = xi^((p-1)/6): w^p = gamma_w * w
const GAMMA_W: Fp2 = fp2_hex(
    "2c367d29da983b5c9f280982fcfb8572049bf5d107a03af04b691f508d4c26a8",
    "132ab1f7691f80c23a669513f62d3830d78a8c6771ca7f4955aa3f973812f5ec",
);
/// gamma_y = xi^((p-1)/2), used by the twist Frobenius on y.
pub(crate) const GAMMA_Y: Fp2 = fp2_hex(
    "557c27d02b743e1399c493ca21477d195a60587870c386048a71b87fb5a357a9",
    "70bf758d37b9324122ddcea602519b2a20c580983194dc6f86f87d12c2e17094",
);
pub(crate) const TWIST_GAMMA_X: Fp2 = GAMMA_V;

impl Fp2 {
    pub const ZERO: Fp2 = Fp2 {
        a: Fp::ZERO,
        b: Fp::ZERO,
    };
    pub const ONE: Fp2 = Fp2 {
        a: Fp::ONE,
        b: Fp::ZERO,
    };

    pub const fn new(a: Fp, b: Fp) -> Self {
        Fp2 { a, b }
    }

    #[inline]
    pub fn square(&self) -> Self {
        // (a + bu)^2 = (a+b)(a-b) + 2ab u
        let ab = self.a * self.b;
        Fp2 {
            a: (self.a + self.b) * (self.a - self.b),
            b: ab.double(),
        }
    }

    #[inline]
    pub fn double(&self) -> Self {
        Fp2 {
            a: self.a.double(),
            b: self.b.double(),
        }
    }

    /// Multiplication by xi = u + 3: (a + bu)(3 + u) = (3a - b) + (a + 3b)u.
    #[inline]
    pub fn mul_by_xi(&self) -> Self {
        let a3 = self.a.double() + self.a;
        let b3 = self.b.double() + self.b;
        Fp2 {
            a: a3 - self.b,
            b: self.a + b3,
        }
    }

    #[inline]
    pub fn mul_fp(&self, s: &Fp) -> Self {
        Fp2 {
            a: self.a * *s,
            b: self.b * *s,
        }
    }

    /// Conjugation, which is also the p-power Frobenius.
    #[inline]
    pub fn conjugate(&self) -> Self {
        Fp2 {
            a: self.a,
            b: -self.b,
        }
    }

    pub fn invert(&self) -> Self {
        let norm = self.a.square() + self.b.square();
        let inv = norm.invert();
        Fp2 {
            a: self.a * inv,
            b: -(self.b * inv),
        }
    }

    pub fn is_zero(&self) -> Choice {
        self.a.is_zero() & self.b.is_zero()
    }

    /// `b || a`, u-coefficient first.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.b.to_bytes());
        out[32..].copy_from_slice(&self.a.to_bytes());
        out
    }

    /// Decodes `b || a`, reducing each coefficient.
    pub fn from_bytes_reduced(bytes: &[u8; 64]) -> Self {
        Fp2 {
            b: Fp::from_bytes_reduced(bytes[..32].try_into().expect("32 bytes")),
            a: Fp::from_bytes_reduced(bytes[32..].try_into().expect("32 bytes")),
        }
    }
}

impl Fp6 {
    pub const ZERO: Fp6 = Fp6 {
        c0: Fp2::ZERO,
        c1: Fp2::ZERO,
        c2: Fp2::ZERO,
    };
    pub const ONE: Fp6 = Fp6 {
        c0: Fp2::ONE,
        c1: Fp2::ZERO,
        c2: Fp2::ZERO,
    };

    /// Multiplication by v: (c0, c1, c2) * v = (xi*c2, c0, c1).
    #[inline]
    pub fn mul_by_v(&self) -> Self {
        Fp6 {
            c0: self.c2.mul_by_xi(),
            c1: self.c0,
            c2: self.c1,
        }
    }

    #[inline]
    pub fn mul_fp2(&self, s: &Fp2) -> Self {
        Fp6 {
            c0: self.c0 * *s,
            c1: self.c1 * *s,
            c2: self.c2 * *s,
        }
    }

    /// Multiplication by the sparse element b0 + b1*v.
    #[inline]
    pub fn mul_by_01(&self, b0: &Fp2, b1: &Fp2) -> Self {
        let t0 = self.c0 * *b0;
        let t1 = self.c1 * *b1;
        Fp6 {
            c0: ((self.c1 + self.c2) * *b1 - t1).mul_by_xi() + t0,
            c1: (self.c0 + self.c1) * (*b0 + *b1) - t0 - t1,
            c2: (self.c0 + self.c2) * *b0 - t0 + t1,
        }
    }

    #[inline]
    pub fn square(&self) -> Self {
        // Chung-Hasan SQR2.
        let s0 = self.c0.square();
        let ab = self.c0 * self.c1;
        let s1 = ab.double();
        let s2 = (self.c0 - self.c1 + self.c2).square();
        let bc = self.c1 * self.c2;
        let s3 = bc.double();
        let s4 = self.c2.square();
        Fp6 {
            c0: s3.mul_by_xi() + s0,
            c1: s4.mul_by_xi() + s1,
            c2: s1 + s2 + s3 - s0 - s4,
        }
    }

    #[inline]
    pub fn double(&self) -> Self {
        Fp6 {
            c0: self.c0.double(),
            c1: self.c1.double(),
            c2: self.c2.double(),
        }
    }

    pub fn invert(&self) -> Self {
        let a = self.c0.square() - (self.c1 * self.c2).mul_by_xi();
        let b = self.c2.square().mul_by_xi() - self.c0 * self.c1;
        let c = self.c1.square() - self.c0 * self.c2;
        let f = self.c0 * a + (self.c2 * b + self.c1 * c).mul_by_xi();
        let fi = f.invert();
        Fp6 {
            c0: a * fi,
            c1: b * fi,
            c2: c * fi,
        }
    }

    pub fn frobenius(&self) -> Self {
        Fp6 {
            c0: self.c0.conjugate(),
            c1: self.c1.conjugate() * GAMMA_V,
            c2: self.c2.conjugate() * GAMMA_V2,
        }
    }

    pub fn is_zero(&self) -> Choice {
        self.c0.is_zero() & self.c1.is_zero() & self.c2.is_zero()
    }

    /// `c2 || c1 || c0`
    pub fn write_bytes(&self, out: &mut [u8]) {
        out[..64].copy_from_slice(&self.c2.to_bytes());
        out[64..128].copy_from_slice(&self.c1.to_bytes());
        out[128..192].copy_from_slice(&self.c0.to_bytes());
    }

    pub fn from_bytes_reduced(bytes: &[u8]) -> Self {
        let at = |i: usize| Fp2::from_bytes_reduced(bytes[i..i + 64].try_into().expect("64 bytes"));
        Fp6 {
            c2: at(0),
            c1: at(64),
            c0: at(128),
        }
    }
}

impl Fp12 {
    pub const ZERO: Fp12 = Fp12 {
        d0: Fp6::ZERO,
        d1: Fp6::ZERO,
    };
    pub const ONE: Fp12 = Fp12 {
        d0: Fp6::ONE,
        d1: Fp6::ZERO,
    };
    pub const BYTES: usize = 384;

    #[inline]
    pub fn square(&self) -> Self {
        let ab = self.d0 * self.d1;
        let c0 = (self.d0 + self.d1) * (self.d0 + self.d1.mul_by_v()) - ab - ab.mul_by_v();
        Fp12 {
            d0: c0,
            d1: ab.double(),
        }
    }

    /// Squaring in the cyclotomic subgroup (elements with f^(p^6+1) = 1, e.g. anything after the
    /// easy part of the final exponentiation), by Granger and Scott's method ("Faster squaring in
    /// the cyclotomic subgroup of sixth degree extensions", 2010): three F_p4 squarings.
    #[inline]
    pub fn cyclotomic_square(&self) -> Self {
        // (a + b*s)^2 in F_p4 = F_p2[s]/(s^2 - xi), as (a^2 + xi*b^2, 2ab).
        fn fp4_square(a: &Fp2, b: &Fp2) -> (Fp2, Fp2) {
            let ab = *a * *b;
            (
                (*a + *b) * (b.mul_by_xi() + *a) - ab - ab.mul_by_xi(),
                ab.double(),
            )
        }
        // 3t - 2z and 3t + 2z
        fn minus(t: Fp2, z: Fp2) -> Fp2 {
            (t - z).double() + t
        }
        fn plus(t: Fp2, z: Fp2) -> Fp2 {
            (t + z).double() + t
        }
        let (z0, z4, z3) = (self.d0.c0, self.d0.c1, self.d0.c2);
        let (z2, z1, z5) = (self.d1.c0, self.d1.c1, self.d1.c2);
        let (t0, t1) = fp4_square(&z0, &z1);
        let (t2, t3) = fp4_square(&z2, &z3);
        let (t4, t5) = fp4_square(&z4, &z5);
        Fp12 {
            d0: Fp6 {
                c0: minus(t0, z0),
                c1: minus(t2, z4),
                c2: minus(t4, z3),
            },
            d1: Fp6 {
                c0: plus(t5.mul_by_xi(), z2),
                c1: plus(t1, z1),
                c2: plus(t3, z5),
            },
        }
    }

    /// Multiplication by a line value with non-zero slots d0.c0 = l0, d1.c0 = l1, d1.c1 = l2.
    #[inline]
    pub fn mul_by_line(&self, l0: &Fp2, l1: &Fp2, l2: &Fp2) -> Self {
        let a = self.d0.mul_fp2(l0);
        let b = self.d1.mul_by_01(l1, l2);
        let e = (self.d0 + self.d1).mul_by_01(&(*l0 + *l1), l2);
        Fp12 {
            d0: a + b.mul_by_v(),
            d1: e - a - b,
        }
    }

    /// Conjugation over F_p6, which is the p^6-power Frobenius and, for unitary elements,
    /// the inverse.
    #[inline]
    pub fn conjugate(&self) -> Self {
        Fp12 {
            d0: self.d0,
            d1: -self.d1,
        }
    }

    pub fn invert(&self) -> Self {
        let t = (self.d0.square() - self.d1.square().mul_by_v()).invert();
        Fp12 {
            d0: self.d0 * t,
            d1: -(self.d1 * t),
        }
    }

    pub fn frobenius(&self) -> Self {
        Fp12 {
            d0: self.d0.frobenius(),
            d1: self.d1.frobenius().mul_fp2(&GAMMA_W),
        }
    }

    pub fn frobenius_n(&self, n: usize) -> Self {
        let mut r = *self;
        for _ in 0..n {
            r = r.frobenius();
        }
        r
    }

    pub fn is_zero(&self) -> Choice {
        self.d0.is_zero() & self.d1.is_zero()
    }

    /// Canonical 384-byte encoding `d1 || d0`.
    pub fn to_bytes(&self) -> [u8; 384] {
        let mut out = [0u8; 384];
        self.d1.write_bytes(&mut out[..192]);
        self.d0.write_bytes(&mut out[192..]);
        out
    }

    /// Decodes 384 bytes, reducing every coefficient mod p (recrypt rejects nothing here).
    pub fn from_bytes_reduced(bytes: &[u8; 384]) -> Self {
        Fp12 {
            d1: Fp6::from_bytes_reduced(&bytes[..192]),
            d0: Fp6::from_bytes_reduced(&bytes[192..]),
        }
    }
}

macro_rules! impl_ring_ops {
    ($t:ident { $($f:ident),+ }) => {
        impl core::ops::Add for $t {
            type Output = $t;
            #[inline]
            fn add(self, rhs: $t) -> $t { $t { $($f: self.$f + rhs.$f),+ } }
        }
        impl core::ops::Sub for $t {
            type Output = $t;
            #[inline]
            fn sub(self, rhs: $t) -> $t { $t { $($f: self.$f - rhs.$f),+ } }
        }
        impl core::ops::Neg for $t {
            type Output = $t;
            #[inline]
            fn neg(self) -> $t { $t { $($f: -self.$f),+ } }
        }
        impl core::ops::AddAssign for $t {
            fn add_assign(&mut self, rhs: $t) { *self = *self + rhs; }
        }
        impl core::ops::SubAssign for $t {
            fn sub_assign(&mut self, rhs: $t) { *self = *self - rhs; }
        }
        impl core::ops::MulAssign for $t {
            fn mul_assign(&mut self, rhs: $t) { *self = *self * rhs; }
        }
        impl ConstantTimeEq for $t {
            fn ct_eq(&self, other: &$t) -> Choice {
                let mut c = Choice::from(1u8);
                $(c &= self.$f.ct_eq(&other.$f);)+
                c
            }
        }
        impl ConditionallySelectable for $t {
            fn conditional_select(x: &$t, y: &$t, choice: Choice) -> $t {
                $t { $($f: ConditionallySelectable::conditional_select(&x.$f, &y.$f, choice)),+ }
            }
        }
        impl Zeroize for $t {
            fn zeroize(&mut self) { $(self.$f.zeroize();)+ }
        }
    };
}

impl_ring_ops!(Fp2 { a, b });
impl_ring_ops!(Fp6 { c0, c1, c2 });
impl_ring_ops!(Fp12 { d0, d1 });

impl core::ops::Mul for Fp2 {
    type Output = Fp2;
    #[inline]
    fn mul(self, rhs: Fp2) -> Fp2 {
        // Karatsuba with u^2 = -1.
        let t0 = self.a * rhs.a;
        let t1 = self.b * rhs.b;
        Fp2 {
            a: t0 - t1,
            b: (self.a + self.b) * (rhs.a + rhs.b) - t0 - t1,
        }
    }
}

impl core::ops::Mul for Fp6 {
    type Output = Fp6;
    #[inline]
    fn mul(self, rhs: Fp6) -> Fp6 {
        let t0 = self.c0 * rhs.c0;
        let t1 = self.c1 * rhs.c1;
        let t2 = self.c2 * rhs.c2;
        Fp6 {
            c0: ((self.c1 + self.c2) * (rhs.c1 + rhs.c2) - t1 - t2).mul_by_xi() + t0,
            c1: (self.c0 + self.c1) * (rhs.c0 + rhs.c1) - t0 - t1 + t2.mul_by_xi(),
            c2: (self.c0 + self.c2) * (rhs.c0 + rhs.c2) - t0 - t2 + t1,
        }
    }
}

impl core::ops::Mul for Fp12 {
    type Output = Fp12;
    #[inline]
    fn mul(self, rhs: Fp12) -> Fp12 {
        let t0 = self.d0 * rhs.d0;
        let t1 = self.d1 * rhs.d1;
        Fp12 {
            d0: t0 + t1.mul_by_v(),
            d1: (self.d0 + self.d1) * (rhs.d0 + rhs.d1) - t0 - t1,
        }
    }
}
