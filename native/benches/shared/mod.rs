//! The scheme's operations, benchmarked the same way on either curve (included by the `api256`
//! and `api480` benches): fresh keys, one signing key pair, a random plaintext, as in IronCore's
//! own benchmark.

use criterion::Criterion;
use recrypt_ffi::api::common::{
    compute_public_key, decrypt, Curve, PrivateKey, PublicKey, Recrypt,
};
use recrypt_ffi::rng::OsRandom;

struct Party<C: Curve> {
    private: PrivateKey<C>,
    public: PublicKey<C>,
}

fn party<C: Curve>(api: &mut Recrypt<C, OsRandom>) -> Party<C> {
    let (private, public) = api.generate_key_pair().expect("key pair");
    Party { private, public }
}

/// The benchmark group `group` ("api256", "api480") of every operation on the curve `C`.
pub fn bench_operations<C: Curve>(c: &mut Criterion, group: &str) {
    let mut api = Recrypt::<C, _>::new(OsRandom);
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
    let level1 = api.transform(&level0, &tk_ab, &signing).expect("transform");
    let level2 = api.transform(&level1, &tk_bd, &signing).expect("transform");

    let mut g = c.benchmark_group(group);
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
        bn.iter(|| compute_public_key(&a.private).unwrap())
    });
    g.bench_function("encrypt", |bn| {
        bn.iter(|| api.encrypt(&plaintext, &a.public, &signing).unwrap())
    });
    g.bench_function("decrypt level 0", |bn| {
        bn.iter(|| decrypt(&level0, &a.private).unwrap())
    });
    g.bench_function("transform level 1", |bn| {
        bn.iter(|| api.transform(&level0, &tk_ab, &signing).unwrap())
    });
    // The key's signature checked once (a key service's transform); decoding is outside both.
    let prepared_ab = tk_ab.clone().prepare().expect("prepare");
    g.bench_function("transform level 1 (prepared key)", |bn| {
        bn.iter(|| {
            api.transform_prepared(&level0, &prepared_ab, &signing)
                .unwrap()
        })
    });
    g.bench_function("decrypt level 1", |bn| {
        bn.iter(|| decrypt(&level1, &b.private).unwrap())
    });
    g.bench_function("transform level 2", |bn| {
        bn.iter(|| api.transform(&level1, &tk_bd, &signing).unwrap())
    });
    g.bench_function("decrypt level 2", |bn| {
        bn.iter(|| decrypt(&level2, &d.private).unwrap())
    });
    g.finish();
}
