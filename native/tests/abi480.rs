//! The Api480 C ABI (`recrypt480_*`), called as C calls it: the whole story through raw pointers,
//! every wrong length, NULLs, short buffers and the size query, the caller's block limit, values
//! of one curve refused by the other's functions, tampered encodings, and garbage of every length
//! into every function that decodes (never a panic: only documented statuses come back).
//!
//! The 480-bit pairing costs about four 256-bit ones, so tampering flips the first and last byte
//! of every field instead of every byte (the Api256 suite in `abi.rs` flips every byte).

use recrypt_ffi::ffi::*;
use std::ptr::{null, null_mut};

type Status = recrypt_status;

const PRIVATE: usize = RECRYPT480_PRIVATE_KEY_LEN;
const PUBLIC: usize = RECRYPT480_PUBLIC_KEY_LEN;
const PLAINTEXT: usize = RECRYPT480_PLAINTEXT_LEN;

struct Context(*mut recrypt_context);

impl Context {
    fn new() -> Self {
        let mut ctx = null_mut();
        assert_eq!(unsafe { recrypt_context_new(&mut ctx) }, Status::Ok);
        Context(ctx)
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        unsafe { recrypt_context_free(self.0) };
    }
}

struct Keys {
    private: [u8; PRIVATE],
    public: [u8; PUBLIC],
}

fn key_pair(ctx: &Context) -> Keys {
    let mut k = Keys {
        private: [0; PRIVATE],
        public: [0; PUBLIC],
    };
    let status = unsafe {
        recrypt480_generate_key_pair(
            ctx.0,
            k.private.as_mut_ptr(),
            PRIVATE,
            k.public.as_mut_ptr(),
            PUBLIC,
        )
    };
    assert_eq!(status, Status::Ok);
    k
}

fn signing_key_pair(ctx: &Context) -> [u8; RECRYPT_SIGNING_KEY_PAIR_LEN] {
    let mut out = [0u8; 64];
    assert_eq!(
        unsafe { recrypt_generate_signing_key_pair(ctx.0, out.as_mut_ptr(), 64) },
        Status::Ok
    );
    out
}

fn plaintext(ctx: &Context) -> [u8; PLAINTEXT] {
    let mut out = [0u8; PLAINTEXT];
    assert_eq!(
        unsafe { recrypt480_generate_plaintext(ctx.0, out.as_mut_ptr(), PLAINTEXT) },
        Status::Ok
    );
    out
}

