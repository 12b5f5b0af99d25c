#!/usr/bin/env bash
# TLS 1.3 resumption and 0-RTT across a fleet: two `ward serve` instances
# sharing one --ticket-key-file resume each other's tickets (openssl
# s_client -sess_out/-sess_in), across a key rotation (new sealing key,
# the previous one kept: old tickets resume, new ones carry the new key's
# name; the previous key gone: old tickets no longer resume), a restart
# and a SIGHUP reload; with --replay-store on a redis-server started here,
# a ticket's early data is accepted on one instance and refused on the
# other, the request answered after the handshake; a first flight
# (ClientHello and 0-RTT records) captured by a relay and sent again byte
# for byte to either instance resumes but has its early data refused: the
# servers' SSLKEYLOGFILEs hold one CLIENT_EARLY_TRAFFIC_SECRET for that
# client_random, the access logs no request from the replays; with Redis
# stopped early data is refused and the handshakes and requests go on.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/redis_lib.sh"
need openssl

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"
close_get='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
printf "$close_get" >"$scratch/get.txt"

# s_client PORT ARGS...: one TLS 1.3 connection; $s_in (default: a GET
# with Connection: close) is sent once the handshake is done; the server
# closing ends it. $out is what it printed.
s_client() {
	local p=$1
	shift
	out=$( (sleep 0.7; printf '%b' "${s_in-$close_get}") |
		timeout 10 openssl s_client -tls1_3 -connect "127.0.0.1:$p" \
			-servername localhost -CAfile "$ca/ca.pem" \
			-verify_return_error -ign_eof "$@" 2>&1) || true
}
# new_ticket PORT FILE: a full handshake, its ticket in FILE
new_ticket() {
	s_client "$1" -sess_out "$2"
	want "$out" "New, TLSv1.3" "a first connection to $1"
	[ -s "$2" ] || bad "no ticket from $1"
}
# resumes PORT FILE WHAT: the ticket in FILE resumes on PORT
resumes() {
	s_client "$1" -sess_in "$2"
	want "$out" "Reused, TLSv1.3" "$3: resumed"
	want "$out" "hello" "$3: the page"
}
# ticket_name FILE: the first 16 bytes of the ticket (its key's name), hex
ticket_name() {
	openssl sess_id -in "$1" -text -noout |
		sed -n '/TLS session ticket:/,$p' |
		sed -nE 's/^ *[0-9a-f]{4} - (([0-9a-f]{2}[ -]){1,16}).*/\1/p' |
		tr -d ' \n-' | cut -c1-32
}
# reload MASTER LOG GENERATION
reload() {
	kill -HUP "$1"
	wait_until 150 grep -q "reloaded: generation $3," "$2" ||
		bad "no reload to generation $3: $(tail -n 3 "$2")"
}

keys=$scratch/ticket.keys
(umask 077 && openssl rand -hex 48 >"$keys")
k1=$(cut -c1-32 "$keys")

# --- two instances, one key file: each resumes the other's tickets ---
start_serve a --ticket-key-file "$keys" --root "$site"
a_port=$port a_master=$master
start_serve b --ticket-key-file "$keys" --root "$site"
b_port=$port b_master=$master
new_ticket "$a_port" "$scratch/a.sess"
check_eq "$(ticket_name "$scratch/a.sess")" "$k1" "a ticket's key name"
resumes "$b_port" "$scratch/a.sess" "a ticket of A on B"
new_ticket "$b_port" "$scratch/b.sess"
resumes "$a_port" "$scratch/b.sess" "a ticket of B on A"

# --- rotation: a new key first, the previous one kept; both reloaded ---
(umask 077 && { openssl rand -hex 48; cat "$keys"; } >"$keys.new")
mv "$keys.new" "$keys"
k2=$(head -n 1 "$keys" | cut -c1-32)
reload "$a_master" "$scratch/a.log" 2
reload "$b_master" "$scratch/b.log" 2
resumes "$b_port" "$scratch/a.sess" "after the rotation, an old ticket on B"
resumes "$a_port" "$scratch/b.sess" "after the rotation, an old ticket on A"
new_ticket "$b_port" "$scratch/new.sess"
check_eq "$(ticket_name "$scratch/new.sess")" "$k2" "after the rotation, a new ticket's key name"
resumes "$a_port" "$scratch/new.sess" "a ticket of the new key on A"

# --- a SIGHUP reload with the file unchanged, then a restart of A ---
new_ticket "$a_port" "$scratch/hup.sess"
reload "$a_master" "$scratch/a.log" 3
resumes "$a_port" "$scratch/hup.sess" "across a reload"
stop_serve "$a_master"
start_serve a2 --ticket-key-file "$keys" --root "$site"
a_port=$port a_master=$master
resumes "$a_port" "$scratch/hup.sess" "across a restart"
resumes "$a_port" "$scratch/a.sess" "across a restart, a ticket of the previous key"

