#!/usr/bin/env bash
# ward's TLS 1.2 server (ward-tls-peer): openssl s_client -tls1_2 for every
# ECDHE suite x certificate type x group, a P-521 certificate, gnutls-cli
# for every DHE suite x RFC 7919 group (OpenSSL 3.0's TLS 1.2 client lists
# no FFDHE group), curl --tls-max 1.2, TLS 1.3 still chosen when offered,
# a renegotiation attempt, the AES-GCM record limit, and a scripted client
# (tls12_client.py) for what openssl cannot be made to send: a bad
# Finished, a spoiled record, ChangeCipherSpec out of place, ClientHellos
# without the extended master secret, with the fallback SCSV, bad dh_Yc
# values, FFDHE groups ward does not take, and more. Each refusal is
# checked for its one alert on both sides.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl curl python3 gnutls-cli
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" -c 'import cryptography' 2>/dev/null ||
	fail "python3-cryptography is missing (scripts/deps.sh installs it)"
client12() { "$python" "$WARD_TESTS/interop/tls12_client.py" "$@"; }

# ward_said NAME WANT-RC LINE WHAT: ward-tls-peer server NAME (--once) has
# exited with WANT-RC and its stderr holds LINE
ward_said() {
	wait_exit "$ward_pid"
	local err
	err=$(cat "$scratch/$1.err")
	[ "$rc" = "$2" ] || bad "$4: ward's server exited $rc, expected $2 ($err)"
	want "$err" "$3" "$4: ward's server"
}

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/ecdsa" ecdsa localhost
issue "$ca" "$scratch/rsa" rsa localhost

s_client() {
	out=$(echo "ping from s_client" | timeout 10 openssl s_client \
		-connect "127.0.0.1:$port" -servername localhost \
		-CAfile "$ca/ca.pem" -verify_return_error -ign_eof "$@" 2>&1) ||
		true
}

declare -A temp_key=(
	[X25519]="Server Temp Key: X25519, 253 bits"
	[P-256]="Server Temp Key: ECDH, prime256v1, 256 bits"
	[P-384]="Server Temp Key: ECDH, secp384r1, 384 bits"
	[X448]="Server Temp Key: X448, 448 bits"
	[P-521]="Server Temp Key: ECDH, secp521r1, 521 bits"
)
declare -A ward_group=([X25519]=x25519 [P-256]=secp256r1 [P-384]=secp384r1
	[X448]=x448 [P-521]=secp521r1)
declare -A sig_type=([ecdsa]=ECDSA [rsa]=RSA-PSS)
declare -A ward_sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256)
declare -A kx=([ecdsa]=ECDSA [rsa]=RSA)
# openssl's names and the RFC's
declare -A rfc_name=(
	[AES128-GCM-SHA256]=AES_128_GCM_SHA256
	[AES256-GCM-SHA384]=AES_256_GCM_SHA384
	[CHACHA20-POLY1305]=CHACHA20_POLY1305_SHA256
)

# --- every suite, certificate type and group ---
for cert in ecdsa rsa; do
	start_ward "server-$cert" --cert "$scratch/$cert.pem" \
		--key "$scratch/$cert-key.pem" --reply-close \
		--groups secp384r1:x25519:x448:secp521r1:secp256r1
	for bulk in AES128-GCM-SHA256 AES256-GCM-SHA384 CHACHA20-POLY1305; do
		suite="ECDHE-${kx[$cert]}-$bulk"
		ward_suite="TLS_ECDHE_${kx[$cert]}_WITH_${rfc_name[$bulk]}"
		for group in X25519 P-256 P-384 X448 P-521; do
			what="$cert $suite $group"
			groups=$group
			# RFC 8422 5.1.1: the certificate's curve is listed
			# too (ward prefers the others to it)
			[ "$cert" != ecdsa ] || [ "$group" = P-256 ] ||
				groups=$group:P-256
			want_group=$group
			s_client -tls1_2 -brief -cipher "$suite" -groups "$groups"
			want "$out" "Protocol version: TLSv1.2" "$what"
			want "$out" "Ciphersuite: $suite" "$what"
			want "$out" "${temp_key[$want_group]}" "$what"
			want "$out" "Signature type: ${sig_type[$cert]}" "$what"
			want "$out" "Verification: OK" "$what"
			want "$(ward_line "$out")" "version=TLSv1.2 suite=$ward_suite group=${ward_group[$want_group]} sig=${ward_sig[$cert]} alpn=- sni=localhost hrr=0" \
				"$what: ward's reply"
			want "$out" "ping from s_client" "$what: echo"
		done
	done
	# TLS 1.3 whenever the client offers it
	s_client -brief
	want "$out" "Protocol version: TLSv1.3" "$cert: TLS 1.3 offered"
	stop "$ward_pid"
	errs=$(cat "$scratch/server-$cert.err")
	[ -z "$errs" ] || bad "$cert: ward server complained: $errs"
