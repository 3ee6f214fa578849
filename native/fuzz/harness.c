/* libFuzzer harness over the C ABI of recrypt-ffi (`build.ps1 fuzz`; replayed by tests/fuzz_replay.rs).
 * Targets 0-19 are Api256's; 20-25 reach Api480's decoders and, through them, its pairing code.
 *
 * The first input byte picks a target, the rest is the target's input. Every C ABI entry point and
 * every decoder is reached: encrypted values, transform keys (encoded and prepared), public keys,
 * IronCore transform-key bytes, signatures (Ed25519, Schnorr), private-key arithmetic, decrypt and
 * transform on fixed keys.
 * The "re-sign" targets sign a mutated value with the fixture's signing key before using it, so
 * mutations get past the signature check and reach the pairing code.
 *
 * Any status outside the documented set, a RECRYPT_STATUS_PANIC, or a broken invariant (a value
 * that decrypts must decrypt to the fixture plaintext; an output length that differs from the
 * reported one) aborts: libFuzzer records the input as a crash.
 *
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recrypt_ffi.h"
#include "fixtures.h"

#define MAX_VALUE (RECRYPT_ENCRYPTED_VALUE_BASE_LEN + 4 * RECRYPT_TRANSFORM_BLOCK_LEN)
/* A small limit keeps one execution to a few pairings; the limit itself is fuzzed by target 17. */
#define FUZZ_MAX_BLOCKS 3

static recrypt_context *ctx;

static void fail(const char *what, int status) {
    fprintf(stderr, "recrypt fuzz: %s (status %d)\n", what, status);
    abort();
}

/* Every status a call may return for bad input; anything else (a panic above all) is a bug. */
static void check(const char *what, recrypt_status status) {
    switch (status) {
    case RECRYPT_STATUS_OK:
    case RECRYPT_STATUS_NULL_ARGUMENT:
    case RECRYPT_STATUS_INVALID_LENGTH:
    case RECRYPT_STATUS_BUFFER_TOO_SMALL:
    case RECRYPT_STATUS_MALFORMED_ENCODING:
    case RECRYPT_STATUS_UNSUPPORTED_ENCODING_VERSION:
    case RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS:
    case RECRYPT_STATUS_INVALID_PUBLIC_KEY:
    case RECRYPT_STATUS_INVALID_ENCRYPTED_VALUE_SIGNATURE:
    case RECRYPT_STATUS_INVALID_TRANSFORM_KEY_SIGNATURE:
    case RECRYPT_STATUS_DECRYPT_FAILED:
    case RECRYPT_STATUS_DECODE_FAILED:
    case RECRYPT_STATUS_INVALID_SIGNING_KEY_PAIR:
        return;
    default:
        fail(what, status);
    }
}

static void ensure_context(void) {
    if (ctx == NULL && recrypt_context_new(&ctx) != RECRYPT_STATUS_OK) {
        fail("recrypt_context_new", -1);
    }
}

/* Reads the next `n` bytes (fewer at the end). */
typedef struct {
    const uint8_t *p;
    size_t left;
} reader;

static size_t take(reader *r, const uint8_t **out, size_t n) {
    if (n > r->left) {
        n = r->left;
    }
    *out = r->p;
    r->p += n;
    r->left -= n;
    return n;
}

static uint8_t take_byte(reader *r) {
    const uint8_t *b;
    return take(r, &b, 1) == 1 ? b[0] : 0;
}

/* Re-signs an encrypted value in place with the fixture signing key: the signature covers
 * psk || bytes 2..482 || the blocks (canonical encodings; a mutated non-canonical field just fails). */
static void resign_encrypted_value(uint8_t *value, size_t len) {
    static uint8_t message[RECRYPT_PUBLIC_SIGNING_KEY_LEN + MAX_VALUE];
    if (len < RECRYPT_ENCRYPTED_VALUE_BASE_LEN || len > MAX_VALUE) {
        return;
    }
    const uint8_t *psk = FIXTURE_SIGNING_KEY_PAIR + 32;
    size_t n = 0;
    memcpy(message, psk, 32);
    n += 32;
    memcpy(message + n, value + 2, 480);
    n += 480;
    memcpy(message + n, value + RECRYPT_ENCRYPTED_VALUE_BASE_LEN, len - RECRYPT_ENCRYPTED_VALUE_BASE_LEN);
    n += len - RECRYPT_ENCRYPTED_VALUE_BASE_LEN;
    memcpy(value + 482, psk, 32);
    check("ed25519_sign (re-sign value)",
          recrypt_ed25519_sign(FIXTURE_SIGNING_KEY_PAIR, 64, message, n, value + 514, 64));
}

