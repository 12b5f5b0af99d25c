#!/usr/bin/env bash
# TLS 1.2 session resumption on `ward serve`: by ticket (RFC 5077) and by
# session ID, with openssl s_client (-reconnect, -sess_out/-sess_in from
# one process to the next), gnutls-cli --resume, across two workers and
# across a SIGHUP reload; the scripted client (tls12_resume.py) for what
# must not resume: a tampered ticket, another server name, a suite not
# offered, an expired session (all full handshakes), a resumption without
# extended_master_secret (handshake_failure), a bad Finished and a missing
# ChangeCipherSpec in the abbreviated handshake; under the legacy policy
# no session kept without the extended master secret (scripted, and
# openssl with Options = -ExtendedMasterSecret); ticket keys that rotate,
# and ticket keys shared by two servers through --ticket-key-file, across
# reloads and a restart.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl gnutls-cli python3
python3 -c 'import cryptography' 2>/dev/null ||
	fail "python3-cryptography is missing (scripts/deps.sh installs it)"
resume12() { timeout 60 python3 "$interop/tls12_resume.py" "$port" "$@" 2>&1 || true; }

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"

# s_client ARGS...: one TLS 1.2 connection that GETs /.well-known/ward/
# connection; $out holds all it printed
s_client() {
	out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -connect "127.0.0.1:$port" \
			-servername localhost -CAfile "$ca/ca.pem" \
			-verify_return_error -tls1_2 -ign_eof "$@" 2>&1) || true
}
count() { grep -c -- "$2" <<<"$1" || true; }

start_serve resume --workers 2 --root "$site"
main_port=$port

# --- -reconnect: one full handshake, five resumed ---
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(-no_ticket)
	s_client -reconnect "${args[@]}"
	check_eq "$(count "$out" "^New, TLSv1.2")" 1 "-reconnect ($mode): new sessions"
	check_eq "$(count "$out" "^Reused, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256")" 5 \
		"-reconnect ($mode): resumed sessions"
	if [ "$mode" = ticket ]; then
		want "$out" "TLS session ticket lifetime hint: 3600" "-reconnect (ticket)"
	else
		! has "$out" "TLS session ticket:" ||
			bad "-reconnect -no_ticket: a ticket was sent"
	fi
done

# --- -sess_out, then -sess_in from other processes, on either worker ---
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(-no_ticket)
	s_client -sess_out "$scratch/$mode.sess" "${args[@]}"
	want "$out" "New, TLSv1.2" "sess_out ($mode)"
	want "$out" '"resumed":false' "sess_out ($mode): connection page"
	reused=0
	for i in 1 2 3 4 5 6 7 8; do
		s_client -sess_in "$scratch/$mode.sess" "${args[@]}"
		has "$out" "Reused, TLSv1.2" && has "$out" '"resumed":true' &&
			reused=$((reused + 1))
	done
	# two workers share the cache and the keys: every one resumes
	check_eq "$reused" 8 "sess_in ($mode): resumed of 8, two workers"
done

