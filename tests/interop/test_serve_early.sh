#!/usr/bin/env bash
# ward serve --early-data (TLS 1.3 0-RTT, RFC 8446 2.3; RFC 8470) with one
# worker (its own strike register): openssl s_client -early_data gets a
# GET that arrived in early data answered; the same ticket again is
# refused its early data (a replay); a POST in early data gets 425 Too
# Early and the connection goes on (the next request is answered); ward
# get --early-data has its GET accepted; without --early-data tickets
# allow none; with two workers (one register in shared memory) a ticket's
# early data is accepted once and refused on each of four more uses,
# whichever worker SO_REUSEPORT gives them to, the request sent after the
# handshake answered every time.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

site_root hello
sess=$scratch/s_client.sess
# Connection: close, so that s_client -ign_eof ends when it is answered
printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >"$scratch/get.txt"
printf 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nabcd' >"$scratch/post.txt"

# s_client ARGS...: $out is what it printed; stdin from $s_in (default
# nothing), sent a second after connecting
s_client() {
	out=$( (sleep 1; [ -z "${s_in:-}" ] || printf '%b' "$s_in"; sleep 1.5) |
		timeout 10 openssl s_client -tls1_3 -connect "127.0.0.1:$port" \
			-servername localhost -CAfile "$ca/ca.pem" \
			-verify_return_error -ign_eof "$@" 2>&1) || true
}
new_ticket() {
	s_in='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
		s_client -sess_out "$sess"
	want "$out" "New, TLSv1.3" "a first connection"
}

# --- bad sizes are refused (exit 2): early bytes wait in the input
# buffer until the handshake is done ---
rc=0
err=$("$WARD_BIN" serve --root "$site" --cert "$cert" --key "$key" \
	--early-data 64k 2>&1 >/dev/null) || rc=$?
[ "$rc" -eq 2 ] || bad "--early-data 64k: exit $rc, want 2"
want "$err" "--early-data: at most 32k" "--early-data 64k: the reason"
rc=0
"$WARD_BIN" serve --root "$site" --early-data lots >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || bad "--early-data lots: exit $rc, want 2"

start_serve early --root "$site" --early-data 16k
new_ticket
want "$(openssl sess_id -in "$sess" -text -noout)" "Max Early Data: 16384" \
	"tickets allow early data"

# --- a GET in early data: answered ---
s_client -sess_in "$sess" -early_data "$scratch/get.txt"
want "$out" "Reused, TLSv1.3" "GET in early data: resumed"
want "$out" "Early data was accepted" "GET in early data: accepted"
want "$out" "HTTP/1.1 200 OK" "GET in early data: answered"
want "$out" "hello" "GET in early data: the page"

# --- the same ticket again (a replayed first flight): refused ---
s_client -sess_in "$sess" -early_data "$scratch/get.txt"
want "$out" "Reused, TLSv1.3" "replayed ticket: resumed"
want "$out" "Early data was rejected" "replayed ticket: early data rejected"
if has "$out" "HTTP/1.1 200"; then
	bad "replayed ticket: the early request was answered: $out"
fi

# --- a POST in early data: 425, and the connection goes on ---
new_ticket
s_in='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
	s_client -sess_in "$sess" -early_data "$scratch/post.txt"
want "$out" "Early data was accepted" "POST in early data: accepted"
want "$out" "HTTP/1.1 425 Too Early" "POST in early data: 425"
want "$out" "HTTP/1.1 200 OK" "after the 425: the next request answered"

# --- ward get --early-data ---
gsess=$scratch/get.sessions
get --cacert "$ca/ca.pem" --session "$gsess" -o /dev/null \
	-w '%{http_code} %{early_data}\n' "https://localhost:$port/"
want "$out" "200 none" "ward get: first connection"
get --cacert "$ca/ca.pem" --session "$gsess" --early-data \
	-w '%{http_code} resumed=%{tls_resumed} early=%{early_data}\n' \
	"https://localhost:$port/"
rc_is 0 "ward get --early-data"
want "$out" "hello" "ward get --early-data: the page"
want "$out" "200 resumed=1 early=accepted" "ward get --early-data: accepted"
stop_serve "$master"

# --- without --early-data: tickets allow none ---
start_serve noearly --root "$site"
new_ticket
want "$(openssl sess_id -in "$sess" -text -noout)" "Max Early Data: 0" \
	"no --early-data: tickets allow none"
stop_serve "$master"

# --- two workers share the register: once per ticket, either worker ---
start_serve two --root "$site" --early-data 16k --workers 2
! grep -q "early data is declined" "$scratch/two.log" ||
	bad "two workers: early data declined: $(cat "$scratch/two.log")"
new_ticket
s_client -sess_in "$sess" -early_data "$scratch/get.txt"
want "$out" "Early data was accepted" "two workers: the first use accepted"
want "$out" "HTTP/1.1 200 OK" "two workers: the first use answered"
# new connections, new source ports: SO_REUSEPORT spreads them over
# both workers, and neither takes the ticket's early data again
for i in 1 2 3 4; do
	s_in='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
		s_client -sess_in "$sess" -early_data "$scratch/get.txt"
	want "$out" "Reused, TLSv1.3" "two workers, use $((i + 1)): resumed"
	want "$out" "Early data was rejected" "two workers, use $((i + 1)): early data rejected"
	check_eq "$(grep -c "^HTTP/1.1 200 OK" <<<"$out")" 1 \
		"two workers, use $((i + 1)): only the request sent after the handshake answered"
done
stop_serve "$master"

# --- a route that opts in (config: early-data: true) takes a PUT that
# came in early data; the others answer it 425 ---
mkdir -p "$scratch/up" "$scratch/safe"
cat >"$scratch/early.yaml" <<YAML
early-data: 16k
sites:
  - names: [localhost]
    routes:
      - path: /up/
        store: {root: $scratch/up, public: true}
        early-data: true
      - path: /safe/
        store: {root: $scratch/safe, public: true}
      - path: /
        static: {root: $site}
YAML
put() { printf 'PUT /%s/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi' "$1"; }
start_serve optin --config "$scratch/early.yaml"
new_ticket
put up >"$scratch/put-up.txt"
s_client -sess_in "$sess" -early_data "$scratch/put-up.txt"
want "$out" "Early data was accepted" "early-data: true route: accepted"
want "$out" "HTTP/1.1 201 Created" "early-data: true route: the PUT taken"
check_eq "$(cat "$scratch/up/x" 2>/dev/null)" "hi" "early-data: true route: the bytes on disk"
new_ticket
put safe >"$scratch/put-safe.txt"
s_client -sess_in "$sess" -early_data "$scratch/put-safe.txt"
want "$out" "HTTP/1.1 425 Too Early" "a route without early-data: 425"
[ ! -e "$scratch/safe/x" ] || bad "a route without early-data: the PUT was written"
stop_serve "$master"
serve_finish "ward serve --early-data: GET accepted, replay refused, POST 425, ward get --early-data, off by default, once per ticket across two workers, a route's opt-in"
