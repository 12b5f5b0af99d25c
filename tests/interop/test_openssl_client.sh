#!/usr/bin/env bash
# openssl s_client against ward's TLS 1.3 server (ward-tls-peer): every
# suite x group x certificate type, a HelloRetryRequest forced by the
# server's group preference, and ALPN. Both sides say what was negotiated
# and both accounts are checked.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/ecdsa" ecdsa localhost
issue "$ca" "$scratch/rsa" rsa localhost
issue "$ca" "$scratch/ed25519" ed25519 localhost

# s_client ARGS...: connect to ward on $port, send one line, keep the
# output in $out (ward answers, then closes with --reply-close)
s_client() {
	out=$(echo "ping from s_client" | timeout 10 openssl s_client \
		-tls1_3 -connect "127.0.0.1:$port" -servername localhost \
		-CAfile "$ca/ca.pem" -verify_return_error -ign_eof "$@" 2>&1) ||
		true
}

suites="TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"
groups="X25519 P-256 P-384"
declare -A temp_key=(
	[X25519]="Server Temp Key: X25519, 253 bits"
	[P-256]="Server Temp Key: ECDH, prime256v1, 256 bits"
	[P-384]="Server Temp Key: ECDH, secp384r1, 384 bits"
)
declare -A ward_group=([X25519]=x25519 [P-256]=secp256r1 [P-384]=secp384r1)
declare -A sig_type=([ecdsa]=ECDSA [rsa]=RSA-PSS [ed25519]=ed25519)
declare -A ward_sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256
	[ed25519]=ed25519)

for cert in ecdsa rsa ed25519; do
	start_ward "server-$cert" --cert "$scratch/$cert.pem" \
		--key "$scratch/$cert-key.pem" --reply-close
	for suite in $suites; do
		for group in $groups; do
			what="$cert $suite $group"
			s_client -brief -ciphersuites "$suite" -groups "$group"
			want "$out" "Protocol version: TLSv1.3" "$what"
			want "$out" "Ciphersuite: $suite" "$what"
			want "$out" "${temp_key[$group]}" "$what"
			want "$out" "Signature type: ${sig_type[$cert]}" "$what"
			want "$out" "Verification: OK" "$what"
			want "$(ward_line "$out")" "version=TLSv1.3 suite=$suite group=${ward_group[$group]} sig=${ward_sig[$cert]} alpn=- sni=localhost hrr=0" \
				"$what: ward's reply"
			want "$out" "ping from s_client" "$what: echo"
		done
	done
	stop "$ward_pid"
	errs=$(cat "$scratch/server-$cert.err")
	[ -z "$errs" ] || bad "$cert: ward server complained: $errs"
done

# HelloRetryRequest: the client's first share (X25519) is not the group the
# server prefers (P-384), so the server asks again.
start_ward hrr --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--groups secp384r1:x25519 --reply-close
s_client -msg -groups X25519:P-384
want "$out" "${temp_key[P-384]}" "HRR"
want "$out" "Verify return code: 0 (ok)" "HRR"
hellos=$(grep -c '^>>> .*ClientHello$' <<<"$out" || true)
[ "$hellos" = 2 ] || bad "HRR: expected 2 ClientHellos from s_client, saw $hellos:
$out"
want "$(ward_line "$out")" "group=secp384r1 sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=1" \
	"HRR: ward's reply"
# a client that sends the preferred share at once gets no HRR
s_client -brief -groups P-384:X25519
want "$(ward_line "$out")" "group=secp384r1 sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=0" \
	"no HRR when the share fits"
stop "$ward_pid"

# The groups beyond the three above, each the client's only one, against
# the default preference; the finite-field groups (RFC 7919) included: a
# client offering only ffdhe2048 gets a handshake
start_ward more-groups --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --reply-close
declare -A more_groups=([X448]="x448:X448, 448 bits"
	[P-521]="secp521r1:ECDH, secp521r1, 521 bits"
	[ffdhe2048]="ffdhe2048:DH, 2048 bits"
	[ffdhe3072]="ffdhe3072:DH, 3072 bits"
	[ffdhe4096]="ffdhe4096:DH, 4096 bits")
for group in X448 P-521 ffdhe2048 ffdhe3072 ffdhe4096; do
	name=${more_groups[$group]%%:*}
	s_client -brief -groups "$group"
	want "$out" "Server Temp Key: ${more_groups[$group]#*:}" "$group"
	want "$out" "Verification: OK" "$group"
	want "$(ward_line "$out")" "group=$name sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=0" \
		"$group: ward's reply"
done
stop "$ward_pid"

