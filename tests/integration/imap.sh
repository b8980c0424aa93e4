#!/bin/sh
# imap.sh — recruitd against a real Dovecot on 127.0.0.1: plain (loopback
# only), STARTTLS and IMAPS with the test CA in ca_file; a wrong CA, a
# wrong host name and a password file others can read are refused before
# LOGIN; 500 mails (test mails and corpus mails) all recorded and moved;
# a UIDVALIDITY change gives no duplicate records.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/dovecot.sh"
mktest_dir
D="$TESTDIR"
trap 'dovecot_stop "$D/dv"; rm -rf "$D"' EXIT
IMAP="/usr/bin/python3 $top_srcdir/tests/imap.py"

dovecot_setup "$D/dv"
ok "test CA and certificates made"
dovecot_start "$D/dv"
ok "dovecot started on 127.0.0.1:$IMAP_PORT and :$IMAPS_PORT"

# conf NAME SOURCE [extra lines for [inbox]]
conf() {
	name=$1 src=$2
	shift 2
	{
		printf '[store]\ndatabase = %s.db\n[inbox]\nsource = %s\n' "$name" "$src"
		printf 'password_file = %s\n' "$D/dv/password"
		for l in "$@"; do printf '%s\n' "$l"; done
		printf '[addresses]\njob_orders = jobs@rma-search.example\n'
		printf 'candidates = careers@rma-search.example\n'
		printf 'newsletter_requests = newsletter-request@rma-search.example\n'
		printf 'web_forms = forms@rma-search.example, noreply@webforms.rma-search.example\n'
	} > "$D/$name.conf"
}
logins() { grep -c 'imap-login: Login: user=<test>' "$D/dv/dovecot.log"; }

# --- one mail each way ---
$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
conf plain "imap://test@127.0.0.1:$IMAP_PORT/INBOX" "tls = none"
"$RECRUITD" -c "$D/plain.conf" --once 2> "$D/plain.log"
ok "plain IMAP on loopback: exit 0"
is "$($IMAP "$IMAP_PORT" count INBOX Processed)" "0 1" "plain: mail moved to Processed"
is "$(sqlite3 -cmd '.timeout 10000' "$D/plain.db" "select count(*) from jobs")" "1" "plain: job recorded"

$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
conf starttls "imap://test@localhost:$IMAP_PORT/INBOX" "ca_file = $D/dv/ca.pem"
"$RECRUITD" -c "$D/starttls.conf" --once 2> "$D/starttls.log"
ok "STARTTLS with ca_file: exit 0"
is "$($IMAP "$IMAP_PORT" count INBOX)" "0" "STARTTLS: inbox emptied"

$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
conf imaps "imaps://test@127.0.0.1:$IMAPS_PORT/INBOX" "ca_file = $D/dv/ca.pem"
"$RECRUITD" -c "$D/imaps.conf" --once 2> "$D/imaps.log"
ok "IMAPS with ca_file (IP in subjectAltName): exit 0"
is "$($IMAP "$IMAP_PORT" count INBOX)" "0" "IMAPS: inbox emptied"

