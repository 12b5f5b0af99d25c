#!/usr/bin/env python3
"""Raw TLS for the negative interop tests: the bytes openssl and gnutls
cannot be made to send. Standard library only; talks to 127.0.0.1 only.

  tls_raw.py hello PORT VARIANT
      Send one hand-built TLS 1.3 ClientHello and print the start of the
      first record the server answers with ("received: 15 03 03 00 02 02 6d")
      and the types of those after it. VARIANT: see client_hello and
      cmd_hello; hrr-* ones expect a HelloRetryRequest for secp256r1 and
      send a second ClientHello.
  tls_raw.py server VARIANT
      A server for one connection that answers the ClientHello with a
      spoiled ServerHello or HelloRetryRequest (see cmd_server) and prints
      what the client sends back; prints "listening P" first.
  tls_raw.py oversized PORT
      Send a plaintext handshake record whose header claims 2^14 + 1 bytes,
      and those bytes; print the first record the server answers with.
  tls_raw.py proxy PORT MODE
      A man in the middle for one connection from a client to
      127.0.0.1:PORT; prints "listening P" first. It changes the client's
      first application-data record (the second protected record, after the
      client's Finished): MODE flip flips a bit of its authentication tag,
      MODE overflow makes its header claim 2^14 + 256 + 1 bytes. MODE
      dribble changes nothing but sends the first 4 KiB each way one byte
      per segment, so that records and messages arrive in pieces.
  tls_raw.py capture PORT FILE
      A relay for one connection from a client to 127.0.0.1:PORT; prints
      "listening P" first. It writes to FILE the client's first flight
      (all it sends until it has been quiet for 300 ms, before anything
      goes to the server: the ClientHello and any 0-RTT records), then
      relays both ways until both sides close.
  tls_raw.py replay PORT FILE
      Send FILE's bytes as they are to 127.0.0.1:PORT, read what the server
      answers for 2 s, and print the ServerHello's pre_shared_key
      ("server_hello psk=0|1"), or the alert, and the record types.
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


# secp256r1's base point: a valid public key for a key share that the
# standard library cannot make otherwise (its private key is 1)
P256_GX = bytes.fromhex(
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
P256_GY = bytes.fromhex(
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
HRR_RANDOM = bytes.fromhex(
    "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")


def key_share(group, key):
    return ext(0x0033, vec(2, struct.pack(">H", group) + vec(2, key)))


def client_hello(variant, random=None, session_id=None, cookie=None):
    """A TLS 1.3 ClientHello handshake message like openssl's, then spoiled
    as the variant asks."""
    random = random or os.urandom(32)
    session_id = os.urandom(32) if session_id is None else session_id
    # 0-RTT: early_data with a pre_shared_key the server cannot know
    early = variant in ("early-data", "hrr-early-data") and cookie is None
    # hrr-*: the second ClientHello (with the cookie) is the first one
    # changed as the variant says
    second = cookie is not None
    psk_both = variant == "hrr-psk"  # a PSK offer in both, binders differ
    if second and variant == "hrr-other-random":
        random = os.urandom(32)
    if second and variant == "hrr-other-session-id":
        session_id = os.urandom(32)
    if variant.startswith("hrr-") and cookie is None:
        variant = "ok"  # the first of two: an X25519 share
    groups = u16s(0x001D, 0x0017)  # x25519, secp256r1
    share = key_share(0x001D, os.urandom(32))
    p256 = b"\x04" + P256_GX + P256_GY
    if variant == "p256-compressed":  # 0x02 || X: not allowed in TLS 1.3
        p256 = b"\x02" + P256_GX
    if variant in ("ok-p256", "bad-p256-point", "p256-compressed") or (
        variant.startswith("hrr-") and variant != "hrr-same-share"
    ):
        if variant == "bad-p256-point":  # (x, y + 1) is not on the curve
            p256 = p256[:-1] + bytes([p256[-1] ^ 1])
        if not variant.startswith("hrr-"):
            groups = u16s(0x0017)
        share = key_share(0x0017, p256)
    elif variant == "share-not-offered":  # a P-384 share, P-384 not listed
        share = key_share(0x0018, b"\x04" + os.urandom(96))
    elif variant == "bad-x25519":  # one byte short
        share = key_share(0x001D, os.urandom(31))
    elif variant == "x25519-zero":  # a low-order point: all-zero secret
        share = key_share(0x001D, bytes(32))
    elif variant == "empty-share":  # key_exchange<1..2^16-1> of length 0
        share = key_share(0x001D, b"")
    elif variant in ("ok-x448", "bad-x448", "x448-zero"):
        groups = u16s(0x001E)
        share = key_share(0x001E, {"ok-x448": os.urandom(56),
                                   "bad-x448": os.urandom(55),  # one short
                                   "x448-zero": bytes(56)}[variant])
    elif variant in ("bad-p521-point", "long-p521"):
        # (1, 1) is not on P-521; long-p521 has one byte too many
        groups = u16s(0x0019)
        point = b"\x04" + (1).to_bytes(66, "big") + (1).to_bytes(66, "big")
        share = key_share(0x0019, point + b"\x00" * (variant == "long-p521"))
    elif variant in ("ok-ffdhe2048", "short-ffdhe2048"):
        groups = u16s(0x0100)  # Y = 2 is in range (RFC 7919 5.1)
        share = key_share(0x0100, (2).to_bytes(
            256 - (variant == "short-ffdhe2048"), "big"))
    elif variant == "bad-unused-share":  # a sound X25519 share, then a
        groups = u16s(0x001D, 0x0017)    # P-256 one a byte short
        share = ext(0x0033, vec(2, u16s(0x001D) + vec(2, os.urandom(32))
                                + u16s(0x0017) + vec(2, p256[:-1])))
    versions = u16s(0x0303) if variant == "no-tls13" else u16s(0x0304)
    sigalgs = u16s(0x0403, 0x0804, 0x0807)
    suites = u16s(0x1301, 0x1302, 0x1303)
    if variant == "grease":  # RFC 8701 values everywhere: all ignored
        groups, versions = u16s(0x0A0A) + groups, u16s(0x1A1A, 0x0304)
        sigalgs, suites = u16s(0x2A2A) + sigalgs, u16s(0x3A3A) + suites
        share = ext(0x0033, vec(2, u16s(0x0A0A) + vec(2, b"\0")
                                + u16s(0x001D) + vec(2, os.urandom(32))))
    elif variant == "future-versions":  # 0x0305 first: 0x0304 is chosen
        versions = u16s(0x0305, 0x0304, 0x0303)
    elif variant == "hrr-other-versions":  # TLS 1.2 listed too
        versions = u16s(0x0304, 0x0303)
    elif variant == "hrr-other-groups":  # the same groups, other order
        groups = u16s(0x0017, 0x001D)
    elif variant == "hrr-other-sigalgs":  # one scheme fewer
        sigalgs = u16s(0x0403, 0x0804)
    elif variant == "empty-key-share":  # asks for a HelloRetryRequest
        share = ext(0x0033, vec(2, b""))
    exts = [
        ext(0x0000, vec(2, b"\x00" + vec(2, b"localhost"))),  # server_name
        ext(0x000A, vec(2, groups)),  # supported_groups
        ext(0x000D, vec(2, sigalgs)),  # signature_algorithms
        ext(0x002B, vec(1, versions)),  # supported_versions
        ext(0x002D, vec(1, b"\x01")),  # psk_key_exchange_modes
        share,
    ]
    if cookie is not None and variant != "hrr-no-cookie":
        if variant == "hrr-wrong-cookie":
            cookie = cookie[:-1] + bytes([cookie[-1] ^ 1])
        exts.insert(4, ext(0x002C, vec(2, cookie)))
    drop = {"no-key-share": share, "no-sig-algs": exts[2],
            "no-groups": exts[1], "psk-no-modes": exts[4]}.get(variant)
    if drop:
        exts.remove(drop)
    if second and variant == "hrr-reordered":  # supported_groups first
        exts[0], exts[1] = exts[1], exts[0]
    elif second and variant == "hrr-added":  # ALPN, not in the first
        exts.insert(3, ext(0x0010, vec(2, vec(1, b"h2"))))
    elif second and variant == "hrr-removed":  # server_name dropped
        del exts[0]
    elif second and variant == "hrr-padding":  # allowed: padding added
        exts.append(ext(0x0015, bytes(100)))
    if variant == "dup-ext":  # supported_groups twice
        exts.insert(2, exts[1])
    if variant == "ext-wrong-msg":  # oid_filters: CertificateRequest only
        exts.append(ext(0x0030, vec(2, b"")))
    # pre_shared_key: one identity and one binder; it must come last
    if variant == "grease":
        exts.insert(0, ext(0x4A4A, b""))
    binder = b"\1" * 32 if second else bytes(32)
    psk = ext(0x0029, vec(2, vec(2, b"id") + b"\0\0\0\0") +
              vec(2, vec(1, binder)))
    if variant == "psk-not-last":
        exts.insert(len(exts) - 1, psk)
    elif variant in ("psk-ignored", "psk-no-modes") or early or psk_both:
        if early:
            exts.append(ext(0x002A, b""))
        exts.append(psk)
    if variant == "hrr-other-suites":
        suites = u16s(0x1302)
    compression = b"\x01" if variant == "bad-compression" else b"\x00"
    # legacy-XXXX: ClientHello.legacy_version 0xXXXX
    legacy = (bytes.fromhex(variant[7:]) if variant.startswith("legacy-")
              else b"\x03\x03")
    body = (
        legacy
        + random
        + vec(1, session_id)
        + vec(2, suites)
        + vec(1, compression)
        + vec(2, b"".join(exts))
    )
    if variant.startswith("fill-"):
        # RFC 8446 5.1: a padding extension (RFC 7685) makes the message
        # 2^14 bytes, the most one plaintext record holds (fill-limit),
        # or one byte more (fill-over)
        target = 2**14 + (variant == "fill-over")
        pad = target - (4 + len(body) + 4)
        body = body[: -len(b"".join(exts)) - 2]
        body += vec(2, b"".join(exts) + ext(0x0015, bytes(pad)))
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


def read_record(s):
    """One record as (header, body); (b"", b"") at EOF."""
    head = b""
    while len(head) < 5:
        chunk = s.recv(5 - len(head))
        if not chunk:
            return b"", b""
        head += chunk
    length = struct.unpack(">H", head[3:5])[0]
    body = b""
    while len(body) < length:
        chunk = s.recv(length - len(body))
        if not chunk:
            break
        body += chunk
    return head, body


def report_first_record(s):
    """Print the first record other than a ChangeCipherSpec: its header and
    up to 2 body bytes (all of an alert; the type of a handshake message),
    then the content types of the records that follow until EOF ("eof") or
    a pause ("...")."""
    try:
        head, body = read_record(s)
        while head[:1] == b"\x14":
            head, body = read_record(s)
        hrr = body[:1] == b"\x02" and body[6:38] == HRR_RANDOM
        print("received: " + ((head + body[:2]).hex(" ") if head else "eof")
              + (" (HelloRetryRequest)" if hrr else ""))
    except (socket.timeout, ConnectionResetError) as e:
        print(f"error: {e!r}")
        return 1
    types = []
    s.settimeout(0.1)  # a server that goes on waits for us: stop
    try:
        while head:
            head, body = read_record(s)
            types.append(head[:1].hex() if head else "eof")
    except (socket.timeout, ConnectionResetError):
        types.append("...")
    print("then: " + " ".join(types))
    return 0


def cmd_hello(port, variant):
    s = connect(port)
    random, session_id = os.urandom(32), os.urandom(32)
    hello = record(0x16, client_hello(variant, random, session_id), 0x0301)
    if variant == "ok-split":  # the ClientHello in two records
        msg = hello[5:]
        hello = record(0x16, msg[:50], 0x0301) + record(0x16, msg[50:])
    elif variant == "ccs-first":
        hello = record(0x14, b"\x01") + hello
    elif variant == "appdata-first":
        hello = record(0x17, b"hello") + hello
    elif variant == "empty-fragment":  # a zero-length handshake record
        hello = record(0x16, b"", 0x0301) + hello
    elif variant == "empty-alert":  # a zero-length alert record
        hello = record(0x15, b"", 0x0301) + hello
    elif variant == "short-alert":  # an alert record of one byte
        hello = record(0x15, b"\x02", 0x0301) + hello
    elif variant == "long-alert":  # an alert record of three bytes
        hello = record(0x15, b"\x02\x28\x00", 0x0301) + hello
    elif variant == "unknown-type":  # content type 0x42
        hello = record(0x42, b"\x00", 0x0301) + hello
    elif variant.startswith("record-"):  # record-XXXX: its record version
        hello = record(0x16, hello[5:], int(variant[7:], 16))
    elif variant == "extra-after-ch":  # a Finished header in the same record
        hello = record(0x16, hello[5:] + b"\x14\x00\x00\x20", 0x0301)
    if "early-data" in variant:  # 0-RTT data the server cannot decrypt
        hello += record(0x17, os.urandom(64))
    send_ignoring_reset(s, hello)
    if variant.startswith("hrr-"):
        # the server wants secp256r1 and asks again: answer its cookie
        head, body = read_record(s)
        if body[:1] != b"\x02" or body[6:38] != HRR_RANDOM:
            print("no HelloRetryRequest: " + (head + body[:6]).hex(" "))
            return 1
        cookie = hello_fields(body)[2][0x002C][2:]
        second = client_hello(variant, random, session_id, cookie)
        flight = record(0x14, b"\x01") + record(0x16, second)
        if variant == "hrr-two-ccs":  # RFC 8446 D.4: one CCS per side
            flight = record(0x14, b"\x01") + flight
        if variant == "hrr-ccs-inside":  # CCS between two halves of CH2
            flight = (record(0x16, second[:50]) + record(0x14, b"\x01")
                      + record(0x16, second[50:]))
        send_ignoring_reset(s, flight)
    return report_first_record(s)


def hello_fields(msg):
    """A ClientHello or ServerHello message's session id and extensions
    ({code: body}); a ServerHello's cipher suite too."""
    at = 4 + 2 + 32
    session_id = msg[at + 1 : at + 1 + msg[at]]
    at += 1 + msg[at]
    suite = struct.unpack(">H", msg[at : at + 2])[0]
    if msg[0] == 1:  # cipher suites and compression methods
        at += 2 + suite
        at += 1 + msg[at]
    else:  # one cipher suite and the compression method
        at += 3
    end = at + 2 + struct.unpack(">H", msg[at : at + 2])[0]
    at += 2
    exts = {}
    while at < end:
        code, n = struct.unpack(">HH", msg[at : at + 4])
        exts[code] = msg[at + 4 : at + 4 + n]
        at += 4 + n
    return session_id, suite, exts