/* Re-signs a transform key in place: the signature covers psk || bytes 2..514. */
static void resign_transform_key(uint8_t *key, size_t len) {
    uint8_t message[32 + 512];
    if (len != RECRYPT_TRANSFORM_KEY_LEN) {
        return;
    }
    memcpy(message, FIXTURE_SIGNING_KEY_PAIR + 32, 32);
    memcpy(message + 32, key + 2, 512);
    memcpy(key + 642, FIXTURE_SIGNING_KEY_PAIR + 32, 32);
    check("ed25519_sign (re-sign key)", recrypt_ed25519_sign(FIXTURE_SIGNING_KEY_PAIR, 64, message, sizeof message, key + 674, 64));
}

static recrypt_status decrypt(const uint8_t *value, size_t len, size_t max_blocks, const uint8_t *key, uint8_t *plaintext) {
    recrypt_status s = recrypt_decrypt(value, len, max_blocks, key, 32, plaintext, RECRYPT_PLAINTEXT_LEN);
    check("decrypt", s);
    return s;
}

static recrypt_status transform(const uint8_t *value, size_t len, size_t max_blocks, const uint8_t *key, size_t key_len,
                                uint8_t *out, size_t capacity, size_t *out_len) {
    ensure_context();
    recrypt_status s = recrypt_transform(ctx, value, len, max_blocks, key, key_len, FIXTURE_SIGNING_KEY_PAIR, 64, out,
                                         capacity, out_len);
    check("transform", s);
    if (s == RECRYPT_STATUS_OK && *out_len != len + RECRYPT_TRANSFORM_BLOCK_LEN) {
        fail("transform wrote an unexpected length", (int)*out_len);
    }
    return s;
}

/* The value transformed with the key bytes prepared first: the preparation must fail exactly as the
 * transform of the encoding did (`expected`, for the same value), and then the prepared transform
 * must succeed with the same length. */
static void transform_prepared(const uint8_t *value, size_t len, const uint8_t *key, size_t key_len,
                               recrypt_status expected, uint8_t *out, size_t capacity, size_t *out_len) {
    recrypt_prepared_transform_key *prepared = NULL;
    recrypt_status s = recrypt_prepare_transform_key(key, key_len, &prepared);
    check("prepare_transform_key", s);
    if (s != RECRYPT_STATUS_OK) {
        if (prepared != NULL || s != expected) {
            fail("prepare_transform_key refused a key unlike transform", s);
        }
        return;
    }
    s = recrypt_transform_prepared(ctx, value, len, FUZZ_MAX_BLOCKS, prepared, FIXTURE_SIGNING_KEY_PAIR, 64, out, capacity,
                                   out_len);
    recrypt_prepared_transform_key_free(prepared);
    check("transform_prepared", s);
    if (s != expected || (s == RECRYPT_STATUS_OK && *out_len != len + RECRYPT_TRANSFORM_BLOCK_LEN)) {
        fail("transform_prepared differs from transform", s);
    }
}

/* Level-0 values the fixture plaintext was encrypted to Alice, and level-1 ones to Bob. When a
 * (re-signed) value decrypts with the right key, it must give the fixture plaintext unless the
 * mutation changed the ciphertext in a way the auth hash cannot see (it sees every change). */
static void expect_plaintext_if_ok(recrypt_status s, const uint8_t *plaintext, const uint8_t *value, size_t len,
                                   const uint8_t *reference, size_t reference_len) {
    if (s == RECRYPT_STATUS_OK && len == reference_len && memcmp(value, reference, 482) == 0 &&
        memcmp(plaintext, FIXTURE_PLAINTEXT, RECRYPT_PLAINTEXT_LEN) != 0) {
        fail("an unaltered ciphertext decrypted to another plaintext", 0);
    }
}

/* RECRYPT_FUZZ_TARGETS="0,1,2" restricts a run to some targets (`build.ps1 fuzz` runs the cheap
 * decoders and the pairing operations as two fuzzers, one per core, so that the decoders are not
 * starved by targets a thousand times slower). An input whose first byte names another target is
 * given to an allowed one, so every execution does a target's work; the committed seeds of the
 * allowed targets keep their meaning. Unset: every target. */
#define TARGETS 26
static uint8_t allowed[TARGETS];
static size_t allowed_count;
static uint32_t allowed_mask;

