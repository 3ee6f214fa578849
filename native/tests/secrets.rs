//! Secrets do not outlive a call on the library's stack.
//!
//! Each operation runs on a thread of its own whose stack below the caller's frame was zeroed first.
//! After the call returns, that region (where the library's frames were) is scanned for any 16-byte
//! piece of the secrets the call handled, in every form the code holds them: big-endian bytes,
//! little-endian limbs, and the Montgomery forms modulo p and r of private keys and plaintext
//! coefficients; for Ed25519, the seed and ring's expanded secret scalar and nonce prefix.
//!
//! Before the fix (wipes of the Montgomery copies in key arithmetic, of the `to_bytes()`
//! temporaries, of `[a]G_Q`, of ring's key pair, and the stack scrub at the end of every export),
//! the private key, the plaintext and ring's expanded key were all found here.

use recrypt_ffi::ffi::*;
use std::collections::HashSet;
use std::ptr::null_mut;

/// How much stack below the caller's frame is zeroed before and scanned after a call: more than
/// the library's deepest call and its scrub.
const SCAN_LEN: usize = 512 * 1024;
/// The zeroing and scanning functions leave this much below their own locals alone (their frames
/// and spills): the library's outermost frame, which holds only pointers, sits there too.
const OWN_FRAME: usize = 512;
const WINDOW: usize = 16;

const P: [u64; 4] = limbs("8fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667");
const R: [u64; 4] = limbs("8fb501e34aa387f9aa6fecb86184dc212e8d8e12f82b39241a2ef45b57ac7261");

const fn limbs(hex: &str) -> [u64; 4] {
    let h = hex.as_bytes();
    let mut out = [0u64; 4];
    let mut i = 0;
    while i < 64 {
        let c = h[i];
        let v = if c >= b'a' { c - b'a' + 10 } else { c - b'0' } as u64;
        out[3 - i / 16] |= v << (4 * (15 - i % 16));
        i += 1;
    }
    out
}

fn be_to_limbs(bytes: &[u8]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, chunk) in bytes.chunks(8).enumerate() {
        out[3 - i] = u64::from_be_bytes(chunk.try_into().unwrap());
    }
    out
}

fn ge(a: &[u64; 4], b: &[u64; 4]) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

fn sub(a: &mut [u64; 4], b: &[u64; 4]) {
    let mut borrow = 0u64;
    for i in 0..4 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow);
        a[i] = d;
        borrow = (b1 | b2) as u64;
    }
}

/// x mod m, then x * 2^256 mod m (the Montgomery form), by doubling.
fn montgomery(x: [u64; 4], m: &[u64; 4]) -> [u64; 4] {
    let mut v = x;
    while ge(&v, m) {
        sub(&mut v, m);
    }
    for _ in 0..256 {
        let carry = v[3] >> 63;
        for i in (1..4).rev() {
            v[i] = (v[i] << 1) | (v[i - 1] >> 63);
        }
        v[0] <<= 1;
        if carry == 1 || ge(&v, m) {
            sub(&mut v, m);
        }
    }
    v
}

fn limb_bytes(l: &[u64; 4]) -> Vec<u8> {
    l.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The forms a 32-byte field element may take in memory.
fn forms_of_element(be: &[u8]) -> Vec<Vec<u8>> {
    let l = be_to_limbs(be);
    vec![
        be.to_vec(),
        limb_bytes(&l),
        limb_bytes(&montgomery(l, &P)),
        limb_bytes(&montgomery(l, &R)),
    ]
}

/// Every 16-byte window (at 8-byte steps) of every form of the named secrets.
struct Patterns(HashSet<[u8; WINDOW]>, Vec<(String, Vec<u8>)>);

impl Patterns {
    fn new() -> Self {
        Patterns(HashSet::new(), Vec::new())
    }

    fn add(&mut self, name: &str, bytes: &[u8]) {
        if bytes.iter().all(|&b| b == 0) {
            return;
        }
        for start in (0..=bytes.len() - WINDOW).step_by(8) {
            self.0
                .insert(bytes[start..start + WINDOW].try_into().unwrap());
        }
        self.1.push((name.to_string(), bytes.to_vec()));
    }

    fn add_element(&mut self, name: &str, be: &[u8]) {
        for form in forms_of_element(be) {
            self.add(name, &form);
        }
    }

    fn name_of(&self, window: &[u8]) -> String {
        self.1
            .iter()
            .find(|(_, b)| b.windows(WINDOW).any(|w| w == window))
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    }
}

/// Runs `call` on a fresh thread after zeroing the stack below the current frame, then scans the
/// stack the call used for the patterns. Returns the names of the secrets found.
fn leftovers(patterns: &Patterns, call: impl FnOnce() + Send) -> Vec<String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(8 * 1024 * 1024)
            .spawn_scoped(scope, || {
                let marker = 0u8;
                let bottom = std::hint::black_box(&marker) as *const u8 as usize - SCAN_LEN;
                // SAFETY: the thread's stack is 8 MiB; [bottom, the callee's frame) lies below the
                // live frames, inside the mapping. Raw, volatile accesses only.
                unsafe { zero(bottom) };
                below_a_pad(call);
                unsafe { scan(bottom, patterns) }
            })
            .unwrap()
            .join()
            .unwrap()
    })
}