done

# --- a P-521 certificate (tests/data/x509, names test.example) ---
x509=$WARD_TESTS/data/x509
start_ward p521 --cert "$x509/p521-chain.pem" --key "$x509/p521.key" \
	--reply-close --once
out=$(echo "ping from s_client" | timeout 10 openssl s_client -tls1_2 \
	-connect "127.0.0.1:$port" -servername test.example \
	-CAfile "$x509/root.pem" -verify_return_error -ign_eof -brief \
	-sigalgs ecdsa_secp521r1_sha512 -groups X25519:P-521 2>&1) || true
want "$out" "Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256" "P-521 certificate"
want "$out" "Signature type: ECDSA" "P-521 certificate"
want "$out" "Hash used: SHA512" "P-521 certificate"
want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=x25519 sig=ecdsa_secp521r1_sha512" \
	"P-521 certificate: ward's reply"
ward_said p521 0 "" "P-521 certificate"
# RFC 8422 5.1.1: its curve must be among the client's groups
start_ward p521-unlisted --cert "$x509/p521-chain.pem" \
	--key "$x509/p521.key" --once
out=$(timeout 10 openssl s_client -tls1_2 -connect "127.0.0.1:$port" \
	-servername test.example -groups X25519:P-256 </dev/null 2>&1) || true
want "$out" "sslv3 alert handshake failure" "P-521 certificate, curve not listed"
ward_said p521-unlisted 1 "handshake failed: handshake_failure alert_sent=handshake_failure" \
	"P-521 certificate, curve not listed"

# --- DHE_RSA: gnutls-cli, each suite with each RFC 7919 group ---
# gnutls NAME WANT-GROUP PRIORITY-TAIL: gnutls-cli with TLS 1.2, DHE_RSA
# and the groups and ciphers the tail names
gnutls() {
	out=$(echo "ping from gnutls" | timeout 20 gnutls-cli \
		--priority "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+DHE-RSA:-GROUP-ALL:$1" \
		--x509cafile "$ca/ca.pem" -p "$port" localhost 2>&1) || true
}
declare -A gnutls_cipher=([AES128-GCM-SHA256]=AES-128-GCM
	[AES256-GCM-SHA384]=AES-256-GCM [CHACHA20-POLY1305]=CHACHA20-POLY1305)
start_ward dhe --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" \
	--reply-close
for bulk in AES128-GCM-SHA256 AES256-GCM-SHA384 CHACHA20-POLY1305; do
	cipher=${gnutls_cipher[$bulk]}
	for group in ffdhe2048 ffdhe3072 ffdhe4096; do
		what="DHE-RSA-$bulk $group"
		gnutls "+GROUP-${group^^}:-CIPHER-ALL:+$cipher"
		want "$out" "(TLS1.2-X.509)-(DHE-${group^^})-(RSA-SHA256)-($cipher)" \
			"$what"
		want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_DHE_RSA_WITH_${rfc_name[$bulk]} group=$group sig=rsa_pkcs1_sha256 alpn=- sni=localhost hrr=0" \
			"$what: ward's reply"
		want "$out" "ping from gnutls" "$what: echo"
	done
