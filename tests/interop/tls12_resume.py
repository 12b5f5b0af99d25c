#!/usr/bin/env python3
"""A scripted TLS 1.2 client for the resumption tests, on tls12_client.py's
pieces: a full ECDHE handshake that keeps the session (master secret,
session ID, ticket), and a resumption of it spoiled where openssl cannot
spoil one. Talks HTTP/1.1 to `ward serve` on 127.0.0.1.

  tls12_resume.py PORT full FILE ticket|id
      a full handshake offering the SessionTicket extension (ticket) or
      not (id); the session goes to FILE (JSON). Prints
      "full: session_id=N ticket=N ems=0|1" (ems: the ServerHello's
      extended_master_secret), then the HTTP status line. ticket-no-ems
      and id-no-ems leave extended_master_secret out (legacy policy) and
      take the RFC 5246 8.1 master secret.
  tls12_resume.py PORT resume FILE VARIANT
      offers the session of FILE (its ticket if it has one, else its ID):
        ok         as kept
        no-ems     without extended_master_secret (RFC 7627 5.3)
        tamper     the ticket with its last byte flipped
        other-sni  server_name "other.localhost"
        no-suite   the session's suite not offered (AES-256 only)
        bad-finished  resumed, then a Finished with one bit flipped
        no-ccs     resumed, then Finished without ChangeCipherSpec
      Prints "resumed" (ServerHello then ChangeCipherSpec and a Finished
      that verifies: "server finished ok"; "ticket renewed" when a
      NewSessionTicket came with them), "full" (ServerHello then
      Certificate), or "alert: LEVEL DESCRIPTION" / "eof"; then, if
      resumed, the HTTP status line or the (protected) alert.
"""
import hashlib
import json
import os
import struct
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey, X25519PublicKey)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tls12_client import Conn, Keys, ext, hs, prf, record, vec  # noqa: E402

AES128 = 0xC02B
AES256 = 0xC02C
REQUEST = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def hello(random, session_id=b"", ticket=None, ems=True, sni=b"localhost",
          suites=(AES128, AES256)):
    exts = [
        ext(0x0000, vec(2, b"\x00" + vec(2, sni))),
        ext(0x000A, vec(2, struct.pack(">HH", 0x001D, 0x0017))),
        ext(0x000B, vec(1, b"\x00")),
        ext(0x000D, vec(2, struct.pack(">HH", 0x0403, 0x0804))),
        ext(0xFF01, b"\x00"),
    ]
    if ems:
        exts.append(ext(0x0017, b""))
    if ticket is not None:
        exts.append(ext(0x0023, ticket))
    body = (b"\x03\x03" + random + vec(1, session_id) +
            vec(2, b"".join(struct.pack(">H", s) for s in suites)) +
            vec(1, b"\x00") + vec(2, b"".join(exts)))
    return hs(1, body)


class Messages:
    """Handshake messages from plaintext handshake records."""

    def __init__(self, conn):
        self.c, self.pending = conn, b""
        self.other = None  # a non-handshake record met

    def next(self):
        while True:
            p = self.pending
            if len(p) >= 4 and len(p) >= 4 + int.from_bytes(p[1:4], "big"):
                n = 4 + int.from_bytes(p[1:4], "big")
                self.pending = p[n:]
                return p[:n]
            rec = self.c.read_record()
            if rec is None or rec[0] != 22:
                self.other = rec
                return None
            self.pending += rec[5:]


def parse_server_hello(sh):
    sr = sh[6:38]
    sid_len = sh[38]
    sid = sh[39:39 + sid_len]
    suite = int.from_bytes(sh[39 + sid_len:41 + sid_len], "big")
    return sr, sid, suite


def server_hello_extensions(sh):
    at = 39 + sh[38] + 3  # session_id, suite, compression
    codes, exts = [], sh[at + 2:]
    while exts:
        codes.append(int.from_bytes(exts[:2], "big"))
        exts = exts[4 + int.from_bytes(exts[2:4], "big"):]
    return codes


def say_alert(rec):
    if rec is None:
        print("eof")
    elif rec[0] == 21:
        print("alert:", rec[5], rec[6])
    else:
        print("record:", rec[:7].hex(" "))


def http(conn, client, server):
    conn.s.sendall(client.seal(23, REQUEST))
    data = b""
    while True:
        rec = conn.read_record()
        if rec is None:
            break
        plain = server.open(rec)
        if rec[0] == 21:
            break
        if rec[0] == 23:
            data += plain
            if b"\r\n" in data:
                break
    print("http:", data.split(b"\r\n", 1)[0].decode(errors="replace"))