/// Runs `call` below a 4 KiB frame, so that the callee's own frame (not only its callees') lies in
/// the scanned region, below the frames of the zeroing and scanning functions.
#[inline(never)]
fn below_a_pad(call: impl FnOnce()) {
    let pad = [0u8; 4096];
    std::hint::black_box(&pad);
    call();
    std::hint::black_box(&pad);
}

/// The address just below this function's own frame (minus a margin).
#[inline(always)]
fn below_own_frame() -> usize {
    let here = 0u8;
    std::hint::black_box(&here) as *const u8 as usize - OWN_FRAME
}

#[inline(never)]
unsafe fn zero(from: usize) {
    for a in from..below_own_frame() {
        core::ptr::write_volatile(a as *mut u8, 0);
    }
}

#[inline(never)]
unsafe fn scan(from: usize, patterns: &Patterns) -> Vec<String> {
    let to = below_own_frame();
    let mut found = Vec::new();
    let mut window = [0u8; WINDOW];
    for a in from..to - WINDOW {
        if core::ptr::read_volatile(a as *const u8) == 0 {
            continue;
        }
        for (i, w) in window.iter_mut().enumerate() {
            *w = core::ptr::read_volatile((a + i) as *const u8);
        }
        if patterns.0.contains(&window) {
            found.push(format!(
                "{} ({} bytes deep)",
                patterns.name_of(&window),
                to - a
            ));
        }
    }
    found
}

struct Context(*mut recrypt_context);
unsafe impl Send for Context {}
unsafe impl Sync for Context {}

fn context() -> Context {
    let mut ctx = null_mut();
    assert_eq!(unsafe { recrypt_context_new(&mut ctx) }, recrypt_status::Ok);
    Context(ctx)
}

/// 32 bytes that are a valid private key and look like nothing else.
fn secret_key(tag: u8) -> Vec<u8> {
    let mut k = recrypt_ffi::api256::hash256(&[tag; 7]).to_vec();
    k[0] &= 0x7f;
    k
}

struct Fixture {
    ctx: Context,
    key: Vec<u8>,
    other: Vec<u8>,
    public: Vec<u8>,
    signing: Vec<u8>,
    plaintext: Vec<u8>,
    level0: Vec<u8>,
    tk: Vec<u8>,
    patterns: Patterns,
}

fn fixture() -> Fixture {
    let ctx = context();
    let key = secret_key(1);
    let other = secret_key(2);
    let mut public = vec![0u8; 64];
    let mut signing = vec![0u8; 64];
    let mut plaintext = vec![0u8; 384];
    let mut level0 = vec![0u8; RECRYPT_ENCRYPTED_VALUE_BASE_LEN];
    let mut tk = vec![0u8; RECRYPT_TRANSFORM_KEY_LEN];
    let mut len = 0usize;
    unsafe {
        assert_eq!(
            recrypt_compute_public_key(key.as_ptr(), 32, public.as_mut_ptr(), 64),
            recrypt_status::Ok
        );
        assert_eq!(
            recrypt_generate_signing_key_pair(ctx.0, signing.as_mut_ptr(), 64),
            recrypt_status::Ok
        );
        assert_eq!(
            recrypt_generate_plaintext(ctx.0, plaintext.as_mut_ptr(), 384),
            recrypt_status::Ok
        );
        assert_eq!(
            recrypt_encrypt(
                ctx.0,
                plaintext.as_ptr(),
                384,
                public.as_ptr(),
                64,
                signing.as_ptr(),
                64,
                level0.as_mut_ptr(),
                level0.len(),
                &mut len
            ),
            recrypt_status::Ok
        );
        assert_eq!(
            recrypt_generate_transform_key(
                ctx.0,
                key.as_ptr(),
                32,
                public.as_ptr(),
                64,
                signing.as_ptr(),
                64,
                tk.as_mut_ptr(),
                tk.len()
            ),
            recrypt_status::Ok
        );
    }
    let mut patterns = Patterns::new();
    patterns.add_element("private key", &key);
    patterns.add_element("second private key", &other);
    for (i, coefficient) in plaintext.chunks(32).enumerate() {
        patterns.add_element(&format!("plaintext coefficient {i}"), coefficient);
    }
    patterns.add("Ed25519 seed", &signing[..32]);
    let expanded = ring::digest::digest(&ring::digest::SHA512, &signing[..32]);
    let mut scalar: Vec<u8> = expanded.as_ref()[..32].to_vec();
    scalar[0] &= 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    patterns.add("Ed25519 secret scalar", &scalar);
    patterns.add("Ed25519 nonce prefix", &expanded.as_ref()[32..]);
    Fixture {
        ctx,
        key,
        other,
        public,
        signing,
        plaintext,
        level0,
        tk,
        patterns,
    }
}

