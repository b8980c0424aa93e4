#!/usr/bin/python3
"""imap.py — the IMAP side of the integration tests, with the standard
library's imaplib against the test Dovecot on 127.0.0.1.
  imap.py PORT append FILE...      APPEND each file to INBOX (one session)
  imap.py PORT count [FOLDER...]   print the number of messages per folder
"""
import imaplib
import sys


def session(port):
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("test", "secret")
    return m


def main():
    port, cmd, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    m = session(port)
    if cmd == "append":
        for f in args:
            with open(f, "rb") as fh:
                data = fh.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            typ, _ = m.append("INBOX", "", None, data)
            if typ != "OK":
                sys.exit("append failed: " + f)
    elif cmd == "count":
        out = []
        for folder in args or ["INBOX"]:
            typ, data = m.select(folder, readonly=True)
            out.append(data[0].decode() if typ == "OK" else "0")
        print(" ".join(out))
    else:
        sys.exit("unknown command " + cmd)
    m.logout()


if __name__ == "__main__":
    main()
