#!/usr/bin/env bash
# gnutls-cli against ward's TLS 1.3 server (ward-tls-peer): every suite x
# group x certificate type, pinned with priority strings, plus a
# HelloRetryRequest and ALPN. gnutls-cli's "Description" line and ward's
# reply must agree on what was negotiated.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need gnutls-cli

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/ecdsa" ecdsa localhost
issue "$ca" "$scratch/rsa" rsa localhost
issue "$ca" "$scratch/ed25519" ed25519 localhost

# gnutls PRIORITY [ARGS...]: connect to ward on $port, send one line, keep
# the output in $out (ward answers, then closes with --reply-close)
gnutls() {
	local prio=$1
	shift
	out=$(echo "ping from gnutls-cli" | timeout 10 gnutls-cli \
		--priority "$prio" --x509cafile "$ca/ca.pem" --port "$port" \
		"$@" localhost 2>&1) || true
}
tls13=NORMAL:-VERS-ALL:+VERS-TLS1.3

declare -A cipher=([TLS_AES_128_GCM_SHA256]=AES-128-GCM
	[TLS_AES_256_GCM_SHA384]=AES-256-GCM
	[TLS_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A group=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)
declare -A sig=([ecdsa]=ECDSA-SECP256R1-SHA256 [rsa]=RSA-PSS-RSAE-SHA256
	[ed25519]=EdDSA-Ed25519)
declare -A ward_sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256
	[ed25519]=ed25519)

for cert in ecdsa rsa ed25519; do
	start_ward "server-$cert" --cert "$scratch/$cert.pem" \
		--key "$scratch/$cert-key.pem" --reply-close
	for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 \
		TLS_CHACHA20_POLY1305_SHA256; do
		for g in x25519 secp256r1 secp384r1; do
			what="$cert $suite $g"
			gnutls "$tls13:-CIPHER-ALL:+${cipher[$suite]}:-GROUP-ALL:+GROUP-${group[$g]}"
			want "$out" "- Status: The certificate is trusted." "$what"
			want "$out" "- Description: (TLS1.3-X.509)-(ECDHE-${group[$g]})-(${sig[$cert]})-(${cipher[$suite]})" \
				"$what"
			want "$(ward_line "$out")" "version=TLSv1.3 suite=$suite group=$g sig=${ward_sig[$cert]} alpn=- sni=localhost hrr=0" \
				"$what: ward's reply"
			want "$out" "ping from gnutls-cli" "$what: echo"
		done
	done
	stop "$ward_pid"
	errs=$(cat "$scratch/server-$cert.err")
	[ -z "$errs" ] || bad "$cert: ward server complained: $errs"
done

# HelloRetryRequest: gnutls sends shares for its first group of each kind
# (here X25519 and P-384), so a server that wants P-256 has to ask for it.
start_ward hrr --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--groups secp256r1:x25519 --reply-close
gnutls "$tls13:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP384R1:+GROUP-SECP256R1"
want "$out" "(ECDHE-SECP256R1)" "HRR"
want "$(ward_line "$out")" "group=secp256r1 sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=1" \
	"HRR: ward's reply"
stop "$ward_pid"

# The other groups, each gnutls-cli's only one, against the default
# preference (finite-field groups of RFC 7919 included)
start_ward more-groups --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --reply-close
declare -A more_groups=([x448]=ECDHE-X448 [secp521r1]=ECDHE-SECP521R1
	[ffdhe2048]=DHE-FFDHE2048 [ffdhe3072]=DHE-FFDHE3072
	[ffdhe4096]=DHE-FFDHE4096)
for g in x448 secp521r1 ffdhe2048 ffdhe3072 ffdhe4096; do
	gnutls "$tls13:-GROUP-ALL:+GROUP-${more_groups[$g]#*-}"
	want "$out" "- Description: (TLS1.3-X.509)-(${more_groups[$g]})-(ECDSA-SECP256R1-SHA256)" \
		"$g"
	want "$(ward_line "$out")" "group=$g sig=ecdsa_secp256r1_sha256 alpn=- sni=localhost hrr=0" \
		"$g: ward's reply"
done
stop "$ward_pid"

# A chain with an intermediate (tests/data/x509): ward sends both
# certificates and gnutls-cli builds the path to the root, here for a
# name under the certificate's wildcard
x509=$WARD_TESTS/data/x509
start_ward chain --cert "$x509/chain.pem" --key "$x509/leaf.key" --reply-close
out=$(echo "ping" | timeout 10 gnutls-cli --priority "$tls13" \
	--x509cafile "$x509/root.pem" --port "$port" \
	--sni-hostname a.wild.example --verify-hostname a.wild.example \
	127.0.0.1 2>&1) || true
want "$out" "- Got a certificate list of 2 certificates." "chain"
want "$out" "- Status: The certificate is trusted." "chain"
want "$(ward_line "$out")" "sni=a.wild.example hrr=0" "chain: ward's reply"
stop "$ward_pid"

# ALPN: the server's preference wins
start_ward alpn --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--alpn h2,http/1.1 --reply-close
gnutls "$tls13" --alpn http/1.1 --alpn h2
want "$out" "- Application protocol: h2" "ALPN"
want "$(ward_line "$out")" "alpn=h2 sni=localhost" "ALPN: ward's reply"
stop "$ward_pid"

finish "gnutls-cli against ward"
