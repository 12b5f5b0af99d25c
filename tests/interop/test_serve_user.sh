#!/usr/bin/env bash
# `ward serve --user nobody`: the master binds and reads the keys as root,
# the workers run as nobody (uid, gid and groups in /proc/PID/status), also
# after a reload; what they write belongs to nobody, and a store nobody may
# not write is refused. A worker that cannot switch (no CAP_SETUID) exits,
# and ward serve with it (exit 2), rather than serve as root.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

[ "$(id -u)" -eq 0 ] ||
	fail "--user can only be tested as root (run make check as root)"
getent passwd nobody >/dev/null ||
	fail "no user 'nobody' on this system (the test runs the workers as it)"
command -v setpriv >/dev/null || fail "setpriv is missing: apt-get install util-linux"
nobody_uid=$(id -u nobody)
nobody_gid=$(id -g nobody)

mkdir -p "$scratch/site" "$scratch/store" "$scratch/locked"
echo "hello" >"$scratch/site/index.html"
chmod 600 "$scratch/site/index.html" # only root may read it: still served?
chown nobody "$scratch/store"
chmod 755 "$scratch/locked"

# ids PID: "uid gid groups" of a process, each of the four uids and gids
ids() {
	awk '/^Uid:/ {u=$2" "$3" "$4" "$5} /^Gid:/ {g=$2" "$3" "$4" "$5}
	     /^Groups:/ {$1=""; gr=$0} END {print u "|" g "|" gr}' "/proc/$1/status"
}
want_ids="$nobody_uid $nobody_uid $nobody_uid $nobody_uid|$nobody_gid $nobody_gid $nobody_gid $nobody_gid| $(id -G nobody)"
# check_workers WHAT: every worker of $master runs as nobody
check_workers() {
	local kids k n=0
	kids=$(pgrep -P "$master" || true)
	for k in $kids; do
		n=$((n + 1))
		check_eq "$(ids "$k")" "$want_ids" "$1: ids of worker $k"
	done
	check_eq "$n" 2 "$1: workers"
}

chmod 600 "$key"
start_serve user --workers 2 --user nobody --root "$scratch/site" \
	--store "/files/=$scratch/store" --store "/locked/=$scratch/locked" \
	--store-public
check_eq "$(ids "$master" | cut -d'|' -f1)" "0 0 0 0" "the master keeps root"
check_workers "at start"
# the workers' reading and writing is nobody's: a file root alone may read
# is not served; the store nobody owns takes a PUT, owned by nobody; the
# root-owned one is refused
check_eq "$(code /)" 403 "GET of a file only root may read"
chmod 644 "$scratch/site/index.html"
check_eq "$(hcurl /)" hello "GET / once readable"
check_eq "$(code /files/up.txt -T "$scratch/site/index.html")" 201 "PUT to nobody's store"
check_eq "$(stat -c %u:%g "$scratch/store/up.txt")" "$nobody_uid:$nobody_gid" \
	"owner of the uploaded file"
check_eq "$(code /locked/up.txt -T "$scratch/site/index.html")" 403 "PUT to root's store"
[ -e "$scratch/locked/up.txt" ] && bad "a file was written in root's directory"

# a reload starts workers that switch too
kill -HUP "$master"
wait_until 100 grep -q 'reloaded: generation 2' "$scratch/user.log" ||
	bad "no reload: $(tail -n 5 "$scratch/user.log")"
old_gone() { [ "$(pgrep -P "$master" | wc -l)" -eq 2 ]; }
wait_until 100 old_gone || bad "the old generation did not exit"
check_workers "after SIGHUP"
stop_serve "$master"

# without CAP_SETUID/CAP_SETGID the switch fails: exit 2, no worker as root
rc=0
timeout -k 2 20 setpriv --bounding-set=-setuid,-setgid --inh-caps=-setuid,-setgid \
	"$WARD_BIN" serve --listen "127.0.0.1:$(freeport)" --workers 1 --user nobody \
	--cert "$cert" --key "$key" --root "$scratch/site" \
	>"$scratch/nocap.out" 2>"$scratch/nocap.stderr" || rc=$?
check_eq "$rc" 2 "--user without the right to switch: exit code"
want "$(cat "$scratch/nocap.stderr")" \
	"[error]" "--user without the right to switch"
want "$(cat "$scratch/nocap.stderr")" \
	": worker: --user nobody: initgroups: Operation not permitted; not serving as root" \
	"--user without the right to switch"
grep -q 'serving https' "$scratch/nocap.stderr" && bad "it served: $(cat "$scratch/nocap.stderr")"

# a user who is not root cannot become another
rc=0
err=$(setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups \
	"$WARD_BIN" serve --listen 127.0.0.1:1 --user daemon --cert "$cert" \
	--key "$key" 2>&1 >/dev/null) || rc=$?
check_eq "$rc" 2 "--user as nobody: exit code"
check_eq "$err" "ward serve: --user: running as uid $nobody_uid, which may not become 'daemon' (uid $(id -u daemon)): start ward serve as root" \
	"--user as nobody"

serve_finish "ward serve --user: workers as nobody, the master as root"
