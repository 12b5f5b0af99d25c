#!/usr/bin/env bash
# Ward's own ClientHello, read by an independent parser (client_hello.py,
# standard-library Python): the fields RFC 8446 4.1.2 fixes, the lists
# ward offers in their order, the key share for the first group, SNI for
# a name and none for an IP literal, fresh random and session id each
# time; TLS 1.2 offered besides TLS 1.3 by default (its suites after the
# TLS 1.3 ones, and the extensions TLS 1.2 needs), or alone (--tls-max
# 1.2), or not at all (--tls-min 1.3).
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need python3

ca=$scratch/ca
make_ca "$ca"

# hello NAME CLIENT-ARGS...: one ClientHello from ward-tls-peer client to
# client_hello.py; its decoding in $out
hello() {
	local name=$1
	shift
	python3 "$WARD_TESTS/interop/client_hello.py" >"$scratch/$name.out" 2>&1 &
	local pid=$!
	pids+=("$pid")
	wait_for "$scratch/$name.out" '^listening [0-9]+$' ||
		fail "client_hello.py did not start: $(cat "$scratch/$name.out")"
	local p
	p=$(awk '/^listening/ {print $2; exit}' "$scratch/$name.out")
	# the reader closes after the hello: the client's handshake fails
	timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$p" \
		--cafile "$ca/ca.pem" "$@" >/dev/null 2>&1 || true
	wait_exit "$pid"
	out=$(cat "$scratch/$name.out")
	[ "$rc" = 0 ] || bad "$name: the ClientHello did not parse: $out"
}
field() { sed -n "s/^$1: //p" <<<"$out"; }
# exactly FIELD VALUE WHAT: the field is VALUE, nothing more
exactly() { [ "$(field "$1")" = "$2" ] || bad "$3: $1 is '$(field "$1")', not '$2'"; }

# what every ClientHello of ward's carries
common() {
	local what=$1
	want "$out" "record: type=22 version=0x0301" "$what: record (RFC 8446 5.1)"
	want "$out" "legacy_version: 0x0303" "$what"
	want "$out" "compression_methods: 00" "$what"
	# RFC 8446 4.2.3 order of preference; no SHA-1, PKCS#1 for
	# certificates only (listed last)
	want "$out" "signature_algorithms: 0403 0503 0603 0807 0804 0805 0806 0809 080a 080b 0401 0501 0601" "$what"
	# middlebox compatibility (D.4): a 32-byte session id (none when
	# TLS 1.3 is not offered)
	if [ "${2:-}" = tls12 ]; then
		exactly session_id "0 " "$what: no session id"
	else
		[[ "$(field session_id)" =~ ^32\ [0-9a-f]{64}$ ]] ||
			bad "$what: session id: $(field session_id)"
	fi
	[[ "$(field random)" =~ ^[0-9a-f]{64}$ ]] ||
		bad "$what: random: $(field random)"
}

# TLS 1.2's extensions (RFC 8422 5.1.2 uncompressed points; RFC 7627;
# RFC 5077 an empty ticket: asks for one; RFC 5746 3.4 an empty
# renegotiated_connection)
tls12_exts() {
	local what=$1
	want "$out" "extension 000b: 0100" "$what: ec_point_formats"
	want "$out" "extension 0017: " "$what: extended_master_secret"
	want "$out" "extension 0023: " "$what: session_ticket"
	want "$out" "extension ff01: 00" "$what: renegotiation_info"
}
suites12="c02b c02c cca9 c02f c030 cca8"

# --- the defaults, to a name ---
hello default --servername localhost
common default
want "$out" "cipher_suites: 1301 1302 1303 $suites12" "default"
want "$out" "supported_versions: 0304 0303" "default: TLS 1.3 and 1.2"
want "$out" "psk_key_exchange_modes: 01" "default: psk_dhe_ke"
want "$out" "supported_groups: 001d 0017 001e 0018 0019 0100 0101 0102" "default"
want "$out" "key_share: 001d:32" "default: one share, for the first group"
want "$out" "server_name: localhost" "default: SNI"
tls12_exts default
want "$out" "extensions: 0000 000b 000a 000d 0017 0023 ff01 002b 002d 0033" \
	"default: nothing else"
first_random=$(field random) first_sid=$(field session_id)

hello again --servername localhost
[ "$(field random)" != "$first_random" ] || bad "the same random twice"
[ "$(field session_id)" != "$first_sid" ] || bad "the same session id twice"

# --- configured lists, in the order given ---
hello lists --servername example.test --groups secp256r1:x25519 \
	--suites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256 \
	--alpn h2,http/1.1
common lists
want "$out" "cipher_suites: 1303 1301 $suites12" "lists"
want "$out" "supported_groups: 0017 001d" "lists"
want "$out" "key_share: 0017:65" "lists: a P-256 share, uncompressed"
want "$out" "alpn: h2 http/1.1" "lists"
want "$out" "server_name: example.test" "lists"
want "$out" "extensions: 0000 000b 000a 000d 0010 0017 0023 ff01 002b 002d 0033" "lists"

# --- an IP literal is not sent as SNI (RFC 6066 3) ---
hello ip
common ip
has "$out" "server_name:" && bad "ip: SNI sent for 127.0.0.1: $out"
want "$out" "extensions: 000b 000a 000d 0017 0023 ff01 002b 002d 0033" "ip"

# --- TLS 1.3 only: what it always was ---
hello tls13 --servername localhost --tls-min 1.3
common tls13
exactly cipher_suites "1301 1302 1303" tls13
exactly supported_versions 0304 "tls13: TLS 1.3 only"
want "$out" "extensions: 0000 000a 000d 002b 002d 0033" "tls13: nothing else"

# --- TLS 1.2 only: legacy_version says it, no TLS 1.3 extensions ---
hello tls12 --servername localhost --tls-max 1.2 \
	--suites12 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
common tls12 tls12
exactly cipher_suites "cca8 c02c" "tls12: the suites given, in order"
tls12_exts tls12
exactly extensions "0000 000b 000a 000d 0017 0023 ff01" \
	"tls12: no supported_versions, key_share, psk_key_exchange_modes"

finish "ward's ClientHello, read independently"
