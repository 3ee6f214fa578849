//! The C ABI, called exactly as C calls it: raw pointers and lengths, NULLs, short buffers, every
//! wrong length, tampered encodings, one context shared by many threads, and a C program compiled
//! against the generated header.

use recrypt_ffi::ffi::*;
use recrypt_ffi::insecure_seeded::recrypt_context_new_insecure_seeded;
use std::ffi::CStr;
use std::ptr::{null, null_mut};

type Status = recrypt_status;

/// A context that is freed when the test ends.
struct Context(*mut recrypt_context);

impl Context {
    fn new() -> Self {
        let mut ctx = null_mut();
        assert_eq!(unsafe { recrypt_context_new(&mut ctx) }, Status::Ok);
        assert!(!ctx.is_null());
        Context(ctx)
    }

    fn seeded(seed: &[u8; 32]) -> Self {
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

// Safe for the test: the library documents that contexts may be shared between threads.
unsafe impl Send for Context {}
unsafe impl Sync for Context {}

struct Keys {
    private: [u8; RECRYPT_PRIVATE_KEY_LEN],
    public: [u8; RECRYPT_PUBLIC_KEY_LEN],
}

fn key_pair(ctx: &Context) -> Keys {
    let mut k = Keys {
        private: [0; 32],
        public: [0; 64],
    };
    let status = unsafe {
        recrypt_generate_key_pair(ctx.0, k.private.as_mut_ptr(), 32, k.public.as_mut_ptr(), 64)
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

fn plaintext(ctx: &Context) -> [u8; RECRYPT_PLAINTEXT_LEN] {
    let mut out = [0u8; 384];
    assert_eq!(
        unsafe { recrypt_generate_plaintext(ctx.0, out.as_mut_ptr(), 384) },
        Status::Ok
    );
    out
}

fn encrypt(ctx: &Context, pt: &[u8], to: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; RECRYPT_ENCRYPTED_VALUE_BASE_LEN];
    let mut len = 0usize;
    let status = unsafe {
        recrypt_encrypt(
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

fn decrypt(ev: &[u8], key: &[u8]) -> Result<[u8; 384], Status> {
    let mut out = [0u8; 384];
    let status = unsafe {
        recrypt_decrypt(
            ev.as_ptr(),
            ev.len(),
            RECRYPT_MAX_TRANSFORM_BLOCKS,
            key.as_ptr(),
            key.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    (status == Status::Ok).then_some(out).ok_or(status)
}

fn transform_key(ctx: &Context, from: &[u8], to: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; RECRYPT_TRANSFORM_KEY_LEN];
    let status = unsafe {
        recrypt_generate_transform_key(
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

/// transform with an output buffer of `capacity` bytes; returns the status and reported length.
fn transform_into(
    ctx: &Context,
    ev: &[u8],
    tk: &[u8],
    signing: &[u8],
    out: &mut [u8],
) -> (Status, usize) {
    let mut len = 0usize;
    let out_ptr = if out.is_empty() {
        null_mut()
    } else {
        out.as_mut_ptr()
    };
    let status = unsafe {
        recrypt_transform(
            ctx.0,
            ev.as_ptr(),
            ev.len(),
            RECRYPT_MAX_TRANSFORM_BLOCKS,
            tk.as_ptr(),
            tk.len(),
            signing.as_ptr(),
            signing.len(),
            out_ptr,
            out.len(),
            &mut len,
        )
    };
    (status, len)
}

fn transform(ctx: &Context, ev: &[u8], tk: &[u8], signing: &[u8]) -> Result<Vec<u8>, Status> {
    let mut out = vec![0u8; ev.len() + RECRYPT_TRANSFORM_BLOCK_LEN];
    let (status, len) = transform_into(ctx, ev, tk, signing, &mut out);
    (status == Status::Ok)
        .then(|| out[..len].to_vec())
        .ok_or(status)
}

/// Alice, Bob, a level-0 value for Alice, a transform key Alice -> Bob and the level-1 value.
struct Fixture {
    ctx: Context,
    alice: Keys,
    bob: Keys,
    signing: [u8; 64],
    plaintext: [u8; 384],
    level0: Vec<u8>,
    tk: Vec<u8>,
    level1: Vec<u8>,
}

fn fixture() -> Fixture {
    let ctx = Context::new();
    let (alice, bob, signing, plaintext) = (
        key_pair(&ctx),
        key_pair(&ctx),
        signing_key_pair(&ctx),
        plaintext(&ctx),
    );
    let level0 = encrypt(&ctx, &plaintext, &alice.public, &signing).unwrap();
    let tk = transform_key(&ctx, &alice.private, &bob.public, &signing).unwrap();
    let level1 = transform(&ctx, &level0, &tk, &signing).unwrap();
    Fixture {
        ctx,
        alice,
        bob,
        signing,
        plaintext,
        level0,
        tk,
        level1,
    }
}

#[test]
fn every_status_has_a_static_message() {
    let codes = [
        0, 100, 101, 102, 103, 104, 105, 200, 201, 202, 203, 204, 205, 300, 900,
    ];
    let mut seen = std::collections::HashSet::new();
    for code in codes {
        let msg = unsafe { CStr::from_ptr(recrypt_status_message(code)) }
            .to_str()
            .unwrap();
        assert!(!msg.is_empty() && msg != "Unknown status.", "code {code}");
        assert!(seen.insert(msg), "duplicate message for {code}");
    }
    let unknown = unsafe { CStr::from_ptr(recrypt_status_message(42)) };
    assert_eq!(unknown.to_str().unwrap(), "Unknown status.");
}

#[test]
fn status_values_are_stable() {
    let expected = [
        (Status::Ok, 0),
        (Status::NullArgument, 100),
        (Status::InvalidLength, 101),
        (Status::BufferTooSmall, 102),
        (Status::MalformedEncoding, 103),
        (Status::UnsupportedEncodingVersion, 104),
        (Status::InvalidPublicKey, 200),
        (Status::InvalidEncryptedValueSignature, 201),
        (Status::InvalidTransformKeySignature, 202),
        (Status::DecryptFailed, 203),
        (Status::DecodeFailed, 204),
        (Status::InvalidSigningKeyPair, 205),
        (Status::RandomSourceFailed, 300),
        (Status::Panic, 900),
    ];
    for (status, value) in expected {
        assert_eq!(status as i32, value, "{status:?}");
    }
}

#[test]
fn versions_are_reported() {
    assert_eq!(recrypt_abi_version(), RECRYPT_ABI_VERSION);
    let v = unsafe { CStr::from_ptr(recrypt_version()) }
        .to_str()
        .unwrap();
    assert!(v.starts_with("recrypt-ffi/"), "{v}");
}

#[test]
fn context_arguments_are_checked() {
    assert_eq!(
        unsafe { recrypt_context_new(null_mut()) },
        Status::NullArgument
    );
    let seed = [1u8; 32];
    let mut ctx = null_mut();
    for len in [0, 31, 33] {
        let status = unsafe { recrypt_context_new_insecure_seeded(seed.as_ptr(), len, &mut ctx) };
        assert_eq!(status, Status::InvalidLength, "seed length {len}");
        assert!(ctx.is_null(), "nothing is written on failure");
    }
    unsafe { recrypt_context_free(null_mut()) };
    let mut pt = [0u8; 384];
    assert_eq!(
        unsafe { recrypt_generate_plaintext(null(), pt.as_mut_ptr(), 384) },
        Status::NullArgument
    );
}

#[test]
fn fixed_inputs_of_every_wrong_length_are_rejected() {
    let f = fixture();
    let mut out = [0u8; 64];
    let long = [7u8; 100];
    for len in (0..=80).filter(|&n| n != 32) {
        let status =
            unsafe { recrypt_compute_public_key(long.as_ptr(), len, out.as_mut_ptr(), 64) };
        assert_eq!(status, Status::InvalidLength, "private key of {len} bytes");
    }
    for len in (0..=90).filter(|&n| n != 64) {
        assert_eq!(
            encrypt(&f.ctx, &f.plaintext, &long[..len], &f.signing),
            Err(Status::InvalidLength),
            "public key of {len} bytes"
        );
        assert_eq!(
            encrypt(&f.ctx, &f.plaintext, &f.alice.public, &long[..len]),
            Err(Status::InvalidLength),
            "signing key pair of {len} bytes"
        );
    }
    for len in [0, 1, 383, 385, 768] {
        let pt = vec![1u8; len];
        assert_eq!(
            encrypt(&f.ctx, &pt, &f.alice.public, &f.signing),
            Err(Status::InvalidLength)
        );
    }
    assert_eq!(out, [0u8; 64], "nothing was written");
}

#[test]
fn null_pointers_with_a_length_are_rejected_and_null_empty_inputs_are_empty() {
    let f = fixture();
    let mut out = [0u8; 64];
    assert_eq!(
        unsafe { recrypt_compute_public_key(null(), 32, out.as_mut_ptr(), 64) },
        Status::NullArgument
    );
    assert_eq!(
        unsafe { recrypt_compute_public_key(f.alice.private.as_ptr(), 32, null_mut(), 64) },
        Status::NullArgument
    );
    // NULL with length 0 is an empty message: hash and sign it.
    let mut hash = [0u8; 32];
    assert_eq!(
        unsafe { recrypt_hash256(null(), 0, hash.as_mut_ptr(), 32) },
        Status::Ok
    );
    assert_eq!(
        hex::encode(hash),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let mut sig = [0u8; 64];
    let status =
        unsafe { recrypt_ed25519_sign(f.signing.as_ptr(), 64, null(), 0, sig.as_mut_ptr(), 64) };
    assert_eq!(status, Status::Ok);
    let mut valid = 7u32;
    let status = unsafe {
        recrypt_ed25519_verify(
            f.signing[32..].as_ptr(),
            32,
            null(),
            0,
            sig.as_ptr(),
            64,
            &mut valid,
        )
    };
    assert_eq!((status, valid), (Status::Ok, 1));
    let status = unsafe {
        recrypt_ed25519_verify(
            f.signing[32..].as_ptr(),
            32,
            null(),
            0,
            sig.as_ptr(),
            64,
            null_mut(),
        )
    };
    assert_eq!(status, Status::NullArgument);
}

#[test]
fn short_output_buffers_are_reported_and_left_untouched() {
    let f = fixture();
    let mut small = [0xaau8; 63];
    let status =
        unsafe { recrypt_compute_public_key(f.alice.private.as_ptr(), 32, small.as_mut_ptr(), 63) };
    assert_eq!(status, Status::BufferTooSmall);
    assert_eq!(small, [0xaa; 63]);
    let mut pt = [0xaau8; 383];
    assert_eq!(
        decrypt_into(&f.level0, &f.alice.private, &mut pt),
        Status::BufferTooSmall
    );
    assert_eq!(pt, [0xaa; 383]);
}

fn decrypt_into(ev: &[u8], key: &[u8], out: &mut [u8]) -> Status {
    unsafe {
        recrypt_decrypt(
            ev.as_ptr(),
            ev.len(),
            RECRYPT_MAX_TRANSFORM_BLOCKS,
            key.as_ptr(),
            key.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    }
}

#[test]
fn variable_outputs_answer_a_size_query_before_doing_any_work() {
    let seed = [9u8; 32];
    let make = |query_first: bool| {
        let ctx = Context::seeded(&seed);
        let (a, b, s, pt) = (
            key_pair(&ctx),
            key_pair(&ctx),
            signing_key_pair(&ctx),
            plaintext(&ctx),
        );
        let ev = encrypt(&ctx, &pt, &a.public, &s).unwrap();
        let tk = transform_key(&ctx, &a.private, &b.public, &s).unwrap();
        if query_first {
            let (status, len) = transform_into(&ctx, &ev, &tk, &s, &mut []);
            assert_eq!(status, Status::BufferTooSmall);
            assert_eq!(
                len,
                RECRYPT_ENCRYPTED_VALUE_BASE_LEN + RECRYPT_TRANSFORM_BLOCK_LEN
            );
        }
        transform(&ctx, &ev, &tk, &s).unwrap()
    };
    // The size query drew no random bytes: the seeded stream, and so the output, is unchanged.
    assert_eq!(make(true), make(false));

    let ctx = Context::new();
    let mut len = 0usize;
    let k = key_pair(&ctx);
    let (s, pt) = (signing_key_pair(&ctx), plaintext(&ctx));
    let status = unsafe {
        recrypt_encrypt(
            ctx.0,
            pt.as_ptr(),
            384,
            k.public.as_ptr(),
            64,
            s.as_ptr(),
            64,
            null_mut(),
            0,
            &mut len,
        )
    };
    assert_eq!(
        (status, len),
        (Status::BufferTooSmall, RECRYPT_ENCRYPTED_VALUE_BASE_LEN)
    );
}

#[test]
fn round_trips_through_the_abi() {
    let f = fixture();
    assert_eq!(f.level0.len(), RECRYPT_ENCRYPTED_VALUE_BASE_LEN);
    assert_eq!(
        f.level1.len(),
        RECRYPT_ENCRYPTED_VALUE_BASE_LEN + RECRYPT_TRANSFORM_BLOCK_LEN
    );
    assert_eq!(decrypt(&f.level0, &f.alice.private), Ok(f.plaintext));
    assert_eq!(decrypt(&f.level1, &f.bob.private), Ok(f.plaintext));
    assert_eq!(
        decrypt(&f.level1, &f.alice.private),
        Err(Status::DecryptFailed)
    );
    let mut valid = 0u32;
    let status = unsafe { recrypt_transform_key_verify(f.tk.as_ptr(), f.tk.len(), &mut valid) };
    assert_eq!((status, valid), (Status::Ok, 1));
    let status =
        unsafe { recrypt_encrypted_value_verify(f.level1.as_ptr(), f.level1.len(), &mut valid) };
    assert_eq!((status, valid), (Status::Ok, 1));
}

/// Flips one byte at every offset of an encoding and runs `op`; it must fail with one of
/// `allowed`, never succeed and never panic.
fn assert_every_flip_fails(
    name: &str,
    bytes: &[u8],
    allowed: &[Status],
    mut op: impl FnMut(&[u8]) -> Status,
) {
    for at in 0..bytes.len() {
        let mut tampered = bytes.to_vec();
        tampered[at] ^= 0x01;
        let status = op(&tampered);
        assert!(
            allowed.contains(&status),
            "{name}: flipping byte {at} gave {status:?}"
        );
    }
}

#[test]
fn every_tampered_byte_of_an_encrypted_value_is_refused() {
    let f = fixture();
    let allowed = [
        Status::UnsupportedEncodingVersion,
        Status::MalformedEncoding,
        Status::InvalidPublicKey,
        Status::InvalidEncryptedValueSignature,
    ];
    let mut out = [0u8; 384];
    assert_every_flip_fails("level 1", &f.level1, &allowed, |ev| {
        decrypt_into(ev, &f.bob.private, &mut out)
    });
    for bad in [
        &f.level1[..f.level1.len() - 1],
        &[f.level1.as_slice(), &[0]].concat()[..],
        &f.level1[..2],
        &[],
    ] {
        assert_eq!(
            decrypt_into(bad, &f.bob.private, &mut out),
            Status::MalformedEncoding
        );
    }
}

#[test]
fn every_tampered_byte_of_a_transform_key_is_refused() {
    let f = fixture();
    let allowed = [
        Status::UnsupportedEncodingVersion,
        Status::MalformedEncoding,
        Status::InvalidPublicKey,
        Status::InvalidTransformKeySignature,
        Status::DecodeFailed,
    ];
    let mut out = vec![0u8; f.level1.len()];
    assert_every_flip_fails("transform key", &f.tk, &allowed, |tk| {
        transform_into(&f.ctx, &f.level0, tk, &f.signing, &mut out).0
    });
}

#[test]
fn a_mismatched_signing_key_pair_is_refused() {
    let f = fixture();
    let mut pair = f.signing;
    pair[40] ^= 1;
    assert_eq!(
        encrypt(&f.ctx, &f.plaintext, &f.alice.public, &pair),
        Err(Status::InvalidSigningKeyPair)
    );
}

#[test]
fn a_private_key_of_zero_has_no_public_key() {
    let mut out = [0u8; 64];
    let zero = [0u8; 32];
    assert_eq!(
        unsafe { recrypt_compute_public_key(zero.as_ptr(), 32, out.as_mut_ptr(), 64) },
        Status::InvalidPublicKey
    );
}

#[test]
fn one_context_serves_many_threads() {
    let f = fixture();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..5 {
                    let pt = plaintext(&f.ctx);
                    let ev = encrypt(&f.ctx, &pt, &f.alice.public, &f.signing).unwrap();
                    let ev1 = transform(&f.ctx, &ev, &f.tk, &f.signing).unwrap();
                    assert_eq!(decrypt(&ev1, &f.bob.private), Ok(pt));
                }
            });
        }
    });
}

#[test]
fn a_panic_inside_an_export_becomes_a_status() {
    assert_eq!(
        recrypt_ffi::ffi::boundary_for_tests(|| panic!("boom")),
        Status::Panic
    );
}

/// The generated header compiles as C and as C++, and a C program linked against the library runs
/// the whole story: keys, encrypt, transform key, transform, decrypt.
#[test]
fn a_c_program_uses_the_generated_header() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // `cargo test` builds the cdylib into the test binary's own folder (target/<profile>/deps);
    // `cargo build` puts a copy one level up.
    let exe = std::env::current_exe().unwrap();
    let lib_dir = exe
        .ancestors()
        .skip(1)
        .take(2)
        .find(|dir| dir.join("librecrypt_ffi.so").exists())
        .expect("the cdylib next to the test binary")
        .to_path_buf();
    let out_dir = std::env::temp_dir().join(format!("recrypt-abi-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for (compiler, std_flag, exe) in [
        ("cc", "-std=c99", "smoke-c"),
        ("c++", "-std=c++17", "smoke-cpp"),
    ] {
        let exe = out_dir.join(exe);
        let mut cmd = std::process::Command::new(compiler);
        if compiler == "c++" {
            cmd.args(["-x", "c++"]);
        }
        let status = cmd
            .arg(std_flag)
            .args(["-Wall", "-Wextra", "-Werror", "-I"])
            .arg(manifest.join("include"))
            .arg(manifest.join("tests/c/smoke.c"))
            .arg("-L")
            .arg(&lib_dir)
            .args(["-lrecrypt_ffi", "-o"])
            .arg(&exe)
            .status()
            .expect("a C compiler");
        assert!(status.success(), "{compiler} failed");
        let run = std::process::Command::new(&exe)
            .env("LD_LIBRARY_PATH", &lib_dir)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "ok");
    }
    std::fs::remove_dir_all(&out_dir).ok();
}

/// The committed header is what cbindgen makes of src/ffi/: a change to the C ABI without
/// `build.ps1 generate` fails here, in the ordinary test run (cbindgen is installed by setup).
#[test]
fn the_committed_header_is_what_cbindgen_generates() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("cbindgen")
        .current_dir(manifest)
        .args(["--quiet", "--config", "cbindgen.toml", "src/ffi/mod.rs"])
        .output()
        .expect("cbindgen on PATH (installed by `build.ps1 setup`)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let committed = std::fs::read(manifest.join("include/recrypt_ffi.h")).unwrap();
    assert!(
        output.stdout == committed,
        "include/recrypt_ffi.h is stale: run `dotnet pwsh ./build.ps1 generate` and commit the result"
    );
}
