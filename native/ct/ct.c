/* ctgrind: a constant-time check of recrypt-ffi under valgrind memcheck (`build.ps1 ct`).
 *
 * Memcheck tracks "undefined" bytes through every instruction. Marking each secret input undefined
 * (VALGRIND_MAKE_MEM_UNDEFINED) turns it into a secret-flow checker: a branch on a value derived from a
 * secret is reported as "Conditional jump or move depends on uninitialised value(s)", and a memory
 * address derived from one as "Use of uninitialised value". The library's own random draws (private
 * keys, plaintexts, ephemeral and temp keys, Schnorr nonces, Ed25519 seeds) are secrets too: this
 * program answers the getrandom system call itself, with deterministic bytes marked undefined.
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
#include "fixtures.h"

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

/* A private copy of a secret, marked undefined. */
static uint8_t *secret(const uint8_t *bytes, size_t length) {
    uint8_t *copy = malloc(length);
    memcpy(copy, bytes, length);
    VALGRIND_MAKE_MEM_UNDEFINED(copy, length);
    return copy;
}

static const uint8_t CAROL_PRIVATE[32] = {0x3c, 0x1a, 0x77, 0x02, 0x9d, 0x41, 0xe8, 0x5b, 0x60, 0x13, 0xaf,
                                          0x2e, 0x91, 0x4d, 0x07, 0xc6, 0x58, 0x3b, 0xd2, 0x0f, 0x84, 0x6a,
                                          0x19, 0xe7, 0x25, 0xb0, 0x4c, 0x93, 0x0e, 0x71, 0xda, 0x36};

/* `ct --canary`: a deliberate secret-dependent table lookup, which memcheck must report. `build.ps1 ct`
 * runs it first and expects the failure, so a broken setup (valgrind not tracking the marks) cannot
 * pass silently. */
