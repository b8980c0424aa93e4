#!/usr/bin/python3
"""smtpd.py — a throwaway SMTP receiver on 127.0.0.1 for recruitd's tests.

Built on Debian's python3-aiosmtpd (1.4.3): aiosmtpd's SMTP protocol class
on our own asyncio server.  Run it with /usr/bin/python3 (the system one has
the module).

  smtpd.py --port N --dir DIR [--pidfile FILE]
           [--tls-cert PEM --tls-key KEY [--require-starttls | --implicit-tls]]
           [--auth USER:PASSWORD] [--rules FILE] [--max-size BYTES]
           [--max-line OCTETS] [--timeout SECONDS] [--verbose]
           [--tarpit PATTERN [--tarpit-times N] [--tarpit-delay SECONDS]]

It listens on 127.0.0.1 only.  --pidfile is written once the port is bound,
so its presence means "ready".  Exit status: 0 after SIGTERM/SIGINT, 2 bad
options, 3 port already in use.

What it writes under DIR (created if missing):
  msg/NNNNNN.eml  every accepted message, the bytes exactly as received
                  (after the SMTP dot-unstuffing), numbered 000001, 000002 ...
                  in the order the final "." arrived; a restart in the same
                  DIR goes on after the highest number present.
  log.tsv         one line per (accepted message, envelope recipient):
                  "NNNNNN<TAB>MAIL-FROM<TAB>RCPT"; the null sender is "<>".
                  Written after the .eml, flushed per line.
  rcpt.tsv        one line per RCPT command answered: "RCPT<TAB>CODE" (also
                  503/530/501 answers; the raw argument when the address
                  does not parse).  Flushed per line.
  tarpit.tsv      with --tarpit: one line per event "EVENT<TAB>SEQ<TAB>RCPT",
                  EVENT "held" when a tarpitted message's final "." has
                  arrived (and is not answered), "dropped" when its client
                  closed that connection, "answered" when --tarpit-delay
                  has passed and it is accepted after all; SEQ is the number of the last
                  message accepted before the event (0: none), so the
                  lines say how many others went through meanwhile.
A client that drops the connection mid-DATA leaves nothing: the message is
only written when the final "." has arrived.

--tarpit PATTERN: a message to a recipient matching PATTERN (fnmatch, on
the lower-cased address, as --rules) is received whole, but its final "."
is never answered: the connection is held until the client closes it (or
--timeout).  A tarpitted message is neither written nor counted as
accepted.  --tarpit-times N: only the first N such messages per address
are tarpitted, later ones are accepted as usual (default: every time).
--tarpit-delay SECONDS: a tarpitted message is answered (accepted as
usual) after this long, if the client is still there (default: never).

--rules FILE: lines "PATTERN CODE [TIMES] [TEXT...]", blank lines and
"#" comments ignored.  PATTERN is an fnmatch pattern matched against the
lower-cased RCPT address; the first matching line decides.  CODE (2xx, 4xx
or 5xx) answers the RCPT, TIMES times per address (counted across all
connections), then that address is accepted; without TIMES, always.  TEXT
replaces the default reply text.  421 also closes the connection
(RFC 5321 3.8).  2xx accepts explicitly (useful before a catch-all line).

--auth USER:PASSWORD: MAIL needs a successful AUTH PLAIN or LOGIN first
(530 otherwise); AUTH is offered on plain connections too (loopback tests).
Without --auth no AUTH is offered.

--timeout: an idle connection is closed after this long (default 300 s,
RFC 5321 4.5.3.2.7), without a 421 (aiosmtpd's way).

--max-line: longest line accepted in DATA, CRLF and a transparency dot
included; aiosmtpd's default 1001 is RFC 5321 4.5.3.1.6 (998 + CRLF + dot).
A longer line makes the whole message fail with "500 Line too long".

SECURITY: reads bytes from local test clients only; every line is bounded
by asyncio's stream limit, a message by --max-size (32 MiB by default).
"""

import argparse
import asyncio
import errno
import fnmatch
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, TLSSetupException

EXIT_USAGE = 2
EXIT_PORT_IN_USE = 3

