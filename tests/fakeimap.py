#!/usr/bin/python3
"""fakeimap.py — a scripted IMAP4rev1 server on 127.0.0.1 that misbehaves
in one chosen way (issue 13: a misbehaving server never stalls recruitd).

    fakeimap.py --dir DIR --scenario NAME [--port N] [--port-file F]
                [--pidfile F] [--log F] [--cert PEM --key PEM]

DIR holds the mailboxes as files: DIR/INBOX/<uid>.eml, DIR/<folder>/...
(a folder exists when its directory does) and DIR/uidvalidity (1111 when
missing).  The test puts mail into DIR/INBOX; UID MOVE renames the files,
so the state survives a restart of the server.  With --cert/--key the
port speaks implicit TLS (imaps).  Commands: CAPABILITY, LOGIN, LIST, LSUB,
CREATE, SELECT, UID SEARCH (UID and sequence sets narrow it), UID FETCH
(UID, RFC822.SIZE, BODY.PEEK[], BODY.PEEK[HEADER]), UID MOVE, IDLE,
NOOP, LOGOUT.  When listening, the port is written to
--port-file, then the PID to --pidfile (the test waits for the pidfile
and stops the server by that PID with SIGTERM).

The log (--log) gets one line per event the test looks for:
    accept                    a connection came in
    stall STEP                the server stops answering from here on
    sent WHAT                 a misbehaving answer was sent in full
    move UIDVALIDITY UID FOLDER   a message moved out of INBOX
    move-refused UID FOLDER   a UID MOVE answered NO
    move-unanswered UID FOLDER    a UID MOVE received and left unanswered
    uidvalidity OLD NEW       the uidvalidity-change scenario's change

Scenarios (one per run; "none" behaves):
    greeting-never      accepts the connection, sends nothing
    tls-stall           reads the ClientHello, never answers it
    silent-after-login  LOGIN OK, then never answers again
    stall-select        SELECT never answered
    stall-fetch         body fetch: "* 1 FETCH (UID 1 BODY[] {N}" and half
                        the literal, then nothing
    literal-cut         the same, then the connection is closed
    wrong-tag           SELECT answered with another tag, then silence
    stall-move          UID MOVE never answered (nothing moved)
    stall-idle          IDLE never acknowledged
    huge-literal        RFC822.SIZE 100, then a literal of 2 GiB, streamed
                        as fast as the client reads
    endless-line        SELECT answered by 1 GiB of 'x' without CRLF
    search-flood        UID SEARCH answered with 20 million UIDs, streamed
    create-refused      CREATE answered "NO [NOPERM] not allowed" (and a
                        UID MOVE to the folder "NO [TRYCREATE]")
    uidvalidity-change  at start: a new UIDVALIDITY (old + 1111), every
                        mail of every folder back in INBOX, renumbered
    size-lies           RFC822.SIZE 100 for every mail over 64 KiB (as
                        servers that report an estimate do), the bodies
                        sent whole

Standard library only; every connection is served by its own thread.
"""
import argparse
import os
import re
import socket
import socketserver
import ssl
import sys
import threading

SCENARIOS = ("none", "greeting-never", "tls-stall", "silent-after-login",
             "stall-select", "stall-fetch", "literal-cut", "wrong-tag",
             "stall-move", "stall-idle", "huge-literal", "endless-line",
             "search-flood", "create-refused", "uidvalidity-change",
             "size-lies")
CAPS = "IMAP4rev1 MOVE UIDPLUS IDLE LITERAL+"
HUGE = 2 ** 31             # the huge literal: 2 GiB
ENDLESS = 2 ** 30          # the endless line: 1 GiB
FLOOD = 20 * 1000 * 1000   # UIDs in the flooded SEARCH answer

opts = None
lock = threading.RLock()


class Silent(Exception):
    """the scenario stops answering: drain the client until it leaves"""


class Closed(Exception):
    """the client went away (or the scenario closes the connection)"""


