#!/usr/bin/env python3
# Writes fuzz/fixtures.h from a built library: python3 fuzz/make_fixtures.py target/release/librecrypt_ffi.so > fuzz/fixtures.h
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
S = ctypes.c_size_t
def buf(n): return (ctypes.c_uint8 * n)()
ctx = ctypes.c_void_p()
assert lib.recrypt_context_new(ctypes.byref(ctx)) == 0
def fixed_private(tag):
    import hashlib
    return bytes(hashlib.sha256(tag).digest())
alice = fixed_private(b"recrypt fuzz alice"); bob = fixed_private(b"recrypt fuzz bob")
def pub(k):
    out = buf(64); assert lib.recrypt_compute_public_key(k, S(32), out, S(64)) == 0; return bytes(out)
alice_pub = pub(alice); bob_pub = pub(bob)
signing = buf(64); assert lib.recrypt_generate_signing_key_pair(ctx, signing, S(64)) == 0; signing = bytes(signing)
pt = buf(384); assert lib.recrypt_generate_plaintext(ctx, pt, S(384)) == 0; pt = bytes(pt)
l = ctypes.c_size_t()
level0 = buf(580); assert lib.recrypt_encrypt(ctx, pt, S(384), alice_pub, S(64), signing, S(64), level0, S(580), ctypes.byref(l)) == 0; level0 = bytes(level0)
tk = buf(738); assert lib.recrypt_generate_transform_key(ctx, alice, S(32), bob_pub, S(64), signing, S(64), tk, S(738)) == 0; tk = bytes(tk)
level1 = buf(580+896); assert lib.recrypt_transform(ctx, level0, S(580), ctypes.c_size_t(65535), tk, S(738), signing, S(64), level1, S(580+896), ctypes.byref(l)) == 0; level1 = bytes(level1)
def arr(name, b):
    lines = []
    for i in range(0, len(b), 16):
        lines.append("    " + ", ".join("0x%02x" % x for x in b[i:i+16]) + ",")
    return "static const uint8_t %s[%d] = {\n%s\n};\n" % (name, len(b), "\n".join(lines))
print("/* Fixed inputs of the fuzz and ct harnesses, made once by the library itself (keys from fixed\n * private keys, the rest from OS randomness). Regenerate only if the encodings change. */")
print("#include <stdint.h>")
for n, b in [("FIXTURE_ALICE_PRIVATE", alice), ("FIXTURE_ALICE_PUBLIC", alice_pub), ("FIXTURE_BOB_PRIVATE", bob), ("FIXTURE_BOB_PUBLIC", bob_pub), ("FIXTURE_SIGNING_KEY_PAIR", signing), ("FIXTURE_PLAINTEXT", pt), ("FIXTURE_LEVEL0", level0), ("FIXTURE_TRANSFORM_KEY", tk), ("FIXTURE_LEVEL1", level1)]:
    print(arr(n, b))
