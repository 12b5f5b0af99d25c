#!/usr/bin/env python3
"""A scripted TLS 1.2 client for the negative interop tests: an ECDHE
(X25519) handshake with the extended master secret, done by hand so that
it can be spoiled where openssl and gnutls cannot be made to spoil it.
Needs python3-cryptography; talks to 127.0.0.1 only.

  tls12_client.py PORT VARIANT [DATA]

prints "record: TYPE HEX..." for each record the server sends after the
client's flight (protected ones opened when the keys allow: "opened: TYPE
HEX...") and "eof" at the end. VARIANT:
  ok               a sound handshake, then "ping" as application data
  bad-finished     verify_data with one bit flipped (decrypt_error)
  bad-record-mac   the Finished record's tag with one bit flipped
  no-ccs           Finished without ChangeCipherSpec before it
  two-ccs          ChangeCipherSpec twice
  early-ccs        ChangeCipherSpec before ClientKeyExchange
  data-before-finished  application data where Finished belongs
  renegotiate      after the handshake, a second ClientHello
  renegotiate-5    five of them in a row
  pings            "ping" after each answer until the server closes (at most
                   64), then "server records: N" (sealed under its key)
  and ClientHellos spoiled as client_hello says (no-ems, fallback-scsv, ...);
  no-ems goes on, under the legacy policy, with the RFC 5246 8.1 master secret

DHE (TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 with ffdhe2048; an RSA
certificate) where the variant starts with "dhe-":
  dhe-ok           a sound handshake, dh_Yc padded to the size of p
  dhe-unpadded     a dh_Yc with a leading zero byte, sent without it
  dhe-z-zero       a Z with a leading zero byte, which the pre-master
                   secret leaves out (RFC 5246 8.1.2)
  dhe-yc-0, dhe-yc-1, dhe-yc-p-1, dhe-yc-p, dhe-yc-wide (p + 2^2048, one
                   byte wider than p), dhe-yc-empty: that dh_Yc
  dhe-group-unknown  supported_groups lists only 0x01ff (an FFDHE code
                   point ward does not know)
  dhe-group-8192   only ffdhe8192 (0x0104), which ward does not take
  dhe-no-ffdhe     only x25519 and secp256r1
  dhe-or-ecdhe-unknown  ECDHE_RSA and DHE_RSA offered, groups x25519 and
                   0x01ff: an ECDHE handshake

Static RSA key exchange (TLS_RSA_WITH_AES_128_GCM_SHA256, the legacy
policy, an RSA certificate): the pre-master secret encrypted to the
certificate's key, sound or spoiled (the client goes on with the secret it
meant to send, so a server that took another fails on its Finished;
rsa-version means the secret with the wrong version):
  rsa-ok           a sound one
  rsa-bad-padding  block type 1 instead of 2
  rsa-no-zero      no zero byte after the padding string
  rsa-short        a sound padding around 47 bytes
  rsa-version      client_version 0x0302 in the pre-master
  rsa-ct-size      a ciphertext one byte shorter than the modulus

CBC (TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, the legacy policy), with
encrypt_then_mac offered (etm) or not (mte), the Finished record sound or
spoiled (RFC 5246 7.2.2: bad padding and a bad MAC are one bad_record_mac):
  cbc-mte-ok, cbc-etm-ok
  cbc-mte-bad-padding, cbc-etm-bad-padding  a padding byte that differs
                   from the others (under a sound MAC with etm)
  cbc-mte-bad-mac, cbc-etm-bad-mac  the MAC with one bit flipped

Heartbeat (RFC 6520), offered with peer_allowed_to_send; after the
handshake the client sends, then "ping" (whose echo comes after any
answer, so that what was not answered shows):
  hb-good          a request with a 15-byte payload
  hb-heartbleed    payload_length 16384 with 1 byte of payload
  hb-response      a response nobody asked for
  hb-five          five requests in a row (ward answers four)
  hb-bad-mode      the extension with mode 3
"""
import hashlib
import hmac
import os
import socket
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey, X25519PublicKey)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives import serialization

TIMEOUT = 5.0
SUITE = 0xC02B  # TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
DHE_SUITE = 0x009E  # TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
ECDHE_RSA_SUITE = 0xC02F  # TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
FFDHE2048 = 0x0100
RSA_SUITE = 0x009C  # TLS_RSA_WITH_AES_128_GCM_SHA256
CBC_SUITE = 0xC023  # TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
HB_PAYLOAD = b"heartbeat hello"
APP_DATA = b"ping"  # or DATA, with \r and \n escapes


