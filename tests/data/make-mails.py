#!/usr/bin/env python3
"""make-mails.py — writes the golden test mails tests/data/NAME.eml with
their expectations NAME.expect (format and value rules: notes/records.md,
DESIGN.md §2 and §4), and the demo mailbox contrib/demo/Maildir/new/.

    python3 tests/data/make-mails.py          # (re)write everything
    python3 tests/data/make-mails.py --dump DIR   # also the résumé files

Every person, company and address is invented (.example domains).  The
script is deterministic: rerunning it rewrites identical files.  Each mail
is written out here in full, as the firm would receive it; the expected
record next to it is what a careful reader takes from that mail.

Mails are written the way people write, not shaped around the parser:
signatures hold facts the fields do not repeat, descriptions have colons
in them, replies quote, languages mix.  An expectation is what a careful
reader takes from the mail, also where the code cannot read it yet (such
a mail fails test_golden until the code learns it; never copy today's
output into an expectation).  Two conventions remain:
- candidate locations are never written "City, Country" (ambiguous
  against the "," split rule of doc/records.md); US "City, ST" only in
  job orders;
- résumé attachments are always base64, so CRLF copies keep their bytes.
"""

import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailkit import (CTYPES, address, attachment, cand_record, date,  # noqa
                     ew_b, ew_q, expect, job_record, make_png, message,
                     multipart, resume_file, rfc2231, subject, text, Entity)

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.normpath(os.path.join(HERE, "..", "..", "contrib", "demo",
                                     "Maildir"))

JOBS = "jobs@rma-search.example"
CAREERS = "careers@rma-search.example"
INFO = "info@rma-search.example"
NEWSREQ = "newsletter-request@rma-search.example"
FORMS = "forms@rma-search.example"
WEBFORMS = "noreply@webforms.rma-search.example"

TESTS = []       # (name, raw bytes, expectation text, crlf)
DEMO_MAILS = []  # (file name, raw bytes)
DUMP = {}        # résumé files by display name, for --dump


def add(name, raw, exp, crlf=False):
    assert not any(t[0] == name for t in TESTS), name
    TESTS.append((name, raw, exp, crlf))


def top(frm, to, subj, dt, mid, reply_to=None, before=(), after=()):
    h = list(before)
    h.append("Date: " + dt)
    h.append("From: " + frm)
    if reply_to:
        h.append("Reply-To: " + reply_to)
    h.append("To: " + to)
    h.append("Subject: " + subj)
    h.append("Message-ID: <" + mid + ">")
    h += list(after)
    return h


def received(helo, ip, by, dt):
    return ("Received: from %s (%s [%s])\n\tby %s with ESMTPS;\n\t%s"
            % (helo, helo, ip, by, dt))


def resume(fmt, display, lines):
    data = resume_file(fmt, lines)
    DUMP[display] = data
    return data


# =================================================================
# Job orders
# =================================================================

# ---- plain English labels, multi-line description and requirements, a
# run of blank lines inside the description, a trailing space on a line
J1_DESC = ("The VP of Engineering leads 120 engineers across three product "
           "lines\nand reports to the CTO.\nThe role owns delivery, hiring "
           "and the engineering budget.\n\nOur platform processes retail "
           "demand data for more than 400 chains.")
J1_REQ = ("- 12 or more years in software engineering, 5 of them in senior "
          "leadership\n- Has scaled a SaaS product past 100 million dollars "
          "in revenue\n- Degree in computer science or equivalent experience")
body = """Hello RMA team,

We would like to retain you for the search below.

Company: Lone Star Analytics Inc.
Contact Name: Rebecca Holloway
Your Title: Chief People Officer
Email: rebecca.holloway@lonestar-analytics.example
Phone: +1 512 555 0147
Position Title: Vice President of Engineering

Job Description:
The VP of Engineering leads 120 engineers across three product lines 
and reports to the CTO.
The role owns delivery, hiring and the engineering budget.


Our platform processes retail demand data for more than 400 chains.

Requirements:
%s

Industry: Software
Location: Austin, TX
Employment Type: Full-time
Salary Range: $240,000 - $285,000
Start Date: March 2027
Confidential Search: No

Thank you,
Rebecca
""" % J1_REQ
add("job-en-labelled", message(
    [received("mail.lonestar-analytics.example", "198.51.100.23",
              "mx1.rma-search.example", date(2026, 11, 2, 15, 4, 11)),
     *top(address("Rebecca Holloway",
                  "rebecca.holloway@lonestar-analytics.example"), JOBS,
          "Job order: VP of Engineering (Austin)",
          date(2026, 11, 2, 9, 3, 52, -6),
          "CAK7e2x0-vp-eng-20261102@mail.lonestar-analytics.example")],
    text(body, "us-ascii", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Lone Star Analytics Inc.",
        contact_name="Rebecca Holloway",
        contact_title="Chief People Officer",
        contact_email="rebecca.holloway@lonestar-analytics.example",
        contact_phone="+1 512 555 0147",
        position_title="Vice President of Engineering",
        industry="Information Technology",
        location="Austin, TX", country="US",
        employment_type="full_time",
        salary=(240000, 285000, "USD", "year"),
        start_date="2027-03", confidential=False,
        description=J1_DESC + "\n\nRequirements:\n" + J1_REQ)))

# ---- English labels, other label variants, sent to info@ (content decides)
J2_DESC = ("Build and lead the credit risk function for our direct lending "
           "business.\nOversee underwriting standards, portfolio monitoring "
           "and model validation.")
body = """Good morning,

Please find the details of a new mandate below:

Company: Harborpoint Capital LLC
Contact Person: Marcus Feld
Contact Title: Managing Director, Human Capital
E-mail: M.Feld@Harborpoint-Capital.example
Telephone: +1 (212) 555-0183
Position: Head of Credit Risk
Description:
%s

Industry: Banking
Location: New York, NY
Employment Type: Permanent
Compensation: USD 250k-300k base plus bonus
Start Date: ASAP
Confidential: Yes

Best regards,
Marcus Feld
""" % J2_DESC
add("job-en-info-address", message(
    top(address("Marcus Feld", "m.feld@harborpoint-capital.example"), INFO,
        "New search: Head of Credit Risk", date(2026, 11, 3, 8, 41, 7, -5),
        "0102019a3f5e.hpc-credit-risk@harborpoint-capital.example",
        after=["X-Mailer: Microsoft Outlook 16.0"]),
    text(body, "utf-8", "7bit", quote_charset=True)),
    expect("job_order", "recorded", job_record(
        company="Harborpoint Capital LLC", contact_name="Marcus Feld",
        contact_title="Managing Director, Human Capital",
        contact_email="m.feld@harborpoint-capital.example",
        contact_phone="+1 (212) 555-0183",
        position_title="Head of Credit Risk",
        industry="Banking & Financial Services",
        location="New York, NY", country="US", employment_type="full_time",
        salary=(250000, 300000, "USD", "year"), start_date="ASAP",
        confidential=True, description=J2_DESC)), crlf=True)

# ---- German, quoted-printable ISO-8859-1, description + Anforderungen
J3_DESC = ("Sie verantworten das Qualitätsmanagement für drei Werke in "
           "Bayern und Ungarn.\nSie führen ein Team von 45 Mitarbeitenden und "
           "berichten an die Geschäftsführung.")
J3_REQ = ("- Abgeschlossenes Studium des Maschinenbaus oder der "
          "Elektrotechnik\n- Mindestens zehn Jahre Führungserfahrung in der "
          "Zulieferindustrie\n- Verhandlungssichere Englischkenntnisse")
body = """Sehr geehrte Damen und Herren,

wir möchten Sie mit der folgenden Besetzung beauftragen.

Firma: Nordwerk Fahrzeugtechnik GmbH
Ansprechpartnerin: Katrin Vogel
E-Mail: k.vogel@nordwerk-fahrzeugtechnik.example
Telefon: +49 89 1234 5678
Position: Leiter Qualitätsmanagement (m/w/d)

Stellenbeschreibung:
%s

Anforderungen:
%s

Branche: Automobilindustrie
Standort: München, Deutschland
Anstellungsart: Festanstellung, Vollzeit
Gehalt: 220.000 EUR p.a.
Eintrittstermin: 01.04.2027
Vertraulich: ja

Mit freundlichen Grüßen
Katrin Vogel
""" % (J3_DESC, J3_REQ)
add("job-de-qp-latin1", message(
    top(address("Katrin Vogel", "k.vogel@nordwerk-fahrzeugtechnik.example"),
        JOBS, subject("Suchauftrag: Leiter Qualitätsmanagement (m/w/d)",
                      "q", "ISO-8859-1"),
        date(2026, 11, 4, 10, 15, 0, 1),
        "5f1c2a7e-3b9d-4c11-9a0e-nordwerk@nordwerk-fahrzeugtechnik.example"),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Nordwerk Fahrzeugtechnik GmbH", contact_name="Katrin Vogel",
        contact_email="k.vogel@nordwerk-fahrzeugtechnik.example",
        contact_phone="+49 89 1234 5678",
        position_title="Leiter Qualitätsmanagement (m/w/d)",
        industry="Automotive", location="München", country="DE",
        employment_type="full_time", salary=(220000, 220000, "EUR", "year"),
        start_date="2027-04-01", confidential=True,
        description=J3_DESC + "\n\nRequirements:\n" + J3_REQ)), crlf=True)

# ---- German, base64 UTF-8, Ort + Land as two fields, € range with en dash
J4_DESC = ("Aufbau und Leitung der Zulassungsabteilung für Europa und "
           "Nordamerika.\nVerantwortung für alle Einreichungen bei EMA und "
           "FDA.")
body = """Hallo zusammen,

anbei unser Suchauftrag für Berlin.

Unternehmen: Helixa Pharma AG
Kontaktperson: Tobias Brandt
E-Mail: tobias.brandt@helixa-pharma.example
Telefon: +49 30 5557 2210
Stellenbezeichnung: Head of Regulatory Affairs
Beschreibung:
%s

Branche: Pharma
Ort: Berlin
Land: Deutschland
Beschäftigungsart: Vollzeit
Gehaltsrahmen: €180.000 – €210.000
Eintrittsdatum: sofort
Vertraulich: nein

Viele Grüße
Tobias Brandt
""" % J4_DESC
add("job-de-base64-utf8", message(
    top(address("Tobias Brandt", "tobias.brandt@helixa-pharma.example"),
        INFO, subject("Neue Position: Head of Regulatory Affairs"),
        date(2026, 11, 4, 16, 2, 33, 1),
        "a81f0c9d.helixa.ra@helixa-pharma.example",
        after=["User-Agent: Mozilla Thunderbird"]),
    text(body, "utf-8", "base64")),
    expect("job_order", "recorded", job_record(
        company="Helixa Pharma AG", contact_name="Tobias Brandt",
        contact_email="tobias.brandt@helixa-pharma.example",
        contact_phone="+49 30 5557 2210",
        position_title="Head of Regulatory Affairs",
        industry="Biotechnology & Pharmaceuticals", location="Berlin",
        country="DE", employment_type="full_time",
        salary=(180000, 210000, "EUR", "year"), start_date="sofort",
        confidential=False, description=J4_DESC)))

# ---- German (Austria), Windows-1252 QP: € 0x80, en dash 0x96, „“ quotes
J5_DESC = ("Gesamtverantwortung für das Underwriting im Sach- und "
           "Haftpflichtgeschäft.\nMitglied der erweiterten Geschäftsleitung "
           "und Leitung des Projekts „Underwriting 2030“.")
body = """Grüß Gott,

bitte übernehmen Sie die folgende Suche für uns.

Firma: Alpenland Versicherung AG
Ansprechpartner: Sabine Kurz
E-Mail: sabine.kurz@alpenland-versicherung.example
Telefon: +43 1 555 38 20
Position: Chief Underwriting Officer
Stellenbeschreibung:
%s

Branche: Versicherungen
Standort: Wien, Österreich
Vertragsart: Festanstellung
Jahresgehalt: € 195.000 – 230.000
Beginn: 1. Juli 2027
Vertraulich: ja

Freundliche Grüße
Sabine Kurz
""" % J5_DESC
add("job-de-cp1252-qp", message(
    top(address("Sabine Kurz", "sabine.kurz@alpenland-versicherung.example"),
        JOBS, subject("Suchauftrag „Chief Underwriting Officer“", "q",
                      "windows-1252"),
        date(2026, 11, 5, 7, 55, 12, 1),
        "000a01db2f3e$9c0f1a20$d42d4e60$@alpenland-versicherung.example",
        after=["X-Mailer: Microsoft Outlook 16.0", "Thread-Index: "
               "AdsvPpwPGiDULU5gp4E0Q2FyZW50ZXI="]),
    text(body, "windows-1252", "quoted-printable", quote_charset=True)),
    expect("job_order", "recorded", job_record(
        company="Alpenland Versicherung AG", contact_name="Sabine Kurz",
        contact_email="sabine.kurz@alpenland-versicherung.example",
        contact_phone="+43 1 555 38 20",
        position_title="Chief Underwriting Officer", industry="Insurance",
        location="Wien", country="AT", employment_type="full_time",
        salary=(195000, 230000, "EUR", "year"), start_date="2027-07-01",
        confidential=True, description=J5_DESC)), crlf=True)

# ---- German (Switzerland), raw 8-bit Latin-1 with NO charset declared,
# raw 8-bit in the Subject too; CHF with apostrophe thousands
body = """Guten Tag

Wir suchen für unsere Bank eine erfahrene Persönlichkeit.

Firma: Limmat Privatbank AG
Ansprechpartner: Urs Meier
E-Mail: urs.meier@limmat-privatbank.example
Telefon: +41 44 555 72 10
Position: Leiter Vermögensverwaltung
Branche: Bankwesen
Arbeitsort: Zürich, Schweiz
Anstellungsart: Vollzeit
Gehalt: CHF 250'000
Stellenantritt: nach Vereinbarung
Vertraulich: ja

Freundliche Grüsse
Urs Meier
"""
hdr = top(address("Urs Meier", "urs.meier@limmat-privatbank.example"), INFO,
          "@@SUBJ@@", date(2026, 11, 5, 14, 20, 41, 1),
          "20261105142041.77231@limmat-privatbank.example")
hdr = [h if "@@SUBJ@@" not in h else
       "Subject: Suchauftrag Leiter Vermögensverwaltung".encode("latin-1")
       for h in hdr]
add("job-de-8bit-undeclared", message(
    hdr, Entity(["Content-Type: text/plain",
                 "Content-Transfer-Encoding: 8bit"], body.encode("latin-1"))),
    expect("job_order", "recorded", job_record(
        company="Limmat Privatbank AG", contact_name="Urs Meier",
        contact_email="urs.meier@limmat-privatbank.example",
        contact_phone="+41 44 555 72 10",
        position_title="Leiter Vermögensverwaltung",
        industry="Banking & Financial Services", location="Zürich",
        country="CH", employment_type="full_time",
        salary=(250000, 250000, "CHF", "year"),
        start_date="nach Vereinbarung", confidential=True)))

# ---- French, QP ISO-8859-1, "Label : value" with a space before the
# colon, 2047 Q in From and Subject, "Profil recherché" = requirements
J7_DESC = ("Vous pilotez la gestion des risques de crédit, de marché et "
           "opérationnels.\nVous rapportez directement au directeur général "
           "et au comité des risques.")
J7_REQ = ("- Quinze ans d'expérience dans la banque, dont cinq en direction "
          "des risques\n- Excellente maîtrise de la réglementation "
          "prudentielle")
body = """Bonjour,

Veuillez trouver ci-dessous notre demande de recrutement.

Société : Banque Rive Gauche SA
Contact : Claire Lefèvre
E-mail : claire.lefevre@banque-rivegauche.example
Téléphone : +33 1 55 50 12 34
Intitulé du poste : Directeur des risques (H/F)
Description du poste :
%s

Profil recherché :
%s

Secteur : Banque
Lieu : Paris, France
Type de contrat : CDI
Rémunération : 120 000 - 140 000 EUR brut annuel
Date de prise de poste : septembre 2027
Confidentiel : oui

Cordialement,
Claire Lefèvre
""" % (J7_DESC, J7_REQ)
add("job-fr-qp-latin1", message(
    top(address("Claire Lefèvre", "claire.lefevre@banque-rivegauche.example",
                "q", "ISO-8859-1"), JOBS,
        subject("Mandat de recherche : Directeur des risques", "q",
                "ISO-8859-1"),
        date(2026, 11, 6, 11, 30, 5, 1),
        "3c9e7d2a41b8@banque-rivegauche.example"),
    text(body, "ISO-8859-1", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Banque Rive Gauche SA", contact_name="Claire Lefèvre",
        contact_email="claire.lefevre@banque-rivegauche.example",
        contact_phone="+33 1 55 50 12 34",
        position_title="Directeur des risques (H/F)",
        industry="Banking & Financial Services", location="Paris",
        country="FR", employment_type="full_time",
        salary=(120000, 140000, "EUR", "year"), start_date="2027-09",
        confidential=True,
        description=J7_DESC + "\n\nRequirements:\n" + J7_REQ)), crlf=True)

# ---- French, base64 UTF-8, CDD, "dès que possible", € after the amount
J8_DESC = ("Pilotage de la construction de trois parcs solaires en "
           "Auvergne-Rhône-Alpes.\nCoordination des sous-traitants, du budget "
           "et du calendrier.")
body = """Bonjour,

Nous recherchons un directeur de projet pour notre site lyonnais.

Entreprise : Énergie Solaris SAS
Nom du contact : Julien Marchand
Courriel : j.marchand@energie-solaris.example
Téléphone : +33 4 72 55 01 98
Poste : Directeur de projet photovoltaïque
Description du poste :
%s

Secteur d'activité : Énergie
Localisation : Lyon, France
Type de contrat : CDD
Salaire : 85 000 € brut annuel
Date de début : dès que possible
Confidentiel : non

Merci d'avance,
Julien Marchand
""" % J8_DESC
add("job-fr-base64-utf8", message(
    top(address("Julien Marchand", "j.marchand@energie-solaris.example"),
        INFO, subject("Recrutement : directeur de projet photovoltaïque", "b"),
        date(2026, 11, 6, 17, 48, 20, 1),
        "e3b0c442-98fc-1c14-energie@energie-solaris.example"),
    text(body, "UTF-8", "base64")),
    expect("job_order", "recorded", job_record(
        company="Énergie Solaris SAS", contact_name="Julien Marchand",
        contact_email="j.marchand@energie-solaris.example",
        contact_phone="+33 4 72 55 01 98",
        position_title="Directeur de projet photovoltaïque",
        industry="Energy & Utilities", location="Lyon", country="FR",
        employment_type="contract", salary=(85000, 85000, "EUR", "year"),
        start_date="dès que possible", confidential=False,
        description=J8_DESC)))

# ---- Spanish, Windows-1252 QP, greeting ending in a colon
J9_DESC = ("Responsable de la planificación financiera, tesorería y relación "
           "con inversores.\nReporta al consejero delegado y forma parte del "
           "comité de dirección.")
J9_REQ = ("- Licenciatura en Economía o ADE\n- Más de diez años en el sector "
          "asegurador")
body = """Estimados señores:

Les enviamos los datos de una nueva búsqueda.

Empresa: Seguros Meseta S.A.
Persona de contacto: Alejandro Ruiz
Correo electrónico: aruiz@seguros-meseta.example
Teléfono: +34 91 555 48 20
Puesto: Director Financiero (CFO)
Descripción del puesto:
%s

Requisitos:
%s

Sector: Seguros
Ubicación: Madrid, España
Tipo de contrato: Indefinido
Salario: 90.000 - 110.000 € brutos al año
Fecha de incorporación: enero de 2027
Confidencial: sí

Un cordial saludo,
Alejandro Ruiz
""" % (J9_DESC, J9_REQ)
add("job-es-qp-cp1252", message(
    top(address("Alejandro Ruiz", "aruiz@seguros-meseta.example"), JOBS,
        subject("Nueva búsqueda: Director Financiero", "q", "windows-1252"),
        date(2026, 11, 9, 9, 12, 0, 1),
        "CAF2m0x9-seguros-cfo-2026@seguros-meseta.example"),
    text(body, "windows-1252", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Seguros Meseta S.A.", contact_name="Alejandro Ruiz",
        contact_email="aruiz@seguros-meseta.example",
        contact_phone="+34 91 555 48 20",
        position_title="Director Financiero (CFO)", industry="Insurance",
        location="Madrid", country="ES", employment_type="full_time",
        salary=(90000, 110000, "EUR", "year"), start_date="2027-01",
        confidential=True,
        description=J9_DESC + "\n\nRequirements:\n" + J9_REQ)), crlf=True)

# ---- Spanish, UTF-8 8bit, Ciudad + País, USD with dot thousands,
# day-first numeric date
body = """Hola:

Buscamos un gerente general para nuestra operación en Chile.

Empresa: Andina Minerales S.A.
Contacto: Valentina Ortega
Email: v.ortega@andina-minerales.example
Teléfono: +56 2 2555 7300
Puesto: Gerente General de Operaciones
Sector: Minería
Ciudad: Santiago
País: Chile
Tipo de contrato: Indefinido
Rango salarial: USD 320.000 al año
Fecha de inicio: 15/03/2027
Confidencial: no

Saludos,
Valentina Ortega
"""
add("job-es-utf8-8bit", message(
    top(address("Valentina Ortega", "v.ortega@andina-minerales.example"),
        INFO, subject("Búsqueda de Gerente General – Andina Minerales"),
        date(2026, 11, 9, 13, 5, 44, -3),
        "20261109160544.GA4412@andina-minerales.example"),
    text(body, "utf-8", "8bit")),
    expect("job_order", "recorded", job_record(
        company="Andina Minerales S.A.", contact_name="Valentina Ortega",
        contact_email="v.ortega@andina-minerales.example",
        contact_phone="+56 2 2555 7300",
        position_title="Gerente General de Operaciones",
        industry="Mining & Metals", location="Santiago", country="CL",
        employment_type="full_time", salary=(320000, 320000, "USD", "year"),
        start_date="2027-03-15", confidential=False)))

