#!/usr/bin/python3
"""check_newsletter.py — check the messages one newsletter issue produced.

  check_newsletter.py --subscribers FILE --titles FILE --list-id ID
                      --from-addr ADDR --bounce-domain DOMAIN
                      [--unsub-url-prefix URL] [--max-per-rcpt N] DIR

DIR is a tests/smtpd.py receiver's folder (log.tsv, msg/NNNNNN.eml).
--subscribers: lines "email<TAB>unsubscribe-token" (blank lines and "#"
comments ignored); --titles: one article title per line, UTF-8.

Every failure is collected; the first 20 are printed ("NNNNNN <rcpt>:
what"), then the exit status is 1.  Otherwise "checked N messages", exit 0.
A line "recipients: X got 0, Y got 1, Z got 2+" is printed either way.

What is checked (DESIGN.md §3 "Message" and "Delivery"):
  envelope  one RCPT per transaction; each listed subscriber got at least
            one and at most --max-per-rcpt (default 1) messages, nobody
            else got any (addresses compared case-insensitively); MAIL FROM
            is bounces+TOKEN@DOMAIN, and a TOKEN is never used for two
            different recipients (so with --max-per-rcpt 1, unique per
            message; a crash test's duplicate may repeat its own token).
  raw bytes 7-bit only, every line ends CRLF, at most 998 octets; in the
            quoted-printable parts every body line at most 76 octets and
            well-formed QP (=XX in upper-case hex, soft breaks, no
            trailing white space).
  parsing   email.message_from_bytes(policy=default) reports no defect in
            the message, its parts or any header.
  headers   each once: From (--from-addr), To (exactly the recipient),
            Subject (not empty), Date (parses, with a zone), Message-ID
            (<x@y>, unique; as for tokens, only a recipient's own
            duplicates may share one), MIME-Version 1.0, List-Id
            (contains <ID>), List-Unsubscribe (a <mailto:...>, and with
            --unsub-url-prefix a <URL> starting with it, https, holding the
            recipient's token), List-Unsubscribe-Post
            "List-Unsubscribe=One-Click", Precedence "bulk".
  MIME      multipart/alternative of exactly text/plain then text/html,
            both charset utf-8 (valid UTF-8) and quoted-printable.
  content   both decoded parts hold every title (the HTML after
            html.unescape; white space runs compared as one space) and the
            recipient's token; no other subscriber's address appears
            anywhere (raw bytes, decoded parts, URL-decoded parts), nor any
            other subscriber's token in a decoded part (tokens made of
            [A-Za-z0-9_-] only).
"""

import argparse
import email
import email.policy
import email.utils
import html
import os
import re
import sys
import urllib.parse

MAX_SHOWN = 20

ADDR_RE = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TOKEN_RUN_RE = re.compile(r"[A-Za-z0-9_-]+")
TOKEN_OK_RE = re.compile(r"^[A-Za-z0-9_-]+$")
MSGID_RE = re.compile(r"^\s*<[^<>@\s]+@[^<>@\s]+>\s*$")
ANGLE_RE = re.compile(r"<([^<>]*)>")
QP_LINE_RE = re.compile(rb"^(?:[\x21-\x3c\x3e-\x7e \t]|=[0-9A-F]{2})*=?$")

# headers the contract wants exactly once
SINGLE = ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
          "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
          "Precedence")


