/*
 * geo.c — country codes from place names (geo.h).
 *
 * Names are compared after folding (fields_fold: lowercase, accents
 * off), with dots dropped ("U.S.A."), dashes and punctuation made spaces
 * and postal codes removed.  A place is read from its last comma part to
 * its first ("Paris, Texas" is in the US, "London, ON" in Canada); a
 * capitalised two-letter part after a comma is a US state, Canadian
 * province, Australian state or country code, the city before it
 * deciding between them ("Perth, WA", "Berlin, DE").  When no part
 * names a place, known names are looked for inside the text ("Greater
 * London Area"), skipping names that are also common words ('!').
 * Tables are static; nothing is allocated.
 *
 * SECURITY: reads text from strangers; only the first GEO_SCAN_MAX bytes
 * are looked at, into fixed buffers; every split is bounded.
 */
#include "config.h"

#include <string.h>

#include "fields.h"
#include "geo.h"
#include "util.h"

#define GEO_SCAN_MAX 512u
#define GEO_NORM_MAX 1024u
#define GEO_MAX_SEGS 8
#define GEO_MAX_PLACES 8
#define GEO_MAX_WORDS 96
#define GEO_NGRAM 4

struct country {
	const char *cc;
	const char *names;   /* folded, '|' separated; '!' = not in free text */
};