# ---- HTML web form from the robot forms@, person in fields and Reply-To;
# First Name / Last Name; City + Country rows; entities
html = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Executive Position Job Order</title>
<style>td { padding: 4px; font-family: Arial, sans-serif; }</style></head>
<body>
<h2>Executive Position Job Order</h2>
<table border="0" cellspacing="0">
<tr><td>Company</td><td>Maplewave Telecom Inc.</td></tr>
<tr><td>First Name</td><td>Daniel</td></tr>
<tr><td>Last Name</td><td>Okoye</td></tr>
<tr><td>Your Title</td><td>Director of Talent</td></tr>
<tr><td>Email</td><td>daniel.okoye@maplewave-telecom.example</td></tr>
<tr><td>Phone</td><td>+1 416 555 0199</td></tr>
<tr><td>Position Title</td><td>Chief Technology Officer</td></tr>
<tr><td>Description</td><td>Lead network strategy, R&amp;D and the 5G roll-out for a carrier with 9 million subscribers.</td></tr>
<tr><td>Industry</td><td>Telecom</td></tr>
<tr><td>City</td><td>Toronto</td></tr>
<tr><td>Country</td><td>Canada</td></tr>
<tr><td>Employment Type</td><td>Full-time</td></tr>
<tr><td>Salary Range</td><td>CAD 300,000 - 350,000</td></tr>
<tr><td>Start Date</td><td>2027-01-11</td></tr>
<tr><td>Confidential</td><td>No</td></tr>
</table>
<p>This message was generated by the job order form on rma-search.example.</p>
</body>
</html>
"""
add("job-webform-html-table", message(
    top(address("RMA Search Web Forms", FORMS), JOBS,
        "Executive Position Job Order - Maplewave Telecom Inc.",
        date(2026, 11, 10, 14, 2, 9),
        "form-jo-20261110140209-8841@rma-search.example",
        reply_to=address("Daniel Okoye",
                         "daniel.okoye@maplewave-telecom.example")),
    text(html, "utf-8", "quoted-printable", subtype="html")),
    expect("job_order", "recorded", job_record(
        company="Maplewave Telecom Inc.", contact_name="Daniel Okoye",
        contact_title="Director of Talent",
        contact_email="daniel.okoye@maplewave-telecom.example",
        contact_phone="+1 416 555 0199",
        position_title="Chief Technology Officer",
        industry="Telecommunications", location="Toronto", country="CA",
        employment_type="full_time", salary=(300000, 350000, "CAD", "year"),
        start_date="2027-01-11", confidential=False,
        description="Lead network strategy, R&D and the 5G roll-out for a "
        "carrier with 9 million subscribers.")), crlf=True)

# ---- web form whose fields name no person: contact from Reply-To;
# multipart/alternative with both parts from the robot
J12_DESC = "Run the processing plant of a lithium operation with 600 staff."
plain = """Executive Position Job Order

Company: Southern Cross Mining Ltd
Position Title: General Manager, Processing
Description:
%s

Industry: Mining
Location: Perth, Australia
Employment Type: Permanent
Salary: AUD 380,000 - 420,000 per annum
Start Date: Q2 2027
Confidential Search: Yes

-- 
Sent by the job order form on rma-search.example
""" % J12_DESC
html = """<html><body>
<h2>Executive Position Job Order</h2>
<table>
<tr><td>Company</td><td>Southern Cross Mining Ltd</td></tr>
<tr><td>Position Title</td><td>General Manager, Processing</td></tr>
<tr><td>Description</td><td>%s</td></tr>
<tr><td>Industry</td><td>Mining</td></tr>
<tr><td>Location</td><td>Perth, Australia</td></tr>
<tr><td>Employment Type</td><td>Permanent</td></tr>
<tr><td>Salary</td><td>AUD 380,000 - 420,000 per annum</td></tr>
<tr><td>Start Date</td><td>Q2 2027</td></tr>
<tr><td>Confidential Search</td><td>Yes</td></tr>
</table>
<p>Sent by the job order form on rma-search.example</p>
</body></html>
""" % J12_DESC
add("job-webform-replyto-only", message(
    top(address("RMA Search Web Forms", FORMS), JOBS,
        "Executive Position Job Order - Southern Cross Mining Ltd",
        date(2026, 11, 10, 23, 47, 31),
        "form-jo-20261110234731-8847@rma-search.example",
        reply_to=address("Olivia Hart",
                         "Olivia.Hart@Southern-Cross-Mining.example")),
    multipart("alternative", "=_alt_8847_a1", [
        text(plain, "utf-8", "quoted-printable"),
        text(html, "utf-8", "quoted-printable", subtype="html")],
        preamble="")),
    expect("job_order", "recorded", job_record(
        company="Southern Cross Mining Ltd", contact_name="Olivia Hart",
        contact_email="olivia.hart@southern-cross-mining.example",
        position_title="General Manager, Processing",
        industry="Mining & Metals", location="Perth", country="AU",
        employment_type="full_time", salary=(380000, 420000, "AUD", "year"),
        start_date="Q2 2027", confidential=True, description=J12_DESC)))

# ---- the same form relayed by a form mailer that marks what it sends
# as machine-made (Auto-Submitted, Precedence: bulk): a configured
# web-form robot's mail is a person's form all the same, never an
# auto-reply
add("job-webform-autosubmitted", message(
    top(address("RMA Search Web Forms", FORMS), JOBS,
        "Executive Position Job Order - Southern Cross Mining Ltd",
        date(2026, 11, 12, 8, 2, 44),
        "form-jo-20261112080244-9120@rma-search.example",
        reply_to=address("Olivia Hart",
                         "Olivia.Hart@Southern-Cross-Mining.example"),
        after=["Auto-Submitted: auto-generated", "Precedence: bulk",
               "X-Auto-Response-Suppress: All"]),
    multipart("alternative", "=_alt_9120_a1", [
        text(plain, "utf-8", "quoted-printable"),
        text(html, "utf-8", "quoted-printable", subtype="html")],
        preamble="")),
    expect("job_order", "recorded", job_record(
        company="Southern Cross Mining Ltd", contact_name="Olivia Hart",
        contact_email="olivia.hart@southern-cross-mining.example",
        position_title="General Manager, Processing",
        industry="Mining & Metals", location="Perth", country="AU",
        employment_type="full_time", salary=(380000, 420000, "AUD", "year"),
        start_date="Q2 2027", confidential=True, description=J12_DESC)))

# ---- HTML-only mail from a person, <br>-separated "Label: value" lines,
# a known city only, yen written as an entity
html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><div style="font-family:Arial,sans-serif;font-size:11pt">
<p>Dear RMA Search,</p>
<p>We would like to ask for your support with the following position.</p>
<p>Company: Kairos Specialty Chemicals K.K.<br>
Contact Name: Hiroshi Tanaka<br>
Your Title: Head of Human Resources Asia<br>
Email: h.tanaka@kairos-chemicals.example<br>
Phone: +81 3 5555 0142<br>
Position Title: Plant Director<br>
Industry: Specialty Chemicals<br>
Location: Tokyo<br>
Employment Type: Full-time<br>
Salary: &yen;18,000,000 - &yen;22,000,000<br>
Start Date: June 2027<br>
Confidential: No</p>
<p>Best regards,<br>
Hiroshi Tanaka</p>
</div></body></html>
"""
add("job-html-only-br", message(
    top(address("Hiroshi Tanaka", "h.tanaka@kairos-chemicals.example"), INFO,
        "Request for executive search - Plant Director",
        date(2026, 11, 11, 10, 31, 2, 9),
        "TYAPR01MB5521.jp.kairos-chemicals.example"),
    text(html, "utf-8", "quoted-printable", subtype="html")),
    expect("job_order", "recorded", job_record(
        company="Kairos Specialty Chemicals K.K.",
        contact_name="Hiroshi Tanaka",
        contact_title="Head of Human Resources Asia",
        contact_email="h.tanaka@kairos-chemicals.example",
        contact_phone="+81 3 5555 0142", position_title="Plant Director",
        industry="Chemicals", location="Tokyo", country="JP",
        employment_type="full_time",
        salary=(18000000, 22000000, "JPY", "year"), start_date="2027-06",
        confidential=False)), crlf=True)

# ---- every label on its own line, the value on the next
J14_DESC = ("Responsible for terminals, fleet and warehousing in Norway, "
            "Sweden and Denmark.\nLeads 1,100 employees and reports to the "
            "CEO.")
body = """Hi,

Here is the job order you asked for on the phone.

Company:
Fjordline Logistics AS

Contact Name:
Ingrid Solberg

Phone:
+47 22 55 01 77

Position Title:
Chief Operating Officer

Description:
%s

Industry:
Logistics

Location:
Oslo, Norway

Employment Type:
Full-time

Salary:
NOK 2,400,000 - 2,800,000

Start Date:
2027-05-01

Thanks,
Ingrid
""" % J14_DESC
add("job-label-next-line", message(
    top(address("Ingrid Solberg", "ingrid.solberg@fjordline-logistics.example"),
        JOBS, "Job order COO", date(2026, 11, 11, 15, 20, 0, 1),
        "6d1e3fa2-coo-fjordline@fjordline-logistics.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Fjordline Logistics AS", contact_name="Ingrid Solberg",
        contact_email="ingrid.solberg@fjordline-logistics.example",
        contact_phone="+47 22 55 01 77",
        position_title="Chief Operating Officer",
        industry="Logistics & Transportation", location="Oslo",
        country="NO", employment_type="full_time",
        salary=(2400000, 2800000, "NOK", "year"), start_date="2027-05-01",
        description=J14_DESC)))

# ---- THB per year, Bangkok, "Mobile:" label, a day-month-year date
J15_DESC = ("Full P&L responsibility for a 420-room riverside resort with 650 "
            "staff.\nDrive guest satisfaction, revenue management and the "
            "coming renovation.")
body = """Dear RMA Bangkok office,

Company: Siam Riverside Hotels Public Co., Ltd.
Contact: Somchai Rattanakul
Contact Title: Director of Human Resources
Email: somchai.r@siam-riverside-hotels.example
Mobile: +66 81 555 4321
Position Title: General Manager - Riverside Resort
Job Description:
%s

Industry: Hotels & Resorts
Location: Bangkok, Thailand
Employment Type: Full-time
Salary: THB 6,000,000 per year
Start Date: 1 February 2027
Confidential: No

Kind regards,
Somchai
""" % J15_DESC
add("job-salary-thb", message(
    top(address("Somchai Rattanakul", "somchai.r@siam-riverside-hotels.example"),
        INFO, "Executive search request - General Manager",
        date(2026, 11, 12, 9, 45, 18, 7),
        "CAOm3Q9F.bkk-gm-4471@siam-riverside-hotels.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Siam Riverside Hotels Public Co., Ltd.",
        contact_name="Somchai Rattanakul",
        contact_title="Director of Human Resources",
        contact_email="somchai.r@siam-riverside-hotels.example",
        contact_phone="+66 81 555 4321",
        position_title="General Manager - Riverside Resort",
        industry="Hospitality & Tourism", location="Bangkok", country="TH",
        employment_type="full_time",
        salary=(6000000, 6000000, "THB", "year"), start_date="2027-02-01",
        confidential=False, description=J15_DESC)), crlf=True)

# ---- £ range with an en dash, UTF-8 QP, Interim, "London, UK", Q2 2027
body = """Dear RMA,

Company: Thistle & Crown Retail plc
Name: Eleanor Whitcombe
Your Title: Group HR Director
Email: eleanor.whitcombe@thistle-and-crown.example
Phone: +44 20 7946 0321
Position Title: Interim Chief Financial Officer
Description: Nine-month assignment to lead the finance team through a systems migration.
Industry: Retail
Location: London, UK
Employment Type: Interim
Salary: £120k–£140k
Start Date: Q2 2027
Confidential: Yes

Many thanks,
Eleanor
"""
add("job-salary-gbp", message(
    top(address("Eleanor Whitcombe",
                "eleanor.whitcombe@thistle-and-crown.example"), JOBS,
        "Interim CFO - Thistle & Crown", date(2026, 11, 12, 12, 2, 56),
        "LO2P265MB0718E.thistle@thistle-and-crown.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Thistle & Crown Retail plc", contact_name="Eleanor Whitcombe",
        contact_title="Group HR Director",
        contact_email="eleanor.whitcombe@thistle-and-crown.example",
        contact_phone="+44 20 7946 0321",
        position_title="Interim Chief Financial Officer",
        industry="Consumer Goods & Retail", location="London", country="GB",
        employment_type="interim", salary=(120000, 140000, "GBP", "year"),
        start_date="Q2 2027", confidential=True,
        description="Nine-month assignment to lead the finance team through "
        "a systems migration.")))

# ---- hourly rate, contract, Chicago IL, "immediately"
J17_DESC = ("Lead a twelve-month SAP S/4HANA programme for a manufacturing "
            "client.\nManage a team of 30 consultants and client staff.")
body = """Hi there,

Company: Lakeshore Consulting Group
Contact Name: Priya Natarajan
Your Title: Partner
Email: priya.natarajan@lakeshore-consulting.example
Phone: +1 312 555 0110
Position Title: Interim SAP Program Director
Description:
%s

Industry: Management Consulting
Location: Chicago, IL
Employment Type: Contract
Compensation: $145/hour
Start Date: immediately
Confidential: No

Priya
""" % J17_DESC
add("job-salary-hourly", message(
    top(address("Priya Natarajan",
                "priya.natarajan@lakeshore-consulting.example"), INFO,
        "Contract search - SAP Program Director",
        date(2026, 11, 13, 8, 14, 27, -6),
        "BN8PR11MB3627.lakeshore@lakeshore-consulting.example"),
    text(body, "us-ascii", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Lakeshore Consulting Group", contact_name="Priya Natarajan",
        contact_title="Partner",
        contact_email="priya.natarajan@lakeshore-consulting.example",
        contact_phone="+1 312 555 0110",
        position_title="Interim SAP Program Director", industry="Consulting",
        location="Chicago, IL", country="US", employment_type="contract",
        salary=(145, 145, "USD", "hour"), start_date="immediately",
        confidential=False, description=J17_DESC)), crlf=True)

# ---- a country only as location, EUR 90k, 03/2027, German industry word
body = """Hello,

Company: Vectrail Logistik GmbH
Contact Name: Henrik Aalto
Email: henrik.aalto@vectrail-logistik.example
Position Title: Head of Fleet Operations
Industry: Logistik
Location: Germany
Employment Type: Full-time
Salary: EUR 90k
Start Date: 03/2027

Regards,
Henrik Aalto
"""
add("job-country-only", message(
    top(address("Henrik Aalto", "henrik.aalto@vectrail-logistik.example"),
        JOBS, "Head of Fleet Operations", date(2026, 11, 13, 10, 0, 3, 1),
        "20261113090003.3a9f@vectrail-logistik.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Vectrail Logistik GmbH", contact_name="Henrik Aalto",
        contact_email="henrik.aalto@vectrail-logistik.example",
        position_title="Head of Fleet Operations",
        industry="Logistics & Transportation", country="DE",
        employment_type="full_time", salary=(90000, 90000, "EUR", "year"),
        start_date="2027-03")))

# ---- First Name / Last Name sent by an assistant (display name differs),
# "180-220k USD", "April 15, 2027", requirements
J19_DESC = ("Run clinical operations for two Phase II oncology programmes.\n"
            "Build the team from 8 to 25 people over two years.")
J19_REQ = ("- Ten years in clinical operations, four of them leading teams\n"
           "- Experience with US and EU regulatory submissions")
body = """Good afternoon,

On behalf of Dr. Whitfield, here is our new search.

First Name: Grace
Last Name: Whitfield
Contact Title: Chief Executive Officer
Email: grace.whitfield@bayview-biologics.example
Phone: +1 617 555 0136
Company: Bayview Biologics, Inc.
Position Title: Director of Clinical Operations
Description:
%s

Requirements:
%s

Industry: Biotech
Location: Boston, MA
Employment Type: Full-time
Salary: 180-220k USD
Start Date: April 15, 2027
Confidential: Yes

Office of the CEO
""" % (J19_DESC, J19_REQ)
add("job-first-last-name", message(
    top(address("Office of the CEO", "office@bayview-biologics.example"), JOBS,
        "Search: Director of Clinical Operations",
        date(2026, 11, 16, 13, 22, 40, -5),
        "CH2PR04MB6912.bayview@bayview-biologics.example"),
    text(body, "us-ascii", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Bayview Biologics, Inc.", contact_name="Grace Whitfield",
        contact_title="Chief Executive Officer",
        contact_email="grace.whitfield@bayview-biologics.example",
        contact_phone="+1 617 555 0136",
        position_title="Director of Clinical Operations",
        industry="Biotechnology & Pharmaceuticals", location="Boston, MA",
        country="US", employment_type="full_time",
        salary=(180000, 220000, "USD", "year"), start_date="2027-04-15",
        confidential=True,
        description=J19_DESC + "\n\nRequirements:\n" + J19_REQ)), crlf=True)

# ---- multipart/alternative from a person: text (QP) + HTML, same fields
fields = [
    ("Company", "Nordic Aerostructures AB"),
    ("Contact Name", "Lars Engström"),
    ("Email", "lars.engstrom@nordic-aero.example"),
    ("Phone", "+46 8 555 123 40"),
    ("Position Title", "Vice President Manufacturing"),
    ("Industry", "Aerospace"),
    ("Location", "Stockholm"),
    ("Employment Type", "Full-time"),
    ("Salary", "SEK 1,900,000 - 2,200,000"),
    ("Start Date", "1 September 2027"),
    ("Confidential", "No"),
]
plain = ("Hej RMA,\n\nwe would like you to run this search for us.\n\n" +
         "".join("%s: %s\n" % f for f in fields) +
         "\nBest regards,\nLars Engström\n")
html = ('<div dir="ltr"><p>Hej RMA,</p><p>we would like you to run this '
        'search for us.</p>\n<p>' +
        "<br>\n".join("<b>%s:</b> %s" % f for f in fields) +
        '</p>\n<p>Best regards,<br>Lars Engstr&ouml;m</p></div>\n')
add("job-multipart-alt", message(
    top(address("Lars Engström", "lars.engstrom@nordic-aero.example"), INFO,
        "Executive search: VP Manufacturing", date(2026, 11, 16, 8, 5, 0, 1),
        "CAG=kP4yR8h2+vpmfg@nordic-aero.example"),
    multipart("alternative", "000000000000a4c3f1062b9e1d77", [
        text(plain, "UTF-8", "quoted-printable", quote_charset=True),
        text(html, "UTF-8", "quoted-printable", subtype="html",
             quote_charset=True)], preamble="")),
    expect("job_order", "recorded", job_record(
        company="Nordic Aerostructures AB", contact_name="Lars Engström",
        contact_email="lars.engstrom@nordic-aero.example",
        contact_phone="+46 8 555 123 40",
        position_title="Vice President Manufacturing",
        industry="Aerospace & Defense", location="Stockholm", country="SE",
        employment_type="full_time",
        salary=(1900000, 2200000, "SEK", "year"), start_date="2027-09-01",
        confidential=False)))

# ---- free prose only, no fields, no company: needs_review
body = """Dear RMA Search,

Our board has decided to start looking for a new CFO, as our current one
retires next summer. Could one of your partners call me next week to talk
about how you work and what a search like this would cost?

Many thanks,
Howard Quill
"""
add("job-prose-needs-review", message(
    top(address("Howard Quill", "hquill@mailbox.example"), JOBS,
        "A search we would like to discuss", date(2026, 11, 17, 18, 40, 12),
        "20261117184012.1b7c@mailbox.example"),
    text(body, "us-ascii", "7bit")),
    expect("job_order", "recorded", job_record(
        contact_name="Howard Quill", contact_email="hquill@mailbox.example")),
    crlf=True)

# ---- labelled but the position is missing: needs_review
body = """Hello,

Company: Straits Harbour Holdings Berhad
Contact Name: Mei Lin Chua
Phone: +60 3 5555 8800
Industry: Real Estate
Location: Kuala Lumpur, Malaysia
Salary: MYR 600,000 - 700,000
Start Date: ASAP

I will send the full job description separately.

Regards,
Mei Lin Chua
"""
add("job-missing-position", message(
    top(address("Mei Lin Chua", "meilin.chua@straits-harbour.example"), JOBS,
        "New mandate", date(2026, 11, 17, 10, 9, 31, 8),
        "SG2PR06MB3377.straits@straits-harbour.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Straits Harbour Holdings Berhad", contact_name="Mei Lin Chua",
        contact_email="meilin.chua@straits-harbour.example",
        contact_phone="+60 3 5555 8800",
        industry="Construction & Real Estate", location="Kuala Lumpur",
        country="MY", salary=(600000, 700000, "MYR", "year"),
        start_date="ASAP")))

# ---- ISO-8859-15 8bit (€ is 0xA4 there), "bis" as range word,
# month name in German
body = """Sehr geehrte Damen und Herren,

Firma: Donautal Agrar eG
Ansprechpartner: Matthias Gruber
E-Mail: m.gruber@donautal-agrar.example
Telefon: +49 941 555 6120
Position: Geschäftsführer (m/w/d)
Branche: Landwirtschaft
Standort: Regensburg, Deutschland
Anstellungsart: Vollzeit
Gehalt: 160.000 € bis 180.000 € jährlich
Eintrittstermin: Januar 2027
Vertraulich: nein

Mit freundlichen Grüßen
Matthias Gruber
"""
add("job-de-iso885915-euro", message(
    top(address("Matthias Gruber", "m.gruber@donautal-agrar.example"), INFO,
        subject("Stellenangebot Geschäftsführer", "b", "ISO-8859-15"),
        date(2026, 11, 18, 9, 27, 50, 1),
        "4d2f8a1e9b.gf@donautal-agrar.example"),
    text(body, "iso-8859-15", "8bit")),
    expect("job_order", "recorded", job_record(
        company="Donautal Agrar eG", contact_name="Matthias Gruber",
        contact_email="m.gruber@donautal-agrar.example",
        contact_phone="+49 941 555 6120",
        position_title="Geschäftsführer (m/w/d)", industry="Agriculture",
        location="Regensburg", country="DE", employment_type="full_time",
        salary=(160000, 180000, "EUR", "year"), start_date="2027-01",
        confidential=False)), crlf=True)

