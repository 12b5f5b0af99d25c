#!/usr/bin/env bash
# `ward serve`, the command: --help and its refusals (bad flag, unreadable
# certificate, busy port: exit 2, one line naming it), several --listen
# addresses including [::1], certificates chosen by SNI, the connection
# endpoint against what curl negotiated, the access and error logs,
# --hsts and the plain-HTTP redirect.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl

# --- --help names every flag and exits 0 ---
rc=0
help=$("$WARD_BIN" serve --help) || rc=$?
check_eq "$rc" 0 "serve --help exit code"
for f in listen redirect-http workers root store autoindex enable-trace \
	cert key ca-dir groups ciphersuites hsts access-log error-log \
	log-level handshake-timeout header-timeout body-timeout \
	keepalive-timeout send-timeout drain-timeout max-connections \
	max-request-line max-header-size max-headers max-body max-upload \
	session-timeout session-cache ticket-rotate ticket-key-file; do
	has "$help" "--$f" || bad "--help does not mention --$f"
done

# refuse ARGS...: exit 2 with exactly one line on stderr, nothing on stdout;
# sets $err to that line
refuse() {
	local rc=0 out
	out=$("$WARD_BIN" serve "$@" 2>"$scratch/refuse.err" </dev/null) || rc=$?
	err=$(cat "$scratch/refuse.err")
	check_eq "$rc" 2 "ward serve $* exit code"
	[ -z "$out" ] || bad "ward serve $*: wrote to stdout: $out"
	[ "$(grep -c . <<<"$err")" -eq 1 ] || bad "ward serve $*: want one line, got:
$err"
}
refuse --listen 127.0.0.1:1 --frobnicate
want "$err" "--frobnicate" "bad flag"
refuse --workers many
want "$err" "--workers" "bad value"
refuse --header-timeout nan
want "$err" "--header-timeout" "NaN timeout"
refuse --max-body 18014398509481984G
want "$err" "--max-body" "size that overflows"
refuse --listen
want "$err" "--listen" "flag without its value"
refuse --listen 127.0.0.1:1 --cert "$scratch/missing.pem" --key "$key"
want "$err" "$scratch/missing.pem" "missing certificate"
echo "not a certificate" >"$scratch/garbage.pem"
refuse --listen 127.0.0.1:1 --cert "$scratch/garbage.pem" --key "$key"
want "$err" "$scratch/garbage.pem" "garbage certificate"
refuse --listen 127.0.0.1:1 --cert "$cert" --key "$scratch/missing-key.pem"
want "$err" "$scratch/missing-key.pem" "missing key"
refuse --listen 127.0.0.1:1 --cert "$cert" --key "$key" --root "$scratch/nope"
want "$err" "$scratch/nope" "missing root"
refuse --session-timeout 8d
want "$err" "--session-timeout: '8d' is out of range 1s..7d" "session timeout too long"
refuse --session-cache -1
want "$err" "--session-cache" "negative session cache"
# three keys must cover a ticket's life
refuse --listen 127.0.0.1:1 --cert "$cert" --key "$key" --ticket-rotate 20m
want "$err" "--ticket-rotate: at least 1 second and half of --session-timeout" \
	"ticket rotation too fast for the session timeout"
refuse --listen 127.0.0.1:1 --cert "$cert" --key "$key" \
	--ticket-key-file "$scratch/missing.keys"
want "$err" "--ticket-key-file $scratch/missing.keys: No such file" "missing key file"

# --- several --listen, [::1] too when the host has it; SNI picks ---
issue "$ca" "$scratch/a" ecdsa a.test
issue "$ca" "$scratch/b" rsa b.test
mkdir -p "$scratch/site"
echo "hello" >"$scratch/site/index.html"
port2=$(freeport)
v6=()
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	port6=$(freeport ::1)
	v6=(--listen "[::1]:$port6")
else
	echo "note: no ::1 on this host, the IPv6 listener is not tested"
fi
start_serve main --listen "127.0.0.1:$port2" "${v6[@]}" \
	--cert "$scratch/a.pem" --key "$scratch/a-key.pem" \
	--cert "$scratch/b.pem" --key "$scratch/b-key.pem" \
	--cert "$cert" --key "$key" --root "$scratch/site" \
	--access-log "$scratch/access.log" --hsts=600
grep -q "listening on 127.0.0.1:$port\$" "$scratch/main.log" ||
	bad "no 'listening on 127.0.0.1:$port' in the error log"
for p in "$port" "$port2"; do
	out=$(curl -sS --max-time 10 --cacert "$ca/ca.pem" \
		--resolve "localhost:$p:127.0.0.1" "https://localhost:$p/" 2>&1) || true
	check_eq "$out" hello "GET / on 127.0.0.1:$p"
