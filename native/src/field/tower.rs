//! The extension tower of spec section 1.3, for any of the crate's BN curves:
//!
//! * F_p2  = F_p[u] / (u^2 + 1),            elements a + b*u
//! * F_p6  = F_p2[v] / (v^3 - xi), xi = u+3, elements c0 + c1*v + c2*v^2
//! * F_p12 = F_p6[w] / (w^2 - v),           elements d0 + d1*w
//!
//! Both curves (Api256 and Api480, spec Appendix A) use this same tower over their own F_p; the
//! type parameter `C` ([`Bn`]) names the curve, whose base field and Frobenius constants it uses.
//!
//! Byte encodings (spec 1.6) put the highest coefficient first at every level: an F_p2 element is
//! `b || a`, an F_p6 element `c2 || c1 || c0`, an F_p12 element `d1 || d0`.
//!
//! Everything here is constant time; the Frobenius constants are the values printed in spec 1.5
//! and A.2, checked when the crate compiles (`crate::params`).

use super::fp::{ByteArray, PrimeField};
use super::Field;
use crate::params::Bn;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

/// a + b*u
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp2<C: Bn> {
    pub a: C::Fp,
    pub b: C::Fp,
}

/// c0 + c1*v + c2*v^2
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp6<C: Bn> {
    pub c0: Fp2<C>,
    pub c1: Fp2<C>,
    pub c2: Fp2<C>,
}

/// d0 + d1*w
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Fp12<C: Bn> {
    pub d0: Fp6<C>,
    pub d1: Fp6<C>,
}

/// The byte length of one F_p element of the curve `C`.
const fn fp_len<C: Bn>() -> usize {
    <<C::Fp as PrimeField>::Bytes as ByteArray>::LEN
}

impl<C: Bn> Fp2<C> {
    pub const ZERO: Self = Fp2 {
        a: <C::Fp as Field>::ZERO,
        b: <C::Fp as Field>::ZERO,
    };
    pub const ONE: Self = Fp2 {
        a: <C::Fp as Field>::ONE,
        b: <C::Fp as Field>::ZERO,
    };

