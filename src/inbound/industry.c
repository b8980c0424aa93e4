/*
 * industry.c — the list of industries and free text mapped onto it
 * (industry.h).
 *
 * The list owns its names and synonyms.  Every name and synonym is kept
 * normalized (folded, '&' spelled "and", punctuation a space) and text is
 * normalized the same way before it is compared, so "Banking & Finance",
 * "banking and finance" and "Banking/Finance" are one thing.  The
 * built-in synonyms cover English, German, French and Spanish.
 *
 * SECURITY: industry_match reads text from strangers: only its first
 * IND_SCAN_MAX bytes, into fixed buffers; matching is linear in the
 * text times the (bounded) number of synonyms.  industry_load reads a
 * configuration file of at most IND_FILE_MAX bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "industry.h"
#include "log.h"
#include "util.h"

#define IND_SCAN_MAX 2048u
#define IND_NORM_MAX (IND_SCAN_MAX * 3)
#define IND_FILE_MAX (1024u * 1024)
#define IND_MAX_NAMES 1000u
#define IND_MAX_SYNS 20000u

struct synonym {
	char *text;      /* normalized */
	size_t len;
	int prefix;      /* "pharma*" */
	int weak;        /* "~industrie": only when nothing else matches */
	size_t idx;      /* into names */
};

struct industry_list {
	char **names;
	size_t n;
	struct synonym *syns;
	size_t nsyn;
};

struct builtin {
	const char *name;
	/* normalized, '|' separated; '*' = word prefix; '~' = weak, so
	 * that "Industrie pharmaceutique" is pharma */
	const char *syns;
};

