#!/usr/bin/env python3
"""Memory a server worker gives back after a spike of TLS connections.

Reads the worker's RSS, opens N TLS 1.3 connections (a GET on each, the
response read, the connection kept open), reads the peak RSS, closes them
all, and reads the RSS again once it has settled (the lowest value within
--settle seconds). Prints one line:

  SPIKE n=... ok=... rss_before=... rss_peak=... rss_after=...
        grown=... kept=... given_back_pct=...      (kB, from /proc/PID/status)

Only the Python standard library is used.
"""

import argparse
import os
import socket
import ssl
import sys
import time


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def get(ctx, host, port, path, timeout):
    raw = socket.create_connection((host, port), timeout=timeout)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise ConnectionError(head.split(b"\r\n")[0].decode("latin-1"))
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--pid", type=int, required=True, help="the worker")
    ap.add_argument("--cafile", required=True)
    ap.add_argument("--path", default="/small.bin")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--settle", type=float, default=3.0)
    ap.add_argument("--timeout", type=float, default=30.0)
    a = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_verify_locations(a.cafile)
    # one connection first: the worker's working size, not its start-up
    get(ctx, a.host, a.port, a.path, a.timeout).close()
    time.sleep(0.5)
    before = rss_kb(a.pid)
    conns, failed = [], 0
    for _ in range(a.n):
        try:
            conns.append(get(ctx, a.host, a.port, a.path, a.timeout))
        except (OSError, ConnectionError) as e:
            failed += 1
            if failed == 1:
                print(f"spike_conns: {e}", file=sys.stderr)
    time.sleep(0.5)
    peak = rss_kb(a.pid)
    for s in conns:
        s.close()
    after = peak
    end = time.monotonic() + a.settle
    while time.monotonic() < end:
        time.sleep(0.2)
        after = min(after, rss_kb(a.pid))
    grown = peak - before
    kept = after - before
    back = 100 * (grown - kept) // grown if grown > 0 else 100
    print(f"SPIKE n={a.n} ok={len(conns)} rss_before={before} "
          f"rss_peak={peak} rss_after={after} grown={grown} kept={kept} "
          f"given_back_pct={back}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