# RFC 3463 enhanced status codes with a human text, for RCPT answers
REPLY_TEXT = {
    "250": "2.1.5 Ok",
    "251": "2.1.5 User not local; will forward",
    "421": "4.3.2 Service not available, closing transmission channel",
    "450": "4.2.1 Mailbox temporarily unavailable, try again later",
    "451": "4.3.0 Requested action aborted: local error in processing",
    "452": "4.2.2 Insufficient system storage, try again later",
    "550": "5.1.1 Mailbox unavailable: no such user",
    "551": "5.1.6 User not local",
    "552": "5.2.2 Mailbox full: exceeded storage allocation",
    "553": "5.1.3 Mailbox name not allowed",
    "554": "5.7.1 Transaction failed",
}
GENERIC_TEXT = {
    "2": "2.0.0 Ok",
    "4": "4.0.0 Temporary failure, try again later",
    "5": "5.0.0 Permanent failure",
}


class Rules:
    """The --rules file: first match decides, TIMES counted per address."""

    def __init__(self, path=None):
        self.rules = []       # (pattern, code, times or None, text)
        self.used = {}        # (rule index, address) -> answers given
        if path is not None:
            self._load(path)

    def _load(self, path):
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                where = "%s:%d" % (path, lineno)
                if len(words) < 2:
                    raise ValueError(where + ": want PATTERN CODE [TIMES]")
                pattern, code = words[0].lower(), words[1]
                if not (len(code) == 3 and code.isdigit()
                        and code[0] in "245"):
                    raise ValueError(where + ": CODE must be 2xx, 4xx or 5xx")
                times = None
                rest = words[2:]
                if rest and rest[0].isdigit():
                    times = int(rest[0])
                    rest = rest[1:]
                text = " ".join(rest) or REPLY_TEXT.get(code) \
                    or GENERIC_TEXT[code[0]]
                self.rules.append((pattern, code, times, text))

    def decide(self, address):
        """(code, text) for this RCPT, or None to accept it."""
        addr = address.lower()
        for i, (pattern, code, times, text) in enumerate(self.rules):
            if not fnmatch.fnmatchcase(addr, pattern):
                continue
            if times is not None:
                key = (i, addr)
                n = self.used.get(key, 0)
                if n >= times:
                    return None
                self.used[key] = n + 1
            return code, text
        return None


