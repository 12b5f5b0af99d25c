#!/usr/bin/env bash
# ward's TLS 1.3 client (ward-tls-peer client) against openssl s_server and
# gnutls-serv: every suite x group with an ECDSA certificate, RSA and
# Ed25519 once, a HelloRetryRequest, KeyUpdate and ALPN. The client's
# account of what was negotiated is checked against the server's.
#
# gnutls-serv cannot bind to loopback only, so the script runs in a private
# network namespace (only its own loopback exists there); when it cannot,
# the gnutls-serv cases fail, or are left out with WARD_ALLOW_SKIP=1.
set -euo pipefail
if [ -z "${WARD_NETNS:-}" ] && command -v unshare >/dev/null &&
	command -v ip >/dev/null && unshare -rn true 2>/dev/null; then
	WARD_NETNS=1 exec unshare -rn bash "$0" "$@"
fi
if [ -n "${WARD_NETNS:-}" ]; then
	ip link set lo up
fi
. "$(dirname "$0")/tls_lib.sh"
need openssl gnutls-serv

ca=$scratch/ca
make_ca "$ca"
for t in ecdsa rsa ed25519; do
	issue "$ca" "$scratch/$t" $t localhost
done

# client ARGS...: ward's client to $port; output in $out, exit code in $rc
client() {
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" "$@" 2>&1) || rc=$?
}
# ok WHAT: the client succeeded
ok() { [ "$rc" -eq 0 ] || bad "$1: ward's client exited $rc: $out"; }

suites="TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"
groups="x25519 secp256r1 secp384r1"
declare -A sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256
	[ed25519]=ed25519)

# --- openssl s_server -www: it answers GET / with what it negotiated ---
start_s_server www "$scratch/ecdsa" -www
for suite in $suites; do
	for g in $groups; do
		what="s_server $suite $g"
		client --suites "$suite" --groups "$g"
		ok "$what"
		want "$(ward_line "$out")" "version=TLSv1.3 suite=$suite group=$g sig=${sig[ecdsa]} alpn=- sni=localhost hrr=0" \
			"$what"
		want "$out" "New, TLSv1.3, Cipher is $suite" "$what: s_server's page"
		want "$out" "Shared groups: $g" "$what: s_server's page"
	done
done
stop "$srv_pid"
# the other groups, each the client's only one
start_s_server www-groups "$scratch/ecdsa" -www
for g in x448 secp521r1 ffdhe2048 ffdhe3072 ffdhe4096; do
	client --groups "$g"
	ok "s_server $g"
	want "$(ward_line "$out")" "group=$g sig=${sig[ecdsa]} alpn=- sni=localhost hrr=0" \
		"s_server $g"
	want "$out" "Shared groups: $g" "s_server $g: s_server's page"
done
stop "$srv_pid"

for cert in rsa ed25519; do
	start_s_server "www-$cert" "$scratch/$cert" -www
	client
	ok "s_server $cert"
	want "$(ward_line "$out")" "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 sig=${sig[$cert]} alpn=- sni=localhost hrr=0" \
		"s_server $cert"
	stop "$srv_pid"
done

# HelloRetryRequest: the client's first share is X25519, s_server wants P-384
start_s_server hrr "$scratch/ecdsa" -www -groups P-384
client --groups x25519:secp384r1
ok "HRR"
want "$(ward_line "$out")" "group=secp384r1 sig=${sig[ecdsa]} alpn=- sni=localhost hrr=1" \
	"HRR"
want "$out" "Shared groups: secp384r1" "HRR: s_server's page"
stop "$srv_pid"
# a stateless s_server puts its state in the HelloRetryRequest's cookie
start_s_server hrr-cookie "$scratch/ecdsa" -www -groups P-384 -stateless
client --groups x25519:secp384r1
ok "HRR with cookie"
want "$(ward_line "$out")" "group=secp384r1 sig=${sig[ecdsa]} alpn=- sni=localhost hrr=1" \
	"HRR with cookie"
stop "$srv_pid"

# finite-field groups (RFC 7919)
start_s_server ffdhe "$scratch/ecdsa" -www -groups ffdhe2048:ffdhe3072
for g in ffdhe2048 ffdhe3072; do
	client --groups "$g"
	ok "s_server $g"
	want "$(ward_line "$out")" "group=$g sig=${sig[ecdsa]}" "s_server $g"
	want "$out" "Shared groups: $g" "s_server $g: s_server's page"
done
stop "$srv_pid"

# KeyUpdate: the client updates and asks s_server to; data flows both ways
# after (s_server -rev answers each line reversed)
start_s_server rev "$scratch/ecdsa" -rev -msg
client --send 'before the update\n' --key-update \
	--send-after 'after the update\n' --until 'etadpu eht retfa'
