//! recrypt's 480-bit BN curve (Api480, spec Appendix A): x = 815653986953, 8 limbs, 60-byte
//! elements. Everything but the constants below is shared with Api256.

use super::{checks, Bn};
use crate::curve::{Affine, G1Params, G2Params};
use crate::field::fp::{Fe, Limbs, Modulus};
use crate::field::tower;

/// The BN parameter x = 2^40 - 2^38 - 2^33 - 2^29 + 2^27 + 2^24 - 2^22 + 2^18 + 2^13 + 2^9 + 2^7
/// + 2^3 + 1; t = x^3.
pub const X: u64 = 815_653_986_953;

/// The base field prime p, derived from x (36t^4 + 36t^3 + 24t^2 + 6t + 1) and checked against
/// the value printed in the spec.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct P480;
impl Modulus<8> for P480 {
    const MODULUS: Limbs<8> = checks::bn_polynomial(X, 24);
    type Bytes = [u8; 60];
}

/// The group order r, derived from x (36t^4 + 36t^3 + 18t^2 + 6t + 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct R480;
impl Modulus<8> for R480 {
    const MODULUS: Limbs<8> = checks::bn_polynomial(X, 18);
    type Bytes = [u8; 60];
}

const _: () = {
    let p = crate::field::fp::limbs_from_hex::<8>(
        "fffc66640e249d9ec75ad5290b81a85d415797b931258da0d78b58a21c435cddb02e0add635a037371d1e9a40a5ec1d6ed637bd3695530683ee96497",
    );
    let r = crate::field::fp::limbs_from_hex::<8>(
        "fffc66640e249d9ec75ad5290b81a85d415797b931258da0d78b58a21c425cdf7cfda2886d3d45c4fd22b1444c47f1427183f46b21df15f4921652f1",
    );
    assert!(
        checks::limbs_eq(&P480::MODULUS, &p),
        "p480 differs from spec A.1"
    );
    assert!(
        checks::limbs_eq(&R480::MODULUS, &r),
        "r480 differs from spec A.1"
    );
};

/// F_p of Api480.
pub type Fp480 = Fe<P480, 8>;
/// F_r of Api480.
pub type Fr480 = Fe<R480, 8>;
pub type Fp2_480 = tower::Fp2<Bn480>;
pub type Fp6_480 = tower::Fp6<Bn480>;
pub type Fp12_480 = tower::Fp12<Bn480>;

/// The parameter set of Api480.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Bn480;

const fn fp2(a: &str, b: &str) -> Fp2_480 {
    tower::Fp2 {
        a: Fp480::from_hex(a),
        b: Fp480::from_hex(b),
    }
}

impl Bn for Bn480 {
    type Fp = Fp480;
    type Fr = Fr480;
    type G1Bytes = [u8; 120];
    type G2Bytes = [u8; 240];
    type Fp12Bytes = [u8; 720];

