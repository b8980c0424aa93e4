#!/bin/sh
# newsletter-defer.sh — a receiver that answers 450 (some recipients, the
# first time), 421 (one recipient, once: the server closes the channel),
# 550 (user unknown) and 552 5.2.2 (mailbox full) to RCPT: the 450s and the
# 421 are delivered on a later run, the 550 and 552 are failed and counted
# as bounces (550 hard: the subscriber is suspended; 5.2.2 soft: counted
# only), and nothing else is sent twice.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap 'smtp_stop "$D/rx"; rm -rf "$D"' EXIT

cat > "$D/rules" <<'RULES'
defer-*@example.org 450 1 4.2.1 try again later
busy@example.org 421 1
gone-*@example.org 550
full@example.org 552 5.2.2 mailbox full
RULES
smtp_start "$D/rx" --rules "$D/rules" || exit 1
nl_articles "$D/articles"
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 3" "retry_delay = 1s"
{
	echo "email,name"
	i=1
	while [ $i -le 60 ]; do
		echo "ok-$i@example.org,"
		i=$((i + 1))
	done
	for i in 1 2 3 4 5 6 7 8; do echo "defer-$i@example.org,"; done
	for i in 1 2 3; do echo "gone-$i@example.org,"; done
	echo "busy@example.org,"
	echo "full@example.org,"
} > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" > /dev/null
ok "73 subscribers"

"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/run1.out" 2> "$D/run1.err"
rc=$?
# the 421 ends the run early (EX_TEMPFAIL) unless it came last
line=$(tail -1 "$D/run1.out")
[ $rc -eq 0 ] || [ $rc -eq 75 ]
ok "first run: exit $rc ($line)"
runs=1
while [ "$(nl_sql "$D/r.db" "select state from issues")" != done ] &&
    [ $runs -lt 12 ]; do
	sleep 1
	"$RECRUITD" -c "$D/r.conf" --once 2>> "$D/later.err"
	runs=$((runs + 1))
done
is "$(nl_sql "$D/r.db" "select state from issues")" done \
    "the issue is done after $runs runs"

count() {   # count ADDRESS: messages the receiver accepted for it
	awk -F '\t' -v a="$1" '$3 == a || $3 == "<" a ">"' "$D/rx/log.tsv" |
	    wc -l
}
bad=0
for a in $(cut -d, -f1 "$D/subs.csv" | grep -v '^email$'); do
	case $a in
	gone-*|full@*) want=0 ;;
	*) want=1 ;;
	esac
	got=$(count "$a")
	if [ "$got" != "$want" ]; then
		echo "# $a: $got messages, want $want"
		bad=$((bad + 1))
	fi
done
is "$bad" 0 "each subscriber got exactly what it should (one, or none)"
is "$(wc -l < "$D/rx/log.tsv")" 69 "69 messages accepted in all"
is "$(grep -c '^defer-.*	450$' "$D/rx/rcpt.tsv")" 8 \
    "each deferred address was answered 450 once"
is "$(nl_sql "$D/r.db" "select group_concat(state || ':' || last_code, ' ')
    from (select d.state, d.last_code from deliveries d join subscribers s
    on s.id = d.subscriber where s.email like 'defer-%' group by d.state,
    d.last_code)")" "sent:250" "the deferred ones are sent now"
is "$(nl_sql "$D/r.db" "select min(attempts) || '-' || max(attempts) from
    deliveries d join subscribers s on s.id = d.subscriber
    where s.email like 'defer-%'")" "2-2" "after two attempts each"
is "$(nl_sql "$D/r.db" "select d.state || ' ' || d.last_code || ' ' ||
    s.status || ' ' || s.bounce_count from deliveries d join subscribers s
    on s.id = d.subscriber where s.email = 'gone-1@example.org'")" \
    "failed 550 bounced 1" "550: failed, a hard bounce: the subscriber is suspended"
is "$(nl_sql "$D/r.db" "select d.state || ' ' || d.last_code || ' ' ||
    s.status || ' ' || s.bounce_count from deliveries d join subscribers s
    on s.id = d.subscriber where s.email = 'full@example.org'")" \
    "failed 552 active 1" "552 5.2.2: failed, a soft bounce: counted only"
is "$(nl_sql "$D/r.db" "select d.state || ' ' || d.attempts from deliveries d
    join subscribers s on s.id = d.subscriber
    where s.email = 'busy@example.org'")" "sent 2" \
    "421: deferred, then sent"
is "$(nl_sql "$D/r.db" "select count(*) from deliveries where state = 'sent'
    and attempts = 1")" 60 "the others were sent once, at the first attempt"
"$RECRUITCTL" -c "$D/r.conf" newsletter status > "$D/status.out"
line=$(sed -n 3p "$D/status.out" | sed 's/^ *//')
grep -q "sent 69, deferred 0, failed 4, pending 0" "$D/status.out"
ok "newsletter status: $line"
"$RECRUITCTL" -c "$D/r.conf" export subscribers --format csv > "$D/subs.out"
grep -q '^[0-9]*,gone-2@example.org,,bounced,.*,1' "$D/subs.out"
ok "export subscribers shows the bounce"
"$RECRUITCTL" -c "$D/r.conf" export bounces > "$D/bounces.json"
is "$(grep -c '"hard":true' "$D/bounces.json")" 3 \
    "export bounces: the three 550s, hard"
grep -q '"recipient":"full@example.org","status":"5.2.2","action":"failed","hard":false' \
    "$D/bounces.json"
ok "export bounces: the 552 5.2.2, soft, with its status"
! grep -q '"subscriber_id":null' "$D/bounces.json"
ok "each bounce row names its subscriber"
done_testing