ok "KeyUpdate"
want "$out" "etadpu eht erofeb" "KeyUpdate: reply before"
want "$out" "etadpu eht retfa" "KeyUpdate: reply after"
want "$out" "peer updated its keys" "KeyUpdate: s_server's own update"
stop "$srv_pid"
want "$(cat "$scratch/rev.out")" "KeyUpdate" "KeyUpdate: s_server saw it"

# ALPN: the server's preference wins
start_s_server alpn "$scratch/ecdsa" -www -alpn h2,http/1.1
client --alpn http/1.1,h2
ok "ALPN"
want "$(ward_line "$out")" "alpn=h2 sni=localhost" "ALPN"
client --alpn http/1.1
want "$(ward_line "$out")" "alpn=http/1.1 sni=localhost" "ALPN http/1.1"
stop "$srv_pid"

# A chain with an intermediate (tests/data/x509: root -> intermediate ->
# leaf for test.example, *.wild.example and IP 127.0.0.1), and the names
# it is valid for
x509=$WARD_TESTS/data/x509
cp "$x509/leaf.pem" "$scratch/fixture.pem"
cp "$x509/leaf.key" "$scratch/fixture-key.pem"
start_s_server chain "$scratch/fixture" -www -cert_chain "$x509/inter.pem"
for host in test.example a.wild.example; do
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername "$host" --cafile "$x509/root.pem" 2>&1) || rc=$?
	ok "chain, name $host"
	want "$(ward_line "$out")" "sni=$host hrr=0" "chain, name $host"
done
# an IP address is checked against the certificate but not sent as SNI
# (tls.h: the client's server_name is the SNI sent)
rc=0
out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--cafile "$x509/root.pem" 2>&1) || rc=$?
ok "chain, IP address 127.0.0.1"
want "$(ward_line "$out")" "version=TLSv1.3" "chain, IP address 127.0.0.1"
want "$(ward_line "$out")" "sni=- hrr=0" "no SNI reported for an IP literal"
stop "$srv_pid"

# ward's client verifies the other keys of tests/data/x509: ECDSA P-384
# and P-521, and RSASSA-PSS with each rsa_pss_pss scheme (s_server
# restricted to it)
for case in p384:ecdsa_secp384r1_sha384 p521:ecdsa_secp521r1_sha512 \
	rsapss:rsa_pss_pss_sha256 rsapss:rsa_pss_pss_sha384 \
	rsapss:rsa_pss_pss_sha512; do
	IFS=: read -r base scheme <<<"$case"
	cp "$x509/$base-chain.pem" "$scratch/$base.pem"
	cp "$x509/$base.key" "$scratch/$base-key.pem"
	start_s_server "fixture-$scheme" "$scratch/$base" -www \
		-cert_chain "$x509/inter.pem" -sigalgs "$scheme"
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername test.example --cafile "$x509/root.pem" 2>&1) || rc=$?
	ok "$scheme"
	want "$(ward_line "$out")" "sig=$scheme alpn=- sni=test.example" \
		"$scheme"
	stop "$srv_pid"
done

# The server's records and messages in pieces (a proxy passes the first
# 4 KiB each way one byte per TCP segment); a 30 KB certificate
start_s_server dribble "$scratch/rsa" -www
start_proxy dribble-proxy "$port" dribble
client
ok "byte by byte"
want "$out" "New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256" "byte by byte"
wait_exit "$proxy_pid"
stop "$srv_pid"
names=()
for ((i = 0; i < 1000; i++)); do names+=("host-$i.example.test"); done
issue "$ca" "$scratch/big" ecdsa localhost "${names[@]}"
start_s_server big-cert "$scratch/big" -www
client --servername host-999.example.test
ok "30 KB certificate"
want "$(ward_line "$out")" "sni=host-999.example.test hrr=0" "30 KB certificate"
stop "$srv_pid"

# s_server shapes: its handshake in 512-byte records (the RSA Certificate
# message spans several), padded records, five NewSessionTickets, and a
# CertificateRequest the client answers with no certificate (-verify:
# optional) or that s_server insists on (-Verify: certificate_required)
for args in "-max_send_frag 512" "-record_padding 700" "-num_tickets 5" \
	"-verify 1"; do
	start_s_server shape "$scratch/rsa" -www $args
	client
	ok "s_server $args"
	want "$(ward_line "$out")" "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 sig=${sig[rsa]}" \
		"s_server $args"
	want "$out" "New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256" \
		"s_server $args: page"
	stop "$srv_pid"
