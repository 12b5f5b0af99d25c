#!/usr/bin/env python3
"""Raw TLS for the negative interop tests: the bytes openssl and gnutls
cannot be made to send. Standard library only; talks to 127.0.0.1 only.

  tls_raw.py hello PORT VARIANT
      Send one hand-built TLS 1.3 ClientHello and print the start of the
      first record the server answers with ("received: 15 03 03 00 02 02 6d").
      VARIANT: ok, no-key-share, no-tls13, bad-compression, truncated.
  tls_raw.py oversized PORT
      Send a plaintext handshake record whose header claims 2^14 + 1 bytes,
      and those bytes; print the first record the server answers with.
  tls_raw.py proxy PORT MODE
      A man in the middle for one connection from a client to
      127.0.0.1:PORT; prints "listening P" first. It changes the client's
      first application-data record (the second protected record, after the
      client's Finished): MODE flip flips a bit of its authentication tag,
      MODE overflow makes its header claim 2^14 + 256 + 1 bytes.
"""
import os
import selectors
import socket
import struct
import sys
import time

TIMEOUT = 5.0


def vec(length_bytes, body):
    return len(body).to_bytes(length_bytes, "big") + body


def ext(code, body):
    return struct.pack(">H", code) + vec(2, body)


def u16s(*values):
    return b"".join(struct.pack(">H", v) for v in values)


def client_hello(variant):
    """A ClientHello handshake message as openssl would send it, then
    spoiled as the variant asks."""
    versions = u16s(0x0303) if variant == "no-tls13" else u16s(0x0304)
    exts = [
        ext(0x0000, vec(2, b"\x00" + vec(2, b"localhost"))),  # server_name
        ext(0x000A, vec(2, u16s(0x001D, 0x0017))),  # supported_groups
        ext(0x000D, vec(2, u16s(0x0403, 0x0804, 0x0807))),  # sig algs
        ext(0x002B, vec(1, versions)),  # supported_versions
        ext(0x002D, vec(1, b"\x01")),  # psk_key_exchange_modes
    ]
    if variant != "no-key-share":  # key_share: one X25519 share
        share = struct.pack(">H", 0x001D) + vec(2, os.urandom(32))
        exts.append(ext(0x0033, vec(2, share)))
    compression = b"\x01" if variant == "bad-compression" else b"\x00"
    body = (
        b"\x03\x03"
        + os.urandom(32)
        + vec(1, os.urandom(32))
        + vec(2, u16s(0x1301, 0x1302, 0x1303))
        + vec(1, compression)
        + vec(2, b"".join(exts))
    )
    if variant == "truncated":
        # the extensions' length field now claims 10 bytes more than follow
        body = body[:-10]
    return b"\x01" + vec(3, body)


def record(content_type, body, version=0x0303):
    return struct.pack(">BHH", content_type, version, len(body)) + body


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    s.settimeout(TIMEOUT)
    return s


def send_ignoring_reset(s, data):
    # the server may refuse the record from its header and stop reading
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def report_first_record(s):
    """Print the first record's header and up to 2 body bytes (all of an
    alert record; the message type of a handshake record)."""
    got = b""
    try:
        while len(got) < 7:
            chunk = s.recv(7 - len(got))
            if not chunk:
                break
            got += chunk
    except (socket.timeout, ConnectionResetError) as e:
        print(f"error: {e!r} after {got.hex(' ')!r}")
        return 1
    if len(got) >= 5:
        length = struct.unpack(">H", got[3:5])[0]
        got = got[: 5 + min(length, 2)]
    print("received: " + (got.hex(" ") if got else "eof"))
    return 0


def cmd_hello(port, variant):
    s = connect(port)
    send_ignoring_reset(s, record(0x16, client_hello(variant), 0x0301))
    return report_first_record(s)


def cmd_oversized(port):
    s = connect(port)
    n = 2**14 + 1
    send_ignoring_reset(s, struct.pack(">BHH", 0x16, 0x0303, n) + bytes(n))
    return report_first_record(s)


def cmd_proxy(port, mode):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(10)
    print(f"listening {ls.getsockname()[1]}", flush=True)
    client, _ = ls.accept()
    server = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sel = selectors.DefaultSelector()
    sel.register(client, selectors.EVENT_READ)
    sel.register(server, selectors.EVENT_READ)
    pending = b""  # client bytes not yet forwarded: whole records only
    protected = 0  # protected records seen from the client
    done = False
    deadline = time.monotonic() + 10
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            sock = key.fileobj
            other = server if sock is client else client
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                sel.unregister(sock)
                try:
                    other.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            if sock is server:
                other.sendall(data)
                continue
            pending += data
            out = b""
            while len(pending) >= 5:
                ctype, version, length = struct.unpack(">BHH", pending[:5])
                if len(pending) < 5 + length:
                    break
                rec, pending = pending[: 5 + length], pending[5 + length :]
                if ctype == 0x17:
                    protected += 1
                    if protected == 2 and not done:
                        done = True
                        if mode == "flip":
                            rec = rec[:-1] + bytes([rec[-1] ^ 0x01])
                        else:
                            bad = 2**14 + 256 + 1
                            rec = struct.pack(">BHH", ctype, version, bad) + rec[5:]
                        print(f"changed record {protected} ({mode})", flush=True)
                out += rec
            try:
                server.sendall(out)
            except OSError:
                pass
    return 0 if done else 1


def main(argv):
    if len(argv) >= 4 and argv[1] == "hello":
        return cmd_hello(int(argv[2]), argv[3])
    if len(argv) >= 3 and argv[1] == "oversized":
        return cmd_oversized(int(argv[2]))
    if len(argv) >= 4 and argv[1] == "proxy" and argv[3] in ("flip", "overflow"):
        return cmd_proxy(int(argv[2]), argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
