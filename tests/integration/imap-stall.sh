#!/bin/sh
# imap-stall.sh — a mailbox server that greets, then never answers the
# LOGIN (a small fake server in Python on 127.0.0.1): recruitd --once
# gives up after [inbox] timeout + 2 s with a sentence naming the server
# and the step; the daemon, stuck in the LOGIN, exits 0 on SIGTERM within
# 2 s, saying it stopped during LOGIN.  (The full set of misbehaving
# servers is imap-misbehave.sh.)
. "$(dirname "$0")/../lib.sh"
mktest_dir
D="$TESTDIR"
trap '[ -n "${rpid:-}" ] && kill -9 "$rpid" 2>/dev/null; [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null; rm -rf "$D"' EXIT

# under valgrind the program starts and stops slower: only the margins
# grow, never the timeout under test
SLACK=0
[ -n "${RECRUIT_VALGRIND:-}" ] && SLACK=20

cat > "$D/server.py" <<'PY'
import socket, sys, threading
port_file, seen_file = sys.argv[1], sys.argv[2]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(8)
with open(port_file + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
import os
os.rename(port_file + ".tmp", port_file)

def serve(c):
    c.sendall(b"* OK [CAPABILITY IMAP4rev1] fake server ready\r\n")
    buf = b""
    while True:
        d = c.recv(4096)
        if not d:
            return
        buf += d
        while b"\r\n" in buf:
            line, buf = buf.split(b"\r\n", 1)
            parts = line.split(b" ", 2)
            if len(parts) >= 2 and parts[1].upper() == b"LOGIN":
                with open(seen_file, "a") as f:
                    f.write("login\n")
                continue        # never answered
            if len(parts) >= 2 and parts[1].upper() == b"CAPABILITY":
                c.sendall(b"* CAPABILITY IMAP4rev1\r\n" + parts[0] +
                          b" OK done\r\n")

while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
/usr/bin/python3 "$D/server.py" "$D/port" "$D/seen" &
spid=$!
i=0
while [ ! -s "$D/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$D/port")
printf 'secret\n' > "$D/password"
chmod 600 "$D/password"
cat > "$D/r.conf" <<CONF
[store]
database = r.db
[inbox]
source = imap://test@127.0.0.1:$PORT/INBOX
tls = none
password_file = $D/password
poll_interval = 600
timeout = 3
CONF

# wait_exit PID SECONDS: 0 when PID ended within SECONDS (its status in
# $st), 1 when it still runs
wait_exit() {
	_w=0
	while kill -0 "$1" 2>/dev/null; do
		[ "$_w" -ge $(($2 * 10)) ] && return 1
		sleep 0.1
		_w=$((_w + 1))
	done
	wait "$1"
	st=$?
	return 0
}

# --- --once: gives up after the timeout ---
st=
"$RECRUITD" -c "$D/r.conf" --once 2> "$D/once.log" &
rpid=$!
wait_exit "$rpid" $((3 + 2 + SLACK))
ok "--once gives up within timeout + 2 s"
rpid=
is "${st:-}" 75 "--once: exit 75 (EX_TEMPFAIL: the mailbox is unreachable)"
grep -q "mailbox server 127.0.0.1:$PORT did not answer the LOGIN within 3 s" \
    "$D/once.log"
ok "the log names the server and the step: $(grep -m1 'mailbox server' "$D/once.log" | cut -c1-110)"
grep -q login "$D/seen"
ok "the server saw the LOGIN"
! grep -q secret "$D/once.log"
ok "the password is not in the log"

# --- the daemon stuck in LOGIN: SIGTERM ---
st=
: > "$D/seen"
"$RECRUITD" -c "$D/r.conf" 2> "$D/daemon.log" &
rpid=$!
i=0
while ! grep -q login "$D/seen" && [ $i -lt $((100 + SLACK * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q login "$D/seen"
ok "the daemon is waiting for the LOGIN answer"
kill -TERM "$rpid"
wait_exit "$rpid" $((2 + SLACK))
ok "SIGTERM during the LOGIN: the daemon exits within 2 s"
rpid=
is "${st:-}" 0 "and exits 0"
grep -q "mailbox server 127.0.0.1:$PORT: stopped during LOGIN (SIGTERM)" \
    "$D/daemon.log"
ok "the log says it stopped during LOGIN"

kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
spid=
done_testing
