#!/bin/sh
# newsletter-diskfull.sh — the ledger never causes a second copy (issue
# 12): the store's file system fills up during a 600-subscriber send and
# is freed two minutes later, once in the daemon (recruitd in the
# foreground, the issue built by its schedule) and once in
# `recruitd --once`, side by side, each store on its own small tmpfs
# (filled when its run has sent about 100, freed two minutes later), each
# run with its own SMTP receiver.  After the server's 250 the ledger write fails ("database or
# disk is full"); the sender must keep trying it, send nothing more while
# the store cannot be written, log that once, and resume by itself when
# the space is back.
# Checked: while full the receivers' counts do not move (the one message
# in flight when the disk filled aside), each sender logged the pause and
# the resumption once, every subscriber got the issue exactly once, every
# ledger row says sent.  Needs root (mount -t tmpfs); skipped otherwise.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
N=600
HOLD=${RECRUIT_DISKFULL_HOLD:-120}   # seconds the file system stays full

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root to mount a tmpfs"
	exit 0
fi
mktest_dir
D="$TESTDIR"
cleanup() {
	[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	[ -n "${opid:-}" ] && kill -9 "$opid" 2>/dev/null && wait "$opid" 2>/dev/null
	smtp_stop "$D/rx-daemon"
	smtp_stop "$D/rx-once"
	for _m in "$D/fs-daemon" "$D/fs-once"; do
		mountpoint -q "$_m" && { umount "$_m" 2>/dev/null || umount -l "$_m"; }
	done
	rm -rf "$D"
}
for w in daemon once; do
	mkdir "$D/fs-$w"
	if ! mount -t tmpfs -o size=32m,mode=0755 recruit-test "$D/fs-$w" \
	    2> "$D/mount.err"; then
		echo "1..0 # SKIP cannot mount a tmpfs: $(cat "$D/mount.err")"
		cleanup
		exit 0
	fi
done
trap cleanup EXIT

nl_articles "$D/articles"
awk -v n=$N 'BEGIN { print "email,name"; for (i = 1; i <= n; i++) printf "reader%d@example.org,Reader %d\n", i, i }' \
    > "$D/subs.csv"
slot=$(date -u -d '-1 min' +%H:%M)
# one store per run on its tmpfs, its articles and receiver outside it;
# 20 messages a second
for w in daemon once; do
	smtp_start "$D/rx-$w" || exit 1
	ln -s "$D/articles" "$D/fs-$w/articles"
	nl_conf "$D/$w.conf" "$D/fs-$w" "smtp://127.0.0.1:$SMTP_PORT" \
	    "tls = none" "connections = 4" "rate = 20"
	cat >> "$D/$w.conf" <<CONF
[newsletter]
schedule = daily $slot
timezone = UTC
catch_up = 1h
archive = $D/archive-$w
[inbox]
poll_interval = 1
CONF
	chmod 600 "$D/$w.conf"
	"$RECRUITCTL" -c "$D/$w.conf" subscribers import "$D/subs.csv" > /dev/null
	is "$(nl_sql "$D/fs-$w/r.db" "select count(*) from subscribers where status = 'active'")" \
	    "$N" "$w: $N subscribers"
done

got() {     # got RUN: messages the run's receiver accepted
	if [ -f "$D/rx-$1/log.tsv" ]; then
		wc -l < "$D/rx-$1/log.tsv"
	else
		echo 0
	fi
}

"$RECRUITD" -c "$D/daemon.conf" 2> "$D/daemon.log" &
dpid=$!
"$RECRUITD" -c "$D/once.conf" --once 2> "$D/once.log" &
opid=$!

# each run's file system fills once it has sent about 100 (a slow start,
# as under valgrind, is waited for: up to 10 minutes) and is freed HOLD
# seconds later; what the run did meanwhile is noted just before
# full_RUN: the receiver's count once full; freed_RUN: just before the
# space came back; paused_RUN: the pause was logged by then (0 yes);
# running_RUN: the run was still there (0 yes)
step() {    # step RUN: fill or free it when its time has come
	eval "_f=\${filled_$1:-}; _r=\${freed_$1:-}"
	if [ -z "$_f" ] && [ "$(got "$1")" -ge 100 ]; then
		dd if=/dev/zero of="$D/fs-$1/fill" bs=64k 2> /dev/null
		df -k "$D/fs-$1" | tail -1 | sed 's/^/# /'
		eval "full_$1=$(got "$1"); filled_$1=$(date +%s)"
	elif [ -n "$_f" ] && [ -z "$_r" ] &&
	    [ $(($(date +%s) - _f)) -ge "$HOLD" ]; then
		grep -q "store not writable: .*full.*; sending paused" "$D/$1.log"
		eval "paused_$1=$?"
		if [ "$1" = once ]; then
			kill -0 "$opid" 2>/dev/null
		else
			kill -0 "$dpid" 2>/dev/null
		fi
		eval "running_$1=$?; free_$1=$(got "$1")"
		rm -f "$D/fs-$1/fill"
		eval "freed_$1=$(date +%s)"
	fi
}
i=0
while { [ -z "${freed_daemon:-}" ] || [ -z "${freed_once:-}" ]; } &&
    [ $i -lt 10000 ]; do
	step daemon
	step once
	sleep 0.1
	i=$((i + 1))
done
for w in daemon once; do
	eval "full=\${full_$w:-}; free=\${free_$w:-}; paused=\${paused_$w:-1}; running=\${running_$w:-1}"
	echo "# $w: full at ${full:-?} messages, ${free:-?} when freed ${HOLD}s later"
	[ -n "$full" ] && [ "$full" -lt "$N" ]
	ok "$w: the disk filled while it was sending"
	[ "$paused" -eq 0 ]
	ok "$w: the failing ledger write paused the sending"
	[ -n "$free" ] && [ $((free - full)) -le 1 ]
	ok "$w: nothing sent while full but the message in flight ($full -> $free)"
	[ "$running" -eq 0 ]
	ok "$w: still running while full, not ended with an error"
done

# --once ends when its issue is sent; the daemon is stopped once its
# ledger says all sent
wait "$opid"
is "$?" 0 "--once ends with 0 once the space is back"
opid=
i=0
while [ "$(nl_sql "$D/fs-daemon/r.db" "select count(*) from deliveries where state = 'sent'")" -lt "$N" ] &&
    [ $i -lt 3000 ] && kill -0 "$dpid" 2>/dev/null; do
	sleep 0.2
	i=$((i + 1))
done
kill -TERM "$dpid"
wait "$dpid"
is "$?" 0 "the daemon stops with 0 after SIGTERM"
dpid=

for w in daemon once; do
	db="$D/fs-$w/r.db"
	is "$(grep -c "store not writable" "$D/$w.log")" 1 \
	    "$w: the pause is logged once"
	is "$(grep -c "store writable again; sending resumed" "$D/$w.log")" 1 \
	    "$w: the resumption is logged once"
	is "$(nl_sql "$db" "select state || ' ' || count(*) from deliveries group by state")" \
	    "sent $N" "$w: every ledger row says sent"
	total=$(got "$w")
	distinct=$(cut -f3 "$D/rx-$w/log.tsv" | sort -u | wc -l)
	is "$total $distinct" "$N $N" \
	    "$w: $N messages to $N distinct recipients: every subscriber once"
	nl_subscribers "$db" "$D/subs-$w.tsv"
	/usr/bin/python3 "$top_srcdir/tests/check_newsletter.py" \
	    --subscribers "$D/subs-$w.tsv" --titles "$D/articles.titles" \
	    --list-id insights.rma-search.example \
	    --from-addr insights@rma-search.example \
	    --bounce-domain rma-search.example \
	    --unsub-url-prefix https://www.rma-search.example/unsubscribe/ \
	    "$D/rx-$w" > "$D/check-$w.out" 2>&1
	rc=$?
	[ $rc -eq 0 ]
	ok "$w: every message checked: $(tail -1 "$D/check-$w.out")"
	[ $rc -eq 0 ] || sed -n '1,20s/^/# /p' "$D/check-$w.out"
done
grep -v "^$" "$D/daemon.log" "$D/once.log" | grep -i "error\|warn" | head -20 | sed 's/^/# /'
done_testing
