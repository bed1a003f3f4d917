/*
 * registry.c - the table of list formats, content-based detection, and the
 * small helpers every parser shares.
 */
#include "sources/source.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/hashmap.h"
#include "util/utf8.h"
#include "banned.h"

static const source_format *const formats[] = {
	&fmt_ofac_csv,   &fmt_ofac_xml,    &fmt_csl_csv,
	&fmt_dpl_txt,    &fmt_un_xml,      &fmt_eu_fsf_xml,
	&fmt_uk_ofsi_csv, &fmt_ftm_json,   &fmt_os_simple_csv,
	&fmt_internal_csv,
};

#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

const source_format *const *source_formats(size_t *n)
{
	*n = N_FORMATS;
	return formats;
}

const source_format *source_detect(const char *path, const unsigned char *data,
				   size_t len)
{
	const source_format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < N_FORMATS; i++) {
		int s = formats[i]->detect(path, data, len);
		if (s > best_score) {
			best_score = s;
			best = formats[i];
		}
	}
	return best;
}

const source_format *source_format_by_name(const char *name)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

const char *source_format_names(void)
{
	static char names[512];
	if (!names[0]) {
		size_t off = 0;
		for (size_t i = 0; i < N_FORMATS; i++) {
			int w = snprintf(names + off, sizeof(names) - off,
					 "%s%s", i ? ", " : "",
					 formats[i]->name);
			if (w < 0 || (size_t)w >= sizeof(names) - off)
				break;
			off += (size_t)w;
		}
	}
	return names;
}

void parse_skip(parse_ctx *ctx, const char *file, uint64_t line,
		const char *fmt, ...)
{
	ctx->stats.skipped++;
	arena *a = &ctx->set->mem;
	ctx->skips = arena_grow(a, ctx->skips, ctx->n_skips, &ctx->cap_skips,
				ctx->n_skips + 1, sizeof(*ctx->skips));
	if (!ctx->skips) {
		ctx->n_skips = 0;
		ctx->cap_skips = 0;
		return;
	}
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	licit_skip *s = &ctx->skips[ctx->n_skips++];
	s->file = arena_strdup(a, file ? file : ctx->path);
	s->line = line;
	s->reason = arena_strdup(a, reason);
}

const unsigned char *source_text_cp1252(const unsigned char *data, size_t len,
					buf *tmp, size_t *out_len)
{
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (utf8_invalid_at(data, len) == len) {
		*out_len = len;
		return data;
	}
	buf_reset(tmp);
	utf8_from_cp1252(tmp, data, len);
	if (!buf_ok(tmp))
		return NULL;
	*out_len = tmp->len;
	return (const unsigned char *)tmp->data;
}

licit_status source_require_utf8(parse_ctx *ctx)
{
	size_t bad = utf8_invalid_at(ctx->data, ctx->len);
	if (bad == ctx->len)
		return LICIT_OK;
	uint64_t line = 1;
	for (size_t i = 0; i < bad; i++)
		if (ctx->data[i] == '\n')
			line++;
	return err_set(ctx->err, LICIT_EPARSE,
		       "%s:%llu: byte %zu: invalid UTF-8 (expected UTF-8 text; "
		       "the file may be in Latin-1 or another legacy encoding)",
		       ctx->path, (unsigned long long)line, bad);
}

licit_status source_check_text(parse_ctx *ctx, const char *expected,
			       const char *what, int utf8)
{
	if (expected && !ctx->len)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected %s)", ctx->path,
			       expected);
	if (source_looks_html(ctx->data, ctx->len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not %s (an error page "
			       "saved in place of the download?)",
			       ctx->path, what);
	return utf8 ? source_require_utf8(ctx) : LICIT_OK;
}

void source_count_names(parse_ctx *ctx, size_t first)
{
	for (size_t i = first; i < ctx->set->n; i++)
		ctx->stats.names += ctx->set->items[i]->n_names;
}

static size_t skip_lead(const unsigned char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace(data[i]))
		i++;
	return i;
}

