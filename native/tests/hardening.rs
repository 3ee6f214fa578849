//! Hardening of the core (issue 10): what the library refuses, and what the shipped build leaves out.
//!
//! * the deterministic context is a C export only with the `insecure-seeded` feature;
//! * lengths above `isize::MAX` are refused before a slice is formed (Api256 and Api480 exports);
//! * decrypt and transform take a caller-set limit on transform blocks, checked before any work;
//! * hashed temp keys must lie in G2 (an order-13 twist point is refused);
//! * Ed25519 public keys are strict: the eight small-order points and non-canonical encodings are
//!   refused everywhere a signature is verified, so the constant signature (R = identity, S = 0)
//!   verifies for no key.

use recrypt_ffi::api256::{self, Api256, PrivateKey, PublicKey, SigningKeyPair};
use recrypt_ffi::curve::G2Affine;
use recrypt_ffi::encoding;
use recrypt_ffi::ffi::*;
use recrypt_ffi::field::Fp2;
use recrypt_ffi::params::Bn256;
use recrypt_ffi::rng::OsRandom;
use std::ptr::null_mut;

type Status = recrypt_status;

struct World {
    bob: PrivateKey,
    level0: Vec<u8>,
    level1: Vec<u8>,
    level2: Vec<u8>,
    tk_alice_bob: Vec<u8>,
    tk_bob_carol: Vec<u8>,
    carol: PrivateKey,
    signing: [u8; 64],
}

fn world() -> World {
    let mut api = Api256::new(OsRandom);
    let (alice, alice_public) = api.generate_key_pair().unwrap();
    let (bob, bob_public) = api.generate_key_pair().unwrap();
    let (carol, carol_public) = api.generate_key_pair().unwrap();
    let signing = api.generate_signing_key_pair().unwrap();
    let pt = api.generate_plaintext().unwrap();
    let level0 = api.encrypt(&pt, &alice_public, &signing).unwrap();
    let tk_ab = api
        .generate_transform_key(&alice, &bob_public, &signing)
        .unwrap();
    let tk_bc = api
        .generate_transform_key(&bob, &carol_public, &signing)
        .unwrap();
    let level1 = api.transform(&level0, &tk_ab, &signing).unwrap();
    let level2 = api.transform(&level1, &tk_bc, &signing).unwrap();
    World {
        bob,
        carol,
        level0: encoding::encode_encrypted_value(&level0),
        level1: encoding::encode_encrypted_value(&level1),
        level2: encoding::encode_encrypted_value(&level2),
        tk_alice_bob: encoding::encode_transform_key(&tk_ab).to_vec(),
        tk_bob_carol: encoding::encode_transform_key(&tk_bc).to_vec(),
        signing: signing.to_bytes(),
    }
}

fn decrypt(ev: &[u8], max_blocks: usize, key: &PrivateKey) -> Status {
    let key = key.to_bytes();
    let mut out = [0u8; RECRYPT_PLAINTEXT_LEN];
    unsafe {
        recrypt_decrypt(
            ev.as_ptr(),
            ev.len(),
            max_blocks,
            key.as_ptr(),
            key.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    }
}

fn transform(ev: &[u8], max_blocks: usize, tk: &[u8], signing: &[u8; 64]) -> (Status, usize) {
    let mut ctx = null_mut();
    assert_eq!(unsafe { recrypt_context_new(&mut ctx) }, Status::Ok);
    let mut out = vec![0u8; ev.len() + RECRYPT_TRANSFORM_BLOCK_LEN];
    let mut len = 0usize;
    let status = unsafe {
        recrypt_transform(
            ctx,
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
    unsafe { recrypt_context_free(ctx) };
    (status, len)
}

// ---------------------------------------------------------------------------------------------
// The deterministic context is not exported by the shipped library

/// The names in the dynamic symbol table (.dynsym) of an ELF64 little-endian shared object.
fn dynamic_symbols(path: &std::path::Path) -> Vec<String> {
    let elf = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&elf[..6], b"\x7fELF\x02\x01", "an ELF64 little-endian file");
    let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap()) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap()) as usize;
    let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap()) as usize;
    let (shoff, shentsize, shnum) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c));
    let section = |i: usize| {
        let h = shoff + i * shentsize;
        // (type, offset, size, link, entry size)
        (
            u32_at(h + 4),
            u64_at(h + 0x18),
            u64_at(h + 0x20),
            u32_at(h + 0x28),
            u64_at(h + 0x38),
        )
    };
    const SHT_DYNSYM: usize = 11;
    let (_, offset, size, link, entsize) = (0..shnum)
        .map(section)
        .find(|s| s.0 == SHT_DYNSYM)
        .expect("a .dynsym section");
    let (_, strings, _, _, _) = section(link);
    (0..size / entsize)
        .map(|i| {
            let name = strings + u32_at(offset + i * entsize);
            let end = name + elf[name..].iter().position(|&b| b == 0).unwrap();
            String::from_utf8_lossy(&elf[name..end]).into_owned()
        })
        .collect()
}

