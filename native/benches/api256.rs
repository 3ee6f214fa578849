//! Criterion benchmarks of the Api256 operations named in issue 3, with the same inputs as
//! IronCore's own benchmark (fresh keys, one signing key pair, a random plaintext; `shared/mod.rs`,
//! shared with the `api480` bench), and of the primitives they are made of.
//!
//! Run: `cargo bench --bench api256` (through `build.ps1 bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use recrypt_ffi::params::Bn256;

mod shared;

fn bench(c: &mut Criterion) {
    shared::bench_operations::<Bn256>(c, "api256");
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
