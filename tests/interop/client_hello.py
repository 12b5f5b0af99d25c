#!/usr/bin/env python3
"""An independent reading of a TLS client's first flight: listen on
127.0.0.1, take one connection, read its ClientHello record(s) and decode
the message field by field with this file's own parser (RFC 8446 4.1.2,
4.2; RFC 6066 3; RFC 7301), then close. Standard library only; nothing of
ward's codec is used.

  client_hello.py
      Print "listening PORT", then one "field: value" line per field
      (u16 values as 4 hex digits, in wire order). Every length must fit
      exactly; a malformed or doubtful hello prints "error: WHY" and exits 1.
"""
import socket
import struct
import sys

TIMEOUT = 10


class Bad(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise Bad(f"{n} bytes wanted at {self.at}, {self.left()} left")
        b = self.data[self.at : self.at + n]
        self.at += n
        return b

    def u(self, n):
        return int.from_bytes(self.take(n), "big")

    def vec(self, len_bytes, lo=0, hi=None):
        n = self.u(len_bytes)
        if n < lo or (hi is not None and n > hi):
            raise Bad(f"vector length {n} outside [{lo}, {hi}]")
        return Reader(self.take(n))

    def left(self):
        return len(self.data) - self.at

    def end(self, what):
        if self.left():
            raise Bad(f"{self.left()} bytes left over in {what}")


def u16_list(r, what):
    if r.left() % 2:
        raise Bad(f"{what}: odd length")
    out = []
    while r.left():
        out.append(r.u(2))
    if len(set(out)) != len(out):
        raise Bad(f"{what}: a value twice")
    return out


def hexes(values):
    return " ".join(f"{v:04x}" for v in values)


def read_exactly(s, n):
    b = b""
    while len(b) < n:
        chunk = s.recv(n - len(b))
        if not chunk:
            raise Bad("EOF inside a record")
        b += chunk
    return b


def read_hello(s):
    """The ClientHello message, gathered from as many handshake records as
    it spans; and the first record's header fields."""
    msg, first = b"", None
    while True:
        ctype, version, length = struct.unpack(">BHH", read_exactly(s, 5))
        if first is None:
            first = (ctype, version)
        if ctype != 22:
            raise Bad(f"record type {ctype}, not handshake")
        if length == 0 or length > 2**14:
            raise Bad(f"record length {length}")
        msg += read_exactly(s, length)
        if len(msg) >= 4 and len(msg) >= 4 + int.from_bytes(msg[1:4], "big"):
            return msg, first


def decode(msg, first, out):
    out(f"record: type={first[0]} version=0x{first[1]:04x}")
    r = Reader(msg)
    if r.u(1) != 1:
        raise Bad("not a ClientHello")
    body = r.vec(3)
    r.end("the record(s): a message after the ClientHello")
    out(f"legacy_version: 0x{body.u(2):04x}")
    random = body.take(32)
    out(f"random: {random.hex()}")
    sid_bytes = body.vec(1, 0, 32).data
    out(f"session_id: {len(sid_bytes)} {sid_bytes.hex()}")
    out("cipher_suites: " + hexes(u16_list(body.vec(2, 2, 2**16 - 2),
                                           "cipher_suites")))
    comp = body.vec(1, 1, 255)
    out("compression_methods: " + comp.data.hex())
    exts = body.vec(2)
    body.end("ClientHello")
    seen = []
    while exts.left():
        code = exts.u(2)
        data = exts.vec(2)
        if code in seen:
            raise Bad(f"extension {code:04x} twice")
        if 0x0029 in seen:
            raise Bad("pre_shared_key is not last")
        seen.append(code)
        decode_extension(code, data, out)
    out("extensions: " + hexes(seen))


def decode_extension(code, r, out):
    if code == 0x0000:  # server_name
        names = r.vec(2, 1)
        r.end("server_name")
        hosts = []
        while names.left():
            kind = names.u(1)
            name = names.vec(2, 1).data
            if kind != 0:
                raise Bad(f"server_name type {kind}")
            hosts.append(name.decode("ascii"))
        if len(hosts) != 1:
            raise Bad(f"{len(hosts)} host names")
        out(f"server_name: {hosts[0]}")
    elif code == 0x000A:
        groups = u16_list(r.vec(2, 2), "supported_groups")
        r.end("supported_groups")
        out("supported_groups: " + hexes(groups))
    elif code == 0x000D:
        schemes = u16_list(r.vec(2, 2), "signature_algorithms")
        r.end("signature_algorithms")
        out("signature_algorithms: " + hexes(schemes))
    elif code == 0x0010:  # ALPN
        names = r.vec(2, 2)
        r.end("alpn")
        protos = []
        while names.left():
            protos.append(names.vec(1, 1).data.decode("ascii"))
        out("alpn: " + " ".join(protos))
    elif code == 0x002B:
        versions = u16_list(r.vec(1, 2, 254), "supported_versions")
        r.end("supported_versions")
        out("supported_versions: " + hexes(versions))
    elif code == 0x002D:
        modes = r.vec(1, 1)
        r.end("psk_key_exchange_modes")
        out("psk_key_exchange_modes: " + modes.data.hex())
    elif code == 0x0033:
        shares = r.vec(2)
        r.end("key_share")
        entries = []
        while shares.left():
            group = shares.u(2)
            key = shares.vec(2, 1).data
            if group == 0x001D and (len(key) != 32 or not any(key)):
                raise Bad("x25519 share is not 32 bytes, or is zero")
            if group in (0x0017, 0x0018):
                want = {0x0017: 65, 0x0018: 97}[group]
                if len(key) != want or key[0] != 4:
                    raise Bad(f"group {group:04x}: not an uncompressed point")
            entries.append(f"{group:04x}:{len(key)}")
        out("key_share: " + " ".join(entries))
    else:
        out(f"extension {code:04x}: {r.data.hex()}")


def main():
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(TIMEOUT)
    print(f"listening {ls.getsockname()[1]}", flush=True)
    s, _ = ls.accept()
    s.settimeout(TIMEOUT)
    try:
        msg, first = read_hello(s)
        decode(msg, first, print)
    except (Bad, UnicodeDecodeError, socket.timeout) as e:
        print(f"error: {e}")
        return 1
    finally:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