def vec(n, body):
    return len(body).to_bytes(n, "big") + body


def ext(code, body):
    return struct.pack(">H", code) + vec(2, body)


def hs(msg_type, body):
    return bytes([msg_type]) + vec(3, body)


def record(ctype, body):
    return bytes([ctype]) + b"\x03\x03" + vec(2, body)


def prf(secret, label, seed, n):
    """RFC 5246 5, P_SHA256."""
    seed = label + seed
    out, a = b"", seed
    while len(out) < n:
        a = hmac.new(secret, a, hashlib.sha256).digest()
        out += hmac.new(secret, a + seed, hashlib.sha256).digest()
    return out[:n]


def client_hello(random, variant="ok"):
    """Like openssl's TLS 1.2 ClientHello, spoiled as the variant asks."""
    groups = struct.pack(">HH", 0x001D, 0x0017)
    suites = [SUITE]
    if variant.startswith("dhe-"):
        suites = [DHE_SUITE]
        groups = {
            "dhe-group-unknown": struct.pack(">H", 0x01FF),
            "dhe-group-8192": struct.pack(">H", 0x0104),
            "dhe-no-ffdhe": struct.pack(">HH", 0x001D, 0x0017),
            "dhe-or-ecdhe-unknown": struct.pack(">HH", 0x001D, 0x01FF),
        }.get(variant, struct.pack(">H", FFDHE2048))
        if variant == "dhe-or-ecdhe-unknown":
            suites = [DHE_SUITE, ECDHE_RSA_SUITE]
    exts = {
        "sni": ext(0x0000, vec(2, b"\x00" + vec(2, b"localhost"))),
        # x25519 for the key exchange; secp256r1 for the certificate
        "groups": ext(0x000A, vec(2, groups)),
        "formats": ext(0x000B, vec(1, b"\x00")),  # uncompressed points
        "sigalgs": ext(0x000D, vec(2, struct.pack(">HH", 0x0403, 0x0804))),
        "reneg": ext(0xFF01, b"\x00"),  # renegotiation_info, empty
        "ems": ext(0x0017, b""),
    }
    if variant.startswith("rsa-"):
        suites = [RSA_SUITE]
    if variant.startswith("cbc-"):
        suites = [CBC_SUITE]
    if variant.startswith("cbc-etm"):
        exts["etm"] = ext(0x0016, b"")
    if variant.startswith("hb-"):
        mode = 3 if variant == "hb-bad-mode" else 1
        exts["heartbeat"] = ext(0x000F, bytes([mode]))
    version = b"\x03\x03"
    compression = b"\x00"
    if variant == "no-ems":
        del exts["ems"]
    elif variant == "no-sig-algs":
        del exts["sigalgs"]
    elif variant == "no-groups":
        del exts["groups"]
    elif variant == "fallback-scsv":  # RFC 7507
        suites.append(0x5600)
    elif variant == "scsv-not-ext":  # RFC 5746 3.3: the SCSV will do
        del exts["reneg"]
        suites.append(0x00FF)
    elif variant == "reneg-not-empty":
        exts["reneg"] = ext(0xFF01, vec(1, bytes(12)))
    elif variant == "compressed-points-only":
        exts["formats"] = ext(0x000B, vec(1, b"\x01"))
    elif variant == "no-null-compression":
        compression = b"\x01"
    elif variant == "tls11":  # legacy_version 0x0302, no supported_versions
        version = b"\x03\x02"
    elif variant == "versions-tls11":  # supported_versions [0x0302]
        exts["versions"] = ext(0x002B, vec(1, b"\x03\x02"))
    elif variant == "versions-tls12":  # supported_versions [0x0303]
        exts["versions"] = ext(0x002B, vec(1, b"\x03\x03"))
    body = (version + random + vec(1, b"") +
            vec(2, b"".join(struct.pack(">H", x) for x in suites)) +
            vec(1, compression) + vec(2, b"".join(exts.values())))
    return hs(1, body)


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port),
                                          timeout=TIMEOUT)
        self.buf = b""

    def read_record(self):
        while True:
            if len(self.buf) >= 5:
                n = 5 + int.from_bytes(self.buf[3:5], "big")
                if len(self.buf) >= n:
                    rec, self.buf = self.buf[:n], self.buf[n:]
                    return rec
            try:
                d = self.s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                d = b""
            if not d:
                return None
            self.buf += d


