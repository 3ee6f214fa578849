//! Criterion benchmarks of the Api256 operations named in issue 3, with the same inputs as
//! IronCore's own benchmark (fresh keys, one signing key pair, a random plaintext).
//!
//! Run: `cargo bench --bench api256` (through `build.ps1 bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use recrypt_ffi::api256::{self, Api256, EncryptedValue, PrivateKey, PublicKey};
use recrypt_ffi::rng::OsRandom;

struct Party {
    private: PrivateKey,
    public: PublicKey,
}

fn party(api: &mut Api256<OsRandom>) -> Party {
    let (private, public) = api.generate_key_pair().expect("key pair");
    Party { private, public }
}

fn bench(c: &mut Criterion) {
    let mut api = Api256::new(OsRandom);
    let signing = api.generate_signing_key_pair().expect("signing key pair");
    let [a, b, d] = [party(&mut api), party(&mut api), party(&mut api)];
    let plaintext = api.generate_plaintext().expect("plaintext");
    let level0 = api
        .encrypt(&plaintext, &a.public, &signing)
        .expect("encrypt");
    let tk_ab = api
        .generate_transform_key(&a.private, &b.public, &signing)
        .expect("tk");
    let tk_bd = api
        .generate_transform_key(&b.private, &d.public, &signing)
        .expect("tk");
    let level1: EncryptedValue = api.transform(&level0, &tk_ab, &signing).expect("transform");
    let level2 = api.transform(&level1, &tk_bd, &signing).expect("transform");

    let mut g = c.benchmark_group("api256");
    g.bench_function("generate key pair", |bn| {
        bn.iter(|| api.generate_key_pair().unwrap())
    });
    g.bench_function("generate plaintext", |bn| {
        bn.iter(|| api.generate_plaintext().unwrap())
    });
    g.bench_function("generate transform key", |bn| {
        bn.iter(|| {
            api.generate_transform_key(&a.private, &b.public, &signing)
                .unwrap()
        })
    });
    g.bench_function("compute public key", |bn| {
        bn.iter(|| api256::compute_public_key(&a.private).unwrap())
    });
    g.bench_function("encrypt", |bn| {
        bn.iter(|| api.encrypt(&plaintext, &a.public, &signing).unwrap())
    });
    g.bench_function("decrypt level 0", |bn| {
        bn.iter(|| api256::decrypt(&level0, &a.private).unwrap())
    });
    g.bench_function("transform level 1", |bn| {
        bn.iter(|| api.transform(&level0, &tk_ab, &signing).unwrap())
    });
    g.bench_function("decrypt level 1", |bn| {
        bn.iter(|| api256::decrypt(&level1, &b.private).unwrap())
    });
    g.bench_function("transform level 2", |bn| {
        bn.iter(|| api.transform(&level1, &tk_bd, &signing).unwrap())
    });
    g.bench_function("decrypt level 2", |bn| {
        bn.iter(|| api256::decrypt(&level2, &d.private).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench, primitives
}
criterion_main!(benches);

/// The primitives the operations are made of, to see where time goes.
fn primitives(c: &mut Criterion) {
    use recrypt_ffi::curve::{G1_GENERATOR, G2_GENERATOR};
    use recrypt_ffi::field::{Fp, Fp12};
    use recrypt_ffi::pairing::{final_exponentiation, miller_loop, pairing};
    let k = [
        0x1234_5678_9abc_def0,
        0x0fed_cba9_8765_4321,
        0x1111_2222_3333_4444,
        0x0555_6666_7777_8888,
    ];
    let f = miller_loop(&G1_GENERATOR, &G2_GENERATOR);
    let x = Fp::from_u64(7).invert();
    let mut g = c.benchmark_group("primitives");
    g.bench_function("fp mul", |bn| {
        bn.iter(|| criterion::black_box(x) * criterion::black_box(x))
    });
    g.bench_function("fp12 mul", |bn| {
        bn.iter(|| criterion::black_box(f) * criterion::black_box(f))
    });
    g.bench_function("fp12 cyclotomic square", |bn| {
        bn.iter(|| criterion::black_box(f).cyclotomic_square())
    });
    g.bench_function("g1 scalar mul", |bn| {
        bn.iter(|| G1_GENERATOR.to_projective().mul_limbs(&k))
    });
    g.bench_function("g2 scalar mul", |bn| {
        bn.iter(|| G2_GENERATOR.to_projective().mul_limbs(&k))
    });
    g.bench_function("miller loop", |bn| {
        bn.iter(|| miller_loop(&G1_GENERATOR, &G2_GENERATOR))
    });
    g.bench_function("final exponentiation", |bn| {
        bn.iter(|| final_exponentiation(&f))
    });
    g.bench_function("pairing", |bn| {
        bn.iter(|| pairing(&G1_GENERATOR, &G2_GENERATOR))
    });
    g.bench_function("fp12 invert", |bn| {
        bn.iter(|| criterion::black_box(f).invert())
    });
    let _ = Fp12::ONE;
    g.finish();
}
