#!/bin/sh
# newsletter-lock.sh — the ledger never causes a second copy (issue 12):
# another process (a backup, an `sqlite3` session) holds the store's write
# lock for 30 s, well beyond the sender's 10 s busy timeout, in the middle
# of `recruitctl newsletter send-now` to 300 subscribers.  The ledger write
# after a server's 250 cannot be made while it is held; the sender must
# keep trying it, send nothing more meanwhile, and resume by itself after
# the release.  The holder is a python3 sqlite3 connection in
# BEGIN EXCLUSIVE, killed by its PID.
# Checked: nothing sent while the lock is held (the one message in flight
# aside), the pause logged once and the resumption once, after the release
# (a marker written into the sender's log between the two), messages
# accepted after the release, every subscriber exactly once, every ledger
# row sent.  Then a second issue, and SIGTERM while the lock is held: the
# sender stops without its commit (the one case that may cost a copy, as
# a kill may), sends nothing more meanwhile, and the next run sends the
# rest: every subscriber once, at most one twice.  No timed assertion:
# evidence is order, not speed.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap '[ -n "${spid:-}" ] && kill -9 "$spid" 2>/dev/null; [ -n "${lpid:-}" ] && kill -9 "$lpid" 2>/dev/null; smtp_stop "$D/rx"; smtp_stop "$D/rx2"; rm -rf "$D"' EXIT
N=300
HOLD=30           # seconds the other process holds the lock

smtp_start "$D/rx" || exit 1
nl_articles "$D/articles"
# 20 messages a second: the lock is taken at about the 100th
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4" "rate = 20"
awk -v n=$N 'BEGIN { print "email,name"; for (i = 1; i <= n; i++) printf "reader%d@example.org,Reader %d\n", i, i }' \
    > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" > /dev/null
is "$(nl_sql "$D/r.db" "select count(*) from subscribers where status = 'active'")" \
    "$N" "$N subscribers"

got() {     # got [RECEIVER]: messages it accepted
	if [ -f "$D/${1:-rx}/log.tsv" ]; then
		wc -l < "$D/${1:-rx}/log.tsv"
	else
		echo 0
	fi
}

# hold_lock: another process takes the write lock and keeps it until it
# is killed (its PID in lpid); returns once the lock is held
hold_lock() {
	rm -f "$D/locked"
	/usr/bin/python3 - "$D/r.db" "$D/locked" <<'PY' 2>> "$D/holder.err" &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
with open(sys.argv[2], "w") as f:
    f.write("locked\n")
time.sleep(3600)
PY
	lpid=$!
	_i=0
	while [ ! -s "$D/locked" ] && [ $_i -lt 600 ] && kill -0 "$lpid" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$D/locked" ]
}

"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/send.out" 2>> "$D/log" &
spid=$!
i=0
while [ "$(got)" -lt 100 ] && [ $i -lt 6000 ] && kill -0 "$spid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done

hold_lock
ok "another process holds the write lock (BEGIN EXCLUSIVE)"
locked_at=$(got)
echo "# locked at $locked_at messages"
[ "$locked_at" -lt "$N" ]
ok "the lock was taken while the issue was being sent"

sleep "$HOLD"
release_at=$(got)
echo "# after ${HOLD}s locked: $release_at messages"
grep -q "store not writable: database is locked; sending paused" "$D/log"
ok "the ledger write that waited for the lock paused the sending"
[ $((release_at - locked_at)) -le 1 ]
ok "nothing sent while locked but the message in flight ($locked_at -> $release_at)"
kill -0 "$spid" 2>/dev/null
ok "send-now is still waiting, not ended with an error"
echo "-- test: lock released --" >> "$D/log"
kill -9 "$lpid"
wait "$lpid" 2>/dev/null
lpid=

wait "$spid"
is "$?" 0 "send-now ends with 0 after the release"
spid=
sed 's/^/# /' "$D/send.out"
is "$(grep -c "store not writable" "$D/log")" 1 "the pause is logged once"
is "$(grep -c "store writable again; sending resumed" "$D/log")" 1 \
    "the resumption is logged once"
