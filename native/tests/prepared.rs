//! Prepared transform keys through the C ABI, on both curves: a prepared key gives exactly the
//! bytes (and the random draws) of the transform of its encoding, it is refused at preparation for
//! every reason the transform refuses the encoding, it is checked against the other curve, the
//! caller's block limit and NULLs, and one key serves many threads.

use recrypt_ffi::ffi::*;
use recrypt_ffi::insecure_seeded::recrypt_context_new_insecure_seeded;
use std::ptr::{null, null_mut};

type Status = recrypt_status;

type KeyPairFn =
    unsafe extern "C" fn(*const recrypt_context, *mut u8, usize, *mut u8, usize) -> Status;
type PlaintextFn = unsafe extern "C" fn(*const recrypt_context, *mut u8, usize) -> Status;
type EncryptFn = unsafe extern "C" fn(
    *const recrypt_context,
    *const u8,
    usize,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
type DecryptFn =
    unsafe extern "C" fn(*const u8, usize, usize, *const u8, usize, *mut u8, usize) -> Status;
type TransformKeyFn = unsafe extern "C" fn(
    *const recrypt_context,
    *const u8,
    usize,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
) -> Status;
type TransformFn = unsafe extern "C" fn(
    *const recrypt_context,
    *const u8,
    usize,
    usize,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
type PrepareFn =
    unsafe extern "C" fn(*const u8, usize, *mut *mut recrypt_prepared_transform_key) -> Status;
type TransformPreparedFn = unsafe extern "C" fn(
    *const recrypt_context,
    *const u8,
    usize,
    usize,
    *const recrypt_prepared_transform_key,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;

/// One curve's functions and sizes.
struct Curve {
    private_key: usize,
    public_key: usize,
    plaintext: usize,
    value_base: usize,
    block: usize,
    transform_key_len: usize,
    generate_key_pair: KeyPairFn,
    generate_plaintext: PlaintextFn,
    encrypt: EncryptFn,
    decrypt: DecryptFn,
    generate_transform_key: TransformKeyFn,
    transform: TransformFn,
    prepare: PrepareFn,
    transform_prepared: TransformPreparedFn,
}

const API256: Curve = Curve {
    private_key: RECRYPT_PRIVATE_KEY_LEN,
    public_key: RECRYPT_PUBLIC_KEY_LEN,
    plaintext: RECRYPT_PLAINTEXT_LEN,
    value_base: RECRYPT_ENCRYPTED_VALUE_BASE_LEN,
    block: RECRYPT_TRANSFORM_BLOCK_LEN,
    transform_key_len: RECRYPT_TRANSFORM_KEY_LEN,
    generate_key_pair: recrypt_generate_key_pair,
    generate_plaintext: recrypt_generate_plaintext,
    encrypt: recrypt_encrypt,
    decrypt: recrypt_decrypt,
    generate_transform_key: recrypt_generate_transform_key,
    transform: recrypt_transform,
    prepare: recrypt_prepare_transform_key,
    transform_prepared: recrypt_transform_prepared,
};

const API480: Curve = Curve {
    private_key: RECRYPT480_PRIVATE_KEY_LEN,
    public_key: RECRYPT480_PUBLIC_KEY_LEN,
    plaintext: RECRYPT480_PLAINTEXT_LEN,
    value_base: RECRYPT480_ENCRYPTED_VALUE_BASE_LEN,
    block: RECRYPT480_TRANSFORM_BLOCK_LEN,
    transform_key_len: RECRYPT480_TRANSFORM_KEY_LEN,
    generate_key_pair: recrypt480_generate_key_pair,
    generate_plaintext: recrypt480_generate_plaintext,
    encrypt: recrypt480_encrypt,
    decrypt: recrypt480_decrypt,
    generate_transform_key: recrypt480_generate_transform_key,
    transform: recrypt480_transform,
    prepare: recrypt480_prepare_transform_key,
    transform_prepared: recrypt480_transform_prepared,
};

struct Context(*mut recrypt_context);

impl Context {
    fn seeded(seed: u8) -> Self {
        let seed = [seed; 32];
        let mut ctx = null_mut();
        let status =
            unsafe { recrypt_context_new_insecure_seeded(seed.as_ptr(), seed.len(), &mut ctx) };
        assert_eq!(status, Status::Ok);
        Context(ctx)
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        unsafe { recrypt_context_free(self.0) };
    }
}

// The library documents that contexts and prepared keys may be shared between threads.
unsafe impl Send for Context {}
unsafe impl Sync for Context {}

/// A prepared key that is freed when the test ends.
struct Prepared(*mut recrypt_prepared_transform_key);

impl Drop for Prepared {
    fn drop(&mut self) {
        unsafe { recrypt_prepared_transform_key_free(self.0) };
    }
}

unsafe impl Send for Prepared {}
unsafe impl Sync for Prepared {}

/// Bob's private key, a level-0 value for Alice, a transform key Alice -> Bob, and the plaintext.
struct Story {
    ctx: Context,
    bob_private: Vec<u8>,
    signing: [u8; RECRYPT_SIGNING_KEY_PAIR_LEN],
    plaintext: Vec<u8>,
    level0: Vec<u8>,
    tk: Vec<u8>,
}

fn story(c: &Curve) -> Story {
    let ctx = Context::seeded(7);
    let key_pair = || {
        let (mut private, mut public) = (vec![0u8; c.private_key], vec![0u8; c.public_key]);
        let status = unsafe {
            (c.generate_key_pair)(
                ctx.0,
                private.as_mut_ptr(),
                private.len(),
                public.as_mut_ptr(),
                public.len(),
            )
        };
        assert_eq!(status, Status::Ok);
        (private, public)
    };
    let (alice_private, alice_public) = key_pair();
    let (bob_private, bob_public) = key_pair();
    let mut signing = [0u8; RECRYPT_SIGNING_KEY_PAIR_LEN];
    let status =
        unsafe { recrypt_generate_signing_key_pair(ctx.0, signing.as_mut_ptr(), signing.len()) };
    assert_eq!(status, Status::Ok);
    let mut plaintext = vec![0u8; c.plaintext];
    let status = unsafe { (c.generate_plaintext)(ctx.0, plaintext.as_mut_ptr(), plaintext.len()) };
    assert_eq!(status, Status::Ok);
    let mut level0 = vec![0u8; c.value_base];
    let mut len = 0;
    let status = unsafe {
        (c.encrypt)(
            ctx.0,
            plaintext.as_ptr(),
            plaintext.len(),
            alice_public.as_ptr(),
            alice_public.len(),
            signing.as_ptr(),
            signing.len(),
            level0.as_mut_ptr(),
            level0.len(),
            &mut len,
        )
    };
    assert_eq!((status, len), (Status::Ok, c.value_base));
    let mut tk = vec![0u8; c.transform_key_len];
    let status = unsafe {
        (c.generate_transform_key)(
            ctx.0,
            alice_private.as_ptr(),
            alice_private.len(),
            bob_public.as_ptr(),
            bob_public.len(),
            signing.as_ptr(),
            signing.len(),
            tk.as_mut_ptr(),
            tk.len(),
        )
    };
    assert_eq!(status, Status::Ok);
    Story {
        ctx,
        bob_private,
        signing,
        plaintext,
        level0,
        tk,
    }
}

fn prepare(c: &Curve, tk: &[u8]) -> Result<Prepared, Status> {
    let mut key = null_mut();
    let status = unsafe { (c.prepare)(tk.as_ptr(), tk.len(), &mut key) };
    if status == Status::Ok {
        assert!(!key.is_null());
        Ok(Prepared(key))
    } else {
        assert!(key.is_null(), "a refused key must not be written");
        Err(status)
    }
}

fn transform(
    c: &Curve,
    ctx: &Context,
    value: &[u8],
    tk: &[u8],
    signing: &[u8],
) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; value.len() + c.block];
    let mut len = 0;
    let status = unsafe {
        (c.transform)(
            ctx.0,
            value.as_ptr(),
            value.len(),
            RECRYPT_MAX_TRANSFORM_BLOCKS,
            tk.as_ptr(),
            tk.len(),
            signing.as_ptr(),
            signing.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        )
    };
    (status == Status::Ok)
        .then(|| out[..len].to_vec())
        .ok_or(status)
}

fn transform_prepared_limited(
    c: &Curve,
    ctx: &Context,
    value: &[u8],
    max_blocks: usize,
    key: *const recrypt_prepared_transform_key,
    signing: &[u8],
) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; value.len() + c.block];
    let mut len = 0;
    let status = unsafe {
        (c.transform_prepared)(
            ctx.0,
            value.as_ptr(),
            value.len(),
            max_blocks,
            key,
            signing.as_ptr(),
            signing.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        )
    };
    (status == Status::Ok)
        .then(|| out[..len].to_vec())
        .ok_or(status)
}

