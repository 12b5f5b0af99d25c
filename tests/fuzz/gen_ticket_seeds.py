#!/usr/bin/env python3
"""Seeds of fuzz_tls_ticket: TLS 1.3 ticket states as src/tls/server13_psk.c
seals them (version 0x14), at the fixture's clock.
  gen_ticket_seeds.py DIR"""
import struct
import sys

NOW = 1780000000


def vec(n, b):
    return len(b).to_bytes(n, "big") + b


def state(suite=0x1301, created=NOW, lifetime=3600, age_add=0x01020304,
          psk=b"\x11" * 32, sni=b"test.example", alpn=b"", early=0,
          identity=b""):
    return (bytes([0x14]) + struct.pack(">HQII", suite, created, lifetime,
                                        age_add) +
            vec(1, psk) + vec(1, sni) + vec(1, alpn) +
            struct.pack(">I", early) + vec(2, identity))


SEEDS = {
    "resumes": state(),
    "resumes-sha384": state(suite=0x1302, psk=b"\x22" * 48),
    "resumes-chacha": state(suite=0x1303),
    "with-identity": state(identity=b"CN=alice\0DNS:alice.example"),
    "early-data": state(early=16384),
    "expired": state(created=NOW - 7200),
    "from-the-future": state(created=NOW + 60),
    "other-name": state(sni=b"other.example"),
    "other-alpn": state(alpn=b"h2"),
    "old-version": bytes([0x13]) + state()[1:],
    "too-long-lifetime": state(lifetime=8 * 86400),
}

for name, data in SEEDS.items():
    with open(f"{sys.argv[1]}/{name}", "wb") as f:
        f.write(data)
