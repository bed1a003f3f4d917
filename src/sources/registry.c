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
