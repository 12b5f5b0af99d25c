#!/usr/bin/env bash
# What ward's TLS engine refuses, and the one alert it sends for each:
# against openssl s_client (TLS 1.1 only, no common suite or group),
# against records spoiled in flight by a man in the middle (tls_raw.py
# proxy), against hand-built ClientHellos (tls_raw.py hello), and as a
# client that meets a server it must not trust (openssl s_server).
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl python3
# the interpreter itself, not a launcher shim that costs 0.1 s a start
python=$(python3 -c 'import sys; print(sys.executable)')
raw() { "$python" "$WARD_TESTS/interop/tls_raw.py" "$@"; }

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/ecdsa" ecdsa localhost
# expired five days ago
issue "$ca" "$scratch/expired" ecdsa --backdate 10 --days 5 localhost
make_ca "$scratch/other-ca"
issue "$scratch/other-ca" "$scratch/untrusted" ecdsa localhost

cert=(--cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem")

# s_client ARGS...: openssl s_client to $port (stdin: one line); $out
s_client() {
	out=$(echo "ping" | timeout 10 openssl s_client \
		-connect "127.0.0.1:$port" -servername localhost \
		-CAfile "$ca/ca.pem" -ign_eof "$@" 2>&1) || true
}

# ward_said NAME WANT-RC LINE WHAT: ward-tls-peer server NAME (--once) has
# exited with WANT-RC and its stderr holds LINE
ward_said() {
	wait_exit "$ward_pid"
	local err
	err=$(cat "$scratch/$1.err")
	[ "$rc" = "$2" ] || bad "$4: ward's server exited $rc, expected $2 ($err)"
	want "$err" "$3" "$4: ward's server"
}

# --- (a) a TLS 1.1 client: protocol_version (TLS 1.2 is spoken: see
# test_tls12_server.sh) ---
start_ward v11 "${cert[@]}" --once
s_client -tls1_1 -cipher DEFAULT@SECLEVEL=0
want "$out" "tlsv1 alert protocol version" "TLS 1.1 client"
want "$out" "SSL alert number 70" "TLS 1.1 client"
ward_said v11 1 "handshake failed: protocol_version alert_sent=protocol_version" \
	"TLS 1.1 client"

# --- (b) no cipher suite in common: handshake_failure ---
start_ward suite "${cert[@]}" --once --suites TLS_AES_128_GCM_SHA256
s_client -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256
want "$out" "sslv3 alert handshake failure" "no common suite"
want "$out" "SSL alert number 40" "no common suite"
ward_said suite 1 "handshake failed: handshake_failure alert_sent=handshake_failure no cipher suite in common" \
	"no common suite"

# --- (c) no group in common: handshake_failure ---
start_ward group "${cert[@]}" --once --groups x25519
s_client -tls1_3 -groups P-384
want "$out" "sslv3 alert handshake failure" "no common group"
want "$out" "SSL alert number 40" "no common group"
ward_said group 1 "handshake failed: handshake_failure alert_sent=handshake_failure no key exchange group in common" \
	"no common group"

# --- no signature scheme the client offers fits the certificate: an RSA
# scheme, or ECDSA on another curve (TLS 1.3 binds the curve) ---
for sigalgs in RSA-PSS+SHA256 ECDSA+SHA384; do
	start_ward "sigalgs-$sigalgs" "${cert[@]}" --once
	s_client -tls1_3 -sigalgs "$sigalgs"
	want "$out" "SSL alert number 40" "client offers only $sigalgs"
	ward_said "sigalgs-$sigalgs" 1 "handshake failed: handshake_failure alert_sent=handshake_failure no signature scheme" \
		"client offers only $sigalgs"
done

# --- (d), (e): the client's first application-data record spoiled in
# flight, after a good handshake ---
# through_proxy NAME MODE: s_client -> tls_raw.py proxy MODE -> ward
through_proxy() {
	start_ward "$1" "${cert[@]}" --once
	start_proxy "$1-proxy" "$port" "$2"
	s_client -tls1_3 -verify_return_error
	wait_exit "$proxy_pid"
	has "$(cat "$scratch/$1-proxy.out")" "changed record 2 ($2)" ||
		bad "$1: the proxy changed nothing: $(cat "$scratch/$1-proxy.out")"
}

# (d) one bit of the tag flipped: bad_record_mac
through_proxy flip flip
want "$out" "sslv3 alert bad record mac" "corrupted record"
want "$out" "SSL alert number 20" "corrupted record"
# --once: 0 because the handshake itself succeeded
ward_said flip 0 "connection failed: bad_record_mac alert_sent=bad_record_mac" \
	"corrupted record"

# (e) the header claims 2^14 + 256 + 1 bytes: record_overflow
through_proxy overflow overflow
want "$out" "alert record overflow" "oversized protected record"
want "$out" "SSL alert number 22" "oversized protected record"
ward_said overflow 0 "connection failed: record_overflow alert_sent=record_overflow" \
	"oversized protected record"

# (e') a plaintext record of 2^14 + 1 bytes before any handshake: the alert
# goes back in plaintext
start_ward plain-overflow "${cert[@]}" --once
out=$(raw oversized "$port" 2>&1) || true
want "$out" "received: 15 03 03 00 02 02 16" "oversized plaintext record"
ward_said plain-overflow 1 "handshake failed: record_overflow alert_sent=record_overflow" \
	"oversized plaintext record"

# --- hand-built ClientHellos; each answered by one plaintext alert ---
# hello VARIANT ALERT-HEX ALERT-NAME [SERVER-ARGS...]
hello() {
	local variant=$1 hex=$2 alert=$3
	shift 3
	start_ward "hello-$variant" "${cert[@]}" --once "$@"
	out=$(raw hello "$port" "$variant" 2>&1) || true
	want "$out" "received: 15 03 03 00 02 02 $hex" "ClientHello $variant"
	ward_said "hello-$variant" 1 "handshake failed: $alert alert_sent=$alert" \
		"ClientHello $variant"
}
# accepted VARIANT [SERVER-ARGS...]: the ClientHello gets a ServerHello
# (record type 22, message type 2), so the builder is sound and what the
# spoiled variants get is down to the one change each makes
accepted() {
	local variant=$1
	shift
	start_ward "hello-$variant" "${cert[@]}" --once "$@"
	out=$(raw hello "$port" "$variant" 2>&1) || true
	[[ "$out" =~ received:\ 16\ 03\ 03\ ..\ ..\ 02\ ..$'\n' ]] ||
		bad "ClientHello $variant got no ServerHello: $out"
	stop "$ward_pid"
}
hrr=(--groups secp256r1:x25519) # the server asks x25519 offerers again
accepted ok
accepted ok-split        # the ClientHello across two records
accepted ok-p256         # a secp256r1 share (the curve's base point)
accepted psk-ignored     # a pre_shared_key ward does not resume from
accepted hrr-ok "${hrr[@]}" # HelloRetryRequest, cookie, secp256r1 share
# RFC 8446 4.1.2 lets the second ClientHello add padding and rewrite the
# PSK offer (and drop early_data: hrr-early-data below)
accepted hrr-padding "${hrr[@]}"
accepted hrr-psk "${hrr[@]}"
accepted grease          # RFC 8701 values in every list, all ignored
accepted future-versions # 0x0305 listed before 0x0304
accepted legacy-0301     # legacy_version is not for negotiation in 1.3
accepted fill-limit      # a ClientHello of 2^14 bytes fills one record
accepted ok-x448         # an X448 share
accepted ok-ffdhe2048    # a finite-field share, Y = 2
start_ward hello-empty-key-share "${cert[@]}" --once
out=$(raw hello "$port" empty-key-share 2>&1) || true
want "$out" "(HelloRetryRequest)" "ClientHello with no key share at all"
stop "$ward_pid"
# 0-RTT data after the ClientHello (early_data, a pre_shared_key ward
# cannot know, one protected record): RFC 8446 4.2.10 wants a server that
# takes no early data to skip what it cannot decrypt, after a ServerHello
# or a HelloRetryRequest alike, and wait for the client's next flight
start_ward hello-early-data "${cert[@]}" --once
out=$(raw hello "$port" early-data 2>&1) || true
want "$out" "received: 16 03 03" "0-RTT data: a ServerHello"
want "$out" "then: 14 17 ..." "0-RTT data after a ServerHello is skipped"
stop "$ward_pid"
start_ward hello-hrr-early-data "${cert[@]}" --once "${hrr[@]}"
out=$(raw hello "$port" hrr-early-data 2>&1) || true
want "$out" "then: 17 ..." "0-RTT data before a HelloRetryRequest is skipped"
stop "$ward_pid"
hello no-key-share 6d missing_extension
hello no-sig-algs 6d missing_extension
hello no-groups 6d missing_extension
# supported_versions 0x0303 only: TLS 1.2, refused without extended_master_secret
hello no-tls13 28 handshake_failure
hello bad-compression 2f illegal_parameter # compression methods [1]
hello truncated 32 decode_error # extensions shorter than their length
hello dup-ext 2f illegal_parameter # supported_groups twice
hello ext-wrong-msg 2f illegal_parameter # oid_filters in a ClientHello
hello psk-not-last 2f illegal_parameter
hello psk-no-modes 6d missing_extension # RFC 8446 4.2.9
hello share-not-offered 2f illegal_parameter # share for an unlisted group
hello bad-x25519 2f illegal_parameter # a 31-byte X25519 share
hello bad-p256-point 2f illegal_parameter # a point not on the curve
hello p256-compressed 2f illegal_parameter # only uncompressed points
hello x25519-zero 2f illegal_parameter # low order: all-zero secret
hello empty-share 2f illegal_parameter # an empty key_exchange
hello bad-x448 2f illegal_parameter # a 55-byte X448 share
hello x448-zero 2f illegal_parameter # low order: all-zero secret
hello bad-p521-point 2f illegal_parameter # (1, 1) is not on P-521
hello long-p521 2f illegal_parameter # a 134-byte P-521 share
hello short-ffdhe2048 2f illegal_parameter # a 255-byte ffdhe2048 share
hello bad-unused-share 2f illegal_parameter # wrong size, not the one used
hello ccs-first 0a unexpected_message # ChangeCipherSpec before ClientHello
hello appdata-first 0a unexpected_message
hello empty-fragment 0a unexpected_message # zero-length handshake record
hello fill-over 16 record_overflow # a record of 2^14 + 1 bytes
hello hrr-same-share 2f illegal_parameter "${hrr[@]}"
hello hrr-wrong-cookie 2f illegal_parameter "${hrr[@]}"
hello hrr-no-cookie 6d missing_extension "${hrr[@]}"
hello hrr-other-suites 2f illegal_parameter "${hrr[@]}"
# anything else the second ClientHello changes is illegal_parameter
for variant in reordered added removed other-versions other-groups \
	other-sigalgs other-random other-session-id; do
	hello "hrr-$variant" 2f illegal_parameter "${hrr[@]}"
done
# RFC 8446 5.1: no other record between the records of one handshake
# message; here a ChangeCipherSpec (allowed at that point on its own)
# splits the second ClientHello
start_ward hello-hrr-ccs-inside "${cert[@]}" --once "${hrr[@]}"
out=$(raw hello "$port" hrr-ccs-inside 2>&1) || true
want "$out" "received: 15 03 03 00 02 02 0a" "a CCS inside a handshake message: unexpected_message"
stop "$ward_pid"
# RFC 8446 D.4: one dummy ChangeCipherSpec per side; a second one is
# refused before the second ClientHello it precedes
hello hrr-two-ccs 0a unexpected_message "${hrr[@]}"

# --- versions and record framing ---
# legacy_version is not for negotiation in 1.3: above 0x0300 any value is
# taken, supported_versions decides; SSL 3.0 or older is protocol_version
# though supported_versions offers TLS 1.3 (RFC 8446 D.5)
accepted legacy-0302
accepted legacy-0304
for v in 0300 02ff 0200 0100 0000; do
	hello "legacy-$v" 46 protocol_version
done
# RFC 8446 5.1: the first record's legacy_record_version is 0x0301 or
# 0x0303, and is not to be relied on; older clients write 0x0300
accepted record-0300
accepted record-0303
# before the ClientHello: empty alert and handshake records are
# unexpected_message (5.1, 5.4: empty-fragment above), an alert of other
# than two bytes is malformed (6), an unknown content type unexpected (5)
hello empty-alert 0a unexpected_message
hello short-alert 32 decode_error
hello long-alert 32 decode_error
hello unknown-type 0a unexpected_message

# KeyUpdates in a row carry nothing: 32 pass and data still flows, the
# 33rd is unexpected_message (docs/tls.md)
# updates N: ward's client sends data, N KeyUpdates, data
updates() {
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" --key-updates "$1" \
		--until "after key update" 2>&1) || rc=$?
}
start_ward updates-32 "${cert[@]}" --once
updates 32
[ "$rc" = 0 ] || bad "32 KeyUpdates: ward's client exited $rc: $out"
want "$out" "after key update" "32 KeyUpdates: data after them"
stop "$ward_pid"
start_ward updates-33 "${cert[@]}" --once
updates 33
[ "$rc" = 1 ] || bad "33 KeyUpdates: ward's client exited $rc: $out"
want "$out" "(alert unexpected_message received)" "33 KeyUpdates"
ward_said updates-33 0 "connection failed: unexpected_message alert_sent=unexpected_message the peer sent more than 32 KeyUpdates in a row" \
	"33 KeyUpdates"

# a message after the ClientHello in its record spans the key change
# (RFC 8446 5.1); the alert goes under the new keys, so ward's word it is
start_ward hello-extra "${cert[@]}" --once
out=$(raw hello "$port" extra-after-ch 2>&1) || true
want "$out" "eof" "ClientHello with a message after it: connection closed"
ward_said hello-extra 1 "handshake failed: unexpected_message alert_sent=unexpected_message" \
	"ClientHello with a message after it"

# --- ward's client against hand-built ServerHellos and
# HelloRetryRequests (tls_raw.py server); before any keys, so its alert
# is plaintext ---
# answered VARIANT ALERT-HEX ALERT-NAME
answered() {
	local variant=$1 hex=${2:-} alert=${3:-}
	raw server "$variant" >"$scratch/raw-$variant.out" 2>&1 &
	local raw_pid=$!
	pids+=("$raw_pid")
	wait_for "$scratch/raw-$variant.out" '^listening [0-9]+$' ||
		fail "tls_raw.py server did not start"
	port=$(awk '/^listening/ {print $2; exit}' "$scratch/raw-$variant.out")
	local crc=0 seen
	# shellcheck disable=SC2086 # $client_args: words
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" \
		--groups x25519:secp256r1 ${client_args:-} 2>&1) || crc=$?
	wait_exit "$raw_pid"
	seen=$(cat "$scratch/raw-$variant.out")
	[ "$crc" = 1 ] || bad "ServerHello $variant: ward's client exited $crc: $out"
	if [ -z "$alert" ]; then # accepted: the client waited for more
		want "$out" "closed the connection during the handshake (no alert)" \
			"ServerHello $variant"
		return
	fi
	want "$out" "(alert $alert sent)" "ServerHello $variant"
	want "$seen" "received: 15 03 03 00 02 02 $hex" "ServerHello $variant"
}
answered sh-ok # control: a sound ServerHello, then silence
answered sh-suite-not-offered 2f illegal_parameter
# a TLS 1.2 answer to a client that offered TLS 1.3 only
client_args="--tls-min 1.3" answered sh-tls12 46 protocol_version
answered sh-session-id 2f illegal_parameter # session id not echoed
answered sh-group-not-shared 2f illegal_parameter
answered sh-no-key-share 6d missing_extension
answered sh-bad-share 2f illegal_parameter
answered sh-x25519-zero 2f illegal_parameter
answered sh-unoffered-ext 6e unsupported_extension # pre_shared_key
answered sh-ext-wrong-msg 2f illegal_parameter # cookie in a ServerHello
# legacy_version: SSL 3.0 or older is protocol_version (RFC 8446 D.5),
# anything else but 0x0303 illegal_parameter (4.1.3 says it MUST be 0x0303
# and names no alert; 6.2: a field that is not allowed)
answered sh-legacy-0300 46 protocol_version
answered sh-legacy-0200 46 protocol_version
answered hrr-legacy-0300 46 protocol_version
answered sh-legacy-0301 2f illegal_parameter
answered sh-legacy-0304 2f illegal_parameter
answered hrr-twice 0a unexpected_message
answered hrr-same-group 2f illegal_parameter # the group already shared
answered hrr-unoffered-group 2f illegal_parameter
answered hrr-no-change 2f illegal_parameter
answered hrr-then-other-suite 2f illegal_parameter
answered hrr-then-wrong-group 2f illegal_parameter
answered hrr-then-tls12 2f illegal_parameter # TLS 1.2 after HRR
# TLS 1.2 ServerHellos (ward's client offers TLS 1.3 and 1.2)
answered sh12-ok # control: sound, then silence
answered sh12-downgrade 2f illegal_parameter # RFC 8446 4.1.3 sentinel
answered sh12-downgrade11 2f illegal_parameter
answered sh12-no-ems 28 handshake_failure # RFC 7627, required
answered sh12-no-reneg 28 handshake_failure # RFC 5746 4.1
answered sh12-reneg-not-empty 28 handshake_failure # RFC 5746 3.4
answered sh12-suite-not-offered 2f illegal_parameter
answered sh12-suite-tls13 2f illegal_parameter
# a suite ward knows (0xc02b), not among those offered
client_args="--suites12 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" \
	answered sh12-sound 2f illegal_parameter
answered sh12-compression 2f illegal_parameter
answered sh12-tls11 46 protocol_version
answered sh12-unoffered-ext 6e unsupported_extension # RFC 5246 7.4.1.4
# the sentinels mean nothing to a client that did not offer TLS 1.3
client_args="--tls-max 1.2" answered sh12-downgrade-accepted
client_args="--tls-max 1.2" answered sh12-downgrade11-accepted

# --- no ALPN protocol in common: no_application_protocol ---
start_ward alpn "${cert[@]}" --once --alpn h2
s_client -tls1_3 -alpn http/1.1
want "$out" "tlsv1 alert no application protocol" "no common ALPN"
want "$out" "SSL alert number 120" "no common ALPN"
ward_said alpn 1 "handshake failed: no_application_protocol alert_sent=no_application_protocol" \
	"no common ALPN"

# --- ward's client with TLS 1.2 off against a TLS 1.2-only server: the
# server refuses the TLS 1.3-only ClientHello with protocol_version (that
# ward's client sends protocol_version for a TLS 1.2 ServerHello is
# sh-tls12 above) ---
s_server_version=-tls1_2 start_s_server v12-server "$scratch/ecdsa" -www
rc=0
out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" --tls-min 1.3 2>&1) || rc=$?
[ "$rc" = 1 ] || bad "TLS 1.2 server: ward's client exited $rc: $out"
want "$out" "(alert protocol_version received)" "TLS 1.2 server"
wait_for "$scratch/v12-server.out" "unsupported protocol" ||
	bad "TLS 1.2 server: s_server did not log why: $(cat "$scratch/v12-server.out")"
stop "$srv_pid"

# --- ward's client refuses a server it must not trust; s_server's log
# names the alert it got ---
# refused NAME CERT-BASE SERVERNAME ALERT S_SERVER-TEXT WHY...
refused() {
	local name=$1 base=$2 host=$3 alert=$4 seen=$5
	shift 5
	start_s_server "$name" "$base" -www
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername "$host" --cafile "$ca/ca.pem" 2>&1) || rc=$?
	[ "$rc" = 1 ] || bad "$name: ward's client exited $rc: $out"
	want "$out" "(alert $alert sent)" "$name"
	local why
	for why in "$@"; do
		want "$out" "$why" "$name: the reason"
	done
	wait_for "$scratch/$name.out" "$seen" ||
		bad "$name: s_server did not log '$seen': $(cat "$scratch/$name.out")"
	stop "$srv_pid"
}
# (f) a certificate from another CA
refused untrusted "$scratch/untrusted" localhost unknown_ca \
	"tlsv1 alert unknown ca" "unknown CA" "not trusted"
