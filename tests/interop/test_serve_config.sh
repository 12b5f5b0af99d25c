#!/usr/bin/env bash
# ward serve --config FILE and ward check-config FILE (docs/config.md):
# a real file serving, flags overriding its keys, check-config naming
# FILE:LINE:COLUMN of every error, a broken file on SIGHUP leaving the
# running configuration (curl still gets 200) with the line in the log;
# two sites on one port chosen by SNI and Host (curl --resolve), 421 when
# the Host is another site's, the default site for unknown names, and a
# reload that adds a site while requests go on.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

W=$WARD_BIN
site=$scratch/site
mkdir -p "$site/sub"
echo "from the file" >"$site/index.html"
echo "x" >"$site/sub/x.txt"

# --- check-config: good, then every error with its place ---
good=$scratch/good.yaml
cat >"$good" <<YAML
workers: 1
root: $site
cert: $cert
key: $key
YAML
out=$("$W" check-config "$good" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 0 "check-config of a good file: exit code ($out)"
check_eq "$out" "$good: good" "check-config of a good file"

broken=$scratch/broken.yaml
cat >"$broken" <<YAML
workers: lots
listen: ["127.0.0.1:1", {a: b}]
autoindex: yes
root: $scratch/nowhere
cert: $scratch/none.pem
key: $scratch/none-key.pem
wrokers: 2
sites:
  - names: [a.test]
    tls: {cert: $scratch/none.pem}
YAML
out=$("$W" check-config "$broken" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 1 "check-config of a broken file: exit code"
expect="$broken:7:1: key 'wrokers': unknown key (docs/config.md lists them)
$broken:2:25: key 'listen[1]': wants a value, not a mapping
$broken:1:10: key 'workers': 'lots' is not a number
$broken:4:7: key 'root': cannot open directory '$scratch/nowhere': No such file or directory
$broken:3:12: key 'autoindex': wants true or false, not 'yes'
$broken:10:10: key 'sites[0].tls': has a cert but no key
$broken:5:7: key 'cert': cannot open certificate chain '$scratch/none.pem': No such file or directory
$broken: 7 errors"
check_eq "$out" "$expect" "check-config lists every error"
# the certificate files are opened too
cat >"$broken" <<YAML
workers: 1
cert: [$cert, $scratch/none.pem]
key: [$key, $key]
YAML
out=$("$W" check-config "$broken" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 1 "check-config of a missing certificate: exit code"
# the second item of the list: after "cert: [", the first and ", "
want "$out" "$broken:2:$((8 + ${#cert} + 2)): key 'cert': cannot open certificate chain '$scratch/none.pem'" \
	"check-config opens the certificates"
# the flags of every feature are keys, checked as the flags are; the
# pairing of certificates and keys, and stores without a password file
cat >"$broken" <<YAML
early-data: 64k
client-auth: sometimes
cert: [$cert]
store: /files/=$site
YAML
out=$("$W" check-config "$broken" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 1 "check-config of bad feature keys: exit code"
expect="$broken:1:13: key 'early-data': at most 32k
$broken:2:14: key 'client-auth': 'sometimes' is neither require nor optional
$broken:3:8: key 'cert': '$cert' has no matching --key
$broken: 3 errors"
check_eq "$out" "$expect" "check-config of bad feature keys"
out=$("$W" check-config "$scratch/absent.yaml" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 1 "check-config of a missing file: exit code"
want "$out" "$scratch/absent.yaml:1:1: cannot read it: No such file or directory" \
	"check-config of a missing file"
out=$("$W" check-config 2>&1) && rc=0 || rc=$?
check_eq "$rc" 2 "check-config without a file: exit code"

# --- serving from a file; the command line overrides it ---
conf=$scratch/serve.yaml
other=$(freeport)
cat >"$conf" <<YAML
# every key is the flag of the same name
listen: ["127.0.0.1:$other"]
workers: 1
root: $site
hsts: 100
autoindex: true
cert: $cert
key: $key
YAML
# start_serve gives --listen (a free port) and --workers 1 on the command
# line; --ca-dir keeps its own --cert away, so the file's is served
start_serve cfg --config "$conf" --ca-dir "$ca" --hsts=200
log=$scratch/cfg.log
check_eq "$(hcurl /)" "from the file" "GET / from the file's root"
hsts=$(hcurl / -o /dev/null -D - | tr -d '\r' | sed -n 's/^strict-transport-security: //Ip')
check_eq "$hsts" "max-age=200" "--hsts overrides the file's hsts"
check_eq "$(code /sub/)" 200 "autoindex: true lists a directory"
if curl -s --max-time 2 -k "https://127.0.0.1:$other/" >/dev/null 2>&1; then
	bad "the file's listen was used although --listen overrides it"
fi

# --- SIGHUP with a broken file: the old configuration keeps serving ---
# (workers, listen and hsts are the command line's: broken in the file,
# they would not matter)
sed -i 's/^autoindex: true$/autoindex: maybe/' "$conf"
kill -HUP "$master"
wait_until 150 grep -qs 'reload failed' "$log" || bad "a broken file was reloaded"
grep -qs "config: $conf:6:12: key 'autoindex': wants true or false, not 'maybe'" "$log" ||
	bad "the log names the line of the broken key: $(cat "$log")"
check_eq "$(code /)" 200 "the old configuration serves after a broken reload"
check_eq "$(code /sub/)" 200 "the old configuration still lists directories"
# a good file again: it is taken
sed 's/^autoindex: maybe$/autoindex: false/' "$conf" >"$conf.tmp"
mv "$conf.tmp" "$conf"
kill -HUP "$master"
wait_until 150 grep -qs 'reloaded: generation 2,' "$log" || bad "the fixed file was not reloaded"
check_eq "$(code /sub/)" 403 "autoindex: false after the reload"
stop_serve "$master"

# --- sites: two on one port, by SNI and Host ---
issue "$ca" "$scratch/a" ecdsa a.test '*.a.test'
issue "$ca" "$scratch/b" ecdsa b.test
issue "$ca" "$scratch/c" ecdsa c.test
for s in a b c; do
	mkdir -p "$scratch/s$s"
	echo "site $s" >"$scratch/s$s/index.html"
done
mkdir -p "$scratch/store"
sites=$scratch/sites.yaml
write_sites() {
	cat >"$sites" <<YAML
workers: 1
sites:
  - names: [a.test, "*.a.test"]
    tls: {cert: $scratch/a.pem, key: $scratch/a-key.pem}
    routes:
      - path: /
        static: {root: $scratch/sa}
  - names: [b.test]
    default: true
    tls: {cert: $scratch/b.pem, key: $scratch/b-key.pem}
    routes:
      - path: /files/
        store: {root: $scratch/store, public: true}
      - path: /
        static: {root: $scratch/sb}
YAML
	if [ "${1:-}" = c ]; then
		cat >>"$sites" <<YAML
  - names: [c.test]
    tls: {cert: $scratch/c.pem, key: $scratch/c-key.pem}
    routes: [{path: /, static: {root: $scratch/sc}}]
YAML
	fi
}
write_sites
out=$("$W" check-config "$sites" 2>&1) || bad "check-config of the sites: $out"
start_serve sites --config "$sites" --ca-dir "$ca"
log=$scratch/sites.log
# NAME PATH ARGS...: curl to https://NAME:$port, verifying NAME's certificate
scurl() {
	local name=$1 path=$2
	shift 2
	curl -sS --max-time 20 --cacert "$ca/ca.pem" \
		--resolve "$name:$port:127.0.0.1" "$@" "https://$name:$port$path"
}
scode() { scurl "$@" -o /dev/null -w '%{http_code}' || true; }
check_eq "$(scurl a.test /)" "site a" "a.test: site a, its certificate"
check_eq "$(scurl www.a.test /)" "site a" "www.a.test: the wildcard of site a"
check_eq "$(scurl b.test /)" "site b" "b.test: site b, its certificate"
check_eq "$(scode x.www.a.test / 2>/dev/null)" 000 "x.www.a.test: no certificate of a (one label only)"
echo "stored" >"$scratch/up.txt"
check_eq "$(scode b.test /files/up.txt -T "$scratch/up.txt")" 201 "PUT to site b's store"
check_eq "$(scurl b.test /files/up.txt)" "stored" "GET from site b's store"
check_eq "$(scode a.test /files/up.txt)" 404 "site a has no store"
check_eq "$(scode a.test / -H 'Host: b.test')" 421 "SNI a.test, Host b.test: 421"
check_eq "$(scode b.test / -H "Host: www.a.test:$port")" 421 "SNI b.test, Host www.a.test: 421"
check_eq "$(scode a.test / -H 'Host: other.test')" 421 "SNI a.test, unknown Host (the default site's): 421"
check_eq "$(scurl b.test / -H 'Host: other.test')" "site b" "an unknown Host is the default site's"
# no SNI (an IP address): by Host, the default site for unknown names
check_eq "$(curl -sS -k "https://127.0.0.1:$port/")" "site b" "no SNI: the default site"
check_eq "$(curl -sS -k -H 'Host: a.test' "https://127.0.0.1:$port/")" "site a" "no SNI, Host a.test: site a"

# --- a reload adding a site while requests go on ---
statuses=$scratch/statuses.txt
: >"$statuses"
(
	for ((i = 0; i < 400; i++)); do
		[ -e "$scratch/stop-load" ] && break
		scode a.test / >>"$statuses"
		echo >>"$statuses"
	done
) &
load_pid=$!
pids+=("$load_pid")
sleep 0.5
write_sites c
kill -HUP "$master"
wait_until 150 grep -qs 'reloaded: generation 2,' "$log" || bad "the site was not added by a reload"
sleep 0.5
touch "$scratch/stop-load"
wait "$load_pid" || true
check_eq "$(scurl c.test /)" "site c" "c.test after the reload"
n=$(grep -c . "$statuses" || true)
failed=$(grep -vc '^200$' "$statuses" || true)
[ "$n" -gt 5 ] || bad "only $n requests during the reload"
echo "requests across the reload: $n"
check_eq "$failed" 0 "requests not 200 across the reload (of $n)"
# a broken sites file: the line in the log, the sites go on
sed -i 's/default: true/default: maybe/' "$sites"
kill -HUP "$master"
wait_until 150 grep -qs 'reload failed' "$log" || bad "a broken sites file was reloaded"
grep -qs "config: $sites:9:14: key 'sites\[1\].default': wants true or false" "$log" ||
	bad "the log names the line of the broken site: $(grep config: "$log")"
check_eq "$(scurl c.test /)" "site c" "c.test after a broken reload"
stop_serve "$master"
serve_finish serve_config