static const struct country countries[] = {
	{ "AE", "united arab emirates|uae|vereinigte arabische emirate|"
	    "emirats arabes unis|emiratos arabes unidos|emirates" },
	{ "AR", "argentina|argentinien|argentine" },
	{ "AT", "austria|osterreich|oesterreich|autriche" },
	{ "AU", "australia|australien|australie" },
	{ "BD", "bangladesh|bangladesch" },
	{ "BE", "belgium|belgien|belgique|belgica" },
	{ "BG", "bulgaria|bulgarien|bulgarie" },
	{ "BH", "bahrain|bahrein|barein" },
	{ "BR", "brazil|brasilien|bresil|brasil" },
	{ "CA", "canada|kanada" },
	{ "CH", "switzerland|schweiz|suisse|suiza|svizzera" },
	{ "CL", "chile|chili" },
	{ "CN", "china|chine|prc|mainland china|people's republic of china|"
	    "volksrepublik china|republique populaire de chine" },
	{ "CO", "colombia|kolumbien|colombie" },
	{ "CR", "costa rica" },
	{ "CY", "cyprus|zypern|chypre|chipre" },
	{ "CZ", "czech republic|czechia|tschechien|tschechische republik|"
	    "republique tcheque|republica checa|chequia" },
	{ "DE", "germany|deutschland|allemagne|alemania" },
	{ "DK", "denmark|danemark|dinamarca|danmark" },
	{ "EC", "ecuador|equateur" },
	{ "EE", "estonia|estland|estonie" },
	{ "EG", "egypt|agypten|aegypten|egypte|egipto" },
	{ "ES", "spain|spanien|espagne|espana" },
	{ "FI", "finland|finnland|finlande|finlandia|suomi" },
	{ "FR", "france|frankreich|francia" },
	{ "GB", "united kingdom|uk|great britain|britain|england|scotland|"
	    "wales|northern ireland|grossbritannien|vereinigtes konigreich|"
	    "royaume uni|angleterre|ecosse|reino unido|inglaterra|"
	    "gran bretana|escocia|schottland|gb" },
	{ "GE", "!georgia|georgien|georgie" },
	{ "GH", "ghana" },
	{ "GR", "greece|griechenland|grece|grecia" },
	{ "HK", "hong kong|hongkong|hong kong sar" },
	{ "HR", "croatia|kroatien|croatie|croacia" },
	{ "HU", "hungary|ungarn|hongrie|hungria" },
	{ "ID", "indonesia|indonesien|indonesie" },
	{ "IE", "ireland|irland|irlande|irlanda|republic of ireland" },
	{ "IL", "israel" },
	{ "IN", "india|indien|inde" },
	{ "IS", "iceland|island|islande|islandia" },
	{ "IT", "italy|italien|italie|italia" },
	{ "JO", "!jordan|jordanien|jordanie|jordania" },
	{ "JP", "japan|japon" },
	{ "KE", "kenya|kenia" },
	{ "KR", "south korea|korea|sudkorea|suedkorea|coree du sud|"
	    "corea del sur|republic of korea" },
	{ "KW", "kuwait|koweit" },
	{ "KZ", "kazakhstan|kasachstan" },
	{ "LB", "lebanon|libanon|liban|libano" },
	{ "LI", "liechtenstein" },
	{ "LK", "sri lanka" },
	{ "LT", "lithuania|litauen|lituanie|lituania" },
	{ "LU", "luxembourg|luxemburg|luxemburgo" },
	{ "LV", "latvia|lettland|lettonie|letonia" },
	{ "MA", "morocco|marokko|maroc|marruecos" },
	{ "MC", "monaco" },
	{ "MO", "macau|macao" },
	{ "MT", "malta|malte" },
	{ "MX", "mexico|mexiko|mexique" },
	{ "MY", "malaysia|malaysien|malaisie|malasia" },
	{ "NG", "nigeria" },
	{ "NL", "netherlands|the netherlands|holland|niederlande|pays bas|"
	    "paises bajos|holanda|nederland" },
	{ "NO", "norway|norwegen|norvege|noruega|norge" },
	{ "NZ", "new zealand|neuseeland|nouvelle zelande|nueva zelanda" },
	{ "OM", "oman" },
	{ "PA", "panama" },
	{ "PE", "peru|perou" },
	{ "PH", "philippines|philippinen|filipinas" },
	{ "PK", "pakistan" },
	{ "PL", "poland|polen|pologne|polonia|polska" },
	{ "PT", "portugal" },
	{ "QA", "qatar|katar" },
	{ "RO", "romania|rumanien|rumaenien|roumanie|rumania" },
	{ "RS", "serbia|serbien|serbie" },
	{ "RU", "russia|russland|russie|rusia|russian federation" },
	{ "SA", "saudi arabia|saudi arabien|arabie saoudite|arabia saudita|"
	    "arabia saudi|ksa" },
	{ "SE", "sweden|schweden|suede|suecia|sverige" },
	{ "SG", "singapore|singapur|singapour" },
	{ "SI", "slovenia|slowenien|slovenie|eslovenia" },
	{ "SK", "slovakia|slowakei|slovaquie|eslovaquia" },
	{ "TH", "thailand|thailande|tailandia" },
	{ "TR", "turkey|turkei|tuerkei|turquie|turquia|turkiye" },
	{ "TW", "taiwan" },
	{ "UA", "ukraine|ucrania" },
	{ "US", "united states|united states of america|usa|!us|!america|"
	    "vereinigte staaten|etats unis|estados unidos|eeuu|ee uu" },
	{ "UY", "uruguay" },
	{ "VE", "venezuela" },
	{ "VN", "vietnam|viet nam" },
	{ "ZA", "south africa|sudafrika|suedafrika|afrique du sud|sudafrica" },
};

struct city {
	const char *names;
	const char *cc;
};