/// The cdylib cargo built with this test: `cargo test` puts it beside the test binary
/// (target/<profile>/deps), `cargo build` a copy one level up.
fn built_library() -> std::path::PathBuf {
    std::env::current_exe()
        .unwrap()
        .ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join("librecrypt_ffi.so"))
        .find(|lib| lib.exists())
        .expect("the cdylib next to the test binary")
}

#[test]
fn the_library_exports_the_seeded_context_only_with_the_insecure_seeded_feature() {
    let symbols = dynamic_symbols(&built_library());
    assert!(symbols.iter().any(|s| s == "recrypt_context_new"));
    assert!(symbols.iter().any(|s| s == "recrypt_decrypt"));
    let exported = symbols
        .iter()
        .any(|s| s == "recrypt_context_new_insecure_seeded");
    assert_eq!(
        exported,
        cfg!(feature = "insecure-seeded"),
        "recrypt_context_new_insecure_seeded exported: {exported}"
    );
}

#[test]
fn the_c_header_does_not_declare_the_seeded_context() {
    let header = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include/recrypt_ffi.h"),
    )
    .unwrap();
    assert!(!header.contains("insecure_seeded"));
    assert!(!header.contains("RECRYPT_SEED_LEN"));
}

// ---------------------------------------------------------------------------------------------
// Lengths above isize::MAX

#[test]
fn input_lengths_above_isize_max_are_refused_without_reading() {
    let byte = [0u8; 1];
    let mut out = [0u8; 64];
    let mut valid = 7u32;
    for len in [isize::MAX as usize + 1, usize::MAX] {
        let p = byte.as_ptr();
        unsafe {
            assert_eq!(
                recrypt_hash256(p, len, out.as_mut_ptr(), 32),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt_encrypted_value_verify(p, len, &mut valid),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt_transform_key_verify(p, len, &mut valid),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt_ed25519_verify(p, 32, p, len, p, 64, &mut valid),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt_compute_public_key(p, len, out.as_mut_ptr(), 64),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt_decrypt(p, len, 1, p, 32, out.as_mut_ptr(), 64),
                Status::InvalidLength
            );
        }
        assert_eq!(valid, 7, "nothing is written on failure");
    }
}

/// The same refusal on the Api480 exports (the block limit and garbage inputs are in abi480.rs).
#[test]
fn api480_input_lengths_above_isize_max_are_refused_without_reading() {
    let byte = [0u8; 1];
    let mut out = [0u8; 1024];
    let mut valid = 7u32;
    for len in [isize::MAX as usize + 1, usize::MAX] {
        let p = byte.as_ptr();
        unsafe {
            assert_eq!(
                recrypt480_encrypted_value_verify(p, len, &mut valid),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt480_transform_key_verify(p, len, &mut valid),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt480_compute_public_key(p, len, out.as_mut_ptr(), RECRYPT480_PUBLIC_KEY_LEN),
                Status::InvalidLength
            );
            assert_eq!(
                recrypt480_decrypt(
                    p,
                    len,
                    1,
                    p,
                    RECRYPT480_PRIVATE_KEY_LEN,
                    out.as_mut_ptr(),
                    RECRYPT480_PLAINTEXT_LEN
                ),
                Status::InvalidLength
            );
        }
        assert_eq!(valid, 7, "nothing is written on failure");
    }
}

