/* ctgrind: a constant-time check of recrypt-ffi under valgrind memcheck (`build.ps1 ct`).
 *
 * Memcheck tracks "undefined" bytes through every instruction. Marking each secret input undefined
 * (VALGRIND_MAKE_MEM_UNDEFINED) turns it into a secret-flow checker: a branch on a value derived from a
 * secret is reported as "Conditional jump or move depends on uninitialised value(s)", and a memory
 * address derived from one as "Use of uninitialised value". The library's own random draws (private
 * keys, plaintexts, ephemeral and temp keys, Schnorr nonces, Ed25519 seeds) are secrets too: this
 * program answers the getrandom system call itself, with deterministic bytes marked undefined.
 *
 * One driver runs the same sequence of operations on each curve (Api256's recrypt_* functions and
 * Api480's recrypt480_*, which have the same signatures), from a table of the curve's functions and
 * sizes; the keys, plaintexts and signing key pair are the library's own random draws, so they are
 * secret from the start.
 *
 * Outputs are marked defined again after each call (they are what the caller receives: a public key,
 * a ciphertext), so only what happens inside the library is judged. `build.ps1 ct` runs this under
 * valgrind with native/ct/ct.supp: every entry there is a branch that reveals only that an input or a
 * result is invalid, explained in the file. Anything else fails.
 *
 * SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <valgrind/memcheck.h>

#include "recrypt_ffi.h"

/* --- the random source: deterministic bytes, marked secret ---------------------------------------- */

static uint64_t random_state = 0x9e3779b97f4a7c15u;

static void secret_random(void *buffer, size_t length) {
    uint8_t *b = buffer;
    for (size_t i = 0; i < length; i++) {
        random_state ^= random_state << 13;
        random_state ^= random_state >> 7;
        random_state ^= random_state << 17;
        b[i] = (uint8_t)random_state;
    }
    VALGRIND_MAKE_MEM_UNDEFINED(buffer, length);
}

/* The getrandom crate asks the kernel through syscall(SYS_getrandom, ...); this definition, in the
 * executable, is the one the library's reference binds to. Other system calls go to libc's. */
