#!/bin/sh
# vg.sh PROGRAM [ARGS...] — run one program under valgrind memcheck, as
# "make check-valgrind" does for every unit test and, through lib.sh,
# for every recruitd and recruitctl an integration test starts.
#
# Each process (forked children too: the PDF extractor; and, through
# --trace-children, the outbound worker recruitd executes) writes its
# own log into VG_LOGDIR (default: a folder beside the test's own log).
# memcheck runs --quiet, so a log holds text only when it found
# something: an invalid read or write, a use of uninitialised memory, a
# bad free, a definite leak, a file descriptor left open to a child.
# Such a log is a failure: the process exits 66 and lib.sh's
# done_testing reports every log that is not empty.
#
# Suppressions (tests/valgrind.supp) cover only other projects' code
# that memcheck cannot judge; each says why.
here=$(cd "$(dirname "$0")" && pwd)
: "${VG_LOGDIR:=${TMPDIR:-/tmp}/recruit-vg}"
mkdir -p "$VG_LOGDIR" || exit 1
exec valgrind --tool=memcheck --trace-children=yes --quiet \
    --error-exitcode=66 --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --num-callers=40 \
    --suppressions="$here/valgrind.supp" \
    --log-file="$VG_LOGDIR/vg.%p.log" "$@"