static const struct city cities[] = {
	/* the firm's offices first */
	{ "bangkok", "TH" },
	{ "beijing|peking|pekin", "CN" },
	{ "berlin", "DE" },
	{ "hong kong|hongkong|kowloon", "HK" },
	{ "kuala lumpur", "MY" },
	{ "london|londres|londra|city of london|greater london|"
	    "canary wharf", "GB" },
	{ "madrid", "ES" },
	{ "melbourne", "AU" },
	{ "moscow|moskau|moscou|moscu|moskva", "RU" },
	{ "mumbai|bombay", "IN" },
	{ "new delhi|neu delhi|nueva delhi|delhi", "IN" },
	{ "paris|paris la defense|la defense", "FR" },
	{ "prague|prag|praga|praha", "CZ" },
	{ "rome|roma|rom", "IT" },
	{ "shanghai|schanghai", "CN" },
	{ "singapore|singapur|singapour", "SG" },
	{ "stockholm|estocolmo", "SE" },
	{ "sydney", "AU" },
	{ "tokyo|tokio", "JP" },
	{ "toronto", "CA" },
	{ "vancouver", "CA" },
	{ "vienna|wien|vienne|viena", "AT" },
	{ "wellington", "NZ" },
	{ "zurich|zuerich|zurigo", "CH" },
	/* Europe */
	{ "manchester|birmingham|glasgow|edinburgh|edimbourg|edimburgo|"
	    "leeds|bristol|liverpool|cambridge|oxford|!reading|belfast|"
	    "cardiff|aberdeen|newcastle|sheffield|nottingham|milton keynes|"
	    "slough|guildford", "GB" },
	{ "munich|munchen|muenchen|munique|frankfurt|frankfurt am main|"
	    "francfort|francfort sur le main|hamburg|hambourg|hamburgo|"
	    "cologne|koln|koeln|dusseldorf|duesseldorf|stuttgart|hanover|"
	    "hannover|hanovre|nuremberg|nurnberg|nuernberg|leipzig|dresden|"
	    "dresde|bremen|!essen|dortmund|bonn|mannheim|karlsruhe|"
	    "wiesbaden|mainz|heidelberg|augsburg|wolfsburg|ingolstadt|"
	    "walldorf|eschborn|regensburg|freiburg|aachen|potsdam", "DE" },
	{ "lyon|lyons|marseille|marseilles|marsella|toulouse|bordeaux|"
	    "lille|nantes|strasbourg|strassburg|estrasburgo|!nice|"
	    "montpellier|rennes|grenoble|sophia antipolis", "FR" },
	{ "barcelona|barcelone|valencia|sevilla|seville|bilbao|malaga|"
	    "zaragoza|saragosse|alicante|palma de mallorca", "ES" },
	{ "milan|milano|mailand|turin|torino|florence|firenze|florenz|"
	    "florencia|naples|napoli|neapel|bologna|bologne|genoa|genova|"
	    "venice|venezia|venedig|venise|venecia|verona", "IT" },
	{ "amsterdam|rotterdam|the hague|den haag|la haye|la haya|utrecht|"
	    "eindhoven|schiphol", "NL" },
	{ "brussels|bruxelles|brussel|bruselas|antwerp|antwerpen|anvers|"
	    "amberes|ghent|gent|gand|liege", "BE" },
	{ "geneva|geneve|genf|ginebra|ginevra|basel|bale|basle|basilea|"
	    "bern|berne|berna|lausanne|lugano|zug|lucerne|luzern|"
	    "winterthur|st gallen", "CH" },
	{ "graz|linz|salzburg|salzbourg|innsbruck", "AT" },
	{ "gothenburg|goteborg|goeteborg|malmo|uppsala", "SE" },
	{ "oslo|!bergen|stavanger", "NO" },
	{ "copenhagen|kopenhagen|copenhague|kobenhavn|aarhus", "DK" },
	{ "helsinki|helsingfors|espoo", "FI" },
	{ "dublin|!cork|galway", "IE" },
	{ "lisbon|lisboa|lisbonne|lissabon|porto|oporto", "PT" },
	{ "warsaw|warschau|varsovie|varsovia|warszawa|krakow|krakau|"
	    "cracovie|cracovia|wroclaw|breslau|gdansk|danzig|poznan|lodz",
	    "PL" },
	{ "brno", "CZ" },
	{ "budapest", "HU" },
	{ "bucharest|bukarest|bucarest|bucuresti|cluj napoca", "RO" },
	{ "!sofia", "BG" },
	{ "athens|athen|athenes|atenas|thessaloniki", "GR" },
	{ "zagreb", "HR" },
	{ "belgrade|belgrad|belgrado|beograd", "RS" },
	{ "bratislava", "SK" },
	{ "ljubljana", "SI" },
	{ "tallinn", "EE" },
	{ "riga", "LV" },
	{ "vilnius", "LT" },
	{ "kyiv|kiev|kiew|kyjiw", "UA" },
	{ "luxembourg city|luxembourg ville|luxembourg|luxemburg", "LU" },
	{ "monaco|monte carlo", "MC" },
	{ "valletta", "MT" },
	{ "nicosia|limassol", "CY" },
	{ "reykjavik", "IS" },
	{ "saint petersburg|st petersburg|sankt petersburg|"
	    "saint petersbourg|san petersburgo", "RU" },
	{ "istanbul|ankara|izmir", "TR" },
	/* Middle East, Africa */
	{ "dubai|abu dhabi|abou dabi|sharjah", "AE" },
	{ "doha", "QA" },
	{ "riyadh|riad|riyad|jeddah|dschidda|djeddah|dammam", "SA" },
	{ "kuwait city", "KW" },
	{ "manama", "BH" },
	{ "muscat|maskat|mascate", "OM" },
	{ "tel aviv|haifa", "IL" },
	{ "cairo|kairo|le caire|el cairo", "EG" },
	{ "casablanca|rabat", "MA" },
	{ "lagos|abuja", "NG" },
	{ "nairobi", "KE" },
	{ "johannesburg|cape town|kapstadt|le cap|ciudad del cabo|durban|"
	    "pretoria|sandton", "ZA" },
	{ "accra", "GH" },
	/* Asia, Pacific */
	{ "bangalore|bengaluru|chennai|madras|hyderabad|pune|kolkata|"
	    "calcutta|gurgaon|gurugram|noida|ahmedabad", "IN" },
	{ "karachi|lahore|islamabad", "PK" },
	{ "dhaka", "BD" },
	{ "colombo", "LK" },
	{ "shenzhen|guangzhou|kanton|hangzhou|chengdu|wuhan|tianjin|nanjing|"
	    "suzhou|xiamen|chongqing|xi'an|xian|qingdao|dalian|shenyang",
	    "CN" },
	{ "macau|macao", "MO" },
	{ "taipei|taipeh|hsinchu|kaohsiung", "TW" },
	{ "osaka|yokohama|nagoya|kyoto|kobe|fukuoka|sapporo", "JP" },
	{ "seoul|seul|busan|incheon", "KR" },
	{ "penang|johor bahru|putrajaya|cyberjaya", "MY" },
	{ "chiang mai|phuket|pattaya", "TH" },
	{ "jakarta|surabaya", "ID" },
	{ "manila|makati|cebu|taguig", "PH" },
	{ "ho chi minh city|ho chi minh|saigon|hanoi", "VN" },
	{ "brisbane|!perth|adelaide|canberra|gold coast|hobart", "AU" },
	{ "auckland|christchurch", "NZ" },
	/* the Americas */
	{ "montreal|calgary|ottawa|edmonton|winnipeg|quebec city|"
	    "mississauga|!halifax", "CA" },
	{ "new york|new york city|nyc|nueva york|manhattan|brooklyn|chicago|"
	    "san francisco|los angeles|boston|houston|dallas|atlanta|miami|"
	    "seattle|austin|washington dc|philadelphia|denver|phoenix|"
	    "san diego|!san jose|detroit|minneapolis|!charlotte|pittsburgh|"
	    "nashville|!portland|palo alto|menlo park|mountain view|"
	    "cupertino|sunnyvale|santa clara|redmond|silicon valley|stamford|"
	    "newark|jersey city|baltimore|st louis|saint louis|las vegas|"
	    "salt lake city|raleigh|orlando|tampa|cleveland|cincinnati|"
	    "indianapolis|kansas city|milwaukee|sacramento|oakland|irvine|"
	    "new orleans|honolulu|columbus|san antonio|fort worth|"
	    "jacksonville|princeton|bay area|sf bay area", "US" },
	{ "mexico city|ciudad de mexico|cdmx|mexiko stadt|mexico df|"
	    "monterrey|guadalajara|tijuana|queretaro", "MX" },
	{ "sao paulo|san pablo|rio de janeiro|brasilia|belo horizonte|"
	    "curitiba|porto alegre", "BR" },
	{ "buenos aires", "AR" },
	{ "santiago de chile|!santiago", "CL" },
	{ "lima", "PE" },
	{ "bogota|medellin", "CO" },
	{ "caracas", "VE" },
	{ "montevideo", "UY" },
	{ "panama city", "PA" },
};

