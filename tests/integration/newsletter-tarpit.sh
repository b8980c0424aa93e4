#!/bin/sh
# newsletter-tarpit.sh — a slow or stuck message occupies only its own
# connection (issue 13).  The receiver (tests/smtpd.py --tarpit) takes a
# message's whole DATA but never answers its final dot.
# 1. recruitd --once, 200 subscribers, 4 connections, [smtp] timeout = 3,
#    one recipient tarpitted once: while that message waits for its
#    answer the others go on (the receiver's tarpit.tsv counts the
#    messages accepted between its final dot and the drop of its
#    connection: more than 150 of the 199 others, whatever the speed of
#    the machine, since none could end its DATA before the drop if the
#    gate still waited on it); the drop is logged naming the server, the
#    step and the delivery; the message is tried again in the same run
#    and delivered; every subscriber exactly once; the ledger all sent.
# 2. the daemon sending 50 with the tarpit holding a message ([smtp]
#    timeout = 30): SIGTERM ends it with 0 within 2 s (the bound of the
#    issue; 15 s under valgrind), and a restart completes the issue
#    without a second copy of anything.
# 3. a message tarpitted twice: dropped twice in the run, left pending
#    with no attempt counted, sent by the next run.
# 4. a message answered 4 s after its final dot ([smtp] timeout = 10):
#    after 2 s it stops holding the gate, the others go on, and its late
#    answer is recorded: sent once, no retry.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
cleanup() {
	[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	smtp_stop "$D/rx"
	smtp_stop "$D/rx2"
	smtp_stop "$D/rx3"
	smtp_stop "$D/rx4"
	rm -rf "$D"
}
trap cleanup EXIT
if [ -n "${RECRUIT_VALGRIND:-}" ]; then
	# a slow sender: the window the tarpitted message leaves the others
	# must still be wide enough for 150 of them (not a speed test)
	TIMEOUT=30 STOPBOUND=150 LATE=20 LATETIMEOUT=60
else
	TIMEOUT=3 STOPBOUND=20 LATE=4 LATETIMEOUT=10
fi
nl_articles "$D/articles"
slot=$(date -u -d '-1 min' +%H:%M)

# conf DIR PORT TIMEOUT: a config sending the due issue at once
conf() {
	ln -s "$D/articles" "$1/articles"
	nl_conf "$1/r.conf" "$1" "smtp://127.0.0.1:$2" "tls = none" \
	    "connections = 4" "timeout = $3"
	cat >> "$1/r.conf" <<CONF
[newsletter]
schedule = daily $slot
timezone = UTC
catch_up = 1h
[inbox]
poll_interval = 1
[log]
log_level = info
CONF
}
# subscribers DIR N: N subscribers sub1..subN@example.org
subscribers() {
	awk -v n="$2" 'BEGIN { print "email,name"; for (i = 1; i <= n; i++) printf "sub%d@example.org,Subscriber %d\n", i, i }' \
	    > "$1/subs.csv"
	"$RECRUITCTL" -c "$1/r.conf" subscribers import "$1/subs.csv" > /dev/null
}
# checked DIR RX N: every subscriber once, each message well formed
checked() {
	is "$(nl_sql "$1/r.db" "select state || ' ' || count(*) from deliveries group by state")" \
	    "sent $3" "$1: the ledger says all $3 sent"
	total=$(wc -l < "$2/log.tsv")
	distinct=$(cut -f3 "$2/log.tsv" | sort -u | wc -l)
	is "$total $distinct" "$3 $3" \
	    "$3 messages to $3 distinct recipients: every subscriber exactly once"
	nl_subscribers "$1/r.db" "$1/subs.tsv"
	/usr/bin/python3 "$top_srcdir/tests/check_newsletter.py" \
	    --subscribers "$1/subs.tsv" --titles "$D/articles.titles" \
	    --list-id insights.rma-search.example \
	    --from-addr insights@rma-search.example \
	    --bounce-domain rma-search.example \
	    --unsub-url-prefix https://www.rma-search.example/unsubscribe/ \
	    "$2" > "$1/check.out" 2>&1
	rc=$?
	[ $rc -eq 0 ]
	ok "every message checked: $(tail -1 "$1/check.out")"
	[ $rc -eq 0 ] || sed -n '1,20s/^/# /p' "$1/check.out"
}

# ---- 1. one tarpitted message among 200 ----
N=200
mkdir -p "$D/one"
smtp_start "$D/rx" --tarpit sub3@example.org --tarpit-times 1 || exit 1
conf "$D/one" "$SMTP_PORT" "$TIMEOUT"
subscribers "$D/one" $N
"$RECRUITD" -c "$D/one/r.conf" --once 2> "$D/one/log"
is "$?" 0 "recruitd --once ends with 0"
held=$(awk -F '\t' '$1 == "held" { print $2 }' "$D/rx/tarpit.tsv")
dropped=$(awk -F '\t' '$1 == "dropped" { print $2 }' "$D/rx/tarpit.tsv")
echo "# tarpit: held after message ${held:-?}, connection dropped after message ${dropped:-?}"
is "$(wc -l < "$D/rx/tarpit.tsv")" 2 "the tarpit held one message, and its connection was dropped"
[ -n "$held" ] && [ -n "$dropped" ] && [ $((dropped - held)) -gt 150 ]
ok "the others went on meanwhile: $((${dropped:-0} - ${held:-0})) accepted while it waited for its answer"
id=$(nl_sql "$D/one/r.db" "select d.id from deliveries d join subscribers s on s.id = d.subscriber where s.email = 'sub3@example.org'")
grep -q "mail server 127.0.0.1:$SMTP_PORT did not answer the end of DATA for delivery $id within $TIMEOUT s; it stays due" "$D/one/log"
rc=$?
[ $rc -eq 0 ]
ok "the drop is logged with the server, the step and the delivery"
[ $rc -eq 0 ] || sed 's/^/# /' "$D/one/log" | head -20
is "$(awk -F '\t' '$3 == "sub3@example.org"' "$D/rx/log.tsv" | wc -l)" 1 \
    "the tarpitted message was tried again in the same run and delivered once"
checked "$D/one" "$D/rx" $N

# ---- 2. SIGTERM while the tarpit holds a message ----
N=50
mkdir -p "$D/two"
smtp_start "$D/rx2" --tarpit sub7@example.org --tarpit-times 1 || exit 1
conf "$D/two" "$SMTP_PORT" 30
subscribers "$D/two" $N
"$RECRUITD" -c "$D/two/r.conf" 2> "$D/two/log" &
dpid=$!
i=0
while ! grep -q "^held" "$D/rx2/tarpit.tsv" 2>/dev/null && [ $i -lt 1200 ] &&
    kill -0 "$dpid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
grep -q "^held" "$D/rx2/tarpit.tsv" 2>/dev/null
ok "the daemon is sending and the tarpit holds a message"
kill -TERM "$dpid"
i=0
while kill -0 "$dpid" 2>/dev/null && [ $i -lt $STOPBOUND ]; do
	sleep 0.1
	i=$((i + 1))
done
! kill -0 "$dpid" 2>/dev/null
ok "SIGTERM ends the daemon within $((STOPBOUND / 10)) s"
wait "$dpid"
is "$?" 0 "and it exits 0"
dpid=
grep -q "^dropped" "$D/rx2/tarpit.tsv"
ok "the held message's connection was closed"
"$RECRUITD" -c "$D/two/r.conf" --once 2>> "$D/two/log"
is "$?" 0 "a restart completes the issue"
checked "$D/two" "$D/rx2" $N

# ---- 3. a message that stalls on its retry too stays due ----
N=20
mkdir -p "$D/three"
smtp_start "$D/rx3" --tarpit sub2@example.org --tarpit-times 2 || exit 1
conf "$D/three" "$SMTP_PORT" "$TIMEOUT"
subscribers "$D/three" $N
"$RECRUITD" -c "$D/three/r.conf" --once 2> "$D/three/log"
is "$?" 0 "recruitd --once ends with 0 with a message that stalled twice"
is "$(grep -c "^held" "$D/rx3/tarpit.tsv") $(grep -c "^dropped" "$D/rx3/tarpit.tsv")" \
    "2 2" "tried twice in the run, each time dropped"
is "$(nl_sql "$D/three/r.db" "select s.email || ' ' || d.state || ' ' || d.attempts from deliveries d join subscribers s on s.id = d.subscriber where d.state <> 'sent'")" \
    "sub2@example.org pending 0" "it stays due, no attempt counted; the 19 others are sent"
is "$(grep -c "did not answer the end of DATA for delivery .* it stays due (tried once more now)" "$D/three/log") $(grep -c "did not answer the end of DATA for delivery .* it stays due\$" "$D/three/log")" \
    "1 1" "logged: tried once more, then left due"
"$RECRUITD" -c "$D/three/r.conf" --once 2>> "$D/three/log"
is "$?" 0 "the next run sends it"
checked "$D/three" "$D/rx3" $N

# ---- 4. a message answered late: the gate let the others through, and
# its answer is still recorded (no retry, no second copy) ----
N=60
mkdir -p "$D/four"
smtp_start "$D/rx4" --tarpit sub2@example.org --tarpit-times 1 \
    --tarpit-delay "$LATE" || exit 1
conf "$D/four" "$SMTP_PORT" "$LATETIMEOUT"
subscribers "$D/four" $N
"$RECRUITD" -c "$D/four/r.conf" --once 2> "$D/four/log"
is "$?" 0 "recruitd --once ends with 0 with a message answered ${LATE} s late"
held=$(awk -F '\t' '$1 == "held" { print $2 }' "$D/rx4/tarpit.tsv")
answered=$(awk -F '\t' '$1 == "answered" { print $2 }' "$D/rx4/tarpit.tsv")
echo "# tarpit: held after message ${held:-?}, answered after message ${answered:-?}"
[ -n "$held" ] && [ -n "$answered" ] && [ $((answered - held)) -gt 50 ]
ok "the others ended their DATA while it waited: $((${answered:-0} - ${held:-0}))"
grep -q "no answer to the end of DATA after 2 s; the next message may end its DATA" "$D/four/log"
ok "the gate was given up after 2 s, and that is logged"
! grep -q "did not answer" "$D/four/log"
ok "no timeout: the late answer came within [smtp] timeout"
checked "$D/four" "$D/rx4" $N

grep -i "error" "$D/one/log" "$D/two/log" "$D/three/log" "$D/four/log" |
    head -10 |
    sed 's/^/# /'
done_testing
