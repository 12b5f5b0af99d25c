# Sourced by every interop script: what to do when a tool a test needs is
# missing. make deps installs all of them, so by default that is a failure
# that says what to install. WARD_ALLOW_SKIP=1 turns it into a skip (exit
# 77 for CTest), and the reason is appended to $WARD_BUILD/skipped.txt,
# which `make check` prints as its last line.

# skipped REASON: with WARD_ALLOW_SKIP=1, note that part of the test is
# left out and go on; otherwise fail, saying why
skipped() {
	if [ "${WARD_ALLOW_SKIP:-}" = 1 ]; then
		echo "skip: $1"
		[ -z "${WARD_BUILD:-}" ] ||
			echo "$(basename "$0" .sh): $1" >>"$WARD_BUILD/skipped.txt"
		return 0
	fi
	echo "FAIL: $1 (run 'make deps', or set WARD_ALLOW_SKIP=1 to skip)" >&2
	exit 1
}
# skip_or_fail REASON: the whole test is skipped (exit 77) or fails
skip_or_fail() {
	skipped "$1"
	exit 77
}

# need PROGRAM...: each must be in PATH
need() {
	local p pkg
	for p in "$@"; do
		command -v "$p" >/dev/null && continue
		case $p in
		gnutls-serv | gnutls-cli) pkg=gnutls-bin ;;
		certutil) pkg=libnss3-tools ;;
		testssl) pkg=testssl.sh ;;
		unshare) pkg=util-linux ;;
		ip) pkg=iproute2 ;;
		redis-cli) pkg=redis-tools ;;
		*) pkg=$p ;;
		esac
		skip_or_fail "$p is missing: install the Debian package $pkg"
	done
}
