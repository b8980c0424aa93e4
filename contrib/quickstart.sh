#!/bin/sh
# quickstart.sh - from a fresh Debian 12 machine to recruitd's records:
# install the packages (contrib/deps.sh), build, copy the bundled demo
# Maildir (contrib/demo/Maildir) to demo-run/, run "recruitd --once" on it
# with conf/demo.conf, and print what it recorded with recruitctl.
#
#   sudo sh contrib/quickstart.sh
#
# Works from any folder and can be run again: demo-run/ is made afresh
# each time.  Exits non-zero when a step fails, with recruitd's own exit
# code when recruitd fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$(mktemp -d "${TMPDIR:-/tmp}/recruitd-quickstart-XXXXXX")
trap 'rm -rf "$logs"' EXIT

# step NAME LOG COMMAND...: run quietly into LOG; on failure show its end
step() {
	name=$1
	log=$2
	shift 2
	echo "== $name"
	if ! "$@" > "$logs/$log" 2>&1; then
		tail -n 40 "$logs/$log"
		echo "quickstart: $name failed (full log: $logs/$log)" >&2
		trap - EXIT    # keep the log
		exit 1
	fi
}

# show COMMAND...: print the command as a user would type it, then run it
show() {
	echo
	echo "\$ recruitctl -c conf/demo.conf $*"
	./src/recruitctl -c conf/demo.conf "$@"
}

step "installing packages (contrib/deps.sh)" deps.log sh contrib/deps.sh

if [ ! -x configure ]; then
	step "autoreconf -fi" autoreconf.log autoreconf -fi
fi
if [ ! -f Makefile ]; then
	step "./configure" configure.log ./configure
fi
step "make -j2" make.log make -j2

if [ ! -d contrib/demo/Maildir ]; then
	echo "quickstart: contrib/demo/Maildir is missing" >&2
	exit 1
fi
echo "== demo-run/: a fresh copy of contrib/demo/Maildir"
rm -rf demo-run
mkdir demo-run
cp -R contrib/demo/Maildir demo-run/Maildir
# the .keep files only hold empty folders in git; they are not mail
find demo-run/Maildir -name .keep -type f -exec rm -f {} +
mkdir -p demo-run/Maildir/cur demo-run/Maildir/new demo-run/Maildir/tmp
echo "$(find demo-run/Maildir/new demo-run/Maildir/cur -type f | wc -l)" \
    "messages in demo-run/Maildir"

echo
echo "\$ recruitd -c conf/demo.conf --once"
rc=0
./src/recruitd -c conf/demo.conf --once || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "quickstart: recruitd failed with exit code $rc" >&2
	exit "$rc"
fi

show status
show jobs list
show candidates list
show messages list
show jobs show 1
show outbox list
show subscribers add ann.reader@example.org "Ann Reader" --confirmed
show subscribers list
show newsletter preview --out demo-run/preview
show newsletter status

echo
echo "The records are in demo-run/recruitd.db, the résumés in"
echo "demo-run/files/, the handled mails in demo-run/Maildir/.Processed,"
echo ".Rejected and .Review.  Export them with, for example:"
echo "  ./src/recruitctl -c conf/demo.conf export jobs --format csv"
echo "The next newsletter issue, built from contrib/demo/articles, is in"
echo "demo-run/preview/ as a mail (.eml) and as its archive page (.html);"
echo "the demo has no [smtp] section, so nothing is sent."
