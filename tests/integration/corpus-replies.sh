#!/bin/sh
# corpus-replies.sh — the whole of ../shared/corpus (real bounces,
# auto-replies, feedback reports, list mail, defective mails written by
# others) through `recruitd --once` with replies on: no acknowledgement
# or confirmation may be queued for a bounce, an auto-reply, a feedback
# report (EXPECTED.tsv) or a list/bulk mail, nor to a daemon, no-reply or
# null sender; every file is handled (nothing left in new/).
. "$(dirname "$0")/../lib.sh"
mktest_dir
D="$TESTDIR"
C=${RECRUIT_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -f "$C/EXPECTED.tsv" ]; then
	echo "not ok 1 - corpus at $C"
	echo "1..1"
	exit 1
fi
mkdir -p "$D/Maildir/new" "$D/Maildir/cur" "$D/Maildir/tmp"
n=0
for f in $(cd "$C" && find . -type f \( -name '*.eml' -o -name '*.txt' -o -name '*.msg' \) | sed 's|^\./||' | sort); do
	case $f in README.md|EXPECTED.tsv|MANIFEST.tsv|LICENSES/*) continue ;; esac
	# the Maildir name keeps the corpus path (/ -> %)
	cp "$C/$f" "$D/Maildir/new/$(echo "$f" | sed 's|/|%|g')"
	n=$((n + 1))
done
cat > "$D/r.conf" <<CONF
[store]
database = r.db
[inbox]
source = maildir:Maildir
[addresses]
job_orders = jobs@rma-search.example
candidates = careers@rma-search.example
newsletter_requests = newsletter-request@rma-search.example
from = "RMA Search" <office@rma-search.example>
[newsletter]
templates = $top_srcdir/templates
[log]
log_level = warning
CONF
"$RECRUITD" -c "$D/r.conf" --once 2> "$D/err"
is "$?" 0 "recruitd --once over $n corpus files"
is "$(ls "$D/Maildir/new" | wc -l)" 0 "every file handled"
sqlite3 -cmd '.timeout 10000' -separator '	' "$D/r.db" "select o.kind, o.to_addr, m.uid, m.kind
    from outbox o join messages m on m.id = o.message" > "$D/outbox.tsv"
echo "# $(wc -l < "$D/outbox.tsv") answers queued for $n files"
/usr/bin/python3 - "$C/EXPECTED.tsv" "$D/outbox.tsv" "$C" <<'PY'
import csv, email, email.policy, sys
expected, outbox, corpus = sys.argv[1:4]
kinds = {}
for row in csv.DictReader(open(expected, encoding="utf-8"), delimiter="\t"):
    kinds.setdefault(row["file"], set()).add(row["kind"].split(":")[0])
bad = 0
for line in open(outbox, encoding="utf-8"):
    okind, to, uid, mkind = line.rstrip("\n").split("\t")
    f = uid.replace("%", "/")
    why = []
    k = kinds.get(f, set())
    if k & {"bounce", "feedback", "autoreply"}:
        why.append("EXPECTED.tsv says %s" % ",".join(sorted(k)))
    m = email.message_from_bytes(open("%s/%s" % (corpus, f), "rb").read(),
                                 policy=email.policy.compat32)
    for h in ("List-Id", "List-Unsubscribe"):
        if m.get(h):
            why.append("a list mail (%s)" % h)
    prec = (m.get("Precedence") or "").strip().lower()
    if prec in ("bulk", "list", "junk"):
        why.append("Precedence: " + prec)
    local = to.split("@")[0].lower()
    if local in ("mailer-daemon", "postmaster") or "noreply" in local or \
            "no-reply" in local or local.endswith("-request"):
        why.append("to a daemon or list address")
    if why:
        bad += 1
        print("# %s answer to %s for %s (%s): %s" % (okind, to, f, mkind,
              "; ".join(why)))
print("# %d wrong answers" % bad)
sys.exit(1 if bad else 0)
PY
ok "no answer to a bounce, auto-reply, feedback report or list mail"
done_testing