class Keys:
    def __init__(self, key, salt):
        self.aead, self.salt, self.seq = AESGCM(key), salt, 0

    def seal(self, ctype, plain):
        explicit = struct.pack(">Q", self.seq)
        aad = struct.pack(">QBHH", self.seq, ctype, 0x0303, len(plain))
        self.seq += 1
        return record(ctype, explicit + self.aead.encrypt(
            self.salt + explicit, plain, aad))

    def open(self, rec):
        body = rec[5:]
        aad = struct.pack(">QBHH", self.seq, rec[0], 0x0303,
                          len(body) - 8 - 16)
        self.seq += 1
        return self.aead.decrypt(self.salt + body[:8], body[8:], aad)


def dh_exchange(ske, variant):
    """dh_Yc for the variant, and the pre-master secret (None when the
    server is to refuse the value)."""
    at = 0
    fields = []
    for _ in range(3):
        n = int.from_bytes(ske[at:at + 2], "big")
        fields.append(ske[at + 2:at + 2 + n])
        at += 2 + n
    p, g, ys = (int.from_bytes(f, "big") for f in fields)
    plen = len(fields[0])
    bad = {"dhe-yc-0": 0, "dhe-yc-1": 1, "dhe-yc-p-1": p - 1, "dhe-yc-p": p,
           "dhe-yc-wide": p + (1 << (8 * plen))}
    if variant in bad:
        v = bad[variant]
        return v.to_bytes((v.bit_length() + 7) // 8 or 1, "big"), None
    if variant == "dhe-yc-empty":
        return b"", None
    # up to 5000 tries for a Z or a Yc with a leading zero byte (1 in 256)
    for _ in range(5000):
        x = int.from_bytes(os.urandom(32), "big") | 1 << 255
        yc = pow(g, x, p).to_bytes(plen, "big")
        z = pow(ys, x, p).to_bytes(plen, "big")
        if variant == "dhe-z-zero" and z[0] != 0:
            continue
        if variant == "dhe-unpadded":
            if yc[0] != 0:
                continue
            yc = yc[1:]
        break
    else:
        raise SystemExit("no key with a leading zero in 5000 tries")
    return yc, z.lstrip(b"\x00")


def ske_exchange(ske, variant):
    """(ClientKeyExchange body, pre-master) answering an (EC)DHE
    ServerKeyExchange."""
    if ske[0] == 3:  # named_curve: x25519 (the only one offered)
        server_pub = ske[4:4 + ske[3]]
        priv = X25519PrivateKey.generate()
        pub = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw)
        pms = priv.exchange(X25519PublicKey.from_public_bytes(server_pub))
        return vec(1, pub), pms
    yc, pms = dh_exchange(ske, variant)
    print("dh_Yc bytes:", len(yc), "pre-master bytes:",
          len(pms) if pms else "-")
    return vec(2, yc), pms or bytes(32)  # refused before it matters


class CbcKeys:
    """AES-128-CBC with HMAC-SHA256 (RFC 5246 6.2.3.2; RFC 7366)."""

    def __init__(self, mac_key, key, etm):
        self.mac_key, self.key, self.etm, self.seq = mac_key, key, etm, 0

    def mac(self, ctype, data):
        head = struct.pack(">QBHH", self.seq, ctype, 0x0303, len(data))
        return hmac.new(self.mac_key, head + data, hashlib.sha256).digest()

    def crypt(self, iv, data, encrypt):
        c = Cipher(algorithms.AES(self.key), modes.CBC(iv))
        op = c.encryptor() if encrypt else c.decryptor()
        return op.update(data) + op.finalize()

    def seal(self, ctype, plain, spoil=None):
        iv = os.urandom(16)
        body = plain if self.etm else plain + self.mac(ctype, plain)
        if spoil == "mac" and not self.etm:
            body = body[:-1] + bytes([body[-1] ^ 1])
        n = 15 - len(body) % 16
        padding = bytes([n]) * (n + 1)
        if spoil == "padding":  # the Finished gets 16 bytes of it
            padding = bytes([n ^ 1]) + padding[1:]
        ct = iv + self.crypt(iv, body + padding, True)
        if self.etm:
            tag = self.mac(ctype, ct)
            if spoil == "mac":
                tag = tag[:-1] + bytes([tag[-1] ^ 1])
            ct += tag
        self.seq += 1
        return record(ctype, ct)

    def open(self, rec):
        body = rec[5:]
        if self.etm:
            body = body[:-32]
        plain = self.crypt(body[:16], body[16:], False)
        plain = plain[:-(plain[-1] + 1)]
        if not self.etm:
            plain = plain[:-32]
        self.seq += 1
        return plain


