#!/usr/bin/env bash
# `ward get -b/-c` against tests/interop/get_server.py and curl: the jar
# ward writes is curl's format (curl -b sends what ward wrote, to the
# hosts it should), ward reads what `curl -c` wrote, -b and -c on one
# file, cookies carried across -L redirects and across the URLs of one
# run, Secure cookies kept off http, expired cookies dropped, a Domain
# that is not the host's refused, -b 'n=v' sent as it is.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need curl python3

# q TEXT: TEXT URL-encoded, for /setc?c=...
q() { python3 -c 'import sys, urllib.parse as u; print(u.quote(sys.argv[1], safe=""))' "$1"; }

start_py plain
P=$pport
names=(www.ward.test sub.ward.test other.test)
res=()
for n in "${names[@]}"; do res+=(--resolve "$n:$P:127.0.0.1"); done
www=http://www.ward.test:$P
sub=http://sub.ward.test:$P
jar=$scratch/jar

# --- ward writes, curl reads ---
set_url="$www/setc?c=$(q 'host=h1; Path=/')&c=$(q 'dom=d1; Domain=ward.test; Path=/')&c=$(q 'ho=x; HttpOnly; Path=/')&c=$(q 'sess=s')&c=$(q 'exp=e; Max-Age=3600; Path=/')&c=$(q 'bad=1; Domain=other.test')&c=$(q 'deep=p; Path=/setc/x')"
now=$(date +%s)
get "${res[@]}" -c "$jar" "$set_url"
rc_is 0 "-c: set cookies"
check_eq "$out" "set" "-c: the body"
check_eq "$(head -n 1 "$jar")" "# Netscape HTTP Cookie File" "-c: the header line"
lines=$(grep -v '^# ' "$jar" | grep -v '^$' | sort)
check_eq "$(grep -c . <<<"$lines")" 6 "-c: six cookies written (bad= refused): $lines"
want "$lines" $'www.ward.test\tFALSE\t/\tFALSE\t0\thost\th1' "-c: a host-only session cookie"
want "$lines" $'.ward.test\tTRUE\t/\tFALSE\t0\tdom\td1' "-c: a domain cookie"
want "$lines" $'#HttpOnly_www.ward.test\tFALSE\t/\tFALSE\t0\tho\tx' "-c: HttpOnly"
want "$lines" $'www.ward.test\tFALSE\t/\tFALSE\t0\tsess\ts' "-c: the default path of /setc is /"
want "$lines" $'www.ward.test\tFALSE\t/setc/x\tFALSE\t0\tdeep\tp' "-c: a Path"
has "$lines" "other.test" && bad "-c: a cookie for another domain was kept"
exp=$(awk -F'\t' '$6 == "exp" {print $5}' "$jar")
[ "$exp" -ge $((now + 3595)) ] && [ "$exp" -le $((now + 3660)) ] ||
	bad "-c: Max-Age=3600 written as expiry $exp (now $now)"
check_eq "$(stat -c %a "$jar")" 600 "-c: the jar is mode 0600"

# curl sends what ward wrote: all of it to www, the domain cookie only
# to a subdomain, nothing to another host
c=$(curl -s "${res[@]}" -b "$jar" "$www/cookies")
for kv in host=h1 dom=d1 ho=x sess=s exp=e; do
	want "$c" "$kv" "curl -b ward's jar: $kv sent to www"
done
has "$c" "deep=" && bad "curl -b ward's jar: deep= sent outside /setc/x"
check_eq "$(curl -s "${res[@]}" -b "$jar" "$sub/cookies")" "Cookie: [dom=d1]" \
	"curl -b ward's jar: to a subdomain, only the domain cookie"
check_eq "$(curl -s "${res[@]}" -b "$jar" "http://other.test:$P/cookies")" \
	"Cookie: none" "curl -b ward's jar: nothing to another domain"

# ward sends the same from its own jar
get "${res[@]}" -b "$jar" "$www/cookies"
check_eq "$out" "Cookie: [host=h1; dom=d1; ho=x; sess=s; exp=e]" \
	"ward -b: its own jar, in order of creation"
get "${res[@]}" -b "$jar" "$sub/cookies"
check_eq "$out" "Cookie: [dom=d1]" "ward -b: to a subdomain"
get "${res[@]}" -b "$jar" "$www/cookies"
has "$out" "deep=" && bad "ward -b: deep= sent outside /setc/x"

# --- curl writes, ward reads ---
cjar=$scratch/curl-jar
curl -s "${res[@]}" -c "$cjar" "$set_url" >/dev/null || fail "curl -c"
grep -q '^#HttpOnly_' "$cjar" || fail "curl -c wrote no HttpOnly line: $(cat "$cjar")"
get "${res[@]}" -b "$cjar" "$www/cookies"
rc_is 0 "ward -b curl's jar"
for kv in host=h1 dom=d1 ho=x sess=s exp=e; do
	want "$out" "$kv" "ward -b curl's jar: $kv"
done
get "${res[@]}" -b "$cjar" "$sub/cookies"
check_eq "$out" "Cookie: [dom=d1]" "ward -b curl's jar: to a subdomain"
has "$err" "malformed" && bad "ward -b curl's jar: warned: $err"

