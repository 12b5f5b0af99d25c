#!/usr/bin/env bash
# Upgrade (RFC 9110 7.8, RFC 2817; docs/serve.md): the plain listener never
# switches a connection to TLS in place: `Upgrade: TLS/1.x` with
# `Connection: Upgrade` gets its usual 308 to the https URL, with a body
# that says so, and the connection stays plain HTTP; plain HTTP on the TLS
# port gets its 400 naming the https URL and the refusal; the TLS listener
# ignores an Upgrade it does not support and serves the request.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

mkdir -p "$scratch/site"
echo "hello" >"$scratch/site/index.html"
rport=$(freeport)
start_serve upgrade --root "$scratch/site" --redirect-http "127.0.0.1:$rport"

# --- curl on the plain listener ---
curl -sS --max-time 20 -D "$scratch/h" -o "$scratch/b" \
	-H "Upgrade: TLS/1.0" -H "Connection: Upgrade" \
	"http://127.0.0.1:$rport/a/b?c=d" || bad "curl to the plain listener"
head -n 1 "$scratch/h" | grep -q "^HTTP/1.1 308 " ||
	bad "Upgrade: TLS/1.0 on the plain listener: $(head -n 1 "$scratch/h")"
grep -qi "^Location: https://127.0.0.1:$port/a/b?c=d" "$scratch/h" ||
	bad "no Location to the https URL: $(cat "$scratch/h")"
grep -qi "^Upgrade:" "$scratch/h" && bad "the refusal offers an Upgrade"
grep -q "does not upgrade a plain connection to TLS (RFC 2817)" "$scratch/b" ||
	bad "the body does not say why: $(cat "$scratch/b")"

# --- raw: TLS/1.2 and TLS/1.3 tokens, OPTIONS *, HTTP/1.0, then the
#     connection still speaks plain HTTP ---
py RPORT="$rport" <<'PY'
import os
import serve_client as sc
rport = int(os.environ["RPORT"])
port = sc.env_port()

def ask(raw, n=1, head=False):
    c = sc.Conn(port=rport, tls=False)
    c.send(raw)
    return c, [c.response(head=head) for _ in range(n)]

c, (r1, r2) = ask(b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Upgrade: TLS/1.2\r\nConnection: Upgrade\r\n\r\n"
                  b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Upgrade: websocket, tls/1.3\r\nConnection: keep-alive, upgrade\r\n\r\n", 2)
sc.eq(r1.status, 308, "OPTIONS * with Upgrade: TLS/1.2")
sc.eq(r1.header("Location"), f"https://127.0.0.1:{port}/", "its Location")
sc.check(b"RFC 2817" in r1.body, f"its body says why: {r1.body!r}")
sc.eq(r2.status, 308, "the next request on the same connection: still plain HTTP")
sc.eq(r2.header("Location"), f"https://127.0.0.1:{port}/x", "its Location")
sc.check(b"RFC 2817" in r2.body, "tls/1.3 in a list, Connection with upgrade among others")

# Upgrade without Connection: upgrade, or in HTTP/1.0: ignored (7.8)
c, (r,) = ask(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: TLS/1.0\r\n\r\n")
sc.eq((r.status, r.body), (308, b""), "Upgrade without Connection: upgrade")
c, (r,) = ask(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nUpgrade: TLS/1.0\r\n"
              b"Connection: Upgrade\r\n\r\n")
sc.eq((r.status, r.body), (308, b""), "Upgrade in HTTP/1.0")
c, (r,) = ask(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: TLS/1.0\r\n"
              b"Connection: Upgrade\r\n\r\n", head=True)
sc.eq(r.status, 308, "HEAD with Upgrade")
sc.check(int(r.header("Content-Length")) > 0, "HEAD: the length of the GET's body")

# plain HTTP on the TLS port
c = sc.Conn(tls=False)
c.send(b"GET /p HTTP/1.1\r\nHost: localhost\r\nUpgrade: TLS/1.0\r\n"
       b"Connection: Upgrade\r\n\r\n")
r = c.response()
sc.eq(r.status, 400, "plain HTTP with Upgrade: TLS/1.0 on the TLS port")
sc.check(b"In-place TLS upgrade (RFC 2817) is not offered." in r.body and
         f"https://localhost:{port}/".encode() in r.body,
         f"its body: {r.body!r}")

# the TLS listener serves, ignoring what it does not upgrade to
for up in (b"TLS/1.3", b"websocket", b"h2c"):
    c = sc.Conn()
    c.send(b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: " + up +
           b"\r\nConnection: Upgrade\r\n\r\n")
    r = c.response()
    sc.eq((r.status, r.body, r.header("Upgrade")), (200, b"hello\n", None),
          f"Upgrade: {up.decode()} over TLS")
sc.done("upgrade")
PY
[ $? -eq 0 ] || bad "raw Upgrade cases"
serve_finish connect_upgrade