int source_starts_with(const unsigned char *data, size_t len,
		       const char *prefix)
{
	size_t i = skip_lead(data, len), n = strlen(prefix);
	return len - i >= n && !memcmp(data + i, prefix, n);
}

int source_looks_html(const unsigned char *data, size_t len)
{
	size_t i = skip_lead(data, len);
	size_t n = len - i < 1024 ? len - i : 1024;
	const char *p = (const char *)data + i;
	if (!n || p[0] != '<')
		return 0; /* markup first, or it is no page */
	if (n >= 9 && !strncasecmp(p, "<!doctype", 9))
		return 1;
	for (size_t k = 0; k + 5 <= n; k++)
		if (!strncasecmp(p + k, "<html", 5) ||
		    !strncasecmp(p + k, "<body", 5) ||
		    !strncasecmp(p + k, "<head", 5))
			return 1;
	return 0;
}

int source_head_contains(const unsigned char *data, size_t len, size_t window,
			 const char *needle)
{
	size_t n = strlen(needle), w = len < window ? len : window;
	if (n == 0 || n > w)
		return 0;
	for (size_t i = 0; i + n <= w; i++)
		if (data[i] == (unsigned char)needle[0] &&
		    !memcmp(data + i, needle, n))
			return 1;
	return 0;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int source_date_from_path(const char *path, char out[11])
{
	/* the last YYYY-MM-DD or YYYY-MM in the path */
	int found = 0;
	size_t n = strlen(path);
	for (size_t i = 0; i + 7 <= n; i++) {
		const char *s = path + i;
		if (i && isdigit((unsigned char)s[-1]))
			continue;
		if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2))
			continue;
		if (s[0] != '1' && s[0] != '2')
			continue;
		if (i + 10 <= n && s[7] == '-' && digits(s + 8, 2) &&
		    (i + 10 == n || !isdigit((unsigned char)s[10]))) {
			memcpy(out, s, 10);
			out[10] = '\0';
			found = 1;
		} else if (i + 7 == n || !isdigit((unsigned char)s[7])) {
			memcpy(out, s, 7);
			out[7] = '\0';
			found = 1;
		}
	}
	return found;
}

static entity *no_memory(parse_ctx *ctx)
{
	err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory", ctx->path);
	return NULL;
}

entity *source_entity_for(parse_ctx *ctx, hashmap *ids, const char *source,
			  const char *local, uint64_t line, int *is_new)
{
	entity_set *set = ctx->set;
	uint32_t idx;
	int made = 0;
	if (!is_new)
		is_new = &made;
	*is_new = 0;
	if (hashmap_get(ids, local, strlen(local), &idx) && idx < set->n)
		return set->items[idx];
	entity *e = entity_set_add(set);
	if (!e)
		return no_memory(ctx);
	ent_set_id(set, e, source, local);
	if (!e->id)
		return no_memory(ctx);
	const char *key = e->id + strlen(source) + 1;
	if (hashmap_put(ids, key, strlen(key), (uint32_t)(set->n - 1)) < 0)
		return no_memory(ctx);
	*is_new = 1;
	ctx->stats.entities++;
	e->origin_file = ctx->path;
	e->origin_line = line;
	return e;
}

int source_blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

char *source_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

void source_slug_add(buf *b, const char *s, size_t n, size_t max)
{
	size_t start = b->len;
	int dash = 0;
	for (size_t i = 0; i < n && b->len - start < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) && c < 0x80) {
			if (dash && b->len > start)
				buf_addch(b, '-');
			dash = 0;
			buf_addch(b, (char)tolower(c));
		} else {
			dash = 1;
		}
	}
}

const char *source_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---- names without a type ---------------------------------------------- */

/*
 * Words that mark a name as an organization's: legal forms (with or
 * without their dots) and words only businesses and bodies carry. Compared
 * case-insensitively against whole words of the name with dots removed.
 * The list stays here rather than in data/legal-forms.tsv: it is tuned to
 * the names of the BIS DPL and CSL rows, not a general legal-form table.
 */