def rsa_encrypt_raw(cert, em):
    """RSA without padding: em is the whole encoded message."""
    pub = cert.public_key().public_numbers()
    k = (pub.n.bit_length() + 7) // 8
    return pow(int.from_bytes(em, "big"), pub.e, pub.n).to_bytes(k, "big")


def rsa_key_exchange(cert, variant):
    """(ClientKeyExchange body, the pre-master the client goes on with)."""
    pms = b"\x03\x03" + os.urandom(46)
    pub = cert.public_key()
    k = (pub.key_size + 7) // 8
    if variant == "rsa-ok":
        return vec(2, pub.encrypt(pms, padding.PKCS1v15())), pms
    if variant == "rsa-ct-size":
        return vec(2, pub.encrypt(pms, padding.PKCS1v15())[1:]), pms
    message, block_type, zero = pms, 2, b"\x00"
    if variant == "rsa-short":
        message = pms[:47]
    elif variant == "rsa-version":
        message = b"\x03\x02" + pms[2:]
    elif variant == "rsa-bad-padding":
        block_type = 1
    elif variant == "rsa-no-zero":
        zero = b"\x01"
    ps = bytes(b % 255 + 1 for b in os.urandom(k - 3 - len(message)))
    em = b"\x00" + bytes([block_type]) + ps + zero + message
    # with the wrong version the client means what it encrypted: a
    # server that does not check the version completes the handshake
    if variant == "rsa-version":
        pms = message
    return vec(2, rsa_encrypt_raw(cert, em)), pms


def heartbeat(msg_type, payload_length, payload, pad=16):
    return bytes([msg_type]) + struct.pack(">H", payload_length) + \
        payload + bytes(pad)


def after_handshake(c, client, variant):
    """What the client sends once the server's Finished is in."""
    if variant == "renegotiate":
        c.s.sendall(client.seal(22, client_hello(os.urandom(32))))
    if variant == "renegotiate-5":  # one more than ward answers
        for _ in range(5):
            c.s.sendall(client.seal(22, client_hello(os.urandom(32))))
    if variant == "hb-good":
        c.s.sendall(client.seal(24, heartbeat(1, len(HB_PAYLOAD),
                                              HB_PAYLOAD)))
    if variant == "hb-heartbleed":  # RFC 6520 4: discarded silently
        c.s.sendall(client.seal(24, heartbeat(1, 16384, b"x")))
    if variant == "hb-response":
        c.s.sendall(client.seal(24, heartbeat(2, len(HB_PAYLOAD),
                                              HB_PAYLOAD)))
    if variant == "hb-five":
        c.s.sendall(b"".join(client.seal(24, heartbeat(1, 1, b"%d" % i))
                             for i in range(5)))
    c.s.sendall(client.seal(23, APP_DATA))