done
# the server's order among the client's groups
gnutls "+GROUP-FFDHE4096:+GROUP-FFDHE2048"
want "$(ward_line "$out")" "suite=TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 group=ffdhe2048" \
	"DHE: the server's group order"
# ECDHE before DHE when the client offers both
gnutls "+GROUP-FFDHE2048:+GROUP-X25519:+KX-ALL"
want "$(ward_line "$out")" "suite=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 group=x25519" \
	"DHE and ECDHE offered"
stop "$ward_pid"
errs=$(cat "$scratch/dhe.err")
[ -z "$errs" ] || bad "DHE: ward server complained: $errs"
# RFC 7919 4: FFDHE groups listed, none the server takes, nothing else
start_ward dhe-3072 --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" \
	--groups x25519:ffdhe3072 --once
gnutls "+GROUP-FFDHE2048"
want "$out" "Received alert [71]: Insufficient security" \
	"DHE, ffdhe2048 not taken: gnutls-cli"
ward_said dhe-3072 1 "handshake failed: insufficient_security alert_sent=insufficient_security none of the client's FFDHE groups is one the server takes" \
	"DHE, ffdhe2048 not taken"
# OpenSSL 3.0's TLS 1.2 client lists no FFDHE group (nor, with DHE suites
# only, supported_groups at all): no DHE for it, as RFC 7919 4 allows
start_ward dhe-openssl --cert "$scratch/rsa.pem" \
	--key "$scratch/rsa-key.pem" --once
s_client -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256 -groups ffdhe2048:X25519
want "$out" "sslv3 alert handshake failure" "DHE with openssl"
ward_said dhe-openssl 1 "handshake failed: handshake_failure alert_sent=handshake_failure ClientHello lacks supported_groups" \
	"DHE with openssl"

# --- the key log: ward's CLIENT_RANDOM line is s_client's ---
for suite in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384; do
	rm -f "$scratch/ward.keys" "$scratch/openssl.keys"
	SSLKEYLOGFILE=$scratch/ward.keys start_ward keylog \
		--cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
		--keylog --reply-close --once
	s_client -tls1_2 -brief -cipher "$suite" \
		-keylogfile "$scratch/openssl.keys"
	wait_exit "$ward_pid"
	ward_keys=$(cat "$scratch/ward.keys" 2>/dev/null || true)
	openssl_keys=$(grep -v '^#' "$scratch/openssl.keys" || true)
	want "$ward_keys" "CLIENT_RANDOM " "key log $suite"
	[ "$(wc -l <<<"$ward_keys")" = 1 ] && [ "$ward_keys" = "$openssl_keys" ] ||
		bad "key log $suite: ward's and s_client's differ:
$ward_keys
---
$openssl_keys"
done

# --- TLS 1.2 turned off: protocol_version ---
start_ward off --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once --no-tls12
s_client -tls1_2
want "$out" "tlsv1 alert protocol version" "TLS 1.2 off"
ward_said off 1 "handshake failed: protocol_version alert_sent=protocol_version the client does not offer TLS 1.3" \
	"TLS 1.2 off"

# --- an ECDSA P-256 certificate for a client that lists only X25519 ---
start_ward curve --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
s_client -tls1_2 -groups X25519
want "$out" "sslv3 alert handshake failure" "certificate curve not listed"
ward_said curve 1 "handshake failed: handshake_failure alert_sent=handshake_failure" \
	"certificate curve not listed"

# --- curl, with ALPN ---
start_ward curl --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--alpn http/1.1 --reply-close --once
out=$(timeout 10 curl -sv --http0.9 --tls-max 1.2 --cacert "$ca/ca.pem" \
	"https://localhost:$port/" 2>&1) || true
want "$out" "SSL connection using TLSv1.2 / ECDHE-ECDSA-AES128-GCM-SHA256" "curl"
want "$out" "ALPN: server accepted http/1.1" "curl"
want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=x25519 sig=ecdsa_secp256r1_sha256 alpn=http/1.1 sni=localhost hrr=0" \
	"curl: ward's reply"