// ---------------------------------------------------------------------------------------------
// The caller's limit on transform blocks

#[test]
fn decrypt_refuses_values_with_more_blocks_than_the_limit() {
    let w = world();
    assert_eq!(decrypt(&w.level0, 0, &PrivateKey::from_bytes(&[1; 32])), {
        // Level 0 has no block: any limit admits it (here the wrong key, so it fails later).
        Status::DecryptFailed
    });
    assert_eq!(
        decrypt(&w.level1, 0, &w.bob),
        Status::TooManyTransformBlocks
    );
    assert_eq!(decrypt(&w.level1, 1, &w.bob), Status::Ok);
    assert_eq!(
        decrypt(&w.level2, 1, &w.carol),
        Status::TooManyTransformBlocks
    );
    assert_eq!(decrypt(&w.level2, 2, &w.carol), Status::Ok);
    assert_eq!(
        decrypt(&w.level2, RECRYPT_MAX_TRANSFORM_BLOCKS, &w.carol),
        Status::Ok
    );
}

#[test]
fn the_block_limit_is_checked_before_the_blocks_are_decoded() {
    // 40 blocks of garbage (points off the curve): under a limit of 39 the count alone refuses it;
    // under the format's limit decoding reaches the first bad point.
    let w = world();
    let mut value = w.level0.clone();
    let count_at = RECRYPT_ENCRYPTED_VALUE_BASE_LEN - 2;
    value[count_at..count_at + 2].copy_from_slice(&40u16.to_be_bytes());
    value.extend(std::iter::repeat(0x5a).take(40 * RECRYPT_TRANSFORM_BLOCK_LEN));
    assert_eq!(decrypt(&value, 39, &w.bob), Status::TooManyTransformBlocks);
    assert_eq!(
        decrypt(&value, RECRYPT_MAX_TRANSFORM_BLOCKS, &w.bob),
        Status::InvalidPublicKey
    );
    let (status, _) = transform(&value, 40, &w.tk_alice_bob, &w.signing);
    assert_eq!(status, Status::TooManyTransformBlocks);
}

#[test]
fn transform_refuses_when_its_output_would_exceed_the_limit() {
    let w = world();
    assert_eq!(
        transform(&w.level0, 0, &w.tk_alice_bob, &w.signing).0,
        Status::TooManyTransformBlocks
    );
    let (status, len) = transform(&w.level0, 1, &w.tk_alice_bob, &w.signing);
    assert_eq!(status, Status::Ok);
    assert_eq!(len, w.level1.len());
    assert_eq!(
        transform(&w.level1, 1, &w.tk_bob_carol, &w.signing).0,
        Status::TooManyTransformBlocks
    );
    assert_eq!(
        transform(&w.level1, 2, &w.tk_bob_carol, &w.signing).0,
        Status::Ok
    );
}

#[test]
fn the_block_limit_status_has_a_message() {
    let message = unsafe {
        std::ffi::CStr::from_ptr(recrypt_status_message(
            Status::TooManyTransformBlocks as i32,
        ))
    };
    assert!(message.to_str().unwrap().contains("more transform blocks"));
}

// ---------------------------------------------------------------------------------------------
// Hashed temp keys must lie in G2

/// A point of order 13 on the twist E'(F_p2) (13 divides the cofactor 2p - r): found by
/// `[r (2p - r) / 13] P` for the first twist point P with x in F_p, x = 1, 2, ...
const ORDER_13_TWIST_POINT: &str = "255d1b683b6590764c89e9c8d98954da4be6b567baed11e98322e19df052a4b38d39c1c3dcf08d5732a60d283c9434e5216605135c434d4bf2eddbf25e6fb1eb661f399b7bf1850ee8a1d1ddd227f268e7ac5ea46884d3fb81197cbfc07005c1834327c3b16566ee2ed063a48ff828d76146a2a64e269b5fce157144106a4a01";

