/* A C caller of the recrypt C ABI: the whole Transform Encryption story through the generated
 * header. Built and run by tests/abi.rs with both a C and a C++ compiler. Prints "ok". */
#include <stdio.h>
#include <string.h>
#include "recrypt_ffi.h"

#define CHECK(call)                                                                      \
    do {                                                                                 \
        recrypt_status status_ = (call);                                                 \
        if (status_ != RECRYPT_STATUS_OK) {                                              \
            fprintf(stderr, "%s: %s\n", #call, recrypt_status_message(status_));         \
            return 1;                                                                    \
        }                                                                                \
    } while (0)

int main(void) {
    if (recrypt_abi_version() != RECRYPT_ABI_VERSION) {
        fprintf(stderr, "ABI %u, header %u\n", recrypt_abi_version(), (unsigned)RECRYPT_ABI_VERSION);
        return 1;
    }
    struct recrypt_context *ctx = NULL;
    CHECK(recrypt_context_new(&ctx));

    uint8_t alice_private[RECRYPT_PRIVATE_KEY_LEN], alice_public[RECRYPT_PUBLIC_KEY_LEN];
    uint8_t bob_private[RECRYPT_PRIVATE_KEY_LEN], bob_public[RECRYPT_PUBLIC_KEY_LEN];
    uint8_t signing[RECRYPT_SIGNING_KEY_PAIR_LEN], plaintext[RECRYPT_PLAINTEXT_LEN];
    CHECK(recrypt_generate_key_pair(ctx, alice_private, sizeof alice_private, alice_public, sizeof alice_public));
    CHECK(recrypt_generate_key_pair(ctx, bob_private, sizeof bob_private, bob_public, sizeof bob_public));
    CHECK(recrypt_generate_signing_key_pair(ctx, signing, sizeof signing));
    CHECK(recrypt_generate_plaintext(ctx, plaintext, sizeof plaintext));

    /* Two-call size query, then the real call. */
    size_t level0_len = 0;
    recrypt_status query = recrypt_encrypt(ctx, plaintext, sizeof plaintext, alice_public, sizeof alice_public,
                                           signing, sizeof signing, NULL, 0, &level0_len);
    if (query != RECRYPT_STATUS_BUFFER_TOO_SMALL || level0_len != RECRYPT_ENCRYPTED_VALUE_BASE_LEN) {
        fprintf(stderr, "size query: %d, %zu\n", (int)query, level0_len);
        return 1;
    }
    uint8_t level0[RECRYPT_ENCRYPTED_VALUE_BASE_LEN];
    CHECK(recrypt_encrypt(ctx, plaintext, sizeof plaintext, alice_public, sizeof alice_public, signing,
                          sizeof signing, level0, sizeof level0, &level0_len));

    uint8_t transform_key[RECRYPT_TRANSFORM_KEY_LEN];
    CHECK(recrypt_generate_transform_key(ctx, alice_private, sizeof alice_private, bob_public, sizeof bob_public,
                                         signing, sizeof signing, transform_key, sizeof transform_key));
    uint8_t level1[RECRYPT_ENCRYPTED_VALUE_BASE_LEN + RECRYPT_TRANSFORM_BLOCK_LEN];
    size_t level1_len = 0;
    CHECK(recrypt_transform(ctx, level0, level0_len, RECRYPT_MAX_TRANSFORM_BLOCKS, transform_key, sizeof transform_key, signing,
                            sizeof signing, level1, sizeof level1, &level1_len));

    uint8_t decrypted[RECRYPT_PLAINTEXT_LEN];
    CHECK(recrypt_decrypt(level1, level1_len, RECRYPT_MAX_TRANSFORM_BLOCKS, bob_private, sizeof bob_private, decrypted, sizeof decrypted));
    if (memcmp(decrypted, plaintext, sizeof plaintext) != 0) {
        fprintf(stderr, "decrypted plaintext differs\n");
        return 1;
    }
    if (recrypt_decrypt(level1, level1_len, RECRYPT_MAX_TRANSFORM_BLOCKS, alice_private, sizeof alice_private, decrypted, sizeof decrypted) !=
        RECRYPT_STATUS_DECRYPT_FAILED) {
        fprintf(stderr, "Alice decrypted Bob's value\n");
        return 1;
    }
    recrypt_context_free(ctx);
    puts("ok");
    return 0;
}
