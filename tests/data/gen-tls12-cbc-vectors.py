#!/usr/bin/env python3
"""Print the TLS 1.2 CBC records that tests/unit/test_tls_record12_cbc.c
checks ward against, computed with python3-cryptography's AES-CBC and the
standard library's HMAC straight from RFC 5246 6.2.3.1-6.2.3.2 (MAC-then-
encrypt) and RFC 7366 3 (encrypt-then-MAC). The output is pasted into the
test; run this only to change the vectors.

Keys are consecutive bytes: the cipher key from 0x00, the MAC key from
0x40, the IV from 0xa0 (the length each needs).
"""
import hashlib
import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def span(start, n):
    return bytes((start + i) & 0xFF for i in range(n))


def record(key_len, mac, etm, seq, typ, payload, pad):
    """pad: the padding_length byte (pad + 1 bytes of padding in all)."""
    key = span(0x00, key_len)
    mac_key = span(0x40, hashlib.new(mac).digest_size)
    iv = span(0xA0, 16)

    def mac_of(length, data):
        head = seq.to_bytes(8, "big") + bytes([typ]) + b"\x03\x03"
        head += length.to_bytes(2, "big")
        return hmac.new(mac_key, head + data, mac).digest()

    def enc(data):
        assert len(data) % 16 == 0
        e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return e.update(data) + e.finalize()

    padding = bytes([pad]) * (pad + 1)
    if etm:
        c = iv + enc(payload + padding)
        body = c + mac_of(len(c), c)
    else:
        body = iv + enc(payload + mac_of(len(payload), payload) + padding)
    return bytes([typ]) + b"\x03\x03" + len(body).to_bytes(2, "big") + body


def least_pad(covered):
    """The padding_length that ends covered + padding_length bytes (the
    length byte counted in covered) on a block boundary."""
    return -covered % 16


PAYLOAD = b"ward tls 1.2 cbc record"
cases = []
for key_len, mac, etm, seq, typ in [
    (16, "sha1", 0, 0, 23),
    (16, "sha1", 1, 1, 22),
    (32, "sha1", 0, 0x0102030405060708, 21),
    (32, "sha1", 1, 7, 23),
    (16, "sha256", 0, 3, 23),
    (16, "sha256", 1, 0, 22),
    (32, "sha256", 0, 0xFFFFFFFFFFFFFFFE, 23),
    (32, "sha256", 1, 2, 21),
]:
    maclen = hashlib.new(mac).digest_size
    covered = len(PAYLOAD) + 1 + (0 if etm else maclen)
    cases.append((key_len, mac, etm, seq, typ, least_pad(covered), "least"))
    # the longest padding that ends on a block boundary
    for p in range(255, -1, -1):
        if (covered + p) % 16 == 0:
            cases.append((key_len, mac, etm, seq, typ, p, "long"))
            break

for key_len, mac, etm, seq, typ, pad, what in cases:
    rec = record(key_len, mac, etm, seq, typ, PAYLOAD, pad).hex()
    cbc = "WARD_CBC_AES_128" if key_len == 16 else "WARD_CBC_AES_256"
    h = "WARD_HASH_SHA1" if mac == "sha1" else "WARD_HASH_SHA256"
    print(f"    /* {what} padding ({pad}) */")
    print(f"    {{{cbc}, {h}, {etm}, 0x{seq:x}, {typ}, {pad},")
    lines = [rec[i:i + 64] for i in range(0, len(rec), 64)]
    print("     " + "\n     ".join(f'"{x}"' for x in lines) + "},")
