#!/usr/bin/python3
"""genmail.py N DIR [SEED] — write N generated mails into the Maildir DIR/new
for the ingest benchmark: job orders, candidate registrations (a quarter of
them with a PDF, DOCX or TXT résumé), bounces, auto-replies and junk, 5-50 KB
each.  Deterministic for a given seed."""
import base64
import io
import os
import random
import sys
import zipfile

WORDS = ("leadership strategy growth board revenue team market region global "
         "finance operations transformation digital customer portfolio risk "
         "governance compliance product engineering supply chain talent "
         "culture budget forecast investor partner expansion integration "
         "merger acquisition turnaround performance stakeholder").split()
CITIES = ["Berlin, Germany", "London, UK", "Paris, France", "Madrid, Spain",
          "Zurich, Switzerland", "Bangkok, Thailand", "Singapore",
          "Austin, TX", "Toronto, Canada", "Mumbai, India", "Tokyo, Japan"]
TITLES = ["Chief Financial Officer", "VP Sales EMEA", "Head of Engineering",
          "Chief Operating Officer", "General Counsel", "Plant Director",
          "Chief Marketing Officer", "Managing Director"]
INDUSTRIES = ["Banking", "Pharma", "Software", "Automotive", "Insurance",
              "Logistics", "Retail", "Telecommunications", "Oil & Gas"]
SALARIES = ["$240,000 - $285,000", "USD 250k-300k", "EUR 180.000 - 210.000",
            "220.000 EUR p.a.", "THB 6,000,000 per year", "180-220k USD",
            "EUR 90k", "GBP 120k-140k"]
FIRST = ["Anna", "Jürgen", "Marie", "Carlos", "Priya", "Kenji", "Olivia",
         "Lukas", "Sofía", "Ahmed", "Chloé", "Wei"]
LAST = ["Schmidt", "Weiß", "Dubois", "García", "Sharma", "Tanaka", "Brown",
        "Müller", "López", "Hassan", "Martin", "Zhang"]


def prose(rng, size):
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
        line = line.capitalize() + "."
        out.append(line)
        n += len(line) + 1
    return "\n".join(out)


def pdf(text):
    body = "BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, o in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(("%d 0 obj\n%s\nendobj\n" % (i, o)).encode())
    x = out.tell()
    out.write(("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode())
    for o in offs:
        out.write(("%010d 00000 n \n" % o).encode())
    out.write(("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
               % (len(objs) + 1, x)).encode())
    return out.getvalue()


def docx(text):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>' % text)
    return b.getvalue()


def b64(data):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def job(rng, i, size):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return ("From: %s %s <%s.%s@client%d.example>\nTo: info@rma-search.example\n"
            "Subject: New search: %s\nMessage-ID: <job%d@bench.example>\n"
            "Date: Mon, 23 Nov 2026 10:%02d:00 +0000\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            "Company: Client %d GmbH\nContact Name: %s %s\nPosition Title: %s\n"
            "Industry: %s\nLocation: %s\nSalary: %s\nEmployment Type: Full-time\n"
            "Start Date: 2027-03-01\nConfidential: no\nDescription:\n%s\n"
            % (first, last, first.lower(), last.lower(), i, rng.choice(TITLES), i,
               i % 60, i, first, last, rng.choice(TITLES), rng.choice(INDUSTRIES),
               rng.choice(CITIES), rng.choice(SALARIES), prose(rng, size)))


def candidate(rng, i, size):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    head = ("From: %s %s <cand%d@mail.example>\nTo: info@rma-search.example\n"
            "Subject: Application %s\nMessage-ID: <cand%d@bench.example>\n"
            "Date: Mon, 23 Nov 2026 11:%02d:00 +0000\nMIME-Version: 1.0\n"
            % (first, last, i, rng.choice(TITLES), i, i % 60))
    text = ("First Name: %s\nLast Name: %s\nEmail: cand%d@mail.example\n"
            "Desired Position: %s\nCurrent Title: %s\nYears of Experience: %d\n"
            "Willing to relocate: %s\nIndustry: %s\n\n%s\n"
            % (first, last, i, rng.choice(TITLES), rng.choice(TITLES),
               rng.randint(5, 30), rng.choice(["yes", "no"]),
               rng.choice(INDUSTRIES), prose(rng, size)))
    if rng.random() >= 0.25:
        return head + ("Content-Type: text/plain; charset=utf-8\n"
                       "Content-Transfer-Encoding: 8bit\n\n" + text)
    kind = rng.choice(["pdf", "docx", "txt"])
    resume = "%s %s resume %s" % (first, last, prose(rng, 300).replace("\n", " "))
    if kind == "pdf":
        data, ctype = pdf(resume.encode("ascii", "replace").decode()), "application/pdf"
    elif kind == "docx":
        data = docx(resume)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data, ctype = resume.encode(), "text/plain"
    return head + ("Content-Type: multipart/mixed; boundary=\"b%d\"\n\n"
                   "--b%d\nContent-Type: text/plain; charset=utf-8\n\n%s\n"
                   "--b%d\nContent-Type: %s\nContent-Disposition: attachment; "
                   "filename=\"CV_%s.%s\"\nContent-Transfer-Encoding: base64\n\n%s\n"
                   "--b%d--\n" % (i, i, text, i, ctype, last, kind, b64(data), i))


def bounce(rng, i, size):
    return ("From: MAILER-DAEMON@mx.example (Mail Delivery System)\n"
            "To: bounces@rma-search.example\nSubject: Undelivered Mail Returned to Sender\n"
            "Message-ID: <bounce%d@mx.example>\nDate: Mon, 23 Nov 2026 12:00:00 +0000\n"
            "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;"
            " boundary=\"r%d\"\n\n--r%d\nContent-Type: text/plain\n\n"
            "I'm sorry to have to inform you that your message could not be delivered.\n%s\n"
            "--r%d\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
            "Final-Recipient: rfc822; gone%d@example.org\nAction: failed\nStatus: 5.1.1\n\n"
            "--r%d--\n" % (i, i, i, prose(rng, size), i, i, i))


def autoreply(rng, i, size):
    return ("From: someone%d@corp.example\nTo: office@rma-search.example\n"
            "Subject: Out of Office: your message\nAuto-Submitted: auto-replied\n"
            "Message-ID: <ooo%d@corp.example>\nDate: Mon, 23 Nov 2026 13:00:00 +0000\n\n"
            "I am out of the office.\n%s\n" % (i, i, prose(rng, size)))


def junk(rng, i, size):
    return ("From: deals%d@promo.example\nTo: info@rma-search.example\n"
            "Subject: Limited offer %d\nMessage-ID: <junk%d@promo.example>\n"
            "Date: Mon, 23 Nov 2026 14:00:00 +0000\nContent-Type: text/html; charset=utf-8\n\n"
            "<html><body><h1>Offer</h1><p>%s</p></body></html>\n"
            % (i, i, i, prose(rng, size).replace("\n", "</p><p>")))


def main():
    n, d = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(os.path.join(d, "new"), exist_ok=True)
    for sub in ("cur", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    makers = [job] * 35 + [candidate] * 35 + [bounce] * 10 + [autoreply] * 10 + [junk] * 10
    for i in range(n):
        size = rng.randint(4500, 49000)
        text = rng.choice(makers)(rng, i, size)
        with open(os.path.join(d, "new", "%d.M%dP1.bench" % (1764000000 + i, i)), "wb") as f:
            f.write(text.encode())


if __name__ == "__main__":
    main()