done
if [ ${#v6[@]} -gt 0 ]; then
	out=$(curl -sS --max-time 10 --cacert "$ca/ca.pem" \
		--resolve "localhost:$port6:::1" "https://localhost:$port6/" 2>&1) || true
	check_eq "$out" hello "GET / on [::1]:$port6"
	grep -q "listening on \[::1\]:$port6\$" "$scratch/main.log" ||
		bad "no 'listening on [::1]:$port6' in the error log"
fi

# subject SNI|-: the subject of the certificate the server sends
subject() {
	local sni=(-servername "$1")
	[ "$1" = - ] && sni=(-noservername)
	timeout 10 openssl s_client -connect "127.0.0.1:$port" "${sni[@]}" \
		</dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null |
		sed 's/^subject= *//' || true
}
check_eq "$(subject a.test)" "CN = a.test" "certificate for SNI a.test"
check_eq "$(subject b.test)" "CN = b.test" "certificate for SNI b.test"
check_eq "$(subject localhost)" "CN = localhost" "certificate for SNI localhost"
check_eq "$(subject other.test)" "CN = a.test" "unknown SNI: the first certificate"
check_eq "$(subject -)" "CN = a.test" "no SNI: the first certificate"

# --- the connection endpoint reports what curl negotiated ---
# endpoint CURL-ARGS...: the JSON fields, one "key=value" a line
endpoint() {
	hcurl /.well-known/ward/connection "$@" 2>&1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
for k in ("tls_version", "cipher_suite", "group", "alpn", "sni", "resumed"):
    print(f"{k}={d[k]}")' 2>&1 || true
}
for combo in TLS_AES_256_GCM_SHA384:secp384r1 TLS_CHACHA20_POLY1305_SHA256:x25519 \
	TLS_AES_128_GCM_SHA256:prime256v1; do
	suite=${combo%%:*} curve=${combo#*:}
	group=$curve
	[ "$curve" = prime256v1 ] && group=secp256r1
	out=$(endpoint --tls13-ciphers "$suite" --curves "$curve")
	want "$out" "tls_version=TLSv1.3" "endpoint with $combo"
	want "$out" "cipher_suite=$suite" "endpoint with $combo"
	want "$out" "group=$group" "endpoint with $combo"
	want "$out" "alpn=http/1.1" "endpoint with $combo"
	want "$out" "sni=localhost" "endpoint with $combo"
	want "$out" "resumed=False" "endpoint with $combo"
done
# TLS 1.2 when the client goes no higher
out=$(endpoint --tls-max 1.2 --ciphers ECDHE-ECDSA-CHACHA20-POLY1305 \
	--curves X25519:P-256)
want "$out" "tls_version=TLSv1.2" "endpoint over TLS 1.2"
want "$out" "cipher_suite=TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" \
	"endpoint over TLS 1.2"
want "$out" "group=x25519" "endpoint over TLS 1.2"
want "$out" "alpn=http/1.1" "endpoint over TLS 1.2"
# HEAD of the endpoint: its headers, no body
hdr=$(hcurl /.well-known/ward/connection -I)
want "$hdr" "Content-Type: application/json" "endpoint HEAD"
want "$hdr" "Cache-Control: no-store" "endpoint HEAD"

# --- the access log: combined format, then TLS version and suite, and
# the client certificate's subject (none: -) ---
hcurl /index.html -o /dev/null -e "https://ref.test/x" -A "agent/1.0" \
	--tls13-ciphers TLS_AES_256_GCM_SHA384
code /missing -A "agent/2.0" >/dev/null
hcurl /index.html -I -A "agent/head" >/dev/null
# lines are flushed before the worker waits, so they are there by now
wait_until 50 grep -q 'agent/head' "$scratch/access.log" ||
	bad "no access log line for the last request"
re='^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\] '
grep -qE "$re\"GET /index.html HTTP/1\.1\" 200 6 \"https://ref\.test/x\" \"agent/1\.0\" TLSv1\.3 TLS_AES_256_GCM_SHA384 -\$" \
	"$scratch/access.log" || bad "access log line for /index.html:
$(cat "$scratch/access.log")"
grep -qE "$re\"GET /missing HTTP/1\.1\" 404 [0-9]+ \"-\" \"agent/2\.0\" TLSv1\.3 TLS_AES_[0-9]+_GCM_SHA[0-9]+ -\$" \
	"$scratch/access.log" || bad "access log line for /missing:
$(cat "$scratch/access.log")"
# HEAD sends no body: 0 bytes
grep -qE "$re\"HEAD /index.html HTTP/1\.1\" 200 0 \"-\" \"agent/head\" TLSv1\.3 " \
	"$scratch/access.log" || bad "access log line for HEAD /index.html:
$(cat "$scratch/access.log")"

# a request cut short is logged too: 499 when no response had begun
py <<'EOF' || bad "a cut request"
from serve_client import *
c = Conn()
c.send(b"PUT /index.html HTTP/1.1\r\nHost: localhost\r\n"
       b"User-Agent: agent/cut\r\nContent-Length: 100\r\n\r\nabc")
# cut with a FIN (no close_notify), reading what the server sends until
# it closes: a close() with its session tickets unread would be a reset,
# which can take the request with it before the server reads it
import socket
c.sock.shutdown(socket.SHUT_WR)  # (drops the TLS layer: no close_notify)
check(c.closed_within(10), "the server did not close the cut connection")
c.close()
done()
EOF
wait_until 50 grep -q 'agent/cut' "$scratch/access.log" ||
	bad "no access log line for a request cut short"
grep -qE "$re\"PUT /index.html HTTP/1\.1\" 499 [0-9]+ \"-\" \"agent/cut\" TLSv1\.3 " \
	"$scratch/access.log" || bad "access log line for a cut PUT:
$(cat "$scratch/access.log")"

# --- the error log: a refused handshake is one line naming the peer ---
timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_1 \
	-cipher DEFAULT@SECLEVEL=0 \
	</dev/null >/dev/null 2>&1 || true
wait_until 50 grep -qE '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} \[info\] [0-9]+: 127\.0\.0\.1: TLS: .*TLS 1\.3' \
	"$scratch/main.log" || bad "no error log line for a TLS 1.1 client:
$(cat "$scratch/main.log")"

# --- --hsts: on HTTPS responses, errors included ---
hdr=$(hcurl / -D - -o /dev/null)
want "$hdr" "Strict-Transport-Security: max-age=600" "HSTS on 200"
hdr=$(hcurl /missing -D - -o /dev/null)
want "$hdr" "Strict-Transport-Security: max-age=600" "HSTS on 404"
stop_serve "$master"

# --- a busy port: exit 2, one line naming the address ---
start_serve busy --root "$scratch/site"
refuse --listen "127.0.0.1:$port" --cert "$cert" --key "$key"
want "$err" "127.0.0.1:$port" "busy port"
want "$err" "Address already in use" "busy port"
check_eq "$(hcurl /)" hello "the first server still serves"
stop_serve "$master"

# --- --redirect-http: 308 to https, no HSTS on plain HTTP ---
rport=$(freeport)
start_serve redirect --root "$scratch/site" --redirect-http "127.0.0.1:$rport" --hsts
# plain URL-ARGS...: curl over plain HTTP to the redirect port
plain() { curl -sS --max-time 10 -o /dev/null -D - "$@" || true; }
hdr=$(plain "http://127.0.0.1:$rport/a/b.html?x=1&y=2")
want "$hdr" "HTTP/1.1 308" "redirect GET"
want "$hdr" "Location: https://127.0.0.1:$port/a/b.html?x=1&y=2" "redirect GET"
has "$hdr" "Strict-Transport-Security" && bad "HSTS on plain HTTP: $hdr"
hdr=$(plain -X POST --data x "http://localhost:$rport/form")
want "$hdr" "HTTP/1.1 308" "redirect POST"
want "$hdr" "Location: https://localhost:$port/form" "redirect POST"
hdr=$(plain -I "http://127.0.0.1:$rport/")
want "$hdr" "HTTP/1.1 308" "redirect HEAD"
want "$hdr" "Location: https://127.0.0.1:$port/" "redirect HEAD"
# an absolute-form target: its path, not the whole target
out=$(py RPORT="$rport" <<'EOF'
import os
from serve_client import *
c = Conn(int(os.environ["RPORT"]), tls=False)
c.send(b"GET http://example.test/p?q=1 HTTP/1.1\r\nHost: example.test\r\n\r\n")
r = c.response()
print(r.status, r.header("Location"))
EOF
) || true
check_eq "$out" "308 https://example.test:$port/p?q=1" "redirect of an absolute-form target"
# curl follows it to the page
out=$(curl -sSL --max-time 10 --cacert "$ca/ca.pem" \
	--resolve "localhost:$port:127.0.0.1" "http://localhost:$rport/" 2>&1) || true
check_eq "$out" hello "following the redirect"
hdr=$(hcurl / -D - -o /dev/null)
want "$hdr" "Strict-Transport-Security: max-age=31536000" "default --hsts"
stop_serve "$master"

# --- no --cert: a localhost certificate from the local CA, made once ---
start_serve localca --root "$scratch/site" --ca-dir "$scratch/localca"
[ -s "$scratch/localca/ca.pem" ] || bad "no CA made in --ca-dir"
# localca_get: GET / verified against that CA; the certificate's fingerprint
localca_get() {
	curl -sS --max-time 10 --cacert "$scratch/localca/ca.pem" \
		--resolve "localhost:$port:127.0.0.1" "https://localhost:$port/" 2>&1 || true
}
check_eq "$(localca_get)" hello "GET / with the local CA's certificate"
fp1=$(openssl x509 -in "$scratch/localca/serve/localhost.pem" -noout -fingerprint -sha256)
stop_serve "$master"
start_serve localca2 --root "$scratch/site" --ca-dir "$scratch/localca"
check_eq "$(localca_get)" hello "GET / after a restart"
check_eq "$(openssl x509 -in "$scratch/localca/serve/localhost.pem" -noout -fingerprint -sha256)" \
	"$fp1" "the local certificate is reused"
stop_serve "$master"

serve_finish "ward serve: command, listeners, SNI, endpoint, logs, HSTS, redirect"