struct region {
	const char *code;    /* lowercase abbreviation, or NULL */
	const char *names;
	const char *cc;
};

static const struct region regions[] = {
	{ "al", "alabama", "US" }, { "ak", "alaska", "US" },
	{ "az", "arizona", "US" }, { "ar", "arkansas", "US" },
	{ "ca", "california|kalifornien|californie", "US" },
	{ "co", "colorado", "US" }, { "ct", "connecticut", "US" },
	{ "de", "delaware", "US" }, { "fl", "florida|floride", "US" },
	{ "ga", "!georgia", "US" }, { "hi", "hawaii", "US" },
	{ "id", "idaho", "US" }, { "il", "illinois", "US" },
	{ "in", "indiana", "US" }, { "ia", "iowa", "US" },
	{ "ks", "kansas", "US" }, { "ky", "kentucky", "US" },
	{ "la", "louisiana", "US" }, { "me", "maine", "US" },
	{ "md", "maryland", "US" }, { "ma", "massachusetts", "US" },
	{ "mi", "michigan", "US" }, { "mn", "minnesota", "US" },
	{ "ms", "mississippi", "US" }, { "mo", "missouri", "US" },
	{ "mt", "montana", "US" }, { "ne", "nebraska", "US" },
	{ "nv", "nevada", "US" }, { "nh", "new hampshire", "US" },
	{ "nj", "new jersey", "US" }, { "nm", "new mexico", "US" },
	{ "ny", "new york state|new york", "US" },
	{ "nc", "north carolina", "US" }, { "nd", "north dakota", "US" },
	{ "oh", "ohio", "US" }, { "ok", "oklahoma", "US" },
	{ "or", "oregon", "US" }, { "pa", "pennsylvania", "US" },
	{ "ri", "rhode island", "US" }, { "sc", "south carolina", "US" },
	{ "sd", "south dakota", "US" }, { "tn", "tennessee", "US" },
	{ "tx", "texas", "US" }, { "ut", "utah", "US" },
	{ "vt", "vermont", "US" }, { "va", "virginia", "US" },
	{ "wa", "washington|washington state", "US" },
	{ "wv", "west virginia", "US" }, { "wi", "wisconsin", "US" },
	{ "wy", "wyoming", "US" }, { "dc", "district of columbia", "US" },
	{ "on", "ontario", "CA" }, { "qc", "quebec", "CA" },
	{ "bc", "british columbia|colombie britannique", "CA" },
	{ "ab", "alberta", "CA" }, { "mb", "manitoba", "CA" },
	{ "sk", "saskatchewan", "CA" }, { "ns", "nova scotia", "CA" },
	{ "nb", "new brunswick", "CA" }, { "nl", "newfoundland", "CA" },
	{ "pe", "prince edward island", "CA" }, { "yt", "yukon", "CA" },
	{ "nt", "northwest territories", "CA" }, { "nu", "nunavut", "CA" },
	{ "nsw", "new south wales", "AU" }, { "vic", "!victoria", "AU" },
	{ "qld", "queensland", "AU" }, { "wa", "western australia", "AU" },
	{ "sa", "south australia", "AU" }, { "tas", "tasmania", "AU" },
	{ "act", "australian capital territory", "AU" },
	{ "nt", "northern territory", "AU" },
	{ NULL, "bavaria|bayern|baviere|baviera|hesse|hessen|nrw|"
	    "north rhine westphalia|nordrhein westfalen|baden wurttemberg|"
	    "baden wuerttemberg|saxony|sachsen|lower saxony|niedersachsen",
	    "DE" },
	{ NULL, "ile de france", "FR" },
	{ NULL, "catalonia|cataluna|catalunya|andalusia|andalucia", "ES" },
	{ NULL, "lombardy|lombardia|lombardei", "IT" },
	{ NULL, "maharashtra|karnataka", "IN" },
	{ NULL, "guangdong", "CN" },
};