done
start_s_server verify "$scratch/ecdsa" -www -Verify 1
client
[ "$rc" = 1 ] || bad "s_server -Verify: ward's client exited $rc: $out"
want "$out" "(alert certificate_required received)" "s_server -Verify"
stop "$srv_pid"

# --- gnutls-serv --echo ---
if [ -z "${WARD_NETNS:-}" ]; then
	need unshare ip
	skipped "gnutls-serv cases: 'unshare -rn' cannot make a private network namespace here"
	finish "ward's client against openssl s_server"
fi
gport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# start_gnutls NAME CERT-TYPE ARGS...: sets $port and $srv_pid
start_gnutls() {
	local name=$1 cert=$2
	shift 2
	gnutls-serv --echo -p "$gport" --x509certfile "$scratch/$cert.pem" \
		--x509keyfile "$scratch/$cert-key.pem" "$@" \
		>"$scratch/$name.out" 2>&1 &
	srv_pid=$!
	pids+=("$srv_pid")
	wait_for "$scratch/$name.out" 'listening on IPv4' ||
		fail "gnutls-serv did not start: $(cat "$scratch/$name.out")"
	port=$gport
}

declare -A gnutls_cipher=([TLS_AES_128_GCM_SHA256]=AES-128-GCM
	[TLS_AES_256_GCM_SHA384]=AES-256-GCM
	[TLS_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A gnutls_group=([x25519]=X25519 [secp256r1]=SECP256R1
	[secp384r1]=SECP384R1)
start_gnutls echo ecdsa
for suite in $suites; do
	for g in $groups; do
		what="gnutls-serv $suite $g"
		client --suites "$suite" --groups "$g" \
			--send "hello $suite $g\n" --until "hello $suite $g"
		ok "$what"
		want "$(ward_line "$out")" "version=TLSv1.3 suite=$suite group=$g sig=${sig[ecdsa]} alpn=- sni=localhost hrr=0" \
			"$what"
		want "$out" "hello $suite $g" "$what: echo"
	done
done
stop "$srv_pid"
log=$(cat "$scratch/echo.out")
for suite in $suites; do
	for g in $groups; do
		want "$log" "- Description: (TLS1.3-X.509)-(ECDHE-${gnutls_group[$g]})-(ECDSA-SECP256R1-SHA256)-(${gnutls_cipher[$suite]})" \
			"gnutls-serv's account of $suite $g"
	done
done

for cert in rsa ed25519; do
	start_gnutls "echo-$cert" $cert
	client --send 'hello\n' --until hello
	ok "gnutls-serv $cert"
	want "$(ward_line "$out")" "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 sig=${sig[$cert]} alpn=- sni=localhost hrr=0" \
		"gnutls-serv $cert"
	stop "$srv_pid"
done

# 100 KB from ward's client, echoed back whole (gnutls-serv echoes lines)
big=$(head -c 100000 /dev/zero | tr '\0' 'w')
start_gnutls echo-big ecdsa
client --send "${big}END\n" --until END
ok "gnutls-serv 100 KB"
got=$(tr -cd w <<<"$out" | wc -c)
[ "$got" = 100000 ] || bad "gnutls-serv 100 KB: $got bytes echoed"
stop "$srv_pid"

# finite-field groups with gnutls-serv
start_gnutls echo-ffdhe ecdsa
for g in ffdhe2048 ffdhe3072; do
	client --groups "$g" --send "hi $g\n" --until "hi $g"
	ok "gnutls-serv $g"
	want "$(ward_line "$out")" "group=$g sig=${sig[ecdsa]}" "gnutls-serv $g"
done
stop "$srv_pid"

# KeyUpdate with gnutls too
start_gnutls echo-ku ecdsa
client --send 'one\n' --key-update --send-after 'two\n' --until two
ok "gnutls-serv KeyUpdate"
want "$out" "two" "gnutls-serv KeyUpdate: echo after"
stop "$srv_pid"

# HelloRetryRequest and ALPN with gnutls-serv (which, unlike s_server,
# picks the client's most preferred protocol)
start_gnutls echo-hrr ecdsa --priority 'NORMAL:-GROUP-ALL:+GROUP-SECP384R1' \
	--alpn h2 --alpn http/1.1
client --groups x25519:secp384r1 --alpn http/1.1,h2 --send 'x\n' --until x
ok "gnutls-serv HRR"
want "$(ward_line "$out")" "group=secp384r1 sig=${sig[ecdsa]} alpn=http/1.1 sni=localhost hrr=1" \
	"gnutls-serv HRR + ALPN"
stop "$srv_pid"

finish "ward's client against openssl s_server and gnutls-serv"
