#!/bin/sh
# correspondence.sh — the mailbox as a conversation, over real servers
# (Dovecot and an SMTP receiver on 127.0.0.1): a person subscribes by
# mail, receives the confirmation, confirms by replying to it, receives
# the next issue, unsubscribes through the issue's List-Unsubscribe
# mailto and receives nothing after; each step is checked in
# `recruitctl export subscribers`.  Then acknowledgements: a job order and
# a candidate registration are answered with what was recorded, a second
# mail from the same address the same day is not, and an encoded CR/LF in
# a subject cannot add a header to the answer.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/dovecot.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap 'smtp_stop "$D/rx"; dovecot_stop "$D/dv"; rm -rf "$D"' EXIT
IMAP="/usr/bin/python3 $top_srcdir/tests/imap.py"
REQ=newsletter-request@rma-search.example

dovecot_setup "$D/dv"
dovecot_start "$D/dv"
smtp_start "$D/rx" || exit 1
mkdir -p "$D/articles"
cat > "$D/r.conf" <<CONF
[store]
database = $D/r.db
files = $D/files
[inbox]
source = imap://test@127.0.0.1:$IMAP_PORT/INBOX
tls = none
password_file = $D/dv/password
[addresses]
job_orders = jobs@rma-search.example
candidates = careers@rma-search.example
newsletter_requests = $REQ
from = "RMA Search" <office@rma-search.example>
[smtp]
url = smtp://127.0.0.1:$SMTP_PORT
tls = none
[newsletter]
articles = $D/articles
templates = $top_srcdir/templates
archive = $D/archive
list_id = insights.rma-search.example
list_name = RMA Search Insights
[log]
log_level = info
CONF

mail() {    # mail FILE FROM TO SUBJECT [BODY]: a plain mail to APPEND
	printf 'From: %s\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s@test.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
	    "$2" "$3" "$4" "$(date -R)" "$(basename "$1").$$" "${5:-}" > "$1"
}
run() {     # run: recruitd --once, its log kept
	"$RECRUITD" -c "$D/r.conf" --once >> "$D/recruitd.log" 2>&1
}
status_of() {
	"$RECRUITCTL" -c "$D/r.conf" export subscribers --format csv |
	    awk -F, -v a="$1" '$2 == a { print $4 }'
}
received() {   # received ADDR: messages the receiver accepted for ADDR
	awk -F '\t' -v a="<$1>" '$3 == a || $3 == substr(a, 2, length(a) - 2)' \
	    "$D/rx/log.tsv" 2>/dev/null | wc -l
}
header() {     # header FILE NAME: the header's value, unfolded and decoded
	/usr/bin/python3 -c '
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print(m.get(sys.argv[2], ""))' "$1" "$2"
}
last_for() {   # last_for ADDR: the file of the last message to ADDR
	n=$(awk -F '\t' -v a="<$1>" '$3 == a || $3 == substr(a, 2, length(a) - 2) { n = $1 } END { print n }' "$D/rx/log.tsv")
	echo "$D/rx/msg/$n.eml"
}

# 1. subscribe by mail
mail "$D/m1" "Ada Reader <ada@example.org>" "$REQ" "subscribe"
$IMAP "$IMAP_PORT" append "$D/m1"
run
is "$?" 0 "recruitd --once handles the subscribe mail"
is "$(status_of ada@example.org)" pending "export subscribers: pending"
is "$(received ada@example.org)" 1 "the confirmation mail went out"
c=$(last_for ada@example.org)
token=$(header "$c" Subject | sed -n 's/.*\[\([0-9a-f]\{32\}\)\].*/\1/p')
[ -n "$token" ]
ok "its subject carries the token"
grep -qi "^Auto-Submitted: auto-replied" "$c"
ok "the confirmation is marked Auto-Submitted"
replyto=$(header "$c" Reply-To | tr -d '<> ')
is "$replyto" "newsletter-request+confirm-$token@rma-search.example" \
    "Reply-To is the confirm plus address"
