# lib.sh — TAP helpers for the shell integration tests.
# Each test prints "ok N - what" / "not ok N - what"; done_testing prints
# the plan.  Sourced with top_srcdir and top_builddir set by make check
# (or guessed when run by hand from the build tree).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
RECRUITD="$top_builddir/src/recruitd"
RECRUITCTL="$top_builddir/src/recruitctl"
_n=0
_failed=0

ok() {      # ok DESCRIPTION — the last command's status decides
	_rc=$?
	_n=$((_n + 1))
	if [ "$_rc" -eq 0 ]; then
		echo "ok $_n - $1"
	else
		echo "not ok $_n - $1"
		_failed=$((_failed + 1))
	fi
}

is() {      # is GOT WANT DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		echo "# got:  '$1'"
		echo "# want: '$2'"
		_failed=$((_failed + 1))
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}

# mktest_dir: a fresh folder removed when the script exits
mktest_dir() {
	TESTDIR=$(mktemp -d /tmp/recruit-it-XXXXXX)
	# servers that drop privileges (Dovecot's auth) must reach inside
	chmod 755 "$TESTDIR"
	trap 'rm -rf "$TESTDIR"' EXIT
}
