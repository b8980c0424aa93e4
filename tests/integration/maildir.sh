#!/bin/sh
# maildir.sh — recruitd --once on a Maildir end to end, through the real
# binaries: every mail recorded and moved to the right folder, exit codes,
# recruitctl export/list/show/reparse/--help, duplicates on a second
# delivery.
. "$(dirname "$0")/../lib.sh"
mktest_dir
D="$TESTDIR"
mkdir -p "$D/Maildir/new" "$D/Maildir/cur" "$D/Maildir/tmp"

# every golden test mail, under Maildir names
i=0
for f in "$top_srcdir"/tests/data/*.eml; do
	i=$((i + 1))
	cp "$f" "$D/Maildir/new/1764000000.M${i}P1.it"
done
total=$i
cat > "$D/recruitd.conf" <<CONF
[store]
database = r.db
[inbox]
source = maildir:Maildir
[addresses]
job_orders = jobs@rma-search.example
candidates = careers@rma-search.example
newsletter_requests = newsletter-request@rma-search.example
from = "RMA Search" <office@rma-search.example>
web_forms = forms@rma-search.example, noreply@webforms.rma-search.example
[newsletter]
templates = $top_srcdir/templates
CONF
chmod 600 "$D/recruitd.conf"

"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log"
ok "recruitd --once exits 0 on $total mails"
files() { find "$@" -type f | wc -l; }
is "$(files "$D/Maildir/new" "$D/Maildir/cur")" "0" "inbox is empty"
moved=$(files "$D/Maildir/.Processed/cur" "$D/Maildir/.Rejected/cur" \
	"$D/Maildir/.Review/cur")
is "$moved" "$total" "every mail is in Processed, Rejected or Review"
is "$(stat -c %a "$D/r.db")" "600" "database is 0600"
is "$(stat -c %a "$D/files")" "700" "files folder is 0700"

# the expected folder of each mail follows its .expect outcome
want_rej=$(grep -l '"outcome": *"rejected"' "$top_srcdir"/tests/data/*.expect | wc -l)
want_rev=$(grep -l '"outcome": *"review"' "$top_srcdir"/tests/data/*.expect | wc -l)
is "$(files "$D/Maildir/.Rejected/cur")" "$want_rej" "rejected mails in Rejected"
is "$(files "$D/Maildir/.Review/cur")" "$want_rev" "unclassified mails in Review"

want_jobs=$(grep -l '"kind": *"job_order"' "$top_srcdir"/tests/data/*.expect | wc -l)
want_cands=$(grep -l '"kind": *"candidate"' "$top_srcdir"/tests/data/*.expect | wc -l)
"$RECRUITCTL" -c "$D/recruitd.conf" export jobs > "$D/jobs.jsonl"
ok "export jobs"
is "$(wc -l < "$D/jobs.jsonl")" "$want_jobs" "one JSON line per job order"
"$RECRUITCTL" -c "$D/recruitd.conf" export candidates --format json > "$D/c.jsonl"
is "$(wc -l < "$D/c.jsonl")" "$want_cands" "one JSON line per candidate"
"$RECRUITCTL" -c "$D/recruitd.conf" export messages --format csv > "$D/m.csv"
is "$(head -1 "$D/m.csv" | tr -d '\r')" \
	"id,message_id,from,subject,date,source,uid,kind,outcome,reason" \
	"messages CSV header"
head -1 "$D/jobs.jsonl" | /usr/bin/python3 -c '
import json, sys
keys = list(json.loads(sys.stdin.readline()).keys())
want = "id message_id received_at company contact_name contact_title contact_email contact_phone position_title industry location country employment_type salary_min salary_max salary_currency salary_period start_date confidential description needs_review".split()
sys.exit(0 if keys == want else 1)'
ok "jobs export keys are exactly DESIGN's, in order"
"$RECRUITCTL" -c "$D/recruitd.conf" export candidates --format csv | head -1 | tr -d '\r' > "$D/ch"
is "$(cat "$D/ch")" "id,message_id,received_at,name,email,phone,current_title,current_employer,desired_position,industries,locations,willing_to_relocate,salary_expectation,years_experience,profile_url,resumes,needs_review" "candidates CSV header"

"$RECRUITCTL" -c "$D/recruitd.conf" jobs list > "$D/list"
is "$(wc -l < "$D/list")" "$want_jobs" "jobs list has one line per job"
"$RECRUITCTL" -c "$D/recruitd.conf" jobs show 1 > /dev/null
ok "jobs show 1"
"$RECRUITCTL" -c "$D/recruitd.conf" jobs show 99999 2>/dev/null
is "$?" "65" "jobs show of a missing id exits EX_DATAERR"

# the outbox: no [smtp], so every queued reply waits, and shows
queued=$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select count(*) from outbox where state = 'pending'")
[ "$queued" -gt 0 ]
ok "replies queued unsent without [smtp] ($queued)"
"$RECRUITCTL" -c "$D/recruitd.conf" outbox list > "$D/outbox"
is "$(wc -l < "$D/outbox")" "$queued" "outbox list: one line per waiting reply"
is "$(awk '$2 != "pending" { n++ } END { print n + 0 }' "$D/outbox")" 0 \
    "outbox list: each pending"
first=$(awk 'NR == 1 { print $1 }' "$D/outbox")
to=$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select to_addr from outbox where id = $first")
"$RECRUITCTL" -c "$D/recruitd.conf" outbox show "$first" > "$D/show"
grep -q "^to  *$to\$" "$D/show" && grep -q "^Auto-Submitted: auto-replied" "$D/show" &&
    grep -q "^envelope from  *<> (the null sender)" "$D/show"
ok "outbox show: the details and the message"
"$RECRUITCTL" -c "$D/recruitd.conf" outbox show 99999 2>/dev/null
is "$?" "65" "outbox show of a missing id exits EX_DATAERR"
sqlite3 -cmd '.timeout 10000' "$D/r.db" "update outbox set state = 'sent', last_reply = '250 2.0.0 ok' || char(27) || '[2J' where id = $first"
"$RECRUITCTL" -c "$D/recruitd.conf" outbox list > "$D/outbox2"
"$RECRUITCTL" -c "$D/recruitd.conf" outbox list --all > "$D/outbox3"
is "$(wc -l < "$D/outbox2") $(wc -l < "$D/outbox3")" "$((queued - 1)) $queued" \
    "outbox list leaves out the sent ones, --all shows them"
! grep -q "$(printf '\033')" "$D/outbox3" && grep -q "250 2.0.0 ok?\[2J" "$D/outbox3"
ok "a server's answer is shown without control characters"

# reparse rebuilds the same records, under the same numbers (the JO-n
# and CA-n the acknowledgements quoted)
"$RECRUITCTL" -c "$D/recruitd.conf" export jobs > "$D/before"
"$RECRUITCTL" -c "$D/recruitd.conf" export candidates > "$D/before-c"
"$RECRUITCTL" -c "$D/recruitd.conf" reparse --all > /dev/null
ok "reparse --all"
"$RECRUITCTL" -c "$D/recruitd.conf" export jobs > "$D/after"
"$RECRUITCTL" -c "$D/recruitd.conf" export candidates > "$D/after-c"
cmp -s "$D/before" "$D/after"
ok "reparse --all rebuilds identical job records, ids included"
cmp -s "$D/before-c" "$D/after-c"
ok "and identical candidate records, ids and résumés included"

# a second delivery of the same mails: all duplicates, no new records
i=0
for f in "$top_srcdir"/tests/data/job-*.eml; do
	i=$((i + 1))
	cp "$f" "$D/Maildir/new/1764100000.M${i}P2.again"
done
"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log2"
ok "second run exits 0"
grep -q "$i duplicate" "$D/log2"
ok "second delivery: $i duplicates logged"
"$RECRUITCTL" -c "$D/recruitd.conf" export jobs > "$D/jobs2.jsonl"
is "$(wc -l < "$D/jobs2.jsonl")" "$want_jobs" "no new job records"

# a reply to an acknowledgement (a correction) is no second record: it
# goes to review under the reference it answers, and stays there
set -- $(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select j.id, o.to_addr from jobs j join outbox o
    on o.message = j.message and o.kind = 'ack' order by j.id limit 1" |
    tr '|' ' ')
cat > "$D/Maildir/new/1764200000.M1P3.reply" <<MAIL
From: <$2>
To: office@rma-search.example
Subject: Re: Job order [JO-$1]
Message-ID: <reply-jo-$1@example.org>

Company: Changed Corp
Salary: USD 300,000 - 350,000 per year
Location: Dallas, TX

> Position: Vice President
MAIL
"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log3"
ok "a reply to an acknowledgement: exit 0"
is "$("$RECRUITCTL" -c "$D/recruitd.conf" export jobs | wc -l)" "$want_jobs" \
    "a reply to an acknowledgement makes no new job record"
is "$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select kind || '|' || outcome || '|' || reason from
    messages where message_id = 'reply-jo-$1@example.org'")" \
    "job_order|review|a reply to the acknowledgement of JO-$1" \
    "it is a job order for review, under JO-$1"
grep -lq "reply-jo-$1@example.org" "$D/Maildir/.Review/cur/"*
ok "and it is in the Review folder"
"$RECRUITCTL" -c "$D/recruitd.conf" reparse --all > /dev/null
is "$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select outcome from messages where message_id =
    'reply-jo-$1@example.org'") $("$RECRUITCTL" -c "$D/recruitd.conf" export jobs | wc -l)" \
    "review $want_jobs" "reparse keeps it for review, no record"

# what is not a readable regular file is logged once per poll with its
# name and what it is, and left in place: a symlink (never followed), a
# dangling one, a FIFO (never blocks the poll), a socket, a directory,
# and a file open(2) refuses (chmod 000: as root, tried as nobody below)
before=$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select count(*) from messages")
N="$D/Maildir/new"
ln -s /etc/passwd "$N/1764300000.M1P4.link"
ln -s "$D/no-such-file" "$N/1764300000.M2P4.dangling"
mkfifo "$N/1764300000.M3P4.fifo"
/usr/bin/python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
    "$N/1764300000.M4P4.sock"
mkdir "$N/1764300000.M5P4.dir"
if [ "$(id -u)" -ne 0 ]; then
	printf 'From: a@example.org\n\nhi\n' > "$N/1764300000.M6P4.locked"
	chmod 000 "$N/1764300000.M6P4.locked"
fi
for run in 1 2; do
	"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/skip$run"
	ok "poll $run with unreadable entries in new/ exits 0"
	for e in "M1P4.link: a symbolic link" "M2P4.dangling: a symbolic link" \
	    "M3P4.fifo: a FIFO" "M4P4.sock: a socket" "M5P4.dir: a directory"; do
		is "$(grep -c "maildir: skipping new/1764300000.$e; left in place" "$D/skip$run")" \
		    "1" "poll $run: ${e%%:*} logged once, with what it is"
	done
	if [ "$(id -u)" -ne 0 ]; then
		is "$(grep -c "maildir: skipping new/1764300000.M6P4.locked: cannot be opened (Permission denied); left in place" "$D/skip$run")" \
		    "1" "poll $run: a file open(2) refuses is logged once"
	fi
done
[ -L "$N/1764300000.M1P4.link" ] && [ -L "$N/1764300000.M2P4.dangling" ] &&
    [ -p "$N/1764300000.M3P4.fifo" ] && [ -S "$N/1764300000.M4P4.sock" ] &&
    [ -d "$N/1764300000.M5P4.dir" ]
ok "every skipped entry is left in place"
is "$(sqlite3 -cmd '.timeout 10000' "$D/r.db" "select count(*) from messages")" \
    "$before" "nothing is read through the link (no new message)"
grep -q "root:" "$D/r.db" "$D/Maildir/.Processed/cur/"* "$D/Maildir/.Rejected/cur/"* \
    "$D/Maildir/.Review/cur/"* 2>/dev/null
[ $? -ne 0 ]
ok "the link's target is nowhere in the store or the folders"
rm -rf "$N/1764300000."*
# as root, a file with mode 000 is readable: try it as nobody, in a
# Maildir and a store nobody owns (not under valgrind: its logs are root's)
if [ "$(id -u)" -eq 0 ] && [ -z "${RECRUIT_VALGRIND:-}" ] &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	U="$D/nobody"
	mkdir -p "$U/Maildir/new" "$U/Maildir/cur" "$U/Maildir/tmp"
	printf 'From: a@example.org\n\nhi\n' > "$U/Maildir/new/1764300000.M6P4.locked"
	chmod 000 "$U/Maildir/new/1764300000.M6P4.locked"
	printf '[store]\ndatabase = u.db\n[inbox]\nsource = maildir:Maildir\n' > "$U/u.conf"
	chmod 600 "$U/u.conf"
	# the program and its data files where nobody may read them (CI's
	# sanitizer tree sits in a folder only root may enter)
	cp "$RECRUITD" "$U/recruitd"
	cp -R "${RECRUIT_DATADIR:-$top_srcdir/data}" "$U/data"
	chown -R nobody "$U"
	RECRUIT_DATADIR="$U/data" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups "$U/recruitd" -c "$U/u.conf" --once 2> "$U/log"
	ok "as nobody: a poll with a file it may not read exits 0"
	is "$(grep -c "maildir: skipping new/1764300000.M6P4.locked: cannot be opened (Permission denied); left in place" "$U/log")" \
	    "1" "a file open(2) refuses is logged once, with the reason"
	[ -f "$U/Maildir/new/1764300000.M6P4.locked" ]
	ok "and left in place"
else
	echo "# a file open(2) refuses: covered only when run as non-root, or as root with setpriv and not under valgrind"
fi

# help and version: on stdout, exit 0, before any config or database
"$RECRUITCTL" --help > "$D/help" 2> "$D/help.err"
is "$?" "0" "recruitctl --help exits 0"
grep -q "^usage: recruitctl" "$D/help" && grep -q "^  subscribers import" "$D/help" &&
    [ ! -s "$D/help.err" ]
ok "--help prints the usage on stdout, nothing on stderr"
"$RECRUITCTL" -h | cmp -s - "$D/help"
ok "-h prints the same"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
is "$("$RECRUITCTL" --version)" "recruitctl (recruitd) $version" "--version"
"$RECRUITCTL" -c "$D/no-such.conf" subscribers --help > "$D/shelp"
is "$?" "0" "subscribers --help exits 0 without a config"
is "$(grep -c '^  subscribers ' "$D/shelp") $(grep -vc '^  subscribers \|^usage:' "$D/shelp")" \
    "4 0" "subscribers --help: the four subscribers commands only"
is "$("$RECRUITCTL" -c "$D/no-such.conf" candidates show --help | grep -c '^  ')" \
    "2" "candidates show --help: list and show"
"$RECRUITCTL" bogus --help > /dev/null 2>&1
is "$?" "64" "an unknown command's --help is a usage error"

# exit codes
printf '[store]\ndatabase = r.db\n[inbox]\nsource = maildir:Maildir\nbogus = 1\n' > "$D/bad.conf"
"$RECRUITD" -c "$D/bad.conf" --once 2> "$D/err"
is "$?" "78" "bad config exits EX_CONFIG"
grep -q "bad.conf:5: unknown key 'bogus'" "$D/err"
ok "bad config error names file and line"
printf '[store]\ndatabase = r.db\n[inbox]\nsource = maildir:NoSuchMaildir\n' > "$D/gone.conf"
"$RECRUITD" -c "$D/gone.conf" --once 2> /dev/null
is "$?" "75" "unreachable mailbox exits EX_TEMPFAIL"
mkdir -p "$D/Empty/new" "$D/Empty/cur" "$D/Empty/tmp"
printf '[store]\ndatabase = e.db\n[inbox]\nsource = maildir:Empty\n' > "$D/empty.conf"
"$RECRUITD" -c "$D/empty.conf" --once 2> "$D/empty.err"
is "$?" "0" "an empty Maildir is a poll with nothing to do"
chmod 666 "$D/recruitd.conf"
"$RECRUITD" -c "$D/recruitd.conf" --once 2> /dev/null
is "$?" "78" "world-writable config refused"

done_testing
