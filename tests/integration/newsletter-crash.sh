#!/bin/sh
# newsletter-crash.sh — exactly once under SIGKILL: an issue to 5,000
# subscribers, the sender (first `recruitctl newsletter send-now`, then
# `recruitd --once`) killed with SIGKILL at random moments five times and
# restarted until the issue is done.  Every subscriber must have received
# the issue; a duplicate can only come from the one message that may lie
# between the server's 250 and the ledger's commit when the kill lands
# (src/outbound/deliver.h, "the gate"), so at most one per kill is tolerated, and
# the number seen is printed.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap '[ -n "${spid:-}" ] && kill -9 "$spid" 2>/dev/null; smtp_stop "$D/rx"; rm -rf "$D"' EXIT
N=5000
KILLS=5

smtp_start "$D/rx" || exit 1
nl_articles "$D/articles"
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4"
{
	echo "email,name"
	i=1
	while [ $i -le $N ]; do
		echo "sub$i@example.org,Subscriber $i"
		i=$((i + 1))
	done
} > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" > /dev/null
ok "$N subscribers imported"

sent() {
	nl_sql "$D/r.db" "select count(*) from deliveries where state = 'sent'"
}
round=1
midway=0
while [ $round -le $KILLS ]; do
	before=$(sent)
	if [ $round -eq 1 ]; then
		"$RECRUITCTL" -c "$D/r.conf" newsletter send-now \
		    > /dev/null 2>> "$D/log" &
	else
		"$RECRUITD" -c "$D/r.conf" --once 2>> "$D/log" &
	fi
	spid=$!
	# first this run's first committed message (a slow start, as under
	# valgrind, is not what is tested), up to 2 minutes
	w=0
	while [ "$(sent)" -le "$before" ] && [ $w -lt 1200 ] &&
	    kill -0 "$spid" 2>/dev/null; do
		sleep 0.1
		w=$((w + 1))
	done
	# then 0.2-0.9 s: the receiver takes ~1,000 messages a second, so the
	# kills land mid-issue with messages in flight on every connection
	ms=$(awk -v s="$$$round" 'BEGIN { srand(s); printf "%d", 200 + rand() * 700 }')
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	if kill -9 "$spid" 2>/dev/null; then
		[ "$(sent)" -lt "$N" ] && midway=$((midway + 1))
	fi
	wait "$spid" 2>/dev/null
	spid=
	echo "# kill $round ${ms} ms after its first message: $(sent) sent in the ledger," \
	    "$(wc -l < "$D/rx/log.tsv") accepted by the receiver"
	round=$((round + 1))
done
[ "$midway" -ge 3 ]
ok "$midway of $KILLS kills landed while the issue was being sent"

tries=0
while [ "$(nl_sql "$D/r.db" "select state from issues where number = 1")" != done ] &&
    [ $tries -lt 5 ]; do
	"$RECRUITD" -c "$D/r.conf" --once 2>> "$D/log"
	tries=$((tries + 1))
done
is "$(nl_sql "$D/r.db" "select state from issues where number = 1")" done \
    "restarted until the issue is done"
is "$(sent)" "$N" "the ledger says $N sent"
nl_subscribers "$D/r.db" "$D/subs.tsv"
/usr/bin/python3 "$top_srcdir/tests/check_newsletter.py" \
    --subscribers "$D/subs.tsv" --titles "$D/articles.titles" \
    --list-id insights.rma-search.example \
    --from-addr insights@rma-search.example \
    --bounce-domain rma-search.example \
    --unsub-url-prefix https://www.rma-search.example/unsubscribe/ \
    --max-per-rcpt 2 "$D/rx" > "$D/check.out" 2>&1
rc=$?
summary=$(tail -1 "$D/check.out")
[ $rc -eq 0 ]
ok "every message checked, every subscriber served: $summary"
grep "^recipients:" "$D/check.out" | sed 's/^/# /'
total=$(wc -l < "$D/rx/log.tsv")
distinct=$(cut -f3 "$D/rx/log.tsv" | sort -u | wc -l)
is "$distinct" "$N" "$N distinct recipients"
dups=$((total - distinct))
echo "# duplicates after $KILLS kills: $dups"
[ "$dups" -le "$KILLS" ]
ok "at most one duplicate per kill ($dups after $KILLS kills)"
# a duplicate is the same delivery again: same Message-ID
if [ "$dups" -gt 0 ]; then
	for r in $(cut -f3 "$D/rx/log.tsv" | sort | uniq -d); do
		grep -l "^To:.*$(echo "$r" | tr -d '<>')" "$D"/rx/msg/*.eml |
		    xargs grep -h "^Message-ID:" | sort -u | wc -l
	done | sort -u > "$D/dupids"
	is "$(cat "$D/dupids")" 1 "each duplicate carries the first one's Message-ID"
fi
done_testing
