/*
 * salary.c — money amounts and ranges out of free text (salary.h), and
 * the table of the words around them (data/salary-words).
 *
 * A value is read once from left to right: numbers (with ',', '.', "'",
 * and space thousands separators, a decimal comma or point, and "k",
 * "Mio", "lakh"… multipliers), currency markers (ISO codes, symbols,
 * prefixed dollars, currency words) and period markers ("p.a.",
 * "/hour", "monatlich").  The first amount, and a second one joined to
 * it by a range word, make the result.  The words people write around
 * an amount (bounds, approximations, thousands in words, payments a
 * year, "+ bonus", more range and period words in six languages) come
 * from the word table (salary_words_load); the built-in notations
 * (currencies, "k" / "Mio" multipliers, periods) stay tables of this
 * file.  A parse allocates nothing.
 *
 * Ownership: a word table owns the file's text (its entries point into
 * it); freed by salary_words_free; its owner is the ingest that loaded
 * it, read-only after (threads may share it).
 *
 * SECURITY: reads text from strangers.  Only the first SALARY_SCAN_MAX
 * bytes of (s, n) are looked at, no NUL is assumed, every table match
 * is bounded by n, and numbers longer than 15 digits are not amounts.
 * The word file is checked line by line (known kind, a language code,
 * 1 to SALARY_WORD_LEN_MAX bytes of UTF-8 without controls); the first
 * bad line stops the load with its number.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salary.h"
#include "util.h"

#define SALARY_SCAN_MAX 4096u
#define SALARY_MAX_AMOUNTS 16

enum period { P_NONE = 0, P_YEAR, P_MONTH, P_HOUR, P_DAY, P_WEEK };

struct marker {
	const char *text;   /* lowercase ASCII letters, other bytes exact */
	const char *code;
	int weak;           /* "$" alone: USD unless another is named */
	int upper;          /* only when written in capitals (TRY, PHP) */
};

static const struct marker currencies[] = {
	{ "us$", "USD", 0, 0 }, { "usd$", "USD", 0, 0 },
	{ "ca$", "CAD", 0, 0 }, { "c$", "CAD", 0, 0 },
	{ "au$", "AUD", 0, 0 }, { "a$", "AUD", 0, 0 },
	{ "sg$", "SGD", 0, 0 }, { "s$", "SGD", 0, 0 },
	{ "hk$", "HKD", 0, 0 }, { "nz$", "NZD", 0, 0 },
	{ "r$", "BRL", 0, 0 }, { "mx$", "MXN", 0, 0 },
	{ "nt$", "TWD", 0, 0 },
	{ "cn\xc2\xa5", "CNY", 0, 0 }, { "rmb\xc2\xa5", "CNY", 0, 0 },
	{ "\xe2\x82\xac", "EUR", 0, 0 },        /* € */
	{ "\xc2\xa3", "GBP", 0, 0 },            /* £ */
	{ "\xc2\xa5", "JPY", 0, 0 },            /* ¥ */
	{ "\xef\xbf\xa5", "JPY", 0, 0 },        /* ￥ */
	{ "\xe2\x82\xb9", "INR", 0, 0 },        /* ₹ */
	{ "\xe0\xb8\xbf", "THB", 0, 0 },        /* ฿ */
	{ "\xe2\x82\xa9", "KRW", 0, 0 },        /* ₩ */
	{ "\xe2\x82\xbd", "RUB", 0, 0 },        /* ₽ */
	{ "\xe2\x82\xb1", "PHP", 0, 0 },        /* ₱ */
	{ "\xe2\x82\xba", "TRY", 0, 0 },        /* ₺ */
	{ "z\xc5\x82", "PLN", 0, 0 },           /* zł */
	{ "k\xc4\x8d", "CZK", 0, 0 },           /* Kč */
	{ "$", "USD", 1, 0 },
	{ "usd", "USD", 0, 0 }, { "eur", "EUR", 0, 0 }, { "gbp", "GBP", 0, 0 },
	{ "chf", "CHF", 0, 0 }, { "jpy", "JPY", 0, 0 }, { "cny", "CNY", 0, 0 },
	{ "rmb", "CNY", 0, 0 }, { "hkd", "HKD", 0, 0 }, { "sgd", "SGD", 0, 0 },
	{ "aud", "AUD", 0, 0 }, { "cad", "CAD", 0, 0 }, { "nzd", "NZD", 0, 0 },
	{ "inr", "INR", 0, 0 }, { "thb", "THB", 0, 0 }, { "myr", "MYR", 0, 0 },
	{ "rub", "RUB", 0, 0 }, { "sek", "SEK", 0, 0 }, { "nok", "NOK", 0, 0 },
	{ "dkk", "DKK", 0, 0 }, { "pln", "PLN", 0, 0 }, { "czk", "CZK", 0, 0 },
	{ "huf", "HUF", 0, 0 }, { "ron", "RON", 0, 1 }, { "aed", "AED", 0, 0 },
	{ "sar", "SAR", 0, 1 }, { "qar", "QAR", 0, 0 }, { "kwd", "KWD", 0, 0 },
	{ "bhd", "BHD", 0, 0 }, { "omr", "OMR", 0, 0 }, { "brl", "BRL", 0, 0 },
	{ "mxn", "MXN", 0, 0 }, { "zar", "ZAR", 0, 0 }, { "krw", "KRW", 0, 0 },
	{ "twd", "TWD", 0, 0 }, { "idr", "IDR", 0, 0 }, { "vnd", "VND", 0, 0 },
	{ "ils", "ILS", 0, 1 }, { "try", "TRY", 0, 1 }, { "php", "PHP", 0, 1 },
	{ "us dollars", "USD", 0, 0 }, { "us dollar", "USD", 0, 0 },
	{ "dollars", "USD", 1, 0 }, { "dollar", "USD", 1, 0 },
	{ "euros", "EUR", 0, 0 }, { "euro", "EUR", 0, 0 },
	{ "pounds", "GBP", 0, 0 }, { "pound", "GBP", 0, 0 },
	{ "sterling", "GBP", 0, 0 }, { "pfund", "GBP", 0, 0 },
	{ "yen", "JPY", 0, 0 }, { "yuan", "CNY", 0, 0 },
	{ "renminbi", "CNY", 0, 0 }, { "baht", "THB", 0, 0 },
	{ "rupees", "INR", 0, 0 }, { "rupee", "INR", 0, 0 },
	{ "rs.", "INR", 0, 0 }, { "rs", "INR", 0, 0 },
	{ "ringgit", "MYR", 0, 0 }, { "rm", "MYR", 0, 0 },
	{ "rubles", "RUB", 0, 0 }, { "roubles", "RUB", 0, 0 },
	{ "rublos", "RUB", 0, 0 },
	{ "francs suisses", "CHF", 0, 0 }, { "franken", "CHF", 0, 0 },
	{ "sfr.", "CHF", 0, 0 }, { "sfr", "CHF", 0, 0 }, { "fr.", "CHF", 0, 0 },
	{ "zloty", "PLN", 0, 0 },
};

