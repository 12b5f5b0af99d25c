#!/usr/bin/env bash
# ward's TLS 1.2 server under the legacy policy (ward-tls-peer --legacy)
# and without it: static RSA key exchange with openssl s_client, refused
# without the policy; a scripted client (tls12_client.py) sending sound
# and spoiled encrypted pre-master secrets, each spoiled one answered
# exactly alike (Bleichenbacher); SHA-1 and PKCS#1 v1.5 signatures in
# ServerKeyExchange; no extended master secret; heartbeat (RFC 6520),
# the Heartbleed request among them. Each refusal is checked for its one alert on both sides.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl python3
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
# peer CERT NAME ARGS...: ward-tls-peer server with that certificate
peer() {
	local cert=$1 name=$2
	shift 2
	start_ward "$name" --cert "$scratch/$cert.pem" \
		--key "$scratch/$cert-key.pem" "$@"
}

# --- static RSA with openssl: the suite, and ward's account of it ---
declare -A rsa_suite=(
	[AES128-GCM-SHA256]=TLS_RSA_WITH_AES_128_GCM_SHA256
	[AES256-GCM-SHA384]=TLS_RSA_WITH_AES_256_GCM_SHA384
)
peer rsa legacy-rsa --legacy --reply-close
for suite in "${!rsa_suite[@]}"; do
	s_client -tls1_2 -brief -cipher "$suite"
	want "$out" "Protocol version: TLSv1.2" "$suite"
	want "$out" "Ciphersuite: $suite" "$suite"
	want "$out" "Verification: OK" "$suite"
	# no group, no signature: the key exchange is the certificate's key
	want "$(ward_line "$out")" "version=TLSv1.2 suite=${rsa_suite[$suite]} group=- sig=- alpn=- sni=localhost hrr=0" \
		"$suite: ward's reply"
	want "$out" "ping from s_client" "$suite: echo"
done
# offered beside ECDHE, ECDHE is taken; without the policy, refused
s_client -tls1_2 -brief -cipher "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
want "$out" "Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256" "static RSA offered second"
stop "$ward_pid"
errs=$(cat "$scratch/legacy-rsa.err")
[ -z "$errs" ] || bad "legacy: ward server complained: $errs"
for suite in "${!rsa_suite[@]}"; do
	peer rsa "default-$suite" --once
	s_client -tls1_2 -cipher "$suite"
	want "$out" "sslv3 alert handshake failure" "$suite without the policy"
	ward_said "default-$suite" 1 "handshake failed: handshake_failure alert_sent=handshake_failure" \
		"$suite without the policy"
done
# openssl sends no supported_groups without an ECDHE suite, which the
# default policy refuses first: the scripted client sends them
peer rsa default-scripted --once
out=$(client12 "$port" rsa-ok 2>&1) || true
want "$out" "record: 15 03 03 00 02 02 28" "static RSA without the policy"
ward_said default-scripted 1 "handshake failed: handshake_failure alert_sent=handshake_failure no TLS 1.2 cipher suite" \
	"static RSA without the policy"
# an ECDSA certificate cannot decrypt
peer ecdsa legacy-ecdsa-rsa --legacy --once
s_client -tls1_2 -cipher AES128-GCM-SHA256
want "$out" "sslv3 alert handshake failure" "static RSA with an ECDSA certificate"
ward_said legacy-ecdsa-rsa 1 "handshake failed: handshake_failure" \
	"static RSA with an ECDSA certificate"