fn transform_prepared(
    c: &Curve,
    ctx: &Context,
    value: &[u8],
    key: &Prepared,
    signing: &[u8],
) -> Result<Vec<u8>, Status> {
    transform_prepared_limited(c, ctx, value, RECRYPT_MAX_TRANSFORM_BLOCKS, key.0, signing)
}

fn decrypt(c: &Curve, value: &[u8], private: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; c.plaintext];
    let status = unsafe {
        (c.decrypt)(
            value.as_ptr(),
            value.len(),
            RECRYPT_MAX_TRANSFORM_BLOCKS,
            private.as_ptr(),
            private.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    (status == Status::Ok).then_some(out).ok_or(status)
}

fn on_both_curves(test: impl Fn(&Curve)) {
    test(&API256);
    test(&API480);
}

#[test]
fn a_prepared_key_gives_the_bytes_of_the_transform_of_its_encoding() {
    on_both_curves(|c| {
        let s = story(c);
        let key = prepare(c, &s.tk).unwrap();
        // Two contexts on one seed draw the same K' and t, so the outputs are byte for byte equal.
        let (a, b) = (Context::seeded(9), Context::seeded(9));
        let by_encoding = transform(c, &a, &s.level0, &s.tk, &s.signing).unwrap();
        let by_prepared = transform_prepared(c, &b, &s.level0, &key, &s.signing).unwrap();
        assert_eq!(by_prepared, by_encoding);
        assert_eq!(
            decrypt(c, &by_prepared, &s.bob_private),
            Ok(s.plaintext.clone())
        );
        // A level-1 value goes one hop further with the same key (the second-hop path).
        let again = transform(c, &a, &by_encoding, &s.tk, &s.signing).unwrap();
        let again_prepared = transform_prepared(c, &b, &by_prepared, &key, &s.signing).unwrap();
        assert_eq!(again_prepared, again);
    });
}

#[test]
fn a_key_is_refused_at_preparation_for_every_reason_the_transform_refuses_it() {
    on_both_curves(|c| {
        let s = story(c);
        // Api480's pairing is four times Api256's: there, the first and last byte of each 64 bytes.
        let offsets: Vec<usize> = if c.transform_key_len == RECRYPT_TRANSFORM_KEY_LEN {
            (0..s.tk.len()).collect()
        } else {
            (0..s.tk.len())
                .filter(|i| i % 64 == 0 || i % 64 == 63)
                .collect()
        };
        for at in offsets {
            let mut tampered = s.tk.clone();
            tampered[at] ^= 0x01;
            let by_transform = transform(c, &s.ctx, &s.level0, &tampered, &s.signing);
            let by_prepare = prepare(c, &tampered).map(|_| ());
            match by_transform {
                Err(status) => assert_eq!(by_prepare, Err(status), "byte {at}"),
                // A flip that leaves a valid key (the hashed temp key is not signed, and some of
                // its flips are other points of G2) is accepted by both.
                Ok(_) => assert_eq!(by_prepare, Ok(()), "byte {at}"),
            }
        }
        for bad in [
            &s.tk[..s.tk.len() - 1],
            &[s.tk.as_slice(), &[0]].concat()[..],
            &[],
        ] {
            assert_eq!(prepare(c, bad).map(|_| ()), Err(Status::MalformedEncoding));
        }
    });
}

#[test]
fn null_pointers_the_other_curve_and_the_block_limit_are_refused() {
    let s = story(&API256);
    let key = prepare(&API256, &s.tk).unwrap();
    let status = unsafe { recrypt_prepare_transform_key(s.tk.as_ptr(), s.tk.len(), null_mut()) };
    assert_eq!(status, Status::NullArgument);
    let mut out = null_mut();
    let status = unsafe { recrypt_prepare_transform_key(null(), s.tk.len(), &mut out) };
    assert_eq!((status, out.is_null()), (Status::NullArgument, true));
    let none = transform_prepared_limited(&API256, &s.ctx, &s.level0, 8, null(), &s.signing);
    assert_eq!(none, Err(Status::NullArgument));
    // An Api256 key given to Api480's transform is not a key of that curve.
    let s480 = story(&API480);
    let other =
        transform_prepared_limited(&API480, &s480.ctx, &s480.level0, 8, key.0, &s480.signing);
    assert_eq!(other, Err(Status::MalformedEncoding));
    // No output can have a block under a limit of 0; a level-1 value is over a limit of 1.
    let zero = transform_prepared_limited(&API256, &s.ctx, &s.level0, 0, key.0, &s.signing);
    assert_eq!(zero, Err(Status::TooManyTransformBlocks));
    let level1 = transform_prepared(&API256, &s.ctx, &s.level0, &key, &s.signing).unwrap();
    let over = transform_prepared_limited(&API256, &s.ctx, &level1, 1, key.0, &s.signing);
    assert_eq!(over, Err(Status::TooManyTransformBlocks));
    // Freeing NULL is a no-op.
    unsafe { recrypt_prepared_transform_key_free(null_mut()) };
}

#[test]
fn a_value_whose_signature_does_not_verify_is_still_refused() {
    on_both_curves(|c| {
        let s = story(c);
        let key = prepare(c, &s.tk).unwrap();
        let mut tampered = s.level0.clone();
        // The signature's last byte comes right before the two bytes of the block count.
        let at = tampered.len() - RECRYPT_BLOCK_COUNT_LEN - 1;
        tampered[at] ^= 0x01;
        assert_eq!(
            transform_prepared(c, &s.ctx, &tampered, &key, &s.signing),
            Err(Status::InvalidEncryptedValueSignature)
        );
    });
}

#[test]
fn one_prepared_key_serves_many_threads() {
    let s = story(&API256);
    let key = prepare(&API256, &s.tk).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..3 {
                    let value =
                        transform_prepared(&API256, &s.ctx, &s.level0, &key, &s.signing).unwrap();
                    assert_eq!(
                        decrypt(&API256, &value, &s.bob_private),
                        Ok(s.plaintext.clone())
                    );
                }
            });
        }
    });
}