# (g) the certificate is for another name
refused wrong-host "$scratch/ecdsa" wrong.example certificate_unknown \
	"sslv3 alert certificate unknown" "'wrong.example'"
# (h) the certificate has expired
refused expired "$scratch/expired" localhost certificate_expired \
	"sslv3 alert certificate expired" "expired"

# (f') a chain whose intermediate the server does not send: no path to
# the root (tests/data/x509)
x509=$WARD_TESTS/data/x509
cp "$x509/leaf.pem" "$scratch/fixture.pem"
cp "$x509/leaf.key" "$scratch/fixture-key.pem"
refused_fixture() { # NAME SERVERNAME ALERT S_SERVER-TEXT [S_SERVER-ARGS...]
	local name=$1 host=$2 alert=$3 seen=$4
	shift 4
	start_s_server "$name" "$scratch/fixture" -www "$@"
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername "$host" --cafile "$x509/root.pem" 2>&1) || rc=$?
	[ "$rc" = 1 ] || bad "$name: ward's client exited $rc: $out"
	want "$out" "(alert $alert sent)" "$name"
	wait_for "$scratch/$name.out" "$seen" ||
		bad "$name: s_server did not log '$seen': $(cat "$scratch/$name.out")"
	stop "$srv_pid"
}
refused_fixture no-intermediate test.example unknown_ca "alert unknown ca"
want "$out" "ward test intermediate" "no-intermediate: the reason"
# (g') a wildcard covers one label only
refused_fixture two-labels a.b.wild.example certificate_unknown \
	"alert certificate unknown" -cert_chain "$x509/inter.pem"
want "$out" "'a.b.wild.example'" "two-labels: the reason"

finish "TLS refusals and their alerts"