# the order in the log: pause, release, resumption
is "$(grep -o "store not writable\|test: lock released\|sending resumed" "$D/log" | tr '\n' '|')" \
    "store not writable|test: lock released|sending resumed|" \
    "the sending resumed after the release"
final=$(got)
[ "$final" -gt "$release_at" ]
ok "messages accepted after the release ($release_at -> $final)"
is "$(nl_sql "$D/r.db" "select state || ' ' || count(*) from deliveries group by state")" \
    "sent $N" "every ledger row says sent"
distinct=$(cut -f3 "$D/rx/log.tsv" | sort -u | wc -l)
is "$final $distinct" "$N $N" "$N messages to $N distinct recipients: zero duplicates"
nl_subscribers "$D/r.db" "$D/subs.tsv"
/usr/bin/python3 "$top_srcdir/tests/check_newsletter.py" \
    --subscribers "$D/subs.tsv" --titles "$D/articles.titles" \
    --list-id insights.rma-search.example \
    --from-addr insights@rma-search.example \
    --bounce-domain rma-search.example \
    --unsub-url-prefix https://www.rma-search.example/unsubscribe/ \
    "$D/rx" > "$D/check.out" 2>&1
rc=$?
[ $rc -eq 0 ]
ok "every message checked: $(tail -1 "$D/check.out")"
[ $rc -eq 0 ] || sed -n '1,20s/^/# /p' "$D/check.out"

# ---- a second issue; SIGTERM while the lock is held ----
cat > "$D/articles/2026-04-second.md" <<'MD'
---
title: The second issue
author: A. Partner
date: 2026-04-01
category: Hiring
summary: One more.
---
Short.
MD
smtp_start "$D/rx2" || exit 1
nl_conf "$D/r2.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4" "rate = 20"
"$RECRUITCTL" -c "$D/r2.conf" newsletter send-now > "$D/send2.out" 2> "$D/log2" &
spid=$!
i=0
while [ "$(got rx2)" -lt 100 ] && [ $i -lt 6000 ] && kill -0 "$spid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
hold_lock
ok "issue 2: another process holds the write lock"
locked_at=$(got rx2)
# the stop comes once the pause is logged (the first ledger write waits
# for the store's 10 s busy timeout)
i=0
while ! grep -q "sending paused" "$D/log2" && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q "store not writable: database is locked; sending paused" "$D/log2"
ok "issue 2: the sending paused"
kill -TERM "$spid"
wait "$spid"
echo "# send-now after SIGTERM: exit $?"
spid=
stopped_at=$(got rx2)
echo "# locked at $locked_at, stopped at $stopped_at"
[ "$locked_at" -lt "$N" ] && [ $((stopped_at - locked_at)) -le 1 ]
ok "issue 2: nothing sent between the lock and the stop but the message in flight ($locked_at -> $stopped_at)"
grep -q "stopping before the server's answer could be recorded" "$D/log2"
ok "issue 2: the stop without the commit is logged"
kill -9 "$lpid"
wait "$lpid" 2>/dev/null
lpid=
"$RECRUITCTL" -c "$D/r2.conf" newsletter send-now >> "$D/send2.out" 2>> "$D/log2"
is "$?" 0 "issue 2: the next send-now sends the rest"
is "$(nl_sql "$D/r.db" "select d.state || ' ' || count(*) from deliveries d join issues i on i.id = d.issue where i.number = 2 group by d.state")" \
    "sent $N" "issue 2: every ledger row says sent"
total=$(got rx2)
distinct=$(cut -f3 "$D/rx2/log.tsv" | sort -u | wc -l)
is "$distinct" "$N" "issue 2: every subscriber got it"
echo "# issue 2: $total messages, $distinct recipients"
[ "$total" -le $((N + 1)) ]
ok "issue 2: at most one copy more after the stop ($((total - distinct)))"
done_testing