static const struct builtin builtins[] = {
	{ "Accounting & Auditing",
	  "accounting|auditing|audit|accountancy|accountants|"
	  "chartered accountants|tax advisory|wirtschaftsprufung*|"
	  "wirtschaftspruefung*|buchhaltung|rechnungswesen|steuerberatung|"
	  "comptabilite|expertise comptable|commissariat aux comptes|"
	  "contabilidad|auditoria|big four" },
	{ "Advertising & Marketing",
	  "advertising|marketing|digital marketing|market research|"
	  "public relations|pr|media agency|branding|werbung|werbeagentur*|"
	  "marktforschung|publicite|agence de communication|publicidad|"
	  "mercadotecnia|agencia de publicidad" },
	{ "Aerospace & Defense",
	  "aerospace|aerospace and defence|aviation|aeronautics|aeronautic*|"
	  "defense|defence|luft und raumfahrt|luftfahrt*|raumfahrt|"
	  "rustung*|ruestung*|wehrtechnik|verteidigung*|aerospatial*|"
	  "aeronautique|aeroespacial|aeronautica|defensa" },
	{ "Agriculture",
	  "agriculture|agricultural|farming|agribusiness|agritech|forestry|"
	  "agrar*|landwirtschaft*|agricole|agricultura|agropecuari*" },
	{ "Automotive",
	  "automotive|automotive supplier|auto industry|car industry|"
	  "car manufacturer|automobile*|automobil*|autoindustrie|"
	  "autozulieferer|fahrzeugbau|kfz|automotriz|automocion|automovil*" },
	{ "Banking & Financial Services",
	  "banking|bank|banks|investment banking|private banking|"
	  "retail banking|corporate banking|financial services|finance|"
	  "financial|finanz*|banken|bankwesen|kreditinstitut*|sparkasse*|"
	  "asset management|wealth management|fund management|"
	  "capital markets|fintech|payments|brokerage|banque*|"
	  "services financiers|banca|bancario|bancaria|servicios financieros|"
	  "finanzas|sector financiero|secteur financier" },
	{ "Biotechnology & Pharmaceuticals",
	  "biotechnology|biotech*|pharma*|life sciences|life science|"
	  "pharmaceutical*|pharmazeut*|pharmazie|biotechnolog*|"
	  "arzneimittel*|farma*|biotecnolog*|laboratoire pharmaceutique|"
	  "sciences de la vie|ciencias de la vida" },
	{ "Chemicals",
	  "chemicals|chemical|chemical industry|specialty chemicals|"
	  "petrochemical*|plastics|chemie*|chemische industrie|kunststoff*|"
	  "chimie|chimique|industrie chimique|quimica|quimico|"
	  "industria quimica|petroquimic*" },
	{ "Construction & Real Estate",
	  "construction|real estate|property|properties|infrastructure|"
	  "architecture|building|bau|bauwesen|bauindustrie|baugewerbe|"
	  "immobilie*|btp|batiment|immobilier|construccion|inmobiliari*|"
	  "bienes raices" },
	{ "Consulting",
	  "consulting|consultancy|management consulting|strategy consulting|"
	  "advisory|beratung|unternehmensberatung|managementberatung|"
	  "conseil|cabinet de conseil|conseil en management|consultoria|"
	  "consultora" },
	{ "Consumer Goods & Retail",
	  "retail|consumer goods|consumer products|fmcg|cpg|e commerce|"
	  "ecommerce|fashion|luxury|luxury goods|apparel|einzelhandel|"
	  "handel|konsumguter|konsumgueter|verbrauchsguter|mode|"
	  "grande distribution|biens de consommation|commerce de detail|"
	  "distribution|luxe|comercio|minorista|bienes de consumo|moda|"
	  "gran consumo" },
	{ "Education",
	  "education|higher education|university|universities|schools|"
	  "school|edtech|e learning|academic|academia|bildung*|hochschule*|"
	  "universitat|enseignement|enseignement superieur|educacion|"
	  "ensenanza|universidad" },
	{ "Energy & Utilities",
	  "energy|utilities|utility|~power|power generation|renewable*|"
	  "solar|wind energy|electricity|nuclear|energie*|energiewirtschaft|"
	  "versorger|stadtwerke|erneuerbare energien|energia|"
	  "energias renovables|electricidad" },
	{ "Engineering",
	  "engineering|engineering services|mechanical engineering|"
	  "electrical engineering|civil engineering|ingenieurwesen|"
	  "ingenieur*|ingenierie|ingenieria" },
	{ "Entertainment & Media",
	  "entertainment|media|media and entertainment|publishing|"
	  "broadcasting|film|music|gaming|video games|television|tv|"
	  "news|sports|medien|verlag*|rundfunk|unterhaltung*|medias|"
	  "divertissement|edition|medios|entretenimiento|television" },
	{ "Food & Beverage",
	  "food|beverage|beverages|food and beverage|f and b|fnb|"
	  "food industry|drinks|brewing|brewery|lebensmittel*|"
	  "nahrungsmittel*|getranke*|getraenke*|agroalimentaire|"
	  "alimentaire|boissons|agroalimentaria|alimentacion|alimentos|"
	  "bebidas" },
	{ "Government & Public Sector",
	  "government|public sector|public administration|ministry|"
	  "municipal|offentlicher dienst|oeffentlicher dienst|"
	  "offentlicher sektor|offentliche verwaltung|verwaltung|behorde*|"
	  "regierung|secteur public|fonction publique|"
	  "administration publique|gouvernement|sector publico|"
	  "administracion publica|gobierno" },
	{ "Healthcare",
	  "healthcare|health care|health|hospital|hospitals|medical|"
	  "medical devices|medical technology|medtech|gesundheitswesen|"
	  "gesundheit*|krankenhaus*|klinik*|medizintechnik|sante|hopital|"
	  "sanidad|salud|sanitario|hospitales|dispositivos medicos" },
	{ "Hospitality & Tourism",
	  "hospitality|tourism|travel|hotels|hotel|leisure|restaurants|"
	  "gastronomie|hotellerie|gastgewerbe|tourismus|reise*|tourisme|"
	  "restauration|hosteleria|turismo|viajes" },
	{ "Human Resources",
	  "human resources|hr|recruitment|recruiting|staffing|"
	  "talent acquisition|executive search|headhunting|personalwesen|"
	  "personaldienstleist*|personalberatung|zeitarbeit|"
	  "ressources humaines|rh|recursos humanos|rrhh" },
	{ "Industrial Manufacturing",
	  "manufacturing|~industrial|industrial manufacturing|"
	  "industrial goods|machinery|electronics manufacturing|"
	  "maschinenbau|anlagenbau|maschinen und anlagenbau|~industrie|"
	  "fertigung|produktion|herstellung|verarbeitende industrie|"
	  "industrie manufacturiere|fabrication|manufactura|"
	  "industria manufacturera|fabricacion|~industria" },
	{ "Information Technology",
	  "information technology|it|i t|ict|software|saas|~technology|~tech|"
	  "computer*|internet|cloud|cloud computing|cybersecurity|"
	  "cyber security|~data|artificial intelligence|ai|semiconductor*|"
	  "it services|informationstechnologie|informationstechnik|"
	  "informatik|edv|softwareentwicklung|"
	  "technologies de l'information|informatique|logiciel*|numerique|"
	  "tecnologia|tecnologias de la informacion|"
	  "tecnologia de la informacion|"
	  "informatica|ti|tic" },
	{ "Insurance",
	  "insurance|insurer|insurers|reinsurance|health insurance|"
	  "life insurance|insurtech|versicherung*|ruckversicherung*|"
	  "rueckversicherung*|assurance*|reassurance|seguros|seguro|"
	  "aseguradora*|reaseguro*" },
	{ "Legal",
	  "legal|law|law firm|legal services|recht|rechtsberatung|"
	  "anwaltskanzlei|kanzlei*|juridique|droit|avocats|"
	  "cabinet d'avocats|juridico|abogados|bufete*|despacho de abogados" },
	{ "Logistics & Transportation",
	  "logistics|transportation|transport|shipping|supply chain|freight|"
	  "airline*|rail|railway|maritime|courier|logistik|spedition|"
	  "verkehr|transportwesen|logistique|transports|logistica|transporte" },
	{ "Mining & Metals",
	  "mining|metals|metal|steel|aluminium|aluminum|copper|bergbau|"
	  "metall*|stahl*|rohstoffe|mines|miniere|metallurgie|siderurgie|"
	  "acier|mineria|metales|siderurgia|acero" },
	{ "Non-Profit",
	  "non profit|nonprofit|not for profit|npo|ngo|charity|charities|"
	  "third sector|gemeinnutzig*|gemeinnuetzig*|stiftung*|"
	  "sans but lucratif|organisation a but non lucratif|ong|"
	  "sin animo de lucro|sin fines de lucro|tercer sector|fundacion" },
	{ "Oil & Gas",
	  "oil and gas|oil|gas|petroleum|upstream|downstream|oilfield|lng|"
	  "ol und gas|erdol|erdgas|mineralol*|petrole|petrolier*|"
	  "petrolero|petroleo|gas natural|petrole et gaz|petroleo y gas" },
	{ "Private Equity & Venture Capital",
	  "private equity|venture capital|pe|vc|pe vc|buyout|growth equity|"
	  "family office|beteiligungsgesellschaft|wagniskapital|"
	  "risikokapital|capital investissement|capital risque|"
	  "capital riesgo|capital privado" },
	{ "Telecommunications",
	  "telecommunications|telecommunication|telecom|telecoms|telco|"
	  "wireless|telekommunikation|telekom*|mobilfunk|"
	  "telecommunications|telecomunicaciones|telecomunicacion" },
};