struct currency {
	const char *cc;
	const char *code;
};

static const struct currency currencies[] = {
	{ "US", "USD" }, { "GB", "GBP" }, { "CH", "CHF" }, { "LI", "CHF" },
	{ "JP", "JPY" }, { "CN", "CNY" }, { "HK", "HKD" }, { "SG", "SGD" },
	{ "AU", "AUD" }, { "NZ", "NZD" }, { "CA", "CAD" }, { "IN", "INR" },
	{ "TH", "THB" }, { "MY", "MYR" }, { "RU", "RUB" }, { "SE", "SEK" },
	{ "NO", "NOK" }, { "DK", "DKK" }, { "PL", "PLN" }, { "CZ", "CZK" },
	{ "HU", "HUF" }, { "RO", "RON" }, { "BG", "BGN" }, { "AE", "AED" },
	{ "SA", "SAR" }, { "QA", "QAR" }, { "KW", "KWD" }, { "BH", "BHD" },
	{ "OM", "OMR" }, { "IL", "ILS" }, { "TR", "TRY" }, { "BR", "BRL" },
	{ "MX", "MXN" }, { "AR", "ARS" }, { "CL", "CLP" }, { "CO", "COP" },
	{ "PE", "PEN" }, { "ZA", "ZAR" }, { "NG", "NGN" }, { "KE", "KES" },
	{ "EG", "EGP" }, { "MA", "MAD" }, { "KR", "KRW" }, { "TW", "TWD" },
	{ "ID", "IDR" }, { "PH", "PHP" }, { "VN", "VND" }, { "PK", "PKR" },
	{ "BD", "BDT" }, { "LK", "LKR" }, { "MO", "MOP" }, { "IS", "ISK" },
	{ "RS", "RSD" }, { "UA", "UAH" }, { "KZ", "KZT" }, { "GE", "GEL" },
	{ "JO", "JOD" }, { "LB", "LBP" }, { "CR", "CRC" }, { "EC", "USD" },
	{ "PA", "USD" }, { "GH", "GHS" }, { "UY", "UYU" }, { "VE", "VES" },
	{ "DE", "EUR" }, { "FR", "EUR" }, { "ES", "EUR" }, { "IT", "EUR" },
	{ "NL", "EUR" }, { "BE", "EUR" }, { "AT", "EUR" }, { "IE", "EUR" },
	{ "PT", "EUR" }, { "FI", "EUR" }, { "GR", "EUR" }, { "LU", "EUR" },
	{ "SK", "EUR" }, { "SI", "EUR" }, { "EE", "EUR" }, { "LV", "EUR" },
	{ "LT", "EUR" }, { "MT", "EUR" }, { "CY", "EUR" }, { "HR", "EUR" },
	{ "MC", "EUR" },
};