# ---- Oil & Gas, Dubai, ISO date, requirements
J24_DESC = ("Lead an oilfield services group of 2,300 people in six Gulf "
            "countries.\nReport to the board and own the growth plan for "
            "2027 to 2030.")
J24_REQ = ("- Fifteen years in oilfield services, five as a general manager "
           "or above\n- Track record of operations in the GCC")
body = """Dear Sirs,

Company: Gulfstar Energy Services FZE
Contact Name: Omar Haddad
Your Title: Vice President, Human Resources
Email: omar.haddad@gulfstar-energy.example
Phone: +971 4 555 0192
Position Title: Chief Executive Officer
Description:
%s

Requirements:
%s

Industry: Oil and Gas
Location: Dubai, United Arab Emirates
Employment Type: Full-time
Salary: USD 600,000 - 750,000 per year
Start Date: 2027-02-01
Confidential Search: Yes

Regards,
Omar Haddad
""" % (J24_DESC, J24_REQ)
add("job-en-oilgas-dubai", message(
    top(address("Omar Haddad", "omar.haddad@gulfstar-energy.example"), JOBS,
        "Retained search - CEO", date(2026, 11, 18, 11, 11, 11, 4),
        "DB9PR02MB7713.gulfstar@gulfstar-energy.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Gulfstar Energy Services FZE", contact_name="Omar Haddad",
        contact_title="Vice President, Human Resources",
        contact_email="omar.haddad@gulfstar-energy.example",
        contact_phone="+971 4 555 0192",
        position_title="Chief Executive Officer", industry="Oil & Gas",
        location="Dubai", country="AE", employment_type="full_time",
        salary=(600000, 750000, "USD", "year"), start_date="2027-02-01",
        confidential=True,
        description=J24_DESC + "\n\nRequirements:\n" + J24_REQ)))

# ---- part-time, charity, New Zealand, free-text start
body = """Kia ora,

Company: Harbourlight Community Trust
Contact Name: Aroha Ngata
Your Title: Board Chair
Email: chair@harbourlight-trust.example
Phone: +64 4 555 0175
Position Title: Chief Executive
Description: Lead a charity of 60 staff that supports families across the Wellington region, four days a week.
Industry: Charity
Location: Wellington, New Zealand
Employment Type: Part-time
Salary: NZD 180,000
Start Date: as soon as possible

Nga mihi,
Aroha
"""
add("job-en-parttime-nonprofit", message(
    top(address("Aroha Ngata", "chair@harbourlight-trust.example"), INFO,
        "Chief Executive search", date(2026, 11, 19, 7, 30, 0, 13),
        "SY4PR01MB6633.harbourlight@harbourlight-trust.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Harbourlight Community Trust", contact_name="Aroha Ngata",
        contact_title="Board Chair",
        contact_email="chair@harbourlight-trust.example",
        contact_phone="+64 4 555 0175", position_title="Chief Executive",
        industry="Non-Profit", location="Wellington", country="NZ",
        employment_type="part_time", salary=(180000, 180000, "NZD", "year"),
        start_date="as soon as possible",
        description="Lead a charity of 60 staff that supports families "
        "across the Wellington region, four days a week.")), crlf=True)

# =================================================================
# Candidates
# =================================================================

# ---- English labels, no attachment
body = """Dear RMA Search,

I would like to register as a candidate.

Name: Jonathan Price
Email: jonathan.price@mailbox.example
Phone: +44 7700 900123
Current Title: Chief Risk Officer
Current Employer: Fenwick & Hale Bank
Desired Position: Group Chief Risk Officer
Industries: Banking, Insurance
Preferred Locations: London / Frankfurt / Zurich
Willing to Relocate: Yes
Salary Expectation: £150k - £170k
Years of Experience: 18
LinkedIn: https://www.linkedin.com/in/jonathan-price-example

I look forward to hearing from you.

Kind regards,
Jonathan Price
"""
add("cand-en-labelled", message(
    top(address("Jonathan Price", "jonathan.price@mailbox.example"), CAREERS,
        "Candidate registration - Jonathan Price",
        date(2026, 11, 2, 20, 14, 3),
        "CAJ8pr1ce-reg-2026@mailbox.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Jonathan Price", email="jonathan.price@mailbox.example",
        phone="+44 7700 900123", current_title="Chief Risk Officer",
        current_employer="Fenwick & Hale Bank",
        desired_position="Group Chief Risk Officer",
        industries=["Banking & Financial Services", "Insurance"],
        locations=["London", "Frankfurt", "Zurich"],
        willing_to_relocate=True, salary=(150000, 170000, "GBP", "year"),
        years_experience=18,
        profile_url="https://www.linkedin.com/in/jonathan-price-example")))

# ---- labelled + PDF résumé with a plain quoted filename (spaces,
# apostrophe), sent to info@
pdf = resume("pdf", "Siobhan O'Connor - Resume.pdf", [
    "Siobhan O'Connor", "VP Marketing EMEA, Brightloom Consumer Brands",
    "2019 - today  VP Marketing EMEA", "2013 - 2019  Marketing Director UK",
    "MBA, University of Galway (fictional record for tests)"])