/*
 * ind_norm: fold (lowercase, accents off), '&' and '+' as " and ",
 * anything but letters, digits and "'" a space; single spaces, trimmed.
 */
static size_t
ind_norm(const char *s, size_t n, char *out, size_t outsz)
{
	char tmp[IND_SCAN_MAX + 1];
	size_t tl, i, o = 0;

	if (n > IND_SCAN_MAX)
		n = IND_SCAN_MAX;
	tl = fields_fold(s, n, tmp, sizeof(tmp));
	for (i = 0; i < tl && o + 6 < outsz; i++) {
		unsigned char c = (unsigned char)tmp[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '\'' || c >= 0x80) {
			out[o++] = (char)c;
			continue;
		}
		if (o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';
		if (c == '&' || c == '+') {
			memcpy(out + o, "and ", 4);
			o += 4;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

static void
add_syn(struct industry_list *l, const char *s, size_t n, size_t idx)
{
	char w[512];
	size_t wl;
	int prefix = 0, weak = 0;

	if (n > 0 && s[0] == '~') {
		weak = 1;
		s++;
		n--;
	}
	if (n > 0 && s[n - 1] == '*') {
		prefix = 1;
		n--;
	}
	if (n >= sizeof(w) / 3 || l->nsyn >= IND_MAX_SYNS)
		return;
	if ((wl = ind_norm(s, n, w, sizeof(w))) == 0)
		return;
	/* no need to drop duplicates: the first of equals always wins */
	l->syns = xreallocarray(l->syns, l->nsyn + 1, sizeof(*l->syns));
	l->syns[l->nsyn].text = xmemdup0(w, wl);
	l->syns[l->nsyn].len = wl;
	l->syns[l->nsyn].prefix = prefix;
	l->syns[l->nsyn].weak = weak;
	l->syns[l->nsyn].idx = idx;
	l->nsyn++;
}

static void
add_syn_list(struct industry_list *l, const char *list, char sep,
    size_t idx)
{
	const char *p = list, *e;

	while (*p != '\0') {
		e = strchr(p, sep);
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		add_syn(l, p, (size_t)(e - p), idx);
		p = *e != '\0' ? e + 1 : e;
	}
}

static size_t
add_name(struct industry_list *l, const char *name, size_t n)
{
	l->names = xreallocarray(l->names, l->n + 1, sizeof(*l->names));
	l->names[l->n] = xstrndup(name, n);
	add_syn(l, name, n, l->n);
	return l->n++;
}

/* add_builtin_syns: the built-in synonyms of a name that is built in. */
static void
add_builtin_syns(struct industry_list *l, size_t idx)
{
	char a[512], b[512];
	size_t al, bl, k;

	al = ind_norm(l->names[idx], strlen(l->names[idx]), a, sizeof(a));
	for (k = 0; k < ARRAY_SIZE(builtins); k++) {
		bl = ind_norm(builtins[k].name, strlen(builtins[k].name), b,
		    sizeof(b));
		if (al == bl && memcmp(a, b, al) == 0) {
			add_syn_list(l, builtins[k].syns, '|', idx);
			return;
		}
	}
}

struct industry_list *
industry_default(void)
{
	struct industry_list *l = xcalloc(1, sizeof(*l));
	size_t k;

	/* names first, so that a name is never taken as another's synonym */
	for (k = 0; k < ARRAY_SIZE(builtins); k++)
		add_name(l, builtins[k].name, strlen(builtins[k].name));
	for (k = 0; k < ARRAY_SIZE(builtins); k++)
		add_syn_list(l, builtins[k].syns, '|', k);
	return l;
}

static void
trim_span(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t' || **p == '\r'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\r'))
		(*e)--;
}

struct industry_list *
industry_load(const char *path, const char **error_r)
{
	struct industry_list *l;
	char *data = NULL, *syns;
	const char *p, *e, *line_end, *colon, *ne;
	size_t len, idx, k;
	const char *err;

	if (file_read(path, IND_FILE_MAX, &data, &len, &err) < 0) {
		*error_r = err;
		return NULL;
	}
	if (!utf8_valid(data, len) || memchr(data, '\0', len) != NULL) {
		free(data);
		*error_r = "industry file is not UTF-8 text";
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	/* pass 1: names; pass 2: synonyms (so names always win) */
	for (k = 0; k < 2; k++) {
		idx = 0;
		for (p = data; p < data + len; p = line_end + 1) {
			line_end = memchr(p, '\n', (size_t)(data + len - p));
			if (line_end == NULL)
				line_end = data + len;
			e = memchr(p, '#', (size_t)(line_end - p));
			if (e == NULL)
				e = line_end;
			colon = memchr(p, ':', (size_t)(e - p));
			ne = colon != NULL ? colon : e;
			trim_span(&p, &ne);
			if (p == ne) {
				if (colon != NULL && k == 0) {
					industry_free(l);
					free(data);
					*error_r = "industry file: a line "
					    "has synonyms but no name";
					return NULL;
				}
				if (line_end == data + len)
					break;
				continue;
			}
			if (k == 0) {
				if (l->n >= IND_MAX_NAMES ||
				    (size_t)(ne - p) > 200) {
					industry_free(l);
					free(data);
					*error_r = "industry file: too many "
					    "or too long names";
					return NULL;
				}
				add_name(l, p, (size_t)(ne - p));
			} else {
				if (colon != NULL) {
					syns = xstrndup(colon + 1,
					    (size_t)(e - colon - 1));
					add_syn_list(l, syns, ',', idx);
					free(syns);
				}
				idx++;
			}
			if (line_end == data + len)
				break;
		}
	}
	free(data);
	if (l->n == 0) {
		industry_free(l);
		*error_r = "industry file has no industries";
		return NULL;
	}
	for (idx = 0; idx < l->n; idx++)
		add_builtin_syns(l, idx);
	return l;
}

/* best_at: the longest synonym at word start p of t, or NULL. */
static const struct synonym *
best_at(const struct industry_list *l, const char *t, size_t tl, size_t p,
    int weak)
{
	const struct synonym *best = NULL;
	size_t k;

	for (k = 0; k < l->nsyn; k++) {
		const struct synonym *sy = &l->syns[k];

		if (sy->weak != weak || sy->len > tl - p ||
		    (best != NULL && sy->len <= best->len))
			continue;
		if (memcmp(t + p, sy->text, sy->len) != 0)
			continue;
		if (!sy->prefix && p + sy->len < tl && t[p + sy->len] != ' ')
			continue;
		best = sy;
	}
	return best;
}

static size_t
next_word(const char *t, size_t tl, size_t p)
{
	while (p < tl && t[p] != ' ')
		p++;
	while (p < tl && t[p] == ' ')
		p++;
	return p;
}

const char *
industry_match(const struct industry_list *l, const char *s, size_t n)
{
	char t[IND_NORM_MAX];
	size_t tl, p, k;
	int weak;
	const struct synonym *sy;

	if (l == NULL || s == NULL)
		return NULL;
	if ((tl = ind_norm(s, n, t, sizeof(t))) == 0)
		return NULL;
	for (k = 0; k < l->nsyn; k++)
		if (l->syns[k].len == tl && memcmp(l->syns[k].text, t, tl) == 0)
			return l->names[l->syns[k].idx];
	for (weak = 0; weak < 2; weak++)
		for (p = 0; p < tl; p = next_word(t, tl, p))
			if ((sy = best_at(l, t, tl, p, weak)) != NULL)
				return l->names[sy->idx];
	return NULL;
}

size_t
industry_match_all(const struct industry_list *l, const char *s, size_t n,
    const char **names, size_t max)
{
	char t[IND_NORM_MAX];
	size_t tl, p, k, found = 0;
	const struct synonym *sy;
	int weak;

	if (l == NULL || s == NULL || max == 0)
		return 0;
	if ((tl = ind_norm(s, n, t, sizeof(t))) == 0)
		return 0;
	for (k = 0; k < l->nsyn; k++)
		if (l->syns[k].len == tl &&
		    memcmp(l->syns[k].text, t, tl) == 0) {
			names[0] = l->names[l->syns[k].idx];
			return 1;
		}
	for (weak = 0; weak < 2 && found == 0; weak++)
		for (p = 0; p < tl && found < max;) {
			if ((sy = best_at(l, t, tl, p, weak)) == NULL) {
				p = next_word(t, tl, p);
				continue;
			}
			for (k = 0; k < found; k++)
				if (names[k] == l->names[sy->idx])
					break;
			if (k == found)
				names[found++] = l->names[sy->idx];
			p = next_word(t, tl, p + sy->len - 1);
		}
	return found;
}

size_t
industry_count(const struct industry_list *l)
{
	return l != NULL ? l->n : 0;
}

const char *
industry_name(const struct industry_list *l, size_t i)
{
	return l != NULL && i < l->n ? l->names[i] : NULL;
}

void
industry_free(struct industry_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	for (i = 0; i < l->nsyn; i++)
		free(l->syns[i].text);
	free(l->names);
	free(l->syns);
	free(l);
}