def read_handshake(s):
    """The next handshake record's body, skipping ChangeCipherSpec."""
    head, body = read_record(s)
    while head[:1] == b"\x14":
        head, body = read_record(s)
    return body if head[:1] == b"\x16" else b""


def server_hello(session_id, suite, exts, random=None, legacy=0x0303):
    body = (struct.pack(">H", legacy) + (random or os.urandom(32))
            + vec(1, session_id)
            + struct.pack(">H", suite) + b"\x00" + vec(2, b"".join(exts)))
    return record(0x16, b"\x02" + vec(3, body))


def server_hello12(variant):
    """A TLS 1.2 ServerHello (RFC 5246 7.4.1.3) with what ward's client
    requires (extended_master_secret, renegotiation_info), spoiled as the
    sh12-* variant says (VARIANT-accepted: the same, which the client
    takes)."""
    variant = variant.removesuffix("-accepted")
    random = os.urandom(32)
    if variant == "sh12-downgrade":  # RFC 8446 4.1.3: "DOWNGRD" 01
        random = random[:24] + b"DOWNGRD\x01"
    elif variant == "sh12-downgrade11":  # "DOWNGRD" 00
        random = random[:24] + b"DOWNGRD\x00"
    exts = {"ems": ext(0x0017, b""), "reneg": ext(0xFF01, b"\x00"),
            "formats": ext(0x000B, vec(1, b"\x00"))}
    suite, legacy, compression = 0xC02B, 0x0303, 0
    if variant == "sh12-no-ems":
        del exts["ems"]
    elif variant == "sh12-no-reneg":
        del exts["reneg"]
    elif variant == "sh12-reneg-not-empty":  # RFC 5746 3.4
        exts["reneg"] = ext(0xFF01, vec(1, bytes(12)))
    elif variant == "sh12-suite-not-offered":  # TLS_RSA_WITH_AES_128_GCM
        suite = 0x009C
    elif variant == "sh12-suite-tls13":  # a TLS 1.3 suite in TLS 1.2
        suite = 0x1301
    elif variant == "sh12-compression":  # DEFLATE, never offered
        compression = 1
    elif variant == "sh12-tls11":
        legacy = 0x0302
    elif variant == "sh12-unoffered-ext":  # heartbeat, not offered
        exts["heartbeat"] = ext(0x000F, b"\x01")
    body = (struct.pack(">H", legacy) + random + vec(1, b"")
            + struct.pack(">HB", suite, compression)
            + vec(2, b"".join(exts.values())))
    return record(0x16, b"\x02" + vec(3, body))


