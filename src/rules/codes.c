/*
 * codes.c - the small vocabularies of the rules engine: calendar dates,
 * effect names, control codes and their hierarchy, term trees.
 *
 * Control-code hierarchy is read from the code itself: an ECCN's parents
 * are the code with its last ".x" paragraph dropped (5A001.j.1 -> 5A001.j
 * -> 5A001), so a policy never has to spell the tree out.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rules/policy.h"
#include "banned.h"

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int rdate_parse(const char *s, size_t n, rdate *out)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*out = y * 10000 + m * 100 + d;
	return 0;
}

void rdate_format(rdate d, char out[11])
{
	if (d <= 0 || d >= RDATE_OPEN) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", d / 10000 % 10000, d / 100 % 100,
		 d % 100);
}

rdate rdate_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return 20000101;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static const char *const effect_names[] = {
    "no-licence-required", "licence-exception", "review",
    "licence-required",	   "prohibited",	"exception-unavailable",
};

const char *effect_name(int effect)
{
	if (effect < 0 || effect > EFF_UNAVAILABLE)
		return "unknown";
	return effect_names[effect];
}

int effect_parse(const char *s)
{
	for (int i = 0; i <= EFF_UNAVAILABLE; i++)
		if (!strcmp(s, effect_names[i]))
			return i;
	return -1;
}

/* Length of the ECCN head "DLNNN" at s, or 0. */
static size_t eccn_head(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return 0;
	int l = toupper((unsigned char)s[1]);
	if (l < 'A' || l > 'E')
		return 0;
	for (int i = 2; i < 5; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 5;
}

int item_is_eccn(const char *code)
{
	if (strlen(code) < 5 || !eccn_head(code))
		return 0;
	const char *p = code + 5;
	while (*p) {
		if (*p != '.' || !isalnum((unsigned char)p[1]))
			return 0;
		p++;
		while (isalnum((unsigned char)*p))
			p++;
	}
	return 1;
}

int item_normalize(const char *code, char *out, size_t cap)
{
	size_t n = strlen(code);
	if (!n || n >= cap || n > 40)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)code[i];
		if (!isalnum(c) && c != '.' && c != '-')
			return -1;
	}
	memcpy(out, code, n + 1);
	if (item_is_eccn(out)) {
		out[1] = (char)toupper((unsigned char)out[1]);
		for (size_t i = 5; i < n; i++)
			out[i] = (char)tolower((unsigned char)out[i]);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (char)toupper((unsigned char)out[i]);
	return 0;
}

int item_within(const char *a, const char *b)
{
	size_t nb = strlen(b);
	if (strncmp(a, b, nb))
		return 0;
	if (a[nb] == '\0')
		return 1;
	return a[nb] == '.' && item_is_eccn(a) && item_is_eccn(b);
}

int vterm_within(const vterm *t, int a, int b)
{
	for (int depth = 0; a >= 0 && depth < 64; depth++) {
		if (a == b)
			return 1;
		a = t[a].parent;
	}
	return 0;
}
