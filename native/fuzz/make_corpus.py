#!/usr/bin/env python3
# Writes the seed corpus fuzz/corpus/ from fuzz/fixtures.h: for every harness target (the first
# byte), valid inputs built from the fixtures, so the fuzzer starts past the decoders.
import hashlib, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
text = open(os.path.join(here, "fixtures.h")).read()
fx = {m.group(1): bytes(int(b, 16) for b in re.findall(r"0x([0-9a-f]{2})", m.group(2)))
      for m in re.finditer(r"static const uint8_t (\w+)\[\d+\] = \{(.*?)\};", text, re.S)}
alice, alice_pub = fx["FIXTURE_ALICE_PRIVATE"], fx["FIXTURE_ALICE_PUBLIC"]
bob, bob_pub = fx["FIXTURE_BOB_PRIVATE"], fx["FIXTURE_BOB_PUBLIC"]
signing, pt = fx["FIXTURE_SIGNING_KEY_PAIR"], fx["FIXTURE_PLAINTEXT"]
level0, tk, level1 = fx["FIXTURE_LEVEL0"], fx["FIXTURE_TRANSFORM_KEY"], fx["FIXTURE_LEVEL1"]
psk, sig0 = level0[482:514], level0[514:578]
g480 = bytes(59) + b"\x01" + bytes(59) + b"\x02"  # G_P = (1, 2) on the 480-bit curve

seeds = {
    0: [level0, level1], 1: [tk], 2: [tk], 3: [alice_pub + bob_pub],
    4: [psk + sig0 + b"message"], 5: [alice_pub + bytes(64) + b"\x00" + b"message"],
    6: [level1, level0], 7: [level0], 8: [tk], 9: [tk],
    10: [level0], 11: [level1], 12: [level0], 13: [tk],
    14: [alice + bob], 15: [pt + bob_pub], 16: [alice + bob_pub],
    17: [b"\x01\x18\x01", b"\x00\x18\x00", b"\x03\x5c\x00"],
    18: [signing + b"message"], 19: [alice + alice_pub + b"message"],
    # Api480 (no fixtures of its own): framed encodings of the right lengths, the generator (1, 2)
    # as a public key, and keys and plaintexts of the right sizes.
    20: [bytes([1, 0x11]) + bytes(970)], 21: [bytes([1, 0x12]) + bytes(1296)],
    22: [g480 + g480], 23: [g480 + bytes(120) + b"\x00" + b"message"],
    24: [bytes(59) + b"\x05" + bytes(59) + b"\x07" + bytes(720)], 25: [bytes([1, 0x11]) + bytes(970)],
}
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)
for target, inputs in seeds.items():
    for data in inputs:
        data = bytes([target]) + data
        name = "%02d-%s" % (target, hashlib.sha1(data).hexdigest()[:16])
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
print("wrote", sum(len(v) for v in seeds.values()), "seeds to", out)
