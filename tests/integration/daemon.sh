#!/bin/sh
# daemon.sh — recruitd as the long-running service (issue 6): inbound and
# outbound side by side, signals, status.
#  - a job order arriving while a 3,000-subscriber issue is being sent is
#    recorded (and acknowledged) within seconds
#  - recruitctl status during the send: daemon running, issue progress
#  - SIGTERM mid-send: exit 0 within 5 s; the ledger matches what the
#    receiver got (nothing doubled); a restart sends the rest exactly once
#  - SIGTERM mid-batch (4,000 mails in the Maildir): exit 0 within 5 s,
#    nothing recorded twice or lost after a restart
#  - SIGHUP with a broken config: logged with file and line, the old one
#    keeps running (new mail is still recorded)
#  - process hygiene (issue 12): --help and --version; the outbound worker
#    shares no descriptor with the daemon but 0-2; SIGKILLed mid-send it
#    is restarted and the send goes on, every subscriber served; SIGUSR1
#    polls at once and SIGTERM ends the daemon at once during a 300 s
#    poll wait
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir; [ -n "${KEEP:-}" ] && TESTDIR=$KEEP
D="$TESTDIR"
trap '[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null; smtp_stop "$D/rx"; [ -n "${KEEP:-}" ] || rm -rf "$D"' EXIT
N=3000

smtp_start "$D/rx" || exit 1
nl_articles "$D/articles"
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4" "rate = 400"
slot=$(date -u -d '-1 min' +%H:%M)
cat >> "$D/r.conf" <<CONF
[newsletter]
schedule = daily $slot
timezone = UTC
catch_up = 1h
[inbox]
poll_interval = 1
[addresses]
job_orders = jobs@rma-search.example
[log]
log_level = info
CONF
chmod 600 "$D/r.conf"
awk -v n=$N 'BEGIN { print "email"; for (i = 1; i <= n; i++) printf "s%d@example.org\n", i }' \
    > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" > /dev/null

