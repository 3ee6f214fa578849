//! Criterion benchmarks of the Api480 operations (issue 13), with the same inputs as the Api256
//! ones (`shared/mod.rs`), and of the 480-bit primitives.
//!
//! Run: `cargo bench --bench api480` (through `build.ps1 bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use recrypt_ffi::params::{Bn, Bn480};

mod shared;

fn bench(c: &mut Criterion) {
    shared::bench_operations::<Bn480>(c, "api480");
}

/// The 480-bit primitives, to compare with Api256's.
fn primitives(c: &mut Criterion) {
    use recrypt_ffi::pairing::{final_exponentiation, miller_loop, pairing};
    use recrypt_ffi::params::bn480::Fp480;
    let k = [0x1234_5678_9abc_def0u64; 8].map(|l| l >> 8);
    let (p, q) = (Bn480::G1_GENERATOR, Bn480::G2_GENERATOR);
    let f = miller_loop(&p, &q);
    let x = Fp480::from_u64(7).invert();
    let mut g = c.benchmark_group("primitives480");
    g.bench_function("fp mul", |bn| {
        bn.iter(|| criterion::black_box(x) * criterion::black_box(x))
    });
    g.bench_function("fp12 mul", |bn| {
        bn.iter(|| criterion::black_box(f) * criterion::black_box(f))
    });
    g.bench_function("g1 scalar mul", |bn| {
        bn.iter(|| p.to_projective().mul_limbs(&k))
    });
    g.bench_function("g2 scalar mul", |bn| {
        bn.iter(|| q.to_projective().mul_limbs(&k))
    });
    g.bench_function("miller loop", |bn| bn.iter(|| miller_loop(&p, &q)));
    g.bench_function("final exponentiation", |bn| {
        bn.iter(|| final_exponentiation(&f))
    });
    g.bench_function("pairing", |bn| bn.iter(|| pairing(&p, &q)));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench, primitives
}
criterion_main!(benches);