fn order_13_point() -> [u8; 128] {
    hex::decode(ORDER_13_TWIST_POINT)
        .unwrap()
        .try_into()
        .unwrap()
}

#[test]
fn the_order_13_point_is_on_the_twist_and_has_order_13() {
    let bytes = order_13_point();
    let x = Fp2::from_bytes_reduced(&bytes[..64]);
    let y = Fp2::from_bytes_reduced(&bytes[64..]);
    let point = Option::<G2Affine>::from(G2Affine::new(x, y)).expect("on the twist");
    let p = point.to_projective();
    assert!(bool::from(p.mul_limbs(&[13, 0, 0, 0]).is_identity()));
    assert!(!bool::from(p.is_identity()));
}

#[test]
fn a_hashed_temp_key_outside_g2_is_refused_at_decoding() {
    let w = world();
    let mut tk = w.tk_alice_bob.clone();
    // The hashed temp key is at offset 514 and not covered by the signature: before the subgroup
    // check this key decoded, verified, and silently corrupted every value it transformed.
    tk[514..642].copy_from_slice(&order_13_point());
    let mut valid = 7u32;
    assert_eq!(
        unsafe { recrypt_transform_key_verify(tk.as_ptr(), tk.len(), &mut valid) },
        Status::DecodeFailed
    );
    assert_eq!(valid, 7);
    assert_eq!(
        transform(&w.level0, 1, &tk, &w.signing).0,
        Status::DecodeFailed
    );
    assert_eq!(
        api256::HashedValue::from_bytes(&order_13_point()).unwrap_err(),
        api256::Error::DecodeFailure
    );
    // Every hashed temp key the scheme makes, augmented or not, is in G2 and decodes.
    let key = encoding::decode_transform_key::<Bn256>(&w.tk_alice_bob).unwrap();
    let augmented = key.augment(&PrivateKey::from_bytes(&[9; 32])).unwrap();
    let round_trip = encoding::encode_transform_key(&augmented);
    assert!(encoding::decode_transform_key::<Bn256>(&round_trip).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Strict Ed25519 public keys

/// The canonical encodings of the eight points of small order on edwards25519.
const SMALL_ORDER_KEYS: [&str; 8] = [
    "0100000000000000000000000000000000000000000000000000000000000000", // identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
    "0000000000000000000000000000000000000000000000000000000000000000", // order 4
    "0000000000000000000000000000000000000000000000000000000000000080", // order 4
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
];

/// Non-canonical encodings (y >= p): y = p (0 mod p), p + 1 (the identity), p + 2, p + 18, and
/// 2^255 - 1, with and without the sign bit.
const NON_CANONICAL_KEYS: [&str; 6] = [
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
];

fn key32(hex_text: &str) -> [u8; 32] {
    hex::decode(hex_text).unwrap().try_into().unwrap()
}

/// R = the identity's encoding, S = 0.
fn constant_signature() -> [u8; 64] {
    let mut signature = [0u8; 64];
    signature[0] = 1;
    signature
}

fn ffi_verify(key: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> u32 {
    let mut valid = 7u32;
    let status = unsafe {
        recrypt_ed25519_verify(
            key.as_ptr(),
            32,
            message.as_ptr(),
            message.len(),
            signature.as_ptr(),
            64,
            &mut valid,
        )
    };
    assert_eq!(status, Status::Ok);
    valid
}

#[test]
fn small_order_and_non_canonical_public_keys_are_not_strict() {
    for key in SMALL_ORDER_KEYS.iter().chain(NON_CANONICAL_KEYS.iter()) {
        assert!(
            !api256::is_strict_ed25519_public_key(&key32(key)),
            "{key} accepted"
        );
    }
    let mut api = Api256::new(OsRandom);
    for _ in 0..64 {
        let pair = api.generate_signing_key_pair().unwrap();
        assert!(api256::is_strict_ed25519_public_key(&pair.public_key()));
    }
}

#[test]
fn the_constant_signature_verifies_for_no_key() {
    let signature = constant_signature();
    let mut api = Api256::new(OsRandom);
    let generated: Vec<[u8; 32]> = (0..8)
        .map(|_| api.generate_signing_key_pair().unwrap().public_key())
        .collect();
    let keys = SMALL_ORDER_KEYS
        .iter()
        .chain(NON_CANONICAL_KEYS.iter())
        .map(|k| key32(k))
        .chain(generated);
    for key in keys {
        for message in [&b""[..], b"pay 100 to mallory", &[0u8; 1000]] {
            assert_eq!(ffi_verify(&key, message, &signature), 0, "{key:02x?}");
            assert!(!api256::ed25519_verify(&key, message, &signature));
        }
    }
}

#[test]
fn key_validation_refuses_weak_and_off_curve_keys_and_accepts_generated_ones() {
    let check = |key: &[u8; 32]| {
        let mut valid = 7u32;
        let status = unsafe { recrypt_ed25519_public_key_is_valid(key.as_ptr(), 32, &mut valid) };
        assert_eq!(status, Status::Ok);
        valid
    };
    for key in SMALL_ORDER_KEYS.iter().chain(NON_CANONICAL_KEYS.iter()) {
        assert_eq!(check(&key32(key)), 0, "{key}");
    }
    let mut off_curve = [0u8; 32];
    off_curve[0] = 2; // y = 2 is not the y of a point
    assert_eq!(check(&off_curve), 0);
    let mut api = Api256::new(OsRandom);
    for _ in 0..16 {
        let key = api.generate_signing_key_pair().unwrap().public_key();
        assert_eq!(check(&key), 1);
    }
    let mut valid = 0u32;
    let short = [0u8; 31];
    assert_eq!(
        unsafe { recrypt_ed25519_public_key_is_valid(short.as_ptr(), 31, &mut valid) },
        Status::InvalidLength
    );
    assert_eq!(
        unsafe { recrypt_ed25519_public_key_is_valid(short.as_ptr(), 32, null_mut()) },
        Status::NullArgument
    );
}

#[test]
fn strict_keys_still_verify_real_signatures() {
    let mut api = Api256::new(OsRandom);
    let pair = api.generate_signing_key_pair().unwrap();
    let signature = pair.sign(b"message");
    assert_eq!(ffi_verify(&pair.public_key(), b"message", &signature), 1);
    assert_eq!(ffi_verify(&pair.public_key(), b"massage", &signature), 0);
}

#[test]
fn values_signed_by_a_small_order_key_are_refused_everywhere() {
    // The encrypted value's and the transform key's signatures are replaced by the constant
    // signature under the identity key; before strict keys, both verified.
    let w = world();
    let identity = key32(SMALL_ORDER_KEYS[0]);
    let mut ev = w.level1.clone();
    ev[482..514].copy_from_slice(&identity);
    ev[514..578].copy_from_slice(&constant_signature());
    let mut valid = 7u32;
    let status = unsafe { recrypt_encrypted_value_verify(ev.as_ptr(), ev.len(), &mut valid) };
    assert_eq!((status, valid), (Status::Ok, 0));
    assert_eq!(
        decrypt(&ev, 1, &w.bob),
        Status::InvalidEncryptedValueSignature
    );

    let mut tk = w.tk_bob_carol.clone();
    tk[642..674].copy_from_slice(&identity);
    tk[674..738].copy_from_slice(&constant_signature());
    let status = unsafe { recrypt_transform_key_verify(tk.as_ptr(), tk.len(), &mut valid) };
    assert_eq!((status, valid), (Status::Ok, 0));
    assert_eq!(
        transform(&w.level1, 2, &tk, &w.signing).0,
        Status::InvalidTransformKeySignature
    );
}

#[test]
fn signing_key_pairs_come_only_from_seeds() {
    // A key pair is seed || public key with the public key recomputed from the seed, so no pair
    // can carry a small-order public key.
    let mut pair = [0u8; 64];
    pair[32..].copy_from_slice(&key32(SMALL_ORDER_KEYS[0]));
    assert!(SigningKeyPair::from_bytes(&pair).is_err());
    let _ = PublicKey::from_bytes(&[0; 64]).unwrap_err();
}
