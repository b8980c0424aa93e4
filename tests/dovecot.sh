# dovecot.sh — a throwaway Dovecot on 127.0.0.1 for the IMAP tests.
# dovecot_setup DIR          certificates (a test CA, a server certificate
#                            for localhost/127.0.0.1 and one for another
#                            host name, a second unrelated CA), users
# dovecot_start DIR [CERT]   start in the foreground, remember the PID,
#                            wait until a LOGIN works
# dovecot_stop DIR           stop by that PID and wait for it
# Needs tests/tls.sh (sourced here from the same folder as this file when
# tls_setup is not defined yet).
# Ports: IMAP_PORT (STARTTLS or plain) and IMAPS_PORT, chosen per run.
# DOVECOT_EXTRA: more configuration lines (e.g. "mail_fsync = never").

command -v tls_setup > /dev/null 2>&1 ||
	. "${top_srcdir:?top_srcdir not set}/tests/tls.sh"

# Two free neighbouring ports picked by binding them (PIDs alone repeat:
# parallel tests once shared a Dovecot), unless the caller set IMAP_PORT.
if [ -z "${IMAP_PORT:-}" ]; then
	IMAP_PORT=$(/usr/bin/python3 - "$$" <<'PY'
import random, socket, sys
random.seed(int(sys.argv[1]) * 7919 + int.from_bytes(__import__("os").urandom(4), "big"))
for _ in range(200):
    p = random.randrange(20000, 39998, 2)
    socks = []
    try:
        for q in (p, p + 1):
            s = socket.socket()
            s.bind(("127.0.0.1", q))
            socks.append(s)
    except OSError:
        continue
    finally:
        for s in socks:
            s.close()
    print(p)
    break
PY
)
fi
IMAPS_PORT=$((IMAP_PORT + 1))

dovecot_setup() {
	d=$1
	mkdir -p "$d/run" "$d/state" "$d/home/test/Maildir/new" \
		"$d/home/test/Maildir/cur" "$d/home/test/Maildir/tmp"
	tls_setup "$d" || return 1
	echo "test:{PLAIN}secret:65534:65534::$d/home/test::" > "$d/passwd"
	chown -R 65534:65534 "$d/home"
	chmod 755 "$d"
	printf 'secret\n' > "$d/password"
	chmod 600 "$d/password"
}

dovecot_start() {
	d=$1
	cert=${2:-server}
	cat > "$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$d/$cert.pem
ssl_key = <$d/$cert.key
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
${DOVECOT_EXTRA:-}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $d/passwd
}
userdb {
  driver = passwd-file
  args = $d/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
CONF
	dovecot -c "$d/dovecot.conf" -F &
	echo $! > "$d/dovecot.pid"
	# the port opens at once, authentication a moment later (a failed
	# LOGIN costs Dovecot's 2 s delay, so give up after 30 s)
	end=$(($(date +%s) + 30))
	while [ "$(date +%s)" -lt "$end" ]; do
		if /usr/bin/python3 - "$IMAP_PORT" <<'PY' 2>/dev/null
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("test", "secret")
m.logout()
PY
		then
			return 0
		fi
		sleep 0.1
	done
	echo "# dovecot did not come up"; cat "$d/dovecot.log"
	return 1
}

dovecot_stop() {
	d=$1
	[ -f "$d/dovecot.pid" ] || return 0
	pid=$(cat "$d/dovecot.pid")
	kill "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -f "$d/dovecot.pid"
}