def main(port, variant):
    c = Conn(port)
    cr = os.urandom(32)
    ch = client_hello(cr, variant)
    c.s.sendall(record(22, ch))
    transcript = ch
    # ServerHello .. ServerHelloDone, possibly several to a record
    msgs, pending = [], b""
    while not msgs or msgs[-1][0] != 14:
        rec = c.read_record()
        if rec is None or rec[0] != 22:
            print("record:", rec.hex(" ") if rec else "eof")
            return
        pending += rec[5:]
        while len(pending) >= 4 and \
                len(pending) >= 4 + int.from_bytes(pending[1:4], "big"):
            n = 4 + int.from_bytes(pending[1:4], "big")
            msgs.append(pending[:n])
            pending = pending[n:]
    sh = msgs[0][4:]
    sr = sh[2:34]
    at = 34 + 1 + sh[34] + 3  # session_id, suite, compression
    codes, exts = [], sh[at + 2:]
    while exts:
        codes.append(exts[:2].hex())
        exts = exts[4 + int.from_bytes(exts[2:4], "big"):]
    print("server hello: version", sh[:2].hex(), "suite", sh[at - 3:at - 1]
          .hex(), "extensions", " ".join(codes), "random ends",
          sr[24:].hex())
    print("server flight:", " ".join(str(m[0]) for m in msgs))
    for m in msgs:
        transcript += m
    if variant.startswith("rsa-"):
        certs = next(m for m in msgs if m[0] == 11)[4:]
        leaf = certs[6:6 + int.from_bytes(certs[3:6], "big")]
        cke_body, pms = rsa_key_exchange(
            x509.load_der_x509_certificate(leaf), variant)
    else:
        ske = next(m for m in msgs if m[0] == 12)[4:]
        cke_body, pms = ske_exchange(ske, variant)
    cke = hs(16, cke_body)
    transcript += cke
    if variant == "no-ems":  # legacy policy: RFC 5246 8.1
        master = prf(pms, b"master secret", cr + sr, 48)
    else:
        master = prf(pms, b"extended master secret",
                     hashlib.sha256(transcript).digest(), 48)
    if variant.startswith("cbc-"):
        kb = prf(master, b"key expansion", sr + cr, 96)
        etm = variant.startswith("cbc-etm")
        client = CbcKeys(kb[0:32], kb[64:80], etm)
        server = CbcKeys(kb[32:64], kb[80:96], etm)
    else:
        kb = prf(master, b"key expansion", sr + cr, 40)
        client = Keys(kb[0:16], kb[32:36])
        server = Keys(kb[16:32], kb[36:40])
    vd = prf(master, b"client finished", hashlib.sha256(transcript).digest(),
             12)
    if variant == "bad-finished":
        vd = bytes([vd[0] ^ 1]) + vd[1:]
    fin = hs(20, vd)
    ccs = record(20, b"\x01")
    out = b""
    if variant == "early-ccs":
        out += ccs
    out += record(22, cke)
    if variant not in ("no-ccs", "early-ccs"):
        out += ccs
    if variant == "two-ccs":
        out += ccs
    if variant == "data-before-finished":
        fin_rec = client.seal(23, b"early")
    elif variant.startswith("cbc-") and variant.endswith("-bad-padding"):
        fin_rec = client.seal(22, fin, "padding")
    elif variant.startswith("cbc-") and variant.endswith("-bad-mac"):
        fin_rec = client.seal(22, fin, "mac")
    else:
        fin_rec = client.seal(22, fin)
    if variant == "bad-record-mac":
        fin_rec = fin_rec[:-1] + bytes([fin_rec[-1] ^ 1])
    out += fin_rec
    c.s.sendall(out)
    transcript += fin
    want_server_vd = prf(master, b"server finished",
                         hashlib.sha256(transcript).digest(), 12)
    keyed = False
    while True:
        rec = c.read_record()
        if rec is None:
            if variant == "pings":
                print("server records:", server.seq)
            print("eof")
            return
        print("record:", rec[:7].hex(" "))
        if rec[0] == 20:
            keyed = True
            continue
        if not keyed:
            continue
        plain = server.open(rec)
        print("opened:", rec[0], plain.hex(" "))
        if rec[0] == 22 and plain[0] == 20:
            print("server finished",
                  "ok" if plain[4:] == want_server_vd else "WRONG")
            after_handshake(c, client, variant)
        elif rec[0] == 24:
            n = int.from_bytes(plain[1:3], "big")
            print("heartbeat: type", plain[0], "payload", plain[3:3 + n],
                  "padding", len(plain) - 3 - n,
                  "fresh" if plain[3 + n:] != bytes(len(plain) - 3 - n)
                  else "zeros")
        elif rec[0] == 23:
            print("application data:", plain.decode(errors="replace")
                  .splitlines()[-1])
            if variant == "pings" and server.seq < 64:
                c.s.sendall(client.seal(23, b"ping"))
            else:
                c.s.sendall(client.seal(21, b"\x01\x00"))


if __name__ == "__main__":
    if len(sys.argv) > 3:
        APP_DATA = sys.argv[3].replace("\\r", "\r").replace(
            "\\n", "\n").encode()
    main(int(sys.argv[1]), sys.argv[2])
