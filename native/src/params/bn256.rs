//! recrypt's 256-bit BN curve (Api256, spec section 1): x = 1868033, 4 limbs, 32-byte elements.

use super::{checks, Bn};
use crate::curve::{Affine, G1Params, G2Params};
use crate::field::fp::{Fe, Limbs, Modulus};
use crate::field::tower;

/// The BN parameter x = 2^21 - 2^18 + 2^15 + 2^8 + 1; t = x^3.
pub const X: u64 = 1_868_033;

/// The base field prime p = 36t^4 + 36t^3 + 24t^2 + 6t + 1 (checked against x at compile time).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct P256;
impl Modulus<4> for P256 {
    const MODULUS: Limbs<4> = crate::field::fp::limbs_from_hex(
        "8fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667",
    );
    type Bytes = [u8; 32];
}

/// The group order r = 36t^4 + 36t^3 + 18t^2 + 6t + 1 (the scalar field).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct R256;
impl Modulus<4> for R256 {
    const MODULUS: Limbs<4> = crate::field::fp::limbs_from_hex(
        "8fb501e34aa387f9aa6fecb86184dc212e8d8e12f82b39241a2ef45b57ac7261",
    );
    type Bytes = [u8; 32];
}

/// F_p of Api256.
pub type Fp = Fe<P256, 4>;
/// F_r of Api256.
pub type Fr = Fe<R256, 4>;
pub type Fp2 = tower::Fp2<Bn256>;
pub type Fp6 = tower::Fp6<Bn256>;
pub type Fp12 = tower::Fp12<Bn256>;

/// The parameter set of Api256.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Bn256;

const fn fp2(a: &str, b: &str) -> Fp2 {
    tower::Fp2 {
        a: Fp::from_hex(a),
        b: Fp::from_hex(b),
    }
}

impl Bn for Bn256 {
    type Fp = Fp;
    type Fr = Fr;
    type G1Bytes = [u8; 64];
    type G2Bytes = [u8; 128];
    type Fp12Bytes = [u8; 384];

    const NAME: &'static str = "Api256";
    const CURVE_B: Fp = Fp::from_u64(3);
    const CURVE_B3: Fp = Fp::from_u64(9);
    const TWIST_B: Fp2 = fp2(
        "64984e1f1aa5abfb90e7f281111033b15a0cdfc596e598bb7774124bdb6c6949",
        "0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0a",
    );
    const TWIST_B3: Fp2 = fp2(
        "0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0d",
        "2b1cb3c42ffddbfe1987fa375074a870944ea90b89d01ce2a0e89a20829c2d1e",
    );
    const GAMMA_V: Fp2 = fp2(
        "2338e7dbf670f3602324553813044cae8580d5c665af30b5887f568e3cb7f583",
        "39b2f6d974b6caadc7d02cfe70ced2875207b77fdf0538e78ce345691eca8113",
    );
    const GAMMA_V2: Fp2 = fp2(
        "2fdafc97ff7a78a03552af4af082d0c917ca1b663b9d811a308270ab07b3d0db",
        "2bf695e2b89fd9c2802d69ceaa1d943860546a1f7686cf204a0e9aa690456cbe",
    );
    const GAMMA_W: Fp2 = fp2(
        "2c367d29da983b5c9f280982fcfb8572049bf5d107a03af04b691f508d4c26a8",
        "132ab1f7691f80c23a669513f62d3830d78a8c6771ca7f4955aa3f973812f5ec",
    );
    const GAMMA_Y: Fp2 = fp2(
        "557c27d02b743e1399c493ca21477d195a60587870c386048a71b87fb5a357a9",
        "70bf758d37b9324122ddcea602519b2a20c580983194dc6f86f87d12c2e17094",
    );
    const G1_GENERATOR: Affine<G1Params<Bn256>> = Affine {
        x: Fp::from_u64(1),
        y: Fp::from_u64(2),
    };
    const G2_GENERATOR: Affine<G2Params<Bn256>> = Affine {
        x: fp2(
            "2d50c53d5fb07c1b4a3dd83a655b250db81c8c001cc1a1d8044961e270c88d33",
            "25672b2835437ab9fc7585e4c3d11d5635829aed08bc789fa20a17dacc7156cd",
        ),
        y: fp2(
            "3f522209fae97ad8b098e1f9c29a7af631acd5c01d39c91d04b959931a5a074d",
            "3c7aa797f37bf4b7af63ba89bf92c8022dd7bfb07d7b795e2690cbd1bf0b1403",
        ),
    };
    const HASH_ELEMENT: Affine<G2Params<Bn256>> = Affine {
        x: fp2(
            "404aa43975985524b2e5ab01836fed70581402ad73a0cbe6b589c3c395591aa1",
            "1ada2fe8ed2af9c8a1960821173cd5f479037b8d6bec325fc8cbc857eff7a41a",
        ),
        y: fp2(
            "325b33959667f9ef7a6f32f424fc0293243552ffe0f1ba50993a9abae5c5a2d7",
            "76f6d30d59c3ec8e80ff1b0ddb7633dd44f553966a1012f26da064f2710ef1df",
        ),
    };
    /// Spec 2.3: 65 digits.
    const LOOP_DIGITS: &'static [i8] = &[
        0, 0, 0, 1, 0, 0, 0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0, 1, 0,
        0, 0, 1, 0, -1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0,
        0, 0, 1, 0, 0, 0,
    ];
    /// Spec 2.4: x = 1 + 2^8 + 2^15 - 2^18 + 2^21.
    const X_CHAIN: &'static [(u32, bool)] = &[(8, false), (15, false), (18, true), (21, false)];

    super::bn_tables!(Bn256);
}

const _: () = checks::check::<Bn256, P256, R256, 4>(X);