long syscall(long number, ...) {
    va_list ap;
    long a[6];
    va_start(ap, number);
    for (int i = 0; i < 6; i++) {
        a[i] = va_arg(ap, long);
    }
    va_end(ap);
    if (number == SYS_getrandom) {
        secret_random((void *)a[0], (size_t)a[1]);
        return a[1];
    }
    static long (*real)(long, ...);
    if (real == NULL) {
        real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
    }
    return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* libc's getrandom(3), in case anything asks through it. */
ssize_t getrandom(void *buffer, size_t length, unsigned int flags) {
    (void)flags;
    secret_random(buffer, length);
    return (ssize_t)length;
}

/* --- helpers ------------------------------------------------------------------------------------ */

static int failures;

/* A call's status and outputs are public: mark them defined, then check the status. */
static void done(const char *what, recrypt_status status, void *output, size_t length) {
    VALGRIND_MAKE_MEM_DEFINED(&status, sizeof status);
    if (output != NULL) {
        VALGRIND_MAKE_MEM_DEFINED(output, length);
    }
    if (status != RECRYPT_STATUS_OK) {
        fprintf(stderr, "ct: %s returned %d\n", what, (int)status);
        failures++;
    }
}

/* --- the operations of one curve ------------------------------------------------------------------ */

/* The secret-touching functions and the sizes of one curve: recrypt_* (Api256) or recrypt480_* (Api480). */
struct curve {
    const char *name;
    size_t private_key, public_key, plaintext, signature, value_base, block, transform_key;
    recrypt_status (*generate_key_pair)(const recrypt_context *, uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*compute_public_key)(const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*generate_plaintext)(const recrypt_context *, uint8_t *, size_t);
    recrypt_status (*add_private_keys)(const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*subtract_private_keys)(const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*derive_symmetric_key)(const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*derive_private_key)(const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*encrypt)(const recrypt_context *, const uint8_t *, size_t, const uint8_t *, size_t,
                              const uint8_t *, size_t, uint8_t *, size_t, size_t *);
    recrypt_status (*generate_transform_key)(const recrypt_context *, const uint8_t *, size_t, const uint8_t *,
                                             size_t, const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*transform)(const recrypt_context *, const uint8_t *, size_t, size_t, const uint8_t *, size_t,
                                const uint8_t *, size_t, uint8_t *, size_t, size_t *);
    recrypt_status (*prepare_transform_key)(const uint8_t *, size_t, recrypt_prepared_transform_key **);
    recrypt_status (*transform_prepared)(const recrypt_context *, const uint8_t *, size_t, size_t,
                                         const recrypt_prepared_transform_key *, const uint8_t *, size_t, uint8_t *,
                                         size_t, size_t *);
    recrypt_status (*decrypt)(const uint8_t *, size_t, size_t, const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*augment_transform_key)(const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *, size_t);
    recrypt_status (*schnorr_sign)(const recrypt_context *, const uint8_t *, size_t, const uint8_t *, size_t,
                                   const uint8_t *, size_t, uint8_t *, size_t);
};

/* The table of a curve whose functions are F_* and whose sizes are K_*_LEN. */
#define CURVE(NAME, F, K)                                                                                      \
    {                                                                                                          \
        NAME, K##_PRIVATE_KEY_LEN, K##_PUBLIC_KEY_LEN, K##_PLAINTEXT_LEN, K##_SCHNORR_SIGNATURE_LEN,           \
            K##_ENCRYPTED_VALUE_BASE_LEN, K##_TRANSFORM_BLOCK_LEN, K##_TRANSFORM_KEY_LEN, F##_generate_key_pair, \
            F##_compute_public_key, F##_generate_plaintext, F##_add_private_keys, F##_subtract_private_keys,   \
            F##_derive_symmetric_key, F##_derive_private_key, F##_encrypt, F##_generate_transform_key,         \
            F##_transform, F##_prepare_transform_key, F##_transform_prepared, F##_decrypt,                     \
            F##_augment_transform_key, F##_schnorr_sign                                                        \
    }

static const struct curve CURVES[] = {
    CURVE("Api256", recrypt, RECRYPT),
    CURVE("Api480", recrypt480, RECRYPT480),
};

static const char *curve_name;

/* done() with the curve's name in the message. */
static void curve_done(const char *what, recrypt_status status, void *output, size_t length) {
    char message[128];
    snprintf(message, sizeof message, "%s %s", curve_name, what);
    done(message, status, output, length);
}

/* A private key of the curve: generated (secret), with its public key (public). */
static void key_pair(const struct curve *c, const recrypt_context *ctx, uint8_t *private_key, uint8_t *public_key) {
    curve_done("generate_key_pair",
               c->generate_key_pair(ctx, private_key, c->private_key, public_key, c->public_key), public_key,
               c->public_key);
    VALGRIND_MAKE_MEM_UNDEFINED(private_key, c->private_key); /* the new private key stays secret */
}

/* Every secret-touching operation of one curve, with a secret signing key pair. */
static void run_curve(const struct curve *c, const recrypt_context *ctx, const uint8_t *signing) {
    curve_name = c->name;
    const size_t pk = c->private_key, pub = c->public_key, pt = c->plaintext, tk = c->transform_key;
    const size_t level0_len = c->value_base, level1_len = level0_len + c->block, level2_len = level1_len + c->block;
    uint8_t *alice = malloc(pk), *bob = malloc(pk), *carol = malloc(pk), *derived = malloc(pk);
    uint8_t *sum = malloc(pk), *difference = malloc(pk);
    uint8_t *alice_public = malloc(pub), *bob_public = malloc(pub), *carol_public = malloc(pub);
    uint8_t *public_key = malloc(pub), *signature = malloc(c->signature), symmetric[RECRYPT_SYMMETRIC_KEY_LEN];
    uint8_t *plaintext = malloc(pt), *decrypted = malloc(pt);
    uint8_t *transform_key = malloc(tk), *transform_key_bc = malloc(tk), *augmented = malloc(tk);
    uint8_t *level0 = malloc(level0_len), *level1 = malloc(level1_len), *level2 = malloc(level2_len);
    size_t length;
    const uint8_t message[] = "message";

    /* Keys and random values. */
    key_pair(c, ctx, alice, alice_public);
    key_pair(c, ctx, bob, bob_public);
    key_pair(c, ctx, carol, carol_public);
    curve_done("compute_public_key", c->compute_public_key(alice, pk, public_key, pub), public_key, pub);
    curve_done("generate_plaintext", c->generate_plaintext(ctx, plaintext, pt), NULL, 0); /* stays secret */
    curve_done("add_private_keys", c->add_private_keys(alice, pk, bob, pk, sum, pk), NULL, 0);
    curve_done("subtract_private_keys", c->subtract_private_keys(alice, pk, bob, pk, difference, pk), NULL, 0);
    curve_done("derive_symmetric_key", c->derive_symmetric_key(plaintext, pt, symmetric, sizeof symmetric), NULL, 0);
    curve_done("derive_private_key", c->derive_private_key(plaintext, pt, derived, pk), NULL, 0);

    /* Encryption, transform keys, transforms, decryption at levels 0, 1 and 2. */
    curve_done("encrypt", c->encrypt(ctx, plaintext, pt, alice_public, pub, signing, RECRYPT_SIGNING_KEY_PAIR_LEN,
                                     level0, level0_len, &length), level0, level0_len);
    curve_done("generate_transform_key (alice to bob)",
               c->generate_transform_key(ctx, alice, pk, bob_public, pub, signing, RECRYPT_SIGNING_KEY_PAIR_LEN,
                                         transform_key, tk), transform_key, tk);
    curve_done("generate_transform_key (bob to carol)",
               c->generate_transform_key(ctx, bob, pk, carol_public, pub, signing, RECRYPT_SIGNING_KEY_PAIR_LEN,
                                         transform_key_bc, tk), transform_key_bc, tk);
    curve_done("transform (level 0 to 1)",
               c->transform(ctx, level0, level0_len, RECRYPT_MAX_TRANSFORM_BLOCKS, transform_key, tk, signing,
                            RECRYPT_SIGNING_KEY_PAIR_LEN, level1, level1_len, &length), level1, level1_len);
    curve_done("transform (level 1 to 2)",
               c->transform(ctx, level1, level1_len, RECRYPT_MAX_TRANSFORM_BLOCKS, transform_key_bc, tk, signing,
                            RECRYPT_SIGNING_KEY_PAIR_LEN, level2, level2_len, &length), level2, level2_len);
    /* The same hop with the key prepared first (its checks are public: only the transform's draws are secret). */
    recrypt_prepared_transform_key *prepared = NULL;
    curve_done("prepare_transform_key (bob to carol)", c->prepare_transform_key(transform_key_bc, tk, &prepared), NULL,
               0);
    curve_done("transform_prepared (level 1 to 2)",
               c->transform_prepared(ctx, level1, level1_len, RECRYPT_MAX_TRANSFORM_BLOCKS, prepared, signing,
                                     RECRYPT_SIGNING_KEY_PAIR_LEN, level2, level2_len, &length), level2, level2_len);
    recrypt_prepared_transform_key_free(prepared);
    curve_done("decrypt (level 0)", c->decrypt(level0, level0_len, 0, alice, pk, decrypted, pt), NULL, 0);
    curve_done("decrypt (level 1)", c->decrypt(level1, level1_len, 1, bob, pk, decrypted, pt), NULL, 0);
    curve_done("decrypt (level 2)", c->decrypt(level2, level2_len, 2, carol, pk, decrypted, pt), NULL, 0);
    curve_done("augment_transform_key", c->augment_transform_key(transform_key, tk, bob, pk, augmented, tk),
               augmented, tk);
    curve_done("schnorr_sign", c->schnorr_sign(ctx, alice, pk, alice_public, pub, message, sizeof message,
                                               signature, c->signature), signature, c->signature);

    /* The plaintext that came back is the one encrypted (compared after marking both defined). */
    VALGRIND_MAKE_MEM_DEFINED(decrypted, pt);
    VALGRIND_MAKE_MEM_DEFINED(plaintext, pt);
    if (memcmp(decrypted, plaintext, pt) != 0) {
        fprintf(stderr, "ct: %s: level 2 decrypted to another plaintext\n", c->name);
        failures++;
    }
    uint8_t *buffers[] = {alice, bob, carol, derived, sum, difference, alice_public, bob_public, carol_public,
                          public_key, signature, plaintext, decrypted, transform_key, transform_key_bc, augmented,
                          level0, level1, level2};
    for (size_t i = 0; i < sizeof buffers / sizeof buffers[0]; i++) {
        free(buffers[i]);
    }
}

/* `ct --canary`: a deliberate secret-dependent table lookup, which memcheck must report. `build.ps1 ct`
 * runs it first and expects the failure, so a broken setup (valgrind not tracking the marks) cannot
 * pass silently. */
static int canary(void) {
    static const uint8_t table[256] = {1};
    uint8_t index;
    secret_random(&index, 1);
    volatile uint8_t looked_up = table[index];
    (void)looked_up;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--canary") == 0) {
        return canary();
    }
    recrypt_context *ctx;
    done("context_new", recrypt_context_new(&ctx), &ctx, sizeof ctx);

    /* The curve-independent Ed25519 operations; the generated signing key pair stays secret. */
    uint8_t signing[RECRYPT_SIGNING_KEY_PAIR_LEN], signature[RECRYPT_ED25519_SIGNATURE_LEN];
    uint8_t public_signing_key[RECRYPT_PUBLIC_SIGNING_KEY_LEN];
    const uint8_t message[] = "message";
    done("generate_signing_key_pair", recrypt_generate_signing_key_pair(ctx, signing, sizeof signing), NULL, 0);
    done("ed25519_sign", recrypt_ed25519_sign(signing, sizeof signing, message, sizeof message, signature,
                                              sizeof signature), signature, sizeof signature);
    done("compute_public_signing_key",
         recrypt_compute_public_signing_key(signing, sizeof signing, public_signing_key, sizeof public_signing_key),
         public_signing_key, sizeof public_signing_key);

    for (size_t i = 0; i < sizeof CURVES / sizeof CURVES[0]; i++) {
        run_curve(&CURVES[i], ctx, signing);
    }
    recrypt_context_free(ctx);
    printf("ct: %d operations failed\n", failures);
    return failures == 0 ? 0 : 1;
}