def cmd_server(variant):
    """One connection from a TLS 1.3 client that offered x25519 and
    secp256r1 with an x25519 share: answer its ClientHello with the spoiled
    ServerHello or HelloRetryRequest the variant names, and print the first
    record the client sends back (its alert)."""
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(10)
    print(f"listening {ls.getsockname()[1]}", flush=True)
    s, _ = ls.accept()
    s.settimeout(TIMEOUT)
    sid = hello_fields(read_handshake(s))[0]
    if variant.startswith("sh12-"):
        s.sendall(server_hello12(variant))
        if variant == "sh12-ok" or variant.endswith("-accepted"):
            time.sleep(0.2)
            s.close()
            print("closed")
            return 0
        return report_first_record(s)
    version = ext(0x002B, u16s(0x0304))
    x25519 = key_share_sh = ext(0x0033, u16s(0x001D) + vec(2, os.urandom(32)))
    p256 = ext(0x0033, u16s(0x0017) + vec(2, b"\x04" + P256_GX + P256_GY))
    suite = 0x1301
    # sh-legacy-XXXX, hrr-legacy-XXXX: ServerHello.legacy_version 0xXXXX
    legacy = int(variant[-4:], 16) if "-legacy-" in variant else 0x0303
    if variant.startswith("hrr-"):
        ask = {"hrr-same-group": 0x001D, "hrr-unoffered-group": 0x0018}.get(
            variant, 0x0017)
        hrr_exts = [version, ext(0x0033, u16s(ask))]
        if variant == "hrr-no-change":
            hrr_exts = [version]
        s.sendall(server_hello(sid, suite, hrr_exts, HRR_RANDOM, legacy))
        if variant in ("hrr-same-group", "hrr-unoffered-group",
                       "hrr-no-change") or "-legacy-" in variant:
            return report_first_record(s)
        read_handshake(s)  # the second ClientHello
        if variant == "hrr-then-tls12":  # RFC 8446 4.1.4: TLS 1.3 now
            s.sendall(server_hello12("sh12-ok"))
            return report_first_record(s)
        if variant == "hrr-twice":
            s.sendall(server_hello(sid, suite, hrr_exts, HRR_RANDOM))
            return report_first_record(s)
        key_share_sh = x25519 if variant == "hrr-then-wrong-group" else p256
        if variant == "hrr-then-other-suite":
            suite = 0x1302
    exts = [version, key_share_sh]
    if variant == "sh-suite-not-offered":
        suite = 0x1304  # TLS_AES_128_CCM_SHA256
    elif variant == "sh-tls12":  # a TLS 1.2 answer: renegotiation_info
        exts = [ext(0xFF01, b"\x00")]
    elif variant == "sh-session-id":
        sid = bytes(32)
    elif variant == "sh-group-not-shared":
        exts = [version, p256]
    elif variant == "sh-no-key-share":
        exts = [version]
    elif variant == "sh-bad-share":  # one byte short
        exts = [version, ext(0x0033, u16s(0x001D) + vec(2, os.urandom(31)))]
    elif variant == "sh-x25519-zero":  # a low-order point: all-zero secret
        exts = [version, ext(0x0033, u16s(0x001D) + vec(2, bytes(32)))]
    elif variant == "sh-unoffered-ext":  # pre_shared_key, not offered
        exts.append(ext(0x0029, b"\x00\x00"))
    elif variant == "sh-ext-wrong-msg":  # cookie: HelloRetryRequest only
        exts.append(ext(0x002C, vec(2, b"c")))
    s.sendall(server_hello(sid, suite, exts, legacy=legacy))
    if variant == "sh-ok":  # accepted: the client waits for more
        time.sleep(0.2)
        s.close()
        print("closed")
        return 0
    return report_first_record(s)


