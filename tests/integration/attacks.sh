#!/bin/sh
# attacks.sh — the network and secrets side of issue 7 (DESIGN §5), with
# the real binaries against servers on 127.0.0.1:
# - an EXPIRED server certificate (signed by the trusted test CA, right
#   host name) is refused by the IMAP source and by the SMTP sender: no
#   LOGIN, nothing sent, the mail stays in INBOX, the issue stays pending;
# - an IMAP server that strips STARTTLS (no capability, or NO to the
#   command) is refused: the password never crosses in plain text;
# - recruitd with log_level = debug against Dovecot (IMAP LOGIN) and an
#   SMTP receiver with AUTH: neither password appears anywhere in the log,
#   and a password file others can read is refused for [inbox] and [smtp]
#   alike (EX_CONFIG);
# - the rendered issue of an article with javascript: links, raw HTML and
#   {{email}} in its text and front matter carries none of them live;
# - recruitctl subscribers add / import refuse an address with CR/LF or
#   a second address;
# - the store: database, WAL, SHM and attachment files 0600, folders 0700;
#   the archive pages 0644 (public on purpose).
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/dovecot.sh"
. "$top_srcdir/tests/smtp.sh"
mktest_dir
D="$TESTDIR"
FAKE_PID=
trap 'dovecot_stop "$D/dv"; for r in rxx rxa; do smtp_stop "$D/$r"; done;
    [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
    [ -n "${KEEP_TESTDIR:-}" ] || rm -rf "$D"' EXIT
IMAP="/usr/bin/python3 $top_srcdir/tests/imap.py"
SMTP_PW='Zq9-smtp-Pw-4471'
IMAP_PW=secret                       # dovecot.sh's test user

dovecot_setup "$D/dv" || exit 1
T="$D/dv"

# --- an expired certificate, signed by the trusted test CA ---
(
	cd "$T" || exit 1
	mkdir -p newcerts && : > index.txt && echo 1000 > serial
	cat > ca.cnf <<'EOF'
[ca]
default_ca = test
[test]
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
EOF
	openssl req -newkey rsa:2048 -nodes -keyout expired.key \
	    -out expired.csr -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 &&
	openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
	    -in expired.csr -out expired.pem -notext \
	    -startdate 20200101000000Z -enddate 20200201000000Z
) > "$D/openssl-expired.log" 2>&1
ok "an expired certificate made (openssl ca -startdate/-enddate)"
openssl verify -CAfile "$T/ca.pem" "$T/expired.pem" 2>&1 | grep -q expired
ok "openssl itself calls it expired"

# conf NAME: a full config; extra lines for [inbox] and [smtp] in $INBOX
# and $SMTP (newline-separated)
conf() {
	_cn=$1
	mkdir -p "$D/$_cn/Maildir/new" "$D/$_cn/Maildir/cur" "$D/$_cn/articles"
	{
		printf '[store]\ndatabase = %s/r.db\nfiles = %s/files\n' \
		    "$D/$_cn" "$D/$_cn"
		printf '[inbox]\n%s\n' "$INBOX"
		printf '[addresses]\njob_orders = jobs@rma-search.example\n'
		printf 'candidates = careers@rma-search.example\n'
		printf 'newsletter_requests = newsletter-request@rma-search.example\n'
		printf 'from = "RMA Search" <office@rma-search.example>\n'
		printf '[smtp]\n%s\n' "$SMTP"
		printf '[newsletter]\narticles = %s/articles\n' "$D/$_cn"
		printf 'templates = %s/templates\narchive = %s/archive\n' \
		    "$top_srcdir" "$D/$_cn"
		printf 'list_id = insights.rma-search.example\n'
		printf 'unsubscribe_url = https://www.rma-search.example/u/{token}\n'
		printf 'postal_address = RMA Search Ltd, 12 Example Row, London\n'
		printf '[log]\nlog_level = debug\n'
	} > "$D/$_cn.conf"
}
logins() { grep -c 'imap-login: Login: user=<test>' "$D/dv/dovecot.log"; }

# --- IMAP: expired certificate ---
dovecot_start "$D/dv" expired || exit 1
$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
before=$(logins)
INBOX="source = imap://test@localhost:$IMAP_PORT/INBOX
ca_file = $T/ca.pem
password_file = $T/password"
SMTP="url = smtp://localhost:1"
conf imapexp
"$RECRUITD" -c "$D/imapexp.conf" --once 2> "$D/imapexp.log"
is "$?" 75 "IMAP STARTTLS with an expired certificate: refused (EX_TEMPFAIL)"
grep -qi "expired" "$D/imapexp.log"
ok "the log says expired: $(grep -i -m1 expired "$D/imapexp.log" | cut -c1-120)"
INBOX="source = imaps://test@localhost:$IMAPS_PORT/INBOX
ca_file = $T/ca.pem
password_file = $T/password"
conf imapsexp
"$RECRUITD" -c "$D/imapsexp.conf" --once 2> "$D/imapsexp.log"
is "$?" 75 "IMAPS with an expired certificate: refused"
is "$(logins)" "$before" "no LOGIN happened"
is "$($IMAP "$IMAP_PORT" count INBOX)" 1 "the mail stays in INBOX"
dovecot_stop "$D/dv"

# --- IMAP: STARTTLS stripped by the server ---
# fake IMAP server: MODE nocap (no STARTTLS offered) or no (offered, then
# refused); it binds a free port and writes it to FILE.port; every line
# received goes to FILE
fake_imap() {
	rm -f "$2.port"
	/usr/bin/python3 - "$1" "$2" <<'PY' &
import os, socket, sys
mode, path = sys.argv[1], sys.argv[2]
caps = "IMAP4rev1 AUTH=PLAIN" + (" STARTTLS" if mode == "no" else "")
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(4)
with open(path + ".port.tmp", "w") as pf:
    pf.write(str(srv.getsockname()[1]))
os.rename(path + ".port.tmp", path + ".port")
srv.settimeout(30)
log = open(path, "a")
try:
    while True:
        c, _ = srv.accept()
        c.settimeout(10)
        f = c.makefile("rwb")
        f.write(b"* OK [CAPABILITY " + caps.encode() + b"] fake ready\r\n")
        f.flush()
        for line in f:
            log.write(line.decode("latin-1"))
            log.flush()
            parts = line.decode("latin-1").split()
            if len(parts) < 2:
                break
            tag, cmd = parts[0], parts[1].upper()
            if cmd == "CAPABILITY":
                f.write(b"* CAPABILITY " + caps.encode() + b"\r\n")
                f.write(tag.encode() + b" OK done\r\n")
            elif cmd == "STARTTLS":
                f.write(tag.encode() + b" NO not today\r\n")
            elif cmd == "LOGOUT":
                f.write(b"* BYE\r\n" + tag.encode() + b" OK bye\r\n")
                f.flush()
                break
            else:
                f.write(tag.encode() + b" OK fine\r\n")
            f.flush()
        c.close()
except socket.timeout:
    pass
PY
	FAKE_PID=$!
	_i=0
	while [ ! -s "$2.port" ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	FPORT=$(cat "$2.port")
}
for mode in nocap no; do
	: > "$D/fake-$mode.txt"
	fake_imap $mode "$D/fake-$mode.txt"
	INBOX="source = imap://test@localhost:$FPORT/INBOX
ca_file = $T/ca.pem
password_file = $T/password"
	conf strip$mode
	"$RECRUITD" -c "$D/strip$mode.conf" --once 2> "$D/strip$mode.log"
	is "$?" 75 "IMAP STARTTLS stripped ($mode): refused"
	! grep -qi "login\|authenticate\|$IMAP_PW" "$D/fake-$mode.txt"
	ok "no LOGIN or password reached the server ($mode)"
	kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
done

# --- SMTP: expired certificate ---
smtp_start "$D/rxx" --tls-cert "$T/expired.pem" --tls-key "$T/expired.key" \
    --require-starttls --auth "sender:$SMTP_PW" || exit 1
PX=$SMTP_PORT
printf '%s\n' "$SMTP_PW" > "$D/smtp-pw"
chmod 600 "$D/smtp-pw"
cat > "$D/article.md" <<'MD'
---
title: "Hello {{email}} <script>alert(1)</script>"
date: 2026-01-12
summary: "[click](javascript:alert(2)) {{{unsubscribe_url}}}"
---
Dear {{email}}, and {{#subscribers}}everyone{{/subscribers}}.

<script>alert("body")</script>
<img src=x onerror="alert(3)">
<a href="javascript:alert(4)">raw link</a>

[a markdown link](javascript:alert(5)) and ![img](javascript:alert(6))
and <javascript:alert(7)>.
MD
INBOX="source = maildir:$D/smtpexp/Maildir"
SMTP="url = smtp://localhost:$PX
ca_file = $T/ca.pem
username = sender
password_file = $D/smtp-pw"
conf smtpexp
cp "$D/article.md" "$D/smtpexp/articles/2026-01-hostile.md"
"$RECRUITCTL" -c "$D/smtpexp.conf" subscribers add ann@example.org \
    --confirmed > /dev/null 2>&1
"$RECRUITCTL" -c "$D/smtpexp.conf" newsletter send-now > "$D/smtpexp.out" 2>&1
is "$?" 75 "SMTP STARTTLS with an expired certificate: refused"
# (libcurl says only that verification failed, not why)
grep -qi "certificate" "$D/smtpexp.out"
ok "the output names the certificate: $(grep -i -m1 certificate "$D/smtpexp.out" | cut -c1-100)"
[ ! -s "$D/rxx/log.tsv" ]
ok "nothing reached that receiver"
is "$(sqlite3 -cmd '.timeout 10000' "$D/smtpexp/r.db" "select count(*) from deliveries where state = 'pending'")" 1 \
    "the delivery stays pending"

# --- debug logs against Dovecot (LOGIN) and SMTP with AUTH ---
dovecot_start "$D/dv" || exit 1
smtp_start "$D/rxa" --tls-cert "$T/server.pem" --tls-key "$T/server.key" \
    --require-starttls --auth "sender:$SMTP_PW" || exit 1
PA=$SMTP_PORT
INBOX="source = imap://test@localhost:$IMAP_PORT/INBOX
ca_file = $T/ca.pem
password_file = $T/password"
SMTP="url = smtp://localhost:$PA
ca_file = $T/ca.pem
username = sender
password_file = $D/smtp-pw"
conf dbg
cp "$D/article.md" "$D/dbg/articles/2026-01-hostile.md"
"$RECRUITCTL" -c "$D/dbg.conf" subscribers add ann@example.org \
    --confirmed > "$D/dbg-ctl.log" 2>&1
"$RECRUITD" -c "$D/dbg.conf" --once 2> "$D/dbg.log"
ok "recruitd --once at log_level = debug over IMAP + SMTP AUTH: exit 0"
is "$($IMAP "$IMAP_PORT" count INBOX)" 0 "the job order was taken"
is "$(sqlite3 -cmd '.timeout 10000' "$D/dbg/r.db" "select count(*) from jobs")" 1 "and recorded"
is "$(cut -f3 "$D/rxa/log.tsv" 2>/dev/null | sort -u | tr '\n' ' ')" \
    "rebecca.holloway@lonestar-analytics.example " "its acknowledgement went out over SMTP AUTH"
grep -c . "$D/dbg.log" | { read -r n; [ "$n" -gt 5 ]; }
ok "the debug log has something to say ($(wc -l < "$D/dbg.log") lines)"
"$RECRUITCTL" -c "$D/dbg.conf" newsletter send-now >> "$D/dbg-ctl.log" 2>&1
ok "recruitctl newsletter send-now at log_level = debug: exit 0"
! grep -q -e "$SMTP_PW" -e "$IMAP_PW" "$D/dbg.log" "$D/dbg-ctl.log"
ok "neither password appears in any log line"
! grep -qi -e "$(printf '\0sender\0%s' "$SMTP_PW" | base64)" \
    -e "$(printf 'AHNlbmRlcgBa')" "$D/dbg.log" "$D/dbg-ctl.log"
ok "nor the base64 AUTH PLAIN string"

# the issue: nothing live from the article
iss=$(ls "$D"/rxa/msg/*.eml | tail -1)
grep -q '^Subject:.*#' "$iss"
ok "the issue arrived ($(basename "$iss"))"
# the HTML part is what a mail client renders: nothing live in it; the
# text part is plain text (an escaped title may show "<script>" as text)
/usr/bin/python3 - "$iss" "$D/issue" <<'PY'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
for p in m.walk():
    if p.get_content_type() in ("text/html", "text/plain"):
        open(sys.argv[2] + "." + p.get_content_subtype(), "w").write(p.get_content())
PY
ok "the issue has its parts"
! grep -qiE "(href|src|action)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*javascript:" "$D/issue.html"
ok "no javascript: URL in any link or image of the HTML part"
! grep -qiE "<script|<img src=x|onerror|<a href=\"javascript" "$D/issue.html"
ok "no raw HTML from the article (script, event handler, raw link)"
grep -q "&lt;script&gt;alert(1)" "$D/issue.html"
ok "the title's markup is shown escaped"
grep -q "Dear {{email}}" "$D/issue.html" && grep -q "Dear {{email}}" "$D/issue.plain"
ok "{{email}} in article text stays literal text (HTML and text parts)"
! grep -q "Dear ann@example.org" "$D/issue.html" "$D/issue.plain"
ok "and is not expanded to the subscriber's address"
grep -q "{{#subscribers}}everyone{{/subscribers}}" "$D/issue.html"
ok "a section tag in article text is not run, shown as written"

# --- password files others can read: [inbox] and [smtp] ---
chmod 644 "$T/password"
"$RECRUITD" -c "$D/dbg.conf" --once 2> "$D/perm-imap.log"
is "$?" 78 "[inbox] password file readable by others: EX_CONFIG"
grep -q "readable by others" "$D/perm-imap.log"
ok "and says why"
chmod 600 "$T/password"
chmod 640 "$D/smtp-pw"
"$RECRUITD" -c "$D/dbg.conf" --once 2> "$D/perm-smtp.log"
is "$?" 78 "[smtp] password file readable by the group: EX_CONFIG"
grep -q "readable by others" "$D/perm-smtp.log"
ok "and says why"
chmod 600 "$D/smtp-pw"

# --- the store's modes; the archive is public on purpose ---
mode() { stat -c %a "$1"; }
for f in r.db r.db-wal r.db-shm; do
	[ -e "$D/dbg/$f" ] || continue
	is "$(mode "$D/dbg/$f")" 600 "$f is 0600"
done
is "$(find "$D/dbg/files" -type d ! -perm 700 | wc -l)" 0 "the files folders are 0700"
is "$(find "$D/dbg/files" -type f ! -perm 600 | wc -l)" 0 "the stored files are 0600"
n=$(find "$D/dbg/archive" -type f | wc -l)
[ "$n" -gt 0 ]
ok "archive pages written ($n)"
is "$(find "$D/dbg/archive" -type f ! -perm 644 | wc -l)" 0 "archive pages are 0644"

# --- subscriber addresses with CR/LF or a second address ---
for a in "$(printf 'a@example.org\r\nBcc: v@example.net')" \
    "$(printf 'a@example.org\nv@example.net')" \
    "a@example.org, v@example.net" "a@example.org v@example.net" \
    "<a@example.org>,<v@example.net>" "a@example.org;v@example.net"; do
	"$RECRUITCTL" -c "$D/dbg.conf" subscribers add "$a" > /dev/null 2>&1
	is "$?" 65 "subscribers add refuses $(printf '%s' "$a" | tr '\r\n' '^~')"
done
printf 'email,name\r\n"a@example.org\r\nBcc: v@example.net",A\r\n"b@example.org, v@example.net",B\r\nc@example.org;v@example.net,C\r\nok@example.org,Ok\r\n' > "$D/import.csv"
"$RECRUITCTL" -c "$D/dbg.conf" subscribers import "$D/import.csv" > "$D/import.out" 2>&1
is "$(sqlite3 -cmd '.timeout 10000' "$D/dbg/r.db" "select group_concat(email, ' ') from subscribers order by id")" \
    "ann@example.org ok@example.org" "import took only the plain address"
is "$(sqlite3 -cmd '.timeout 10000' "$D/dbg/r.db" "select count(*) from subscribers where email like '%v@%' or email like '%a@%' or email like '%b@%' or email like '%c@%'")" 0 \
    "no hostile row was stored"
done_testing
