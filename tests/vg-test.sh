#!/bin/sh
# vg-test.sh PROGRAM [ARGS...] — make check-valgrind's LOG_COMPILER for
# the unit tests: runs the test program under memcheck (tests/vg.sh),
# then reads the logs of it and of every process it forked
# (tests/vg_check.py, report to stderr, which goes to the test's .log).
# Exit status: the program's, or 66 when memcheck found an error.
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/recruit-vg-XXXXXX") || exit 1
VG_LOGDIR=$d "$here/vg.sh" "$@"
rc=$?
/usr/bin/python3 "$here/vg_check.py" "$d" >&2
vc=$?
rm -rf "$d"
if [ "$vc" -ne 0 ]; then
	exit 66
fi
exit "$rc"
