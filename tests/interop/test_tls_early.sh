#!/usr/bin/env bash
# TLS 1.3 0-RTT early data (RFC 8446 2.3, 4.2.10) against openssl and
# gnutls, both roles of the engine (ward-tls-peer): s_client -sess_in
# -early_data gets its early request accepted and answered, the same
# ticket again is refused its early data (the server's register saw it)
# and the handshake goes on; gnutls-cli --resume --earlydata is accepted
# too; the engine's client sends early data that openssl s_server
# -early_data accepts, and resends it after a refusal.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl gnutls-cli

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/leaf" ecdsa localhost
printf 'GET /early HTTP/1.1\r\nHost: localhost\r\n\r\n' >"$scratch/early.txt"
sess=$scratch/s_client.sess

# s_client ARGS...: $out is what it printed
s_client() {
	out=$( (sleep 1.5) | timeout 10 openssl s_client -tls1_3 \
		-connect "127.0.0.1:$port" -servername localhost \
		-CAfile "$ca/ca.pem" -verify_return_error -ign_eof "$@" 2>&1) || true
}

# --- openssl s_client against the engine's server ---
start_ward early --cert "$scratch/leaf.pem" --key "$scratch/leaf-key.pem" \
	--early-data 16384
s_client -sess_out "$sess"
want "$out" "New, TLSv1.3" "s_client: first connection"
want "$(openssl sess_id -in "$sess" -text -noout)" "Max Early Data: 16384" \
	"s_client: the ticket allows early data"
s_client -sess_in "$sess" -early_data "$scratch/early.txt"
want "$out" "Reused, TLSv1.3" "s_client -early_data: resumed"
want "$out" "Early data was accepted" "s_client -early_data: accepted"
want "$out" "GET /early HTTP/1.1" "s_client -early_data: the early request echoed"
want "$out" "early=accepted early_bytes=$(wc -c <"$scratch/early.txt")" \
	"the server counted the early bytes"
# the same ticket again: a replay, refused its early data; the
# handshake goes on
s_client -sess_in "$sess" -early_data "$scratch/early.txt"
want "$out" "Reused, TLSv1.3" "replayed ticket: resumed"
want "$out" "Early data was rejected" "replayed ticket: early data rejected"
if has "$out" "GET /early"; then
	bad "replayed ticket: the early request was processed: $out"
fi
want "$(cat "$scratch/early.out")" "handshake ok version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 sig=- alpn=- sni=localhost hrr=0 resumed=1 early=rejected" \
	"replayed ticket: the server says rejected"

# --- gnutls-cli --resume --earlydata: its second connection's early
# data accepted and echoed ---
printf 'GET /gnutls-early HTTP/1.1\r\n\r\n' >"$scratch/gnutls-early.txt"
out=$( (sleep 2) | timeout 15 gnutls-cli --resume \
	--earlydata="$scratch/gnutls-early.txt" --x509cafile "$ca/ca.pem" \
	--priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' -p "$port" localhost 2>&1) || true
want "$out" "This is a resumed session" "gnutls-cli --earlydata: resumed"
want "$out" "resumed=1 early=accepted early_bytes=30" "gnutls-cli --earlydata: accepted"
want "$out" "GET /gnutls-early" "gnutls-cli --earlydata: the early bytes echoed"
stop "$ward_pid"

# --- a server without --early-data: its tickets allow none, and a
# client sends none ---
start_ward noearly --cert "$scratch/leaf.pem" --key "$scratch/leaf-key.pem"
s_client -sess_out "$sess"
want "$out" "New, TLSv1.3" "no early data: first connection"
want "$(openssl sess_id -in "$sess" -text -noout)" "Max Early Data: 0" \
	"no early data: the ticket allows none"
s_client -sess_in "$sess" -early_data "$scratch/early.txt"
want "$out" "Reused, TLSv1.3" "no early data: resumed"
want "$out" "Early data was not sent" "no early data: s_client sent none"
stop "$ward_pid"

# --- the engine's client against openssl s_server -early_data ---
(sleep 15) | openssl s_server -tls1_3 -accept 127.0.0.1:0 -naccept 3 \
	-early_data -cert "$scratch/leaf.pem" -key "$scratch/leaf-key.pem" \
	>"$scratch/s_server.out" 2>&1 &
srv_pid=$!
pids+=("$srv_pid")
wait_for "$scratch/s_server.out" '^ACCEPT 127\.0\.0\.1:[0-9]+$' ||
	fail "s_server did not start: $(cat "$scratch/s_server.out")"
port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/s_server.out")
psess=$scratch/peer.sess
peer() {
	out=$(timeout 20 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" "$@" 2>&1) || true
}
peer --send 'ping\n' --sess-out "$psess"
want "$out" "resumed=0 early=none" "ward-tls-peer to s_server: first connection"
peer --sess-in "$psess" --early 'early ping\n' --sess-out "$psess.2"
want "$out" "resumed=1 early=accepted early_bytes=11" \
	"ward-tls-peer to s_server: early data accepted"
# openssl 3.0 s_server takes each ticket once: the same session again
# is refused its early data, which the client resends after the handshake
peer --sess-in "$psess" --early 'early again\n'
want "$out" "resumed=" "ward-tls-peer to s_server: replayed ticket"
want "$out" "early=rejected early_bytes=12" "ward-tls-peer to s_server: rejected"
wait_exit "$srv_pid" 150
srv=$(cat "$scratch/s_server.out")
want "$srv" "Early data received:" "s_server saw early data"
want "$srv" "early ping" "s_server: the early bytes"
want "$srv" "early again" "s_server: the resent bytes, after the handshake"
finish "0-RTT: s_client -early_data and gnutls-cli --earlydata to the engine (accepted, replay refused), the engine to s_server -early_data"