def log(line):
    with lock:
        with open(opts.log, "a") as f:
            f.write(line + "\n")


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class Mailboxes:
    """the folders under DIR; INBOX's files are named <uid>.eml"""

    def __init__(self, top):
        self.top = top
        os.makedirs(os.path.join(top, "INBOX"), exist_ok=True)
        p = os.path.join(top, "uidvalidity")
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("1111\n")
        with open(p) as f:
            self.uidvalidity = int(f.read().strip())

    def uids(self, folder="INBOX"):
        d = os.path.join(self.top, folder)
        return sorted(int(n[:-4]) for n in os.listdir(d)
                      if n.endswith(".eml") and n[:-4].isdigit())

    def data(self, uid):
        with open(os.path.join(self.top, "INBOX", "%d.eml" % uid),
                  "rb") as f:
            return crlf(f.read())

    def folder_exists(self, name):
        return (name != "" and "/" not in name and not name.startswith(".")
                and os.path.isdir(os.path.join(self.top, name)))

    def create(self, name):
        os.mkdir(os.path.join(self.top, name))

    def move(self, uid, folder):
        dst = os.path.join(self.top, folder)
        n = max(self.uids(folder) or [0]) + 1
        os.rename(os.path.join(self.top, "INBOX", "%d.eml" % uid),
                  os.path.join(dst, "%d.eml" % n))

    def renumber(self):
        """uidvalidity-change: everything back in INBOX, UIDs from 1"""
        old = self.uidvalidity
        self.uidvalidity = old + 1111
        with open(os.path.join(self.top, "uidvalidity"), "w") as f:
            f.write("%d\n" % self.uidvalidity)
        files = []
        for folder in sorted(os.listdir(self.top)):
            d = os.path.join(self.top, folder)
            if os.path.isdir(d):
                for uid in self.uids(folder):
                    files.append(os.path.join(d, "%d.eml" % uid))
        tmp = [f + ".tmp" for f in files]
        for a, b in zip(files, tmp):
            os.rename(a, b)
        for i, b in enumerate(tmp, 1):
            os.rename(b, os.path.join(self.top, "INBOX", "%d.eml" % i))
        log("uidvalidity %d %d" % (old, self.uidvalidity))


def parse_set(s, inbox):
    """a UID set ("1:3,7,9:*") applied to the UIDs in INBOX"""
    top = max(inbox or [0])
    out = set()
    for part in s.split(","):
        a, _, b = part.partition(":")
        lo = top if a == "*" else int(a)
        hi = lo if b == "" else (top if b == "*" else int(b))
        if lo > hi:
            lo, hi = hi, lo
        out.update(u for u in inbox if lo <= u <= hi)
    return sorted(out)


def words(s):
    """the arguments of a command: atoms, quoted strings, (lists) raw"""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == " ":
            i += 1
        elif c == '"':
            j, w = i + 1, ""
            while j < len(s) and s[j] != '"':
                if s[j] == "\\":
                    j += 1
                w += s[j]
                j += 1
            out.append(w)
            i = j + 1
        elif c in "([":
            depth, j = 0, i
            while j < len(s):
                if s[j] in "([":
                    depth += 1
                elif s[j] in ")]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(s[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < len(s) and s[j] != " ":
                if s[j] == "[":      # BODY.PEEK[HEADER] is one word
                    j = s.index("]", j)
                j += 1
            out.append(s[i:j])
            i = j
    return out