ward_said curl 0 "" "curl"

# --- renegotiation: refused with a warning, the connection goes on ---
start_ward reneg-openssl --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$({ echo R; sleep 1; } | timeout 10 openssl s_client -tls1_2 \
	-connect "127.0.0.1:$port" -servername localhost -CAfile "$ca/ca.pem" \
	-msg 2>&1) || true
want "$out" "RENEGOTIATING" "s_client R"
want "$out" "<<< TLS 1.2, Alert [length 0002], warning no_renegotiation" "s_client R"
wait_exit "$ward_pid"
start_ward reneg --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
out=$(client12 "$port" renegotiate 2>&1) || true
want "$out" "opened: 21 01 64" "renegotiation: no_renegotiation warning"
want "$out" "application data: ping" "renegotiation: data after it"
ward_said reneg 0 "" "renegotiation"
# each attempt carries nothing: four in a row are answered, the fifth is
# unexpected_message (under the keys: ward's word for it)
start_ward reneg-5 --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
out=$(client12 "$port" renegotiate-5 2>&1) || true
[ "$(grep -c 'opened: 21 01 64' <<<"$out")" = 4 ] ||
	bad "five renegotiation attempts: expected four warnings in: $out"
want "$out" "opened: 21 02 0a" "five renegotiation attempts: unexpected_message"
ward_said reneg-5 0 "connection failed: unexpected_message alert_sent=unexpected_message the peer sent more than 4 renegotiation attempts in a row" \
	"five renegotiation attempts"

# --- the scripted client: a sound handshake first ---
start_ward scripted-ok --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$(client12 "$port" ok 2>&1) || true
# RFC 5746 and RFC 7627 acknowledged, the RFC 8446 4.1.3 sentinel
want "$out" "server hello: version 0303 suite c02b extensions ff01 0017 000b 0000 random ends 444f574e47524401" \
	"scripted client: ServerHello"
want "$out" "server finished ok" "scripted client: server Finished"
want "$out" "application data: ping" "scripted client: echo"
ward_said scripted-ok 0 "" "scripted client"
start_ward scripted-scsv --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$(client12 "$port" scsv-not-ext 2>&1) || true
want "$out" "extensions ff01 0017" "renegotiation SCSV: renegotiation_info in ServerHello"
want "$out" "server finished ok" "renegotiation SCSV"
ward_said scripted-scsv 0 "" "renegotiation SCSV"

# refused VARIANT ALERT-HEX ALERT-NAME [WHY]: the one alert, in plaintext
# (ward has not sent its ChangeCipherSpec), and ward's account of it; the
# certificate is $refused_cert (.pem, -key.pem)
refused_cert=$scratch/ecdsa
refused() {
	start_ward "refused-$1" --cert "$refused_cert.pem" \
		--key "$refused_cert-key.pem" --once
	out=$(client12 "$port" "$1" 2>&1) || true
	want "$out" "record: 15 03 03 00 02 02 $2" "$1"
	ward_said "refused-$1" 1 "handshake failed: $3 alert_sent=$3 ${4:-}" "$1"
}
refused bad-finished 33 decrypt_error "the client's Finished does not verify"
refused bad-record-mac 14 bad_record_mac
refused no-ccs 0a unexpected_message
refused data-before-finished 0a unexpected_message
refused two-ccs 0a unexpected_message "ChangeCipherSpec out of place"
refused early-ccs 0a unexpected_message "ChangeCipherSpec out of place"
refused no-ems 28 handshake_failure "the client does not offer extended_master_secret"
refused fallback-scsv 56 inappropriate_fallback
refused reneg-not-empty 28 handshake_failure "renegotiation_info is not empty"
refused compressed-points-only 2f illegal_parameter
refused no-null-compression 2f illegal_parameter
refused no-sig-algs 28 handshake_failure
refused no-groups 28 handshake_failure
# anything older than TLS 1.2 stays protocol_version
refused tls11 46 protocol_version "the client offers neither TLS 1.3 nor TLS 1.2"
refused versions-tls11 46 protocol_version