start() {   # start: the daemon in the background, once it has started
	_sn=$(grep -c "started: inbox" "$D/log" 2>/dev/null || true)
	"$RECRUITD" -c "${CONF:-$D/r.conf}" 2>> "$D/log" &
	dpid=$!
	_i=0
	while [ "$(grep -c "started: inbox" "$D/log" 2>/dev/null || true)" = "${_sn:-0}" ] &&
	    [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}
stop() {    # stop: SIGTERM; sets rc and ms (how long it took)
	_t0=$(date +%s%N)
	kill -TERM "$dpid"
	wait "$dpid"
	rc=$?
	dpid=
	ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
}
sent() { nl_sql "$D/r.db" "select count(*) from deliveries where state = 'sent'"; }
got() { wc -l < "$D/rx/log.tsv" 2>/dev/null || echo 0; }
jo() {      # jo N: a job order into the Maildir
	_m=${MAILDIR:-$D/Maildir}
	printf 'From: Person %s <p%s@corp.example>\nTo: jobs@rma-search.example\nSubject: Job order %s\nMessage-ID: <jo%s.%s@corp.example>\nDate: %s\n\nPosition: Chief Financial Officer\nCompany: Corp %s\nLocation: Leeds, UK\n' \
	    "$1" "$1" "$1" "$1" "$$" "$(date -R)" "$1" > "$_m/tmp/jo$1"
	mv "$_m/tmp/jo$1" "$_m/new/jo$1"
}

start
# wait for the issue to be under way
i=0
while [ "$(sent)" -lt 300 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(sent)" -ge 300 ] && [ "$(sent)" -lt $N ]
ok "the scheduled issue is being sent ($(sent) so far)"
t0=$(date +%s%N)
jo 1
i=0
while [ "$(nl_sql "$D/r.db" "select count(*) from jobs where company = 'Corp 1'")" != 1 ] &&
    [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
during=$(sent)
[ "$ms" -lt 3000 ] && [ "$during" -lt $N ]
ok "a job order arriving during the send is recorded in ${ms} ms (< 3 s; $during sent)"
i=0
while ! grep -q "p1@corp.example" "$D/rx/log.tsv" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
grep -q "p1@corp.example" "$D/rx/log.tsv"
ok "and its acknowledgement has gone out while the issue is still sending"
"$RECRUITCTL" -c "$D/r.conf" status > "$D/status.out"
grep -q "^daemon: running (pid $dpid" "$D/status.out" &&
    grep -q "^  built .*, sending" "$D/status.out" &&
    grep -q "deliveries: sent [1-9]" "$D/status.out" &&
    grep -q "^last poll: .*ok:" "$D/status.out"
ok "recruitctl status during the send: running, the issue's progress, the last poll"
sed 's/^/# /' "$D/status.out"
stop
is "$rc" 0 "SIGTERM mid-send: exit 0"
[ "$ms" -lt 5000 ]
ok "within 5 s (${ms} ms)"
is "$(got)" "$(( $(sent) + 1 ))" "the ledger matches the receiver (sent + the acknowledgement)"
[ "$(sent)" -lt $N ]
ok "the issue was cut short ($(sent) of $N)"
start
i=0
while [ "$(nl_sql "$D/r.db" "select state from issues")" != done ] && [ $i -lt 600 ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(nl_sql "$D/r.db" "select state from issues")" done "restarted: the issue is finished"
stop
is "$(cut -f3 "$D/rx/log.tsv" | grep -c '^<*s[0-9]')" $N "$N newsletter messages in all"
is "$(cut -f3 "$D/rx/log.tsv" | sort | uniq -d | wc -l)" 0 "none twice"
is "$(nl_sql "$D/r.db" "select count(*) from issues")" 1 "and no second issue"

# SIGTERM in the middle of a big inbound batch
B=4000
i=0
while [ $i -lt $B ]; do
	jo "b$i"
	i=$((i + 1))
done
start
sleep 0.05
stop
is "$rc" 0 "SIGTERM mid-batch: exit 0"
[ "$ms" -lt 5000 ]
ok "within 5 s (${ms} ms)"
left=$(ls "$D/Maildir/new" | wc -l)
rec=$(nl_sql "$D/r.db" "select count(*) from jobs where company like 'Corp b%'")
is "$((left + rec))" $B "every mail is either recorded and moved or still in new/ ($rec recorded, $left waiting)"
[ "$left" -gt 0 ]
ok "the SIGTERM landed mid-batch"
start
i=0
while [ "$(ls "$D/Maildir/new" | wc -l)" -gt 0 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
is "$(nl_sql "$D/r.db" "select count(*) from jobs where company like 'Corp b%'")" $B \
    "after a restart all $B are recorded, once"

# SIGHUP with a broken config: the old one keeps running
cp "$D/r.conf" "$D/r.conf.good"
printf '[inbox]\nbogus = 1\n' >> "$D/r.conf"
kill -HUP "$dpid"
sleep 1
grep -q "r.conf:[0-9]*: unknown key 'bogus'" "$D/log"
ok "the broken config is reported with file and line"
kill -0 "$dpid"
ok "the daemon is still running"
jo after-hup
i=0
while [ "$(nl_sql "$D/r.db" "select count(*) from jobs where company = 'Corp after-hup'")" != 1 ] &&
    [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(nl_sql "$D/r.db" "select count(*) from jobs where company = 'Corp after-hup'")" 1 \
    "and records new mail with the old config"
cp "$D/r.conf.good" "$D/r.conf"
stop
is "$rc" 0 "stops with exit 0"

# ---- process hygiene (issue 12) ----
"$RECRUITD" --help > "$D/help.out" 2> "$D/help.err"
is "$?" 0 "--help: exit 0"
grep -q "^usage: recruitd" "$D/help.out" && grep -q -- "--version" "$D/help.out" &&
    [ ! -s "$D/help.err" ]
ok "--help: the usage on stdout, nothing on stderr"
"$RECRUITD" -h > /dev/null
is "$?" 0 "-h: exit 0"
"$RECRUITD" --version > "$D/version.out" 2> /dev/null
is "$?" 0 "--version: exit 0"
grep -Eq "^recruitd [0-9]+\.[0-9]+" "$D/version.out"
ok "--version prints the version ($(cat "$D/version.out"))"
"$RECRUITD" --bogus > /dev/null 2>&1
is "$?" 64 "an unknown option: EX_USAGE"

children() {   # children PID: its child processes' pids
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . ||
	    ps -o pid= --ppid "$1" | tr -d ' '
}
fds() {        # fds PID: the targets of its descriptors from 3 up
	for _f in /proc/"$1"/fd/*; do
		[ "${_f##*/}" -ge 3 ] 2>/dev/null || continue
		readlink "$_f" 2>/dev/null
	done | sort
}
K="$D/k"
KN=1500
mkdir -p "$K"
nl_articles "$K/articles"
nl_conf "$K/r.conf" "$K" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 2" "rate = 100"
cat >> "$K/r.conf" <<CONF
[newsletter]
schedule = daily $slot
timezone = UTC
catch_up = 1h
[inbox]
poll_interval = 300
[addresses]
job_orders = jobs@rma-search.example
[log]
log_level = info
CONF
chmod 600 "$K/r.conf"
awk -v n=$KN 'BEGIN { print "email"; for (i = 1; i <= n; i++) printf "k%d@example.org\n", i }' \
    > "$K/subs.csv"
"$RECRUITCTL" -c "$K/r.conf" subscribers import "$K/subs.csv" > /dev/null
ksent() { nl_sql "$K/r.db" "select count(*) from deliveries where state = 'sent'"; }
kgot() { cut -f3 "$D/rx/log.tsv" | grep -c '^<*k[0-9]'; }
CONF=$K/r.conf
MAILDIR=$K/Maildir
start
i=0
while [ "$(ksent)" -lt 100 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
w1=$(children "$dpid")
[ -n "$w1" ] && [ "$(echo "$w1" | wc -l)" = 1 ] && [ "$(ksent)" -lt $KN ]
ok "one outbound worker ($w1), sending ($(ksent) of $KN so far)"
fds "$dpid" > "$D/fds.daemon"
fds "$w1" > "$D/fds.worker"
# sockets and pipes are shared only by inheritance; files each opens
grep -E '^(socket|pipe|anon_inode):' "$D/fds.daemon" | sort -u > "$D/fds.d"
grep -E '^(socket|pipe|anon_inode):' "$D/fds.worker" | sort -u > "$D/fds.w"
is "$(comm -12 "$D/fds.d" "$D/fds.w" | wc -l)" 0 \
    "the worker holds none of the daemon's sockets or pipes (launcher, self-pipe)"
is "$(grep -c "^$K/r.db\$" "$D/fds.worker")" 1 \
    "the worker holds the database once (its own connection, not the daemon's too)"
[ -s "$D/fds.daemon" ] && grep -q "^$K/r.db\$" "$D/fds.daemon"
ok "(the daemon itself holds it: the comparison means something)"
at_kill=$(ksent)
kill -KILL "$w1"
i=0
w2=
while [ $i -lt 600 ]; do
	w2=$(children "$dpid" | grep -v "^$w1\$" | head -1)
	[ -n "$w2" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$w2" ] && [ "$w2" != "$w1" ]
ok "the SIGKILLed worker is restarted (new worker $w2)"
grep -q "outbound worker $w1 killed by signal 9" "$D/log"
ok "its end is logged"
i=0
while [ "$(nl_sql "$K/r.db" "select state from issues")" != done ] && [ $i -lt 1200 ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(nl_sql "$K/r.db" "select state from issues")" done \
    "the send goes on to the end (killed at $at_kill of $KN)"
is "$(cut -f3 "$D/rx/log.tsv" | grep '^<*k[0-9]' | sort -u | wc -l)" $KN \
    "every subscriber got the issue"
[ "$(kgot)" -le $((KN + 2)) ]
ok "at most one copy more per connection in flight at the kill ($(( $(kgot) - KN )) more)"
# the daemon now waits for its next poll, 300 s away
jo usr1
kill -USR1 "$dpid"
i=0
while [ "$(nl_sql "$K/r.db" "select count(*) from jobs where company = 'Corp usr1'")" != 1 ] &&
    [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
is "$(nl_sql "$K/r.db" "select count(*) from jobs where company = 'Corp usr1'")" 1 \
    "SIGUSR1 during the 300 s wait: polled at once, the job order recorded"
sleep 1
stop
is "$rc" 0 "SIGTERM during the 300 s poll wait: exit 0"
[ "$ms" -lt 60000 ]
ok "and it did not wait for the poll interval (${ms} ms)"
kill -0 "$w2" 2>/dev/null
[ $? -ne 0 ]
ok "the worker has ended with it"
done_testing
