#!/bin/sh
# ingest-lock.sh — another process holds the store's write lock for 30 s
# (a backup, an sqlite3 session left open) while recruitd --once reads 20
# candidate mails with PDF résumés: the mails are analysed meanwhile
# (no lock is needed for that), recruitd waits for the lock instead of
# failing, and once the lock is released every mail is recorded exactly
# once and moved; none is lost, none doubled.
. "$(dirname "$0")/../lib.sh"
mktest_dir
D="$TESTDIR"
mkdir -p "$D/Maildir/new" "$D/Maildir/cur" "$D/Maildir/tmp"

cat > "$D/recruitd.conf" <<CONF
[store]
database = r.db
[inbox]
source = maildir:Maildir
[addresses]
candidates = careers@rma-search.example
CONF
chmod 600 "$D/recruitd.conf"

# the store exists (an empty run), then someone else takes its lock
"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log0"
ok "first run on an empty mailbox (creates the store)"
# twenty people sending the same kind of mail with a PDF résumé
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	sed -e "s/AM0PR02MB5523\.oconnor/lock-$i.oconnor/" \
	    -e "s/siobhan\.oconnor@/siobhan.oconnor$i@/g" \
	    -e "s/^Name: Siobhan O'Connor/Name: Siobhan O'Connor-$i/" \
	    "$top_srcdir/tests/data/cand-en-pdf.eml" \
	    > "$D/Maildir/new/1764100000.M${i}P1.lock"
done
/usr/bin/python3 - "$D/r.db" "$D/locked" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
db.execute("INSERT INTO meta(key, value) VALUES ('lock-test', 'held')")
open(sys.argv[2], "w").close()
time.sleep(3600)    # until the test kills it: the lock goes with it
PY
holder=$!
n=0
while [ ! -e "$D/locked" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
[ -e "$D/locked" ]
ok "another process holds the write lock"

"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log" &
rd=$!
# recruitd says it waits (after its busy timeout), with the batch in hand
n=0
while ! grep -q "waiting for the lock" "$D/log" && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
grep -q "waiting for the lock" "$D/log"
ok "recruitd waits for the lock and says so"
is "$(find "$D/Maildir/new" "$D/Maildir/cur" -type f | wc -l)" "20" \
	"nothing moved while the lock is held"
sleep 20      # the lock is held ~30 s in all
kill -0 "$rd" 2>/dev/null
ok "recruitd still waiting, not failed, while the lock is held"
grep -c "waiting for the lock" "$D/log" > "$D/nwait"
is "$(cat "$D/nwait")" "1" "the wait is logged once"
kill "$holder"
wait "$holder" 2>/dev/null
wait "$rd"
ok "recruitd --once exits 0 after the lock is released"
grep -q "writable again" "$D/log"
ok "it says when it goes on"

sql() { sqlite3 -cmd '.timeout 10000' "$D/r.db" "$1"; }
is "$(sql 'select count(*) from messages')" "20" "20 messages recorded"
is "$(sql 'select count(distinct message_id) from messages')" "20" \
	"each once"
is "$(sql 'select count(*) from candidates')" "20" "20 candidates"
is "$(sql 'select count(*) from resumes')" "20" "20 résumés"
is "$(sql "select count(*) from meta where key = 'lock-test'")" "0" \
	"the other process's uncommitted write is gone with it"
is "$(find "$D/Maildir/new" "$D/Maildir/cur" -type f | wc -l)" "0" \
	"the inbox is empty"
is "$(find "$D/Maildir/.Processed/cur" -type f | wc -l)" "20" \
	"all 20 in Processed"
# a second run finds nothing new and doubles nothing
"$RECRUITD" -c "$D/recruitd.conf" --once 2> "$D/log2"
ok "a second run"
is "$(sql 'select count(*) from candidates')" "20" "still 20 candidates"
done_testing
