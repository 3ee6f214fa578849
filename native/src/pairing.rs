//! The optimal ate pairing of spec section 2, with exactly recrypt's value:
//!
//!   e(P, Q) = f^((p^12 - 1)/r),  f = f_{6t+2,Q}(P) * l_{T,Q1}(P) * l_{T+Q1,-Q2}(P)
//!
//! for P on E(F_p) and Q on the twist E'(F_p2), untwisted by psi(x', y') = (x' w^2, y' w^3).
//!
//! Lines are evaluated in projective coordinates in the form of spec 2.2; their F_p2 denominators
//! (and every other factor in a proper subfield) are dropped, because the final exponent is a
//! multiple of p^6 - 1 and sends them to 1. The loop digits and exponent chains are public
//! constants, so the sequence of field operations is the same for every input.

use crate::curve::{G1Affine, G2Affine, G2};
use crate::field::{Fp12, Fp2};

/// The NAF digits of 6t+2 below its leading 1, most significant first (spec 2.3).
const LOOP_DIGITS: [i8; 65] = [
    0, 0, 0, 1, 0, 0, 0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0, 1, 0, 0,
    0, 1, 0, -1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0,
    1, 0, 0, 0,
];

/// The three non-zero F_p2 slots of a line value: d0.c0, d1.c0, d1.c1.
struct Line(Fp2, Fp2, Fp2);

/// Line with slope N/D through the twist point (X:Y:Z), evaluated at P (spec 2.2):
/// l = (X N - Y D) v w + (-Z N x_P) w + Z D y_P.
fn line(r: &G2, n: &Fp2, d: &Fp2, p: &G1Affine) -> Line {
    let zn = r.z * *n;
    let zd = r.z * *d;
    Line(zd.mul_fp(&p.y), -zn.mul_fp(&p.x), r.x * *n - r.y * *d)
}

/// The tangent at R: N = 3X^2, D = 2YZ.
fn doubling_line(r: &G2, p: &G1Affine) -> Line {
    let x2 = r.x.square();
    let n = x2.double() + x2;
    let d = (r.y * r.z).double();
    line(r, &n, &d, p)
}

/// The line through Q (affine) and R: N = Y_R - y_Q Z_R, D = X_R - x_Q Z_R, taken through Q.
fn addition_line(r: &G2, q: &G2Affine, p: &G1Affine) -> Line {
    let n = r.y - q.y * r.z;
    let d = r.x - q.x * r.z;
    line(&q.to_projective(), &n, &d, p)
}

fn mul_line(f: &Fp12, l: &Line) -> Fp12 {
    f.mul_by_line(&l.0, &l.1, &l.2)
}

/// The Miller loop value f (before the final exponentiation).
pub fn miller_loop(p: &G1Affine, q: &G2Affine) -> Fp12 {
    let q_neg = q.neg();
    let q_proj = q.to_projective();
    let q_neg_proj = q_neg.to_projective();
    let mut r = q_proj;
    let mut f = Fp12::ONE;
    for &digit in LOOP_DIGITS.iter() {
        f = mul_line(&f.square(), &doubling_line(&r, p));
        r = r.double();
        match digit {
            1 => {
                f = mul_line(&f, &addition_line(&r, q, p));
                r = r.add(&q_proj);
            }
            -1 => {
                f = mul_line(&f, &addition_line(&r, &q_neg, p));
                r = r.add(&q_neg_proj);
            }
            _ => {}
        }
    }
    let q1 = q.frobenius();
    let q2 = q1.frobenius();
    f = mul_line(&f, &addition_line(&r, &q1, p));
    r = r.add(&q1.to_projective());
    mul_line(&f, &addition_line(&r, &q2.neg(), p))
}

/// y^x for the unitary y and x = 2^21 - 2^18 + 2^15 + 2^8 + 1 (spec 2.4).
fn pow_x(y: &Fp12) -> Fp12 {
    let mut acc = *y;
    let mut sq = *y;
    let mut done = 0;
    for (bits, negate) in [(8, false), (15, false), (18, true), (21, false)] {
        while done < bits {
            sq = sq.cyclotomic_square();
            done += 1;
        }
        acc = acc * if negate { sq.conjugate() } else { sq };
    }
    acc
}

/// f^((p^12 - 1)/r): the easy part (p^6 - 1)(p^2 + 1), then Devegili-Scott-Dahab's hard part
/// (p^4 - p^2 + 1)/r written in x (spec 2.4 steps 1-7; the exponent is exactly the one recrypt uses).
pub fn final_exponentiation(f: &Fp12) -> Fp12 {
    let f = f.conjugate() * f.invert();
    let f = f.frobenius_n(2) * f;

    let fbar = f.conjugate();
    let mut g = fbar.cyclotomic_square();
    g = g.cyclotomic_square() * g;
    g = pow_x(&pow_x(&pow_x(&g)));
    let fbar2 = fbar.cyclotomic_square();
    let fbar5 = fbar2.cyclotomic_square() * fbar;
    let a = g * fbar5;
    let b = a.frobenius() * a;
    let g1 = f.frobenius();
    let g2 = g1.frobenius();
    let g3 = g2.frobenius();
    let g4 = b * g1.cyclotomic_square() * g2;
    let g4sq = g4.cyclotomic_square();
    let mut g5 = g4sq.cyclotomic_square() * g4sq;
    for _ in 0..6 {
        g5 = pow_x(&g5);
    }
    let g6 = g1 * f;
    let g6_2 = g6.cyclotomic_square();
    let g6_8 = g6_2.cyclotomic_square().cyclotomic_square();
    let g6_9 = g6_8 * g6;
    let f2 = f.cyclotomic_square();
    let f4 = f2.cyclotomic_square();
    g3 * g5 * g4 * b * g6_9 * a * f4
}

/// e(P, Q) with P != O (the caller rejects the identity, spec 2.1).
pub fn pairing(p: &G1Affine, q: &G2Affine) -> Fp12 {
    final_exponentiation(&miller_loop(p, q))
}