struct mult {
	const char *text;
	double factor;
	const char *code;     /* "TEUR": thousand euros */
	enum period period;   /* "LPA": lakh per annum */
};

static const struct mult mults[] = {
	{ "k", 1e3, NULL, P_NONE }, { "tsd.", 1e3, NULL, P_NONE },
	{ "tsd", 1e3, NULL, P_NONE }, { "tausend", 1e3, NULL, P_NONE },
	{ "thousand", 1e3, NULL, P_NONE }, { "mil", 1e3, NULL, P_NONE },
	{ "teur", 1e3, "EUR", P_NONE }, { "keur", 1e3, "EUR", P_NONE },
	{ "t\xe2\x82\xac", 1e3, "EUR", P_NONE },
	{ "kusd", 1e3, "USD", P_NONE }, { "kchf", 1e3, "CHF", P_NONE },
	{ "tchf", 1e3, "CHF", P_NONE }, { "kgbp", 1e3, "GBP", P_NONE },
	{ "m", 1e6, NULL, P_NONE }, { "mm", 1e6, NULL, P_NONE },
	{ "mn", 1e6, NULL, P_NONE }, { "mln", 1e6, NULL, P_NONE },
	{ "mio.", 1e6, NULL, P_NONE }, { "mio", 1e6, NULL, P_NONE },
	{ "mill.", 1e6, NULL, P_NONE }, { "mill", 1e6, NULL, P_NONE },
	{ "million", 1e6, NULL, P_NONE }, { "millions", 1e6, NULL, P_NONE },
	{ "millionen", 1e6, NULL, P_NONE }, { "millones", 1e6, NULL, P_NONE },
	{ "mill\xc3\xb3n", 1e6, NULL, P_NONE },
	{ "lakh", 1e5, NULL, P_NONE }, { "lakhs", 1e5, NULL, P_NONE },
	{ "lac", 1e5, NULL, P_NONE }, { "lacs", 1e5, NULL, P_NONE },
	{ "lpa", 1e5, "INR", P_YEAR },
	{ "crore", 1e7, NULL, P_NONE }, { "crores", 1e7, NULL, P_NONE },
	{ "cr", 1e7, NULL, P_NONE },
};

struct pmark {
	const char *text;
	enum period period;
};