/*
 * names_has: w (length wl) is one of the '|' separated names; in free
 * text (scan) names marked '!' do not count.
 */
static int
names_has(const char *names, const char *w, size_t wl, int scan)
{
	const char *p = names, *e;
	int bang;

	while (*p != '\0') {
		e = strchr(p, '|');
		if (e == NULL)
			e = p + strlen(p);
		bang = *p == '!';
		if (bang)
			p++;
		if ((size_t)(e - p) == wl && memcmp(p, w, wl) == 0)
			return !(scan && bang);
		p = *e == '|' ? e + 1 : e;
	}
	return 0;
}

static const char *
find_country(const char *w, size_t wl, int scan)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(countries); i++)
		if (names_has(countries[i].names, w, wl, scan))
			return countries[i].cc;
	return NULL;
}

static const char *
find_city(const char *w, size_t wl, int scan)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cities); i++)
		if (names_has(cities[i].names, w, wl, scan))
			return cities[i].cc;
	return NULL;
}

static const char *
find_region(const char *w, size_t wl, int scan)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (names_has(regions[i].names, w, wl, scan))
			return regions[i].cc;
	return NULL;
}

/*
 * geo_norm: folded, '.' dropped, punctuation a space, numbers (postal
 * codes) dropped, single spaces, trimmed.
 */