class Checker:
    def __init__(self, args):
        self.a = args
        self.failures = []
        self.subs = {}            # lower-case address -> token
        self.titles = []
        self.token_users = {}     # VERP token -> set of recipients
        self.msgid_users = {}     # Message-ID -> set of recipients
        self.other_tokens = set()

    def fail(self, where, what):
        self.failures.append("%s: %s" % (where, what) if where else what)

    # --- inputs -----------------------------------------------------------

    def load(self):
        with open(self.a.subscribers, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                addr, tab, token = line.partition("\t")
                addr, token = addr.strip().lower(), token.strip()
                if not tab or not addr or not token:
                    sys.exit("%s:%d: want email<TAB>token"
                             % (self.a.subscribers, n))
                if addr in self.subs:
                    sys.exit("%s:%d: %s listed twice"
                             % (self.a.subscribers, n, addr))
                self.subs[addr] = token
        with open(self.a.titles, encoding="utf-8") as f:
            self.titles = [_squash(t) for t in f.read().splitlines()
                           if t.strip()]
        self.other_tokens = {t for t in self.subs.values()
                             if TOKEN_OK_RE.match(t)}

    def read_log(self):
        """{seq: (mail_from, [rcpt, ...])} from DIR/log.tsv"""
        msgs = {}
        path = os.path.join(self.a.dir, "log.tsv")
        try:
            f = open(path, encoding="utf-8", errors="surrogateescape")
        except OSError as e:
            self.fail(None, "%s: %s" % (path, e.strerror))
            return msgs
        with f:
            for n, line in enumerate(f, 1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 3:
                    self.fail(None, "log.tsv:%d: not 3 fields" % n)
                    continue
                seq, mail_from, rcpt = fields
                entry = msgs.setdefault(seq, (mail_from, []))
                entry[1].append(rcpt)
        return msgs

    # --- the whole issue --------------------------------------------------

    def run(self):
        self.load()
        msgs = self.read_log()
        counts = {}
        for seq, (mail_from, rcpts) in sorted(msgs.items()):
            if len(rcpts) != 1:
                self.fail(seq, "%d envelope recipients (%s), want one per "
                          "transaction" % (len(rcpts), ", ".join(rcpts)))
            for r in rcpts:
                counts[r.lower()] = counts.get(r.lower(), 0) + 1
            rcpt = rcpts[0].lower()
            where = "%s <%s>" % (seq, rcpt)
            if rcpt not in self.subs:
                self.fail(where, "sent to someone not on the list")
            self.check_envelope(where, mail_from, rcpt)
            path = os.path.join(self.a.dir, "msg", seq + ".eml")
            try:
                with open(path, "rb") as f:
                    raw = f.read()
            except OSError as e:
                self.fail(where, "%s: %s" % (path, e.strerror))
                continue
            self.check_message(where, raw, rcpt)
        for addr in sorted(self.subs):
            n = counts.get(addr, 0)
            if n == 0:
                self.fail("<%s>" % addr, "no message")
            elif n > self.a.max_per_rcpt:
                self.fail("<%s>" % addr, "%d messages (at most %d)"
                          % (n, self.a.max_per_rcpt))
        for what, users in (("VERP token", self.token_users),
                            ("Message-ID", self.msgid_users)):
            for value, rcpts in sorted(users.items()):
                if len(rcpts) > 1:
                    self.fail(None, "%s %s used for %d recipients: %s"
                              % (what, value, len(rcpts),
                                 ", ".join(sorted(rcpts)[:3])))
        got0 = sum(1 for a in self.subs if counts.get(a, 0) == 0)
        got1 = sum(1 for a in self.subs if counts.get(a, 0) == 1)
        got2 = sum(1 for a in self.subs if counts.get(a, 0) >= 2)
        strangers = sum(1 for a in counts if a not in self.subs)
        print("recipients: %d got 0, %d got 1, %d got 2+; %d not on the "
              "list got mail" % (got0, got1, got2, strangers))
        if self.failures:
            for line in self.failures[:MAX_SHOWN]:
                print("FAIL " + line)
            if len(self.failures) > MAX_SHOWN:
                print("... and %d more failures"
                      % (len(self.failures) - MAX_SHOWN))
            print("%d failures in %d messages"
                  % (len(self.failures), len(msgs)))
            return 1
        print("checked %d messages" % len(msgs))
        return 0

    # --- one message ------------------------------------------------------

    def check_envelope(self, where, mail_from, rcpt):
        local, at, domain = mail_from.rpartition("@")
        if (not at or domain.lower() != self.a.bounce_domain.lower()
                or not local.startswith("bounces+")
                or len(local) == len("bounces+")):
            self.fail(where, "MAIL FROM <%s> is not bounces+TOKEN@%s"
                      % (mail_from, self.a.bounce_domain))
            return
        token = local[len("bounces+"):]
        self.token_users.setdefault(token, set()).add(rcpt)

    def check_message(self, where, raw, rcpt):
        self.check_raw(where, raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        top = {}       # lower-case name -> [header objects], parsed once
        for part in msg.walk():
            for d in part.defects:
                self.fail(where, "parse defect: %s" % _defect(d))
            for name, value in part.items():
                if part is msg:
                    top.setdefault(name.lower(), []).append(value)
                for d in getattr(value, "defects", ()):
                    self.fail(where, "defect in %s: %s" % (name, _defect(d)))
        raw_headers = email.message_from_bytes(
            raw, policy=email.policy.compat32)
        self.check_headers(where, top, raw_headers, rcpt)
        texts = self.check_mime(where, msg, raw)
        if texts is not None:
            self.check_content(where, raw, texts, rcpt)

    def check_raw(self, where, raw):
        lines = raw.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        elif lines:
            self.fail(where, "raw: last line has no line end")
        bare_lf = too_long = eight_bit = 0
        for n, line in enumerate(lines, 1):
            if line.endswith(b"\r"):
                line = line[:-1]
            else:
                bare_lf += 1
                if bare_lf == 1:
                    self.fail(where, "raw line %d ends in a bare LF" % n)
            if b"\r" in line:
                self.fail(where, "raw line %d holds a bare CR" % n)
            if len(line) > 998:
                too_long += 1
                if too_long == 1:
                    self.fail(where, "raw line %d has %d octets (max 998)"
                              % (n, len(line)))
            if max(line, default=0) > 0x7F:
                eight_bit += 1
                if eight_bit == 1:
                    self.fail(where, "raw line %d has 8-bit bytes" % n)

    def check_headers(self, where, top, raw_headers, rcpt):
        def first(name):
            values = top.get(name.lower())
            return values[0] if values else None
        for name in SINGLE:
            n = len(top.get(name.lower(), ()))
            if n != 1:
                self.fail(where, "%s header %s" % (
                    name, "missing" if n == 0 else "%d times" % n))
        h = first("From")
        if h is not None:
            addrs = [a.addr_spec.lower() for a in getattr(h, "addresses", ())]
            if addrs != [self.a.from_addr.lower()]:
                self.fail(where, "From is %r, want %s"
                          % (str(h), self.a.from_addr))
        h = first("To")
        if h is not None:
            addrs = [a.addr_spec.lower() for a in getattr(h, "addresses", ())]
            if addrs != [rcpt]:
                self.fail(where, "To is %r, want exactly <%s>"
                          % (str(h), rcpt))
        h = first("Subject")
        if h is not None and not str(h).strip():
            self.fail(where, "empty Subject")
        h = first("Date")
        if h is not None:
            dt = getattr(h, "datetime", None)
            if dt is None:
                self.fail(where, "Date %r does not parse" % str(h))
            elif dt.tzinfo is None:
                self.fail(where, "Date %r has no zone (-0000)" % str(h))
        h = first("Message-ID")
        if h is not None:
            if not MSGID_RE.match(str(h)):
                self.fail(where, "Message-ID %r is not <x@y>" % str(h))
            self.msgid_users.setdefault(str(h).strip(), set()).add(rcpt)
        h = first("MIME-Version")
        if h is not None and str(h).strip() != "1.0":
            self.fail(where, "MIME-Version %r" % str(h))
        h = first("List-Id")
        want = "<%s>" % self.a.list_id.strip("<>")
        if h is not None and want.lower() not in str(h).lower():
            self.fail(where, "List-Id %r does not contain %s"
                      % (str(h), want))
        h = first("List-Unsubscribe")
        if h is not None:
            self.check_list_unsubscribe(where, str(h), rcpt)
        for name in ("List-Unsubscribe", "List-Unsubscribe-Post"):
            # RFC 2369/8058 URIs are never RFC 2047-encoded: a client
            # would not decode them
            for v in raw_headers.get_all(name) or []:
                if "=?" in v:
                    self.fail(where, "%s is RFC 2047-encoded: %r"
                              % (name, v[:100]))
        h = first("List-Unsubscribe-Post")
        if h is not None and str(h).strip() != "List-Unsubscribe=One-Click":
            self.fail(where, "List-Unsubscribe-Post %r" % str(h))
        h = first("Precedence")
        if h is not None and str(h).strip().lower() != "bulk":
            self.fail(where, "Precedence %r, want bulk" % str(h))

    def check_list_unsubscribe(self, where, value, rcpt):
        uris = [u.strip() for u in ANGLE_RE.findall(value)]
        if not any(u.lower().startswith("mailto:") for u in uris):
            self.fail(where, "List-Unsubscribe has no <mailto:...>: %r"
                      % value)
        prefix = self.a.unsub_url_prefix
        if not prefix:
            return
        token = self.subs.get(rcpt)
        urls = [u for u in uris if u.startswith(prefix)]
        if not urls:
            self.fail(where, "List-Unsubscribe has no <%s...>: %r"
                      % (prefix, value))
        elif not any(u.lower().startswith("https://") for u in urls):
            self.fail(where, "List-Unsubscribe URL is not https: %r" % value)
        elif token and not any(token in u for u in urls):
            self.fail(where, "List-Unsubscribe URL lacks the token %s: %r"
                      % (token, value))

    def check_mime(self, where, msg, raw):
        """[plain, html] decoded, or None when the structure is wrong"""
        if msg.get_content_type() != "multipart/alternative":
            self.fail(where, "top part is %s, want multipart/alternative"
                      % msg.get_content_type())
            return None
        parts = msg.get_payload()
        types = [p.get_content_type() for p in parts]
        if types != ["text/plain", "text/html"]:
            self.fail(where, "parts are %s, want text/plain, text/html"
                      % (", ".join(types) or "none"))
            return None
        texts = []
        for i, p in enumerate(parts):
            label = "part %d (%s)" % (i + 1, types[i])
            if (p.get_content_charset() or "").lower() != "utf-8":
                self.fail(where, "%s charset %r, want utf-8"
                          % (label, p.get_content_charset()))
            cte = p.get("Content-Transfer-Encoding")
            if cte is None or str(cte).strip().lower() != "quoted-printable":
                self.fail(where, "%s Content-Transfer-Encoding %r, want "
                          "quoted-printable" % (label, cte and str(cte)))
            data = p.get_payload(decode=True) or b""
            try:
                texts.append(data.decode("utf-8"))
            except UnicodeDecodeError as e:
                self.fail(where, "%s is not valid UTF-8: %s" % (label, e))
                texts.append(data.decode("utf-8", "replace"))
        self.check_qp_lines(where, raw, msg.get_boundary())
        return texts

    def check_qp_lines(self, where, raw, boundary):
        """body lines of each part in the raw bytes: <= 76, proper QP"""
        if not boundary:
            return
        delim = b"--" + boundary.encode("ascii", "replace")
        part = 0
        state = "preamble"       # preamble, headers, body, epilogue
        qp = False
        long_seen = bad_seen = 0
        for n, line in enumerate(raw.split(b"\r\n"), 1):
            if line.startswith(delim):
                rest = line[len(delim):].rstrip(b" \t")
                if rest in (b"", b"--"):
                    if rest == b"--":
                        state = "epilogue"
                    else:
                        part += 1
                        state = "headers"
                        qp = False
                    continue
            if state == "headers":
                if line == b"":
                    state = "body"
                elif re.match(rb"(?i)content-transfer-encoding:\s*"
                              rb"quoted-printable\s*$", line):
                    qp = True
                continue
            if state != "body" or not qp:
                continue
            if len(line) > 76:
                long_seen += 1
                if long_seen == 1:
                    self.fail(where, "part %d: QP line %d has %d octets "
                              "(max 76)" % (part, n, len(line)))
            if not QP_LINE_RE.match(line) or line.endswith((b" ", b"\t")):
                bad_seen += 1
                if bad_seen == 1:
                    self.fail(where, "part %d: line %d is not proper "
                              "quoted-printable: %r" % (part, n, line[:80]))

    def check_content(self, where, raw, texts, rcpt):
        plain, markup = texts
        unescaped = html.unescape(markup)
        token = self.subs.get(rcpt)
        for label, text in (("text/plain", plain),
                            ("text/html", unescaped)):
            squashed = _squash(text)
            missing = [t for t in self.titles if t not in squashed]
            for t in missing[:3]:
                self.fail(where, "%s lacks the title %r" % (label, t))
            if len(missing) > 3:
                self.fail(where, "%s lacks %d more titles"
                          % (label, len(missing) - 3))
            if token and token not in text:
                self.fail(where, "%s lacks the subscriber's token %s"
                          % (label, token))
        # another subscriber's address anywhere, decoded or not
        haystacks = (raw.decode("latin-1"), plain, markup, unescaped,
                     urllib.parse.unquote(plain),
                     urllib.parse.unquote(unescaped))
        others = set()
        for text in haystacks:
            for m in ADDR_RE.findall(text):
                a = m.lower()
                if a != rcpt and a in self.subs:
                    others.add(a)
        for a in sorted(others)[:3]:
            self.fail(where, "holds another subscriber's address %s" % a)
        found = set()
        for text in (plain, unescaped, urllib.parse.unquote(unescaped)):
            for m in TOKEN_RUN_RE.findall(text):
                if m in self.other_tokens and m != token:
                    found.add(m)
        for t in sorted(found)[:3]:
            self.fail(where, "holds another subscriber's token %s" % t)


def _squash(s):
    """white space runs (and no-break spaces) as one space"""
    return " ".join(s.replace("\xa0", " ").split())


def _defect(d):
    return "%s%s" % (type(d).__name__, (" (%s)" % d) if str(d) else "")


def main(argv):
    p = argparse.ArgumentParser(
        description="check the messages one newsletter issue produced")
    p.add_argument("dir", metavar="DIR",
                   help="the receiver's folder (log.tsv, msg/)")
    p.add_argument("--subscribers", required=True)
    p.add_argument("--titles", required=True)
    p.add_argument("--list-id", required=True)
    p.add_argument("--from-addr", required=True)
    p.add_argument("--bounce-domain", required=True)
    p.add_argument("--unsub-url-prefix")
    p.add_argument("--max-per-rcpt", type=int, default=1)
    a = p.parse_args(argv)
    if a.max_per_rcpt < 1:
        p.error("--max-per-rcpt must be at least 1")
    return Checker(a).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