static const struct pmark periods[] = {
	{ "per annum", P_YEAR }, { "per year", P_YEAR }, { "a year", P_YEAR },
	{ "per yr", P_YEAR }, { "p.a.", P_YEAR }, { "p.a", P_YEAR },
	{ "pa", P_YEAR }, { "p/a", P_YEAR }, { "annually", P_YEAR },
	{ "annual", P_YEAR }, { "yearly", P_YEAR }, { "per anno", P_YEAR },
	{ "j\xc3\xa4hrlich", P_YEAR }, { "jaehrlich", P_YEAR },
	{ "pro jahr", P_YEAR }, { "im jahr", P_YEAR }, { "per jahr", P_YEAR },
	{ "jahresgehalt", P_YEAR }, { "jahresbrutto", P_YEAR },
	{ "annuel", P_YEAR }, { "annuelle", P_YEAR }, { "annuels", P_YEAR },
	{ "par an", P_YEAR }, { "par ann\xc3\xa9" "e", P_YEAR },
	{ "al a\xc3\xb1o", P_YEAR }, { "al ano", P_YEAR }, { "anual", P_YEAR },
	{ "anuales", P_YEAR }, { "por a\xc3\xb1o", P_YEAR },
	{ "por ano", P_YEAR }, { "ctc", P_YEAR },
	{ "per month", P_MONTH }, { "a month", P_MONTH },
	{ "per mo", P_MONTH }, { "monthly", P_MONTH }, { "p.m.", P_MONTH },
	{ "monatlich", P_MONTH }, { "pro monat", P_MONTH },
	{ "im monat", P_MONTH }, { "per monat", P_MONTH },
	{ "monatsgehalt", P_MONTH }, { "mensuel", P_MONTH },
	{ "mensuelle", P_MONTH }, { "mensuels", P_MONTH },
	{ "par mois", P_MONTH }, { "al mes", P_MONTH }, { "mensual", P_MONTH },
	{ "mensuales", P_MONTH }, { "por mes", P_MONTH },
	{ "per hour", P_HOUR }, { "an hour", P_HOUR }, { "per hr", P_HOUR },
	{ "hourly", P_HOUR }, { "p.h.", P_HOUR }, { "stundenlohn", P_HOUR },
	{ "st\xc3\xbcndlich", P_HOUR }, { "pro stunde", P_HOUR },
	{ "de l'heure", P_HOUR }, { "de l\xe2\x80\x99heure", P_HOUR },
	{ "par heure", P_HOUR }, { "horaire", P_HOUR },
	{ "por hora", P_HOUR }, { "la hora", P_HOUR },
	{ "per day", P_DAY }, { "a day", P_DAY }, { "daily", P_DAY },
	{ "day rate", P_DAY }, { "per diem", P_DAY }, { "tagessatz", P_DAY },
	{ "pro tag", P_DAY }, { "par jour", P_DAY }, { "tjm", P_DAY },
	{ "por d\xc3\xad" "a", P_DAY }, { "por dia", P_DAY },
	{ "per week", P_WEEK }, { "a week", P_WEEK }, { "weekly", P_WEEK },
	{ "pro woche", P_WEEK }, { "par semaine", P_WEEK },
	{ "por semana", P_WEEK },
};

/* after a '/': "€/a", "$/hr", "CHF / Jahr" */
static const struct pmark slash_periods[] = {
	{ "year", P_YEAR }, { "yr", P_YEAR }, { "y", P_YEAR }, { "a", P_YEAR },
	{ "annum", P_YEAR }, { "jahr", P_YEAR }, { "j", P_YEAR },
	{ "an", P_YEAR }, { "ann\xc3\xa9" "e", P_YEAR }, { "annee", P_YEAR },
	{ "a\xc3\xb1o", P_YEAR }, { "ano", P_YEAR },
	{ "month", P_MONTH }, { "mo", P_MONTH }, { "mon", P_MONTH },
	{ "m", P_MONTH }, { "monat", P_MONTH }, { "mois", P_MONTH },
	{ "mes", P_MONTH },
	{ "hour", P_HOUR }, { "hr", P_HOUR }, { "hrs", P_HOUR },
	{ "h", P_HOUR }, { "std", P_HOUR }, { "std.", P_HOUR },
	{ "stunde", P_HOUR }, { "heure", P_HOUR }, { "hora", P_HOUR },
	{ "day", P_DAY }, { "d", P_DAY }, { "tag", P_DAY }, { "jour", P_DAY },
	{ "d\xc3\xad" "a", P_DAY }, { "dia", P_DAY },
	{ "week", P_WEEK }, { "wk", P_WEEK }, { "woche", P_WEEK },
	{ "semaine", P_WEEK }, { "semana", P_WEEK },
};

/* words that join the two ends of a range (after dashes became '-') */
static const char *const range_words[] = {
	"-", "--", "~", "to", "bis", "a", "\xc3\xa0", "hasta", "and", "und",
	"et", "y", "up to", "bis zu", "till", "until",
};

enum bound { B_NONE = 0, B_UPTO, B_FROM, B_ABOUT };

struct amount {
	double v;
	double raw;          /* before the multiplier */
	double mult;         /* 1 when none */
	size_t start, end;   /* end: after the multiplier */
	size_t digits_end;   /* after the number itself */
	const char *code;    /* currency carried by the multiplier */
	enum period period;
	enum bound bound;    /* the word before it */
	int pct;
	int valid;
};

/* ---- the word table (data/salary-words) ---- */

enum wkind {
	W_UPTO = 0, W_FROM, W_ABOUT, W_THOUSAND, W_PAYMENTS, W_TIMES,
	W_EXTRA, W_RANGE, W_YEAR, W_MONTH, W_HOUR, W_KINDS
};

static const char *const kind_names[W_KINDS] = {
	"upto", "from", "about", "thousand", "payments", "times", "extra",
	"range", "year", "month", "hour",
};

#define WBIT(k) (1u << (k))

struct sword {
	const char *text;    /* lowercase ASCII letters, NUL-terminated */
	size_t len;
	enum wkind kind;
	size_t next;         /* next index + 1 with the same first byte */
};

struct salary_words {
	char *data;          /* the file's text */
	struct sword *v;
	size_t n;
	size_t head[256];    /* by first byte: first index + 1; 0 none */
};

static char load_error[4096 + 256];