def full(port, path, mode):
    c = Conn(port)
    cr = os.urandom(32)
    ems = not mode.endswith("-no-ems")
    ch = hello(cr, ticket=b"" if mode.startswith("ticket") else None,
               ems=ems)
    c.s.sendall(record(22, ch))
    transcript = ch
    msgs = Messages(c)
    flight = []
    while not flight or flight[-1][0] != 14:
        m = msgs.next()
        if m is None:
            say_alert(msgs.other)
            return
        flight.append(m)
    sr, sid, suite = parse_server_hello(flight[0])
    ske = next(m for m in flight if m[0] == 12)[4:]
    for m in flight:
        transcript += m
    priv = X25519PrivateKey.generate()
    pub = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)
    pms = priv.exchange(X25519PublicKey.from_public_bytes(ske[4:4 + ske[3]]))
    cke = hs(16, vec(1, pub))
    transcript += cke
    if ems:
        master = prf(pms, b"extended master secret",
                     hashlib.sha256(transcript).digest(), 48)
    else:
        master = prf(pms, b"master secret", cr + sr, 48)
    kb = prf(master, b"key expansion", sr + cr, 40)
    client = Keys(kb[0:16], kb[32:36])
    server = Keys(kb[16:32], kb[36:40])
    fin = hs(20, prf(master, b"client finished",
                     hashlib.sha256(transcript).digest(), 12))
    c.s.sendall(record(22, cke) + record(20, b"\x01") + client.seal(22, fin))
    transcript += fin
    ticket = None
    m = msgs.next()
    if m is not None and m[0] == 4:  # NewSessionTicket
        ticket = m[4 + 4 + 2:]
        transcript += m
        m = msgs.next()
    rec = msgs.other
    if rec is None or rec[0] != 20:
        say_alert(rec)
        return
    rec = c.read_record()
    plain = server.open(rec)
    want = prf(master, b"server finished",
               hashlib.sha256(transcript).digest(), 12)
    if plain[4:] != want:
        print("server finished WRONG")
        return
    print("full: session_id=%d ticket=%d ems=%d" %
          (len(sid), len(ticket) if ticket else 0,
           0x0017 in server_hello_extensions(flight[0])))
    with open(path, "w") as f:
        json.dump({"master": master.hex(), "session_id": sid.hex(),
                   "ticket": ticket.hex() if ticket else None,
                   "suite": suite}, f)
    http(c, client, server)


def resume(port, path, variant):
    with open(path) as f:
        s = json.load(f)
    master = bytes.fromhex(s["master"])
    ticket = bytes.fromhex(s["ticket"]) if s["ticket"] else None
    sid = bytes.fromhex(s["session_id"])
    if ticket is not None:
        # RFC 5077 3.4: a session ID of the client's own, echoed on
        # resumption
        sid = os.urandom(32)
        if variant == "tamper":
            ticket = ticket[:-1] + bytes([ticket[-1] ^ 1])
    cr = os.urandom(32)
    ch = hello(cr, session_id=sid, ticket=ticket,
               ems=variant != "no-ems",
               sni=b"other.localhost" if variant == "other-sni"
               else b"localhost",
               suites=(AES256,) if variant == "no-suite"
               else (AES128, AES256))
    c = Conn(port)
    c.s.sendall(record(22, ch))
    transcript = ch
    msgs = Messages(c)
    sh = msgs.next()
    if sh is None:
        say_alert(msgs.other)
        return
    transcript += sh
    sr, echoed, suite = parse_server_hello(sh)
    m = msgs.next()
    if m is not None and m[0] == 11:
        print("full")
        return
    renewed = m is not None and m[0] == 4
    if renewed:  # a new ticket for one of an older key
        transcript += m
        m = msgs.next()
    if m is not None or msgs.other is None or msgs.other[0] != 20:
        say_alert(msgs.other)
        return
    if echoed != sid or suite != s["suite"]:
        print("resumed WRONG: session id or suite differ")
        return
    kb = prf(master, b"key expansion", sr + cr, 40)
    client = Keys(kb[0:16], kb[32:36])
    server = Keys(kb[16:32], kb[36:40])
    plain = server.open(c.read_record())
    want = prf(master, b"server finished",
               hashlib.sha256(transcript).digest(), 12)
    print("resumed")
    if renewed:
        print("ticket renewed")
    print("server finished", "ok" if plain[4:] == want else "WRONG")
    transcript += plain
    vd = prf(master, b"client finished", hashlib.sha256(transcript).digest(),
             12)
    if variant == "bad-finished":
        vd = bytes([vd[0] ^ 1]) + vd[1:]
    ccs = b"" if variant == "no-ccs" else record(20, b"\x01")
    c.s.sendall(ccs + client.seal(22, hs(20, vd)))
    if variant in ("bad-finished", "no-ccs"):
        rec = c.read_record()
        if rec is not None and rec[0] == 21:
            a = server.open(rec)
            print("alert:", a[0], a[1])
        else:
            say_alert(rec)
        return
    http(c, client, server)


if __name__ == "__main__":
    port, what, path, arg = int(sys.argv[1]), sys.argv[2], sys.argv[3], \
        sys.argv[4]
    (full if what == "full" else resume)(port, path, arg)