# --- refusals: nothing logged in, mail left alone ---
$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
before=$(logins)
conf wrongca "imaps://test@127.0.0.1:$IMAPS_PORT/INBOX" "ca_file = $D/dv/other-ca.pem"
"$RECRUITD" -c "$D/wrongca.conf" --once 2> "$D/wrongca.log"
is "$?" "75" "wrong CA: EX_TEMPFAIL"
grep -q "not trusted" "$D/wrongca.log"
ok "wrong CA: says the certificate is not trusted"
conf nocafile "imaps://test@127.0.0.1:$IMAPS_PORT/INBOX"
"$RECRUITD" -c "$D/nocafile.conf" --once 2> "$D/nocafile.log"
is "$?" "75" "self-signed CA without ca_file: refused"
conf wronghostname "imap://test@127.0.0.1:$IMAP_PORT/INBOX" "ca_file = $D/dv/ca.pem"
dovecot_stop "$D/dv"
dovecot_start "$D/dv" wronghost
"$RECRUITD" -c "$D/wronghostname.conf" --once 2> "$D/wronghost.log"
is "$?" "75" "certificate for another host name: refused"
grep -q "127.0.0.1" "$D/wronghost.log"
ok "the refusal names the host"
dovecot_stop "$D/dv"
dovecot_start "$D/dv"
chmod 644 "$D/dv/password"
"$RECRUITD" -c "$D/starttls.conf" --once 2> "$D/perm.log"
is "$?" "78" "password file readable by others: refused as a config error"
grep -q "readable by others" "$D/perm.log"
ok "and says why"
chmod 600 "$D/dv/password"
is "$(logins)" "$before" "no LOGIN happened during any refusal"
grep -q secret "$D"/*.log
is "$?" "1" "the password appears in no log"
is "$($IMAP "$IMAP_PORT" count INBOX)" "1" "the refused mail is still in INBOX"
"$RECRUITD" -c "$D/starttls.conf" --once 2> /dev/null

# --- 500 mails: test mails and corpus mails mixed ---
n=0
mkdir -p "$D/seed"
corpus=${RECRUIT_CORPUS:-$top_srcdir/../shared/corpus}
for f in "$top_srcdir"/tests/data/*.eml "$corpus"/sisimai/*.eml "$corpus"/cpython/*.txt "$corpus"/mailparser/*.eml; do
	[ -f "$f" ] || continue
	# IMAP literals cannot carry NUL bytes: those files stay out
	grep -qaP '\x00' "$f" && continue
	n=$((n + 1))
	cp "$f" "$D/seed/$n.eml"
done
k=$n
while [ "$k" -lt 500 ]; do   # top up with renamed copies of test mails
	for f in "$top_srcdir"/tests/data/job-*.eml "$top_srcdir"/tests/data/cand-*.eml; do
		[ "$k" -ge 500 ] && break
		k=$((k + 1))
		sed "s/^Message-ID: <\(.*\)>/Message-ID: <copy$k.\1>/I; s/^Subject: \(.*\)/Subject: \1 ($k)/I" "$f" > "$D/seed/$k.eml"
	done
done
processed_before=$($IMAP "$IMAP_PORT" count Processed)
$IMAP "$IMAP_PORT" append $(ls "$D"/seed/*.eml | head -500)
ok "appended 500 mails"
conf bulk "imap://test@localhost:$IMAP_PORT/INBOX" "ca_file = $D/dv/ca.pem"
"$RECRUITD" -c "$D/bulk.conf" --once 2> "$D/bulk.log"
ok "recruitd --once over 500 mails: exit 0"
is "$($IMAP "$IMAP_PORT" count INBOX)" "0" "INBOX empty"
rows=$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from messages")
is "$rows" "500" "500 message rows"
for o in rejected review; do
	f=$(echo $o | sed 's/^r/R/')
	[ $o = review ] && f=Review
	[ $o = rejected ] && f=Rejected
	want=$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from messages where outcome = '$o'")
	got=$($IMAP "$IMAP_PORT" count "$f")
	is "$got" "$want" "$o mails are in $f"
done
want=$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from messages where outcome not in ('rejected', 'review')")
got=$($IMAP "$IMAP_PORT" count Processed)
# Processed also holds the few mails of the TLS checks above
is "$got" "$((want + processed_before))" "the others are in Processed"

# --- UIDVALIDITY change: the same mails again under a new UIDVALIDITY ---
jobs=$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from jobs")
cands=$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from candidates")
dovecot_stop "$D/dv"
M="$D/dv/home/test/Maildir"
# Dovecot keeps moved mail in new/ or cur/ of the folder
(cd "$M/.Processed" && ls new/* cur/* 2>/dev/null) | head -40 |
	while read -r f; do cp "$M/.Processed/$f" "$M/cur/"; done
rm -f "$M"/dovecot-uidlist "$M"/dovecot.index*
chown -R 65534:65534 "$M"
dovecot_start "$D/dv"
"$RECRUITD" -c "$D/bulk.conf" --once 2> "$D/uv.log"
ok "after the UIDVALIDITY change: exit 0"
is "$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from jobs")" "$jobs" "no new job records"
is "$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from candidates")" "$cands" "no new candidate records"
echo "# after the change: $(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select outcome || ' ' || count(*) from messages where id > 500 group by outcome" | tr '\n' ' ')"
is "$(sqlite3 -cmd '.timeout 10000' "$D/bulk.db" "select count(*) from messages where outcome = 'duplicate' and id > 500")" "40" "40 duplicates recorded"
is "$($IMAP "$IMAP_PORT" count INBOX)" "0" "INBOX empty again"

done_testing