class Session(socketserver.BaseRequestHandler):
    def setup(self):
        self.sock = self.request
        self.buf = b""
        self.mb = Mailboxes(opts.dir)

    # ---- input ----
    def recv(self):
        try:
            d = self.sock.recv(65536)
        except (OSError, ssl.SSLError):
            d = b""
        if not d:
            raise Closed()
        self.buf += d

    def line(self):
        while b"\r\n" not in self.buf:
            self.recv()
        ln, _, self.buf = self.buf.partition(b"\r\n")
        return ln

    def command(self):
        """one command line with its literals inlined (as quoted text)"""
        out = b""
        while True:
            ln = self.line()
            m = re.search(rb"\{(\d+)(\+?)\}$", ln)
            if not m:
                return (out + ln).decode("utf-8", "replace")
            n = int(m.group(1))
            if not m.group(2):
                self.send(b"+ go ahead\r\n")
            while len(self.buf) < n:
                self.recv()
            lit, self.buf = self.buf[:n], self.buf[n:]
            out += ln[:m.start()] + b'"' + lit + b'"'

    def drain(self):
        """read and drop whatever comes until the client goes away"""
        while True:
            self.buf = b""
            self.recv()

    # ---- output ----
    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        try:
            self.sock.sendall(data)
        except (OSError, ssl.SSLError):
            raise Closed()

    def stall(self, step):
        log("stall " + step)
        raise Silent()

    # ---- the session ----
    def handle(self):
        log("accept")
        try:
            self.session()
        except Silent:
            try:
                self.drain()
            except Closed:
                pass
        except Closed:
            pass
        finally:
            try:
                self.sock.close()
            except OSError:
                pass

    def session(self):
        sc = opts.scenario
        if sc == "tls-stall":
            self.recv()              # the ClientHello, or part of it
            self.stall("TLS handshake")
        if opts.cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(opts.cert, opts.key)
            try:
                self.sock = ctx.wrap_socket(self.sock, server_side=True)
            except (OSError, ssl.SSLError):
                raise Closed()
        if sc == "greeting-never":
            self.stall("greeting")
        self.send("* OK [CAPABILITY %s] fakeimap ready\r\n" % CAPS)
        selected = False
        while True:
            ln = self.command()
            parts = ln.split(" ", 2)
            tag = parts[0]
            cmd = parts[1].upper() if len(parts) > 1 else ""
            args = words(parts[2]) if len(parts) > 2 else []
            if cmd == "UID" and args:
                cmd = "UID " + args.pop(0).upper()
            if sc == "silent-after-login" and cmd not in (
                    "CAPABILITY", "LOGIN"):
                self.stall("after LOGIN (at %s)" % cmd)
            if cmd == "CAPABILITY":
                self.send("* CAPABILITY %s\r\n%s OK done\r\n" % (CAPS, tag))
            elif cmd == "LOGIN":
                self.send("%s OK [CAPABILITY %s] logged in\r\n" % (tag, CAPS))
            elif cmd in ("NOOP", "CHECK"):
                self.send("%s OK done\r\n" % tag)
            elif cmd == "LOGOUT":
                self.send("* BYE fakeimap\r\n%s OK bye\r\n" % tag)
                raise Closed()
            elif cmd == "CREATE" and args:
                self.create(tag, args[0])
            elif cmd in ("LIST", "LSUB") and len(args) >= 2:
                self.list(tag, cmd, args[1])
            elif cmd in ("SELECT", "EXAMINE") and args:
                self.select(tag, args[0])
                selected = True
            elif not selected:
                self.send("%s BAD not selected\r\n" % tag)
            elif cmd == "UID SEARCH":
                self.search(tag, args)
            elif cmd == "UID FETCH" and len(args) >= 2:
                self.fetch(tag, args[0], " ".join(args[1:]).upper())
            elif cmd == "UID MOVE" and len(args) >= 2:
                self.uid_move(tag, args[0], args[1])
            elif cmd == "IDLE":
                self.idle(tag)
            else:
                self.send("%s BAD what is %s\r\n" % (tag, cmd))

    def create(self, tag, name):
        if opts.scenario == "create-refused":
            self.send("%s NO [NOPERM] not allowed\r\n" % tag)
        elif self.mb.folder_exists(name) or name.upper() == "INBOX":
            self.send("%s NO [ALREADYEXISTS] %s exists\r\n" % (tag, name))
        elif "/" in name or name.startswith(".") or name == "":
            self.send("%s NO [CANNOT] bad name\r\n" % tag)
        else:
            with lock:
                self.mb.create(name)
            self.send("%s OK created\r\n" % tag)

    def list(self, tag, cmd, pattern):
        names = ["INBOX"]
        if opts.scenario != "create-refused":   # there, no folder exists
            names += sorted(n for n in os.listdir(opts.dir)
                            if n != "INBOX" and self.mb.folder_exists(n))
        rx = re.compile("^" + re.escape(pattern).replace(r"\*", ".*")
                        .replace("%", "[^/]*") + "$", re.I)
        for n in names:
            if rx.match(n):
                self.send('* %s (\\HasNoChildren) "/" %s\r\n' % (cmd, n))
        self.send("%s OK listed\r\n" % tag)

    def select(self, tag, name):
        sc = opts.scenario
        if name.upper() != "INBOX":
            self.send("%s NO [NONEXISTENT] only INBOX here\r\n" % tag)
            return
        if sc == "stall-select":
            self.stall("SELECT")
        if sc == "endless-line":
            self.send("* OK ")
            chunk = b"x" * (1 << 20)
            for _ in range(ENDLESS // len(chunk)):
                self.send(chunk)
            log("sent endless line")
            raise Silent()
        with lock:
            uids = self.mb.uids()
        self.send("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                  "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted "
                  "\\Seen \\Draft \\*)] flags\r\n"
                  "* %d EXISTS\r\n* 0 RECENT\r\n"
                  "* OK [UIDVALIDITY %d] UIDs valid\r\n"
                  "* OK [UIDNEXT %d] next\r\n"
                  % (len(uids), self.mb.uidvalidity,
                     max(uids or [0]) + 1))
        if sc == "wrong-tag":
            self.send("Z%s OK [READ-WRITE] SELECT completed\r\n" % tag)
            log("sent wrong tag Z%s for %s" % (tag, tag))
            self.stall("after the wrong tag")
        self.send("%s OK [READ-WRITE] SELECT completed\r\n" % tag)

    def search(self, tag, args):
        if opts.scenario == "search-flood":
            self.send("* SEARCH")
            step = 100000
            for a in range(1, FLOOD + 1, step):
                b = min(a + step, FLOOD + 1)
                self.send(" " + " ".join(map(str, range(a, b))))
            self.send("\r\n%s OK searched\r\n" % tag)
            log("sent search flood")
            return
        with lock:
            uids = self.mb.uids()
        # the criteria that narrow the set (UID n:m, a sequence set);
        # the keyword is ours alone, so UNKEYWORD matches every mail
        inbox = uids
        for i, a in enumerate(args):
            if a.upper() == "UID" and i + 1 < len(args):
                inset = set(parse_set(args[i + 1], inbox))
                uids = [u for u in uids if u in inset]
            elif re.match(r"^[0-9*][0-9:*,]*$", a) and (
                    i == 0 or args[i - 1].upper() != "UID"):
                seqs = parse_set(a, list(range(1, len(inbox) + 1)))
                uids = [u for u in uids if inbox.index(u) + 1 in seqs]
        self.send("* SEARCH%s\r\n%s OK searched\r\n"
                  % ("".join(" %d" % u for u in uids), tag))

    def fetch(self, tag, uidset, items):
        sc = opts.scenario
        with lock:
            inbox = self.mb.uids()
            uids = parse_set(uidset, inbox)
            data = {u: self.mb.data(u) for u in uids}
        seq = {u: inbox.index(u) + 1 for u in uids}
        if "RFC822.SIZE" in items:
            for i, u in enumerate(uids):
                size = 100 if sc == "huge-literal" and i == 0 else len(data[u])
                if sc == "size-lies" and size > 65536:
                    size = 100
                self.send("* %d FETCH (UID %d RFC822.SIZE %d)\r\n"
                          % (seq[u], u, size))
            self.send("%s OK fetched\r\n" % tag)
            return
        header = "HEADER" in items
        sect = "BODY[HEADER]" if header else "BODY[]"
        for i, u in enumerate(uids):
            d = data[u]
            if header:
                d = d[:d.find(b"\r\n\r\n") + 4] if b"\r\n\r\n" in d else d
            if i == 0 and sc in ("stall-fetch", "literal-cut"):
                self.send("* %d FETCH (UID %d %s {%d}\r\n"
                          % (seq[u], u, sect, len(d)))
                self.send(d[:len(d) // 2])
                if sc == "literal-cut":
                    log("sent half a literal, closing")
                    raise Closed()
                self.stall("UID FETCH (in a literal)")
            if i == 0 and sc == "huge-literal":
                self.send("* %d FETCH (UID %d %s {%d}\r\n"
                          % (seq[u], u, sect, HUGE))
                chunk = (b"X-Filler: " + b"y" * 1012 + b"\r\n") * 1024
                left = HUGE
                while left > 0:
                    self.send(chunk[:left])
                    left -= min(left, len(chunk))
                self.send(")\r\n")
                log("sent huge literal")
                continue
            self.send(b"* %d FETCH (UID %d %s {%d}\r\n%s)\r\n"
                      % (seq[u], u, sect.encode(), len(d), d))
        self.send("%s OK fetched\r\n" % tag)

    def uid_move(self, tag, uidset, folder):
        sc = opts.scenario
        with lock:
            inbox = self.mb.uids()
            uids = parse_set(uidset, inbox)
            if sc == "stall-move":
                for u in uids:
                    log("move-unanswered %d %s" % (u, folder))
                self.stall("UID MOVE")
            if sc == "create-refused" or not self.mb.folder_exists(folder):
                for u in uids:
                    log("move-refused %d %s" % (u, folder))
                self.send("%s NO [TRYCREATE] no folder %s\r\n"
                          % (tag, folder))
                return
            seqs = [inbox.index(u) + 1 for u in uids]
            for u in uids:
                self.mb.move(u, folder)
                log("move %d %d %s" % (self.mb.uidvalidity, u, folder))
        for s in sorted(seqs, reverse=True):
            self.send("* %d EXPUNGE\r\n" % s)
        self.send("%s OK moved\r\n" % tag)

    def idle(self, tag):
        if opts.scenario == "stall-idle":
            self.stall("IDLE")
        self.send("+ idling\r\n")
        while self.line().strip().upper() != b"DONE":
            pass
        self.send("%s OK idle done\r\n" % tag)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    global opts
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--scenario", default="none", choices=SCENARIOS)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--pidfile")
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    opts = ap.parse_args()
    mb = Mailboxes(opts.dir)
    if opts.scenario == "uidvalidity-change":
        mb.renumber()
    srv = Server(("127.0.0.1", opts.port), Session)
    port = srv.server_address[1]
    for path, value in ((opts.port_file, port), (opts.pidfile, os.getpid())):
        if path:
            with open(path + ".tmp", "w") as f:
                f.write("%d\n" % value)
            os.rename(path + ".tmp", path)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
