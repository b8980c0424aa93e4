# newsletter-lib.sh — shared by the newsletter integration tests.
# nl_articles DIR: three articles dated in the past (titles with an
#     ampersand, non-ASCII and markup, which must come out escaped), their
#     titles in DIR.titles
# nl_conf FILE DIR URL [EXTRA-SMTP-LINES]: a config with the store in DIR,
#     an empty Maildir, [smtp] url = URL and [newsletter] over DIR/articles
# nl_subscribers DB OUT: "email<TAB>token" of the active subscribers
# nl_sql DB SQL: one value
# Both read a store that recruitd may be writing: they wait up to 10 s for
# its write lock (.timeout), and a query that fails all the same is an
# error of the test, never an empty answer: "Bail out!" goes to the TAP
# stream (fd 9, the script's stdout when this file was sourced: the
# caller's $(...) cannot swallow it) and nothing to the caller.

exec 9>&1

nl_articles() {
	mkdir -p "$1"
	cat > "$1/2026-01-hiring.md" <<'MD'
---
title: Hiring for judgement & nerve
author: "A. Partner"
date: 2026-01-12
category: Hiring
summary: Why the interview loop misses the one thing that matters.
---
Most interview loops test **knowledge**. Few test *judgement*.

- Ask about a decision that went wrong.
- Ask what they would do differently.

See [our guide](https://rma-search.example/guide).
MD
	cat > "$1/2026-02-zurich.md" <<'MD'
---
title: Zürich, Malmö and the café test — leading across borders
author: Renée Öberg
date: 2026-02-02
category: Leadership
summary: Three offices, one culture: what travels and what does not.
---
A leader who moves between offices learns the *café test* quickly.

> Culture is what people do when nobody is watching.

1. Visit before you decide.
2. Decide before you visit again.
MD
	cat > "$1/2026-03-boards.md" <<'MD'
---
title: Boards, <b>not</b> bosses: the non-executive's first year
author: C. Consultant
date: 2026-03-09
category: Careers
summary: What a first board seat asks of an executive.
---
A first board seat is a change of role, not a promotion.

<script>alert("never")</script>

[a link that must not survive](javascript:alert(1))
MD
	printf '%s\n' "Hiring for judgement & nerve" \
	    "Zürich, Malmö and the café test — leading across borders" \
	    "Boards, <b>not</b> bosses: the non-executive's first year" \
	    > "$1.titles"
}

nl_conf() {
	_f=$1 _d=$2 _u=$3
	shift 3
	mkdir -p "$_d/Maildir/new" "$_d/Maildir/cur" "$_d/Maildir/tmp"
	{
		cat <<CONF
[store]
database = $_d/r.db
files = $_d/files
[inbox]
source = maildir:$_d/Maildir
[addresses]
from = "RMA Search Insights" <insights@rma-search.example>
newsletter_requests = newsletter@rma-search.example
[smtp]
url = $_u
CONF
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
		cat <<CONF
[newsletter]
articles = $_d/articles
templates = $top_srcdir/templates
archive = $_d/archive
list_id = insights.rma-search.example
unsubscribe_url = https://www.rma-search.example/unsubscribe/{token}
postal_address = RMA Search Ltd, 12 Example Row, London
[log]
log_level = warning
CONF
	} > "$_f"
}

# _nl_query DB SQL [sqlite3 options]: the rows, or a bail-out
_nl_query() {
	_qdb=$1 _qsql=$2
	shift 2
	_qerr=$(mktemp /tmp/recruit-nlsql-XXXXXX) || return 1
	if ! _qout=$(sqlite3 -batch -bail -cmd '.timeout 10000' "$@" \
	    "$_qdb" "$_qsql" 2> "$_qerr"); then
		echo "Bail out! sqlite3 $_qdb \"$_qsql\" failed:" \
		    "$(tr '\n' ' ' < "$_qerr")" >&9
		rm -f "$_qerr"
		return 1
	fi
	rm -f "$_qerr"
	[ -z "$_qout" ] || printf '%s\n' "$_qout"
}

nl_subscribers() {
	_nl_query "$1" "select email, token from subscribers where status = 'active'" \
	    -separator '	' > "$2"
}

nl_sql() {
	_nl_query "$1" "$2"
}
