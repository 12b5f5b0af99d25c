#!/usr/bin/env python3
"""Memory of idle TLS keep-alive connections in a server worker.

Opens one warm-up connection, reads the worker's memory, then opens N TLS
1.3 connections, sends one GET on each, reads the whole response, keeps them
all open and idle, waits for the server to settle and reads the worker's
memory again. Prints one line:

  IDLE n=... ok=... established=... fds_before=... fds_after=...
       pss_before=... pss_after=... rss_before=... rss_after=...
       anon_before=... anon_after=...        (kB, from /proc/PID/smaps_rollup)

Only the Python standard library is used.
"""

import argparse
import os
import socket
import ssl
import sys
import time


def rollup(pid):
    out = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1])
    return out


def nfds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def established(port):
    """Server-side sockets in ESTABLISHED on the given local port."""
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                        n += 1
        except FileNotFoundError:
            pass
    return n


def get(ctx, host, port, path, timeout):
    raw = socket.create_connection((host, port), timeout=timeout)
    # Like wrk, curl and browsers. Without it, a request written right after
    # the handshake waits for the server's delayed ACK (40 ms) when the
    # server sends nothing after the client's Finished.
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = None
    for h in lines[1:]:
        k, _, v = h.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    if status != 200 or length is None:
        raise ConnectionError(f"status {status}, content-length {length}")
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True, help="worker process")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cafile", required=True)
    ap.add_argument("--path", default="/1k.bin")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--settle", type=float, default=1.0,
                    help="seconds to wait before each memory reading")
    a = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(a.cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3

    # Warm-up: first-use allocations in the worker are not per connection.
    for _ in range(3):
        get(ctx, a.host, a.port, a.path, 10).close()
    time.sleep(a.settle)
    before, fds_before = rollup(a.pid), nfds(a.pid)

    socks, failed = [], 0
    for _ in range(a.n):
        try:
            socks.append(get(ctx, a.host, a.port, a.path, 10))
        except (OSError, ConnectionError) as e:
            failed += 1
            if failed <= 3:
                print(f"idle_conns: connection failed: {e}", file=sys.stderr)
    time.sleep(a.settle)
    after, fds_after = rollup(a.pid), nfds(a.pid)
    est = established(a.port)

    print(f"IDLE n={a.n} ok={len(socks)} established={est} "
          f"fds_before={fds_before} fds_after={fds_after} "
          f"pss_before={before.get('Pss', 0)} pss_after={after.get('Pss', 0)} "
          f"rss_before={before.get('Rss', 0)} rss_after={after.get('Rss', 0)} "
          f"anon_before={before.get('Anonymous', 0)} "
          f"anon_after={after.get('Anonymous', 0)}", flush=True)
    for s in socks:
        s.close()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