static size_t word_at(const struct salary_words *w, unsigned mask,
    size_t minlen, const char *s, size_t n, size_t i, enum wkind *kind_r);

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
lc(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/*
 * match_at: length of pattern p at s[i] (ASCII letters case-blind), or 0.
 * A pattern that starts (ends) with a letter needs a non-letter before
 * (after) it, so "rs" is not found in "years".
 */
static size_t
match_at(const char *s, size_t n, size_t i, const char *p, int upper)
{
	size_t m, k;

	/* most calls fail on the first byte: no strlen for those */
	if (i >= n || p[0] == '\0' ||
	    lc((unsigned char)s[i]) != (unsigned char)p[0])
		return 0;
	m = strlen(p);
	if (m > n - i)
		return 0;
	for (k = 0; k < m; k++) {
		unsigned char c = (unsigned char)s[i + k];

		if (lc(c) != (unsigned char)p[k])
			return 0;
		if (upper && c >= 'a' && c <= 'z')
			return 0;
	}
	if (is_alpha((unsigned char)p[0]) && i > 0 &&
	    is_alpha((unsigned char)s[i - 1]))
		return 0;
	if (is_alpha((unsigned char)p[m - 1]) && i + m < n &&
	    is_alpha((unsigned char)s[i + m]))
		return 0;
	return m;
}

/* space_at: length of a space at s[i]: ' ', tab, NBSP, narrow NBSP, thin. */
static size_t
space_at(const char *s, size_t n, size_t i)
{
	static const char *const spaces[] = { " ", "\t", "\xc2\xa0",
	    "\xe2\x80\xaf", "\xe2\x80\x89", NULL };

	return i < n ? mem_one_of(s + i, n - i, spaces) : 0;
}

/* dash_at: '-', '~' or a Unicode dash / minus at s[i]. */
static size_t
dash_at(const char *s, size_t n, size_t i)
{
	static const char *const dashes[] = { "-", "~",
	    "\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92",  /* ‐ ‑ ‒ */
	    "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95",  /* – — ― */
	    "\xe2\x88\x92", NULL };                          /* − */

	return i < n ? mem_one_of(s + i, n - i, dashes) : 0;
}

/* currency_at: length of the longest currency marker at s[i], or 0. */
static size_t
currency_at(const char *s, size_t n, size_t i, const struct marker **mk_r)
{
	size_t k, best = 0, l;

	for (k = 0; k < ARRAY_SIZE(currencies); k++) {
		l = match_at(s, n, i, currencies[k].text, currencies[k].upper);
		if (l > best) {
			best = l;
			if (mk_r != NULL)
				*mk_r = &currencies[k];
		}
	}
	return best;
}

static const struct mult *
mult_at(const char *s, size_t n, size_t i, size_t *len_r)
{
	const struct mult *best = NULL;
	size_t k, l, bl = 0;

	for (k = 0; k < ARRAY_SIZE(mults); k++) {
		l = match_at(s, n, i, mults[k].text, 0);
		if (l > bl) {
			bl = l;
			best = &mults[k];
		}
	}
	*len_r = bl;
	return best;
}

enum sep { SEP_NONE = 0, SEP_DOT, SEP_COMMA, SEP_APOS, SEP_SPACE };

static size_t
sep_at(const char *s, size_t n, size_t i, enum sep *kind)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t l;

	if (i >= n)
		return 0;
	switch (u[i]) {
	case '.':
		*kind = SEP_DOT;
		return 1;
	case ',':
		*kind = SEP_COMMA;
		return 1;
	case '\'':
		*kind = SEP_APOS;
		return 1;
	default:
		break;
	}
	if (u[i] == 0xe2 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0x99) {
		*kind = SEP_APOS;   /* ’ as in CHF 250’000 */
		return 3;
	}
	if (u[i] != '\t' && (l = space_at(s, n, i)) != 0) {
		*kind = SEP_SPACE;
		return l;
	}
	return 0;
}

/*
 * parse_amount: the number starting at s[i] (a digit).  A separator
 * followed by exactly three digits groups thousands ("180.000",
 * "250'000", "1 200 000"); a '.' or ',' followed by other digits is the
 * decimal mark ("1,2", "95.50"); "45,00,000" is Indian grouping.  Then
 * a '%' or a multiplier (the built-in ones, or w's thousand words).
 */