def cmd_oversized(port):
    s = connect(port)
    n = 2**14 + 1
    send_ignoring_reset(s, struct.pack(">BHH", 0x16, 0x0303, n) + bytes(n))
    return report_first_record(s)


def pump(client, server, send):
    """Relay both ways until both sides have closed (each EOF passed on as
    a shutdown) or 10 s pass; send(sock, other, data) passes on what sock
    sent (errors sending are ignored: the peer may be gone)."""
    sel = selectors.DefaultSelector()
    sel.register(client, selectors.EVENT_READ)
    sel.register(server, selectors.EVENT_READ)
    deadline = time.monotonic() + 10
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            sock = key.fileobj
            other = server if sock is client else client
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(sock)
                try:
                    other.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            try:
                send(sock, other, data)
            except OSError:
                pass


def cmd_proxy(port, mode):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(10)
    print(f"listening {ls.getsockname()[1]}", flush=True)
    client, _ = ls.accept()
    server = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    for sock in (client, server):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    dribbled = {client: 0, server: 0}  # bytes sent one at a time so far

    def forward(to, data):
        """Send; in dribble mode the first 4 KiB each way byte by byte."""
        if mode == "dribble":
            while data and dribbled[to] < 4096:
                to.sendall(data[:1])
                data = data[1:]
                dribbled[to] += 1
                time.sleep(0.0002)
        to.sendall(data)

    state = {"pending": b"", "protected": 0, "done": False}

    def send(sock, other, data):
        if sock is server or mode == "dribble":
            forward(other, data)
            return
        # client bytes go on as whole records, the second protected one
        # changed
        state["pending"] += data
        out = b""
        pending = state["pending"]
        while len(pending) >= 5:
            ctype, version, length = struct.unpack(">BHH", pending[:5])
            if len(pending) < 5 + length:
                break
            rec, pending = pending[: 5 + length], pending[5 + length :]
            if ctype == 0x17:
                state["protected"] += 1
                if state["protected"] == 2 and not state["done"]:
                    state["done"] = True
                    if mode == "flip":
                        rec = rec[:-1] + bytes([rec[-1] ^ 0x01])
                    else:
                        bad = 2**14 + 256 + 1
                        rec = struct.pack(">BHH", ctype, version, bad) + rec[5:]
                    print(f"changed record {state['protected']} ({mode})", flush=True)
            out += rec
        state["pending"] = pending
        server.sendall(out)

    pump(client, server, send)
    done = state["done"]
    return 0 if done or mode == "dribble" else 1


