#!/usr/bin/env bash
# TLS 1.3 resumption (RFC 8446 2.2) against real peers, asserting what was
# resumed: openssl s_client -sess_out/-sess_in and gnutls-cli --resume
# against `ward serve` with two workers (the master's ticket keys are
# shared) and across a SIGHUP reload; Python's ssl reads "resumed": true
# on the connection page; ward-tls-peer (the engine's client) resumes
# against `ward serve` and against openssl s_server; --tickets 0 sends
# none.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl gnutls-cli

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"
sess=$scratch/s_client.pem

# s_client ARGS...: one request; $out is what s_client printed
s_client() {
	out=$(printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 openssl s_client -tls1_3 -connect "127.0.0.1:$port" \
			-servername localhost -CAfile "$ca/ca.pem" \
			-verify_return_error -ign_eof "$@" 2>&1) || true
}
# peer ARGS...: ward-tls-peer client to the server on $port
peer() {
	out=$(timeout 20 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" \
		--send 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
		--until hello "$@" 2>&1) || true
}

start_serve resume --root "$site" --workers 2

# --- openssl s_client: a full handshake, then resumed every time (on
# either worker: SO_REUSEPORT spreads the connections) ---
s_client -sess_out "$sess"
want "$out" "New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256" "s_client: first connection"
want "$out" "hello" "s_client: first connection: the page"
[ -s "$sess" ] || bad "s_client wrote no session"
for i in 1 2 3 4 5 6; do
	s_client -sess_in "$sess"
	want "$out" "Reused, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256" "s_client: resumption $i"
	want "$out" "hello" "s_client: resumption $i: the page"
done
# a resumed session's certificate is the first connection's: no new
# Certificate message was sent (s_client -msg lists what it received)
s_client -sess_in "$sess" -msg
want "$out" "Reused, TLSv1.3" "s_client -msg: resumed"
if grep -q '^<<< .*Certificate$' <<<"$out"; then
	bad "a resumed handshake carried a Certificate"
fi

# --- gnutls-cli --resume (TLS 1.3 only) ---
out=$( (sleep 1; printf 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'; sleep 1) |
	timeout 15 gnutls-cli --resume --x509cafile "$ca/ca.pem" \
		--priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' -p "$port" localhost 2>&1) || true
want "$out" "Resume Handshake was completed" "gnutls-cli --resume"
want "$out" "This is a resumed session" "gnutls-cli --resume"

# --- Python's ssl: the connection page says so ---
res=$(py <<'PY'
import json, os, socket, ssl
ctx = ssl.create_default_context(cafile=os.environ["CA"])
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
ctx.set_alpn_protocols(["http/1.1"])
def get(session=None):
    with socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), 10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost", session=session) as s:
            s.sendall(b"GET /.well-known/ward/connection HTTP/1.1\r\n"
                      b"Host: localhost\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            body = json.loads(data.split(b"\r\n\r\n", 1)[1])
            return s.session, s.session_reused, body["resumed"]
sess, reused, page = get()
print(f"first reused={reused} page={page}")
_, reused, page = get(sess)
print(f"second reused={reused} page={page}")
PY
)
want "$res" "first reused=False page=False" "python: first connection"
want "$res" "second reused=True page=True" "python: resumed, on the connection page"

# --- the engine's client against ward serve ---
psess=$scratch/peer.sess
peer --sess-out "$psess"
want "$out" "resumed=0" "ward-tls-peer: first connection"
[ "$(stat -c %a "$psess" 2>/dev/null)" = 600 ] || bad "ward-tls-peer's session file is not mode 0600"
peer --sess-in "$psess"
want "$out" "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 sig=- alpn=- sni=localhost hrr=0 resumed=1" \
	"ward-tls-peer: resumed against ward serve"
want "$out" "hello" "ward-tls-peer: resumed: the page"

# --- across a SIGHUP reload: the keys stay ---
log=$scratch/resume.log
kill -HUP "$master"
reloaded() { grep -q "reloaded: generation 2," "$log"; }
wait_until 300 reloaded || bad "no reload after SIGHUP: $(tail -n 3 "$log")"
s_client -sess_in "$sess"
want "$out" "Reused, TLSv1.3" "s_client: resumed after a reload"
peer --sess-in "$psess"
want "$out" "resumed=1" "ward-tls-peer: resumed after a reload"
stop_serve "$master"

# --- --tickets 0: no ticket, so nothing to resume ---
start_serve notickets --root "$site" --tickets 0
peer --sess-out "$scratch/none.sess"
want "$out" "no session to save" "--tickets 0: no ticket sent"
want "$out" "resumed=0" "--tickets 0: a full handshake"
stop_serve "$master"

# --- the engine's client against openssl s_server ---
(sleep 8) | openssl s_server -tls1_3 -accept 127.0.0.1:0 -naccept 2 \
	-cert "$cert" -key "$key" >"$scratch/s_server.out" 2>&1 &
sv=$!
pids+=("$sv")
wait_for "$scratch/s_server.out" '^ACCEPT 127\.0\.0\.1:[0-9]+$' ||
	fail "s_server did not start: $(cat "$scratch/s_server.out")"
port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/s_server.out")
osess=$scratch/openssl.sess
out=$(timeout 20 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" --send 'ping\n' \
	--sess-out "$osess" 2>&1) || true
want "$out" "resumed=0" "ward-tls-peer to s_server: first connection"
out=$(timeout 20 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" --send 'ping\n' \
	--sess-in "$osess" 2>&1) || true
want "$out" "sig=- alpn=- sni=localhost hrr=0 resumed=1" "ward-tls-peer to s_server: resumed"
wait_exit "$sv" 150
want "$(cat "$scratch/s_server.out")" "Reused session-id" "s_server saw the session reused"

serve_finish "TLS 1.3 resumption: s_client, gnutls-cli, python, ward-tls-peer; two workers; across a reload"