#[test]
fn no_secret_is_left_on_the_stack_after_any_export_returns() {
    let f = fixture();
    let mut out = vec![0u8; 4096];
    let mut len = 0usize;
    let o = out.as_mut_ptr() as usize;
    let mut failures = Vec::new();
    let mut check = |what: &str, call: &(dyn Fn() -> recrypt_status + Sync)| {
        let mut status = recrypt_status::Panic;
        let found = leftovers(&f.patterns, || status = call());
        assert_eq!(status, recrypt_status::Ok, "{what}");
        if !found.is_empty() {
            failures.push(format!("{what}: {}", found.join(", ")));
        }
    };
    let (k, k2, pk, s, pt, ev, tk) = (
        f.key.as_ptr() as usize,
        f.other.as_ptr() as usize,
        f.public.as_ptr() as usize,
        f.signing.as_ptr() as usize,
        f.plaintext.as_ptr() as usize,
        f.level0.as_ptr() as usize,
        f.tk.as_ptr() as usize,
    );
    let ctx = f.ctx.0 as usize;
    let lp = &mut len as *mut usize as usize;
    let b = |a: usize| a as *const u8;
    let m = |a: usize| a as *mut u8;
    unsafe {
        check("compute_public_key", &|| {
            recrypt_compute_public_key(b(k), 32, m(o), 64)
        });
        check("add_private_keys", &|| {
            recrypt_add_private_keys(b(k), 32, b(k2), 32, m(o), 32)
        });
        check("subtract_private_keys", &|| {
            recrypt_subtract_private_keys(b(k), 32, b(k2), 32, m(o), 32)
        });
        check("decrypt", &|| {
            recrypt_decrypt(
                b(ev),
                RECRYPT_ENCRYPTED_VALUE_BASE_LEN,
                0,
                b(k),
                32,
                m(o),
                384,
            )
        });
        check("derive_symmetric_key", &|| {
            recrypt_derive_symmetric_key(b(pt), 384, m(o), 32)
        });
        check("derive_private_key", &|| {
            recrypt_derive_private_key(b(pt), 384, m(o), 32)
        });
        check("encrypt", &|| {
            recrypt_encrypt(
                ctx as *const recrypt_context,
                b(pt),
                384,
                b(pk),
                64,
                b(s),
                64,
                m(o),
                4096,
                lp as *mut usize,
            )
        });
        check("generate_transform_key", &|| {
            recrypt_generate_transform_key(
                ctx as *const recrypt_context,
                b(k),
                32,
                b(pk),
                64,
                b(s),
                64,
                m(o),
                4096,
            )
        });
        check("augment_transform_key", &|| {
            recrypt_augment_transform_key(b(tk), RECRYPT_TRANSFORM_KEY_LEN, b(k), 32, m(o), 4096)
        });
        check("transform", &|| {
            recrypt_transform(
                ctx as *const recrypt_context,
                b(ev),
                RECRYPT_ENCRYPTED_VALUE_BASE_LEN,
                1,
                b(tk),
                RECRYPT_TRANSFORM_KEY_LEN,
                b(s),
                64,
                m(o),
                4096,
                lp as *mut usize,
            )
        });
        check("ed25519_sign", &|| {
            recrypt_ed25519_sign(b(s), 64, b(pt), 16, m(o), 64)
        });
        check("compute_public_signing_key", &|| {
            recrypt_compute_public_signing_key(b(s), 64, m(o), 32)
        });
        check("schnorr_sign", &|| {
            recrypt_schnorr_sign(
                ctx as *const recrypt_context,
                b(k),
                32,
                b(pk),
                64,
                b(pt),
                16,
                m(o),
                64,
            )
        });
    }
    unsafe { recrypt_context_free(f.ctx.0) };
    assert!(
        failures.is_empty(),
        "secrets left on the stack:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_scan_finds_a_secret_that_is_left_behind() {
    // The check itself: a frame that copies the key into a local and returns without wiping it.
    let f = fixture();
    #[inline(never)]
    fn careless(key: &[u8]) {
        let mut copy = [0u8; 32];
        copy.copy_from_slice(key);
        std::hint::black_box(&copy);
    }
    let found = leftovers(&f.patterns, || careless(&f.key));
    assert!(
        found.iter().any(|f| f.starts_with("private key")),
        "{found:?}"
    );
    unsafe { recrypt_context_free(f.ctx.0) };
}