mail "$D/m1b" "Ada Reader <ada@example.org>" "$REQ" "subscribe" "please"
$IMAP "$IMAP_PORT" append "$D/m1b"
run
is "$(received ada@example.org)" 1 "a second subscribe the same day sends no second confirmation"

# 2. confirm by replying
mail "$D/m2" "Ada Reader <ada@example.org>" "$replyto" \
    "Re: Please confirm your subscription to RMA Search Insights [$token]" \
    "> Someone, most likely you, asked ..."
$IMAP "$IMAP_PORT" append "$D/m2"
run
is "$(status_of ada@example.org)" active "export subscribers: active after the reply"
"$RECRUITCTL" -c "$D/r.conf" export subscribers | grep '"email":"ada@example.org"' |
    grep -q '"confirmed_at":"20'
ok "confirmed_at is set"
"$RECRUITCTL" -c "$D/r.conf" subscribers add bob@example.org Bob --confirmed > /dev/null

# 3. the next issue reaches her
nl_articles "$D/a1"
cp "$D/a1/2026-01-hiring.md" "$D/articles/"
"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/send1.out" 2>&1
is "$?" 0 "issue 1 sent"
is "$(received ada@example.org)" 2 "she received issue 1"
i1=$(last_for ada@example.org)
header "$i1" Subject | grep -q "^RMA Search Insights #1"
ok "it is the issue"
unsub=$(header "$i1" List-Unsubscribe | sed -n 's/.*<mailto:\([^?>]*\).*/\1/p')
case $unsub in
newsletter-request+unsubscribe-*@rma-search.example) true ;;
*) false ;;
esac
ok "List-Unsubscribe mailto: $unsub"

# 4. unsubscribe through the mailto (as a mail client's button sends it)
mail "$D/m3" "ada@example.org" "$unsub" "unsubscribe"
$IMAP "$IMAP_PORT" append "$D/m3"
run
is "$(status_of ada@example.org)" unsubscribed "export subscribers: unsubscribed at once"
is "$(received ada@example.org)" 2 "no goodbye mail"

# 5. nothing after
cp "$D/a1/2026-02-zurich.md" "$D/articles/"
"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/send2.out" 2>&1
is "$(nl_sql "$D/r.db" "select count(*) from issues")" 2 "issue 2 built"
is "$(received bob@example.org)" 2 "Bob received both issues"
is "$(received ada@example.org)" 2 "she received nothing more"

