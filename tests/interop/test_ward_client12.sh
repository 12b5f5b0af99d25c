#!/usr/bin/env bash
# ward's TLS 1.2 client (ward-tls-peer client, offering TLS 1.3 and 1.2
# as it does by default) against `openssl s_server -tls1_2` and a TLS
# 1.2-only gnutls-serv: each suite with its certificate type x25519,
# secp256r1 and secp384r1, the extended master secret, resumption by
# session ID (-no_ticket) and by RFC 5077 ticket, asserted on both sides
# (ward's resumed=1, s_server's "Reused" and its cache hits), and a
# session the server no longer knows giving a full handshake.
#
# gnutls-serv cannot bind to loopback only: the script runs in a private
# network namespace when it can (as test_ward_client.sh).
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
for t in ecdsa rsa; do
	issue "$ca" "$scratch/$t" $t localhost
done

# client ARGS...: ward's client to $port; output in $out, exit code in $rc
client() {
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" "$@" 2>&1) || rc=$?
}
ok() { [ "$rc" -eq 0 ] || bad "$1: ward's client exited $rc: $out"; }

declare -A ossl=(
	[TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=ECDHE-ECDSA-AES128-GCM-SHA256
	[TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=ECDHE-ECDSA-AES256-GCM-SHA384
	[TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-ECDSA-CHACHA20-POLY1305
	[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=ECDHE-RSA-AES128-GCM-SHA256
	[TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=ECDHE-RSA-AES256-GCM-SHA384
	[TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-RSA-CHACHA20-POLY1305)
declare -A suites=(
	[ecdsa]="TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"
	[rsa]="TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
declare -A sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256)
declare -A ossl_group=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)

# --- every suite x group: s_server picks the group (-groups), the
# client offers its defaults (the ECDSA certificate's curve among them,
# RFC 8422 5.1.1) ---
s_server_version=-tls1_2
for cert in ecdsa rsa; do
	for g in x25519 secp256r1 secp384r1; do
		start_s_server "www-$cert-$g" "$scratch/$cert" -www \
			-groups "${ossl_group[$g]}"
		for suite in ${suites[$cert]}; do
			what="s_server -tls1_2 $suite $g"
			client --suites12 "$suite"
			ok "$what"
			want "$(ward_line "$out")" "version=TLSv1.2 suite=$suite group=$g sig=${sig[$cert]} alpn=- sni=localhost hrr=0 resumed=0" \
				"$what"
			want "$out" "New, TLSv1.2, Cipher is ${ossl[$suite]}" \
				"$what: s_server's page"
			want "$out" "Shared groups: $g" "$what: s_server's page"
			want "$out" "Extended master secret: yes" \
				"$what: s_server's page"
		done
		stop "$srv_pid"
	done
done

# the other keys of tests/data/x509: in TLS 1.2 an ECDSA scheme names its
# hash only, on any curve (s_server signs with P-384 and P-521 keys
# under ecdsa_secp256r1_sha256, the client's first); RSASSA-PSS keys sign
# with rsa_pss_pss_* under the ECDHE_RSA suites
x509=$WARD_TESTS/data/x509
for case in p384:ecdsa_secp256r1_sha256:ECDSA p521:ecdsa_secp256r1_sha256:ECDSA \
	rsapss:rsa_pss_pss_sha256:RSA; do
	IFS=: read -r base scheme kind <<<"$case"
	cp "$x509/$base-chain.pem" "$scratch/$base.pem"
	cp "$x509/$base.key" "$scratch/$base-key.pem"
	start_s_server "fixture-$base" "$scratch/$base" -www \
		-cert_chain "$x509/inter.pem"
	rc=0
	out=$(timeout 10 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername test.example --cafile "$x509/root.pem" 2>&1) || rc=$?
	ok "TLS 1.2 $base"
	want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_${kind}_WITH_AES_128_GCM_SHA256 group=x25519 sig=$scheme alpn=- sni=test.example" \
		"TLS 1.2 $base"
	stop "$srv_pid"
done

# TLS 1.2 only (no supported_versions): the same handshake
start_s_server www-only12 "$scratch/ecdsa" -www
client --tls-max 1.2
ok "TLS 1.2 only"
want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=x25519" \
	"TLS 1.2 only"
# ALPN, the server's choice among ours
client --alpn h2,http/1.1
ok "TLS 1.2 ALPN"
stop "$srv_pid"
start_s_server www-alpn12 "$scratch/ecdsa" -www -alpn http/1.1
client --alpn h2,http/1.1
ok "TLS 1.2 ALPN"
want "$(ward_line "$out")" "alpn=http/1.1 sni=localhost" "TLS 1.2 ALPN"
stop "$srv_pid"

# --- resumption ---
# resume NAME S_SERVER-ARGS...: a full handshake that saves the session,
# then one that offers it to the same s_server
resume() {
	local name=$1
	shift
	start_s_server "$name" "$scratch/ecdsa" -www "$@"
	client --sess-out "$scratch/$name.sess"
	ok "$name: first"
	want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=x25519 sig=${sig[ecdsa]} alpn=- sni=localhost hrr=0 resumed=0" \
		"$name: first"
	want "$out" "New, TLSv1.2" "$name: first, s_server's page"
	[ -s "$scratch/$name.sess" ] || bad "$name: no session saved: $out"
	client --sess-in "$scratch/$name.sess" --sess-out "$scratch/$name.2.sess"
	ok "$name: resumed"
	want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=- sig=- alpn=- sni=localhost hrr=0 resumed=1" \
		"$name: resumed"
	want "$out" "Reused, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256" \
		"$name: s_server saw the reuse"
	want "$out" "Extended master secret: yes" "$name: resumed with EMS"
	# the resumed connection's session resumes too
	client --sess-in "$scratch/$name.2.sess"
	ok "$name: resumed again"
	want "$(ward_line "$out")" "resumed=1" "$name: resumed again"
	want "$out" "Reused, TLSv1.2" "$name: resumed again, s_server"
	# and by a TLS 1.2-only client
	client --tls-max 1.2 --sess-in "$scratch/$name.sess"
	ok "$name: TLS 1.2 only, resumed"
	want "$(ward_line "$out")" "resumed=1" "$name: TLS 1.2 only, resumed"
	want "$out" "Reused, TLSv1.2" "$name: TLS 1.2 only, s_server"
}
# by session ID: s_server counts a cache hit
resume by-id -no_ticket
want "$out" "3 session cache hits" "by-id: s_server's cache"
stop "$srv_pid"
# a restarted s_server knows the ID no more: a new ID, a full handshake
start_s_server by-id-restarted "$scratch/ecdsa" -www -no_ticket
client --sess-in "$scratch/by-id.sess"
ok "by-id, server restarted"
want "$(ward_line "$out")" "group=x25519 sig=${sig[ecdsa]} alpn=- sni=localhost hrr=0 resumed=0" \
	"by-id, server restarted: full handshake"
want "$out" "New, TLSv1.2" "by-id, server restarted: s_server's page"
stop "$srv_pid"
# by RFC 5077 ticket, s_server's session cache off: only the ticket can
# resume
resume by-ticket -no_cache
stop "$srv_pid"
# a restarted s_server has a new ticket key: a full handshake
start_s_server by-ticket-restarted "$scratch/ecdsa" -www
client --sess-in "$scratch/by-ticket.sess"
ok "by-ticket, server restarted"
want "$(ward_line "$out")" "resumed=0" "by-ticket, server restarted"
want "$out" "New, TLSv1.2" "by-ticket, server restarted: s_server's page"
stop "$srv_pid"

# --- gnutls-serv, TLS 1.2 only ---
if [ -z "${WARD_NETNS:-}" ]; then
	need unshare ip
	skipped "gnutls-serv cases: 'unshare -rn' cannot make a private network namespace here"
	finish "ward's TLS 1.2 client against openssl s_server"
fi
gport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
declare -A gnutls_cipher=(
	[TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=AES-128-GCM
	[TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=AES-256-GCM
	[TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305
	[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=AES-128-GCM
	[TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=AES-256-GCM
	[TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A gnutls_sig=([ecdsa]=ECDSA-SHA256 [rsa]=RSA-PSS-RSAE-SHA256)
tls12_only='NORMAL:-VERS-ALL:+VERS-TLS1.2'
for cert in ecdsa rsa; do
	start_gnutls "echo-$cert" $cert --priority "$tls12_only"
	for suite in ${suites[$cert]}; do
		what="gnutls-serv TLS 1.2 $suite"
		client --suites12 "$suite" --send "hello $suite\n" \
			--until "hello $suite"
		ok "$what"
		want "$(ward_line "$out")" "version=TLSv1.2 suite=$suite group=x25519 sig=${sig[$cert]} alpn=- sni=localhost hrr=0 resumed=0" \
			"$what"
		want "$out" "hello $suite" "$what: echo"
	done
	stop "$srv_pid"
	log=$(cat "$scratch/echo-$cert.out")
	for suite in ${suites[$cert]}; do
		want "$log" "- Description: (TLS1.2-X.509)-(ECDHE-X25519)-(${gnutls_sig[$cert]})-(${gnutls_cipher[$suite]})" \
			"gnutls-serv's account of $suite"
	done
done
# resumption with gnutls-serv: by ticket (its default), then by session
# ID (tickets off)
for how in ticket id; do
	args=(--priority "$tls12_only")
	[ "$how" = id ] && args=(--priority "$tls12_only:%NO_TICKETS")
	start_gnutls "resume-$how" ecdsa "${args[@]}"
	client --send 'one\n' --until one --sess-out "$scratch/g-$how.sess"
	ok "gnutls-serv resumption by $how: first"
	want "$(ward_line "$out")" "resumed=0" "gnutls-serv by $how: first"
	client --send 'two\n' --until two --sess-in "$scratch/g-$how.sess"
	ok "gnutls-serv resumption by $how"
	want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=- sig=- alpn=- sni=localhost hrr=0 resumed=1" \
		"gnutls-serv by $how: resumed"
	want "$out" "two" "gnutls-serv by $how: echo after resumption"
	stop "$srv_pid"
done

finish "ward's TLS 1.2 client against openssl s_server and gnutls-serv"
