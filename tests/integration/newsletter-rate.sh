#!/bin/sh
# newsletter-rate.sh — [smtp] rate caps the messages per second: 30
# subscribers at rate = 10 cannot all be sent in less than 2.9 s (a lower
# bound only: a slow machine takes longer, never shorter), and all 30 go
# out once.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap 'smtp_stop "$D/rx"; rm -rf "$D"' EXIT

smtp_start "$D/rx" || exit 1
nl_articles "$D/articles"
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:$SMTP_PORT" "tls = none" \
    "connections = 4" "rate = 10"
awk 'BEGIN { print "email"; for (i = 1; i <= 30; i++) printf "r%d@example.org\n", i }' \
    > "$D/subs.csv"
"$RECRUITCTL" -c "$D/r.conf" subscribers import "$D/subs.csv" > /dev/null
t0=$(date +%s%N)
"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > /dev/null
rc=$?
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
is "$rc" 0 "send-now at rate = 10"
is "$(wc -l < "$D/rx/log.tsv")" 30 "30 messages"
[ "$ms" -ge 2900 ]
ok "took ${ms} ms (at least 2,900 ms for 30 messages at 10/s)"
done_testing