# --groups sets the server's preference: ffdhe3072 over x25519 when the
# client lists both and sends an x25519 share (so: HelloRetryRequest)
start_ward ffdhe --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--groups ffdhe3072:x25519 --reply-close
s_client -brief -groups X25519:ffdhe3072
want "$out" "Server Temp Key: DH, 3072 bits" "--groups ffdhe3072:x25519"
want "$(ward_line "$out")" "group=ffdhe3072 sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=1" \
	"--groups ffdhe3072:x25519: ward's reply"
stop "$ward_pid"

# Keys ward ca does not make (tests/data/x509: leaf, intermediate, root;
# names include test.example): ECDSA P-384 and P-521, and an RSASSA-PSS
# key with each rsa_pss_pss scheme, s_client offering only that one
x509=$WARD_TESTS/data/x509
for case in p384:ecdsa_secp384r1_sha384:ECDSA:SHA384 \
	p521:ecdsa_secp521r1_sha512:ECDSA:SHA512 \
	rsapss:rsa_pss_pss_sha256:RSA-PSS:SHA256 \
	rsapss:rsa_pss_pss_sha384:RSA-PSS:SHA384 \
	rsapss:rsa_pss_pss_sha512:RSA-PSS:SHA512; do
	IFS=: read -r base scheme type digest <<<"$case"
	start_ward "fixture-$scheme" --cert "$x509/$base-chain.pem" \
		--key "$x509/$base.key" --reply-close
	out=$(echo "ping" | timeout 10 openssl s_client -tls1_3 \
		-connect "127.0.0.1:$port" -servername test.example \
		-CAfile "$x509/root.pem" -verify_return_error -ign_eof \
		-sigalgs "$scheme" 2>&1) || true
	want "$out" "Peer signature type: $type" "$scheme"
	want "$out" "Peer signing digest: $digest" "$scheme"
	want "$out" "Verify return code: 0 (ok)" "$scheme"
	want "$(ward_line "$out")" "sig=$scheme alpn=- sni=test.example" \
		"$scheme: ward's reply"
	stop "$ward_pid"
done

# ALPN: the server's preference wins
start_ward alpn --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--alpn h2,http/1.1 --reply-close
s_client -alpn http/1.1,h2
want "$out" "ALPN protocol: h2" "ALPN"
want "$(ward_line "$out")" "alpn=h2 sni=localhost" "ALPN: ward's reply"
s_client -alpn http/1.1
want "$out" "ALPN protocol: http/1.1" "ALPN http/1.1 only"
s_client
want "$out" "No ALPN negotiated" "no ALPN offered"
want "$(ward_line "$out")" "alpn=- sni=localhost" "no ALPN: ward's reply"
stop "$ward_pid"

# SNI picks among several certificates; an unknown name gets the first
issue "$ca" "$scratch/b" ecdsa384 b.test
start_ward sni --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--cert "$scratch/b.pem" --key "$scratch/b-key.pem" --reply-close
for name in b.test localhost c.test; do
	want_cn=$name
	[ "$name" = c.test ] && want_cn=localhost
	out=$(echo ping | timeout 10 openssl s_client -brief -tls1_3 \
		-connect "127.0.0.1:$port" -servername "$name" \
		-CAfile "$ca/ca.pem" -ign_eof 2>&1) || true
	want "$out" "Peer certificate: CN = $want_cn" "SNI $name"
	want "$(ward_line "$out")" "sni=$name" "SNI $name: ward's reply"
done
want "$out" "Verification: OK" "SNI c.test: the default certificate"
s_client -brief -servername b.test
want "$(ward_line "$out")" "sig=ecdsa_secp384r1_sha384 alpn=- sni=b.test" \
	"SNI b.test: P-384 key"
stop "$ward_pid"

# The key schedule, byte for byte: ward's key log (SSLKEYLOGFILE) and
# s_client's hold the same secrets
for suite in $suites; do
	rm -f "$scratch/ward.keys" "$scratch/openssl.keys"
	SSLKEYLOGFILE=$scratch/ward.keys start_ward keylog \
		--cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
		--keylog --reply-close --once
	s_client -brief -ciphersuites "$suite" -keylogfile "$scratch/openssl.keys"
	wait_exit "$ward_pid"
	ward_keys=$(sort "$scratch/ward.keys" 2>/dev/null || true)
	openssl_keys=$(grep -v '^#' "$scratch/openssl.keys" | sort || true)
	[ "$(wc -l <<<"$ward_keys")" = 5 ] ||
		bad "key log $suite: expected 5 lines from ward: $ward_keys"
	[ -n "$ward_keys" ] && [ "$ward_keys" = "$openssl_keys" ] ||
		bad "key log $suite: ward's and s_client's differ:
$ward_keys
---
$openssl_keys"
done