static size_t
parse_amount(const struct salary_words *w, const char *s, size_t n,
    size_t i, struct amount *a)
{
	size_t j = i, k, cnt, sl, ml;
	double ip = 0, lead_val = 0, grp_val = 0, frac = 0, scale = 1;
	int digits = 0, lead = 0, groups = 0;
	enum sep first = SEP_NONE, kind = SEP_NONE;
	const struct mult *mu;
	const struct marker *mk = NULL;

	memset(a, 0, sizeof(*a));
	a->start = i;
	a->mult = 1;
	while (j < n && is_digit((unsigned char)s[j])) {
		if (digits < 16)
			ip = ip * 10 + (s[j] - '0');
		digits++;
		j++;
	}
	lead = digits;
	lead_val = ip;
	for (;;) {
		if ((sl = sep_at(s, n, j, &kind)) == 0)
			break;
		k = j + sl;
		cnt = 0;
		while (k < n && is_digit((unsigned char)s[k]) && cnt < 4) {
			k++;
			cnt++;
		}
		if (cnt == 3 && (k >= n || !is_digit((unsigned char)s[k])) &&
		    (first == SEP_NONE || first == kind) &&
		    !(kind == SEP_SPACE && lead > 3)) {
			grp_val = (s[k - 3] - '0') * 100 +
			    (s[k - 2] - '0') * 10 + (s[k - 1] - '0');
			ip = ip * 1000 + grp_val;
			digits += 3;
			groups++;
			first = kind;
			j = k;
			continue;
		}
		if (kind == SEP_COMMA && cnt == 2 && k + 1 < n && s[k] == ',' &&
		    is_digit((unsigned char)s[k + 1]) &&
		    (first == SEP_NONE || first == kind)) {
			/* Indian grouping: "45,00,000" */
			ip = ip * 100 + (s[k - 2] - '0') * 10 +
			    (s[k - 1] - '0');
			digits += 2;
			groups += 2;
			first = kind;
			j = k;
			continue;
		}
		if ((kind == SEP_DOT || kind == SEP_COMMA) && cnt >= 1 &&
		    kind != first) {
			k = j + sl;
			while (k < n && is_digit((unsigned char)s[k])) {
				if (scale < 1e9) {
					scale *= 10;
					frac += (s[k] - '0') / scale;
				}
				k++;
			}
			j = k;
		}
		break;
	}
	/* "85.000,-" / "85.000.-": no cents, the mark of a whole amount */
	if (j + 1 < n && (s[j] == ',' || s[j] == '.') && s[j + 1] == '-' &&
	    (j + 2 >= n || !is_digit((unsigned char)s[j + 2])))
		j += 2;
	a->valid = digits <= 15;
	a->digits_end = j;
	a->raw = ip + frac;
	a->v = a->raw;

	/* what follows: '%', a currency, a multiplier, or a letter (2nd) */
	k = j;
	if ((sl = space_at(s, n, k)) != 0)
		k += sl;
	if (k < n && s[k] == '%') {
		a->pct = 1;
		a->end = k + 1;
		return a->end;
	}
	if (currency_at(s, n, k, &mk) == 0 &&
	    (mu = mult_at(s, n, k, &ml)) != NULL) {
		/* "1.200 Mio" means 1.2 million, not 1200 million */
		if (groups == 1 && lead <= 3 && mu->factor >= 1e6 &&
		    (first == SEP_DOT || first == SEP_COMMA))
			a->raw = lead_val + grp_val / 1000;
		a->mult = mu->factor;
		a->v = a->raw * mu->factor;
		a->code = mu->code;
		a->period = mu->period;
		a->end = k + ml;
		return a->end;
	}
	if (currency_at(s, n, k, &mk) == 0 &&
	    (ml = word_at(w, WBIT(W_THOUSAND), 1, s, n, k, NULL)) != 0) {
		a->mult = 1e3;     /* "80 mila", "60 duizend", "120 mille" */
		a->v = a->raw * 1e3;
		a->end = k + ml;
		return a->end;
	}
	if (j < n && is_alpha((unsigned char)s[j]) &&
	    currency_at(s, n, j, &mk) == 0)
		a->valid = 0;   /* "2nd", "13th": not money */
	a->end = j;
	return a->end;
}

/* gap_is_range: the bytes between two amounts are a range word. */
static int
gap_is_range(const struct salary_words *w, const char *s, size_t n,
    size_t from, size_t to)
{
	char wd[24];
	size_t wl = 0, i = from, l, k;
	int space = 0;

	while (i < to) {
		unsigned char c = (unsigned char)s[i];

		if ((l = space_at(s, n, i)) != 0) {
			i += l;
			space = 1;
			continue;
		}
		if ((l = currency_at(s, n, i, NULL)) != 0 && i + l <= to) {
			i += l;
			space = 1;
			continue;
		}
		if (space && wl > 0) {
			if (wl + 1 >= sizeof(wd))
				return 0;
			wd[wl++] = ' ';
		}
		space = 0;
		if ((l = dash_at(s, n, i)) != 0) {
			c = '-';
			i += l;
		} else if (is_alpha(c) || c >= 0x80 || c == '\'') {
			c = lc(c);
			i++;
		} else
			return 0;
		if (wl + 1 >= sizeof(wd))
			return 0;
		wd[wl++] = (char)c;
	}
	wd[wl] = '\0';
	for (k = 0; k < ARRAY_SIZE(range_words); k++)
		if (strcmp(wd, range_words[k]) == 0)
			return 1;
	for (k = 0; w != NULL && k < w->n; k++)
		if (w->v[k].kind == W_RANGE && strcmp(wd, w->v[k].text) == 0)
			return 1;
	return 0;
}

/* pmark_at: the first of t[0..nt) at s[i], its length in *len_r */
static enum period
pmark_at(const struct pmark *t, size_t nt, const char *s, size_t n,
    size_t i, size_t *len_r)
{
	size_t k, l;

	for (k = 0; k < nt; k++)
		if ((l = match_at(s, n, i, t[k].text, 0)) != 0) {
			*len_r = l;
			return t[k].period;
		}
	return P_NONE;
}

static enum period
period_at(const char *s, size_t n, size_t i, size_t *len_r)
{
	size_t l, j;
	enum period p;

	if (s[i] != '/')
		return pmark_at(periods, ARRAY_SIZE(periods), s, n, i, len_r);
	j = i + 1;
	while ((l = space_at(s, n, j)) != 0)
		j += l;
	p = pmark_at(slash_periods, ARRAY_SIZE(slash_periods), s, n, j, &l);
	if (p != P_NONE)
		*len_r = j + l - i;
	return p;
}

/* round2: cents, so that 1.2 * 1e6 is 1200000 and not 1199999.9999…
 * (v between 0 and 1e13: the cast cannot overflow) */
static double
round2(double v)
{
	return (double)(long long)(v * 100 + 0.5) / 100;
}

static int
currency_ok(const char *c)
{
	return c != NULL && strlen(c) == 3 && is_alpha((unsigned char)c[0]) &&
	    is_alpha((unsigned char)c[1]) && is_alpha((unsigned char)c[2]);
}