# 6. a bounce to the VERP address of Bob's issue 2 delivery (a DSN), and
# an ARF complaint about Carol's
"$RECRUITCTL" -c "$D/r.conf" subscribers add carol@example.org --confirmed > /dev/null
cp "$D/a1/2026-03-boards.md" "$D/articles/"
"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/send3.out" 2>&1
btok=$(nl_sql "$D/r.db" "select d.token from deliveries d join subscribers s
    on s.id = d.subscriber where s.email = 'bob@example.org' and d.issue = 3")
ctok=$(nl_sql "$D/r.db" "select d.token from deliveries d join subscribers s
    on s.id = d.subscriber where s.email = 'carol@example.org' and d.issue = 3")
cat > "$D/dsn.eml" <<DSN
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: bounces+$btok@rma-search.example
Subject: Undelivered Mail Returned to Sender
Date: $(date -R)
Message-ID: <dsn.$$@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The mail could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; bob@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: user unknown

--b1--
DSN
cat > "$D/arf.eml" <<ARF
From: Feedback Loop <fbl@isp.example>
To: bounces+$ctok@rma-search.example
Subject: Complaint about message from 192.0.2.1
Date: $(date -R)
Message-ID: <arf.$$@isp.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

--b2
Content-Type: text/plain

This is an abuse report.

--b2
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: isp-fbl/1.0
Version: 1
Original-Rcpt-To: carol@example.org

--b2
Content-Type: text/rfc822-headers

From: RMA Search <office@rma-search.example>
To: carol@example.org
Subject: RMA Search Insights #3

--b2--
ARF
$IMAP "$IMAP_PORT" append "$D/dsn.eml" "$D/arf.eml"
run
is "$(status_of bob@example.org)" bounced "a hard bounce (5.1.1) through VERP: Bob is bounced"
is "$(status_of carol@example.org)" complained "an ARF complaint: Carol is complained"
"$RECRUITCTL" -c "$D/r.conf" export bounces > "$D/bounces.json"
bobid=$(nl_sql "$D/r.db" "select id from subscribers where email = 'bob@example.org'")
grep -q "\"message_id\":\"dsn.$$@mx.example.org\".*\"recipient\":\"bob@example.org\",\"status\":\"5.1.1\",\"action\":\"failed\",\"hard\":true.*\"subscriber_id\":$bobid" \
    "$D/bounces.json"
ok "export bounces: the DSN's row, hard, mapped to Bob"
cp "$D/a1/2026-01-hiring.md" "$D/articles/2026-04-again.md"
sed -i 's/^title: .*/title: Hiring, again/; s/^date: .*/date: 2026-04-01/' \
    "$D/articles/2026-04-again.md"
"$RECRUITCTL" -c "$D/r.conf" newsletter send-now > "$D/send4.out" 2>&1
is "$(nl_sql "$D/r.db" "select count(*) from deliveries where issue = 4")" 0 \
    "issue 4 goes to nobody: Bob bounced, Carol complained, Ada left"

# 7. acknowledgements
cp "$top_srcdir/tests/data/job-order-plain.eml" "$D/j1.eml" 2>/dev/null ||
    cp "$(ls "$top_srcdir"/tests/data/job*.eml | head -1)" "$D/j1.eml"
jfrom=$(sed -n 's/^From:.*<\(.*\)>.*/\1/p; s/^From: *\([^<]*@[^ ]*\) *$/\1/p' "$D/j1.eml" | head -1 | tr 'A-Z' 'a-z')
$IMAP "$IMAP_PORT" append "$D/j1.eml"
run
is "$(received "$jfrom")" 1 "the job order's sender got one acknowledgement"
a=$(last_for "$jfrom")
ref=$(nl_sql "$D/r.db" "select 'JO-' || max(id) from jobs")
grep -q "$ref" "$a"
ok "it names the reference $ref"
pos=$(nl_sql "$D/r.db" "select position_title from jobs order by id desc limit 1")
/usr/bin/python3 - "$a" "$pos" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
body = m.get_body(("plain",)).get_content()
sys.exit(0 if sys.argv[2] in body else 1)
PY
ok "it echoes the recorded position ($pos)"
# a second job order from the same address the same day
sed 's/^Message-ID: <\(.*\)>/Message-ID: <again.\1>/I; s/^Subject: \(.*\)/Subject: \1 (second)/' \
    "$D/j1.eml" > "$D/j2.eml"
$IMAP "$IMAP_PORT" append "$D/j2.eml"
run
is "$(nl_sql "$D/r.db" "select count(*) from jobs")" 2 "the second job order is recorded"
is "$(received "$jfrom")" 1 "but not acknowledged again the same day"

# an encoded CR/LF in the subject cannot add a header
printf 'From: Eve <eve@example.net>\nTo: jobs@rma-search.example\nSubject: =?UTF-8?B?%s?=\nMessage-ID: <inject@test.example>\nDate: %s\nContent-Type: text/plain; charset=utf-8\n\nPosition: Chief Executive Officer\nCompany: Evil Corp\nLocation: London, UK\nContact: Eve Example\nEmail: eve@example.net\n' \
    "$(printf 'Job order\r\nBcc: victim@example.org\r\nX-Injected: yes' | base64 -w0)" \
    "$(date -R)" > "$D/inject.eml"
$IMAP "$IMAP_PORT" append "$D/inject.eml"
run
is "$(received eve@example.net)" 1 "the tricky job order is acknowledged"
e=$(last_for eve@example.net)
! grep -qi "^Bcc:\|^X-Injected:" "$e"
ok "no header was injected into the answer"
is "$(received victim@example.org)" 0 "and nothing went to the would-be Bcc"
is "$(awk -F '\t' '{ print $2 }' "$D/rx/log.tsv" | sort -u | grep -c '^<>$')" 1 \
    "answers go out with the null envelope sender"
done_testing