static size_t
geo_norm(const char *s, size_t n, char *out, size_t outsz)
{
	char tmp[GEO_NORM_MAX];
	size_t tl, i, o = 0, ws;
	int digits_only = 1;

	tl = fields_fold(s, n, tmp, sizeof(tmp));
	ws = 0;
	for (i = 0; i <= tl && o + 1 < outsz; i++) {
		unsigned char c = i < tl ? (unsigned char)tmp[i] : ' ';

		if (c == '.')
			continue;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '\'' || c >= 0x80) {
			if (!(c >= '0' && c <= '9'))
				digits_only = 0;
			out[o++] = (char)c;
			continue;
		}
		/* a word ends */
		if (o > ws && digits_only)
			o = ws;                 /* "10115", "NY 10001" */
		if (o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';
		ws = o;
		digits_only = 1;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

/* code_case_ok: an abbreviation written with a capital ("TX", "Nsw"). */
static int
code_case_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 1;
		else if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
	return 0;
}

static const char *
iso_code(const char *w, size_t wl)
{
	size_t i;

	if (wl != 2)
		return NULL;
	if (memcmp(w, "uk", 2) == 0)
		return "GB";
	for (i = 0; i < ARRAY_SIZE(countries); i++)
		if ((countries[i].cc[0] | 0x20) == w[0] &&
		    (countries[i].cc[1] | 0x20) == w[1])
			return countries[i].cc;
	return NULL;
}

/* region_code: the country of a state / province abbreviation. */
static const char *
region_code(const char *w, size_t wl)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (regions[i].code != NULL && strlen(regions[i].code) == wl &&
		    memcmp(regions[i].code, w, wl) == 0)
			return regions[i].cc;
	return NULL;
}

/*
 * resolve_code: an abbreviation after a comma; prev (normalized, may be
 * empty) is the part before it.  A known city there decides.
 */
static const char *
resolve_code(const char *w, size_t wl, const char *prev, size_t pl)
{
	const char *cand[8], *city;
	size_t nc = 0, i;

	for (i = 0; i < ARRAY_SIZE(regions) && nc < 7; i++)
		if (regions[i].code != NULL && strlen(regions[i].code) == wl &&
		    memcmp(regions[i].code, w, wl) == 0)
			cand[nc++] = regions[i].cc;
	if ((cand[nc] = iso_code(w, wl)) != NULL)
		nc++;
	if (nc == 0)
		return NULL;
	if (pl > 0 && (city = find_city(prev, pl, 0)) != NULL)
		for (i = 0; i < nc; i++)
			if (strcmp(cand[i], city) == 0)
				return cand[i];
	return cand[0];
}

struct span {
	const char *p;
	size_t n;
};

/* split: s into parts at any of the separator strings (case-sensitive). */
static size_t
split(const char *s, size_t n, const char *const *seps, size_t nseps,
    struct span *out, size_t max)
{
	size_t i = 0, start = 0, k, no = 0, l;

	while (i < n) {
		for (k = 0; k < nseps; k++) {
			l = strlen(seps[k]);
			if (l <= n - i && memcmp(s + i, seps[k], l) == 0)
				break;
		}
		if (k == nseps) {
			i++;
			continue;
		}
		if (no + 1 < max) {
			out[no].p = s + start;
			out[no].n = i - start;
			no++;
			start = i + l;
		}
		i += l;
	}
	out[no].p = s + start;
	out[no].n = n - start;
	return no + 1;
}

static const char *
resolve_place(const char *s, size_t n)
{
	static const char *const seps[] = {
		",", "(", ")", "[", "]", " - ", " \xe2\x80\x93 ",
		" \xe2\x80\x94 ",
	};
	struct span seg[GEO_MAX_SEGS];
	char w[GEO_NORM_MAX], prev[GEO_NORM_MAX];
	size_t ns, k, wl, pl, j;
	const char *cc;

	ns = split(s, n, seps, ARRAY_SIZE(seps), seg, GEO_MAX_SEGS);
	for (k = ns; k-- > 0;) {
		wl = geo_norm(seg[k].p, seg[k].n, w, sizeof(w));
		if (wl == 0)
			continue;
		pl = 0;
		prev[0] = '\0';
		for (j = k; j-- > 0;)
			if ((pl = geo_norm(seg[j].p, seg[j].n, prev,
			    sizeof(prev))) > 0)
				break;
		if ((cc = find_country(w, wl, 0)) != NULL) {
			if (strcmp(cc, "GE") == 0 && pl > 0)
				return "US";            /* "Atlanta, Georgia" */
			if (strcmp(cc, "CN") == 0 && pl > 0 &&
			    (cc = find_city(prev, pl, 0)) != NULL &&
			    (strcmp(cc, "HK") == 0 || strcmp(cc, "MO") == 0))
				return cc;              /* "Hong Kong, China" */
			return find_country(w, wl, 0);
		}
		if (pl > 0 && wl <= 3 && code_case_ok(seg[k].p, seg[k].n) &&
		    (cc = resolve_code(w, wl, prev, pl)) != NULL)
			return cc;
		if ((cc = find_region(w, wl, 0)) != NULL)
			return cc;
		if ((cc = find_city(w, wl, 0)) != NULL)
			return cc;
	}
	return NULL;
}

