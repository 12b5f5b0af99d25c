#!/usr/bin/env bash
# ward get --early-data (TLS 1.3 0-RTT) against openssl s_server
# -early_data: the request goes in early data when the --session ticket
# allows it and s_server accepts it (-w %{early_data}: accepted; s_server
# prints it as early data); a ticket used before is refused its early data
# (s_server's replay protection) and the request is sent again after the
# handshake (rejected, answered all the same); without --early-data, or
# for a request with a body, none is sent.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/leaf" ecdsa localhost
sess=$scratch/sessions
fifo=$scratch/s_server.in
mkfifo "$fifo"
# s_server echoes nothing: the test writes each response to its stdin
# once the request has arrived
openssl s_server -tls1_3 -accept 127.0.0.1:0 -naccept 5 -early_data \
	-cert "$scratch/leaf.pem" -key "$scratch/leaf-key.pem" <"$fifo" \
	>"$scratch/s_server.out" 2>&1 &
srv_pid=$!
pids+=("$srv_pid")
exec 3>"$fifo"
wait_for "$scratch/s_server.out" '^ACCEPT 127\.0\.0\.1:[0-9]+$' ||
	fail "s_server did not start: $(cat "$scratch/s_server.out")"
port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/s_server.out")
url=https://localhost:$port/early
n_requests=0

# fetch ARGS...: ward get in the background; once s_server has printed
# one more request line, it answers it; then the results of get
fetch() {
	n_requests=$((n_requests + 1))
	(get --cacert "$ca/ca.pem" --max-time 20 \
		-w '%{http_code} resumed=%{tls_resumed} early=%{early_data}\n' \
		"$@" "$url"; printf '%s\n%s\n' "$rc" "$out" >"$scratch/fetch.res"
	 printf '%s' "$err" >"$scratch/fetch.err") &
	local g=$! i got=0
	for ((i = 0; i < 500; i++)); do
		[ "$(grep -cE '^(GET|POST) /early HTTP/1.1' "$scratch/s_server.out")" -ge "$n_requests" ] &&
			got=1 && break
		sleep 0.02
	done
	[ "$got" = 1 ] || bad "s_server never got request $n_requests ($*)"
	printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n' >&3
	wait "$g" || true
	rc=$(sed -n 1p "$scratch/fetch.res")
	out=$(sed -n '2,$p' "$scratch/fetch.res")
	err=$(cat "$scratch/fetch.err")
}

# a first connection: the session to resume
fetch --session "$sess"
rc_is 0 "first connection"
want "$out" "200 resumed=0 early=none" "first connection"
cp "$sess" "$sess.first"
# --early-data: the request in early data, accepted; the ladder draws it
# in the first round trip, after the middlebox ChangeCipherSpec (RFC 8446
# D.4: right after the first ClientHello when offering early data), and
# EndOfEarlyData under the early keys before the client's Finished
fetch --session "$sess" --early-data --ladder
rc_is 0 "--early-data"
ladder=$(sed -n 's/^ *\([0-9]\)  *[0-9.]*ms  *\(.*\)$/\1 \2/p' <<<"$err" | tr -s ' ' | tr '\n' '|')
want "$ladder" "1 ClientHello ->|1 ChangeCipherSpec ->|1 (Application Data) ->|1 <- ServerHello|" \
	"--early-data --ladder: early data in round trip 1"
want "$ladder" "2 (EndOfEarlyData) ->|2 {Finished} ->|" \
	"--early-data --ladder: EndOfEarlyData, then Finished"
want "$out" "ok" "--early-data: the body"
want "$out" "200 resumed=1 early=accepted" "--early-data: accepted"
srv=$(cat "$scratch/s_server.out")
want "$srv" "Early data received:" "s_server got early data"
# the ticket of the first connection again: used before, refused
cp "$sess.first" "$sess"
fetch --session "$sess" --early-data
rc_is 0 "--early-data, a used ticket"
# (openssl takes a ticket once: a full handshake)
want "$out" "early=rejected" "--early-data, a used ticket: rejected"
want "$out" "ok" "--early-data, a used ticket: answered after the handshake"
# without --early-data: none sent
fetch --session "$sess"
want "$out" "200 resumed=1 early=none" "no --early-data"
# not for a request with a body
fetch --session "$sess" --early-data -d x
want "$out" "200 resumed=1 early=none" "--early-data with a body"
exec 3>&-
finish "ward get --early-data against openssl s_server -early_data: accepted, refused on a used ticket and sent again"
