#!/bin/sh
# newsletter-archive.sh — the archive page ("view in browser") of an issue
# built from the demo articles plus one with a long unbreakable URL, as
# headless Chromium shows it at 600 px and 375 px (tests/screenshot.sh):
# valid screenshots of the right width that are not blank, and no
# sideways scrolling at either width.  SCREENSHOT_KEEP=DIR keeps the
# pictures for a human to look at.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/newsletter-lib.sh"
mktest_dir
D="$TESTDIR"

mkdir -p "$D/articles"
cp "$top_srcdir"/contrib/demo/articles/*.md "$D/articles/"
cat > "$D/articles/2026-04-links.md" <<'MD'
---
title: Further reading
author: The editors
date: 2026-04-01
category: Notes
summary: Links from this month's conversations.
---
The report lives at
https://www.rma-search.example/reports/2026/leadership-transitions-in-family-owned-businesses-across-europe-full-text-with-appendices.pdf
and is worth an evening.
MD
nl_conf "$D/r.conf" "$D" "smtp://127.0.0.1:1" "tls = none"
"$RECRUITCTL" -c "$D/r.conf" newsletter preview --out "$D/preview" \
    > "$D/preview.out" 2>&1
is "$?" 0 "newsletter preview writes the issue"
page="$D/preview/issue-1.html"
test -s "$page"
ok "the archive page is there"
sh "$top_srcdir/tests/screenshot.sh" "$page" "$D/shots" > "$D/shots.out" 2>&1
rc=$?
sed 's/^\([^#]\)/# \1/' "$D/shots.out"
[ $rc -eq 0 ]
ok "Chromium took the screenshots"
if [ -f "$D/shots/facts.sh" ]; then
	. "$D/shots/facts.sh"
fi
for w in 600 375; do
	eval "png=\${png_$w:-}; overflow=\${overflow_$w:-}"
	case $png in ok:*) true ;; *) false ;; esac
	ok "the $w px screenshot is a real picture ($png)"
	is "$overflow" 0 "no sideways scrolling at $w px"
done
if [ -n "${SCREENSHOT_KEEP:-}" ]; then
	mkdir -p "$SCREENSHOT_KEEP"
	cp "$D"/shots/shot-*.png "$page" "$SCREENSHOT_KEEP"/
fi
done_testing