# --- -b and -c on one file, across runs; a missing -b file is empty ---
one=$scratch/one
get "${res[@]}" -b "$one" -c "$one" "$www/setc?c=$(q 'n=1; Path=/')"
rc_is 0 "-b/-c one file: first run (no file yet)"
get "${res[@]}" -b "$one" -c "$one" "$www/setc?c=$(q 'm=2; Path=/')"
get "${res[@]}" -b "$one" "$www/cookies"
check_eq "$out" "Cookie: [n=1; m=2]" "-b/-c one file: kept across runs"
# Max-Age=0 deletes; Max-Age wins over an Expires in the past
get "${res[@]}" -b "$one" -c "$one" \
	"$www/setc?c=$(q 'n=; Max-Age=0; Path=/')&c=$(q 'k=3; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=100; Path=/')"
get "${res[@]}" -b "$one" "$www/cookies"
check_eq "$out" "Cookie: [m=2; k=3]" "Max-Age=0 deletes, Max-Age wins over Expires"
grep -q $'\tn\t' "$one" && bad "Max-Age=0: n still in the jar"

# --- expired cookies in a jar are neither sent nor written back ---
old=$scratch/old
printf '%s\n' "# Netscape HTTP Cookie File" \
	$'www.ward.test\tFALSE\t/\tFALSE\t1000000000\tstale\t1' \
	$'www.ward.test\tFALSE\t/\tFALSE\t4000000000\tfresh\t2' >"$old"
get "${res[@]}" -b "$old" -c "$scratch/old-out" "$www/cookies"
check_eq "$out" "Cookie: [fresh=2]" "an expired cookie is not sent"
grep -q stale "$scratch/old-out" && bad "an expired cookie was written back"
grep -q $'\tfresh\t2' "$scratch/old-out" || bad "-c: fresh not written back"

# --- redirects and several URLs of one run ---
get "${res[@]}" -b '' -L "$www/setc?c=$(q 'r=1; Path=/')&loc=/cookies"
check_eq "$out" "Cookie: [r=1]" "-L: the cookie set by the redirect is sent to its target"
get "${res[@]}" -L "$www/setc?c=$(q 'r=1; Path=/')&loc=/cookies"
check_eq "$out" "Cookie: none" "no -b/-c: no cookies kept (as curl)"
get "${res[@]}" -b '' "$www/setc?c=$(q 'u=1; Path=/')" "$www/cookies"
check_eq "$out" $'set\nCookie: [u=1]' "two URLs: the first's cookie sent with the second"
get "${res[@]}" -c /dev/null "$www/setc?c=$(q 'u=1; Path=/')" "$sub/cookies" "$www/cookies"
check_eq "$out" $'set\nCookie: none\nCookie: [u=1]' "host-only: not to another host; -c /dev/null"
rc_is 0 "-c /dev/null"

# --- Secure: only over https; not stored from http ---
issue "$ca" "$scratch/www" ecdsa www.ward.test
start_py tls --tls "$scratch/www.pem" "$scratch/www-key.pem"
T=$pport
sjar=$scratch/secure
get --cacert "$ca/ca.pem" --resolve "www.ward.test:$T:127.0.0.1" -c "$sjar" \
	"https://www.ward.test:$T/setc?c=$(q 'sec=1; Secure; Path=/')&c=$(q 'plain=2; Path=/')"
rc_is 0 "https: set a Secure cookie"
grep -q $'www.ward.test\tFALSE\t/\tTRUE\t0\tsec\t1' "$sjar" ||
	bad "-c: the Secure flag not written: $(cat "$sjar")"
get "${res[@]}" -b "$sjar" "$www/cookies"
check_eq "$out" "Cookie: [plain=2]" "a Secure cookie is not sent over http"
get --cacert "$ca/ca.pem" --resolve "www.ward.test:$T:127.0.0.1" -b "$sjar" \
	"https://www.ward.test:$T/cookies"
check_eq "$out" "Cookie: [sec=1; plain=2]" "a Secure cookie is sent over https"
check_eq "$(curl -s "${res[@]}" -b "$sjar" "$www/cookies")" "Cookie: [plain=2]" \
	"curl agrees: the Secure flag ward wrote keeps it off http"
get "${res[@]}" -b '' -c "$scratch/insecure" "$www/setc?c=$(q 's=1; Secure; Path=/')"
grep -q $'\ts\t1' "$scratch/insecure" && bad "a Secure cookie from http was stored"

# --- -b 'n=v': sent as it is, after the jar's ---
get "${res[@]}" -b 'x=1; y=2' "$www/cookies"
check_eq "$out" "Cookie: [x=1; y=2]" "-b 'x=1; y=2'"
get "${res[@]}" -b "$sjar" -b 'x=1' "$www/cookies"
check_eq "$out" "Cookie: [plain=2; x=1]" "-b FILE -b 'x=1'"
get "${res[@]}" -b $'x=1\r\nEvil: 1' "$www/cookies"
rc_is 2 "-b with a line break"

serve_finish test_get_cookie
