#!/bin/sh
# secrets.sh — passwords given in the environment leave no trace (issue
# 13): recruitd started with RECRUITD_IMAP_PASSWORD and
# RECRUITD_SMTP_PASSWORD logs in to Dovecot, records a job order, and its
# outbound worker (which got the SMTP password as a memfd, not in its
# environment) acknowledges it through tests/smtpd.py with AUTH.  Then
# neither password is in /proc/PID/environ of either process, nor in a
# core image of either (gcore, from gdb).
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/dovecot.sh"
. "$top_srcdir/tests/smtp.sh"

mktest_dir
D="$TESTDIR"
trap '[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null; dovecot_stop "$D/dv"; smtp_stop "$D/rx"; rm -rf "$D"' EXIT
IMAP="/usr/bin/python3 $top_srcdir/tests/imap.py"
# distinct and recognisable, and long: a freed block's first 16 bytes
# are malloc's list pointers, so the core is searched for the password's
# second half too
IMAP_PW="imap-pw-Hyg13-Q7x9Zk4T-first-half-second-half-Lk3Vb9Xq2M"
SMTP_PW="smtp-pw-Hyg13-W4m2Rv8N-first-half-second-half-Pz6Hn1Tc5J"
IMAP_TAIL=${IMAP_PW#*-first-half-}
SMTP_TAIL=${SMTP_PW#*-first-half-}

command -v gcore > /dev/null
ok "gcore is installed (gdb; contrib/deps.sh)" || { done_testing; exit 1; }

dovecot_setup "$D/dv"
# a second user of the same mailbox, with the password under test
echo "hyg:{PLAIN}$IMAP_PW:65534:65534::$D/dv/home/test::" >> "$D/dv/passwd"
dovecot_start "$D/dv"
ok "dovecot started on 127.0.0.1:$IMAP_PORT"
smtp_start "$D/rx" --auth "sender:$SMTP_PW" || exit 1
$IMAP "$IMAP_PORT" append "$top_srcdir/tests/data/job-en-labelled.eml"

cat > "$D/r.conf" <<CONF
[store]
database = $D/r.db
files = $D/files
[inbox]
source = imap://hyg@127.0.0.1:$IMAP_PORT/INBOX
tls = none
poll_interval = 60
[addresses]
job_orders = jobs@rma-search.example
candidates = careers@rma-search.example
from = "RMA Search" <office@rma-search.example>
[smtp]
url = smtp://127.0.0.1:$SMTP_PORT
tls = none
username = sender
[newsletter]
templates = $top_srcdir/templates
[log]
log_level = info
CONF
chmod 600 "$D/r.conf"

RECRUITD_IMAP_PASSWORD=$IMAP_PW RECRUITD_SMTP_PASSWORD=$SMTP_PW \
    "$RECRUITD" -c "$D/r.conf" 2> "$D/log" &
dpid=$!
# the acknowledgement received (the worker did AUTH), and the worker's run
# over (its log line after the send)
i=0
while ! grep -q "newsletter: sent 1" "$D/log" && kill -0 "$dpid" 2>/dev/null &&
    [ $i -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
grep -q "Login: user=<hyg>" "$D/dv/dovecot.log"
ok "the daemon logged in to IMAP with the password from the environment" ||
    { grep -i "login\|auth" "$D/dv/dovecot.log" | sed 's/^/# /'; sed 's/^/# /' "$D/log"; }
is "$(wc -l < "$D/rx/log.tsv" 2>/dev/null || echo 0)" "1" \
    "the worker sent the acknowledgement (the receiver requires AUTH)"
wpid=$(sed -n 's/.*outbound worker \([0-9][0-9]*\) started.*/\1/p' "$D/log" | tail -1)
[ -n "$wpid" ] && kill -0 "$wpid" 2>/dev/null
ok "the outbound worker runs (pid $wpid)"

# under valgrind the processes are valgrind's: their environment block and
# core image say nothing about recruitd's memory; under AddressSanitizer
# the core holds terabytes of shadow mappings.  There the run above
# (logins and sending with the passwords from the environment, clean
# under the checker) is what is checked
if [ -n "${RECRUIT_VALGRIND:-}" ] || [ -n "${ASAN_OPTIONS:-}" ]; then
	whos=
else
	whos="daemon worker"
fi
for who in $whos; do
	if [ $who = daemon ]; then p=$dpid; else p=$wpid; fi
	is "$(tr '\0' '\n' < "/proc/$p/environ" | grep -c -e "$IMAP_PW" -e "$SMTP_PW")" \
	    "0" "$who: neither password in /proc/PID/environ"
	tr '\0' '\n' < "/proc/$p/environ" | grep -q "^RECRUITD_SECRET_FDS=."
	[ $? -ne 0 ]
	ok "$who: the descriptor list it was handed is wiped from its environment"
	gcore -o "$D/core" "$p" > "$D/gcore.$who" 2>&1
	[ -s "$D/core.$p" ]
	ok "$who: gcore wrote a core image" || sed 's/^/# /' "$D/gcore.$who"
	# the core holds what the process holds: the config path it was given
	grep -c -a "$D/r.conf" "$D/core.$p" > /dev/null
	ok "$who: the core image is searchable (the config's path is found)"
	is "$(grep -c -a -e "$IMAP_TAIL" "$D/core.$p")" "0" \
	    "$who: the IMAP password is not in its core image, whole or half"
	is "$(grep -c -a -e "$SMTP_TAIL" "$D/core.$p")" "0" \
	    "$who: the SMTP password is not in its core image, whole or half"
	rm -f "$D/core.$p"
done
! grep -q -e "$IMAP_PW" -e "$SMTP_PW" "$D/log"
ok "neither password is in the log"

kill -TERM "$dpid"
wait "$dpid"
is "$?" "0" "SIGTERM: exit 0"
dpid=
done_testing
