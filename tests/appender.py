#!/usr/bin/python3
"""appender.py PORT SECONDS INTERVAL OUT — the soak test's mail source:
APPENDs a job order to INBOX of the test Dovecot every INTERVAL seconds
for SECONDS seconds, each with a unique Message-ID, and writes
"MESSAGE-ID<TAB>UNIX-TIME" to OUT as each APPEND completes.  A refused
or lost connection (Dovecot restarted) is retried until it works: a mail
counts only once its APPEND returned OK."""
import imaplib
import os
import sys
import time


def connect(port):
    while True:
        try:
            m = imaplib.IMAP4("127.0.0.1", port)
            m.login("test", "secret")
            return m
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.2)


def main():
    port, seconds, interval, out = (int(sys.argv[1]), float(sys.argv[2]),
                                    float(sys.argv[3]), sys.argv[4])
    end = time.time() + seconds
    m = connect(port)
    n = 0
    with open(out, "a") as log:
        while time.time() < end:
            n += 1
            mid = "soak%d.%d@corp.example" % (n, os.getpid())
            body = ("From: Person %d <p%d@corp.example>\r\n"
                    "To: jobs@rma-search.example\r\n"
                    "Subject: Job order %d\r\n"
                    "Message-ID: <%s>\r\n\r\n"
                    "Position: Chief Operating Officer\r\n"
                    "Company: Soak %d Ltd\r\n"
                    "Location: Leeds, UK\r\n" % (n, n, n, mid, n))
            while True:
                try:
                    typ, _ = m.append("INBOX", "", None, body.encode())
                    if typ == "OK":
                        break
                except (OSError, imaplib.IMAP4.abort, imaplib.IMAP4.error):
                    pass
                m = connect(port)
            log.write("%s\t%.3f\n" % (mid, time.time()))
            log.flush()
            time.sleep(interval)


if __name__ == "__main__":
    main()