/* scan_words: the first known name inside the text, longest first. */
static const char *
scan_words(const char *s, size_t n)
{
	char w[GEO_NORM_MAX];
	size_t start[GEO_MAX_WORDS], end[GEO_MAX_WORDS];
	size_t wl, nw = 0, i, t, len;
	const char *cc;

	wl = geo_norm(s, n, w, sizeof(w));
	for (i = 0; i < wl && nw < GEO_MAX_WORDS;) {
		while (i < wl && w[i] == ' ')
			i++;
		if (i >= wl)
			break;
		start[nw] = i;
		while (i < wl && w[i] != ' ')
			i++;
		end[nw++] = i;
	}
	for (t = 0; t < nw; t++)
		for (len = GEO_NGRAM; len > 0; len--) {
			const char *p;
			size_t pl;

			if (t + len > nw)
				continue;
			p = w + start[t];
			pl = end[t + len - 1] - start[t];
			if ((cc = find_country(p, pl, 1)) != NULL ||
			    (cc = find_city(p, pl, 1)) != NULL ||
			    (cc = find_region(p, pl, 1)) != NULL)
				return cc;
		}
	return NULL;
}

const char *
geo_country(const char *s, size_t n)
{
	static const char *const seps[] = {
		";", "/", "|", "\n", " or ", " oder ", " ou ", " o ",
	};
	struct span pl[GEO_MAX_PLACES];
	size_t np, k;
	const char *cc;

	if (s == NULL || n == 0)
		return NULL;
	if (n > GEO_SCAN_MAX)
		n = GEO_SCAN_MAX;
	if (geo_lookup(s, n, &cc) != GEO_NONE)
		return cc;
	np = split(s, n, seps, ARRAY_SIZE(seps), pl, GEO_MAX_PLACES);
	for (k = 0; k < np; k++)
		if ((cc = resolve_place(pl[k].p, pl[k].n)) != NULL)
			return cc;
	return scan_words(s, n);
}

enum geo_kind
geo_lookup(const char *s, size_t n, const char **cc_r)
{
	char w[GEO_NORM_MAX];
	size_t wl;
	const char *cc;
	enum geo_kind kind = GEO_NONE;

	if (cc_r != NULL)
		*cc_r = NULL;
	if (s == NULL)
		return GEO_NONE;
	if (n > GEO_SCAN_MAX)
		n = GEO_SCAN_MAX;
	if ((wl = geo_norm(s, n, w, sizeof(w))) == 0)
		return GEO_NONE;
	if ((cc = find_city(w, wl, 0)) != NULL)
		kind = GEO_CITY;
	else if ((cc = find_country(w, wl, 0)) != NULL)
		kind = GEO_COUNTRY;
	else if ((cc = find_region(w, wl, 0)) != NULL)
		kind = GEO_REGION;
	else if (wl <= 3 && code_case_ok(s, n) &&
	    (cc = region_code(w, wl)) != NULL)
		kind = GEO_REGION;      /* "TX"; a bare "DE" is not a country */
	if (cc_r != NULL)
		*cc_r = cc;
	return kind;
}

const char *
geo_code(const char *s, size_t n)
{
	char w[3];

	if (s == NULL)
		return NULL;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n != 2 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
	    !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
		return NULL;
	w[0] = (char)(s[0] | 0x20);
	w[1] = (char)(s[1] | 0x20);
	w[2] = '\0';
	return iso_code(w, 2);
}

const char *
geo_currency(const char *cc)
{
	size_t i;

	if (cc == NULL)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(currencies); i++)
		if (strcmp(currencies[i].cc, cc) == 0)
			return currencies[i].code;
	return NULL;
}