    const NAME: &'static str = "Api480";
    const CURVE_B: Fp480 = Fp480::from_u64(3);
    const CURVE_B3: Fp480 = Fp480::from_u64(9);
    const TWIST_B: Fp2_480 = fp2(
        "b330ae12d6b33b2258592ecfee745c414756ea34d59a498a307b24717a2f2767fb536e015f2568d0cfac89f2d40f2149a62c09e0c9bba1e292702cd1",
        "19993d7067d076297a55e21db459c40953558f2c1e83c15ce25abc103606bc7c919e344956bc338b8b61ca90676fe02f17bd25fb8a8884d7397dbd42",
    );
    const TWIST_B3: Fp2_480 = fp2(
        "19993d7067d076297a55e21db459c40953558f2c1e83c15ce25abc103606bc7c919e344956bc338b8b61ca90676fe02f17bd25fb8a8884d7397dbd45",
        "4ccbb8513771627c6f01a6591d0d4c1bfa00ad845b8b4416a7103430a2143575b4da9cdc04349aa2a2255fb1364fa08d473771f29f998e85ac7937c6",
    );
    const GAMMA_V: Fp2_480 = fp2(
        "87718e5c547351fe4d8ce863ab973884d688c2aa15f08bc40135861e174195f648e2173d3f9be3d99dd3ff2ea478e2f3107d1d057f49be641c79802f",
        "ddd37aa86dbfbb5314784c735ef5c2f93b7bf5411c926237cccbca11cec04a714df4a7530b5e8c292624c8c3aa825885e59f17bd042262eeccd70db6",
    );
    const GAMMA_V2: Fp2_480 = fp2(
        "dd7919c775a7cfd4ceaa7d897b9d5250b605d35984ae3c6ca9bb5fc73a98e537253b446902baf81546c6ad1a5ccd586eff48c246d29a9e92a5dcf1e3",
        "bd285dea7a49b927b3c56c5012c850261aa8ac7380311ff38e9454f1c22761a5568b94e134719e4942d75e10f9c262cfb0474aceaf0d7346d33efb61",
    );
    const GAMMA_W: Fp2_480 = fp2(
        "21bb927452c9daf4025b3cb97f143fceac88b7d6483da12d015066bf4f7fcffeb7dd5ac7cab93cbf6ad5ffee832734b228a314afa25554002c8b45b0",
        "87d7ac017402d19ebacbd48d3f295298216ad5069323b87dbd5b426a391fcb49208fc2feb867790c20f023df2a4be4c107e377d5f6777ad24f8c7593",
    );
    const GAMMA_Y: Fp2_480 = fp2(
        "b3898b991e996dba6c51468a42d4db23eb379d9920794fa7ef6324700624c246afc1419a3552e45cdb5d1d7f47a8e65a0b6ce3337635768a8300ab7d",
        "1aa3d6033f830df1b63e294cb17b40b13ef7a958ff20d3b61f12bc0bd9e78d18aee7af13d944a62fae738535c23d2f60477fb1f38ff602cf0b2f3949",
    );
    const G1_GENERATOR: Affine<G1Params<Bn480>> = Affine {
        x: Fp480::from_u64(1),
        y: Fp480::from_u64(2),
    };
    const G2_GENERATOR: Affine<G2Params<Bn480>> = Affine {
        x: fp2(
            "db4365e116bcb8a9f1cd16c16f659be8441624488f0fa10cee176e6219c78cda3a75041e41eb847603b2eabe65b2f31867cbfc784f453487387ecaaa",
            "e8a1e6285c4061a07c584136417db3e867cf77b12288380e518dab8538228e96abad778e1fe576deff39e638e030933cb8fa5c388fa8b06991ea6332",
        ),
        y: fp2(
            "ee51da494993536a1fb297d54eb0c6804e8c6c6fd3d158900c9a421e276e058c620cf10104b27e945d8d124909a2a93fbda08b6ce6e072eeeafa15c6",
            "fca04d212ab8b13be77f82635c3ce496f0b3c0611aaf492f47067a062d754a28d442b701cb48a06809ffce876bb536c6b1371107e314f92a160c5c0a",
        ),
    };
    const HASH_ELEMENT: Affine<G2Params<Bn480>> = Affine {
        x: fp2(
            "f4fc8ecc04fd0613534a413d41f589f982313fed1a0f5fe481c112014d2964be74d6f937011493de59a6dfc3ae2bc1b036f1a14350bd066dd82bf021",
            "6ab7eb989e06154787c58730d40e092caeab949dbffab9f13499353911e9f2c4a9dd1ef403c7dc335f29587f710ac3adc89019799d45265648db1a09",
        ),
        y: fp2(
            "096c871a01dd6bd5a9456bd8b1f7cabd83271866232d4cb0cfc149a2a8f0f23af785509f0ca7f1d5c2a9263f2e2294c1f0b9382dbacb402a8245d0c2",
            "7c99cfa556f06e1804fe459fe4cda3f87eea5efbabc3b0de61ba516dffe1c9a458dca2e8e22e7a5af82c2b0b7bbeac0943602dac05ed6fc410d40aed",
        ),
    };
    /// Spec A.1: 121 digits.
    const LOOP_DIGITS: &'static [i8] = &[
        0, 1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0,
        0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 1,
        0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, -1,
        0, 1, 0, 1, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0,
        -1, 0, 0, 0,
    ];
    /// Spec A.1, the terms of x below 2^40 rising, then 2^40.
    const X_CHAIN: &'static [(u32, bool)] = &[
        (3, false),
        (7, false),
        (9, false),
        (13, false),
        (18, false),
        (22, true),
        (24, false),
        (27, false),
        (29, true),
        (33, true),
        (38, true),
        (40, false),
    ];

    super::bn_tables!(Bn480);
}

const _: () = checks::check::<Bn480, P480, R480, 8>(X);