    pub const fn new(a: C::Fp, b: C::Fp) -> Self {
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
    pub fn mul_fp(&self, s: &C::Fp) -> Self {
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

    /// The encoding's length: two F_p elements.
    pub const BYTES: usize = 2 * fp_len::<C>();

    /// Writes `b || a`, u-coefficient first, to `out` ([`Self::BYTES`] bytes).
    pub fn write_bytes(&self, out: &mut [u8]) {
        let n = fp_len::<C>();
        out[..n].copy_from_slice(self.b.to_bytes().as_ref());
        out[n..2 * n].copy_from_slice(self.a.to_bytes().as_ref());
    }

    /// Decodes `b || a` ([`Self::BYTES`] bytes), reducing each coefficient.
    pub fn from_bytes_reduced(bytes: &[u8]) -> Self {
        let n = fp_len::<C>();
        Fp2 {
            b: C::Fp::from_bytes_reduced(&ByteArray::copy_from(&bytes[..n])),
            a: C::Fp::from_bytes_reduced(&ByteArray::copy_from(&bytes[n..2 * n])),
        }
    }
}

impl<C: Bn> Fp6<C> {
    pub const ZERO: Self = Fp6 {
        c0: Fp2::ZERO,
        c1: Fp2::ZERO,
        c2: Fp2::ZERO,
    };
    pub const ONE: Self = Fp6 {
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
    pub fn mul_fp2(&self, s: &Fp2<C>) -> Self {
        Fp6 {
            c0: self.c0 * *s,
            c1: self.c1 * *s,
            c2: self.c2 * *s,
        }
    }

    /// Multiplication by the sparse element b0 + b1*v.
    #[inline]
    pub fn mul_by_01(&self, b0: &Fp2<C>, b1: &Fp2<C>) -> Self {
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
            c1: self.c1.conjugate() * C::GAMMA_V,
            c2: self.c2.conjugate() * C::GAMMA_V2,
        }
    }

    pub fn is_zero(&self) -> Choice {
        self.c0.is_zero() & self.c1.is_zero() & self.c2.is_zero()
    }

    /// The encoding's length: three F_p2 elements.
    pub const BYTES: usize = 3 * Fp2::<C>::BYTES;

    /// Writes `c2 || c1 || c0` to `out` ([`Self::BYTES`] bytes).
    pub fn write_bytes(&self, out: &mut [u8]) {
        let n = Fp2::<C>::BYTES;
        self.c2.write_bytes(&mut out[..n]);
        self.c1.write_bytes(&mut out[n..2 * n]);
        self.c0.write_bytes(&mut out[2 * n..3 * n]);
    }

    /// Decodes `c2 || c1 || c0` ([`Self::BYTES`] bytes), reducing every coefficient.
    pub fn from_bytes_reduced(bytes: &[u8]) -> Self {
        let n = Fp2::<C>::BYTES;
        let at = |i: usize| Fp2::from_bytes_reduced(&bytes[i * n..(i + 1) * n]);
        Fp6 {
            c2: at(0),
            c1: at(1),
            c0: at(2),
        }
    }
}

impl<C: Bn> Fp12<C> {
    pub const ZERO: Self = Fp12 {
        d0: Fp6::ZERO,
        d1: Fp6::ZERO,
    };
    pub const ONE: Self = Fp12 {
        d0: Fp6::ONE,
        d1: Fp6::ZERO,
    };
    /// The encoding's length: 12 F_p elements (384 bytes for Api256, 720 for Api480).
    pub const BYTES: usize = 2 * Fp6::<C>::BYTES;

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
        fn fp4_square<C: Bn>(a: &Fp2<C>, b: &Fp2<C>) -> (Fp2<C>, Fp2<C>) {
            let ab = *a * *b;
            (
                (*a + *b) * (b.mul_by_xi() + *a) - ab - ab.mul_by_xi(),
                ab.double(),
            )
        }
        // 3t - 2z and 3t + 2z
        fn minus<C: Bn>(t: Fp2<C>, z: Fp2<C>) -> Fp2<C> {
            (t - z).double() + t
        }
        fn plus<C: Bn>(t: Fp2<C>, z: Fp2<C>) -> Fp2<C> {
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
    pub fn mul_by_line(&self, l0: &Fp2<C>, l1: &Fp2<C>, l2: &Fp2<C>) -> Self {
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
            d1: self.d1.frobenius().mul_fp2(&C::GAMMA_W),
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

    /// Canonical encoding `d1 || d0`.
    pub fn to_bytes(&self) -> C::Fp12Bytes {
        let mut out = C::Fp12Bytes::zeroed();
        let n = Fp6::<C>::BYTES;
        self.d1.write_bytes(&mut out.as_mut()[..n]);
        self.d0.write_bytes(&mut out.as_mut()[n..]);
        out
    }

    /// Decodes `d1 || d0`, reducing every coefficient mod p (recrypt rejects nothing here).
    pub fn from_bytes_reduced(bytes: &C::Fp12Bytes) -> Self {
        let n = Fp6::<C>::BYTES;
        Fp12 {
            d1: Fp6::from_bytes_reduced(&bytes.as_ref()[..n]),
            d0: Fp6::from_bytes_reduced(&bytes.as_ref()[n..]),
        }
    }
}

macro_rules! impl_ring_ops {
    ($t:ident { $($f:ident),+ }) => {
        impl<C: Bn> core::ops::Add for $t<C> {
            type Output = Self;
            #[inline]
            fn add(self, rhs: Self) -> Self { $t { $($f: self.$f + rhs.$f),+ } }
        }
        impl<C: Bn> core::ops::Sub for $t<C> {
            type Output = Self;
            #[inline]
            fn sub(self, rhs: Self) -> Self { $t { $($f: self.$f - rhs.$f),+ } }
        }
        impl<C: Bn> core::ops::Neg for $t<C> {
            type Output = Self;
            #[inline]
            fn neg(self) -> Self { $t { $($f: -self.$f),+ } }
        }
        impl<C: Bn> core::ops::AddAssign for $t<C> {
            fn add_assign(&mut self, rhs: Self) { *self = *self + rhs; }
        }
        impl<C: Bn> core::ops::SubAssign for $t<C> {
            fn sub_assign(&mut self, rhs: Self) { *self = *self - rhs; }
        }
        impl<C: Bn> core::ops::MulAssign for $t<C> {
            fn mul_assign(&mut self, rhs: Self) { *self = *self * rhs; }
        }
        impl<C: Bn> ConstantTimeEq for $t<C> {
            fn ct_eq(&self, other: &Self) -> Choice {
                let mut c = Choice::from(1u8);
                $(c &= self.$f.ct_eq(&other.$f);)+
                c
            }
        }
        impl<C: Bn> ConditionallySelectable for $t<C> {
            fn conditional_select(x: &Self, y: &Self, choice: Choice) -> Self {
                $t { $($f: ConditionallySelectable::conditional_select(&x.$f, &y.$f, choice)),+ }
            }
        }
        impl<C: Bn> Zeroize for $t<C> {
            fn zeroize(&mut self) { $(self.$f.zeroize();)+ }
        }
    };
}

impl_ring_ops!(Fp2 { a, b });
impl_ring_ops!(Fp6 { c0, c1, c2 });
impl_ring_ops!(Fp12 { d0, d1 });

impl<C: Bn> core::ops::Mul for Fp2<C> {
    type Output = Self;
    #[inline]
    fn mul(self, rhs: Self) -> Self {
        // Karatsuba with u^2 = -1.
        let t0 = self.a * rhs.a;
        let t1 = self.b * rhs.b;
        Fp2 {
            a: t0 - t1,
            b: (self.a + self.b) * (rhs.a + rhs.b) - t0 - t1,
        }
    }
}

impl<C: Bn> core::ops::Mul for Fp6<C> {
    type Output = Self;
    #[inline]
    fn mul(self, rhs: Self) -> Self {
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

impl<C: Bn> core::ops::Mul for Fp12<C> {
    type Output = Self;
    #[inline]
    fn mul(self, rhs: Self) -> Self {
        let t0 = self.d0 * rhs.d0;
        let t1 = self.d1 * rhs.d1;
        Fp12 {
            d0: t0 + t1.mul_by_v(),
            d1: (self.d0 + self.d1) * (rhs.d0 + rhs.d1) - t0 - t1,
        }
    }
}

impl<C: Bn> Field for Fp2<C> {
    const ZERO: Self = Fp2::ZERO;
    const ONE: Self = Fp2::ONE;
    #[inline]
    fn square(&self) -> Self {
        Fp2::square(self)
    }
    #[inline]
    fn double(&self) -> Self {
        Fp2::double(self)
    }
    fn invert(&self) -> Self {
        Fp2::invert(self)
    }
    fn is_zero(&self) -> Choice {
        Fp2::is_zero(self)
    }
}

/// Compile-time F_p2 arithmetic, for checking the curves' constants (`crate::params`).
pub(crate) mod consts {
    use super::Fp2;
    use crate::field::fp::{Fe, Modulus};

    /// An F_p2 element as two field elements, for const evaluation.
    pub(crate) type Pair<M, const N: usize> = (Fe<M, N>, Fe<M, N>);

    pub(crate) const fn mul<M: Modulus<N>, const N: usize>(
        x: &Pair<M, N>,
        y: &Pair<M, N>,
    ) -> Pair<M, N> {
        // (a + bu)(c + du) = (ac - bd) + (ad + bc)u
        let ac = x.0.const_mul(&y.0);
        let bd = x.1.const_mul(&y.1);
        let ad = x.0.const_mul(&y.1);
        let bc = x.1.const_mul(&y.0);
        (ac.const_sub(&bd), ad.const_add(&bc))
    }

    pub(crate) const fn eq<M: Modulus<N>, const N: usize>(x: &Pair<M, N>, y: &Pair<M, N>) -> bool {
        x.0.const_eq(&y.0) && x.1.const_eq(&y.1)
    }

    pub(crate) const fn conjugate<M: Modulus<N>, const N: usize>(x: &Pair<M, N>) -> Pair<M, N> {
        (x.0, Fe::<M, N>::ZERO.const_sub(&x.1))
    }

    /// The pair of an F_p2 constant of a curve whose F_p is `Fe<M, N>`.
    pub(crate) const fn pair<C: crate::params::Bn<Fp = Fe<M, N>>, M: Modulus<N>, const N: usize>(
        x: &Fp2<C>,
    ) -> Pair<M, N> {
        (x.a, x.b)
    }
}