# --- DHE, scripted: dh_Yc and Z by hand ---
# sound ones: padded, unpadded, and a Z whose leading zero byte the
# pre-master secret leaves out (RFC 5246 8.1.2): the Finished of each side
# verifies only if both did so
for v in dhe-ok dhe-unpadded dhe-z-zero; do
	start_ward "scripted-$v" --cert "$scratch/rsa.pem" \
		--key "$scratch/rsa-key.pem" --once
	out=$(client12 "$port" "$v" 2>&1) || true
	want "$out" "server hello: version 0303 suite 009e" "$v"
	want "$out" "server finished ok" "$v"
	want "$out" "application data: ping" "$v"
	ward_said "scripted-$v" 0 "" "$v"
done
out_z=$out
want "$out_z" "pre-master bytes: 255" "dhe-z-zero: a Z with a leading zero"
refused_cert=$scratch/rsa
# RFC 7919 5.1: 1 < Yc < p-1
refused dhe-yc-0 2f illegal_parameter "the client's ffdhe2048 public value is invalid"
refused dhe-yc-1 2f illegal_parameter "the client's ffdhe2048 public value is invalid"
refused dhe-yc-p-1 2f illegal_parameter "the client's ffdhe2048 public value is invalid"
refused dhe-yc-p 2f illegal_parameter "the client's ffdhe2048 public value is invalid"
refused dhe-yc-wide 2f illegal_parameter "the client's ffdhe2048 public value is wider than p"
refused dhe-yc-empty 32 decode_error
# RFC 7919 4: FFDHE groups listed, none taken (known or not), nothing else
refused dhe-group-unknown 47 insufficient_security "none of the client's FFDHE groups is one the server takes"
refused dhe-group-8192 47 insufficient_security "none of the client's FFDHE groups is one the server takes"
# no FFDHE group listed: no DHE suite, and no other was offered
refused dhe-no-ffdhe 28 handshake_failure "no TLS 1.2 cipher suite, group and signature scheme in common"
# an unknown FFDHE group beside a curve: ECDHE
start_ward scripted-dhe-or-ecdhe --cert "$scratch/rsa.pem" \
	--key "$scratch/rsa-key.pem" --once
out=$(client12 "$port" dhe-or-ecdhe-unknown 2>&1) || true
want "$out" "server hello: version 0303 suite c02f" "DHE or ECDHE, unknown FFDHE group"
want "$out" "server finished ok" "DHE or ECDHE, unknown FFDHE group"
ward_said scripted-dhe-or-ecdhe 0 "" "DHE or ECDHE, unknown FFDHE group"

# --- the AES-GCM record limit (lowered to 6): Finished, four replies,
# close_notify; the reply that would have been fifth is refused ---
start_ward limit --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once --key-limit 6
out=$(client12 "$port" pings 2>&1) || true
want "$out" "server records: 6" "record limit"
[ "$(grep -c '^application data:' <<<"$out")" = 4 ] ||
	bad "record limit: expected four replies in: $out"
[ "$(grep '^opened:' <<<"$out" | tail -n 1)" = "opened: 21 01 00" ] ||
	bad "record limit: close_notify is not the last record: $out"
ward_said limit 0 "send refused: the AES-GCM write key has sealed its 6 records, close_notify the last" \
	"record limit"
# ChaCha20-Poly1305 is not counted
start_ward limit-chacha --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once --key-limit 2
out=$({ for i in 1 2 3 4; do echo "line $i"; sleep 0.1; done; } |
	timeout 10 openssl s_client -tls1_2 -connect "127.0.0.1:$port" \
		-servername localhost -CAfile "$ca/ca.pem" -verify_return_error \
		-cipher ECDHE-ECDSA-CHACHA20-POLY1305 2>&1) || true
want "$out" "line 4" "record limit, ChaCha20-Poly1305"
wait_exit "$ward_pid"
has "$(cat "$scratch/limit-chacha.err")" "send refused" &&
	bad "record limit, ChaCha20-Poly1305: ward refused to send"

finish "TLS 1.2 server"
