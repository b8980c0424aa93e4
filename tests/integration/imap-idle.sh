#!/bin/sh
# imap-idle.sh — the daemon waits in IDLE: a new mail is recorded within
# 2 s; Dovecot stopped and started again while recruitd waits: it
# reconnects and records mail appended afterwards; SIGTERM exits 0.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/dovecot.sh"
mktest_dir
D="$TESTDIR"
trap '[ -n "${rpid:-}" ] && kill "$rpid" 2>/dev/null; dovecot_stop "$D/dv"; rm -rf "$D"' EXIT
IMAP="/usr/bin/python3 $top_srcdir/tests/imap.py"

dovecot_setup "$D/dv"
dovecot_start "$D/dv"
cat > "$D/r.conf" <<CONF
[store]
database = r.db
[inbox]
source = imap://test@localhost:$IMAP_PORT/INBOX
ca_file = $D/dv/ca.pem
password_file = $D/dv/password
poll_interval = 600
CONF

"$RECRUITD" -c "$D/r.conf" 2> "$D/log" &
rpid=$!

# wait_first_poll SECONDS: until the daemon noted its first poll (it
# enters IDLE right after); a slow start (valgrind) is no IDLE latency
wait_first_poll() {
	/usr/bin/python3 - "$D/r.db" "$1" <<'PY'
import sqlite3, sys, time
db, limit = sys.argv[1], float(sys.argv[2])
t0 = time.time()
while time.time() - t0 < limit:
    try:
        c = sqlite3.connect(db, timeout=1)
        if c.execute("select count(*) from meta where key = "
                     "'last_poll_result'").fetchone()[0]:
            sys.exit(0)
        c.close()
    except sqlite3.Error:
        pass
    time.sleep(0.05)
sys.exit(1)
PY
}
wait_first_poll 60
ok "the daemon polled once"
sleep 0.5

# wait_rows N SECONDS: until the store has N message rows; prints the time
wait_rows() {
	/usr/bin/python3 - "$D/r.db" "$1" "$2" <<'PY'
import sqlite3, sys, time
db, n, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
t0 = time.time()
while time.time() - t0 < limit:
    try:
        c = sqlite3.connect(db, timeout=1)
        if c.execute("select count(*) from messages").fetchone()[0] >= n:
            print("%.2f" % (time.time() - t0))
            sys.exit(0)
        c.close()
    except sqlite3.Error:
        pass
    time.sleep(0.05)
print("timeout")
sys.exit(1)
PY
}

$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"
t=$(wait_rows 1 2)
ok "a mail appended during IDLE is recorded within 2 s ($t s)"

dovecot_stop "$D/dv"
sleep 1
dovecot_start "$D/dv"
$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/cand-webform-robot.eml" 2>/dev/null ||
	$IMAP "$IMAP_PORT" append "$(ls "$top_srcdir"/tests/data/cand-*.eml | head -1)"
t=$(wait_rows 2 40)
ok "after a Dovecot restart, recruitd reconnects and records new mail ($t s)"
kill -0 "$rpid"
ok "recruitd is still running"
kill -TERM "$rpid"
wait "$rpid"
is "$?" "0" "SIGTERM: exit 0"
rpid=
grep -q "secret" "$D/log"
is "$?" "1" "no password in the log"

done_testing
