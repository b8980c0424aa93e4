#!/bin/sh
# newsletter-tls.sh — sending over TLS to receivers on 127.0.0.1 with a
# test CA: STARTTLS + AUTH with ca_file works; a wrong CA, the system
# store (which does not know the test CA), a certificate for another host
# name, a server that offers no STARTTLS and a wrong password are all
# refused before any message goes out, the deliveries stay pending (the
# server is away, not the subscriber) and are sent once things are put
# right; implicit TLS (smtps://) works; the password never shows in the
# output; a password file others can read is refused.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/tls.sh"
. "$top_srcdir/tests/smtp.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"
trap 'for r in rxa rxw rxp rxi; do smtp_stop "$D/$r"; done; rm -rf "$D"' EXIT
PW='s3cret pass-phrase'
T="$D/tls"

tls_setup "$T" || exit 1
smtp_start "$D/rxa" --tls-cert "$T/server.pem" --tls-key "$T/server.key" \
    --require-starttls --auth "sender:$PW" || exit 1
PA=$SMTP_PORT
smtp_start "$D/rxw" --tls-cert "$T/wronghost.pem" --tls-key "$T/wronghost.key" \
    --require-starttls || exit 1
PW_PORT=$SMTP_PORT
smtp_start "$D/rxp" || exit 1
PP=$SMTP_PORT
smtp_start "$D/rxi" --tls-cert "$T/server.pem" --tls-key "$T/server.key" \
    --implicit-tls --auth "sender:$PW" || exit 1
PI=$SMTP_PORT
printf '%s\n' "$PW" > "$D/pw"
chmod 600 "$D/pw"
printf 'wrong\n' > "$D/wrongpw"
chmod 600 "$D/wrongpw"

# scenario NAME URL LINES...: a store with 3 subscribers and an issue
scenario() {
	_s=$1 _u=$2
	shift 2
	nl_articles "$D/$_s/articles"
	nl_conf "$D/$_s.conf" "$D/$_s" "$_u" "$@"
	for a in one two three; do
		"$RECRUITCTL" -c "$D/$_s.conf" subscribers add \
		    "$a@example.org" --confirmed > /dev/null
	done
}
pending() {
	nl_sql "$D/$1/r.db" "select count(*) from deliveries where state = 'pending'"
}
received() {
	if [ -f "$D/$1/log.tsv" ]; then wc -l < "$D/$1/log.tsv"; else echo 0; fi
}

scenario good "smtp://localhost:$PA" "ca_file = $T/ca.pem" \
    "username = sender" "password_file = $D/pw"
"$RECRUITCTL" -c "$D/good.conf" newsletter send-now > "$D/good.out" 2>&1
is "$?" 0 "STARTTLS + AUTH with ca_file: sent"
is "$(received rxa)" 3 "the receiver got 3 messages"
! grep -q "$PW" "$D/good.out"
ok "the password is not in the output"

scenario wrongca "smtp://localhost:$PA" "ca_file = $T/other-ca.pem" \
    "username = sender" "password_file = $D/pw"
"$RECRUITCTL" -c "$D/wrongca.conf" newsletter send-now > "$D/wrongca.out" 2>&1
is "$?" 75 "a CA that did not sign the server's certificate: refused (EX_TEMPFAIL)"
grep -qi "certificate" "$D/wrongca.out"
ok "the output says why: $(grep -i -m1 certificate "$D/wrongca.out" | cut -c1-100)"
is "$(pending wrongca)" 3 "the deliveries stay pending"

scenario nocafile "smtp://localhost:$PA" "username = sender" \
    "password_file = $D/pw"
"$RECRUITCTL" -c "$D/nocafile.conf" newsletter send-now > /dev/null 2>&1
is "$?" 75 "a self-signed CA without ca_file: refused"

scenario wronghost "smtp://localhost:$PW_PORT" "ca_file = $T/ca.pem"
"$RECRUITCTL" -c "$D/wronghost.conf" newsletter send-now > "$D/wh.out" 2>&1
is "$?" 75 "a certificate for another host name: refused"
is "$(received rxw)" 0 "nothing reached that receiver"

scenario stripped "smtp://127.0.0.1:$PP" "tls = starttls" "ca_file = $T/ca.pem"
"$RECRUITCTL" -c "$D/stripped.conf" newsletter send-now > "$D/strip.out" 2>&1
is "$?" 75 "a server without STARTTLS: refused, no fallback to plain text"
is "$(received rxp)" 0 "nothing went out in plain text"
is "$(pending stripped)" 3 "the deliveries stay pending"

scenario badpw "smtp://localhost:$PA" "ca_file = $T/ca.pem" \
    "username = sender" "password_file = $D/wrongpw"
"$RECRUITCTL" -c "$D/badpw.conf" newsletter send-now > "$D/badpw.out" 2>&1
is "$?" 75 "a wrong password: refused"
is "$(pending badpw)" 3 "the deliveries stay pending"
is "$(received rxa)" 3 "and nothing more reached the receiver"
# put right: the pending issue goes out with the next run
printf '%s\n' "$PW" > "$D/wrongpw"
"$RECRUITD" -c "$D/badpw.conf" --once 2> "$D/badpw2.err"
is "$?" 0 "with the right password the next run sends the waiting issue"
is "$(received rxa)" 6 "3 more messages"

scenario implicit "smtps://localhost:$PI" "ca_file = $T/ca.pem" \
    "username = sender" "password_file = $D/pw"
"$RECRUITCTL" -c "$D/implicit.conf" newsletter send-now > /dev/null 2>&1
is "$?" 0 "implicit TLS (smtps://) with AUTH: sent"
is "$(received rxi)" 3 "that receiver got 3 messages"

chmod 644 "$D/pw"
"$RECRUITCTL" -c "$D/good.conf" newsletter status > "$D/mode.out" 2>&1
is "$?" 78 "a password file others can read: the config is refused (EX_CONFIG)"
grep -q "readable by others" "$D/mode.out"
ok "and the message says so"
done_testing