# --- the previous key gone from the file: its tickets end ---
(umask 077 && head -n 1 "$keys" >"$keys.new")
mv "$keys.new" "$keys"
reload "$b_master" "$scratch/b.log" 3
s_client "$b_port" -sess_in "$scratch/a.sess"
want "$out" "New, TLSv1.3" "the previous key removed: a full handshake"
stop_serve "$a_master"
stop_serve "$b_master"

# --- 0-RTT across the fleet, the register in Redis ---
start_redis
early=(--ticket-key-file "$keys" --root "$site" --early-data 16k
	--replay-store "redis://127.0.0.1:$rport")
SSLKEYLOGFILE=$scratch/a.keys start_serve ea "${early[@]}" \
	--access-log "$scratch/a.access"
a_port=$port a_master=$master
SSLKEYLOGFILE=$scratch/b.keys start_serve eb "${early[@]}" \
	--access-log "$scratch/b.access"
b_port=$port b_master=$master

new_ticket "$a_port" "$scratch/e.sess"
s_in='' s_client "$a_port" -sess_in "$scratch/e.sess" -early_data "$scratch/get.txt"
want "$out" "Early data was accepted" "early data on A"
want "$out" "HTTP/1.1 200 OK" "early data on A: answered"
s_client "$b_port" -sess_in "$scratch/e.sess" -early_data "$scratch/get.txt"
want "$out" "Reused, TLSv1.3" "the same ticket on B: resumed"
want "$out" "Early data was rejected" "the same ticket's early data on B"
check_eq "$(grep -c "^HTTP/1.1 200 OK" <<<"$out")" 1 \
	"on B, only the request sent after the handshake answered"

# --- a first flight captured, then replayed byte for byte ---
new_ticket "$a_port" "$scratch/r.sess"
flight=$scratch/flight.bin
python3 "$interop/tls_raw.py" capture "$a_port" "$flight" >"$scratch/relay.out" 2>&1 &
relay=$!
pids+=("$relay")
wait_until 50 grep -q listening "$scratch/relay.out" || fail "the relay did not start"
relay_port=$(sed -n 's/^listening //p' "$scratch/relay.out")
s_in='' s_client "$relay_port" -sess_in "$scratch/r.sess" -early_data "$scratch/get.txt"
wait "$relay" || bad "the relay: $(cat "$scratch/relay.out")"
want "$out" "Early data was accepted" "through the relay: early data accepted"
want "$out" "HTTP/1.1 200 OK" "through the relay: answered"
cr=$(od -An -tx1 -j11 -N32 "$flight" | tr -d ' \n')
[ ${#cr} -eq 64 ] || fail "no client_random in the captured flight"
secrets() { cat "$scratch/a.keys" "$scratch/b.keys" 2>/dev/null |
	grep -c "^CLIENT_EARLY_TRAFFIC_SECRET $cr " || true; }
check_eq "$(secrets)" 1 "early secrets for the captured flight, before the replays"
requests() { cat "$scratch/a.access" "$scratch/b.access" | grep -c '"GET / HTTP/1.1"' || true; }
before=$(requests)
for p in "$b_port" "$a_port"; do
	out=$(python3 "$interop/tls_raw.py" replay "$p" "$flight" 2>&1) || true
	# the binder is sound: the server resumes, and refuses the 0-RTT
	want "$out" "server_hello psk=1" "the replayed flight on $p"
done
sleep 0.5
check_eq "$(secrets)" 1 "early secrets for the captured flight, after the replays"
# (a backstop: early requests wait for the client's Finished, which a
# replay cannot make, so the key logs are what tells the early data apart)
check_eq "$(requests)" "$before" "requests logged after the replays"

# --- Redis stopped: early data refused, the handshakes go on ---
stop_redis
for p in "$a_port" "$b_port"; do
	new_ticket "$p" "$scratch/down.sess"
	s_client "$p" -sess_in "$scratch/down.sess" -early_data "$scratch/get.txt"
	want "$out" "Reused, TLSv1.3" "Redis stopped, $p: resumed"
	want "$out" "Early data was rejected" "Redis stopped, $p: early data"
	check_eq "$(grep -c "^HTTP/1.1 200 OK" <<<"$out")" 1 \
		"Redis stopped, $p: the request after the handshake answered"
done
want "$(cat "$scratch/ea.log")" "cannot connect; early data is refused" \
	"Redis stopped: the log"
stop_serve "$a_master"
stop_serve "$b_master"
serve_finish "TLS 1.3 tickets and 0-RTT across two instances: shared key file, rotation, restart, Redis register, raw replay"