class Recorder:
    """The aiosmtpd handler: applies the rules, writes what was accepted."""

    def __init__(self, directory, rules, offer_auth, tarpit=None,
                 tarpit_times=None, tarpit_delay=None):
        self.dir = directory
        self.tarpit = tarpit.lower() if tarpit else None
        self.tarpit_times = tarpit_times
        self.tarpit_delay = tarpit_delay
        self.tarpitted = {}   # address -> messages held
        self.msgdir = os.path.join(directory, "msg")
        os.makedirs(self.msgdir, exist_ok=True)
        self.rules = rules
        self.offer_auth = offer_auth
        self.seq = 0
        for name in os.listdir(self.msgdir):
            stem = name[:-4] if name.endswith(".eml") else ""
            if stem.isdigit():
                self.seq = max(self.seq, int(stem))
        # text files, line-buffered: every line is flushed when written;
        # surrogateescape keeps non-UTF-8 bytes of an SMTPUTF8 address
        opts = dict(buffering=1, encoding="utf-8",
                    errors="surrogateescape", newline="\n")
        self.log = open(os.path.join(directory, "log.tsv"), "a", **opts)
        self.rcptlog = open(os.path.join(directory, "rcpt.tsv"), "a", **opts)
        self.tarpitlog = open(os.path.join(directory, "tarpit.tsv"), "a",
                              **opts) if self.tarpit else None
        self.accepted = 0
        self.answered = 0

    def close(self):
        self.log.close()
        self.rcptlog.close()
        if self.tarpitlog:
            self.tarpitlog.close()

    def log_rcpt(self, address, code):
        self.answered += 1
        self.rcptlog.write("%s\t%s\n" % (_clean(address), code))

    async def handle_exception(self, error):
        cause = error.__cause__ or error
        if isinstance(error, TLSSetupException):
            # a client refusing our certificate is routine in the tests:
            # one line, no traceback (aiosmtpd closes the connection)
            logging.getLogger("smtpd").warning(
                "TLS handshake failed: %s", cause)
            return "454 4.7.0 TLS not available"
        logging.getLogger("smtpd").exception("session error")
        return "451 4.3.0 Error: (%s) %s" % (type(error).__name__, error)

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        # the five-argument hook must record the client's name itself
        session.host_name = hostname
        if not self.offer_auth:
            responses = [r for r in responses if not r[4:].startswith("AUTH")]
        return responses

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        answer = self.rules.decide(address)
        if answer is not None and answer[0][0] != "2":
            return "%s %s" % answer
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "%s %s" % (answer or ("250", REPLY_TEXT["250"]))

    def _to_tarpit(self, envelope):
        """The recipient to hold this message for, or None."""
        if not self.tarpit:
            return None
        for rcpt in envelope.rcpt_tos:
            addr = rcpt.lower()
            if not fnmatch.fnmatchcase(addr, self.tarpit):
                continue
            n = self.tarpitted.get(addr, 0)
            if self.tarpit_times is not None and n >= self.tarpit_times:
                continue
            self.tarpitted[addr] = n + 1
            return rcpt
        return None

    async def handle_DATA(self, server, session, envelope):
        held = self._to_tarpit(envelope)
        if held is not None:
            self.tarpitlog.write("held\t%d\t%s\n" % (self.seq, _clean(held)))
            try:
                # not answered (until --tarpit-delay): aiosmtpd cancels
                # this when the client closes the connection (or at
                # --timeout)
                if self.tarpit_delay is None:
                    await asyncio.get_running_loop().create_future()
                await asyncio.sleep(self.tarpit_delay)
                self.tarpitlog.write("answered\t%d\t%s\n" % (
                    self.seq, _clean(held)))
            except asyncio.CancelledError:
                if not self.tarpitlog.closed:    # not at our own exit
                    self.tarpitlog.write("dropped\t%d\t%s\n" % (
                        self.seq, _clean(held)))
                raise
        # no await below: numbering and writing happen in one step even
        # with many connections on the loop
        self.seq += 1
        name = "%06d" % self.seq
        path = os.path.join(self.msgdir, name + ".eml")
        with open(path, "xb") as f:
            f.write(envelope.original_content)
        sender = _clean(envelope.mail_from)
        for rcpt in envelope.rcpt_tos:
            self.log.write("%s\t%s\t%s\n" % (name, sender, _clean(rcpt)))
        self.accepted += 1
        return "250 2.0.0 Ok: queued as " + name


def _clean(s):
    """An address for a TSV field: no tab or line break can split it."""
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ")


class Receiver(SMTP):
    """aiosmtpd's SMTP with RCPT answers logged and 421 closing."""

    implicit_tls = False

    def connection_made(self, transport):
        super().connection_made(transport)
        if self.implicit_tls and self.session.ssl is None:
            # tells aiosmtpd's eof_received() this is a TLS transport
            self.session.ssl = {"implicit": True}

    async def push(self, status):
        self._last_status = status
        await super().push(status)

    async def smtp_RCPT(self, arg):
        self._last_status = None
        await super().smtp_RCPT(arg)
        status = self._last_status
        if isinstance(status, bytes):
            status = status.decode("ascii", "replace")
        code = (status or "")[:3]
        address = arg or ""
        try:
            stripped = self._strip_command_keyword("TO:", address)
            parsed, _ = self._getaddr(stripped) if stripped else (None, None)
            if parsed:
                address = parsed
        except Exception:       # a weird argument: keep it raw
            pass
        self.event_handler.log_rcpt(address, code)
        if code == "421":
            # RFC 5321 3.8: a 421 reply means the server closes the channel
            self._handler_coroutine.cancel()
            self.transport.close()


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="SMTP receiver on 127.0.0.1 for recruitd's tests")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--pidfile")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--auth", metavar="USER:PASSWORD")
    p.add_argument("--rules")
    p.add_argument("--max-size", type=int, default=32 * 1024 * 1024)
    p.add_argument("--max-line", type=int, default=1001)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--tarpit", metavar="PATTERN")
    p.add_argument("--tarpit-times", type=int, metavar="N")
    p.add_argument("--tarpit-delay", type=float, metavar="SECONDS")
    a = p.parse_args(argv)
    if not 0 < a.port < 65536:
        p.error("--port must be 1..65535")
    if bool(a.tls_cert) != bool(a.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if (a.implicit_tls or a.require_starttls) and not a.tls_cert:
        p.error("--implicit-tls/--require-starttls need --tls-cert/--tls-key")
    if a.implicit_tls and a.require_starttls:
        p.error("--implicit-tls and --require-starttls exclude each other")
    if a.auth is not None and ":" not in a.auth:
        p.error("--auth wants USER:PASSWORD")
    if a.timeout <= 0:
        p.error("--timeout must be positive")
    if a.tarpit_times is not None and (a.tarpit is None
                                       or a.tarpit_times < 1):
        p.error("--tarpit-times wants --tarpit and a positive number")
    if a.tarpit_delay is not None and (a.tarpit is None
                                       or a.tarpit_delay <= 0):
        p.error("--tarpit-delay wants --tarpit and a positive number")
    if a.max_line < 80:
        p.error("--max-line must be at least 80")
    return a


def make_authenticator(spec):
    user, _, password = spec.partition(":")
    want = LoginPassword(user.encode(), password.encode())

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == want.login
              and auth_data.password == want.password)
        return AuthResult(success=ok, handled=False)
    return authenticator