# --- CBC suites: encrypt-then-MAC when offered (RFC 7366), else
# MAC-then-encrypt; never with an AEAD suite ---
declare -A cbc_suite=(
	[AES128-SHA]=RSA:TLS_RSA_WITH_AES_128_CBC_SHA
	[AES256-SHA]=RSA:TLS_RSA_WITH_AES_256_CBC_SHA
	[AES128-SHA256]=RSA:TLS_RSA_WITH_AES_128_CBC_SHA256
	[ECDHE-RSA-AES128-SHA]=RSA:TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	[ECDHE-RSA-AES256-SHA]=RSA:TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	[ECDHE-RSA-AES128-SHA256]=RSA:TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	[ECDHE-ECDSA-AES128-SHA]=ECDSA:TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	[ECDHE-ECDSA-AES256-SHA]=ECDSA:TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	[ECDHE-ECDSA-AES128-SHA256]=ECDSA:TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
)
etm_ext='TLS server extension "encrypt-then-mac" (id=22)'
peer rsa cbc-rsa --legacy --reply-close
rsa_port=$port rsa_pid=$ward_pid
peer ecdsa cbc-ecdsa --legacy --reply-close
ecdsa_port=$port ecdsa_pid=$ward_pid
for suite in "${!cbc_suite[@]}"; do
	cert=${cbc_suite[$suite]%%:*} ward_suite=${cbc_suite[$suite]#*:}
	port=$rsa_port
	[ "$cert" = RSA ] || port=$ecdsa_port
	for etm in -etm -no_etm; do
		what="$suite $etm"
		opt=()
		[ "$etm" = -etm ] || opt=(-no_etm)
		s_client -tls1_2 -tlsextdebug -cipher "$suite" "${opt[@]}"
		want "$out" "Cipher is $suite" "$what"
		want "$out" "Verification: OK" "$what"
		want "$(ward_line "$out")" "version=TLSv1.2 suite=$ward_suite " \
			"$what: ward's reply"
		want "$out" "ping from s_client" "$what: echo"
		if [ "$etm" = -etm ]; then
			want "$out" "$etm_ext" "$what: encrypt-then-MAC"
		else
			has "$out" "$etm_ext" &&
				bad "$what: encrypt-then-MAC not offered but answered"
		fi
	done
done
port=$ecdsa_port
s_client -tls1_2 -tlsextdebug -cipher ECDHE-ECDSA-AES128-GCM-SHA256
want "$out" "Cipher is ECDHE-ECDSA-AES128-GCM-SHA256" "AEAD suite"
has "$out" "$etm_ext" && bad "encrypt-then-MAC answered for an AEAD suite"
stop "$rsa_pid"
stop "$ecdsa_pid"
for f in cbc-rsa cbc-ecdsa; do
	errs=$(cat "$scratch/$f.err")
	[ -z "$errs" ] || bad "$f: ward server complained: $errs"
done
peer ecdsa cbc-default --once
s_client -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA
want "$out" "sslv3 alert handshake failure" "CBC without the policy"
ward_said cbc-default 1 "handshake failed: handshake_failure alert_sent=handshake_failure no TLS 1.2 cipher suite" \
	"CBC without the policy"

# --- CBC records from the scripted client: bad padding and a bad MAC
# are the same bad_record_mac (RFC 5246 7.2.2), with and without
# encrypt-then-MAC ---
for mode in mte etm; do
	peer ecdsa "cbc-$mode-ok" --legacy --once
	out=$(client12 "$port" "cbc-$mode-ok" 2>&1) || true
	if [ $mode = etm ]; then
		want "$out" "suite c023 extensions ff01 0017 0016 " "cbc-$mode: ServerHello"
	else
		want "$out" "suite c023 extensions ff01 0017 000b " "cbc-$mode: ServerHello"
	fi
	want "$out" "server finished ok" "cbc-$mode: server Finished"
	want "$out" "application data: ping" "cbc-$mode: echo"
	ward_said "cbc-$mode-ok" 0 "" "cbc-$mode"
	for spoil in bad-padding bad-mac; do
		v=cbc-$mode-$spoil
		peer ecdsa "$v" --legacy --once
		out=$(client12 "$port" "$v" 2>&1) || true
		after=$(sed -n '/^server flight:/,$p' <<<"$out" | tail -n +2)
		[ "$after" = "record: 15 03 03 00 02 02 14
eof" ] || bad "$v: expected bad_record_mac only, got:
$after"
		ward_said "$v" 1 "handshake failed: bad_record_mac alert_sent=bad_record_mac bad_record_mac" "$v"
	done
done

# --- the key log: ward's CLIENT_RANDOM line is s_client's, for static
# RSA too (the master secret from the decrypted pre-master) ---
for suite in AES128-GCM-SHA256 AES256-SHA; do
	rm -f "$scratch/ward.keys" "$scratch/openssl.keys"
	SSLKEYLOGFILE=$scratch/ward.keys peer rsa "keylog-$suite" --legacy \
		--keylog --reply-close --once
	s_client -tls1_2 -brief -cipher "$suite" \
		-keylogfile "$scratch/openssl.keys"
	wait_exit "$ward_pid"
	ward_keys=$(cat "$scratch/ward.keys" 2>/dev/null || true)
	# s_client also logs an RSA line (the pre-master); ward does not
	openssl_keys=$(grep '^CLIENT_RANDOM ' "$scratch/openssl.keys" || true)
	want "$ward_keys" "CLIENT_RANDOM " "key log $suite"
	[ "$ward_keys" = "$openssl_keys" ] ||
		bad "key log $suite: ward's and s_client's differ:
$ward_keys
---
$openssl_keys"
done

# --- the scripted client: a sound pre-master ---
peer rsa rsa-ok --legacy --once
out=$(client12 "$port" rsa-ok 2>&1) || true
want "$out" "server hello: version 0303 suite 009c extensions ff01 0017 000b 0000 random" \
	"static RSA: ServerHello"
# RFC 5246 7.3: no ServerKeyExchange
want "$out" "server flight: 2 11 14" "static RSA: no ServerKeyExchange"
want "$out" "server finished ok" "static RSA: server Finished"
want "$out" "application data: ping" "static RSA: echo"
ward_said rsa-ok 0 "" "static RSA"

# Spoiled pre-masters: the server goes on to the client's Finished and
# fails it as a record it cannot open (bad_record_mac), the same for
# each, and says nothing before: the alert is the first and only record
# after the client's flight, and ward's account is the same word for word.
accounts=()
for v in rsa-bad-padding rsa-no-zero rsa-short rsa-version; do
	peer rsa "$v" --legacy --once
	out=$(client12 "$port" "$v" 2>&1) || true
	want "$out" "server flight: 2 11 14" "$v"
	after=$(sed -n '/^server flight:/,$p' <<<"$out" | tail -n +2)
	[ "$after" = "record: 15 03 03 00 02 02 14
eof" ] || bad "$v: expected bad_record_mac and nothing else after the client's flight, got:
$after"
	ward_said "$v" 1 "handshake failed: bad_record_mac alert_sent=bad_record_mac" "$v"
	accounts+=("$(cat "$scratch/$v.err")")
done
for a in "${accounts[@]}"; do
	[ "$a" = "${accounts[0]}" ] ||
		bad "spoiled pre-masters: ward's accounts differ: '$a' vs '${accounts[0]}'"
done
# a ciphertext that is not the modulus' size: decode_error at once (its
# length is the client's to choose and tells nothing about the key)
peer rsa rsa-ct-size --legacy --once
out=$(client12 "$port" rsa-ct-size 2>&1) || true
want "$out" "record: 15 03 03 00 02 02 32" "ciphertext size"
ward_said rsa-ct-size 1 "handshake failed: decode_error alert_sent=decode_error the client's encrypted pre-master secret is 255 bytes, not the key's 256" \
	"ciphertext size"

# --- no extended_master_secret: the RFC 5246 8.1 master secret (the
# client's Finished and the server's verify with it), and no EMS in the
# ServerHello; without the policy handshake_failure (test_tls12_server.sh)
peer ecdsa no-ems --legacy --once
out=$(client12 "$port" no-ems 2>&1) || true
want "$out" "server hello: version 0303 suite c02b extensions ff01 000b 0000 random" \
	"no EMS: ServerHello"
want "$out" "server finished ok" "no EMS: server Finished"
want "$out" "application data: ping" "no EMS: echo"
ward_said no-ems 0 "" "no EMS"

# --- signatures in ServerKeyExchange ---
# PKCS#1 v1.5 with SHA-256: by default
peer rsa pkcs1 --once --reply-close
s_client -tls1_2 -brief -cipher ECDHE-RSA-AES128-GCM-SHA256 -sigalgs RSA+SHA256
want "$out" "Signature type: RSA" "rsa_pkcs1_sha256"
want "$out" "Hash used: SHA256" "rsa_pkcs1_sha256"
want "$(ward_line "$out")" "sig=rsa_pkcs1_sha256" "rsa_pkcs1_sha256: ward's reply"
ward_said pkcs1 0 "" "rsa_pkcs1_sha256"
# SHA-1 (OpenSSL 3 takes it at security level 0 only): legacy only
for cert in rsa ecdsa; do
	case $cert in
	rsa) sigalg=RSA+SHA1 scheme=rsa_pkcs1_sha1 kx=RSA ;;
	ecdsa) sigalg=ECDSA+SHA1 scheme=ecdsa_sha1 kx=ECDSA ;;
	esac
	cipher="ECDHE-$kx-AES128-GCM-SHA256:@SECLEVEL=0"
	peer "$cert" "sha1-$cert" --legacy --once --reply-close
	s_client -tls1_2 -brief -cipher "$cipher" -sigalgs "$sigalg"
	want "$out" "Hash used: SHA1" "$scheme"
	want "$(ward_line "$out")" "sig=$scheme" "$scheme: ward's reply"
	ward_said "sha1-$cert" 0 "" "$scheme"
	peer "$cert" "sha1-$cert-default" --once
	s_client -tls1_2 -brief -cipher "$cipher" -sigalgs "$sigalg"
	want "$out" "sslv3 alert handshake failure" "$scheme without the policy"
	ward_said "sha1-$cert-default" 1 "handshake failed: handshake_failure alert_sent=handshake_failure" \
		"$scheme without the policy"
done

# no signature_algorithms: SHA-1 (RFC 5246 7.4.1.4.1), legacy only; no
# supported_groups: no ECDHE (this client offers nothing else)
peer ecdsa no-sig-algs --legacy --once
out=$(client12 "$port" no-sig-algs 2>&1) || true
want "$out" "sig=ecdsa_sha1" "no signature_algorithms: ward's reply"
want "$out" "application data: ping" "no signature_algorithms"
ward_said no-sig-algs 0 "" "no signature_algorithms"
peer ecdsa no-groups --legacy --once
out=$(client12 "$port" no-groups 2>&1) || true
want "$out" "record: 15 03 03 00 02 02 28" "no supported_groups"
ward_said no-groups 1 "handshake failed: handshake_failure alert_sent=handshake_failure no TLS 1.2 cipher suite, group" \
	"no supported_groups"

# --- heartbeat ---
# heartbeat CASE POLICY...: the scripted client's heartbeat variant
heartbeat() {
	local v=$1
	shift
	peer ecdsa "$v" --once "$@"
	out=$(client12 "$port" "$v" 2>&1) || true
}
heartbeat hb-good --legacy
want "$out" "extensions ff01 0017 000b 0000 000f" "heartbeat: acknowledged"
want "$out" "heartbeat: type 2 payload b'heartbeat hello' padding 16 fresh" \
	"heartbeat: the payload back"
want "$out" "application data: ping" "heartbeat: then data"
ward_said hb-good 0 "" "heartbeat"
# Heartbleed: nothing comes back (the echo of ping is the first record
# after the server's Finished), and the connection goes on
heartbeat hb-heartbleed --legacy
has "$out" "heartbeat:" && bad "Heartbleed request answered: $out"
want "$(grep -A2 '^server finished ok' <<<"$out")" "opened: 23 " \
	"Heartbleed request: nothing before the echo"
want "$out" "application data: ping" "Heartbleed request: the connection goes on"
ward_said hb-heartbleed 0 "" "Heartbleed request"
heartbeat hb-response --legacy
has "$out" "heartbeat:" && bad "unsolicited heartbeat response answered: $out"
want "$out" "application data: ping" "unsolicited heartbeat response: dropped"
ward_said hb-response 0 "" "unsolicited heartbeat response"
# records that carry nothing: four answered, the fifth unexpected_message
heartbeat hb-five --legacy
[ "$(grep -c '^heartbeat: type 2' <<<"$out")" = 4 ] ||
	bad "five heartbeats: expected four answers in: $out"
want "$out" "opened: 21 02 0a" "five heartbeats: unexpected_message"
ward_said hb-five 0 "connection failed: unexpected_message alert_sent=unexpected_message the peer sent more than 4 heartbeat messages in a row" \
	"five heartbeats"
heartbeat hb-bad-mode --legacy
want "$out" "record: 15 03 03 00 02 02 2f" "heartbeat mode 3"
ward_said hb-bad-mode 1 "handshake failed: illegal_parameter alert_sent=illegal_parameter unknown heartbeat mode 3" \
	"heartbeat mode 3"
# without the policy: not acknowledged, and a heartbeat is unexpected_message
heartbeat hb-good
has "$out" " 000f " && bad "heartbeat acknowledged without the policy: $out"
want "$out" "opened: 21 02 0a" "heartbeat without the policy"
ward_said hb-good 0 "connection failed: unexpected_message alert_sent=unexpected_message heartbeat record without the heartbeat extension" \
	"heartbeat without the policy"

finish "TLS 1.2 legacy policy"