# --- gnutls-cli --resume, TLS 1.2 ---
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(--noticket)
	out=$(timeout 30 gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' \
		--x509cafile "$ca/ca.pem" -p "$port" localhost --resume \
		"${args[@]}" </dev/null 2>&1) || true
	want "$out" "This is a resumed session" "gnutls-cli --resume ($mode)"
	want "$out" "Description: (TLS1.2-X.509)" "gnutls-cli --resume ($mode)"
done

# --- what must not resume (scripted client) ---
for mode in ticket id; do
	out=$(resume12 full "$scratch/$mode.json" "$mode")
	want "$out" "http: HTTP/1.1 200 OK" "scripted full handshake ($mode)"
	[ "$mode" = ticket ] && want "$out" "session_id=0 ticket=" "$mode: a ticket and no ID"
	[ "$mode" = id ] && want "$out" "session_id=32 ticket=0" "$mode: an ID and no ticket"
	out=$(resume12 resume "$scratch/$mode.json" ok)
	want "$out" "resumed" "scripted resumption ($mode)"
	want "$out" "server finished ok" "scripted resumption ($mode)"
	want "$out" "http: HTTP/1.1 200 OK" "scripted resumption ($mode)"
	# RFC 7627 5.3: abort, not a full handshake
	check_eq "$(resume12 resume "$scratch/$mode.json" no-ems)" "alert: 2 40" \
		"$mode without extended_master_secret"
	# RFC 6066 3, RFC 5246 7.4.1.2: a full handshake
	check_eq "$(resume12 resume "$scratch/$mode.json" other-sni)" full \
		"$mode for another server name"
	check_eq "$(resume12 resume "$scratch/$mode.json" no-suite)" full \
		"$mode without its suite offered"
	# the abbreviated handshake's own checks, the alert under the keys
	out=$(resume12 resume "$scratch/$mode.json" bad-finished)
	want "$out" "server finished ok" "$mode, bad client Finished"
	want "$out" "alert: 2 51" "$mode, bad client Finished: decrypt_error"
	out=$(resume12 resume "$scratch/$mode.json" no-ccs)
	want "$out" "alert: 2 10" "$mode, Finished without ChangeCipherSpec"
done
check_eq "$(resume12 resume "$scratch/ticket.json" tamper)" full "a tampered ticket"

# --- the legacy policy: a session without extended_master_secret gets
# neither ticket nor ID (RFC 7627 5.3: never resumed); an EMS session
# offered without the extension is still handshake_failure ---
main_master=$master
start_serve legacy --tls-policy legacy --root "$site"
for mode in ticket id; do
	out=$(resume12 full "$scratch/legacy-$mode-no-ems.json" "$mode-no-ems")
	want "$out" "full: session_id=0 ticket=0 ems=0" "legacy, no EMS ($mode): not resumable"
	want "$out" "http: HTTP/1.1 200 OK" "legacy, no EMS ($mode)"
	out=$(resume12 full "$scratch/legacy-$mode.json" "$mode")
	want "$out" "ems=1" "legacy, EMS ($mode)"
	want "$(resume12 resume "$scratch/legacy-$mode.json" ok)" "server finished ok" \
		"legacy, EMS ($mode): resumed"
	check_eq "$(resume12 resume "$scratch/legacy-$mode.json" no-ems)" "alert: 2 40" \
		"legacy: $mode without extended_master_secret"
done
# openssl without EMS (OpenSSL 3's Options = -ExtendedMasterSecret): six
# full handshakes, nothing resumed, by ticket or by ID
printf '%s\n' 'openssl_conf = openssl_init' '[openssl_init]' \
	'ssl_conf = ssl_sect' '[ssl_sect]' \
	'system_default = system_default_sect' '[system_default_sect]' \
	'Options = -ExtendedMasterSecret' >"$scratch/no-ems.cnf"
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(-no_ticket)
	OPENSSL_CONF=$scratch/no-ems.cnf s_client -reconnect "${args[@]}"
	check_eq "$(count "$out" "^New, TLSv1.2")" 6 "legacy, s_client without EMS ($mode): new sessions"
	check_eq "$(count "$out" "^Reused")" 0 "legacy, s_client without EMS ($mode): resumed"
	has "$out" "Extended master secret: no" ||
		bad "legacy, s_client without EMS ($mode): EMS negotiated"
done
stop_serve "$master"
master=$main_master port=$main_port
# the default policy refuses that client (RFC 7627: required)
OPENSSL_CONF=$scratch/no-ems.cnf s_client
want "$out" "sslv3 alert handshake failure" "default policy, s_client without EMS"

# --- a reload keeps the keys and the cache ---
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(-no_ticket)
	s_client -sess_out "$scratch/hup-$mode.sess" "${args[@]}"
done
kill -HUP "$master"
wait_until 150 grep -q "reloaded: generation 2," "$scratch/resume.log" ||
	bad "no reload after SIGHUP"
for mode in ticket id; do
	args=()
	[ "$mode" = ticket ] || args=(-no_ticket)
	s_client -sess_in "$scratch/hup-$mode.sess" "${args[@]}"
	want "$out" "Reused, TLSv1.2" "after SIGHUP ($mode)"
done
! grep -qiE '[0-9a-f]{32}' "$scratch/resume.log" ||
	bad "the error log holds something like a key"
stop_serve "$master"

# --- expiry: sessions live --session-timeout ---
keys=$scratch/ticket.keys
{
	echo "# the first key seals"
	openssl rand -hex 48
} >"$keys"
chmod 600 "$keys"
start_serve expiry --session-timeout 2 --ticket-rotate 1 --root "$site"
exp_master=$master exp_port=$port
# keys from a file never expire: only the ticket's own lifetime ends it
start_serve expiry-file --session-timeout 2 --ticket-key-file "$keys" \
	--root "$site"
file_port=$port
port=$exp_port
resume12 full "$scratch/exp-ticket.json" ticket >/dev/null
resume12 full "$scratch/exp-id.json" id >/dev/null
port=$file_port
resume12 full "$scratch/exp-file.json" ticket >/dev/null
sleep 3.5
check_eq "$(resume12 resume "$scratch/exp-file.json" ok)" full \
	"an expired ticket, its key alive"
port=$exp_port
for mode in ticket id; do
	check_eq "$(resume12 resume "$scratch/exp-$mode.json" ok)" full \
		"an expired session ($mode)"
done
stop_serve "$exp_master"
stop_serve "$master"

# --- rotation: a ticket of the previous key still resumes ---
# (rotated after 4 s; the margin to the 8 s lifetime is for a busy machine)
start_serve rotate --session-timeout 8 --ticket-rotate 4 --root "$site"
resume12 full "$scratch/rot.json" ticket >/dev/null
sleep 4.5
out=$(resume12 resume "$scratch/rot.json" ok)
want "$out" "server finished ok" "a ticket of the previous key"
want "$out" "ticket renewed" "a ticket of the previous key: replaced"
stop_serve "$master"

# --- --session-cache 0: no session IDs, tickets still ---
start_serve nocache --session-cache 0 --root "$site"
s_client -reconnect -no_ticket
check_eq "$(count "$out" "^Reused")" 0 "--session-cache 0: resumed by ID"
grep -qE '^ *Session-ID: *$' <<<"$out" ||
	bad "--session-cache 0: a session ID was given"
s_client -reconnect
check_eq "$(count "$out" "^Reused")" 5 "--session-cache 0: resumed by ticket"
stop_serve "$master"

# --- --ticket-key-file: two servers resume each other's tickets ---
chmod 644 "$keys"
rc=0
"$WARD_BIN" serve --listen "127.0.0.1:$(freeport)" --cert "$cert" --key "$key" \
	--ticket-key-file "$keys" --error-log "$scratch/refused.log" \
	2>"$scratch/refused.stderr" || rc=$?
check_eq "$rc" 2 "a key file others may read: exit code"
want "$(cat "$scratch/refused.stderr")" "--ticket-key-file $keys: mode 0644" \
	"a key file others may read"
chmod 600 "$keys"
start_serve fleet-a --ticket-key-file "$keys" --root "$site"
a_master=$master a_port=$port
start_serve fleet-b --ticket-key-file "$keys" --root "$site"
b_master=$master b_port=$port
port=$a_port
resume12 full "$scratch/fleet.json" ticket >/dev/null
port=$b_port
out=$(resume12 resume "$scratch/fleet.json" ok)
want "$out" "server finished ok" "a ticket of server A on server B"
# a new key first, the old one second: old tickets still open
old=$(grep -v '^#' "$keys")
{
	openssl rand -hex 48
	echo "$old"
} >"$keys.new"
chmod 600 "$keys.new"
mv "$keys.new" "$keys"
kill -HUP "$b_master"
wait_until 150 grep -q "reloaded: generation 2," "$scratch/fleet-b.log" ||
	bad "server B: no reload"
out=$(resume12 resume "$scratch/fleet.json" ok)
want "$out" "server finished ok" "the old key, second in the file"
head -n 1 "$keys" >"$keys.new"
chmod 600 "$keys.new"
mv "$keys.new" "$keys"
kill -HUP "$b_master"
wait_until 150 grep -q "reloaded: generation 3," "$scratch/fleet-b.log" ||
	bad "server B: no second reload"
check_eq "$(resume12 resume "$scratch/fleet.json" ok)" full \
	"the old key, gone from the file"
# a restart with the same file: tickets of before still resume
resume12 full "$scratch/restart.json" ticket >/dev/null
stop_serve "$b_master"
start_serve fleet-b2 --ticket-key-file "$keys" --root "$site"
b_master=$master
out=$(resume12 resume "$scratch/restart.json" ok)
want "$out" "server finished ok" "a ticket from before a restart"
stop_serve "$a_master"
stop_serve "$b_master"
port=$main_port

serve_finish "TLS 1.2 resumption by ticket and by session ID"
