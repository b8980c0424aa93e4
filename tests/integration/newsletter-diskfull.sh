#!/bin/sh
# newsletter-diskfull.sh — the ledger never causes a second copy (issue
# 12): the store's file system fills up during a 600-subscriber send and
# is freed two minutes later, once in the daemon (recruitd in the
# foreground, the issue built by its schedule) and once in
# `recruitd --once`, side by side on one small tmpfs (two stores, two SMTP
# receivers).  After the server's 250 the ledger write fails ("database or
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
mkdir "$D/fs"
if ! mount -t tmpfs -o size=32m,mode=0755 recruit-test "$D/fs" 2> "$D/mount.err"; then
	echo "1..0 # SKIP cannot mount a tmpfs: $(cat "$D/mount.err")"
	exit 0
fi
cleanup() {
	[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	[ -n "${opid:-}" ] && kill -9 "$opid" 2>/dev/null && wait "$opid" 2>/dev/null
	smtp_stop "$D/rx-daemon"
	smtp_stop "$D/rx-once"
	umount "$D/fs" 2>/dev/null || umount -l "$D/fs"
	rm -rf "$D"
}
trap cleanup EXIT

nl_articles "$D/articles"
awk -v n=$N 'BEGIN { print "email,name"; for (i = 1; i <= n; i++) printf "reader%d@example.org,Reader %d\n", i, i }' \
    > "$D/subs.csv"
slot=$(date -u -d '-1 min' +%H:%M)
# one store per run on the tmpfs, its articles and receiver outside it;
# 20 messages a second: the disk fills at about the 100th
for w in daemon once; do
	smtp_start "$D/rx-$w" || exit 1
	mkdir -p "$D/fs/$w"
	ln -s "$D/articles" "$D/fs/$w/articles"
	nl_conf "$D/$w.conf" "$D/fs/$w" "smtp://127.0.0.1:$SMTP_PORT" \
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
	is "$(nl_sql "$D/fs/$w/r.db" "select count(*) from subscribers where status = 'active'")" \
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

# fill the file system once both have sent about 100 (a slow start, as
# under valgrind, waits: up to 10 minutes)
i=0
while { [ "$(got daemon)" -lt 100 ] || [ "$(got once)" -lt 100 ]; } &&
    [ $i -lt 6000 ]; do
	sleep 0.1
	i=$((i + 1))
done
dd if=/dev/zero of="$D/fs/fill" bs=64k 2> /dev/null
df -k "$D/fs" | sed 's/^/# /'
full_daemon=$(got daemon)
full_once=$(got once)
echo "# full at $full_daemon (daemon) and $full_once (--once) messages"
[ "$full_daemon" -lt "$N" ] && [ "$full_once" -lt "$N" ]
ok "the disk filled while both were sending"

sleep "$HOLD"
free_daemon=$(got daemon)
free_once=$(got once)
echo "# after ${HOLD}s full: $free_daemon (daemon), $free_once (--once)"
grep -q "store not writable: .*full.*; sending paused" "$D/daemon.log"
ok "daemon: the failing ledger write paused the sending"
grep -q "store not writable: .*full.*; sending paused" "$D/once.log"
ok "--once: the failing ledger write paused the sending"
[ $((free_daemon - full_daemon)) -le 1 ]
ok "daemon: nothing sent while full but the message in flight ($full_daemon -> $free_daemon)"
[ $((free_once - full_once)) -le 1 ]
ok "--once: nothing sent while full but the message in flight ($full_once -> $free_once)"
kill -0 "$opid" 2>/dev/null
ok "--once is still waiting, not ended with an error"
rm -f "$D/fs/fill"

# --once ends when its issue is sent; the daemon is stopped once its
# ledger says all sent
wait "$opid"
is "$?" 0 "--once ends with 0 once the space is back"
opid=
i=0
while [ "$(nl_sql "$D/fs/daemon/r.db" "select count(*) from deliveries where state = 'sent'")" -lt "$N" ] &&
    [ $i -lt 3000 ] && kill -0 "$dpid" 2>/dev/null; do
	sleep 0.2
	i=$((i + 1))
done
kill -TERM "$dpid"
wait "$dpid"
is "$?" 0 "the daemon stops with 0 after SIGTERM"
dpid=

for w in daemon once; do
	db="$D/fs/$w/r.db"
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