static const char *const org_words[] = {
    "INC",
    "INCORPORATED",
    "LLC",
    "LTD",
    "LIMITED",
    "LTDA",
    "CO",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "COMPANIA",
    "GMBH",
    "AG",
    "SA",
    "SAS",
    "SL",
    "SRL",
    "SPA",
    "BV",
    "NV",
    "PLC",
    "LLP",
    "LP",
    "PTE",
    "PVT",
    "OOO",
    "ZAO",
    "OAO",
    "PAO",
    "JSC",
    "OJSC",
    "CJSC",
    "PJSC",
    "FZE",
    "FZC",
    "FZCO",
    "FZLLC",
    "DMCC",
    "SDN",
    "BHD",
    "KFT",
    "AB",
    "OY",
    "AS",
    "SARL",
    "SAL",
    "KG",
    "ANSTALT",
    "TRADING",
    "TRADE",
    "GROUP",
    "HOLDING",
    "HOLDINGS",
    "INDUSTRIES",
    "INDUSTRY",
    "INDUSTRIAL",
    "INDUSTRIE",
    "ENTERPRISE",
    "ENTERPRISES",
    "INTERNATIONAL",
    "INTL",
    "ELECTRONICS",
    "ELECTRONIC",
    "TECHNOLOGY",
    "TECHNOLOGIES",
    "TECH",
    "TECHNIK",
    "SYSTEMS",
    "SERVICES",
    "SERVICE",
    "SUPPLY",
    "SUPPLIES",
    "IMPORT",
    "EXPORT",
    "IMPORTERS",
    "EXPORTERS",
    "AVIATION",
    "AIR",
    "AIRLINES",
    "AIRLINE",
    "AIRWAYS",
    "LOGISTICS",
    "SHIPPING",
    "MARINE",
    "MARITIME",
    "BANK",
    "UNIVERSITY",
    "INSTITUTE",
    "ACADEMY",
    "CENTER",
    "CENTRE",
    "LABORATORY",
    "LABORATORIES",
    "MINISTRY",
    "GOVERNMENT",
    "ORGANIZATION",
    "ORGANISATION",
    "ASSOCIATION",
    "ASSOCIATES",
    "FOUNDATION",
    "BUREAU",
    "DEPARTMENT",
    "AGENCY",
    "FACTORY",
    "PLANT",
    "WORKS",
    "COMMITTEE",
    "COUNCIL",
    "PARTNERS",
    "SOLUTIONS",
    "MANUFACTURING",
    "ENGINEERING",
    "COMPONENTS",
    "EQUIPMENT",
    "INSTRUMENTS",
    "PRODUCTS",
    "DISTRIBUTION",
    "DISTRIBUTORS",
    "COMPUTERS",
    "METALS",
    "COMMUNICATIONS",
    "VERTRIEBS",
    "INVEST",
    "CONTRACTING",
};

static int org_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(org_words) / sizeof(org_words[0]); i++)
		if (strlen(org_words[i]) == n &&
		    !strncasecmp(org_words[i], w, n))
			return 1;
	return 0;
}

/* A word ending in an internet domain ("MYNET.NET", "SYNAPTIX.NET"). */
static int domain_word(const char *w, size_t n)
{
	static const char *const tlds[] = {".NET", ".COM", ".ORG"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(tlds[i]);
		if (n > k && !strncasecmp(w + n - k, tlds[i], k))
			return 1;
	}
	return 0;
}

int source_name_looks_org(const char *name)
{
	char word[64];
	const char *p = name;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p) && *p != '.')
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || *p == '.' ||
			      *p == '-' || *p == '&'))
			p++;
		size_t n = (size_t)(p - s);
		if (!n)
			continue;
		if (domain_word(s, n))
			return 1;
		/* the word without dots and hyphens: "S.A." -> "SA" */
		size_t k = 0;
		for (size_t i = 0; i < n && k < sizeof(word); i++)
			if (s[i] != '.' && s[i] != '-')
				word[k++] = s[i];
		if (k && k < sizeof(word) && org_word(word, k))
			return 1;
	}
	return 0;
}