static int canary(void) {
    static const uint8_t table[256] = {1};
    uint8_t *s = secret(FIXTURE_ALICE_PRIVATE, 32);
    volatile uint8_t looked_up = table[s[0]];
    (void)looked_up;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--canary") == 0) {
        return canary();
    }
    recrypt_context *ctx;
    done("context_new", recrypt_context_new(&ctx), &ctx, sizeof ctx);

    uint8_t *alice = secret(FIXTURE_ALICE_PRIVATE, 32);
    uint8_t *bob = secret(FIXTURE_BOB_PRIVATE, 32);
    uint8_t *carol = secret(CAROL_PRIVATE, 32);
    uint8_t *signing = secret(FIXTURE_SIGNING_KEY_PAIR, 64);
    uint8_t *plaintext = secret(FIXTURE_PLAINTEXT, 384);
    uint8_t public_key[64], carol_public[64], private_key[32], pair[64], generated[384], symmetric[32];
    uint8_t transform_key[RECRYPT_TRANSFORM_KEY_LEN], transform_key_bc[RECRYPT_TRANSFORM_KEY_LEN];
    uint8_t level0[RECRYPT_ENCRYPTED_VALUE_BASE_LEN];
    uint8_t level1[RECRYPT_ENCRYPTED_VALUE_BASE_LEN + RECRYPT_TRANSFORM_BLOCK_LEN];
    uint8_t level2[RECRYPT_ENCRYPTED_VALUE_BASE_LEN + 2 * RECRYPT_TRANSFORM_BLOCK_LEN];
    uint8_t decrypted[384], signature[64], sum[32], difference[32], augmented[RECRYPT_TRANSFORM_KEY_LEN];
    size_t length;
    const uint8_t message[] = "message";

    /* Keys and random values. */
    done("generate_key_pair", recrypt_generate_key_pair(ctx, private_key, 32, public_key, 64), public_key, 64);
    VALGRIND_MAKE_MEM_UNDEFINED(private_key, 32); /* the new private key stays secret */
    done("compute_public_key", recrypt_compute_public_key(alice, 32, public_key, 64), public_key, 64);
    done("compute_public_key (carol)", recrypt_compute_public_key(carol, 32, carol_public, 64), carol_public, 64);
    done("generate_plaintext", recrypt_generate_plaintext(ctx, generated, 384), NULL, 0);
    done("generate_signing_key_pair", recrypt_generate_signing_key_pair(ctx, pair, 64), NULL, 0);
    done("add_private_keys", recrypt_add_private_keys(alice, 32, bob, 32, sum, 32), NULL, 0);
    done("subtract_private_keys", recrypt_subtract_private_keys(alice, 32, bob, 32, difference, 32), NULL, 0);
    done("derive_symmetric_key", recrypt_derive_symmetric_key(plaintext, 384, symmetric, 32), NULL, 0);
    done("derive_private_key", recrypt_derive_private_key(plaintext, 384, private_key, 32), NULL, 0);

    /* Encryption, transform keys, transforms, decryption at levels 0, 1 and 2. */
    done("encrypt", recrypt_encrypt(ctx, plaintext, 384, FIXTURE_ALICE_PUBLIC, 64, signing, 64, level0, sizeof level0,
                                    &length), level0, sizeof level0);
    done("generate_transform_key (alice to bob)",
         recrypt_generate_transform_key(ctx, alice, 32, FIXTURE_BOB_PUBLIC, 64, signing, 64, transform_key,
                                        sizeof transform_key), transform_key, sizeof transform_key);
    done("generate_transform_key (bob to carol)",
         recrypt_generate_transform_key(ctx, bob, 32, carol_public, 64, signing, 64, transform_key_bc,
                                        sizeof transform_key_bc), transform_key_bc, sizeof transform_key_bc);
    done("transform (level 0 to 1)",
         recrypt_transform(ctx, level0, sizeof level0, RECRYPT_MAX_TRANSFORM_BLOCKS, transform_key, sizeof transform_key,
                           signing, 64, level1, sizeof level1, &length), level1, sizeof level1);
    done("transform (level 1 to 2)",
         recrypt_transform(ctx, level1, sizeof level1, RECRYPT_MAX_TRANSFORM_BLOCKS, transform_key_bc,
                           sizeof transform_key_bc, signing, 64, level2, sizeof level2, &length), level2, sizeof level2);
    done("decrypt (level 0)", recrypt_decrypt(level0, sizeof level0, 0, alice, 32, decrypted, 384), NULL, 0);
    done("decrypt (level 1)", recrypt_decrypt(level1, sizeof level1, 1, bob, 32, decrypted, 384), NULL, 0);
    done("decrypt (level 2)", recrypt_decrypt(level2, sizeof level2, 2, carol, 32, decrypted, 384), NULL, 0);
    done("augment_transform_key",
         recrypt_augment_transform_key(transform_key, sizeof transform_key, bob, 32, augmented, sizeof augmented),
         augmented, sizeof augmented);

    /* Signatures. */
    done("schnorr_sign", recrypt_schnorr_sign(ctx, alice, 32, FIXTURE_ALICE_PUBLIC, 64, message, sizeof message,
                                              signature, 64), signature, 64);
    done("ed25519_sign", recrypt_ed25519_sign(signing, 64, message, sizeof message, signature, 64), signature, 64);
    done("compute_public_signing_key", recrypt_compute_public_signing_key(signing, 64, public_key, 32), public_key, 32);

    /* The plaintext that came back is the one encrypted (compared after marking both defined). */
    VALGRIND_MAKE_MEM_DEFINED(decrypted, 384);
    VALGRIND_MAKE_MEM_DEFINED(plaintext, 384);
    if (memcmp(decrypted, plaintext, 384) != 0) {
        fprintf(stderr, "ct: level 2 decrypted to another plaintext\n");
        failures++;
    }
    recrypt_context_free(ctx);
    printf("ct: %d operations failed\n", failures);
    return failures == 0 ? 0 : 1;
}