fn encrypt(ctx: &Context, pt: &[u8], to: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; RECRYPT480_ENCRYPTED_VALUE_BASE_LEN];
    let mut len = 0usize;
    let status = unsafe {
        recrypt480_encrypt(
            ctx.0,
            pt.as_ptr(),
            pt.len(),
            to.as_ptr(),
            to.len(),
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

fn decrypt_limited(ev: &[u8], max_blocks: usize, key: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; PLAINTEXT];
    let status = unsafe {
        recrypt480_decrypt(
            ev.as_ptr(),
            ev.len(),
            max_blocks,
            key.as_ptr(),
            key.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    (status == Status::Ok).then_some(out).ok_or(status)
}

fn decrypt(ev: &[u8], key: &[u8]) -> Result<Vec<u8>, Status> {
    decrypt_limited(ev, RECRYPT_MAX_TRANSFORM_BLOCKS, key)
}

fn transform_key(ctx: &Context, from: &[u8], to: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; RECRYPT480_TRANSFORM_KEY_LEN];
    let status = unsafe {
        recrypt480_generate_transform_key(
            ctx.0,
            from.as_ptr(),
            from.len(),
            to.as_ptr(),
            to.len(),
            signing.as_ptr(),
            signing.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    (status == Status::Ok).then_some(out).ok_or(status)
}

fn transform_limited(
    ctx: &Context,
    ev: &[u8],
    max_blocks: usize,
    tk: &[u8],
    signing: &[u8],
) -> (Status, Vec<u8>, usize) {
    let mut out = vec![0u8; ev.len() + RECRYPT480_TRANSFORM_BLOCK_LEN];
    let mut len = 0usize;
    let status = unsafe {
        recrypt480_transform(
            ctx.0,
            ev.as_ptr(),
            ev.len(),
            max_blocks,
            tk.as_ptr(),
            tk.len(),
            signing.as_ptr(),
            signing.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        )
    };
    out.truncate(len.min(out.len()));
    (status, out, len)
}

fn transform(ctx: &Context, ev: &[u8], tk: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let (status, out, _) = transform_limited(ctx, ev, RECRYPT_MAX_TRANSFORM_BLOCKS, tk, signing);
    (status == Status::Ok).then_some(out).ok_or(status)
}

/// Alice -> Bob -> Carol, with the values of every level, made through the ABI alone.
struct Fixture {
    ctx: Context,
    alice: Keys,
    bob: Keys,
    carol: Keys,
    signing: [u8; 64],
    plaintext: [u8; PLAINTEXT],
    level0: Vec<u8>,
    tk_ab: Vec<u8>,
    level1: Vec<u8>,
    level2: Vec<u8>,
}

fn fixture() -> Fixture {
    let ctx = Context::new();
    let (alice, bob, carol) = (key_pair(&ctx), key_pair(&ctx), key_pair(&ctx));
    let signing = signing_key_pair(&ctx);
    let plaintext = plaintext(&ctx);
    let level0 = encrypt(&ctx, &plaintext, &alice.public, &signing).unwrap();
    let tk_ab = transform_key(&ctx, &alice.private, &bob.public, &signing).unwrap();
    let tk_bc = transform_key(&ctx, &bob.private, &carol.public, &signing).unwrap();
    let level1 = transform(&ctx, &level0, &tk_ab, &signing).unwrap();
    let level2 = transform(&ctx, &level1, &tk_bc, &signing).unwrap();
    Fixture {
        ctx,
        alice,
        bob,
        carol,
        signing,
        plaintext,
        level0,
        tk_ab,
        level1,
        level2,
    }
}

#[test]
fn the_story_runs_through_the_api480_abi() {
    let f = fixture();
    assert_eq!(f.level0.len(), RECRYPT480_ENCRYPTED_VALUE_BASE_LEN);
    assert_eq!(f.level0[1], RECRYPT480_TAG_ENCRYPTED_VALUE);
    assert_eq!(f.tk_ab[1], RECRYPT480_TAG_TRANSFORM_KEY);
    assert_eq!(
        f.level2.len(),
        RECRYPT480_ENCRYPTED_VALUE_BASE_LEN + 2 * RECRYPT480_TRANSFORM_BLOCK_LEN
    );
    assert_eq!(decrypt(&f.level0, &f.alice.private).unwrap(), f.plaintext);
    assert_eq!(decrypt(&f.level1, &f.bob.private).unwrap(), f.plaintext);
    assert_eq!(decrypt(&f.level2, &f.carol.private).unwrap(), f.plaintext);
    assert_eq!(
        decrypt(&f.level2, &f.bob.private),
        Err(Status::DecryptFailed)
    );

    let mut valid = 7u32;
    unsafe {
        assert_eq!(
            recrypt480_encrypted_value_verify(f.level2.as_ptr(), f.level2.len(), &mut valid),
            Status::Ok
        );
        assert_eq!(valid, 1);
        assert_eq!(
            recrypt480_transform_key_verify(f.tk_ab.as_ptr(), f.tk_ab.len(), &mut valid),
            Status::Ok
        );
        assert_eq!(valid, 1);
        let mut bytes = [0u8; RECRYPT480_TRANSFORM_KEY_BYTES_LEN];
        assert_eq!(
            recrypt480_transform_key_to_bytes(
                f.tk_ab.as_ptr(),
                f.tk_ab.len(),
                bytes.as_mut_ptr(),
                bytes.len()
            ),
            Status::Ok
        );
        // EPK || ToPK || ETK || HTK || psk: the encoding's fields without framing and signature.
        assert_eq!(&bytes[..], &f.tk_ab[2..2 + bytes.len()]);
    }
}

#[test]
fn keys_plaintexts_and_signatures_through_the_api480_abi() {
    let f = fixture();
    let mut out = [0u8; 256];
    unsafe {
        assert_eq!(
            recrypt480_compute_public_key(
                f.alice.private.as_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                PUBLIC
            ),
            Status::Ok
        );
        assert_eq!(&out[..PUBLIC], &f.alice.public);
        assert_eq!(
            recrypt480_public_key_canonicalize(
                f.bob.public.as_ptr(),
                PUBLIC,
                out.as_mut_ptr(),
                PUBLIC
            ),
            Status::Ok
        );
        assert_eq!(&out[..PUBLIC], &f.bob.public);
        assert_eq!(
            recrypt480_compute_public_key(
                [0u8; PRIVATE].as_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                PUBLIC
            ),
            Status::InvalidPublicKey
        );

        // (a + b) - b = a (mod r), and the public keys agree with the sum.
        let mut sum = [0u8; PRIVATE];
        let mut back = [0u8; PRIVATE];
        let (a, b) = (&f.alice.private, &f.bob.private);
        assert_eq!(
            recrypt480_add_private_keys(
                a.as_ptr(),
                PRIVATE,
                b.as_ptr(),
                PRIVATE,
                sum.as_mut_ptr(),
                PRIVATE
            ),
            Status::Ok
        );
        assert_eq!(
            recrypt480_subtract_private_keys(
                sum.as_ptr(),
                PRIVATE,
                b.as_ptr(),
                PRIVATE,
                back.as_mut_ptr(),
                PRIVATE
            ),
            Status::Ok
        );
        let mut a_public = [0u8; PUBLIC];
        assert_eq!(
            recrypt480_compute_public_key(back.as_ptr(), PRIVATE, a_public.as_mut_ptr(), PUBLIC),
            Status::Ok
        );
        assert_eq!(a_public, f.alice.public);
        let mut sum_public = [0u8; PUBLIC];
        let mut augmented = [0u8; PUBLIC];
        recrypt480_compute_public_key(sum.as_ptr(), PRIVATE, sum_public.as_mut_ptr(), PUBLIC);
        assert_eq!(
            recrypt480_augment_public_key(
                f.alice.public.as_ptr(),
                PUBLIC,
                f.bob.public.as_ptr(),
                PUBLIC,
                augmented.as_mut_ptr(),
                PUBLIC
            ),
            Status::Ok
        );
        assert_eq!(augmented, sum_public);

        let mut symmetric = [0u8; 32];
        let mut derived = [0u8; PRIVATE];
        assert_eq!(
            recrypt480_derive_symmetric_key(
                f.plaintext.as_ptr(),
                PLAINTEXT,
                symmetric.as_mut_ptr(),
                32
            ),
            Status::Ok
        );
        assert_eq!(
            recrypt480_derive_private_key(
                f.plaintext.as_ptr(),
                PLAINTEXT,
                derived.as_mut_ptr(),
                PRIVATE
            ),
            Status::Ok
        );
        assert_ne!(&derived[..32], &symmetric[..]);

        // Schnorr, plain and augmented.
        let message = b"api480";
        let mut signature = [0u8; RECRYPT480_SCHNORR_SIGNATURE_LEN];
        let mut valid = 7u32;
        assert_eq!(
            recrypt480_schnorr_sign(
                f.ctx.0,
                f.alice.private.as_ptr(),
                PRIVATE,
                augmented.as_ptr(),
                PUBLIC,
                message.as_ptr(),
                message.len(),
                signature.as_mut_ptr(),
                signature.len()
            ),
            Status::Ok
        );
        assert_eq!(
            recrypt480_schnorr_verify(
                augmented.as_ptr(),
                PUBLIC,
                f.bob.private.as_ptr(),
                PRIVATE,
                message.as_ptr(),
                message.len(),
                signature.as_ptr(),
                signature.len(),
                &mut valid
            ),
            Status::Ok
        );
        assert_eq!(valid, 1);
        assert_eq!(
            recrypt480_schnorr_verify(
                augmented.as_ptr(),
                PUBLIC,
                null(),
                0,
                message.as_ptr(),
                message.len(),
                signature.as_ptr(),
                signature.len(),
                &mut valid
            ),
            Status::Ok
        );
        assert_eq!(valid, 0);

        // An augmented transform key keeps its signature and still verifies.
        let mut augmented_tk = vec![0u8; RECRYPT480_TRANSFORM_KEY_LEN];
        assert_eq!(
            recrypt480_augment_transform_key(
                f.tk_ab.as_ptr(),
                f.tk_ab.len(),
                f.carol.private.as_ptr(),
                PRIVATE,
                augmented_tk.as_mut_ptr(),
                augmented_tk.len()
            ),
            Status::Ok
        );
        let signature_at = RECRYPT480_TRANSFORM_KEY_LEN - 64;
        assert_eq!(augmented_tk[signature_at..], f.tk_ab[signature_at..]);
        assert_ne!(augmented_tk, f.tk_ab);
    }
}

#[test]
fn values_of_one_curve_are_refused_by_the_other() {
    let f = fixture();
    let mut out = vec![0u8; 4096];
    let mut valid = 7u32;
    // A 480 value handed to the Api256 functions, and Api256-sized inputs to the Api480 ones.
    unsafe {
        assert_eq!(
            recrypt_encrypted_value_verify(f.level1.as_ptr(), f.level1.len(), &mut valid),
            Status::MalformedEncoding
        );
        assert_eq!(
            recrypt_transform_key_verify(f.tk_ab.as_ptr(), f.tk_ab.len(), &mut valid),
            Status::MalformedEncoding
        );
        assert_eq!(
            recrypt_decrypt(
                f.level0.as_ptr(),
                f.level0.len(),
                8,
                f.alice.private.as_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                384
            ),
            Status::MalformedEncoding
        );
        assert_eq!(
            recrypt_compute_public_key(f.alice.private.as_ptr(), PRIVATE, out.as_mut_ptr(), 64),
            Status::InvalidLength
        );
    }
    assert_eq!(valid, 7);
    let ctx256 = Context::new();
    let mut private = [0u8; 32];
    let mut public = [0u8; 64];
    let mut ev256 = vec![0u8; RECRYPT_ENCRYPTED_VALUE_BASE_LEN];
    let mut len = 0usize;
    let mut pt = [0u8; 384];
    unsafe {
        recrypt_generate_key_pair(ctx256.0, private.as_mut_ptr(), 32, public.as_mut_ptr(), 64);
        recrypt_generate_plaintext(ctx256.0, pt.as_mut_ptr(), 384);
        assert_eq!(
            recrypt_encrypt(
                ctx256.0,
                pt.as_ptr(),
                384,
                public.as_ptr(),
                64,
                f.signing.as_ptr(),
                64,
                ev256.as_mut_ptr(),
                ev256.len(),
                &mut len
            ),
            Status::Ok
        );
        assert_eq!(
            recrypt480_encrypted_value_verify(ev256.as_ptr(), ev256.len(), &mut valid),
            Status::MalformedEncoding
        );
        assert_eq!(
            recrypt480_decrypt(
                ev256.as_ptr(),
                ev256.len(),
                8,
                f.alice.private.as_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                PLAINTEXT
            ),
            Status::MalformedEncoding
        );
        assert_eq!(
            recrypt480_encrypt(
                f.ctx.0,
                pt.as_ptr(),
                384,
                f.bob.public.as_ptr(),
                PUBLIC,
                f.signing.as_ptr(),
                64,
                out.as_mut_ptr(),
                out.len(),
                &mut len
            ),
            Status::InvalidLength
        );
        assert_eq!(
            recrypt480_compute_public_key(private.as_ptr(), 32, out.as_mut_ptr(), PUBLIC),
            Status::InvalidLength
        );
    }
    assert_eq!(valid, 7);
}

#[test]
fn wrong_lengths_nulls_and_short_buffers_are_refused() {
    let f = fixture();
    let mut out = vec![0u8; 4096];
    let mut len = 0usize;
    unsafe {
        for wrong in [0, 1, PRIVATE - 1, PRIVATE + 1, 32, 64] {
            let key = vec![1u8; wrong];
            assert_eq!(
                recrypt480_compute_public_key(key.as_ptr(), wrong, out.as_mut_ptr(), PUBLIC),
                Status::InvalidLength,
                "private key of {wrong} bytes"
            );
        }
        for wrong in [0, PUBLIC - 1, PUBLIC + 1, 64] {
            let key = vec![1u8; wrong];
            assert_eq!(
                recrypt480_public_key_canonicalize(key.as_ptr(), wrong, out.as_mut_ptr(), PUBLIC),
                Status::InvalidLength
            );
        }
        for wrong in [0, PLAINTEXT - 1, PLAINTEXT + 1, 384] {
            let pt = vec![1u8; wrong];
            assert_eq!(
                recrypt480_derive_symmetric_key(pt.as_ptr(), wrong, out.as_mut_ptr(), 32),
                Status::InvalidLength
            );
        }
        assert_eq!(
            recrypt480_compute_public_key(null(), PRIVATE, out.as_mut_ptr(), PUBLIC),
            Status::NullArgument
        );
        assert_eq!(
            recrypt480_generate_key_pair(
                null(),
                out.as_mut_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                PUBLIC
            ),
            Status::NullArgument
        );
        assert_eq!(
            recrypt480_compute_public_key(
                f.alice.private.as_ptr(),
                PRIVATE,
                out.as_mut_ptr(),
                PUBLIC - 1
            ),
            Status::BufferTooSmall
        );
        // The two-call size query: the length is reported before any work.
        assert_eq!(
            recrypt480_encrypt(
                f.ctx.0,
                f.plaintext.as_ptr(),
                PLAINTEXT,
                f.bob.public.as_ptr(),
                PUBLIC,
                f.signing.as_ptr(),
                64,
                null_mut(),
                0,
                &mut len
            ),
            Status::BufferTooSmall
        );
        assert_eq!(len, RECRYPT480_ENCRYPTED_VALUE_BASE_LEN);
    }
}

#[test]
fn the_block_limit_is_checked_before_any_work() {
    let f = fixture();
    assert_eq!(
        decrypt_limited(&f.level2, 1, &f.carol.private),
        Err(Status::TooManyTransformBlocks)
    );
    assert_eq!(
        decrypt_limited(&f.level2, 2, &f.carol.private).unwrap(),
        f.plaintext
    );
    let (status, _, len) = transform_limited(&f.ctx, &f.level1, 1, &f.tk_ab, &f.signing);
    assert_eq!(status, Status::TooManyTransformBlocks);
    assert_eq!(
        len, 0,
        "nothing is reported when the limit refuses the call"
    );
}

/// The documented outcomes of a decoder given bad bytes.
const REFUSALS: [Status; 7] = [
    Status::InvalidLength,
    Status::MalformedEncoding,
    Status::UnsupportedEncodingVersion,
    Status::InvalidPublicKey,
    Status::DecodeFailed,
    Status::InvalidEncryptedValueSignature,
    Status::InvalidTransformKeySignature,
];

/// The offsets of the first and last byte of every field of an encoding with these field sizes.
fn field_edges(sizes: &[usize]) -> Vec<usize> {
    let mut edges = vec![];
    let mut at = 0;
    for &size in sizes {
        edges.extend([at, at + size - 1]);
        at += size;
    }
    edges
}

#[test]
fn tampered_encodings_are_refused() {
    let f = fixture();
    let ev_fields = [
        1,
        1,
        PUBLIC / 2,
        PUBLIC / 2,
        RECRYPT480_FP12_LEN,
        32,
        32,
        64,
        2,
        PUBLIC,
        RECRYPT480_FP12_LEN,
        PUBLIC,
        RECRYPT480_FP12_LEN,
    ];
    for at in field_edges(&ev_fields) {
        let mut ev = f.level1.clone();
        ev[at] ^= 0x01;
        let outcome = decrypt(&ev, &f.bob.private);
        assert!(
            matches!(outcome, Err(s) if REFUSALS.contains(&s)),
            "flip at {at}: {outcome:?}"
        );
    }
    let tk_fields = [
        1,
        1,
        PUBLIC,
        PUBLIC,
        RECRYPT480_FP12_LEN,
        RECRYPT480_HASHED_TEMP_KEY_LEN,
        32,
        64,
    ];
    for at in field_edges(&tk_fields) {
        let mut tk = f.tk_ab.clone();
        tk[at] ^= 0x01;
        let mut valid = 7u32;
        let status = unsafe { recrypt480_transform_key_verify(tk.as_ptr(), tk.len(), &mut valid) };
        assert!(
            (status == Status::Ok && valid == 0) || REFUSALS.contains(&status),
            "flip at {at}: {status:?} {valid}"
        );
    }
}

/// Garbage of many lengths (and a valid header in front of it) into every Api480 function that
/// decodes an encoding: only documented refusals come back, never a panic.
#[test]
fn garbage_never_panics() {
    let f = fixture();
    let mut out = vec![0u8; 8192];
    let mut len = 0usize;
    let mut valid = 0u32;
    let lengths = [
        0,
        1,
        2,
        RECRYPT480_ENCRYPTED_VALUE_BASE_LEN,
        RECRYPT480_ENCRYPTED_VALUE_BASE_LEN + RECRYPT480_TRANSFORM_BLOCK_LEN,
        RECRYPT480_TRANSFORM_KEY_LEN,
    ];
    for (i, &n) in lengths.iter().enumerate() {
        for header in [
            None,
            Some(RECRYPT480_TAG_ENCRYPTED_VALUE),
            Some(RECRYPT480_TAG_TRANSFORM_KEY),
        ] {
            let mut bytes: Vec<u8> = (0..n).map(|j| (j * 131 + i * 7 + 1) as u8).collect();
            if let (Some(tag), true) = (header, n >= 2) {
                bytes[0] = RECRYPT_ENCODING_VERSION as u8;
                bytes[1] = tag;
            }
            let statuses = unsafe {
                [
                    recrypt480_encrypted_value_verify(bytes.as_ptr(), n, &mut valid),
                    recrypt480_transform_key_verify(bytes.as_ptr(), n, &mut valid),
                    recrypt480_decrypt(
                        bytes.as_ptr(),
                        n,
                        8,
                        f.bob.private.as_ptr(),
                        PRIVATE,
                        out.as_mut_ptr(),
                        PLAINTEXT,
                    ),
                    recrypt480_transform(
                        f.ctx.0,
                        bytes.as_ptr(),
                        n,
                        8,
                        f.tk_ab.as_ptr(),
                        f.tk_ab.len(),
                        f.signing.as_ptr(),
                        64,
                        out.as_mut_ptr(),
                        out.len(),
                        &mut len,
                    ),
                    recrypt480_transform(
                        f.ctx.0,
                        f.level0.as_ptr(),
                        f.level0.len(),
                        8,
                        bytes.as_ptr(),
                        n,
                        f.signing.as_ptr(),
                        64,
                        out.as_mut_ptr(),
                        out.len(),
                        &mut len,
                    ),
                    recrypt480_augment_transform_key(
                        bytes.as_ptr(),
                        n,
                        f.alice.private.as_ptr(),
                        PRIVATE,
                        out.as_mut_ptr(),
                        out.len(),
                    ),
                    recrypt480_transform_key_to_bytes(
                        bytes.as_ptr(),
                        n,
                        out.as_mut_ptr(),
                        out.len(),
                    ),
                ]
            };
            for status in statuses {
                assert!(
                    REFUSALS.contains(&status),
                    "{n} bytes, header {header:?}: {status:?}"
                );
            }
        }
    }
}