/* ---- loading the word table ---- */

static const char *
fail(const char *path, size_t line, const char *what)
{
	int w;

	if (line > 0)
		w = snprintf(load_error, sizeof(load_error), "%s:%zu: %s",
		    path, line, what);
	else
		w = snprintf(load_error, sizeof(load_error), "%s: %s", path,
		    what);
	if (w < 0 || (size_t)w >= sizeof(load_error))
		(void)snprintf(load_error, sizeof(load_error),
		    "salary words: %s", what);
	return load_error;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* lang_ok: an ISO 639 code, perhaps with a region ("en", "pt-br") */
static int
lang_ok(const char *s, size_t n)
{
	size_t i, letters = 0;

	if (n < 2 || n > 8)
		return 0;
	for (i = 0; i < n && s[i] >= 'a' && s[i] <= 'z'; i++)
		letters++;
	if (letters < 2 || letters > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i++] != '-' || i == n)
		return 0;
	for (; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return 0;
	return 1;
}

/*
 * line_parse: the line (p, n) of the file, with a byte to spare at p[n]
 * (the caller's buffer).  An entry is added to w, or nothing (comment,
 * blank); NULL, or the reason it cannot be read.
 */
static const char *
line_parse(struct salary_words *w, char *p, size_t n)
{
	size_t i = 0, ks, ke, ls, le, ps, pe, k;
	int kind = -1;
	struct sword *x;

	while (n > 0 && (blank(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	while (i < n && blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return NULL;
	ks = i;
	while (i < n && !blank(p[i]))
		i++;
	ke = i;
	for (k = 0; k < W_KINDS; k++)
		if (strlen(kind_names[k]) == ke - ks &&
		    memcmp(kind_names[k], p + ks, ke - ks) == 0)
			kind = (int)k;
	if (kind < 0)
		return "unknown kind (the list is at the top of the "
		    "installed file)";
	while (i < n && blank(p[i]))
		i++;
	ls = i;
	while (i < n && !blank(p[i]))
		i++;
	le = i;
	if (ls == le)
		return "no language and words after the kind";
	if (!lang_ok(p + ls, le - ls))
		return "the language is no ISO 639 code (en, de, fr, ...)";
	while (i < n && blank(p[i]))
		i++;
	ps = i;
	pe = n;
	if (ps == pe)
		return "no words after the language";
	if (p[ps] == '"') {
		if (pe - ps < 2 || p[pe - 1] != '"')
			return "words that open a quote must end with one";
		ps++;
		pe--;
	}
	if (pe == ps)
		return "empty words";
	if (pe - ps > SALARY_WORD_LEN_MAX)
		return "words longer than 40 bytes";
	if (!utf8_valid(p + ps, pe - ps))
		return "the words are not UTF-8";
	for (k = ps; k < pe; k++) {
		if ((unsigned char)p[k] < ' ' || p[k] == 0x7f)
			return "a control character in the words";
		p[k] = (char)lc((unsigned char)p[k]);
	}
	if (w->n >= SALARY_WORDS_MAX)
		return "more than 2048 entries";
	p[pe] = '\0';
	w->v = xreallocarray(w->v, w->n + 1, sizeof(*w->v));
	x = &w->v[w->n++];
	x->text = p + ps;
	x->len = pe - ps;
	x->kind = (enum wkind)kind;
	return NULL;
}

struct salary_words *
salary_words_load(const char *path, const char **error_r)
{
	struct salary_words *w;
	const char *err;
	char *p, *end, *nl;
	size_t len, line = 0, k;

	if (path == NULL || path[0] == '\0') {
		*error_r = "salary words: no file named";
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	if (file_read(path, SALARY_WORDS_FILE_MAX, &w->data, &len,
	    &err) < 0) {
		*error_r = fail(path, 0, err);
		goto fail;
	}
	if (memchr(w->data, '\0', len) != NULL) {
		*error_r = fail(path, 0, "a NUL byte: not a text file");
		goto fail;
	}
	for (p = w->data, end = w->data + len; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;    /* file_read leaves a NUL at end */
		*nl = '\0';
		if ((err = line_parse(w, p, (size_t)(nl - p))) != NULL) {
			*error_r = fail(path, line, err);
			goto fail;
		}
	}
	if (w->n == 0) {
		*error_r = fail(path, 0, "no entries in it");
		goto fail;
	}
	/* chains by first byte (lowercase already), in file order */
	for (k = w->n; k-- > 0;) {
		unsigned char c = (unsigned char)w->v[k].text[0];

		w->v[k].next = w->head[c];
		w->head[c] = k + 1;
	}
	return w;
fail:
	salary_words_free(w);
	return NULL;
}

void
salary_words_free(struct salary_words *w)
{
	if (w == NULL)
		return;
	free(w->v);
	free(w->data);
	free(w);
}

size_t
salary_words_count(const struct salary_words *w)
{
	return w != NULL ? w->n : 0;
}

const char *
salary_words_default_path(void)
{
	static char path[4096];

	return data_file_path(path, sizeof(path), SALARY_WORDS_FILE);
}

/* ---- looking words up ---- */

/*
 * word_at: the longest entry of w whose kind is in the mask at s[i]
 * (match_at's rules); its length, its kind in *kind_r; 0 when none.
 * minlen: shorter entries are not looked at.
 */
static size_t
word_at(const struct salary_words *w, unsigned mask, size_t minlen,
    const char *s, size_t n, size_t i, enum wkind *kind_r)
{
	size_t e, k, l, best = 0;

	if (w == NULL || i >= n)
		return 0;
	for (e = w->head[lc((unsigned char)s[i])]; e != 0; e = w->v[k].next) {
		k = e - 1;
		if (!(mask & WBIT(w->v[k].kind)) || w->v[k].len < minlen ||
		    w->v[k].len <= best)
			continue;
		if ((l = match_at(s, n, i, w->v[k].text, 0)) > best) {
			best = l;
			if (kind_r != NULL)
				*kind_r = w->v[k].kind;
		}
	}
	return best;
}

/* word_before: an entry of the kind ends at s[end], only blanks after
 * it up to end */
static int
word_before(const struct salary_words *w, enum wkind kind, const char *s,
    size_t n, size_t end)
{
	size_t k, m;

	if (w == NULL)
		return 0;
	while (end > 0 && blank(s[end - 1]))
		end--;
	for (k = 0; k < w->n; k++) {
		if (w->v[k].kind != kind || (m = w->v[k].len) > end)
			continue;
		if (match_at(s, n, end - m, w->v[k].text, 0) == m)
			return 1;
	}
	return 0;
}

/* gap_is_blank: only spaces, currency markers and ':' in [from, to) */
static int
gap_is_blank(const char *s, size_t n, size_t from, size_t to)
{
	size_t l;

	while (from < to) {
		if ((l = space_at(s, n, from)) != 0 ||
		    ((l = currency_at(s, n, from, NULL)) != 0 &&
		    from + l <= to))
			from += l;
		else if (s[from] == ':')
			from++;
		else
			return 0;
	}
	return 1;
}

/*
 * payments_at: the count of payments a year when the amount a (a whole
 * number of 12 to 16 without a multiplier) is one: "x 14", "14
 * Monatsgehälter", "13ème mois", "14 x 4.500"; its end in *end_r, and
 * *times_r when a multiplication sign says so.
 */
static int
payments_at(const struct salary_words *w, const char *s, size_t n,
    const struct amount *a, size_t *end_r, int *times_r)
{
	size_t j = a->digits_end, l;
	enum wkind kind;

	if (w == NULL || a->mult != 1 || a->pct || a->raw < 12 ||
	    a->raw > 16 || a->raw != (double)(int)a->raw)
		return 0;
	*times_r = 0;
	if (word_before(w, W_TIMES, s, n, a->start)) {
		*times_r = 1;
		*end_r = a->end;
	}
	if ((l = word_at(w, WBIT(W_PAYMENTS), 1, s, n, j, &kind)) == 0 &&
	    (l = space_at(s, n, j)) != 0) {
		j += l;
		l = word_at(w, WBIT(W_PAYMENTS) | WBIT(W_TIMES), 1, s, n, j,
		    &kind);
		if (l != 0 && kind == W_TIMES) {
			/* "14 x 4.500": a number must follow */
			size_t k = j + l;

			while (space_at(s, n, k) != 0)
				k += space_at(s, n, k);
			if (k < n && is_digit((unsigned char)s[k])) {
				*times_r = 1;
				*end_r = j + l;
				return 1;
			}
			l = 0;
		}
	}
	if (l != 0) {
		*end_r = j + l;
		return 1;
	}
	return *times_r;
}

static const enum period wperiod[W_KINDS] = {
	[W_YEAR] = P_YEAR, [W_MONTH] = P_MONTH, [W_HOUR] = P_HOUR,
};

int
salary_parse_words(const struct salary_words *w, const char *s, size_t n,
    const char *default_currency, struct salary *r)
{
	struct amount am[SALARY_MAX_AMOUNTS], tmp;
	size_t na = 0, i, l, k, pend_end = 0;
	const char *strong = NULL, *weak = NULL;
	const struct marker *mk;
	enum period per = P_NONE, p;
	enum bound pend = B_NONE;
	enum wkind kind;
	struct amount *a = NULL, *b = NULL;
	double lo, hi, top;
	int cut = 0, loose_k = 0, payments = 0, times = 0, t, has_lo, has_hi;
	int odd_times = 0;
	const unsigned words = WBIT(W_UPTO) | WBIT(W_FROM) | WBIT(W_ABOUT) |
	    WBIT(W_EXTRA) | WBIT(W_THOUSAND) | WBIT(W_YEAR) |
	    WBIT(W_MONTH) | WBIT(W_HOUR);

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return -1;
	if (n > SALARY_SCAN_MAX)
		n = SALARY_SCAN_MAX;

	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (is_digit(c)) {
			if (i > 0 && is_alpha((unsigned char)s[i - 1])) {
				while (i < n && is_digit((unsigned char)s[i]))
					i++;   /* "Q2", "A4" */
				continue;
			}
			i = parse_amount(w, s, n, i, &tmp);
			if (payments == 0 && payments_at(w, s, n, &tmp, &l,
			    &t)) {
				/* "x 14", "14 Monatsgehälter": no amount */
				payments = (int)tmp.raw;
				times = t;
				if (l > i)
					i = l;
				continue;
			}
			if (tmp.mult == 1 && tmp.raw > 12 && tmp.raw < 16 &&
			    word_before(w, W_TIMES, s, n, tmp.start)) {
				/* "x 13,96" (holiday pay in): not read, so
				 * the amount is no yearly salary to trust */
				odd_times = 1;
				continue;
			}
			if (!cut && na < SALARY_MAX_AMOUNTS) {
				if (pend != B_NONE && tmp.valid &&
				    gap_is_blank(s, n, pend_end, tmp.start))
					tmp.bound = pend;
				pend = B_NONE;
				am[na++] = tmp;
			}
			continue;
		}
		if (cut) {
			i++;    /* after "+ bonus": only a count of payments */
			continue;
		}
		if ((l = currency_at(s, n, i, &mk)) != 0) {
			if (mk->weak) {
				if (weak == NULL)
					weak = mk->code;
			} else if (strong == NULL)
				strong = mk->code;
			i += l;
			continue;
		}
		if ((l = word_at(w, words, 1, s, n, i, &kind)) != 0) {
			switch (kind) {
			case W_UPTO:
			case W_FROM:
			case W_ABOUT:
				pend = kind == W_UPTO ? B_UPTO : kind ==
				    W_FROM ? B_FROM : B_ABOUT;
				pend_end = i + l;
				break;
			case W_EXTRA:
				cut = 1;
				break;
			case W_THOUSAND:
				/* a thousand word apart: "(thousand, EUR)" */
				if (l >= 3)
					loose_k = 1;
				break;
			default:
				if (per == P_NONE)
					per = wperiod[kind];
				break;
			}
			i += l;
			continue;
		}
		if (per == P_NONE && (p = period_at(s, n, i, &l)) != P_NONE) {
			per = p;
			i += l;
			continue;
		}
		i++;
	}

	for (k = 0; k < na; k++)
		if (am[k].valid && !am[k].pct && am[k].v > 0) {
			a = &am[k];
			break;
		}
	if (a == NULL)
		return -1;
	if (k + 1 < na && am[k + 1].valid && !am[k + 1].pct &&
	    am[k + 1].v > 0 && gap_is_range(w, s, n, a->end,
	    am[k + 1].start))
		b = &am[k + 1];
	if (loose_k) {
		/* "120-150 (thousand, EUR)": amounts written without one */
		struct amount *x[2] = { a, b };

		for (k = 0; k < 2; k++)
			if (x[k] != NULL && x[k]->mult == 1 &&
			    x[k]->raw < 1000) {
				x[k]->mult = 1e3;
				x[k]->v = x[k]->raw * 1e3;
			}
	}

	lo = hi = a->v;
	has_lo = has_hi = 1;
	if (b != NULL) {
		hi = b->v;
		if (b->mult > 1 && a->mult == 1 && a->raw <= b->raw)
			lo = a->raw * b->mult;          /* "180-220k" */
		else if (a->mult > 1 && b->mult == 1 && b->raw < a->v &&
		    b->raw * a->mult >= a->v)
			hi = b->raw * a->mult;          /* "250k-300" */
	} else if (a->bound == B_UPTO)
		has_lo = 0;                             /* "up to 200k" */
	else if (a->bound == B_FROM)
		has_hi = 0;                             /* "ab 120.000" */
	else if (a->bound == B_ABOUT)
		r->approx = 1;                          /* "ca. 90k" */
	if (lo > hi) {
		double sw = lo;

		lo = hi;
		hi = sw;
	}
	if (b != NULL && lo * 10 < hi && hi <= 1e13) {
		/* "4.000 € en 12 meses": no range has ends that far apart */
		b = NULL;
		lo = hi = a->v;
	}

	if (strong == NULL)
		strong = a->code != NULL ? a->code : (b ? b->code : NULL);
	if (strong == NULL)
		strong = weak;
	if (strong == NULL && currency_ok(default_currency))
		strong = default_currency;
	if (per == P_NONE)
		per = a->period != P_NONE ? a->period :
		    (b != NULL ? b->period : P_NONE);

	/* a monthly salary paid 12 to 16 times a year: the yearly amount */
	if (payments > 0 && (per == P_MONTH || (per == P_NONE &&
	    (times || hi < 20000)))) {
		lo *= payments;
		hi *= payments;
		per = P_YEAR;
		r->payments = payments;
	}

	/* no salary is that large, and round2's cast must not overflow */
	if (!(hi <= 1e13) || !(lo > 0))
		return -1;
	lo = round2(lo);
	hi = round2(hi);
	if (!(lo > 0))
		return -1;      /* less than a cent is no amount */

	/* a yearly amount under 1000 as written: "120-150", "Gehalt: 90" */
	top = hi;
	if (((per == P_NONE || per == P_YEAR) && top < 1000 &&
	    r->payments == 0) || odd_times)
		r->needs_review = 1;

	r->found = 1;
	r->min = has_lo ? lo : 0;
	r->max = has_hi ? hi : 0;
	if (strong != NULL) {
		for (k = 0; k < 3; k++) {
			unsigned char ch = (unsigned char)strong[k];

			r->currency[k] = (char)((ch >= 'a' && ch <= 'z') ?
			    ch - 'a' + 'A' : ch);
		}
		r->currency[3] = '\0';
	}
	switch (per) {
	case P_NONE:
	case P_YEAR:
		memcpy(r->period, "year", 5);
		break;
	case P_MONTH:
		memcpy(r->period, "month", 6);
		break;
	case P_HOUR:
		memcpy(r->period, "hour", 5);
		break;
	default:
		r->period[0] = '\0';   /* a day or week rate */
		break;
	}
	return 0;
}

int
salary_parse(const char *s, size_t n, const char *default_currency,
    struct salary *r)
{
	return salary_parse_words(NULL, s, n, default_currency, r);
}
