#!/usr/bin/env bash
# `ward get`'s TLS options against `ward serve` and openssl s_server:
# what -w reports (version, suite, group, resumed, round trips) for TLS
# 1.3 and --tls-max 1.2; --ciphers and --groups honoured; bad names
# refused with exit 2; --session FILE: a second run resumes (ward serve:
# TLS 1.3 and TLS 1.2; s_server: a TLS 1.3 ticket, a TLS 1.2 session ID
# and a TLS 1.2 ticket) and the server agrees; the file is mode 0600; a
# corrupt file costs a warning and a full handshake only. Certificates
# are always verified.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

site_root


start_serve main --root "$site"
tls=(--cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1")
base=https://localhost:$port
conn=$base/.well-known/ward/connection
wfmt='\n%{http_code} %{tls_version} %{tls_cipher} %{tls_group} %{tls_resumed} %{num_connects}'

# the -w line (the last line of stdout)
wline() { tail -n 1 <<<"$out"; }
# the connection page's "resumed" (true/false)
page_resumed() { grep -o '"resumed":[a-z]*' <<<"$out" | head -n 1 | cut -d: -f2; }

# --- -w: what was negotiated ---
get "${tls[@]}" -w "$wfmt" "$base/"
rc_is 0 "-w default"
check_eq "$(wline)" "200 TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 0 1" "-w default (TLS 1.3)"
want "$out" "hello from ward" "-w: the body comes first"

get "${tls[@]}" --tls-max 1.2 -w "$wfmt" "$base/"
rc_is 0 "--tls-max 1.2"
check_eq "$(wline)" "200 TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 x25519 0 1" \
	"-w --tls-max 1.2"

get "${tls[@]}" --tls-min 1.3 -w "$wfmt" "$base/"
rc_is 0 "--tls-min 1.3"
check_eq "$(wline)" "200 TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 0 1" "-w --tls-min 1.3"

# two URLs, one connection: num_connects 1 then 0
get "${tls[@]}" -w '%{num_connects}\n' "$base/" "$base/"
rc_is 0 "two URLs"
check_eq "$(grep -c '^hello from ward' <<<"$out")" 2 "two URLs: two bodies"
want "$out" $'hello from ward\n1\nhello from ward\n0' "two URLs: num_connects per URL"

# timings: numbers, in order
get "${tls[@]}" -w '%{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}' -o /dev/null "$base/"
rc_is 0 "-w times"
read -r tc ta ts tt <<<"$out"
python3 -c "import sys; a=[float(x) for x in sys.argv[1:]]; sys.exit(not (0 < a[0] <= a[1] <= a[2] <= a[3]))" \
	"$tc" "$ta" "$ts" "$tt" || bad "-w times not in order: $out"

# %% and escapes; an unknown variable warned about, kept as written
get "${tls[@]}" -o /dev/null -w '100%%\t%{nope}\\n' "$base/"
rc_is 0 "-w escapes"
check_eq "$out" $'100%\t%{nope}\\n' "-w escapes"
want "$err" "unknown --write-out variable: 'nope'" "-w unknown variable warning"

# round trips before the first response byte: TCP, the TLS flights, the
# request; a reused connection only the request
rt='%{tls_version} %{tls_group} %{round_trips}\n'
get "${tls[@]}" -o /dev/null -o /dev/null -w "$rt" "$base/" "$base/"
rc_is 0 "round_trips TLS 1.3"
check_eq "$out" $'TLSv1.3 x25519 3\nTLSv1.3 x25519 1' "round_trips: TLS 1.3, then reused"
get "${tls[@]}" -o /dev/null --groups secp384r1:x25519 -w "$rt" "$base/"
check_eq "$out" "TLSv1.3 x25519 4" "round_trips: a HelloRetryRequest costs one more"
get "${tls[@]}" -o /dev/null --tls-max 1.2 -w "$rt" "$base/"
check_eq "$out" "TLSv1.2 x25519 4" "round_trips: TLS 1.2 full handshake"

# --- --ciphers, --groups, --alpn ---
get "${tls[@]}" --ciphers TLS_CHACHA20_POLY1305_SHA256 -w "$wfmt" "$base/"
rc_is 0 "--ciphers TLS 1.3"
check_eq "$(wline)" "200 TLSv1.3 TLS_CHACHA20_POLY1305_SHA256 x25519 0 1" "--ciphers TLS 1.3 suite"

get "${tls[@]}" --tls-max 1.2 --ciphers TLS_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 \
	-w "$wfmt" "$base/"
rc_is 0 "--ciphers TLS 1.2"
check_eq "$(wline)" "200 TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 x25519 0 1" \
	"--ciphers TLS 1.2 suite"

get "${tls[@]}" --groups secp384r1 -w "$wfmt" "$base/"
rc_is 0 "--groups"
check_eq "$(wline)" "200 TLSv1.3 TLS_AES_128_GCM_SHA256 secp384r1 0 1" "--groups secp384r1"

get "${tls[@]}" --alpn http/1.1 -w "$wfmt" "$conn"
rc_is 0 "--alpn http/1.1"
want "$out" '"alpn":"http/1.1"' "--alpn http/1.1 on the connection page"

get "${tls[@]}" --ciphers TLS_AES_128_GCM_SHA256:TLS_BOGUS_SUITE "$base/"
rc_is 2 "--ciphers unknown"
want "$err" "TLS_BOGUS_SUITE" "--ciphers unknown: names it"
[ -z "$out" ] || bad "--ciphers unknown: something was fetched"
get "${tls[@]}" --groups x25519:ffdhe9999 "$base/"
rc_is 2 "--groups unknown"
want "$err" "ffdhe9999" "--groups unknown: names it"
get "${tls[@]}" --tls-max 1.1 "$base/"
rc_is 2 "--tls-max 1.1"
want "$err" "--tls-max '1.1'" "--tls-max 1.1 message"
get "${tls[@]}" --tls-min 1.3 --tls-max 1.2 "$base/"
rc_is 2 "--tls-min above --tls-max"
get "${tls[@]}" --tls-max 1.2 --ciphers TLS_AES_256_GCM_SHA384 "$base/"
rc_is 2 "--ciphers: TLS 1.3 suites only with --tls-max 1.2"

# --- --session: a second run resumes ---
# (RFC 8446 resumption keeps the TLS 1.3 handshake's one round trip)
# resume_twice WHAT VERSION ARGS...: three runs with one session file
resume_twice() {
	local what=$1 version=$2 i
	shift 2
	rm -f "$scratch/sess"
	for i in 1 2 3; do
		get "${tls[@]}" --session "$scratch/sess" "$@" -w "$wfmt" "$conn"
		rc_is 0 "$what run $i"
		if [ "$i" = 1 ]; then
			check_eq "$(wline | cut -d' ' -f2,5)" "$version 0" "$what run 1: version, resumed"
			check_eq "$(page_resumed)" false "$what run 1: the server's page"
		else
			check_eq "$(wline | cut -d' ' -f2,5)" "$version 1" "$what run $i: version, resumed"
			check_eq "$(page_resumed)" true "$what run $i: the server's page"
		fi
	done
	check_eq "$(stat -c %a "$scratch/sess")" 600 "$what: session file mode"
	check_eq "$(head -n 1 "$scratch/sess")" "ward-sessions 1" "$what: magic line"
	grep -q "^localhost:$port [A-Za-z0-9+/=]*\$" "$scratch/sess" ||
		bad "$what: no entry for localhost:$port in $(cat "$scratch/sess")"
	ls "$scratch" | grep -q 'sess\.tmp' && bad "$what: a temporary file was left"
	[ -z "$err" ] || bad "$what: stderr: $err"
}
resume_twice "TLS 1.3 ticket" TLSv1.3
resume_twice "TLS 1.2" TLSv1.2 --tls-max 1.2
# resumed: TLS 1.3 keeps its one round trip, TLS 1.2 saves one
get "${tls[@]}" --session "$scratch/sess" --tls-max 1.2 -o /dev/null -w '%{tls_resumed} %{round_trips}' "$base/"
check_eq "$out" "1 3" "round_trips: TLS 1.2 resumed"

# an existing file keeps its mode 0600 even when it was wider
chmod 644 "$scratch/sess"
get "${tls[@]}" --session "$scratch/sess" "$base/"
rc_is 0 "--session over a 0644 file"
want "$err" "readable by others (mode 644)" "--session over a 0644 file: warned"
check_eq "$(stat -c %a "$scratch/sess")" 600 "--session rewrites the file 0600"

# corrupt files: a warning naming the file and line, a full handshake
printf 'ward-sessions 1\nlocalhost:%s not*base64\n' "$port" >"$scratch/sess"
get "${tls[@]}" --session "$scratch/sess" -w "$wfmt" "$base/"
rc_is 0 "corrupt base64"
want "$err" "session file $scratch/sess line 2" "corrupt base64: warning names file and line"
check_eq "$(wline | cut -d' ' -f5)" 0 "corrupt base64: a full handshake"
get "${tls[@]}" --session "$scratch/sess" -w "$wfmt" "$base/"
check_eq "$(wline | cut -d' ' -f5)" 1 "after a corrupt file: the new session is saved"

printf 'ward-sessions 1\nlocalhost:%s AAAA\n' "$port" >"$scratch/sess"
get "${tls[@]}" --session "$scratch/sess" -w "$wfmt" "$base/"
rc_is 0 "a blob the engine refuses"
want "$err" "saved TLS session for localhost:$port is malformed" "malformed blob warning"
check_eq "$(wline | cut -d' ' -f5)" 0 "malformed blob: a full handshake"

echo 'not a session file' >"$scratch/sess"
get "${tls[@]}" --session "$scratch/sess" -w "$wfmt" "$base/"
rc_is 0 "no magic line"
want "$err" "session file $scratch/sess line 1" "no magic line: warning"
check_eq "$(wline | cut -d' ' -f5)" 0 "no magic line: a full handshake"

get "${tls[@]}" --session "$scratch/none/sess" "$base/"
rc_is 0 "--session in a missing directory"
want "$err" "cannot save the TLS session" "unwritable session file: warned"

# --- openssl s_server -tls1_2: resumption by session ID (-no_ticket)
# and by RFC 5077 ticket ---
for mode in -no_ticket ""; do
	s_server_version=-tls1_2 start_s_server "sid$mode" "$scratch/localhost" -www $mode
	rm -f "$scratch/sess"
	for i in 1 2; do
		get --cacert "$ca/ca.pem" --session "$scratch/sess" -w "$wfmt" "https://localhost:$port/"
		rc_is 0 "s_server TLS 1.2 $mode run $i"
		check_eq "$(wline | cut -d' ' -f2,5)" "TLSv1.2 $((i - 1))" "s_server TLS 1.2 $mode run $i: resumed"
		if [ "$i" = 1 ]; then want "$out" "New, TLSv1.2" "s_server TLS 1.2 $mode run 1: a new session"
		else want "$out" "Reused, TLSv1.2" "s_server TLS 1.2 $mode run 2: the session reused"; fi
	done
	stop "$srv_pid"
done

# --- openssl s_server, TLS 1.3: its ticket resumes the second run ---
start_s_server t13 "$scratch/localhost" -www
rm -f "$scratch/sess"
for i in 1 2; do
	get --cacert "$ca/ca.pem" --session "$scratch/sess" -w "$wfmt" "https://localhost:$port/"
	rc_is 0 "s_server TLS 1.3 ticket run $i"
	check_eq "$(wline | cut -d' ' -f2,5)" "TLSv1.3 $((i - 1))" "s_server TLS 1.3 ticket run $i: resumed"
	if [ "$i" = 1 ]; then want "$out" "New, TLSv1.3" "s_server TLS 1.3 run 1: a new session"
	else want "$out" "Reused, TLSv1.3" "s_server TLS 1.3 run 2: the session reused"; fi
done
stop "$srv_pid"

serve_finish test_get_tls