static void read_allowed_targets(void) {
    static int done;
    if (done) {
        return;
    }
    done = 1;
    const char *list = getenv("RECRYPT_FUZZ_TARGETS");
    while (list != NULL && *list != '\0') {
        char *end;
        long t = strtol(list, &end, 10);
        if (end == list || t < 0 || t >= TARGETS) {
            fprintf(stderr, "RECRYPT_FUZZ_TARGETS: expected numbers 0 to %d separated by commas\n", TARGETS - 1);
            exit(2);
        }
        if (!(allowed_mask & (1u << t))) {
            allowed_mask |= 1u << t;
            allowed[allowed_count++] = (uint8_t)t;
        }
        list = *end == ',' ? end + 1 : end;
    }
}

static uint8_t pick_target(uint8_t byte) {
    read_allowed_targets();
    uint8_t target = byte % TARGETS;
    if (allowed_count == 0 || (allowed_mask & (1u << target))) {
        return target;
    }
    return allowed[byte % allowed_count];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static uint8_t value[MAX_VALUE + RECRYPT_TRANSFORM_BLOCK_LEN];
    static uint8_t out[MAX_VALUE + RECRYPT_TRANSFORM_BLOCK_LEN];
    uint8_t plaintext[RECRYPT_PLAINTEXT_LEN], key[RECRYPT_TRANSFORM_KEY_LEN], small[128];
    uint8_t plaintext480[RECRYPT480_PLAINTEXT_LEN];
    /* Any 60 bytes are an Api480 private key (reduced mod p). */
    static const uint8_t key480[RECRYPT480_PRIVATE_KEY_LEN] = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    uint32_t valid = 0;
    size_t out_len = 0;
    reader r = {data, size};
    const uint8_t *a, *b, *c;
    size_t na, nb, nc;
    recrypt_status s;
    recrypt_prepared_transform_key *prepared;

    if (size == 0) {
        return 0;
    }
    uint8_t target = pick_target(take_byte(&r));
    switch (target) {
    case 0: /* encrypted value decoder */
        check("encrypted_value_verify", recrypt_encrypted_value_verify(r.p, r.left, &valid));
        break;
    case 1: /* transform key decoder */
        check("transform_key_verify", recrypt_transform_key_verify(r.p, r.left, &valid));
        break;
    case 2: /* IronCore transform-key bytes */
        check("transform_key_to_bytes", recrypt_transform_key_to_bytes(r.p, r.left, out, sizeof out));
        break;
    case 3: /* public key decoder and augmentation */
        na = take(&r, &a, 64);
        check("public_key_canonicalize", recrypt_public_key_canonicalize(a, na, small, 64));
        nb = take(&r, &b, 64);
        check("augment_public_key", recrypt_augment_public_key(a, na, b, nb, small, 64));
        break;
    case 4: /* Ed25519 verification: key, signature, message */
        na = take(&r, &a, 32);
        nb = take(&r, &b, 64);
        check("ed25519_public_key_is_valid", recrypt_ed25519_public_key_is_valid(a, na, &valid));
        check("ed25519_verify", recrypt_ed25519_verify(a, na, r.p, r.left, b, nb, &valid));
        break;
    case 5: /* Schnorr verification: public key, signature, augmenting key or none, message */
        na = take(&r, &a, 64);
        nb = take(&r, &b, 64);
        nc = take(&r, &c, take_byte(&r) & 1 ? 32 : 0);
        check("schnorr_verify", recrypt_schnorr_verify(a, na, c, nc, r.p, r.left, b, nb, &valid));
        break;
    case 6: /* decrypt any bytes with Bob's key */
        decrypt(r.p, r.left, FUZZ_MAX_BLOCKS, FIXTURE_BOB_PRIVATE, plaintext);
        break;
    case 7: /* transform any bytes with the fixture transform key */
        transform(r.p, r.left, FUZZ_MAX_BLOCKS, FIXTURE_TRANSFORM_KEY, sizeof FIXTURE_TRANSFORM_KEY, out, sizeof out, &out_len);
        break;
    case 8: /* the fixture level-0 value transformed with any bytes as the key, encoded and prepared */
        s = transform(FIXTURE_LEVEL0, sizeof FIXTURE_LEVEL0, FUZZ_MAX_BLOCKS, r.p, r.left, out, sizeof out, &out_len);
        transform_prepared(FIXTURE_LEVEL0, sizeof FIXTURE_LEVEL0, r.p, r.left, s, out, sizeof out, &out_len);
        break;
    case 9: /* augment any transform key */
        check("augment_transform_key",
              recrypt_augment_transform_key(r.p, r.left, FIXTURE_BOB_PRIVATE, 32, key, sizeof key));
        break;
    case 10: /* re-signed encrypted value, decrypted by Alice (level 0) or Bob (level 1) */
    case 11:
        if (r.left > MAX_VALUE) {
            break;
        }
        memcpy(value, r.p, r.left);
        resign_encrypted_value(value, r.left);
        s = decrypt(value, r.left, FUZZ_MAX_BLOCKS, target == 10 ? FIXTURE_ALICE_PRIVATE : FIXTURE_BOB_PRIVATE,
                    plaintext);
        if (target == 10) {
            expect_plaintext_if_ok(s, plaintext, value, r.left, FIXTURE_LEVEL0, sizeof FIXTURE_LEVEL0);
        } else {
            expect_plaintext_if_ok(s, plaintext, value, r.left, FIXTURE_LEVEL1, sizeof FIXTURE_LEVEL1);
        }
        break;
    case 12: /* re-signed encrypted value, transformed, then decrypted by Bob */
        if (r.left > MAX_VALUE) {
            break;
        }
        memcpy(value, r.p, r.left);
        resign_encrypted_value(value, r.left);
        if (transform(value, r.left, FUZZ_MAX_BLOCKS, FIXTURE_TRANSFORM_KEY, sizeof FIXTURE_TRANSFORM_KEY, out, sizeof out,
                      &out_len) == RECRYPT_STATUS_OK) {
            decrypt(out, out_len, FUZZ_MAX_BLOCKS, FIXTURE_BOB_PRIVATE, plaintext);
        }
        break;
    case 13: /* re-signed transform key applied to the fixture level-0 value, then Bob decrypts */
        if (r.left != RECRYPT_TRANSFORM_KEY_LEN) {
            break;
        }
        memcpy(key, r.p, r.left);
        resign_transform_key(key, r.left);
        check("transform_key_verify", recrypt_transform_key_verify(key, sizeof key, &valid));
        if (transform(FIXTURE_LEVEL0, sizeof FIXTURE_LEVEL0, FUZZ_MAX_BLOCKS, key, sizeof key, out, sizeof out, &out_len) ==
            RECRYPT_STATUS_OK) {
            decrypt(out, out_len, FUZZ_MAX_BLOCKS, FIXTURE_BOB_PRIVATE, plaintext);
        }
        break;
    case 14: /* private-key arithmetic and public keys of any 32 bytes */
        na = take(&r, &a, 32);
        nb = take(&r, &b, 32);
        check("compute_public_key", recrypt_compute_public_key(a, na, small, 64));
        check("add_private_keys", recrypt_add_private_keys(a, na, b, nb, small, 32));
        check("subtract_private_keys", recrypt_subtract_private_keys(a, na, b, nb, small, 32));
        break;
    case 15: /* plaintexts: derived keys, and encryption of any plaintext to any public key */
        na = take(&r, &a, 384);
        nb = take(&r, &b, 64);
        check("derive_symmetric_key", recrypt_derive_symmetric_key(a, na, small, 32));
        check("derive_private_key", recrypt_derive_private_key(a, na, small, 32));
        ensure_context();
        check("encrypt", recrypt_encrypt(ctx, a, na, b, nb, FIXTURE_SIGNING_KEY_PAIR, 64, out, sizeof out, &out_len));
        break;
    case 16: /* transform keys from any private key to any public key */
        na = take(&r, &a, 32);
        nb = take(&r, &b, 64);
        ensure_context();
        check("generate_transform_key", recrypt_generate_transform_key(ctx, a, na, b, nb, FIXTURE_SIGNING_KEY_PAIR, 64,
                                                                       key, sizeof key));
        break;
    case 17: { /* the block limit and output capacities, on the fixture values */
        size_t max_blocks = take_byte(&r);
        size_t capacity = (size_t)take_byte(&r) * 16;
        const uint8_t *v = take_byte(&r) & 1 ? FIXTURE_LEVEL1 : FIXTURE_LEVEL0;
        size_t v_len = v == FIXTURE_LEVEL1 ? sizeof FIXTURE_LEVEL1 : sizeof FIXTURE_LEVEL0;
        s = recrypt_decrypt(v, v_len, max_blocks, v == FIXTURE_LEVEL1 ? FIXTURE_BOB_PRIVATE : FIXTURE_ALICE_PRIVATE, 32,
                            plaintext, capacity > sizeof plaintext ? sizeof plaintext : capacity);
        check("decrypt (limits)", s);
        if (s == RECRYPT_STATUS_OK && memcmp(plaintext, FIXTURE_PLAINTEXT, sizeof plaintext) != 0) {
            fail("a fixture value decrypted to another plaintext", 0);
        }
        if (v == FIXTURE_LEVEL0) {
            ensure_context();
            s = recrypt_transform(ctx, v, v_len, max_blocks, FIXTURE_TRANSFORM_KEY, sizeof FIXTURE_TRANSFORM_KEY,
                                  FIXTURE_SIGNING_KEY_PAIR, 64, out, capacity > sizeof out ? sizeof out : capacity, &out_len);
            check("transform (limits)", s);
        }
        break;
    }
    case 18: /* signing key pairs and Ed25519 signing */
        na = take(&r, &a, 64);
        check("compute_public_signing_key", recrypt_compute_public_signing_key(a, na, small, 32));
        check("ed25519_sign", recrypt_ed25519_sign(a, na, r.p, r.left, small, 64));
        break;
    case 19: /* Schnorr signing with any key for any public key, and hashing */
        na = take(&r, &a, 32);
        nb = take(&r, &b, 64);
        ensure_context();
        check("schnorr_sign", recrypt_schnorr_sign(ctx, a, na, b, nb, r.p, r.left, small, 64));
        check("hash256", recrypt_hash256(r.p, r.left, small, 32));
        break;
    /* Api480: its decoders, and the pairing code behind them. */
    case 20: /* Api480 encrypted value decoder */
        check("480 encrypted_value_verify", recrypt480_encrypted_value_verify(r.p, r.left, &valid));
        break;
    case 21: /* Api480 transform key decoder, preparation, IronCore bytes and augmentation */
        check("480 transform_key_verify", recrypt480_transform_key_verify(r.p, r.left, &valid));
        prepared = NULL;
        s = recrypt480_prepare_transform_key(r.p, r.left, &prepared);
        check("480 prepare_transform_key", s);
        if ((s == RECRYPT_STATUS_OK) != (prepared != NULL)) {
            fail("480 prepare_transform_key wrote a key exactly when it failed", s);
        }
        recrypt_prepared_transform_key_free(prepared);
        check("480 transform_key_to_bytes", recrypt480_transform_key_to_bytes(r.p, r.left, out, sizeof out));
        check("480 augment_transform_key",
              recrypt480_augment_transform_key(r.p, r.left, key480, sizeof key480, out, sizeof out));
        break;
    case 22: /* Api480 public key decoder and augmentation */
        na = take(&r, &a, RECRYPT480_PUBLIC_KEY_LEN);
        check("480 public_key_canonicalize", recrypt480_public_key_canonicalize(a, na, small, sizeof small));
        nb = take(&r, &b, RECRYPT480_PUBLIC_KEY_LEN);
        check("480 augment_public_key", recrypt480_augment_public_key(a, na, b, nb, small, sizeof small));
        break;
    case 23: /* Api480 Schnorr verification: public key, signature, augmenting key or none, message */
        na = take(&r, &a, RECRYPT480_PUBLIC_KEY_LEN);
        nb = take(&r, &b, RECRYPT480_SCHNORR_SIGNATURE_LEN);
        nc = take(&r, &c, take_byte(&r) & 1 ? RECRYPT480_PRIVATE_KEY_LEN : 0);
        check("480 schnorr_verify", recrypt480_schnorr_verify(a, na, c, nc, r.p, r.left, b, nb, &valid));
        break;
    case 24: /* Api480 private keys, public keys, plaintexts and derived keys of any bytes */
        na = take(&r, &a, RECRYPT480_PRIVATE_KEY_LEN);
        nb = take(&r, &b, RECRYPT480_PRIVATE_KEY_LEN);
        check("480 compute_public_key", recrypt480_compute_public_key(a, na, small, sizeof small));
        check("480 add_private_keys", recrypt480_add_private_keys(a, na, b, nb, small, sizeof small));
        check("480 subtract_private_keys", recrypt480_subtract_private_keys(a, na, b, nb, small, sizeof small));
        check("480 derive_symmetric_key", recrypt480_derive_symmetric_key(r.p, r.left, small, 32));
        check("480 derive_private_key", recrypt480_derive_private_key(r.p, r.left, small, sizeof small));
        break;
    case 25: /* Api480 decrypt of any bytes */
        check("480 decrypt", recrypt480_decrypt(r.p, r.left, FUZZ_MAX_BLOCKS, key480, sizeof key480, plaintext480,
                                                sizeof plaintext480));
        break;
    }
    return 0;
}
