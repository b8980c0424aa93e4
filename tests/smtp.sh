# smtp.sh — throwaway SMTP receivers (tests/smtpd.py) on 127.0.0.1.
# smtp_start DIR [smtpd.py options]
#        start a receiver writing into DIR (DIR/msg/*.eml, DIR/log.tsv,
#        DIR/rcpt.tsv; its own messages in DIR/smtpd.log), in the
#        background; return once it listens.  Its port is in DIR/port and
#        in SMTP_PORT (the last one started).  Options go to smtpd.py as
#        they are, e.g. --tls-cert D/server.pem --tls-key D/server.key
#        [--require-starttls | --implicit-tls], --auth USER:PASSWORD,
#        --rules FILE.  Call it directly, not in $(...): it sets SMTP_PORT.
# smtp_stop DIR    SIGTERM that receiver by its PID and wait for it.
# smtp_port DIR    print the port of the receiver writing into DIR.
# Ports: the first receiver of a run gets SMTP_PORT (40000-49999 from the
# shell's PID unless set by the caller; IMAP_PORT of dovecot.sh lies in
# 20000-39999), each further one the next free port above.

SMTP_PORT=${SMTP_PORT:-$((40000 + $$ % 10000))}
_smtp_next=$SMTP_PORT
SMTPD="/usr/bin/python3 ${top_srcdir:?top_srcdir not set}/tests/smtpd.py"

smtp_start() {
	_sd=$1
	shift
	mkdir -p "$_sd" || return 1
	_tries=0
	while [ $_tries -lt 20 ]; do
		_tries=$((_tries + 1))
		_sp=$_smtp_next
		_smtp_next=$((_smtp_next + 1))
		rm -f "$_sd/smtpd.pid"
		$SMTPD --port "$_sp" --dir "$_sd" --pidfile "$_sd/smtpd.pid" \
			"$@" >> "$_sd/smtpd.log" 2>&1 &
		_spid=$!
		echo "$_spid" > "$_sd/smtpd.run"
		# smtpd.py writes its pidfile once the port is bound
		_i=0
		while [ $_i -lt 300 ]; do
			if [ -s "$_sd/smtpd.pid" ]; then
				echo "$_sp" > "$_sd/port"
				SMTP_PORT=$_sp
				return 0
			fi
			kill -0 "$_spid" 2>/dev/null || break
			sleep 0.05
			_i=$((_i + 1))
		done
		if kill -0 "$_spid" 2>/dev/null; then
			echo "# smtpd.py not listening after 15 s; killed"
			kill -9 "$_spid" 2>/dev/null
		fi
		wait "$_spid"
		_rc=$?
		rm -f "$_sd/smtpd.run"
		[ $_rc -eq 3 ] && continue      # port in use: take the next one
		echo "# smtpd.py did not come up (exit $_rc):"
		sed 's/^/# /' "$_sd/smtpd.log"
		return 1
	done
	echo "# smtpd.py: no free port from $SMTP_PORT on"
	return 1
}

smtp_stop() {
	_sd=$1
	[ -f "$_sd/smtpd.run" ] || return 0
	_spid=$(cat "$_sd/smtpd.run")
	kill "$_spid" 2>/dev/null
	_i=0
	while kill -0 "$_spid" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	if kill -0 "$_spid" 2>/dev/null; then
		echo "# smtpd.py $_spid ignored SIGTERM; killing it"
		kill -9 "$_spid" 2>/dev/null
	fi
	wait "$_spid" 2>/dev/null
	rm -f "$_sd/smtpd.run"
}

smtp_port() {
	cat "$1/port"
}
