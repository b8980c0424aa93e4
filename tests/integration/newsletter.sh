#!/bin/sh
# newsletter.sh — an issue to 1,000 subscribers through a real SMTP
# receiver (tests/smtpd.py on 127.0.0.1): built by the schedule in
# `recruitd --once`, one message per active subscriber and none for the
# others, every message parsed back and checked (tests/check_newsletter.py:
# DESIGN §3 headers, MIME, quoted-printable line lengths, titles, the
# subscriber's own unsubscribe token, nobody else's address); a second run
# sends nothing more.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap 'smtp_stop "$D/rx"; rm -rf "$D"' EXIT
N=1000

smtp_start "$D/rx" || exit 1
nl_articles "$D/articles"
# a daily slot one minute ago, caught up within the hour
slot=$(date -u -d '-1 min' +%H:%M)
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4"
cat >> "$D/r.conf" <<CONF
[newsletter]
schedule = daily $slot
timezone = UTC
catch_up = 1h
CONF
# (a second [newsletter] header continues the section)

{
	echo "email,name,status"
	i=1
	while [ $i -le $N ]; do
		case $((i % 4)) in
		0) echo "reader$i@example.org,Zoë Reader $i," ;;
		1) echo "Reader$i@Example.NET,\"Reader, $i\",active" ;;
		*) echo "reader$i@example.com,," ;;
		esac
		i=$((i + 1))
	done
	echo "gone@example.org,Gone Away,bounced"
	echo "bad address@example.org,Bad,"
} > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" \
    > "$D/import.out" 2> "$D/import.err"
is "$?" 65 "import reports the bad row (EX_DATAERR)"
grep -q "subs.csv:1003: not a plain email address" "$D/import.err"
ok "the bad row is named by file and line"
"$RECRUITCTL" -c "$D/r.conf" subscribers add pending@example.org "Not Yet" \
    > /dev/null
"$RECRUITCTL" -c "$D/r.conf" subscribers add left@example.org --confirmed \
    > /dev/null
"$RECRUITCTL" -c "$D/r.conf" subscribers remove left@example.org > /dev/null
is "$("$RECRUITCTL" -c "$D/r.conf" export subscribers | grep -c '"status":"active"')" \
    "$N" "$N active subscribers in export subscribers"

"$RECRUITD" -c "$D/r.conf" --once 2> "$D/run1.err"
is "$?" 0 "recruitd --once builds the due issue and sends it"
is "$(nl_sql "$D/r.db" 'select count(*) from issues')" 1 "one issue built"
is "$(wc -l < "$D/rx/log.tsv")" "$N" "the receiver accepted $N messages"
nl_subscribers "$D/r.db" "$D/subs.tsv"
/usr/bin/python3 "$top_srcdir/tests/check_newsletter.py" \
    --subscribers "$D/subs.tsv" --titles "$D/articles.titles" \
    --list-id insights.rma-search.example \
    --from-addr insights@rma-search.example \
    --bounce-domain rma-search.example \
    --unsub-url-prefix https://www.rma-search.example/unsubscribe/ \
    "$D/rx" > "$D/check.out" 2>&1
rc=$?
summary=$(tail -1 "$D/check.out")
[ $rc -eq 0 ]
ok "every message checked: $summary"
sed -n '1,20s/^/# /p' "$D/check.out" | grep -v "^# checked" | head -20
for a in pending@example.org left@example.org gone@example.org; do
	! grep -q "	<*$a>*\$" "$D/rx/log.tsv"
	ok "nothing for $a"
done
is "$(nl_sql "$D/r.db" "select count(*) from deliveries where state = 'sent'")" \
    "$N" "the ledger says $N sent"
"$RECRUITCTL" -c "$D/r.conf" newsletter status > "$D/status.out"
line=$(sed -n 3p "$D/status.out" | sed 's/^ *//')
grep -q "sent $N, deferred 0, failed 0, pending 0" "$D/status.out"
ok "newsletter status: $line"
test -s "$D/archive/issue-1.html" && ! grep -q "@example\.\(org\|com\|net\)" \
    "$D/archive/issue-1.html"
ok "archive page written, without any subscriber address"
! grep -q "<script>" "$D/archive/issue-1.html" &&
    ! grep -qi "javascript:" "$D/archive/issue-1.html"
ok "the article's raw HTML and javascript: link are not in the page"

"$RECRUITD" -c "$D/r.conf" --once 2> "$D/run2.err"
is "$?" 0 "a second run succeeds"
is "$(wc -l < "$D/rx/log.tsv")" "$N" "and sends nothing more"
is "$(nl_sql "$D/r.db" 'select count(*) from issues')" 1 "and builds no issue"

# what an unsubscribe_url page does with the token of its link
tok=$(nl_sql "$D/r.db" "select token from subscribers where email = 'reader4@example.org'")
"$RECRUITCTL" -c "$D/r.conf" subscribers remove "$tok" > /dev/null
is "$(nl_sql "$D/r.db" "select status from subscribers where email = 'reader4@example.org'")" \
    unsubscribed "subscribers remove TOKEN unsubscribes the link's owner"
done_testing