body = """Hello,

Please find my resume attached.

Name: Siobhan O'Connor
Email: siobhan.oconnor@inbox.example
Phone: +353 87 555 0199
Current Title: VP Marketing EMEA
Current Employer: Brightloom Consumer Brands
Desired Position: Chief Marketing Officer
Industry: FMCG
Location: Dublin or London
Willing to relocate: No
Salary expectation: EUR 200,000 - 230,000
Years of experience: 16

Best wishes,
Siobhan
"""
add("cand-en-pdf", message(
    top(address("Siobhan O'Connor", "siobhan.oconnor@inbox.example"), INFO,
        "Application - Chief Marketing Officer roles",
        date(2026, 11, 3, 12, 0, 44),
        "AM0PR02MB5523.oconnor@inbox.example"),
    multipart("mixed", "_004_AM0PR02MB5523_", [
        text(body, "us-ascii", "7bit"),
        attachment(pdf, "application/pdf",
                   'filename="Siobhan O\'Connor - Resume.pdf"; size=%d'
                   % len(pdf),
                   type_params='name="Siobhan O\'Connor - Resume.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Siobhan O'Connor", email="siobhan.oconnor@inbox.example",
        phone="+353 87 555 0199", current_title="VP Marketing EMEA",
        current_employer="Brightloom Consumer Brands",
        desired_position="Chief Marketing Officer",
        industries=["Consumer Goods & Retail"],
        locations=["Dublin", "London"], willing_to_relocate=False,
        salary=(200000, 230000, "EUR", "year"), years_experience=16,
        resumes=[("Siobhan O'Connor - Resume.pdf", "application/pdf", pdf)])),
    crlf=True)

# ---- German labels, Vorname/Nachname, Xing, PDF named in RFC 2231 form
fn = "Lebenslauf_Jürgen_Weiß.pdf"
pdf = resume("pdf", fn, [
    "Lebenslauf Jürgen Weiß", "Geschäftsführer, Schwabentechnik GmbH",
    "seit 2016  Geschäftsführer", "2008 - 2016  Leiter Vertrieb Europa",
    "Dipl.-Ing. Maschinenbau, Universität Stuttgart (fiktiv)"])
body = """Sehr geehrte Damen und Herren,

anbei sende ich Ihnen meinen Lebenslauf.

Vorname: Jürgen
Nachname: Weiß
E-Mail: juergen.weiss@postfach.example
Telefon: +49 711 555 2468
Aktuelle Position: Geschäftsführer
Aktueller Arbeitgeber: Schwabentechnik GmbH
Gewünschte Position: CEO / Geschäftsführer
Branchen: Automobilindustrie, Logistik
Wunschort: Stuttgart / München
Umzugsbereitschaft: ja
Gehaltsvorstellung: 240.000 EUR p.a.
Berufserfahrung: 22 Jahre
Xing: https://www.xing.com/profile/Juergen_Weiss_example

Mit freundlichen Grüßen
Jürgen Weiß
"""
add("cand-de-pdf-rfc2231", message(
    top(address("Jürgen Weiß", "juergen.weiss@postfach.example"), CAREERS,
        subject("Bewerbung als Geschäftsführer"),
        date(2026, 11, 4, 19, 33, 8, 1),
        "8c2b6e1f-weiss-bewerbung@postfach.example",
        after=["User-Agent: Mozilla/5.0 Thunderbird/128.4.0"]),
    multipart("mixed", "------------Xq8Wn1r0Ld3bQ2cP7sVt9yZa", [
        text(body, "UTF-8", "quoted-printable"),
        attachment(pdf, "application/pdf", rfc2231("filename", fn),
                   type_params=rfc2231("name", fn))],
        preamble="")),
    expect("candidate", "recorded", cand_record(
        name="Jürgen Weiß", email="juergen.weiss@postfach.example",
        phone="+49 711 555 2468", current_title="Geschäftsführer",
        current_employer="Schwabentechnik GmbH",
        desired_position="CEO / Geschäftsführer",
        industries=["Automotive", "Logistics & Transportation"],
        locations=["Stuttgart", "München"], willing_to_relocate=True,
        salary=(240000, 240000, "EUR", "year"), years_experience=22,
        profile_url="https://www.xing.com/profile/Juergen_Weiss_example",
        resumes=[(fn, "application/pdf", pdf)])))

# ---- French labels, Prénom after... Nom, ODT named in RFC 2047 B form
fn = "CV Hélène Dubois-Marchal.odt"
odt = resume("odt", fn, [
    "Hélène Dubois-Marchal", "Directrice des ressources humaines",
    "Groupe Hôtelier Lumière, depuis 2018",
    "Responsable RH, Clinique des Tilleuls, 2012 - 2018",
    "Master RH, Université Lyon 3 (fictif)"])
body = """Bonjour,

Je me permets de vous adresser ma candidature.

Nom : Dubois-Marchal
Prénom : Hélène
E-mail : helene.dubois-marchal@courriel.example
Téléphone : +33 6 55 12 34 56
Poste actuel : Directrice des ressources humaines
Employeur actuel : Groupe Hôtelier Lumière
Poste recherché : DRH Groupe
Secteurs : Hôtellerie, Santé
Localisation souhaitée : Paris / Lyon
Mobilité géographique : oui
Prétentions salariales : 130 000 € brut annuel
Années d'expérience : 14

Bien cordialement,
Hélène Dubois-Marchal
"""
add("cand-fr-odt-rfc2047", message(
    top(address("Hélène Dubois-Marchal", "helene.dubois-marchal@courriel.example",
                "b"), INFO, subject("Candidature spontanée – DRH", "b"),
        date(2026, 11, 5, 8, 47, 15, 1),
        "1730791635.5112.courriel@courriel.example"),
    multipart("mixed", "=_courriel_5112", [
        text(body, "utf-8", "8bit"),
        attachment(odt, "application/vnd.oasis.opendocument.text",
                   'filename="%s"' % ew_b(fn).replace("\n ", " "),
                   type_params='name="%s"' % ew_b(fn).replace("\n ", " "))])),
    expect("candidate", "recorded", cand_record(
        name="Hélène Dubois-Marchal",
        email="helene.dubois-marchal@courriel.example",
        phone="+33 6 55 12 34 56",
        current_title="Directrice des ressources humaines",
        current_employer="Groupe Hôtelier Lumière",
        desired_position="DRH Groupe",
        industries=["Hospitality & Tourism", "Healthcare"],
        locations=["Paris", "Lyon"], willing_to_relocate=True,
        salary=(130000, 130000, "EUR", "year"), years_experience=14,
        resumes=[(fn, "application/vnd.oasis.opendocument.text", odt)])),
    crlf=True)

# ---- Spanish labels, Nombre + Apellidos, DOCX named in RFC 2047 Q form
# with ISO-8859-1 ('_' is a space in Q)
fn = "CV María José Núñez Herrera.docx"
docx = resume("docx", fn, [
    "María José Núñez Herrera", "Directora de Operaciones",
    "Logística Ibérica del Sur S.L., desde 2017",
    "Jefa de Almacén Regional, 2010 - 2017",
    "Ingeniería Industrial, Universidad de Sevilla (ficticio)"])
body = """Estimados señores:

Adjunto mi currículum para su consideración.

Nombre: María José
Apellidos: Núñez Herrera
Correo electrónico: mj.nunez@correo.example
Teléfono: +34 655 55 12 34
Cargo actual: Directora de Operaciones
Empresa actual: Logística Ibérica del Sur S.L.
Puesto deseado: Directora General
Sectores: Logística; Alimentación
Ubicación preferida: Madrid; Barcelona
Disponibilidad para reubicarse: sí
Expectativa salarial: 150.000 EUR brutos al año
Años de experiencia: 19

Atentamente,
María José Núñez
"""
add("cand-es-docx-rfc2047q", message(
    top(address("María José Núñez", "MJ.Nunez@correo.example", "q",
                "ISO-8859-1"), CAREERS,
        subject("Candidatura - Directora General", "q", "ISO-8859-1"),
        date(2026, 11, 6, 10, 2, 37, 1),
        "CAMj0Nz9e-candidatura@correo.example"),
    multipart("mixed", "b1_f4e2c0a9d7", [
        text(body, "ISO-8859-1", "quoted-printable"),
        attachment(docx, CTYPES["docx"],
                   'filename="%s"' % ew_q(fn, "ISO-8859-1").replace("\n ",
                                                                     " "))],
        preamble="")),
    expect("candidate", "recorded", cand_record(
        name="María José Núñez Herrera", email="mj.nunez@correo.example",
        phone="+34 655 55 12 34", current_title="Directora de Operaciones",
        current_employer="Logística Ibérica del Sur S.L.",
        desired_position="Directora General",
        industries=["Logistics & Transportation", "Food & Beverage"],
        locations=["Madrid", "Barcelona"], willing_to_relocate=True,
        salary=(150000, 150000, "EUR", "year"), years_experience=19,
        resumes=[(fn, CTYPES["docx"], docx)])))

# ---- RTF résumé, unquoted filename token, comma between two known cities,
# "15+" years, CNY
rtf = resume("rtf", "resume-chen-wei.rtf", [
    "Chen Wei", "Finance Director, Greater China",
    "Orient Precision Components Ltd., since 2018",
    "Financial Controller, 2011 - 2018", "CPA, MBA (fictional record)"])
body = """Dear RMA Search team,

Name: Chen Wei
Email: chen.wei@mailhub.example
Mobile: +86 138 0555 2468
Current Title: Finance Director, Greater China
Current Employer: Orient Precision Components Ltd.
Desired Position: Regional CFO Asia Pacific
Industries: Industrial Manufacturing
Preferred Location: Beijing, Tokyo
Open to relocation: Yes
Expected Salary: CNY 2,000,000 per year
Years of Experience: 15+

My resume is attached.

Chen Wei
"""
add("cand-rtf", message(
    top(address("Chen Wei", "chen.wei@mailhub.example"), INFO,
        "My resume - Regional CFO Asia Pacific",
        date(2026, 11, 9, 2, 18, 55, 8), "tencent-4471-chenwei@mailhub.example"),
    multipart("mixed", "----=_NextPart_6731_0A1B2C3D", [
        text(body, "utf-8", "base64"),
        attachment(rtf, "application/rtf", "filename=resume-chen-wei.rtf",
                   type_params="name=resume-chen-wei.rtf")])),
    expect("candidate", "recorded", cand_record(
        name="Chen Wei", email="chen.wei@mailhub.example",
        phone="+86 138 0555 2468",
        current_title="Finance Director, Greater China",
        current_employer="Orient Precision Components Ltd.",
        desired_position="Regional CFO Asia Pacific",
        industries=["Industrial Manufacturing"],
        locations=["Beijing", "Tokyo"], willing_to_relocate=True,
        salary=(2000000, 2000000, "CNY", "year"), years_experience=15,
        resumes=[("resume-chen-wei.rtf", "application/rtf", rtf)])),
    crlf=True)

# ---- TXT résumé (text/plain attachment, not part of the body text)
txt = resume("txt", "resume.txt", [
    "AISHA BELLO", "Country Manager, Savanna Telecom Nigeria Ltd (2019 - )",
    "Head of Enterprise Sales, 2014 - 2019",
    "BSc Electrical Engineering (fictional record)"])
body = """Hello,

Name: Aisha Bello
Email: aisha.bello@webpost.example
Phone: +234 803 555 0142
Current Title: Country Manager
Current Employer: Savanna Telecom Nigeria Ltd
Desired Position: Managing Director, West Africa
Industries: Telecommunications
Preferred Location: Lagos / Nairobi / Johannesburg
Willing to Relocate: Yes
Salary Expectation: USD 250,000 per year
Years of Experience: 14

Thank you,
Aisha
"""
add("cand-txt", message(
    top(address("Aisha Bello", "aisha.bello@webpost.example"), CAREERS,
        "Registration", date(2026, 11, 10, 7, 45, 0, 1),
        "CABello77-registration@webpost.example"),
    multipart("mixed", "00000000000052e8a9062b9f0c11", [
        text(body, "UTF-8", "7bit"),
        attachment(txt, "text/plain; charset=UTF-8",
                   'filename="resume.txt"', type_params='name="resume.txt"')],
        preamble="")),
    expect("candidate", "recorded", cand_record(
        name="Aisha Bello", email="aisha.bello@webpost.example",
        phone="+234 803 555 0142", current_title="Country Manager",
        current_employer="Savanna Telecom Nigeria Ltd",
        desired_position="Managing Director, West Africa",
        industries=["Telecommunications"],
        locations=["Lagos", "Nairobi", "Johannesburg"],
        willing_to_relocate=True, salary=(250000, 250000, "USD", "year"),
        years_experience=14,
        resumes=[("resume.txt", "text/plain", txt)])))

# ---- HTML résumé; no Name/Email field: name from the From display name
html_cv = resume("html", "Resume_Tomas_Novak.html", [
    "Tomáš Novák", "Plant Manager, Vltava Automotive Components s.r.o.",
    "2017 - today  Plant Manager", "2009 - 2017  Production Manager",
    "Ing., Czech Technical University (fictional record)"])
body = """Dear Sir or Madam,

please consider my profile for suitable mandates.

Current Title: Plant Manager
Current Employer: Vltava Automotive Components s.r.o.
Desired Position: Operations Director Central Europe
Industries: Automotive / Industrial Manufacturing
Preferred Locations: Prague; Vienna; Munich
Open to relocation: Yes
Expected Salary: EUR 140k
Years of Experience: 17

Regards,
Tomáš Novák
"""
add("cand-html-resume", message(
    top(address("Tomáš Novák", "tomas.novak@posta.example", "b"), INFO,
        "Candidate profile - Operations Director",
        date(2026, 11, 10, 18, 3, 29, 1),
        "0e4f7b2c.novak.profile@posta.example"),
    multipart("mixed", "=_posta_7b2c", [
        text(body, "utf-8", "quoted-printable"),
        attachment(html_cv, "text/html; charset=utf-8",
                   'filename="Resume_Tomas_Novak.html"')])),
    expect("candidate", "recorded", cand_record(
        name="Tomáš Novák", email="tomas.novak@posta.example",
        current_title="Plant Manager",
        current_employer="Vltava Automotive Components s.r.o.",
        desired_position="Operations Director Central Europe",
        industries=["Automotive", "Industrial Manufacturing"],
        locations=["Prague", "Vienna", "Munich"], willing_to_relocate=True,
        salary=(140000, 140000, "EUR", "year"), years_experience=17,
        resumes=[("Resume_Tomas_Novak.html", "text/html", html_cv)])),
    crlf=True)

# ---- candidate web form from the robot, HTML table, person in fields
# and in Reply-To
html = """<html><body>
<h2>Executive Candidate Registration</h2>
<table border="1" cellpadding="3">
<tr><td>First Name</td><td>Mariana</td></tr>
<tr><td>Last Name</td><td>Costa Ribeiro</td></tr>
<tr><td>Email</td><td>mariana.ribeiro@caixapostal.example</td></tr>
<tr><td>Phone</td><td>+55 11 95555 0134</td></tr>
<tr><td>Current Title</td><td>Chief Digital Officer</td></tr>
<tr><td>Current Employer</td><td>Banco Horizonte S.A.</td></tr>
<tr><td>Desired Position</td><td>Chief Executive Officer, Fintech</td></tr>
<tr><td>Industries</td><td>Banking, Information Technology</td></tr>
<tr><td>Preferred Locations</td><td>S&atilde;o Paulo / Lisbon / Madrid</td></tr>
<tr><td>Willing to Relocate</td><td>Yes</td></tr>
<tr><td>Salary Expectation</td><td>USD 400,000 - 450,000</td></tr>
<tr><td>Years of Experience</td><td>20</td></tr>
<tr><td>LinkedIn Profile</td><td>https://www.linkedin.com/in/mariana-costa-ribeiro-example</td></tr>
</table>
</body></html>
"""
add("cand-webform-robot", message(
    top(address("RMA Search Website", WEBFORMS), CAREERS,
        "Executive Candidate Registration: Mariana Costa Ribeiro",
        date(2026, 11, 11, 21, 9, 14),
        "cr-20261111210914-3302@webforms.rma-search.example",
        reply_to=address("Mariana Costa Ribeiro",
                         "mariana.ribeiro@caixapostal.example")),
    text(html, "utf-8", "quoted-printable", subtype="html")),
    expect("candidate", "recorded", cand_record(
        name="Mariana Costa Ribeiro",
        email="mariana.ribeiro@caixapostal.example",
        phone="+55 11 95555 0134", current_title="Chief Digital Officer",
        current_employer="Banco Horizonte S.A.",
        desired_position="Chief Executive Officer, Fintech",
        industries=["Banking & Financial Services", "Information Technology"],
        locations=["São Paulo", "Lisbon", "Madrid"], willing_to_relocate=True,
        salary=(400000, 450000, "USD", "year"), years_experience=20,
        profile_url="https://www.linkedin.com/in/mariana-costa-ribeiro-example"
    )))

# ---- robot mail whose fields name no person: name and address from the
# Reply-To; a PDF uploaded through the form
pdf = resume("pdf", "CV_Kwame_Mensah.pdf", [
    "Kwame Mensah", "Group Chief Operating Officer, Coastline Breweries Ltd",
    "2015 - today  Group COO", "2008 - 2015  Operations Director",
    "MBA (fictional record for tests)"])
body = """New candidate registration from the website.

Current Title: Group Chief Operating Officer
Current Employer: Coastline Breweries Ltd
Desired Position: Chief Executive Officer
Industry: Food & Beverage
Preferred Location: Accra / Nairobi
Willing to Relocate: No
Years of Experience: 21

-- 
RMA Search website
"""
add("cand-webform-replyto", message(
    top(address("RMA Search Website", WEBFORMS), CAREERS,
        "Executive Candidate Registration", date(2026, 11, 12, 6, 30, 2),
        "cr-20261112063002-3311@webforms.rma-search.example",
        reply_to=address("Kwame Mensah", "Kwame.Mensah@accramail.example")),
    multipart("mixed", "=_form_3311", [
        text(body, "utf-8", "7bit"),
        attachment(pdf, "application/pdf", 'filename="CV_Kwame_Mensah.pdf"',
                   type_params='name="CV_Kwame_Mensah.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Kwame Mensah", email="kwame.mensah@accramail.example",
        current_title="Group Chief Operating Officer",
        current_employer="Coastline Breweries Ltd",
        desired_position="Chief Executive Officer",
        industries=["Food & Beverage"], locations=["Accra", "Nairobi"],
        willing_to_relocate=False, years_experience=21,
        resumes=[("CV_Kwame_Mensah.pdf", "application/pdf", pdf)])),
    crlf=True)

# ---- a cover letter with a CV and no fields at all (to info@)
docx = resume("docx", "Rafael_Almeida_CV.docx", [
    "Rafael Almeida", "Director of Commercial Operations",
    "Grupo Atlântico Distribuição, since 2014",
    "Sales Director Iberia, 2008 - 2014", "Economics, Universidade do Porto "
    "(fictional record)"])
body = """Dear Sir or Madam,

After many years with the same group I have decided that it is time for a
new challenge, and a former colleague recommended your firm to me. I have
attached my CV, which describes my experience in more detail.

I would be glad to have a conversation about suitable opportunities in your
network.

Yours faithfully,
Rafael Almeida
"""
add("cand-cover-letter-only", message(
    top(address("Rafael Almeida", "rafael.almeida@correio.example"), INFO,
        "Introduction and CV", date(2026, 11, 12, 22, 51, 40),
        "CAR4f4el-intro@correio.example"),
    multipart("mixed", "Apple-Mail=_5E2C1B0A-7D41-4F8E-9C3A-2B6D8E1F0A94", [
        text(body, "us-ascii", "7bit"),
        attachment(docx, CTYPES["docx"], 'filename=Rafael_Almeida_CV.docx',
                   type_params='x-unix-mode=0644;\n\tname="Rafael_Almeida_CV.docx"')],
        preamble="")),
    expect("candidate", "recorded", cand_record(
        name="Rafael Almeida", email="rafael.almeida@correio.example",
        resumes=[("Rafael_Almeida_CV.docx", CTYPES["docx"], docx)])))

# ---- missing essentials: no display name, no name field, no position,
# no title, no résumé
body = """Hello

Please add me to your candidate database.

Phone: +81 90 5555 1234
Industry: Automotive
Location: Tokyo

Thank you
"""
add("cand-needs-review", message(
    top("k.tanaka.1987@freemail.example", CAREERS, "registration",
        date(2026, 11, 13, 3, 3, 3, 9),
        "20261113030303.k1987@freemail.example"),
    text(body, "us-ascii", "7bit")),
    expect("candidate", "recorded", cand_record(
        email="k.tanaka.1987@freemail.example", phone="+81 90 5555 1234",
        industries=["Automotive"], locations=["Tokyo"])), crlf=True)

# ---- two résumés (PDF with an RFC 2231 continued name, DOCX) and a
# photo that is not a résumé
fn1 = "Curriculum_Vitae_Ana_Sofía_Benítez_Quiroga_2026.pdf"
pdf = resume("pdf", fn1, [
    "Ana Sofía Benítez Quiroga", "Chief Financial Officer, Cafés del Macizo",
    "2018 - today  CFO", "2011 - 2018  Finance Director",
    "Economía, Universidad de los Andes (ficticio)"])
fn2 = "CV_ES_Ana_Benitez.docx"
docx = resume("docx", fn2, [
    "Ana Sofía Benítez Quiroga", "Directora Financiera",
    "Cafés del Macizo S.A.S., desde 2018"])
png = make_png(6, 8, (188, 160, 140))
body = """Good morning,

Full Name: Ana Sofía Benítez Quiroga
Email: ana.benitez@correo-andino.example
Phone: +57 310 555 0188
Current Title: Chief Financial Officer
Current Employer: Cafés del Macizo S.A.S.
Desired Position: CFO or Finance Director
Industries: Food & Beverage, Consumer Goods
Preferred Locations: Bogotá or Mexico City
Willing to Relocate: Yes
Salary Expectation: USD 180k-220k
Years of Experience: 17
LinkedIn: https://www.linkedin.com/in/ana-sofia-benitez-example

I attach my CV in English and in Spanish.

Ana Sofía
"""
add("cand-multi-attach", message(
    top(address("Ana Sofía Benítez", "ana.benitez@correo-andino.example"),
        CAREERS, subject("Application – Ana Sofía Benítez Quiroga"),
        date(2026, 11, 13, 14, 26, 9, -5),
        "8f2a6c10-benitez@correo-andino.example"),
    multipart("mixed", "------------0F3kA9Lm2Pq7Rs5Tu1Vw", [
        text(body, "UTF-8", "8bit"),
        attachment(pdf, "application/pdf", rfc2231("filename", fn1, split=28),
                   type_params=rfc2231("name", fn1, split=28)),
        attachment(docx, CTYPES["docx"], 'filename="%s"' % fn2,
                   type_params='name="%s"' % fn2),
        attachment(png, "image/png", 'filename="foto.png"',
                   type_params='name="foto.png"')], preamble="")),
    expect("candidate", "recorded", cand_record(
        name="Ana Sofía Benítez Quiroga",
        email="ana.benitez@correo-andino.example", phone="+57 310 555 0188",
        current_title="Chief Financial Officer",
        current_employer="Cafés del Macizo S.A.S.",
        desired_position="CFO or Finance Director",
        industries=["Food & Beverage", "Consumer Goods & Retail"],
        locations=["Bogotá", "Mexico City"], willing_to_relocate=True,
        salary=(180000, 220000, "USD", "year"), years_experience=17,
        profile_url="https://www.linkedin.com/in/ana-sofia-benitez-example",
        resumes=[(fn1, "application/pdf", pdf),
                 (fn2, CTYPES["docx"], docx)])))

# ---- German, QP ISO-8859-1, "nein" to relocation, "15 Jahre", no résumé
body = """Guten Tag,

hiermit möchte ich mich bei Ihnen als Kandidatin registrieren.

Name: Stefanie Wagner
E-Mail: stefanie.wagner@netzpost.example
Telefon: +49 40 555 318 27
Derzeitige Position: Leiterin Einkauf
Derzeitiger Arbeitgeber: Hanse Nahrungsmittel AG
Gewünschte Position: Chief Procurement Officer
Branchen: Lebensmittel; Chemie
Wunschort: Hamburg
Umzugsbereitschaft: nein
Gehaltsvorstellung: 110.000 - 125.000 EUR jährlich
Berufserfahrung: 15 Jahre

Viele Grüße
Stefanie Wagner
"""
add("cand-de-qp-latin1", message(
    top(address("Stefanie Wagner", "stefanie.wagner@netzpost.example"), INFO,
        "Kandidatenregistrierung Stefanie Wagner",
        date(2026, 11, 16, 19, 1, 17, 1),
        "20261116190117.6c1a@netzpost.example"),
    text(body, "ISO-8859-1", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Stefanie Wagner", email="stefanie.wagner@netzpost.example",
        phone="+49 40 555 318 27", current_title="Leiterin Einkauf",
        current_employer="Hanse Nahrungsmittel AG",
        desired_position="Chief Procurement Officer",
        industries=["Food & Beverage", "Chemicals"], locations=["Hamburg"],
        willing_to_relocate=False, salary=(110000, 125000, "EUR", "year"),
        years_experience=15)), crlf=True)

# ---- hourly rate expectation (contractor)
body = """Hello RMA,

Name: Pieter van der Berg
Email: pieter.vdberg@postbus.example
Phone: +31 6 5555 4321
Current Title: Interim CIO
Desired Position: Interim CIO or Transformation Director
Industries: Information Technology; Insurance
Preferred Locations: Amsterdam / Brussels
Willing to relocate: No
Salary Expectation: €120/h
Years of Experience: 25

Best,
Pieter
"""
add("cand-contractor-hourly", message(
    top(address("Pieter van der Berg", "pieter.vdberg@postbus.example"),
        CAREERS, "Available for interim assignments",
        date(2026, 11, 17, 8, 8, 8, 1),
        "DB8PR09MB4211.vdberg@postbus.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Pieter van der Berg", email="pieter.vdberg@postbus.example",
        phone="+31 6 5555 4321", current_title="Interim CIO",
        desired_position="Interim CIO or Transformation Director",
        industries=["Information Technology", "Insurance"],
        locations=["Amsterdam", "Brussels"], willing_to_relocate=False,
        salary=(120, 120, "EUR", "hour"), years_experience=25)))

# ---- THB expectation, single location, LinkedIn
body = """Dear RMA Search,

Name: Natthapong Srisuk
Email: natthapong.s@siammail.example
Phone: +66 89 555 7788
Current Title: Director of Supply Chain
Current Employer: Chao Phraya Foods Co., Ltd.
Desired Position: Vice President Supply Chain
Industries: Food & Beverage / Logistics
Location: Bangkok
Willing to Relocate: No
Salary Expectation: THB 4,500,000 per year
Years of Experience: 13
LinkedIn: https://www.linkedin.com/in/natthapong-srisuk-example

Best regards,
Natthapong
"""
add("cand-thb-linkedin", message(
    top(address("Natthapong Srisuk", "natthapong.s@siammail.example"), CAREERS,
        "Candidate registration", date(2026, 11, 18, 16, 40, 0, 7),
        "CANs7rIsuk-2026-11@siammail.example"),
    text(body, "utf-8", "7bit")),
    expect("candidate", "recorded", cand_record(
        name="Natthapong Srisuk", email="natthapong.s@siammail.example",
        phone="+66 89 555 7788", current_title="Director of Supply Chain",
        current_employer="Chao Phraya Foods Co., Ltd.",
        desired_position="Vice President Supply Chain",
        industries=["Food & Beverage", "Logistics & Transportation"],
        locations=["Bangkok"], willing_to_relocate=False,
        salary=(4500000, 4500000, "THB", "year"), years_experience=13,
        profile_url="https://www.linkedin.com/in/natthapong-srisuk-example")),
    crlf=True)

# ---- upper-case content type and extension; name from the display name
pdf = resume("pdf", "CV.PDF", [
    "Lucas Moreau", "Director of Operations, Maison Azur Hotels",
    "2016 - today  Director of Operations",
    "2010 - 2016  Hotel Manager", "Ecole hoteliere (fictional record)"])
body = """Hello,

Attached is my CV. I am looking for a COO role in hospitality.

Desired Position: Chief Operating Officer
Industry: Hospitality
Location: Paris

Lucas
"""
add("cand-pdf-uppercase-type", message(
    top(address("Lucas Moreau", "lucas.moreau@boite.example"), INFO,
        "CV - Lucas Moreau", date(2026, 11, 19, 12, 12, 12, 1),
        "4B7D9E21.moreau@boite.example"),
    multipart("mixed", "MIME_boundary_4B7D9E21", [
        text(body, "iso-8859-1", "7bit"),
        attachment(pdf, "Application/PDF", "filename=CV.PDF",
                   type_params="name=CV.PDF")])),
    expect("candidate", "recorded", cand_record(
        name="Lucas Moreau", email="lucas.moreau@boite.example",
        desired_position="Chief Operating Officer",
        industries=["Hospitality & Tourism"], locations=["Paris"],
        resumes=[("CV.PDF", "application/pdf", pdf)])))

# ---- hostile attachment names (the display names a reader must see are
# the sanitized ones; nothing may be written outside the store)
h_txt = resume("txt", "tmprecruitd-pwned.txt", [
    "Marek Kowalski - short profile", "Head of IT Security, Wisla Data S.A."])
h_pdf1 = resume("pdf", "etcpasswd.pdf", [
    "Marek Kowalski", "Head of IT Security", "Wisla Data S.A., since 2019"])
h_pdf2 = resume("pdf", "evil.pdf", [
    "Marek Kowalski - CV", "Security architecture, incident response"])
h_pdf3 = resume("pdf", "CV_MarekX-Injected: yes.pdf", [
    "Marek Kowalski", "Certifications", "CISSP, CISM (fictional record)"])
h_pdf4 = resume("pdf", "resume.pdf.exe", [
    "Marek Kowalski", "References available on request"])
crlf_name = "CV_Marek\r\nX-Injected: yes.pdf"
body = """Hello,

Name: Marek Kowalski
Email: marek.kowalski@poczta.example
Phone: +48 22 555 01 99
Current Title: Head of IT Security
Desired Position: Chief Information Security Officer
Industry: Information Technology

My documents are attached.

Marek
"""
add("hostile-filename", message(
    top(address("Marek Kowalski", "marek.kowalski@poczta.example"), CAREERS,
        "Application CISO", date(2026, 11, 19, 23, 59, 1, 1),
        "hostile-7f3e9a.kowalski@poczta.example"),
    multipart("mixed", "hostile_boundary_7f3e9a", [
        text(body, "us-ascii", "7bit"),
        attachment(h_txt, "text/plain",
                   'filename="../../../../tmp/recruitd-pwned.txt"',
                   type_params='name="../../../../tmp/recruitd-pwned.txt"'),
        attachment(h_pdf1, "application/pdf", 'filename="/etc/passwd.pdf"',
                   type_params='name="/etc/passwd.pdf"'),
        attachment(h_pdf2, "application/pdf",
                   'filename="..\\\\..\\\\evil.pdf"'),
        attachment(h_pdf3, "application/pdf",
                   'filename="=?UTF-8?B?%s?="' % __import__("base64")
                   .b64encode(crlf_name.encode()).decode()),
        attachment(h_pdf4, "application/pdf",
                   "filename*=UTF-8''resume.pdf%00.exe")])),
    expect("candidate", "recorded", cand_record(
        name="Marek Kowalski", email="marek.kowalski@poczta.example",
        phone="+48 22 555 01 99", current_title="Head of IT Security",
        desired_position="Chief Information Security Officer",
        industries=["Information Technology"],
        resumes=[("tmprecruitd-pwned.txt", "text/plain", h_txt),
                 ("etcpasswd.pdf", "application/pdf", h_pdf1),
                 ("evil.pdf", "application/pdf", h_pdf2),
                 ("CV_MarekX-Injected: yes.pdf", "application/pdf", h_pdf3),
                 ("resume.pdf.exe", "application/pdf", h_pdf4)])))


# =================================================================
# Subscriptions, auto-replies, reports, junk
# =================================================================

add("sub-subscribe", message(
    top(address("Lena Fischer", "lena.fischer@mailbox.example"), NEWSREQ,
        "subscribe", date(2026, 11, 3, 7, 12, 30, 1),
        "20261103071230.lf@mailbox.example"),
    text("subscribe\n", "us-ascii", "7bit")),
    expect("subscription", "recorded"))

add("sub-subscribe-info", message(
    top(address("Ben Carter", "ben.carter@inbox.example"), INFO, "Newsletter",
        date(2026, 11, 8, 21, 5, 0), "CABc4rter-news@inbox.example"),
    text("Subscribe\n\nI enjoyed your piece on board succession and would "
         "like to\nreceive the next issues.\n\nBen Carter\n", "utf-8",
         "7bit")),
    expect("subscription", "recorded"), crlf=True)

add("sub-unsubscribe", message(
    top(address("Paul Graves", "paul.graves@isp-mail.example"), NEWSREQ,
        "unsubscribe", date(2026, 11, 19, 6, 0, 55),
        "a0b1c2d3e4.unsub@isp-mail.example"),
    text("unsubscribe\n", "us-ascii", "7bit")),
    expect("subscription", "recorded"))

# RFC 3834 auto-reply to one of our acknowledgements
body = """Thank you for your message.

I am out of the office until Monday 30 November with limited access to
email. For urgent matters please contact my colleague Jan Pietersen at
jan.pietersen@delta-haven.example.

Kind regards,
Gregor Lindner
"""
add("auto-reply-auto-submitted", message(
    top(address("Gregor Lindner", "g.lindner@delta-haven.example"), CAREERS,
        "Automatic reply: RMA Search - your registration",
        date(2026, 11, 20, 9, 0, 4, 1),
        "AM9PR07MB7154.autoreply.lindner@delta-haven.example",
        after=["In-Reply-To: <ack-c-2026-0412@rma-search.example>",
               "References: <ack-c-2026-0412@rma-search.example>",
               "Auto-Submitted: auto-replied",
               "X-Auto-Response-Suppress: All"]),
    text(body, "utf-8", "7bit")),
    expect("auto_reply", "ignored"), crlf=True)

# vacation notice with X-Autoreply and an "Out of Office" subject only
body = """Bonjour,

Je suis absente du bureau jusqu'au 27 novembre.
I am away from the office until 27 November and will reply on my return.

Sophie Laurent
"""
add("auto-reply-x-autoreply", message(
    top(address("Sophie Laurent", "sophie.laurent@groupe-ardent.example"), INFO,
        "Out of Office", date(2026, 11, 20, 14, 33, 21, 1),
        "vacation.1763645601.4417@groupe-ardent.example",
        after=["X-Autoreply: yes"]),
    text(body, "utf-8", "8bit")),
    expect("auto_reply", "ignored"))

# a mailing list / newsletter from elsewhere
body = """HR LEADERS WEEKLY - Issue 212

This week: why interim executives are in demand, three questions to ask
before you open a search, and the numbers behind remote boards.

Read online: https://hrleaders-weekly.example/issues/212

You receive this because you subscribed at hrleaders-weekly.example.
Unsubscribe: https://hrleaders-weekly.example/u/7c1f
"""
add("list-newsletter", message(
    top(address("HR Leaders Weekly", "digest@hrleaders-weekly.example"), INFO,
        "Issue 212: interim executives, opening a search",
        date(2026, 11, 20, 5, 0, 0),
        "issue-212.7c1f@hrleaders-weekly.example",
        after=["List-Id: HR Leaders Weekly <weekly.hrleaders-weekly.example>",
               "List-Unsubscribe: <mailto:leave-7c1f@hrleaders-weekly.example>,"
               "\n <https://hrleaders-weekly.example/u/7c1f>",
               "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
               "Precedence: list"]),
    text(body, "utf-8", "quoted-printable")),
    expect("auto_reply", "ignored"), crlf=True)

# RFC 3464 delivery status notification for one newsletter delivery
notice = """This is the mail system at host mx1.rma-search.example.

Your message could not be delivered to one or more recipients. The
details are in the delivery report below; the headers of your message
are attached.

<j.doe@closed-account.example>: host mx.closed-account.example[192.0.2.25]
    said: 550 5.1.1 <j.doe@closed-account.example>: Recipient address
    rejected: no such mailbox (in reply to RCPT TO command)
"""
dsn = """Reporting-MTA: dns; mx1.rma-search.example
X-Postfix-Queue-ID: 4F2A91C0B7
Arrival-Date: Tue, 17 Nov 2026 09:00:12 +0000 (UTC)

Final-Recipient: rfc822; j.doe@closed-account.example
Original-Recipient: rfc822;j.doe@closed-account.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.closed-account.example
Diagnostic-Code: smtp; 550 5.1.1 <j.doe@closed-account.example>: Recipient
    address rejected: no such mailbox
"""
orig = """Return-Path: <bounces+d41c9a07e2@rma-search.example>
Date: Tue, 17 Nov 2026 09:00:10 +0000
From: RMA Search <office@rma-search.example>
To: j.doe@closed-account.example
Subject: RMA Search Insights - Issue 41
Message-ID: <issue-41.d41c9a07e2@rma-search.example>
List-Id: RMA Search Insights <insights.rma-search.example>
Precedence: bulk
"""
add("bounce-dsn", message(
    ["Return-Path: <>",
     *top(address("Mail Delivery System", "MAILER-DAEMON@mx1.rma-search.example"),
          "bounces+d41c9a07e2@rma-search.example",
          "Undelivered Mail Returned to Sender", date(2026, 11, 17, 9, 0, 13),
          "20261117090013.9E3D21C0B8@mx1.rma-search.example",
          after=["Auto-Submitted: auto-replied"])],
    multipart("report", "4F2A91C0B7.1763370013/mx1.rma-search.example", [
        Entity(["Content-Description: Notification",
                "Content-Type: text/plain; charset=us-ascii"],
               notice.encode()),
        Entity(["Content-Description: Delivery report",
                "Content-Type: message/delivery-status"], dsn.encode()),
        Entity(["Content-Description: Undelivered Message Headers",
                "Content-Type: text/rfc822-headers"], orig.encode())],
        params="report-type=delivery-status;",
        preamble="This is a MIME-encapsulated message.\n")),
    expect("bounce", "recorded"), crlf=True)

# a non-standard plain-text failure notice (qmail style) from MAILER-DAEMON
body = """Hi. This is the qmail-send program at mail.oldhost.example.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<m.stone@oldhost.example>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <bounces+0a9e44c1f3@rma-search.example>
From: RMA Search <office@rma-search.example>
To: m.stone@oldhost.example
Subject: RMA Search Insights - Issue 41

Dear reader, ...
"""
add("bounce-plain-qmail", message(
    ["Return-Path: <>",
     *top("MAILER-DAEMON@mail.oldhost.example",
          "bounces+0a9e44c1f3@rma-search.example", "failure notice",
          date(2026, 11, 17, 9, 2, 40), "1763370160.8812.qmail@mail.oldhost.example")],
    Entity([], body.encode()), mime=False),
    expect("bounce", "recorded"))

# ARF (RFC 5965) complaint about an issue of our newsletter
human = """This is an email abuse report for an email message received from
IP 192.0.2.10 on Wed, 18 Nov 2026 09:00:31 +0000. A user of our service
marked it as spam.
"""
fbr = """Feedback-Type: abuse
User-Agent: IspFeedback/2.1
Version: 1
Original-Mail-From: <bounces+5c2e77a1b0@rma-search.example>
Original-Rcpt-To: <paul.graves@isp-mail.example>
Arrival-Date: Wed, 18 Nov 2026 09:00:31 +0000
Source-IP: 192.0.2.10
Reported-Domain: rma-search.example
"""
orig = """Return-Path: <bounces+5c2e77a1b0@rma-search.example>
Date: Wed, 18 Nov 2026 09:00:30 +0000
From: RMA Search <office@rma-search.example>
To: paul.graves@isp-mail.example
Subject: RMA Search Insights - Issue 42
Message-ID: <issue-42.5c2e77a1b0@rma-search.example>
List-Id: RMA Search Insights <insights.rma-search.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

This week: succession planning for family-owned companies.
"""
add("complaint-arf", message(
    top(address("Feedback Loop", "fbl@isp-mail.example"),
        "abuse@rma-search.example", "Email Feedback Report for IP 192.0.2.10",
        date(2026, 11, 18, 11, 15, 2), "arf-20261118111502-55@isp-mail.example"),
    multipart("report", "----=_ARF_55_1763464502", [
        Entity(["Content-Type: text/plain; charset=us-ascii"], human.encode()),
        Entity(["Content-Type: message/feedback-report"], fbr.encode()),
        Entity(["Content-Type: message/rfc822",
                "Content-Disposition: inline"], orig.encode())],
        params="report-type=feedback-report;", preamble="")),
    expect("complaint", "recorded"))

# junk: none of the kinds
body = """Dear Business Owner,

Is your website invisible? 94% of buyers never look past the first page of
search results. Our experts will put rma-search.example on page one in 30
days - or you do not pay a cent.

Reply YES today and we will send you a free audit worth $499.

Warm regards,
The Growth Team
RankBoost Digital
"""
add("junk-spam", message(
    top(address("RankBoost Digital", "offers@rankboost-seo.example"), INFO,
        "Page one on every search engine in 30 days - guaranteed",
        date(2026, 11, 21, 3, 17, 44, -7),
        "7713.2291.0042.rankboost@rankboost-seo.example",
        after=["X-Mailer: BulkMailer Pro 9"]),
    text(body, "utf-8", "7bit")),
    expect("unclassified", "review"), crlf=True)

# an ordinary question that is none of the kinds either
body = """Hello,

A few of us from the regional chamber of commerce will be in Melbourne
next month. Would someone from your office have half an hour for a coffee
to talk about the local executive market? Any day in the week of
7 December suits us.

Best wishes,
Nora Quinn
"""
add("unclassified-question", message(
    top(address("Nora Quinn", "nora.quinn@chamber-gippsland.example"), INFO,
        "Coffee in Melbourne?", date(2026, 11, 21, 10, 2, 0, 11),
        "ME3PR01MB0442.quinn@chamber-gippsland.example"),
    text(body, "utf-8", "7bit")),
    expect("unclassified", "review"))

# =================================================================
# Classification order (issue 12): mails people wrote that start with a
# command word, or carry a delay word in the subject, and their
# neighbours.  Written the way people write: signatures that hold facts,
# colons inside descriptions, quoted replies, mixed languages.
# =================================================================

# ---- a candidate replaces her CV; a short first line starts with
# "Unsubscribe": to careers@ it is a candidate's mail, not a command (it
# was a subscription, and the candidate was lost); title, employer and
# phone only in the signature
docx = resume("docx", "Katrin_Vogt_CV_2026.docx", [
    "Dr. Katrin Vogt", "Chief Operating Officer, Brenner Logistik GmbH",
    "2026 - today  Chief Operating Officer",
    "2017 - 2026  Managing Director Contract Logistics",
    "PhD Transport Economics (fictional record for tests)"])
body = """Unsubscribe my old CV.

The attached one replaces it, nothing else has changed on my side.

Viele Grüße / kind regards
Katrin Vogt

-- 
Dr. Katrin Vogt
Chief Operating Officer | Brenner Logistik GmbH
Mobil: +49 171 555 0198
"""
add("cand-command-word-careers", message(
    top(address("Katrin Vogt", "katrin.vogt@posteo-mail.example"), CAREERS,
        "Updated CV", date(2026, 12, 1, 8, 12, 40, 1),
        "6f1e2a90-vogt-cv@posteo-mail.example"),
    multipart("mixed", "------------8nZ3qkFp0WbH1t6mS2vLc4Xd", [
        text(body, "utf-8", "quoted-printable"),
        attachment(docx, CTYPES["docx"],
                   'filename="Katrin_Vogt_CV_2026.docx"',
                   type_params='name="Katrin_Vogt_CV_2026.docx"')])),
    expect("candidate", "recorded", cand_record(
        name="Katrin Vogt", email="katrin.vogt@posteo-mail.example",
        phone="+49 171 555 0198", current_title="Chief Operating Officer",
        current_employer="Brenner Logistik GmbH",
        resumes=[("Katrin_Vogt_CV_2026.docx", CTYPES["docx"], docx)])),
    crlf=True)

# ---- "Subscribe me, please." to info@, and then the sentence that says
# what she means: the shortlist, with her CV attached.  The résumé makes
# it a candidate's mail (it was a subscription)
pdf = resume("pdf", "Ingrid_Solberg_CV.pdf", [
    "Ingrid Solberg", "Group Finance Director, Halvorsen Shipping ASA",
    "2015 - today  Group Finance Director",
    "2009 - 2015  Head of Group Reporting",
    "MSc Finance, NHH Bergen (fictional record for tests)"])
body = """Subscribe me, please.
I mean to your shortlist for CFO roles, not to the newsletter. My CV is
attached.

Ingrid Solberg
Group Finance Director, Halvorsen Shipping ASA
+47 912 55 034
"""
add("cand-subscribe-me-cv", message(
    top(address("Ingrid Solberg", "ingrid.solberg@fjordpost.example"), INFO,
        "CFO roles", date(2026, 12, 1, 19, 40, 2, 1),
        "CAH7q_solberg-cfo@fjordpost.example"),
    multipart("mixed", "000000000000a1b2c3d4e5f6a7b8", [
        text(body, "utf-8", "7bit"),
        attachment(pdf, "application/pdf", 'filename="Ingrid_Solberg_CV.pdf"',
                   type_params='name="Ingrid_Solberg_CV.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Ingrid Solberg", email="ingrid.solberg@fjordpost.example",
        phone="+47 912 55 034", current_title="Group Finance Director",
        current_employer="Halvorsen Shipping ASA", desired_position="CFO",
        resumes=[("Ingrid_Solberg_CV.pdf", "application/pdf", pdf)]),
        gaps={"desired_position": "only in the prose: \"looking for CFO roles\" (issue 14)"}))

# ---- the same words with no résumé and no fields: a real subscription
# command, whatever the signature says (no record)
body = """Subscribe me, please.

-- 
Tom Becker
Chief Financial Officer | Lindqvist Foods AB
+46 8 555 0199
"""
add("sub-subscribe-signature", message(
    top(address("Tom Becker", "tom.becker@lindqvist-foods.example"), INFO,
        "Newsletter", date(2026, 12, 2, 7, 5, 11, 1),
        "0d4c1a7e.becker.news@lindqvist-foods.example"),
    text(body, "utf-8", "7bit")),
    expect("subscription", "recorded"))

# ---- a candidate's new registration to info@ whose first line starts
# with "Unsubscribe": fields and a CV make it a candidate's mail (it was
# a subscription, and the candidate was lost)
pdf = resume("pdf", "CV Mehmet Yilmaz 2026.pdf", [
    "Mehmet Yilmaz", "Plant Director, Anadolu Cam Sanayi A.S.",
    "2018 - today  Plant Director", "2010 - 2018  Production Manager",
    "BSc Chemical Engineering (fictional record for tests)"])
body = """Unsubscribe my old registration.
Here are my new details, and my CV is attached.

Name: Mehmet Yilmaz
Email: mehmet.yilmaz@posta-net.example
Current Title: Plant Director
Current Employer: Anadolu Cam Sanayi A.S.
Desired Position: COO
Preferred Location: Istanbul / Ankara
Years of Experience: 19

Thanks,
Mehmet
"""
add("cand-unsubscribe-old-registration", message(
    top(address("Mehmet Yilmaz", "mehmet.yilmaz@posta-net.example"), INFO,
        "New details", date(2026, 12, 2, 11, 3, 27, 3),
        "CAMy1lmaz-newdetails@posta-net.example"),
    multipart("mixed", "----=_Part_88213_1911375412.1764662607", [
        text(body, "utf-8", "7bit"),
        attachment(pdf, "application/pdf",
                   'filename="CV Mehmet Yilmaz 2026.pdf"',
                   type_params='name="CV Mehmet Yilmaz 2026.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Mehmet Yilmaz", email="mehmet.yilmaz@posta-net.example",
        current_title="Plant Director",
        current_employer="Anadolu Cam Sanayi A.S.", desired_position="COO",
        locations=["Istanbul", "Ankara"], years_experience=19,
        resumes=[("CV Mehmet Yilmaz 2026.pdf", "application/pdf", pdf)])),
    crlf=True)

# ---- the website's form robot (a no-reply address) relays a
# registration whose subject carries a delay word: a candidate, not a
# delay notice (it was a bounce); colons inside a value
body = """New candidate registration from the website.

First Name: Tomás
Last Name: Herrera Ruiz
Email: tomas.herrera@correo-web.example
Phone: +34 611 555 872
Current Title: Director Financiero
Current Employer: Grupo Alimentario Levante S.A.
Desired Position: CFO
Industry: Food & Beverage
Preferred Location: Valencia / Madrid
Willing to Relocate: Yes
Years of Experience: 17
Availability: notice period of six months (start: June 2027)

-- 
RMA Search website
"""
add("cand-webform-delayed-start", message(
    top(address("RMA Search Website", WEBFORMS), CAREERS,
        "Delayed start: registration of Tomás Herrera Ruiz",
        date(2026, 12, 2, 22, 14, 9, 1),
        "cr-20261202221409-3590@webforms.rma-search.example",
        reply_to=address("Tomás Herrera Ruiz",
                         "tomas.herrera@correo-web.example")),
    text(body, "utf-8", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Tomás Herrera Ruiz", email="tomas.herrera@correo-web.example",
        phone="+34 611 555 872", current_title="Director Financiero",
        current_employer="Grupo Alimentario Levante S.A.",
        desired_position="CFO", industries=["Food & Beverage"],
        locations=["Valencia", "Madrid"], willing_to_relocate=True,
        years_experience=17)))

# ---- the same robot relays a German registration to info@ with
# "Verzögert" in the subject
body = """Neue Kandidatenregistrierung über die Website.

Vorname: Jürgen
Nachname: Weiß
E-Mail: j.weiss@t-netz.example
Telefon: +49 89 5555 3120
Aktuelle Position: Leiter Einkauf
Arbeitgeber: Südkraft Maschinenbau AG
Wunschposition: Geschäftsführer
Branche: Maschinenbau
Wunschort: München
Berufserfahrung: 22 Jahre

-- 
RMA Search Website
"""
add("cand-webform-verzoegert", message(
    top(address("RMA Search Website", WEBFORMS), INFO,
        subject("Verzögert: Registrierung Jürgen Weiß"),
        date(2026, 12, 3, 6, 1, 30, 1),
        "cr-20261203060130-3597@webforms.rma-search.example",
        reply_to=address("Jürgen Weiß", "j.weiss@t-netz.example")),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Jürgen Weiß", email="j.weiss@t-netz.example",
        phone="+49 89 5555 3120", current_title="Leiter Einkauf",
        current_employer="Südkraft Maschinenbau AG",
        desired_position="Geschäftsführer",
        industries=["Industrial Manufacturing"], locations=["München"],
        years_experience=22)))

# ---- a job order through the same robot, resubmitted after a delay,
# with "Delayed:" in the subject (it was a bounce); a colon inside the
# description
J_DELAY_DESC = ("Runs cash, funding and FX for the group: 4 entities, a "
                "EUR 2bn balance sheet. Reports to the CFO.")
body = """Executive Position Job Order (resubmitted)

Company: Nordhafen Energie AG
First Name: Birgit
Last Name: Sommer
Your Title: Head of HR
Email: b.sommer@nordhafen-energie.example
Phone: +49 40 555 2291
Position Title: Head of Treasury
Description: %s
Industry: Energy
City: Hamburg
Country: Germany
Employment Type: Full-time
Salary Range: EUR 160,000 - 190,000
Start Date: 04/2027
Confidential: No
""" % J_DELAY_DESC
add("job-webform-delayed", message(
    top(address("RMA Search Website", WEBFORMS), JOBS,
        "Delayed: job order Head of Treasury - Nordhafen Energie AG",
        date(2026, 12, 3, 9, 30, 0, 1),
        "jo-20261203093000-1204@webforms.rma-search.example",
        reply_to=address("Birgit Sommer",
                         "b.sommer@nordhafen-energie.example")),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Nordhafen Energie AG", contact_name="Birgit Sommer",
        contact_title="Head of HR",
        contact_email="b.sommer@nordhafen-energie.example",
        contact_phone="+49 40 555 2291", position_title="Head of Treasury",
        industry="Energy & Utilities", location="Hamburg", country="DE",
        employment_type="full_time", salary=(160000, 190000, "EUR", "year"),
        start_date="2027-04", confidential=False,
        description=J_DELAY_DESC)))

# ---- a job order from a person: the description has lines with colons
# in them, and the contact's title and phone are only in the signature
J_COLON_DESC = ("The VP Quality owns QA and QC for both sites (Uppsala "
                "and Lund).\nReporting line: Chief Operating Officer\n"
                "Team: 85 people, 6 direct reports\nKey challenge: the FDA "
                "pre-approval inspection in autumn 2027.")
body = """Hi Tom,

as discussed on the phone, here is the brief for the new search.

Company: Solvik Pharma AB
Position Title: VP Quality
Industry: Pharma
Location: Uppsala, Sweden

Job Description:
%s

Salary Range: SEK 1,800,000 - 2,100,000
Employment Type: Full-time

Best regards
Annika Berg
Head of Talent Acquisition
Solvik Pharma AB
+46 18 555 0142
""" % J_COLON_DESC
add("job-colon-description", message(
    top(address("Annika Berg", "annika.berg@solvik-pharma.example"), JOBS,
        "New search: VP Quality", date(2026, 12, 3, 13, 45, 17, 1),
        "HE1PR0701MB2231.berg@solvik-pharma.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Solvik Pharma AB", contact_name="Annika Berg",
        contact_title="Head of Talent Acquisition",
        contact_email="annika.berg@solvik-pharma.example",
        contact_phone="+46 18 555 0142", position_title="VP Quality",
        industry="Biotechnology & Pharmaceuticals", location="Uppsala",
        country="SE", employment_type="full_time",
        salary=(1800000, 2100000, "SEK", "year"),
        description=J_COLON_DESC)), crlf=True)

# ---- a delay notice in prose from a mail daemon proper, for a mail a
# consultant sent from careers@: still a bounce at a role address, since
# its text says so and it returns the message's headers
notice = """This is the mail system at host mx1.rma-search.example.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

<h.larsen@fjernmail.example>: connect to mx.fjernmail.example[192.0.2.77]:25:
    Connection timed out
"""
orig = """Return-Path: <careers@rma-search.example>
Date: Thu, 3 Dec 2026 08:02:11 +0000
From: RMA Search <careers@rma-search.example>
To: h.larsen@fjernmail.example
Subject: Your interview on 8 December
Message-ID: <interview-1208.larsen@rma-search.example>
"""
add("bounce-delayed-careers", message(
    ["Return-Path: <>",
     *top(address("Mail Delivery System",
                  "MAILER-DAEMON@mx1.rma-search.example"), CAREERS,
          "Delayed Mail (still being retried)", date(2026, 12, 3, 12, 2, 40),
          "20261203120240.5A1B21C0C3@mx1.rma-search.example")],
    multipart("mixed", "5A1B21C0C3.1764763360/mx1.rma-search.example", [
        Entity(["Content-Description: Notification",
                "Content-Type: text/plain; charset=us-ascii"],
               notice.encode()),
        Entity(["Content-Description: Undelivered Message Headers",
                "Content-Type: text/rfc822-headers"], orig.encode())],
        preamble="This is a MIME-encapsulated message.\n")),
    expect("bounce", "recorded"))

# ---- unsubscribing in German, at the request address, in a reply to an
# issue (Outlook's quoted header below)
body = """abbestellen

Viele Grüße
Jürgen Weiß

-----Ursprüngliche Nachricht-----
Von: RMA Search <office@rma-search.example>
Gesendet: Dienstag, 17. November 2026 10:00
An: j.weiss@t-netz.example
Betreff: RMA Search Insights - Issue 41

This week: succession planning for family-owned companies.
"""
add("sub-abbestellen", message(
    top(address("Jürgen Weiß", "j.weiss@t-netz.example"), NEWSREQ,
        "AW: RMA Search Insights - Issue 41", date(2026, 12, 4, 7, 30, 0, 1),
        "AM6PR10MB2210.weiss.ab@t-netz.example",
        after=["In-Reply-To: <issue-41.7e22a1c0f9@rma-search.example>"]),
    text(body, "utf-8", "quoted-printable")),
    expect("subscription", "recorded"), crlf=True)

# ---- and in French, the command as the subject
body = """Bonjour,

merci de ne plus m'envoyer la lettre.

Cordialement,
Élodie Martin
"""
add("sub-desabonner", message(
    top(address("Élodie Martin", "elodie.martin@courriel-fr.example"),
        NEWSREQ, subject("Désabonner"), date(2026, 12, 4, 9, 12, 5, 1),
        "1764835925.4471.martin@courriel-fr.example"),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("subscription", "recorded"))

# ---- a reply to the confirmation mail that reached info@ (the reader
# typed the address): the token in the subject confirms
CONFIRM_TOKEN = "3f9c2a7be41d08c65a0e9b7d12f4c3a8"
body = """Yes, please.

Henrik

On Fri, 4 Dec 2026 at 10:00, RMA Search <office@rma-search.example> wrote:
> Hello,
>
> Someone, most likely you, asked for RMA Search Insights, the newsletter of
> RMA Search, to be sent to henrik.larsen@fjernmail.example.
>
> To confirm, simply reply to this mail. You can also send a mail with
> the line
>
>   confirm %s
>
> to newsletter-request@rma-search.example.
""" % CONFIRM_TOKEN
add("sub-confirm-reply-info", message(
    top(address("Henrik Larsen", "henrik.larsen@fjernmail.example"), INFO,
        "Re: Please confirm your subscription to RMA Search Insights [%s]"
        % CONFIRM_TOKEN, date(2026, 12, 4, 10, 41, 57, 1),
        "CAFh3nr1k-confirm@fjernmail.example"),
    text(body, "utf-8", "7bit")),
    expect("subscription", "recorded"))

# ==== salary wording as people write it (issue 14, part "salary") ====
# Bounds, thousands in words, monthly pay with 13 or 14 payments, "+ bonus"
# and a bare range, one mail per language (and the bare range in English).
# Read by salary.c with data/salary-words.

# ---- EN: "up to $200k plus bonus": a maximum and no minimum
body = """Hi RMA team,

Following our call this morning, here is the brief for the new role.

Company: Harbor Point Biologics Inc.
Contact: Daniel Okafor
Title: VP, Talent
Email: daniel.okafor@harborpoint-bio.example
Phone: +1 617 555 0182
Position: Chief Financial Officer
Industry: Biotech
Location: Boston, MA
Employment Type: Full-time
Salary: up to $200k base plus bonus and equity
Start Date: Q1 2027
Confidential: Yes

Thanks,
Dan
"""
add("job-salary-en-up-to", message(
    top(address("Daniel Okafor", "daniel.okafor@harborpoint-bio.example"),
        JOBS, "CFO search - Harbor Point Biologics",
        date(2026, 12, 1, 11, 2, 40, -5),
        "CAOk4f0r.cfo-brief@harborpoint-bio.example"),
    text(body, "us-ascii", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Harbor Point Biologics Inc.", contact_name="Daniel Okafor",
        contact_title="VP, Talent",
        contact_email="daniel.okafor@harborpoint-bio.example",
        contact_phone="+1 617 555 0182",
        position_title="Chief Financial Officer",
        industry="Biotechnology & Pharmaceuticals", location="Boston, MA",
        country="US", employment_type="full_time",
        salary=(None, 200000, "USD", "year"), start_date="Q1 2027",
        confidential=True)))

# ---- EN: a bare "120-150" with no unit and no currency: a person must
# read it (the numbers as written, needs_review), never a guess
body = """Hello,

I'd like to be considered for senior finance roles.

Name: Priyanka Desai
Email: priyanka.desai@postbox.example
Phone: +44 7700 900456
Current Title: Finance Director
Current Employer: Kestrel Freight Ltd
Desired Position: CFO
Salary Expectation: 120-150
Years of Experience: 14

Best regards,
Priyanka
"""
rec = cand_record(
    name="Priyanka Desai", email="priyanka.desai@postbox.example",
    phone="+44 7700 900456", current_title="Finance Director",
    current_employer="Kestrel Freight Ltd", desired_position="CFO",
    salary=(120, 150, None, "year"), years_experience=14)
rec["needs_review"] = True      # salary.h: a bare range under 1000
add("cand-salary-en-bare-range", message(
    top(address("Priyanka Desai", "priyanka.desai@postbox.example"), CAREERS,
        "Registration - Priyanka Desai", date(2026, 12, 1, 21, 15, 9),
        "CAPd3sa1-reg@postbox.example"),
    text(body, "utf-8", "7bit")),
    expect("candidate", "recorded", rec))

# ---- DE (Austria): a monthly salary paid 14 times, "zzgl. Bonus"
body = """Sehr geehrte Damen und Herren,

wir suchen für unseren Standort in Linz eine Werksleitung und bitten um
Ihre Unterstützung.

Firma: Donautal Kunststofftechnik GmbH
Ansprechpartnerin: Karin Hofbauer
Funktion: Leiterin Personal
E-Mail: karin.hofbauer@donautal-kunststoff.example
Telefon: +43 732 555 2190
Stellenbezeichnung: Werksleiter (m/w/d)
Branche: Kunststoffindustrie
Ort: Linz
Land: Österreich
Anstellungsart: Vollzeit
Gehalt: 6.500 € brutto x 14 zzgl. Bonus
Eintritt: ab sofort

Mit freundlichen Grüßen
Karin Hofbauer
"""
add("job-salary-de-14-gehaelter", message(
    top(address("Karin Hofbauer", "karin.hofbauer@donautal-kunststoff.example"),
        INFO, "Suchauftrag Werksleiter Linz", date(2026, 12, 2, 9, 31, 5, 1),
        "5f2c9a1e.hofbauer@donautal-kunststoff.example"),
    text(body, "ISO-8859-15", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Donautal Kunststofftechnik GmbH",
        contact_name="Karin Hofbauer", contact_title="Leiterin Personal",
        contact_email="karin.hofbauer@donautal-kunststoff.example",
        contact_phone="+43 732 555 2190",
        position_title="Werksleiter (m/w/d)", industry="Chemicals",
        location="Linz", country="AT", employment_type="full_time",
        salary=(91000, 91000, "EUR", "year"), start_date="ab sofort")),
    crlf=True)

# ---- FR: a candidate's lower bound, "à partir de 70 k€ + variable"
body = """Bonjour,

Je souhaite m'inscrire dans votre vivier de candidats.

Prénom : Camille
Nom : Lefèvre
E-mail : camille.lefevre@courriel.example
Téléphone : +33 6 12 55 48 90
Poste actuel : Directrice commerciale
Employeur actuel : Maison Vallin SAS
Poste recherché : Directrice générale
Prétentions salariales : à partir de 70 k€ brut annuel + variable

Bien cordialement,
Camille Lefèvre
"""
add("cand-salary-fr-a-partir-de", message(
    top(address("Camille Lefèvre", "camille.lefevre@courriel.example"),
        CAREERS, "Candidature spontanée - Camille Lefèvre",
        date(2026, 12, 2, 18, 44, 30, 1), "b71e2f.clefevre@courriel.example"),
    text(body, "utf-8", "8bit")),
    expect("candidate", "recorded", cand_record(
        name="Camille Lefèvre", email="camille.lefevre@courriel.example",
        phone="+33 6 12 55 48 90", current_title="Directrice commerciale",
        current_employer="Maison Vallin SAS",
        desired_position="Directrice générale",
        salary=(70000, None, "EUR", "year"))))

# ---- ES: a monthly salary in 14 payments plus a variable part
body = """Buenos días:

Les enviamos los datos del puesto que comentamos por teléfono.

Empresa: Conservas del Cantábrico S.L.
Contacto: Ainhoa Etxeberria
Su cargo: Responsable de Personas
Correo electrónico: ainhoa.etxeberria@conservas-cantabrico.example
Teléfono: +34 944 55 21 80
Puesto: Director/a de Operaciones
Sector: Alimentación
Ubicación: Bilbao
País: España
Tipo de contrato: Indefinido
Salario: 5.000 € brutos al mes en 14 pagas + variable

Un saludo,
Ainhoa Etxeberria
"""
add("job-salary-es-14-pagas", message(
    top(address("Ainhoa Etxeberria",
                "ainhoa.etxeberria@conservas-cantabrico.example"), JOBS,
        "Búsqueda: Director/a de Operaciones", date(2026, 12, 3, 10, 5, 12, 1),
        "AM6PR04MB5f2.etxeberria@conservas-cantabrico.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Conservas del Cantábrico S.L.",
        contact_name="Ainhoa Etxeberria",
        contact_title="Responsable de Personas",
        contact_email="ainhoa.etxeberria@conservas-cantabrico.example",
        contact_phone="+34 944 55 21 80",
        position_title="Director/a de Operaciones",
        industry="Food & Beverage", location="Bilbao", country="ES",
        employment_type="full_time", salary=(70000, 70000, "EUR", "year"))))

# ---- IT: the firm's intake form pasted into an Italian mail; "RAL
# 90-110 mila euro + bonus" (thousands as a word)
body = """Buongiorno,

come d'accordo vi giro la scheda compilata per la ricerca.

Company: Officine Meccaniche Brenta S.p.A.
Contact Name: Giulia Ferraro
Your Title: HR Business Partner
Email: giulia.ferraro@omb-brenta.example
Phone: +39 049 555 7321
Position Title: Direttore Tecnico
Industry: Industrial Manufacturing
Location: Padova
Country: Italy
Employment Type: Full-time
Salary: RAL 90-110 mila euro + bonus

Cordiali saluti,
Giulia Ferraro
"""
add("job-salary-it-mila", message(
    top(address("Giulia Ferraro", "giulia.ferraro@omb-brenta.example"), INFO,
        "Ricerca Direttore Tecnico - scheda", date(2026, 12, 3, 15, 22, 48, 1),
        "20261203152248.7d1f@omb-brenta.example"),
    text(body, "utf-8", "8bit")),
    expect("job_order", "recorded", job_record(
        company="Officine Meccaniche Brenta S.p.A.",
        contact_name="Giulia Ferraro", contact_title="HR Business Partner",
        contact_email="giulia.ferraro@omb-brenta.example",
        contact_phone="+39 049 555 7321", position_title="Direttore Tecnico",
        industry="Industrial Manufacturing", location="Padova", country="IT",
        employment_type="full_time",
        salary=(90000, 110000, "EUR", "year"))))

# ---- NL: a candidate's minimum per year, holiday pay left aside
body = """Goedemiddag,

Graag schrijf ik mij in als kandidaat. Mijn cv volgt later deze week.

Name: Bram de Vries
Email: bram.devries@webpost.example
Phone: +31 6 5555 2190
Current Title: Operations Director
Current Employer: Polderlink Logistics B.V.
Desired Position: COO
Salary Expectation: minimaal € 85.000 per jaar, excl. 8% vakantiegeld

Met vriendelijke groet,
Bram de Vries
"""
add("cand-salary-nl-minimaal", message(
    top(address("Bram de Vries", "bram.devries@webpost.example"), CAREERS,
        "Inschrijving kandidaat - Bram de Vries",
        date(2026, 12, 4, 13, 8, 55, 1), "1c9e4a.bdevries@webpost.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Bram de Vries", email="bram.devries@webpost.example",
        phone="+31 6 5555 2190", current_title="Operations Director",
        current_employer="Polderlink Logistics B.V.", desired_position="COO",
        salary=(85000, None, "EUR", "year"))))
# ==== end of the salary part ====

# ---- to the request address, but no command in it: a person must read
# it (it was recorded as a subscription, and nothing was done)
body = """Hello,

could you add two colleagues of mine to the mailing list as well?
Petra Lang (petra.lang@kestrel-partners.example) and Jonas Kühn
(jonas.kuehn@kestrel-partners.example). Thank you!

Anna Roth
Kestrel Partners
"""
add("unclassified-request-no-command", message(
    top(address("Anna Roth", "anna.roth@kestrel-partners.example"), NEWSREQ,
        "Newsletter for my team", date(2026, 12, 4, 15, 20, 31, 1),
        "0a7b3c91.roth@kestrel-partners.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("unclassified", "review"))

# ---- a confirmation without its token ("confirm" alone, the subject
# says nothing): no command, a person reads it
body = """confirm

Sent from my phone
"""
add("unclassified-confirm-no-token", message(
    top(address("Henrik Larsen", "henrik.larsen@fjernmail.example"), INFO,
        "Newsletter", date(2026, 12, 4, 18, 2, 10, 1),
        "CAFh3nr1k-notoken@fjernmail.example"),
    text(body, "utf-8", "7bit")),
    expect("unclassified", "review"))

# over max_mime_depth (20): multipart nested 30 deep
inner = text("Name: Deep Candidate\nDesired Position: Nesting Officer\n",
             "us-ascii", "7bit")
for depth in range(30, 0, -1):
    inner = multipart("mixed", "depth-%02d" % depth, [inner], preamble="")
add("too-deep", message(
    top(address("Deep Nest", "deep@nest.example"), CAREERS,
        "Application (nested)", date(2026, 11, 22, 0, 0, 30),
        "too-deep-30@nest.example"), inner),
    expect("unclassified", "rejected"))

# over max_parts (200): 250 leaf parts in one multipart
parts = [text("Part %d of 250.\n" % (i + 1), "us-ascii", "7bit")
         for i in range(250)]
add("too-many-parts", message(
    top(address("Many Parts", "many@parts.example"), INFO,
        "250 parts", date(2026, 11, 22, 0, 1, 0), "too-many-parts-250@parts.example"),
    multipart("mixed", "many-parts-boundary", parts, preamble="")),
    expect("unclassified", "rejected"), crlf=True)

# =================================================================
# Signature blocks (issue 14): the facts a sender gives only under the
# closing, in the six languages; a sender written "Surname, Given" or
# "SURNAME Given"; a reply whose only signature is the quoted old one
# (nothing of it is the sender's).  What is said only in the prose is
# a gap here (another part of issue 14 reads it).
# =================================================================
PROSE = "only in the prose (issue 14)"

# ---- EN: the issue's mandate, the sender written "Huber, Petra"
body = """Dear Mr Quill,

Alpenbau GmbH is looking for a Chief Financial Officer for our Munich
headquarters. We offer up to EUR 250k plus bonus. The role reports to
the CEO and leads a team of twelve.

Could you send us your terms by Friday?

Kind regards

Dr. Petra Huber
Head of HR
Alpenbau GmbH
Tel. +49 89 1234 5678
"""
add("sig-en-mandate", message(
    top(address("Huber, Petra", "p.huber@alpenbau.example"), JOBS,
        "Search mandate: Chief Financial Officer (Munich)",
        date(2026, 12, 4, 9, 12, 40, 1),
        "AM0PR07MB4410.huber@alpenbau.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Alpenbau GmbH", contact_name="Petra Huber",
        contact_title="Head of HR",
        contact_email="p.huber@alpenbau.example",
        contact_phone="+49 89 1234 5678",
        position_title="Chief Financial Officer", location="Munich",
        country="DE", salary=(None, 250000, "EUR", "year")),
        gaps={"salary_max": PROSE + ": 'up to EUR 250k'",
              "salary_currency": PROSE, "salary_period": PROSE}))

# ---- DE: a two-language closing, the "-- " block in one line with '|',
# the register lines of a German firm under it (their managing director
# is no contact)
body = """Hallo Herr Quill,

wie besprochen suchen wir für unseren Standort Stuttgart eine/n
Leiter/in Controlling (m/w/d). Die Stelle ist ab sofort zu besetzen,
Details schicke ich Ihnen nächste Woche.

Viele Grüße / best regards
Sabine Vogt

-- 
Sabine Vogt | Leiterin Personal | Vogt Maschinenbau GmbH & Co. KG
Tel. +49 711 987 654 | Mobil +49 171 2345678
Industriestraße 7, 70565 Stuttgart
www.vogt-maschinenbau.example
Sitz der Gesellschaft: Stuttgart, Amtsgericht Stuttgart HRA 723456
Geschäftsführer: Dr. Hans Vogt, Martin Vogt
"""
add("sig-de-auftrag", message(
    top(address("Sabine Vogt", "s.vogt@vogt-maschinenbau.example"), JOBS,
        "Suche Leiter/in Controlling", date(2026, 12, 4, 14, 3, 11, 1),
        "5f3c9a2e-vogt-controlling@vogt-maschinenbau.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Vogt Maschinenbau GmbH & Co. KG", contact_name="Sabine Vogt",
        contact_title="Leiterin Personal",
        contact_email="s.vogt@vogt-maschinenbau.example",
        contact_phone="+49 711 987 654",
        position_title="Leiter/in Controlling (m/w/d)", location="Stuttgart",
        country="DE", start_date="immediately"),
        gaps={"position_title": PROSE + ": 'suchen wir ... eine/n'",
              "location": PROSE, "country": PROSE,
              "start_date": PROSE + ": 'ab sofort'",
              "needs_review": "the position is only in the prose "
              "(issue 14)"}))

# ---- FR: a candidate whose mail program writes "DUBOIS Marie", her
# signature holds her title, employer, mobile and profile; the iPhone
# footer under it
pdf = resume("pdf", "CV_Marie_Dubois.pdf", [
    "Marie Dubois", "Directrice Administrative et Financière",
    "2018 - aujourd'hui  DAF, Groupe Lumière SAS",
    "2011 - 2018  Contrôleuse de gestion",
    "Master CCA, Université de Lyon (fictional record for tests)"])
body = """Bonjour,

Veuillez trouver ci-joint mon CV : je suis à l'écoute d'un poste de
directrice financière dans l'industrie, en région lyonnaise.

Bien cordialement,

Marie Dubois
Directrice Administrative et Financière
Groupe Lumière SAS
Portable : +33 6 12 34 56 78
www.linkedin.com/in/marie-dubois-daf

Envoyé de mon iPhone
"""
add("sig-fr-candidate", message(
    top(address("DUBOIS Marie", "marie.dubois@orange-mail.example"), CAREERS,
        "Candidature spontanée", date(2026, 12, 3, 21, 47, 5, 1),
        "D3A1F2B0-7C44-4E1B-9A57-dubois@orange-mail.example"),
    multipart("mixed", "Apple-Mail-7E1B2C3D-4F5A-6B7C", [
        text(body, "utf-8", "quoted-printable"),
        attachment(pdf, "application/pdf", 'filename="CV_Marie_Dubois.pdf"',
                   type_params='name="CV_Marie_Dubois.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Marie Dubois", email="marie.dubois@orange-mail.example",
        phone="+33 6 12 34 56 78",
        current_title="Directrice Administrative et Financière",
        current_employer="Groupe Lumière SAS",
        desired_position="Directrice financière", locations=["Lyon"],
        profile_url="www.linkedin.com/in/marie-dubois-daf",
        resumes=[("CV_Marie_Dubois.pdf", "application/pdf", pdf)]),
        gaps={"desired_position": PROSE + ": 'un poste de directrice "
              "financière'",
              "locations": PROSE + ": 'en région lyonnaise'"}))

# ---- ES: a reply with the CV; the fresh text signs "Ana" only, the old
# signature of the consultant is in the quote: nothing of it is hers
pdf = resume("pdf", "CV Ana Garcia Lopez.pdf", [
    "Ana García López", "Controller Financiera",
    "2016 - actualidad  Controller Financiera, Iberfrío S.A.",
    "Licenciada en ADE, Universidad Complutense (fictional record)"])
body = """Hola Lucía,

adjunto mi currículum actualizado, como me pedisteis.

Un saludo,
Ana

El lun, 30 nov 2026 a las 10:02, Lucía Fernández
(<l.fernandez@rma-search.example>) escribió:
> Hola Ana:
>
> ¿Nos puedes enviar tu CV actualizado?
>
> Saludos,
> Lucía Fernández
> Consultora Senior
> RMA Search S.L.
> Tel.: +34 91 555 01 23
"""
add("sig-es-quoted-signature", message(
    top(address("García López, Ana", "ana.garcia.lopez@correo.example"),
        CAREERS, "Re: Tu CV actualizado", date(2026, 12, 1, 8, 15, 30, 1),
        "CAGx8-ana-garcia-reply@correo.example"),
    multipart("mixed", "----=_Part_12_99887766.1764576930", [
        text(body, "utf-8", "quoted-printable"),
        attachment(pdf, "application/pdf",
                   'filename="CV Ana Garcia Lopez.pdf"',
                   type_params='name="CV Ana Garcia Lopez.pdf"')])),
    expect("candidate", "recorded", cand_record(
        name="Ana García López", email="ana.garcia.lopez@correo.example",
        resumes=[("CV Ana Garcia Lopez.pdf", "application/pdf", pdf)]),
        gaps={"phone": "the consultant's 'Tel.:' line in the quote is read "
              "as a labelled field (the quote splitter of issue 14)",
              "needs_review": "the only labelled value is quoted, so the "
              "record is held for review (issue 14)"}))

# ---- IT: prose mandate, the block with S.p.A., address and a disclaimer
body = """Buongiorno dott. Quill,

la nostra società cerca un Direttore Amministrazione, Finanza e
Controllo per la sede di Milano. Le invio i dettagli in allegato la
prossima settimana.

Cordiali saluti

Giulia Rossi
Responsabile Risorse Umane
Ferretti Costruzioni S.p.A.
Via Roma 10, 20121 Milano
Tel. +39 02 1234 5678
Cell. +39 333 123 4567

Questo messaggio e i suoi allegati sono riservati al destinatario.
Tel. +39 02 0000 0000
"""
add("sig-it-mandato", message(
    top(address("Giulia Rossi", "g.rossi@ferretti-costruzioni.example"),
        JOBS, "Ricerca Direttore AFC", date(2026, 12, 2, 11, 20, 0, 1),
        "VI1PR09MB.rossi.afc@ferretti-costruzioni.example"),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Ferretti Costruzioni S.p.A.", contact_name="Giulia Rossi",
        contact_title="Responsabile Risorse Umane",
        contact_email="g.rossi@ferretti-costruzioni.example",
        contact_phone="+39 02 1234 5678",
        position_title="Direttore Amministrazione, Finanza e Controllo",
        location="Milano", country="IT"),
        gaps={"position_title": PROSE + ": 'cerca un'"}))

# ---- NL: the sender written "de Vries, Pieter"; T and M phones, a
# disclaimer under the block
body = """Goedemiddag,

Voor onze vestiging in Rotterdam zoeken wij een financieel directeur.
Kunt u mij bellen om de opdracht te bespreken?

Met vriendelijke groet,

Pieter de Vries
Hoofd HR
Van Dijk Bouw B.V.
Weena 505, 3013 AL Rotterdam
T +31 10 123 4567
M +31 6 12345678

Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde.
"""
add("sig-nl-opdracht", message(
    top(address("de Vries, Pieter", "p.devries@vandijkbouw.example"), JOBS,
        "Opdracht financieel directeur", date(2026, 12, 2, 15, 5, 44, 1),
        "AS8PR04MB.devries@vandijkbouw.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Van Dijk Bouw B.V.", contact_name="Pieter de Vries",
        contact_title="Hoofd HR",
        contact_email="p.devries@vandijkbouw.example",
        contact_phone="+31 10 123 4567",
        position_title="Financieel directeur", location="Rotterdam",
        country="NL"),
        gaps={"position_title": PROSE + ": 'zoeken wij een'",
              "location": PROSE, "country": PROSE,
              "needs_review": "the position is only in the prose "
              "(issue 14)"}))

# =================================================================
# The demo mailbox (contrib/demo/Maildir/new): other people, same kinds
# =================================================================


def labelled(intro, fields, outro, sep=": "):
    """Greeting, labelled lines (a value with line breaks goes on the
    lines after its label, then a blank line), sign-off."""
    out = intro + "\n\n" if intro else ""
    for label, value in fields:
        if "\n" in value:
            out += "%s%s\n%s\n\n" % (label, sep.rstrip(), value)
        else:
            out += "%s%s%s\n" % (label, sep, value)
    return out + "\n" + outro + "\n"


def demo(raw):
    n = len(DEMO_MAILS) + 1
    DEMO_MAILS.append(("%d.M%dP1.demo" % (1764000000 + 97 * (n - 1), n), raw))


demo(message(
    top(address("Natalie Brooks", "natalie.brooks@harbourview-health.example"),
        JOBS, "Job order: Chief Operating Officer, Sydney",
        date(2026, 11, 23, 9, 2, 10, 11),
        "demo-01.brooks@harbourview-health.example"),
    text(labelled("Hello RMA Search,\n\nPlease start the following search.", [
        ("Company", "Harbourview Health Group"),
        ("Contact Name", "Natalie Brooks"),
        ("Your Title", "Chief People Officer"),
        ("Email", "natalie.brooks@harbourview-health.example"),
        ("Phone", "+61 2 5550 1290"),
        ("Position Title", "Chief Operating Officer"),
        ("Description", "Run four private hospitals and 30 day clinics in "
         "New South Wales.\nOwn clinical operations, facilities and the "
         "capital plan."),
        ("Requirements", "- Ten years in hospital operations at executive "
         "level\n- Experience with hospital accreditation"),
        ("Industry", "Healthcare"),
        ("Location", "Sydney, Australia"),
        ("Employment Type", "Full-time"),
        ("Salary Range", "AUD 420,000 - 460,000"),
        ("Start Date", "February 2027"),
        ("Confidential Search", "No")], "Kind regards,\nNatalie Brooks"),
        "utf-8", "7bit")))

demo(message(
    top(address("Jan Petersen", "j.petersen@elbhafen-logistik.example"), INFO,
        subject("Suchauftrag: Leiter Supply Chain (m/w/d)", "q", "ISO-8859-1"),
        date(2026, 11, 23, 9, 40, 0, 1),
        "demo-02.petersen@elbhafen-logistik.example"),
    text(labelled("Sehr geehrte Damen und Herren,\n\nbitte übernehmen Sie "
                  "diese Suche für unser Haus.", [
        ("Firma", "Elbhafen Logistik GmbH"),
        ("Ansprechpartner", "Jan Petersen"),
        ("E-Mail", "j.petersen@elbhafen-logistik.example"),
        ("Telefon", "+49 40 555 210 44"),
        ("Position", "Leiter Supply Chain (m/w/d)"),
        ("Stellenbeschreibung", "Verantwortung für Lager, Transport und "
         "Zollabwicklung an vier Standorten.\nFührung von 320 "
         "Mitarbeitenden."),
        ("Branche", "Logistik"),
        ("Standort", "Hamburg, Deutschland"),
        ("Anstellungsart", "Festanstellung"),
        ("Gehalt", "180.000 EUR p.a."),
        ("Eintrittstermin", "01.03.2027"),
        ("Vertraulich", "ja")], "Mit freundlichen Grüßen\nJan Petersen"),
        "ISO-8859-1", "quoted-printable")))

demo(message(
    top(address("RMA Search Web Forms", FORMS), JOBS,
        "Executive Position Job Order - Kestrel Software Ltd",
        date(2026, 11, 23, 10, 15, 33),
        "form-jo-20261123101533-9102@rma-search.example",
        reply_to=address("Oliver Grant", "oliver.grant@kestrel-software.example")),
    text("""<html><body>
<h2>Executive Position Job Order</h2>
<table>
<tr><td>Company</td><td>Kestrel Software Ltd</td></tr>
<tr><td>First Name</td><td>Oliver</td></tr>
<tr><td>Last Name</td><td>Grant</td></tr>
<tr><td>Your Title</td><td>Chief Executive Officer</td></tr>
<tr><td>Email</td><td>oliver.grant@kestrel-software.example</td></tr>
<tr><td>Phone</td><td>+44 161 555 0148</td></tr>
<tr><td>Position Title</td><td>Chief Product Officer</td></tr>
<tr><td>Description</td><td>Own the product portfolio of a B2B payroll platform used by 4,000 employers.</td></tr>
<tr><td>Industry</td><td>Software</td></tr>
<tr><td>Location</td><td>Manchester, UK</td></tr>
<tr><td>Employment Type</td><td>Full-time</td></tr>
<tr><td>Salary Range</td><td>&pound;180,000 - &pound;200,000</td></tr>
<tr><td>Start Date</td><td>ASAP</td></tr>
<tr><td>Confidential</td><td>Yes</td></tr>
</table>
</body></html>
""", "utf-8", "quoted-printable", subtype="html")))

demo(message(
    top(address("Camille Rousseau", "c.rousseau@maison-verlaine.example"),
        JOBS, subject("Recherche : Directeur Général Délégué", "q"),
        date(2026, 11, 23, 11, 2, 45, 1),
        "demo-04.rousseau@maison-verlaine.example"),
    text(labelled("Bonjour,\n\nNous vous confions la recherche suivante.", [
        ("Société", "Maison Verlaine SA"),
        ("Contact", "Camille Rousseau"),
        ("E-mail", "c.rousseau@maison-verlaine.example"),
        ("Téléphone", "+33 1 55 50 77 12"),
        ("Intitulé du poste", "Directeur Général Délégué"),
        ("Description du poste", "Direction des 40 boutiques en France et "
         "en Belgique.\nMembre du comité exécutif."),
        ("Secteur", "Commerce de détail"),
        ("Lieu", "Paris, France"),
        ("Type de contrat", "CDI"),
        ("Rémunération", "250 000 - 280 000 € brut annuel"),
        ("Date de prise de poste", "janvier 2027"),
        ("Confidentiel", "oui")], "Cordialement,\nCamille Rousseau",
        sep=" : "), "utf-8", "base64")))

demo(message(
    top(address("Lucía Ferrer", "lferrer@constructora-levante.example"), INFO,
        subject("Búsqueda: Director de Obras", "q", "windows-1252"),
        date(2026, 11, 23, 12, 20, 5, 1),
        "demo-05.ferrer@constructora-levante.example"),
    text(labelled("Estimados señores:\n\nLes enviamos una nueva búsqueda.", [
        ("Empresa", "Constructora Levante S.A."),
        ("Persona de contacto", "Lucía Ferrer"),
        ("Correo electrónico", "lferrer@constructora-levante.example"),
        ("Teléfono", "+34 96 555 31 20"),
        ("Puesto", "Director de Obras"),
        ("Sector", "Construcción"),
        ("Ubicación", "Valencia, España"),
        ("Tipo de contrato", "Indefinido"),
        ("Salario", "95.000 € brutos al año"),
        ("Fecha de incorporación", "marzo de 2027"),
        ("Confidencial", "no")], "Un saludo,\nLucía Ferrer"),
        "windows-1252", "quoted-printable")))

demo(message(
    top(address("Rohan Mehta", "rohan.mehta@sahyadri-lifesciences.example"),
        INFO, "Search mandate - Head of Manufacturing",
        date(2026, 11, 23, 13, 5, 0, 5, 30),
        "demo-06.mehta@sahyadri-lifesciences.example"),
    text(labelled("Dear Team,", [
        ("Company", "Sahyadri Life Sciences Ltd"),
        ("Contact Name", "Rohan Mehta"),
        ("Contact Title", "Vice President HR"),
        ("Email", "rohan.mehta@sahyadri-lifesciences.example"),
        ("Phone", "+91 22 5555 0117"),
        ("Position Title", "Head of Manufacturing"),
        ("Industry", "Pharmaceuticals"),
        ("Location", "Mumbai, India"),
        ("Employment Type", "Full-time"),
        ("Salary", "INR 15,000,000 per year"),
        ("Start Date", "Q1 2027"),
        ("Confidential", "No")], "Regards,\nRohan"), "utf-8", "7bit")))

demo(message(
    top(address("Petra Dvořáková", "petra.dvorakova@bohemia-glass.example",
                "b"), JOBS, "Job order - Plant Director",
        date(2026, 11, 23, 14, 0, 0, 1),
        "demo-07.dvorakova@bohemia-glass.example"),
    text("""Hello,

Company:
Bohemia Glassworks a.s.

Contact Name:
Petra Dvořáková

Position Title:
Plant Director

Industry:
Industrial Manufacturing

Location:
Prague

Salary:
EUR 120k

Start Date:
April 2027

Thank you,
Petra
""", "utf-8", "quoted-printable")))

demo_pdf = resume_file("pdf", [
    "Emily Zhang", "Chief Financial Officer, Southbank Media Pty Ltd",
    "2018 - today  CFO", "2012 - 2018  Group Financial Controller"])
demo(message(
    top(address("Emily Zhang", "emily.zhang@inbox.example"), CAREERS,
        "Candidate registration - Emily Zhang",
        date(2026, 11, 23, 15, 10, 0, 11), "demo-08.zhang@inbox.example"),
    multipart("mixed", "=_demo08", [
        text(labelled("Dear RMA Search,", [
            ("Name", "Emily Zhang"),
            ("Email", "emily.zhang@inbox.example"),
            ("Phone", "+61 412 555 019"),
            ("Current Title", "Chief Financial Officer"),
            ("Current Employer", "Southbank Media Pty Ltd"),
            ("Desired Position", "CFO or Chief Operating Officer"),
            ("Industries", "Entertainment & Media, Telecommunications"),
            ("Preferred Locations", "Melbourne / Sydney"),
            ("Willing to Relocate", "Yes"),
            ("Salary Expectation", "AUD 450,000"),
            ("Years of Experience", "19"),
            ("LinkedIn", "https://www.linkedin.com/in/emily-zhang-example")],
            "My resume is attached.\n\nEmily"), "utf-8", "7bit"),
        attachment(demo_pdf, "application/pdf",
                   'filename="Emily Zhang Resume.pdf"')])))

demo_docx = resume_file("docx", [
    "Mag. Bernhard Höller", "Leiter Finanzen, Donau Energie AG",
    "seit 2015  Leiter Finanzen"])
fn = "Lebenslauf_Bernhard_Höller.docx"
demo(message(
    top(address("Bernhard Höller", "b.hoeller@postkasten.example"), INFO,
        subject("Bewerbung – Finanzvorstand"), date(2026, 11, 23, 16, 0, 0, 1),
        "demo-09.hoeller@postkasten.example"),
    multipart("mixed", "------------demo09", [
        text(labelled("Sehr geehrte Damen und Herren,", [
            ("Vorname", "Bernhard"),
            ("Nachname", "Höller"),
            ("E-Mail", "b.hoeller@postkasten.example"),
            ("Telefon", "+43 664 555 1203"),
            ("Aktuelle Position", "Leiter Finanzen"),
            ("Aktueller Arbeitgeber", "Donau Energie AG"),
            ("Gewünschte Position", "Finanzvorstand (CFO)"),
            ("Branchen", "Energie; Versicherungen"),
            ("Wunschort", "Wien / Zürich"),
            ("Umzugsbereitschaft", "ja"),
            ("Gehaltsvorstellung", "200.000 EUR p.a."),
            ("Berufserfahrung", "20 Jahre")],
            "Mit freundlichen Grüßen\nBernhard Höller"), "UTF-8",
            "quoted-printable"),
        attachment(demo_docx, CTYPES["docx"], rfc2231("filename", fn))],
        preamble="")))

demo(message(
    top(address("RMA Search Website", WEBFORMS), CAREERS,
        "Executive Candidate Registration: Marc Tremblay",
        date(2026, 11, 23, 17, 30, 0),
        "cr-20261123173000-3390@webforms.rma-search.example",
        reply_to=address("Marc Tremblay", "marc.tremblay@courriel-qc.example")),
    text("""<html><body><h2>Executive Candidate Registration</h2><table>
<tr><td>First Name</td><td>Marc</td></tr>
<tr><td>Last Name</td><td>Tremblay</td></tr>
<tr><td>Email</td><td>marc.tremblay@courriel-qc.example</td></tr>
<tr><td>Phone</td><td>+1 514 555 0162</td></tr>
<tr><td>Current Title</td><td>Vice President, Engineering</td></tr>
<tr><td>Current Employer</td><td>Laurentide Rail Systems</td></tr>
<tr><td>Desired Position</td><td>Chief Technology Officer</td></tr>
<tr><td>Industries</td><td>Engineering, Logistics &amp; Transportation</td></tr>
<tr><td>Preferred Locations</td><td>Montreal / Toronto</td></tr>
<tr><td>Willing to Relocate</td><td>No</td></tr>
<tr><td>Salary Expectation</td><td>CAD 320,000</td></tr>
<tr><td>Years of Experience</td><td>22</td></tr>
</table></body></html>
""", "utf-8", "quoted-printable", subtype="html")))

demo_odt = resume_file("odt", [
    "Ingrid Halvorsen", "Managing Director, Nordkyst Seafood AS",
    "2014 - today  Managing Director"])
demo(message(
    top(address("Ingrid Halvorsen", "ingrid.halvorsen@postkassen.example"),
        INFO, "My CV", date(2026, 11, 23, 18, 45, 0, 1),
        "demo-11.halvorsen@postkassen.example"),
    multipart("mixed", "=_demo11", [
        text("""Dear RMA Search,

A friend who worked with your Stockholm office suggested I send you my CV.
I have run a family-owned company for a long time and would now like to
take on a larger board or general management role.

Best regards,
Ingrid Halvorsen
""", "utf-8", "7bit"),
        attachment(demo_odt, CTYPES["odt"],
                   'filename="CV Ingrid Halvorsen.odt"')])))

demo_rtf = resume_file("rtf", [
    "Thomas Girard", "Directeur industriel, Aciéries du Rhône",
    "depuis 2016  Directeur industriel"])
demo(message(
    top(address("Thomas Girard", "thomas.girard@courriel.example"), CAREERS,
        subject("Candidature – Directeur des opérations"),
        date(2026, 11, 23, 19, 20, 0, 1), "demo-12.girard@courriel.example"),
    multipart("mixed", "=_demo12", [
        text(labelled("Bonjour,", [
            ("Prénom", "Thomas"),
            ("Nom", "Girard"),
            ("E-mail", "thomas.girard@courriel.example"),
            ("Téléphone", "+33 6 55 98 76 54"),
            ("Poste actuel", "Directeur industriel"),
            ("Employeur actuel", "Aciéries du Rhône"),
            ("Poste recherché", "Directeur des opérations"),
            ("Secteurs", "Métallurgie"),
            ("Localisation souhaitée", "Lyon / Paris"),
            ("Mobilité géographique", "oui"),
            ("Prétentions salariales", "150 000 € brut annuel"),
            ("Années d'expérience", "18")], "Cordialement,\nThomas Girard",
            sep=" : "), "utf-8", "8bit"),
        attachment(demo_rtf, "application/rtf",
                   'filename="CV_Thomas_Girard.rtf"')])))

demo(message(
    top(address("Daniel Lim", "daniel.lim@mailhub.example"), CAREERS,
        "Interim finance assignments", date(2026, 11, 23, 20, 0, 0, 8),
        "demo-13.lim@mailhub.example"),
    text(labelled("Hello,", [
        ("Name", "Daniel Lim"),
        ("Email", "daniel.lim@mailhub.example"),
        ("Phone", "+65 9555 0133"),
        ("Current Title", "Interim CFO"),
        ("Desired Position", "Interim CFO"),
        ("Industries", "Private Equity; Banking"),
        ("Preferred Locations", "Singapore / Kuala Lumpur"),
        ("Willing to relocate", "No"),
        ("Salary Expectation", "S$250/hour"),
        ("Years of Experience", "24")], "Regards,\nDaniel"),
        "utf-8", "7bit")))

demo_html = resume_file("html", [
    "Javier Molina Ortiz", "Director Comercial, Vinos de la Ribera S.L.",
    "2015 - hoy  Director Comercial"])
demo(message(
    top(address("Javier Molina Ortiz", "jmolina@correo.example"), INFO,
        subject("Candidatura - Director General"),
        date(2026, 11, 23, 21, 0, 0, 1), "demo-14.molina@correo.example"),
    multipart("mixed", "=_demo14", [
        text(labelled("Estimados señores:", [
            ("Nombre", "Javier"),
            ("Apellidos", "Molina Ortiz"),
            ("Correo electrónico", "jmolina@correo.example"),
            ("Cargo actual", "Director Comercial"),
            ("Empresa actual", "Vinos de la Ribera S.L."),
            ("Puesto deseado", "Director General"),
            ("Sectores", "Alimentación y bebidas"),
            ("Ubicación preferida", "Madrid; Barcelona"),
            ("Disponibilidad para reubicarse", "sí"),
            ("Expectativa salarial", "120.000 € brutos al año"),
            ("Años de experiencia", "16")], "Atentamente,\nJavier Molina"),
            "windows-1252", "quoted-printable"),
        attachment(demo_html, "text/html",
                   'filename="CV_Javier_Molina.html"')])))

demo(message(
    top(address("Grace Adeyemi", "grace.adeyemi@inbox.example"), NEWSREQ,
        "subscribe", date(2026, 11, 24, 7, 0, 0),
        "demo-15.adeyemi@inbox.example"),
    text("subscribe\n", "us-ascii", "7bit")))

demo(message(
    top(address("Martin Keller", "m.keller@alpin-consult.example"), CAREERS,
        "Abwesenheitsnotiz: RMA Search - Ihre Registrierung",
        date(2026, 11, 24, 7, 30, 0, 1), "demo-16.keller@alpin-consult.example",
        after=["Auto-Submitted: auto-replied"]),
    text("Vielen Dank für Ihre Nachricht. Ich bin bis 2. Dezember nicht im "
         "Büro\nund lese meine E-Mails nur unregelmäßig.\n\nMartin Keller\n",
         "utf-8", "quoted-printable")))

demo(message(
    ["Return-Path: <>",
     *top(address("Mail Delivery System",
                  "MAILER-DAEMON@mx1.rma-search.example"),
          "bounces+77e0c1d2a9@rma-search.example",
          "Undelivered Mail Returned to Sender", date(2026, 11, 24, 9, 0, 9),
          "20261124090009.AA01@mx1.rma-search.example")],
    multipart("report", "demo17.report/mx1.rma-search.example", [
        Entity(["Content-Type: text/plain; charset=us-ascii"],
               b"Your message could not be delivered to "
               b"<h.weber@gone.example>: the mailbox is full.\n"),
        Entity(["Content-Type: message/delivery-status"],
               b"Reporting-MTA: dns; mx1.rma-search.example\n\n"
               b"Final-Recipient: rfc822; h.weber@gone.example\n"
               b"Action: failed\nStatus: 5.2.2\n"
               b"Diagnostic-Code: smtp; 552 5.2.2 mailbox full\n"),
        Entity(["Content-Type: text/rfc822-headers"],
               b"From: RMA Search <office@rma-search.example>\n"
               b"To: h.weber@gone.example\n"
               b"Subject: RMA Search Insights - Issue 42\n")],
        params="report-type=delivery-status;", preamble="")))

demo(message(
    top(address("Global Lead Finder", "sales@leadfinder-pro.example"), INFO,
        "10,000 verified CFO emails - 80% off this week only",
        date(2026, 11, 24, 2, 22, 0, -8), "lf.98231.x7@leadfinder-pro.example"),
    text("Hi there,\n\nGrow your pipeline with our verified database of "
         "10,000 finance decision\nmakers. Only $99 this week. Click below "
         "before the offer ends.\n\nhttps://leadfinder-pro.example/deal\n\n"
         "The Lead Finder Team\n", "utf-8", "7bit")))

# =================================================================
# Fresh text over quoted text (issue 14, src/inbound/quote.c): a
# correction above or under the quoted original, the whole form repeated
# corrected over an Outlook header block, job orders a partner forwards
# with a short note, a candidate correcting the acknowledgement
# =================================================================

# ---- a correction in prose above the quoted original (Gmail): the
# fresh text has no field, so the quoted form fills the record and asks
# for review; a careful reader takes 140k and Basel from the prose
body = """Hi Tom,

sorry, a mistake in my mail below: the salary is CHF 140k, not 120k, and
the location is Basel, not Zurich. Everything else stays as it was.

Thanks
Anna

On Mon, 7 Dec 2026 at 09:12, Anna Keller <anna.keller@rheintal-bau.example> wrote:
> Hi Tom,
>
> here is the new search we talked about on Friday.
>
> Company: Rheintal Bau AG
> Position Title: Head of Finance
> Location: Zurich
> Salary: CHF 120k
> Employment Type: Full-time
>
> Best regards
> Anna Keller
"""
add("job-en-correction-prose-over-quote", message(
    top(address("Anna Keller", "anna.keller@rheintal-bau.example"), JOBS,
        "Re: New search: Head of Finance", date(2026, 12, 7, 9, 31, 2, 1),
        "CAJx7Qm1Rk2.keller@rheintal-bau.example",
        after=("In-Reply-To: <CAJx7Qm0Pz9.keller@rheintal-bau.example>",)),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Rheintal Bau AG", contact_name="Anna Keller",
        contact_email="anna.keller@rheintal-bau.example",
        position_title="Head of Finance", location="Basel", country="CH",
        employment_type="full_time", salary=(140000, 140000, "CHF", "year")),
        gaps={"location": "the correction is prose above the quote (issue 14)",
              "salary_min": "the correction is prose above the quote (issue 14)",
              "salary_max": "the correction is prose above the quote (issue 14)",
              "needs_review": "values only from the quote until the prose is read (issue 14)"}))

# ---- German, bottom-posting: the quoted order first, the labelled
# correction under it; the quote fills what the correction leaves out
body = """Am 07.12.2026 um 09:12 schrieb Hans M\u00fcller <h.mueller@kessler-maschinen.example>:
> Guten Tag Herr Weber,
>
> wie besprochen unser Suchauftrag:
>
> Firma: Kessler Maschinenbau GmbH
> Position: Leiter Controlling (m/w/d)
> Standort: M\u00fcnchen
> Gehalt: 95.000 - 110.000 EUR
> Anstellungsart: Vollzeit
>
> Mit freundlichen Gr\u00fc\u00dfen
> Hans M\u00fcller

Korrektur, die Gesch\u00e4ftsf\u00fchrung hat heute entschieden:

Standort: Frankfurt
Gehalt: 105.000 - 120.000 EUR

Viele Gr\u00fc\u00dfe
Hans M\u00fcller
"""
add("job-de-correction-under-quote", message(
    top(address("Hans M\u00fcller", "h.mueller@kessler-maschinen.example"),
        INFO, "Re: Suchauftrag Leiter Controlling",
        date(2026, 12, 7, 14, 2, 40, 1),
        "5f2a91c0.4411@kessler-maschinen.example"),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Kessler Maschinenbau GmbH", contact_name="Hans M\u00fcller",
        contact_email="h.mueller@kessler-maschinen.example",
        position_title="Leiter Controlling (m/w/d)", location="Frankfurt",
        country="DE", employment_type="full_time",
        salary=(105000, 120000, "EUR", "year"))))

# ---- French: the whole form repeated, corrected, above Outlook's
# header block (no rule line: "De : … Envoyé : … À : … Objet :"); the
# start date is only in the original
body = """Bonjour Monsieur Weber,

Je vous renvoie la fiche corrig\u00e9e, le poste est bas\u00e9 \u00e0 Lyon et non \u00e0 Paris :

Entreprise : Vercors \u00c9nergie SAS
Intitul\u00e9 du poste : Directeur Administratif et Financier
Lieu : Lyon
Salaire : 110 000 \u00e0 130 000 EUR
Type de contrat : CDI

Cordialement,
Claire Fontaine

De : Claire Fontaine <c.fontaine@vercors-energie.example>
Envoy\u00e9 : lundi 7 d\u00e9cembre 2026 09:12
\u00c0 : Jobs RMA <jobs@rma-search.example>
Objet : Recherche DAF

Bonjour,

Voici notre demande :

Entreprise : Vercors \u00c9nergie SAS
Intitul\u00e9 du poste : Directeur Administratif et Financier
Lieu : Paris
Salaire : 100 000 \u00e0 120 000 EUR
Type de contrat : CDI
Date de d\u00e9but : mars 2027

Cordialement,
Claire Fontaine
"""
add("job-fr-form-repeated-over-outlook", message(
    top(address("Claire Fontaine", "c.fontaine@vercors-energie.example"),
        JOBS, "RE: Recherche DAF", date(2026, 12, 7, 10, 5, 11, 1),
        "PR1P264MB0412.fontaine@vercors-energie.example"),
    text(body, "utf-8", "base64")),
    expect("job_order", "recorded", job_record(
        company="Vercors \u00c9nergie SAS", contact_name="Claire Fontaine",
        contact_email="c.fontaine@vercors-energie.example",
        position_title="Directeur Administratif et Financier",
        location="Lyon", country="FR", employment_type="full_time",
        salary=(110000, 130000, "EUR", "year"), start_date="2027-03")))

# ---- a partner forwards a client's job order with a short note (Gmail):
# the forwarded order is what the partner means; the contact is the
# client's, as its fields say; the title only in the client's signature
body = """Hi team,

FYI, see below: a new mandate from a client of ours. Can you open it?

Tom

---------- Forwarded message ---------
From: Klaus Brandt <k.brandt@alpenbau.example>
Date: Mon, 7 Dec 2026 at 09:12
Subject: CFO search
To: Tom Lindqvist <tom@nordpartners.example>


Dear Tom,

as agreed, our search mandate:

Company: Alpenbau GmbH
Position Title: Chief Financial Officer
Location: Munich
Salary: EUR 220,000 - 250,000
Employment Type: Full-time
Contact: Klaus Brandt
Email: k.brandt@alpenbau.example
Phone: +49 89 555 0170

Kind regards
Klaus Brandt
Head of HR, Alpenbau GmbH
"""
add("job-en-forwarded-by-partner", message(
    top(address("Tom Lindqvist", "tom@nordpartners.example"), JOBS,
        "Fwd: CFO search", date(2026, 12, 7, 11, 20, 45, 1),
        "CAH3kq9Lindqvist@nordpartners.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Alpenbau GmbH", contact_name="Klaus Brandt",
        contact_title="Head of HR", contact_email="k.brandt@alpenbau.example",
        contact_phone="+49 89 555 0170",
        position_title="Chief Financial Officer", location="Munich",
        country="DE", employment_type="full_time",
        salary=(220000, 250000, "EUR", "year")),
        gaps={"contact_title": "only in the forwarded signature (issue 14)"}))

# ---- Spanish, Apple Mail's forward ("Inicio del mensaje reenviado:")
# under a note, the forwarder's signature after "-- "
body = """Hola Marta:

Te reenv\u00edo la b\u00fasqueda del cliente, ver abajo.

Un saludo,
Javier

-- 
Javier Ortega
Socio | Ortega & Pons Consultores
+34 91 555 0123

Inicio del mensaje reenviado:

De: Luc\u00eda Romero <lucia.romero@grupo-talaia.example>
Asunto: B\u00fasqueda Director Financiero
Fecha: 7 de diciembre de 2026, 9:12:04 CET
Para: Javier Ortega <javier@ortegapons.example>

Buenos d\u00edas Javier:

Como hablamos, os paso los datos:

Empresa: Grupo Talaia S.L.
Puesto: Director Financiero
Ubicaci\u00f3n: Madrid
Salario: 80.000 - 95.000 EUR
Tipo de contrato: Indefinido
Contacto: Luc\u00eda Romero
Correo electr\u00f3nico: lucia.romero@grupo-talaia.example

Un saludo,
Luc\u00eda Romero
"""
add("job-es-forwarded-apple", message(
    top(address("Javier Ortega", "javier@ortegapons.example"), JOBS,
        subject("Fwd: B\u00fasqueda Director Financiero"),
        date(2026, 12, 7, 12, 0, 3, 1),
        "8E21F0A3-77C4-4D2B-9C11-0F3E5A7B2D10@ortegapons.example"),
    text(body, "utf-8", "8bit")),
    expect("job_order", "recorded", job_record(
        company="Grupo Talaia S.L.", contact_name="Luc\u00eda Romero",
        contact_email="lucia.romero@grupo-talaia.example",
        position_title="Director Financiero", location="Madrid",
        country="ES", employment_type="full_time",
        salary=(80000, 95000, "EUR", "year")),
        gaps={"contact_name": "the label \"Contacto\" is not read yet (issue 14)",
              "contact_title": "the forwarding partner's signature is read, "
              "not the client's in the forwarded mail (issue 14)",
              "contact_phone": "the forwarding partner's signature is read, "
              "not the client's in the forwarded mail (issue 14)"}))

# ---- Spanish, bottom-posting under "El … escribió:", the new salary
# and start under the quoted order
body = """El lun, 7 dic 2026 a las 9:12, Carmen Ruiz (<c.ruiz@bodegas-almendro.example>) escribi\u00f3:
> Hola Javier:
>
> Te paso la b\u00fasqueda:
>
> Empresa: Bodegas Almendro S.A.
> Puesto: Director Comercial
> Ubicaci\u00f3n: Valencia
> Salario: 70.000 - 80.000 EUR
> Tipo de contrato: Indefinido
> Fecha de incorporaci\u00f3n: 01/02/2027
>
> Un saludo,
> Carmen

Perd\u00f3n, dos cambios que me confirma direcci\u00f3n:

Salario: 75.000 - 85.000 EUR
Fecha de incorporaci\u00f3n: 01/03/2027

Un saludo,
Carmen Ruiz
"""
add("job-es-correction-under-quote", message(
    top(address("Carmen Ruiz", "c.ruiz@bodegas-almendro.example"), JOBS,
        subject("Re: B\u00fasqueda Director Comercial"),
        date(2026, 12, 7, 16, 40, 12, 1),
        "CAE5ruiz0Tk@bodegas-almendro.example"),
    text(body, "windows-1252", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Bodegas Almendro S.A.", contact_name="Carmen Ruiz",
        contact_email="c.ruiz@bodegas-almendro.example",
        position_title="Director Comercial", location="Valencia",
        country="ES", employment_type="full_time",
        salary=(75000, 85000, "EUR", "year"), start_date="2027-03-01")))

# ---- a candidate corrects the acknowledgement quoted under an Italian
# attribution ("Il giorno … ha scritto:"): her two new lines win, the
# rest of the quoted echo fills the record
body = """Good morning,

thank you. Two corrections:

Desired Salary: EUR 170,000
Desired Location: Turin

Best regards
Giulia Conti

Il giorno lun 7 dic 2026 alle ore 09:12 RMA Search <careers@rma-search.example> ha scritto:
> Dear Giulia Conti,
>
> thank you for your registration. This is what we understood:
>
> Desired Position: Chief Financial Officer
> Current Title: Finance Director
> Current Employer: Lombarda Tessile S.p.A.
> Desired Location: Milan
> Desired Salary: EUR 150,000
> Years of Experience: 15
>
> If something is wrong, simply reply to this mail.
"""
add("cand-it-correction-over-ack", message(
    top(address("Giulia Conti", "giulia.conti@posta.example"), CAREERS,
        "Re: Your registration with RMA Search",
        date(2026, 12, 7, 9, 47, 30, 1),
        "CAF8v2Lp0conti@posta.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("candidate", "recorded", cand_record(
        name="Giulia Conti", email="giulia.conti@posta.example",
        current_title="Finance Director",
        current_employer="Lombarda Tessile S.p.A.",
        desired_position="Chief Financial Officer", locations=["Turin"],
        salary=(170000, 170000, "EUR", "year"), years_experience=15)))

# ---- Dutch attribution ("Op … schreef …:"), wrapped over two lines by
# the mail program, the correction on top in the firm's English labels
body = """Beste Tom,

Kleine correctie op mijn vorige mail:

Location: Rotterdam
Start Date: 01.04.2027

Met vriendelijke groet,
Pieter Jansen

Op ma 7 dec. 2026 om 09:12 schreef Pieter Jansen <
p.jansen@havenlogistiek.example>:

> Beste Tom,
>
> Company: Havenlogistiek B.V.
> Position Title: Finance Manager
> Location: Amsterdam
> Salary: EUR 85,000 - 95,000
> Start Date: 01.03.2027
>
> Met vriendelijke groet,
> Pieter Jansen
"""
add("job-nl-correction-wrapped-attribution", message(
    top(address("Pieter Jansen", "p.jansen@havenlogistiek.example"), JOBS,
        "Re: Vacature Finance Manager", date(2026, 12, 7, 15, 12, 9, 1),
        "CAPj4nsen77@havenlogistiek.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Havenlogistiek B.V.", contact_name="Pieter Jansen",
        contact_email="p.jansen@havenlogistiek.example",
        position_title="Finance Manager", location="Rotterdam",
        country="NL", salary=(85000, 95000, "EUR", "year"),
        start_date="2027-04-01")))

# =================================================================
# Writing
# =================================================================


# =================================================================
# Prose (issue 14, part "prose"): job orders and candidates written in
# sentences, two per language, with signatures, subjects that carry the
# position, salary wording and quoted replies.  What the code cannot read
# yet (signatures, salaries and industries in prose) is marked as a gap.
# =================================================================

P_SIG = "only in the signature (issue 14)"
P_SAL = "only in the prose: salary wording (issue 14)"
P_IND = "only in the prose: the job order's industry (issue 14)"


def p_salary_gaps(g=None):
    d = dict(g or {})
    for k in ("salary_min", "salary_max", "salary_currency", "salary_period"):
        d[k] = P_SAL
    return d


# ---- EN job order: the issue's mandate, a signature with title and phone
body = """Dear Tom,

Alpenbau GmbH is looking for a Chief Financial Officer for our Munich
headquarters. We offer up to EUR 250k plus bonus.

The current CFO retires at the end of June, so we would like to have a
shortlist by the end of February.

Best regards

Katharina Vogt
Head of Human Resources
Alpenbau GmbH
Phone +49 89 5550 1234
"""
add("job-prose-en-mandate", message(
    top(address("Katharina Vogt", "k.vogt@alpenbau.example"), JOBS,
        "Search mandate: Chief Financial Officer (Munich)",
        date(2026, 12, 2, 9, 14, 3, 1), "3f1a.vogt@alpenbau.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Alpenbau GmbH", contact_name="Katharina Vogt",
        contact_title="Head of Human Resources",
        contact_email="k.vogt@alpenbau.example",
        contact_phone="+49 89 5550 1234",
        position_title="Chief Financial Officer", location="Munich",
        country="DE", salary=(250000, 250000, "EUR", "year")),
        gaps=p_salary_gaps({})))

# ---- EN candidate: what she wants, what she does not, and a move
body = """Hello Tom,

Please find my CV attached. After eleven years in corporate banking I am
looking for CFO roles in life sciences, not in banking again, and I am
open to relocating to Zurich for the right company.

My current package is around CHF 280,000.

Kind regards,
Helen Marsh
Finance Director, Corvel Bank
+44 20 7946 0321
"""
add("cand-prose-en-life-sciences", message(
    top(address("Helen Marsh", "helen.marsh@postbox.example"), CAREERS,
        "CFO roles in life sciences", date(2026, 12, 2, 21, 3, 44),
        "CAK9marsh.cfo@postbox.example"),
    text(body, "utf-8", "7bit")),
    expect("candidate", "recorded", cand_record(
        name="Helen Marsh", email="helen.marsh@postbox.example",
        phone="+44 20 7946 0321", current_title="Finance Director",
        current_employer="Corvel Bank", desired_position="CFO",
        industries=["Biotechnology & Pharmaceuticals"],
        locations=["Zurich"], willing_to_relocate=True),
        gaps={"current_title": P_SIG,
              "current_employer": P_SIG}))

# ---- DE job order: a company introducing itself, a gender tag, Standort
body = """Sehr geehrter Herr Wright,

wir sind ein familiengeführter Logistikdienstleister mit 1.200
Mitarbeitenden. Die Brenner Logistik GmbH sucht zum nächstmöglichen
Zeitpunkt eine/n Leiter/in Finanzen (m/w/d) für unseren Standort Hamburg.
Das Jahresgehalt liegt zwischen 140.000 und 160.000 EUR.

Mit freundlichen Grüßen
Jens Albers
Geschäftsführer
Brenner Logistik GmbH
Tel. +49 40 5550 7781
"""
add("job-prose-de-standort", message(
    top(address("Jens Albers", "j.albers@brenner-logistik.example"), JOBS,
        "Suchauftrag: Leiter Finanzen (m/w/d)",
        date(2026, 12, 3, 8, 2, 51, 1), "20261203080251.albers@brenner-logistik.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Brenner Logistik GmbH", contact_name="Jens Albers",
        contact_title="Geschäftsführer",
        contact_email="j.albers@brenner-logistik.example",
        contact_phone="+49 40 5550 7781", position_title="Leiter Finanzen",
        industry="Logistics & Transportation", location="Hamburg",
        country="DE", start_date="zum nächstmöglichen Zeitpunkt",
        salary=(140000, 160000, "EUR", "year")),
        gaps=p_salary_gaps({"industry": P_IND,
                            "start_date": "only in the prose (issue 14)"})))

# ---- DE candidate: a quoted reply below the fresh text
body = """Hallo Herr Wright,

danke für das Gespräch. Wie besprochen suche ich eine neue Position als
Werkleiter in der Automobilindustrie und bin bereit, nach Stuttgart
umzuziehen. Meinen Lebenslauf schicke ich nächste Woche.

Viele Grüße
Markus Heller

Am 1. Dez. 2026 um 17:02 schrieb Tom Wright <tom@rma-search.example>:
> Lieber Herr Heller, wir suchen für einen Kunden eine Position als
> Einkaufsleiter in Berlin.
"""
add("cand-prose-de-werkleiter", message(
    top(address("Markus Heller", "markus.heller@webpost.example"), CAREERS,
        "Re: Unser Gespräch", date(2026, 12, 2, 7, 55, 10, 1),
        "e4c2.heller@webpost.example"),
    text(body, "utf-8", "8bit")),
    expect("candidate", "recorded", cand_record(
        name="Markus Heller", email="markus.heller@webpost.example",
        desired_position="Werkleiter", industries=["Automotive"],
        locations=["Stuttgart"], willing_to_relocate=True)))

# ---- FR job order: "La société X recherche", siège de Paris, salary
body = """Bonjour Monsieur Wright,

La société Vellard SA recherche un Directeur financier pour notre siège
de Paris. La rémunération proposée est de 150 000 à 170 000 euros bruts
par an, plus une part variable.

Cordialement,

Marie Dubois
Directrice des ressources humaines
Vellard SA
Tél. : +33 1 55 50 12 34
"""
add("job-prose-fr-siege", message(
    top(address("Marie Dubois", "marie.dubois@vellard.example"), JOBS,
        "Mandat de recherche : Directeur financier (Paris)",
        date(2026, 12, 3, 10, 30, 0, 1), "vellard.dubois.1203@vellard.example"),
    text(body, "iso-8859-1", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Vellard SA", contact_name="Marie Dubois",
        contact_title="Directrice des ressources humaines",
        contact_email="marie.dubois@vellard.example",
        contact_phone="+33 1 55 50 12 34",
        position_title="Directeur financier", location="Paris",
        country="FR", salary=(150000, 170000, "EUR", "year")),
        gaps=p_salary_gaps({})))

# ---- FR candidate: a wished position in pharma and a move to Geneva
body = """Bonjour,

Après douze ans chez Laboratoires Sernac, je recherche un poste de
directeur financier dans l'industrie pharmaceutique et je suis prêt à
déménager à Genève. Vous trouverez mon CV en pièce jointe.

Bien à vous,
Julien Caron
"""
add("cand-prose-fr-geneve", message(
    top(address("Julien Caron", "julien.caron@courriel.example"), CAREERS,
        "Candidature spontanée - directeur financier",
        date(2026, 12, 3, 18, 12, 40, 1), "caron.0312@courriel.example"),
    text(body, "utf-8", "8bit")),
    expect("candidate", "recorded", cand_record(
        name="Julien Caron", email="julien.caron@courriel.example",
        desired_position="directeur financier",
        industries=["Biotechnology & Pharmaceuticals"],
        locations=["Genève"], willing_to_relocate=True)))

# ---- ES job order: a company with S.L., sede de Madrid, hasta
body = """Estimado Tom:

Grupo Ortiz S.L. busca un Director Financiero para nuestra sede de
Madrid. Ofrecemos una retribución de hasta 180.000 EUR brutos anuales.

Un saludo,
Lucía Ortiz
Directora General
Grupo Ortiz S.L.
+34 91 555 23 45
"""
add("job-prose-es-sede", message(
    top(address("Lucía Ortiz", "lucia.ortiz@grupo-ortiz.example"), JOBS,
        "Búsqueda: Director Financiero (Madrid)",
        date(2026, 12, 4, 11, 5, 22, 1), "ortiz.1204@grupo-ortiz.example"),
    text(body, "windows-1252", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Grupo Ortiz S.L.", contact_name="Lucía Ortiz",
        contact_title="Directora General",
        contact_email="lucia.ortiz@grupo-ortiz.example",
        contact_phone="+34 91 555 23 45",
        position_title="Director Financiero", location="Madrid",
        country="ES", salary=(180000, 180000, "EUR", "year")),
        gaps=p_salary_gaps({})))

# ---- ES candidate: "no busco …" first, then what she does want
body = """Hola Tom:

No busco un puesto de directora general. Busco un puesto de directora de
riesgos en seguros y estoy dispuesta a trasladarme a Madrid.

Saludos,
Elena Ruiz
"""
add("cand-prose-es-riesgos", message(
    top(address("Elena Ruiz", "elena.ruiz@correo.example"), CAREERS,
        "Mi candidatura", date(2026, 12, 4, 20, 41, 9, 1),
        "ruiz.2041@correo.example"),
    text(body, "utf-8", "8bit")),
    expect("candidate", "recorded", cand_record(
        name="Elena Ruiz", email="elena.ruiz@correo.example",
        desired_position="directora de riesgos", industries=["Insurance"],
        locations=["Madrid"], willing_to_relocate=True)))

# ---- IT job order: S.p.A., sede di Milano, a second position later on
body = """Gentile Tom,

Rossi Impianti S.p.A. cerca un Direttore Finanziario per la nostra sede
di Milano; più avanti cercheremo anche un Controller.
La retribuzione annua lorda è compresa tra 160.000 e 190.000 euro.

Cordiali saluti
Giulia Rossi
Responsabile Risorse Umane
Rossi Impianti S.p.A.
Tel. +39 02 5550 1122
"""
add("job-prose-it-sede", message(
    top(address("Giulia Rossi", "giulia.rossi@rossi-impianti.example"), JOBS,
        "Ricerca: Direttore Finanziario (Milano)",
        date(2026, 12, 4, 9, 45, 33, 1), "rossi.0945@rossi-impianti.example"),
    text(body, "utf-8", "quoted-printable")),
    expect("job_order", "recorded", job_record(
        company="Rossi Impianti S.p.A.", contact_name="Giulia Rossi",
        contact_title="Responsabile Risorse Umane",
        contact_email="giulia.rossi@rossi-impianti.example",
        contact_phone="+39 02 5550 1122",
        position_title="Direttore Finanziario", location="Milano",
        country="IT", salary=(160000, 190000, "EUR", "year")),
        gaps=p_salary_gaps({})))

# ---- IT candidate: not in banking, a move to Milan
body = """Buongiorno,

cerco una posizione come direttore finanziario nel settore farmaceutico,
non nel settore bancario, e sono disponibile a trasferirmi a Milano.
In allegato trovate il mio curriculum.

Cordiali saluti
Paolo Conti
"""
add("cand-prose-it-farmaceutico", message(
    top(address("Paolo Conti", "paolo.conti@posta.example"), CAREERS,
        "Candidatura direttore finanziario", date(2026, 12, 5, 8, 20, 0, 1),
        "conti.0820@posta.example"),
    text(body, "utf-8", "8bit")),
    expect("candidate", "recorded", cand_record(
        name="Paolo Conti", email="paolo.conti@posta.example",
        desired_position="direttore finanziario",
        industries=["Biotechnology & Pharmaceuticals"],
        locations=["Milano"], willing_to_relocate=True)))

# ---- NL job order: B.V., kantoor in Amsterdam, salary band
body = """Beste Tom,

Van Dijk Bouw B.V. zoekt een Financieel Directeur voor ons kantoor in
Amsterdam. Het salaris ligt tussen EUR 150.000 en EUR 175.000 per jaar,
exclusief bonus.

Met vriendelijke groet,
Sanne de Vries
HR Manager
Van Dijk Bouw B.V.
+31 20 555 0199
"""
add("job-prose-nl-kantoor", message(
    top(address("Sanne de Vries", "sanne.devries@vandijkbouw.example"), JOBS,
        "Zoekopdracht: Financieel Directeur (Amsterdam)",
        date(2026, 12, 5, 13, 10, 5, 1), "devries.1310@vandijkbouw.example"),
    text(body, "utf-8", "7bit")),
    expect("job_order", "recorded", job_record(
        company="Van Dijk Bouw B.V.", contact_name="Sanne de Vries",
        contact_title="HR Manager",
        contact_email="sanne.devries@vandijkbouw.example",
        contact_phone="+31 20 555 0199",
        position_title="Financieel Directeur", location="Amsterdam",
        country="NL", salary=(150000, 175000, "EUR", "year")),
        gaps=p_salary_gaps({})))

# ---- NL candidate: healthcare in Dutch, a move to Amsterdam
body = """Beste Tom,

Na tien jaar bij Zorggroep Oost ben ik op zoek naar een functie als
financieel directeur in de zorg, en ik ben bereid om naar Amsterdam te
verhuizen.

Met vriendelijke groet,
Pieter Bakker
"""
add("cand-prose-nl-zorg", message(
    top(address("Pieter Bakker", "pieter.bakker@mail.example"), CAREERS,
        "Sollicitatie financieel directeur", date(2026, 12, 5, 19, 2, 17, 1),
        "bakker.1902@mail.example"),
    text(body, "utf-8", "7bit")),
    expect("candidate", "recorded", cand_record(
        name="Pieter Bakker", email="pieter.bakker@mail.example",
        desired_position="financieel directeur", industries=["Healthcare"],
        locations=["Amsterdam"], willing_to_relocate=True),
        gaps={"industries": "industry.h: Dutch \"zorg\" is no synonym "
                            "(issue 14)"}))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    dump = None
    if len(sys.argv) == 3 and sys.argv[1] == "--dump":
        dump = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit("usage: make-mails.py [--dump DIR]")
    for name, raw, exp, crlf in TESTS:
        assert b"\r" not in raw.replace(b"\r\n", b"") or True
        if crlf:
            raw = raw.replace(b"\n", b"\r\n")
        write(os.path.join(HERE, name + ".eml"), raw)
        write(os.path.join(HERE, name + ".expect"), exp.encode("utf-8"))
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(DEMO, sub), exist_ok=True)
    for sub in ("cur", "tmp"):
        write(os.path.join(DEMO, sub, ".keep"), b"")
    for fname, raw in DEMO_MAILS:
        write(os.path.join(DEMO, "new", fname), raw)
    known = {t[0] + ext for t in TESTS for ext in (".eml", ".expect")}
    for f in sorted(os.listdir(HERE)):
        if f.endswith((".eml", ".expect")) and f not in known:
            print("note: %s is not written by this script" % f)
    if dump:
        os.makedirs(dump, exist_ok=True)
        for i, (name, data) in enumerate(sorted(DUMP.items())):
            safe = "".join(c if c.isalnum() or c in "._-" else "_"
                           for c in name)
            write(os.path.join(dump, "%02d-%s" % (i, safe)), data)
    print("%d test mails, %d demo mails" % (len(TESTS), len(DEMO_MAILS)))


if __name__ == "__main__":
    main()
