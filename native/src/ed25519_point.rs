//! Whether 32 bytes decode to a point of edwards25519 (RFC 8032, section 5.1.3).
//!
//! ring decodes public keys only inside signature verification, and reports a key that is not a
//! point and a signature that does not verify the same way. Registration needs to tell them apart
//! (a key that can never verify anything is a malformed input, not a failed proof), so this module
//! does the decoding's one check that can fail, "is x^2 = (y^2 - 1) / (d y^2 + 1) a square", with
//! the smallest arithmetic that answers it. Public keys are public: nothing here is constant time.

/// An element of GF(2^255 - 19) as four little-endian 64-bit limbs, below 2^256 (not necessarily
/// reduced; [`Fe::canonical`] reduces).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Fe([u64; 4]);

/// p = 2^255 - 19.
const P: Fe = Fe([
    0xffff_ffff_ffff_ffed,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_ffff_ffff,
    0x7fff_ffff_ffff_ffff,
]);

/// d = -121665 / 121666 mod p (RFC 8032, section 5.1), checked against its definition in the tests.
const D: Fe = Fe([
    0x75eb_4dca_1359_78a3,
    0x0070_0a4d_4141_d8ab,
    0x8cc7_4079_7779_e898,
    0x5203_6cee_2b6f_fe73,
]);

const ZERO: Fe = Fe([0; 4]);
const ONE: Fe = Fe([1, 0, 0, 0]);

impl Fe {
    #[cfg(test)]
    fn from_u64(v: u64) -> Fe {
        Fe([v, 0, 0, 0])
    }

    /// The little-endian bytes with bit 255 cleared, or `None` when they are not below p.
    fn from_canonical_bytes(bytes: &[u8; 32]) -> Option<Fe> {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            *limb = u64::from_le_bytes(word);
        }
        limbs[3] &= 0x7fff_ffff_ffff_ffff;
        let value = Fe(limbs);
        (value.canonical() == value).then_some(value)
    }

    /// Adds `k * 38` (2^256 = 38 mod p) for a carry `k` out of the top limb, until none is left.
    fn fold(mut limbs: [u64; 4], mut carry: u64) -> Fe {
        while carry != 0 {
            let mut c = carry as u128 * 38;
            for limb in limbs.iter_mut() {
                c += *limb as u128;
                *limb = c as u64;
                c >>= 64;
            }
            carry = c as u64;
        }
        Fe(limbs)
    }

    fn add(self, other: Fe) -> Fe {
        let mut limbs = [0u64; 4];
        let mut c = 0u128;
        for (i, limb) in limbs.iter_mut().enumerate() {
            c += self.0[i] as u128 + other.0[i] as u128;
            *limb = c as u64;
            c >>= 64;
        }
        Fe::fold(limbs, c as u64)
    }

    /// self - other, as self + (2p - other) (2p > every value held here after canonical()).
    fn sub(self, other: Fe) -> Fe {
        let two_p = [
            0xffff_ffff_ffff_ffda_u64,
            0xffff_ffff_ffff_ffff,
            0xffff_ffff_ffff_ffff,
            0xffff_ffff_ffff_ffff,
        ];
        let other = other.canonical();
        let mut limbs = [0u64; 4];
        let mut borrow = 0i128;
        for i in 0..4 {
            let d = two_p[i] as i128 - other.0[i] as i128 + borrow;
            limbs[i] = d as u64;
            borrow = d >> 64;
        }
        self.add(Fe(limbs))
    }

    fn mul(self, other: Fe) -> Fe {
        let mut wide = [0u64; 8];
        for i in 0..4 {
            let mut c = 0u128;
            for j in 0..4 {
                c += self.0[i] as u128 * other.0[j] as u128 + wide[i + j] as u128;
                wide[i + j] = c as u64;
                c >>= 64;
            }
            wide[i + 4] = c as u64;
        }
        // high * 2^256 + low = high * 38 + low (mod p).
        let mut limbs = [0u64; 4];
        let mut c = 0u128;
        for i in 0..4 {
            c += wide[i] as u128 + wide[i + 4] as u128 * 38;
            limbs[i] = c as u64;
            c >>= 64;
        }
        Fe::fold(limbs, c as u64)
    }

    /// self^e for a little-endian exponent.
    fn pow(self, exponent: &[u64; 4]) -> Fe {
        let mut result = ONE;
        for i in (0..256).rev() {
            result = result.mul(result);
            if (exponent[i / 64] >> (i % 64)) & 1 == 1 {
                result = result.mul(self);
            }
        }
        result
    }

    fn invert(self) -> Fe {
        // p - 2
        self.pow(&[
            0xffff_ffff_ffff_ffeb,
            0xffff_ffff_ffff_ffff,
            0xffff_ffff_ffff_ffff,
            0x7fff_ffff_ffff_ffff,
        ])
    }

    /// The unique representative below p.
    fn canonical(self) -> Fe {
        let mut value = self;
        loop {
            let mut limbs = [0u64; 4];
            let mut borrow = 0i128;
            for (i, limb) in limbs.iter_mut().enumerate() {
                let d = value.0[i] as i128 - P.0[i] as i128 + borrow;
                *limb = d as u64;
                borrow = d >> 64;
            }
            if borrow < 0 {
                return value;
            }
            value = Fe(limbs);
        }
    }

    fn is_zero(self) -> bool {
        self.canonical() == ZERO
    }
}

/// Whether `encoding` is the encoding of a point of edwards25519: y below p, x^2 = (y^2 - 1) /
/// (d y^2 + 1) a square, and not the encoding of "x = 0 with the sign bit set" (RFC 8032, 5.1.3).
pub fn decodes_to_point(encoding: &[u8; 32]) -> bool {
    let Some(y) = Fe::from_canonical_bytes(encoding) else {
        return false;
    };
    let sign = encoding[31] >> 7;
    let y2 = y.mul(y);
    let u = y2.sub(ONE);
    let v = D.mul(y2).add(ONE);
    // d is not a square, so d y^2 + 1 is never zero.
    let x2 = u.mul(v.invert());
    if x2.is_zero() {
        return sign == 0;
    }
    // Euler's criterion: x2^((p - 1) / 2) = 1 exactly for the non-zero squares.
    let legendre = x2.pow(&[
        0xffff_ffff_ffff_fff6,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        0x3fff_ffff_ffff_ffff,
    ]);
    legendre.canonical() == ONE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_is_minus_121665_over_121666() {
        let minus = ZERO.sub(Fe::from_u64(121_665));
        assert_eq!(minus.mul(Fe::from_u64(121_666).invert()).canonical(), D);
    }

    #[test]
    fn the_base_point_and_the_identity_decode() {
        let mut base = [0x66u8; 32];
        base[0] = 0x58;
        assert!(decodes_to_point(&base));
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(decodes_to_point(&identity));
        identity[31] = 0x80; // x = 0 with the sign bit set
        assert!(!decodes_to_point(&identity));
    }

    #[test]
    fn about_half_of_all_y_decode() {
        let decoded = (0u64..2000)
            .filter(|&y| {
                let mut bytes = [0u8; 32];
                bytes[..8].copy_from_slice(&y.to_le_bytes());
                decodes_to_point(&bytes)
            })
            .count();
        assert!((800..1200).contains(&decoded), "{decoded} of 2000");
    }

    #[test]
    fn y_at_or_above_p_does_not_decode() {
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert!(!decodes_to_point(&p));
        p[31] = 0xff;
        assert!(!decodes_to_point(&p));
    }
}