# Records as other senders shape them: padded (-record_padding), no
# middlebox compatibility (no session id, no CCS), and 40 KB in 512-byte
# records (echoed whole; s_client closes 1 s after sending)
start_ward shapes --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" \
	--reply-close
s_client -brief -record_padding 512
want "$(ward_line "$out")" "version=TLSv1.3" "padded records"
want "$out" "ping from s_client" "padded records: echo"
s_client -brief -no_middlebox
want "$(ward_line "$out")" "version=TLSv1.3" "no middlebox compatibility"
stop "$ward_pid"
start_ward big --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem"
big=$(head -c 40000 /dev/zero | tr '\0' 'w')
out=$( (echo "$big" && sleep 1) | timeout 10 openssl s_client -brief \
	-max_send_frag 512 -tls1_3 -connect "127.0.0.1:$port" \
	-servername localhost -CAfile "$ca/ca.pem" 2>&1) || true
got=$(tr -cd w <<<"$out" | wc -c) # no other "w" in what s_client prints
[ "$got" = 40000 ] || bad "40 KB in 512-byte records: $got bytes echoed"
stop "$ward_pid"

# Records and messages in pieces: a proxy passes the first 4 KiB each way
# one byte per TCP segment
start_ward dribble --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" \
	--reply-close
start_proxy dribble-proxy "$port" dribble
s_client -brief
want "$(ward_line "$out")" "version=TLSv1.3" "byte by byte"
want "$out" "ping from s_client" "byte by byte: echo"
wait_exit "$proxy_pid"
stop "$ward_pid"

# A 30 KB certificate (a thousand names): the server's flight and its
# Certificate message span several records
names=()
for ((i = 0; i < 1000; i++)); do names+=("host-$i.example.test"); done
issue "$ca" "$scratch/big" ecdsa localhost "${names[@]}"
start_ward big-cert --cert "$scratch/big.pem" --key "$scratch/big-key.pem" \
	--reply-close
s_client -brief
want "$out" "Verification: OK" "30 KB certificate"
want "$(ward_line "$out")" "version=TLSv1.3" "30 KB certificate"
stop "$ward_pid"

# 0-RTT: s_client offers ward a session from an s_server that allows early
# data, and sends early data. ward takes none, so RFC 8446 4.2.10 wants it
# to skip the records it cannot decrypt and finish a 1-RTT handshake.
(sleep 0.5) | openssl s_server -tls1_3 -accept 127.0.0.1:0 -early_data \
	-cert "$scratch/ecdsa.pem" -key "$scratch/ecdsa-key.pem" -naccept 1 \
	>"$scratch/ticket.out" 2>&1 &
ticket_pid=$!
pids+=("$ticket_pid")
wait_for "$scratch/ticket.out" '^ACCEPT 127\.0\.0\.1:[0-9]+$' ||
	fail "s_server -early_data did not start: $(cat "$scratch/ticket.out")"
port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/ticket.out")
s_client -sess_out "$scratch/session.pem"
wait_exit "$ticket_pid"
want "$out" "Max Early Data: 16384" "0-RTT: a session that allows early data"
start_ward early --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--reply-close
echo "early data" >"$scratch/early.txt"
s_client -sess_in "$scratch/session.pem" -early_data "$scratch/early.txt"
want "$out" "Early data was rejected" "0-RTT: early data refused"
want "$(ward_line "$out")" "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256" "0-RTT offered: early data skipped, handshake completes"
stop "$ward_pid"

# KeyUpdate from openssl: s_client's "K" command sends
# KeyUpdate(update_requested); ward answers with its own, and data flows
# both ways after (commands need s_client without -ign_eof, hence sleeps)
start_ward ku --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem"
out=$( (echo before && sleep 0.3 && echo K && sleep 0.3 && echo after &&
	sleep 0.3) | timeout 10 openssl s_client -msg -tls1_3 \
	-connect "127.0.0.1:$port" -servername localhost -CAfile "$ca/ca.pem" \
	2>&1) || true
want "$out" "KEYUPDATE" "KeyUpdate from s_client"
grep -q '^>>> .*KeyUpdate$' <<<"$out" || bad "s_client sent no KeyUpdate: $out"
grep -q '^<<< .*KeyUpdate$' <<<"$out" ||
	bad "ward did not answer KeyUpdate(update_requested) with its own: $out"
grep -A1000 KEYUPDATE <<<"$out" | grep -q '^after$' ||
	bad "no data after KeyUpdate: $out"
stop "$ward_pid"
errs=$(cat "$scratch/ku.err")
[ -z "$errs" ] || bad "KeyUpdate: ward server complained: $errs"

finish "openssl s_client against ward"
