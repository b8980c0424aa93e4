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

# make check-valgrind (RECRUIT_VALGRIND=1): every recruitd and recruitctl
# the test starts runs under memcheck through tests/vg.sh, one log per
# process; done_testing adds one test line that reads them all.  The
# wrappers exec valgrind, so a PID the test keeps is still the program's.
_vgdir=
if [ -n "${RECRUIT_VALGRIND:-}" ]; then
	_vgdir=$(mktemp -d /tmp/recruit-vg-XXXXXX) || exit 1
	mkdir -p "$_vgdir/logs"
	for _p in recruitd recruitctl; do
		{
			echo '#!/bin/sh'
			printf 'VG_LOGDIR=%s exec %s %s "$@"\n' \
			    "'$_vgdir/logs'" "'$top_srcdir/tests/vg.sh'" \
			    "'$top_builddir/src/$_p'"
		} > "$_vgdir/$_p"
		chmod 755 "$_vgdir/$_p"
	done
	RECRUITD=$_vgdir/recruitd
	RECRUITCTL=$_vgdir/recruitctl
fi

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
	if [ -n "$_vgdir" ]; then
		# daemons the test stopped may still be writing their logs
		sleep 1
		/usr/bin/python3 "$top_srcdir/tests/vg_check.py" "$_vgdir/logs" \
		    > "$_vgdir/check.out" 2>&1
		_rc=$?
		sed 's/^/# /' "$_vgdir/check.out"
		[ "$_rc" -eq 0 ]
		ok "memcheck: no error in any recruitd or recruitctl run"
		rm -rf "$_vgdir"
	fi
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