async def serve(a):
    try:
        rules = Rules(a.rules)
    except (OSError, ValueError) as e:
        print("smtpd: rules: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    ctx = None
    if a.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
    handler = Recorder(a.dir, rules, offer_auth=a.auth is not None,
                       tarpit=a.tarpit, tarpit_times=a.tarpit_times,
                       tarpit_delay=a.tarpit_delay)
    authenticator = make_authenticator(a.auth) if a.auth else None
    Receiver.line_length_limit = a.max_line
    Receiver.implicit_tls = a.implicit_tls

    def factory():
        return Receiver(
            handler,
            hostname="localhost",
            ident="recruitd test smtpd",
            data_size_limit=a.max_size,
            enable_SMTPUTF8=True,
            tls_context=None if a.implicit_tls else ctx,
            require_starttls=a.require_starttls,
            auth_required=a.auth is not None,
            auth_require_tls=False,
            authenticator=authenticator,
            timeout=a.timeout,
            loop=asyncio.get_running_loop())

    loop = asyncio.get_running_loop()
    try:
        server = await loop.create_server(
            factory, host="127.0.0.1", port=a.port,
            ssl=ctx if a.implicit_tls else None,
            reuse_address=True, reuse_port=False, backlog=128)
    except OSError as e:
        handler.close()
        print("smtpd: 127.0.0.1:%d: %s" % (a.port, e.strerror),
              file=sys.stderr)
        return EXIT_PORT_IN_USE if e.errno == errno.EADDRINUSE else 1

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if a.pidfile:
        tmp = a.pidfile + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(tmp, a.pidfile)      # appears whole: "ready"
    print("smtpd: listening on 127.0.0.1:%d%s" % (
        a.port, " (implicit TLS)" if a.implicit_tls else
        " (STARTTLS)" if ctx else ""), file=sys.stderr, flush=True)
    await stop.wait()
    server.close()
    handler.close()
    if a.pidfile:
        try:
            os.unlink(a.pidfile)
        except OSError:
            pass
    print("smtpd: stopped: %d messages accepted, %d RCPT answered" % (
        handler.accepted, handler.answered), file=sys.stderr, flush=True)
    return 0


def main(argv):
    a = parse_args(argv)
    # aiosmtpd warns at every start that AUTH without TLS is unsafe, and at
    # every AUTH that login_data is deprecated: true, and noise here
    warnings.simplefilter("ignore")
    logging.basicConfig(
        stream=sys.stderr, format="smtpd: %(message)s",
        level=logging.INFO if a.verbose else logging.WARNING)
    if not a.verbose:
        logging.getLogger("mail.log").setLevel(logging.ERROR)
    return asyncio.run(serve(a))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