def cmd_capture(port, path):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(10)
    print(f"listening {ls.getsockname()[1]}", flush=True)
    client, _ = ls.accept()
    # the first flight goes out without waiting for the server: what the
    # client sends before a quiet 300 ms, held back from the server
    flight = b""
    client.settimeout(0.3)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            data = client.recv(65536)
        except socket.timeout:
            break
        if not data:
            break
        flight += data
    with open(path, "wb") as f:
        f.write(flight)
    server = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    server.sendall(flight)
    pump(client, server, lambda sock, other, data: other.sendall(data))
    return 0 if flight else 1


def server_hello_psk(body):
    """1 if a ServerHello handshake message has pre_shared_key, else 0."""
    at = 4 + 2 + 32  # header, legacy_version, random
    at += 1 + body[at]  # legacy_session_id_echo
    at += 2 + 1  # cipher_suite, legacy_compression_method
    end = at + 2 + struct.unpack(">H", body[at:at + 2])[0]
    at += 2
    while at + 4 <= end:
        code, length = struct.unpack(">HH", body[at:at + 4])
        if code == 0x0029:
            return 1
        at += 4 + length
    return 0


def cmd_replay(port, path):
    with open(path, "rb") as f:
        flight = f.read()
    s = connect(port)
    send_ignoring_reset(s, flight)
    s.settimeout(2.0)
    types, hello = [], "nothing"
    try:
        while True:
            head, body = read_record(s)
            if not head:
                break
            types.append(f"{head[0]:02x}")
            if head[0] == 0x16 and body[:1] == b"\x02" and hello == "nothing":
                hello = f"server_hello psk={server_hello_psk(body)}"
            elif head[0] == 0x15 and hello == "nothing":
                hello = f"alert: {body[0]} {body[1]}"
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    print(hello)
    print("records:", " ".join(types))
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "hello":
        return cmd_hello(int(argv[2]), argv[3])
    if len(argv) >= 3 and argv[1] == "server":
        return cmd_server(argv[2])
    if len(argv) >= 3 and argv[1] == "oversized":
        return cmd_oversized(int(argv[2]))
    if len(argv) >= 4 and argv[1] == "proxy" and argv[3] in (
        "flip", "overflow", "dribble"):
        return cmd_proxy(int(argv[2]), argv[3])
    if len(argv) >= 4 and argv[1] == "capture":
        return cmd_capture(int(argv[2]), argv[3])
    if len(argv) >= 4 and argv[1] == "replay":
        return cmd_replay(int(argv[2]), argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
