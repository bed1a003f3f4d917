/*
 * date.c - parsing the many ways lists write (partial) dates.
 */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const char *const months[12] = {"jan", "feb", "mar", "apr",
				       "may", "jun", "jul", "aug",
				       "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	char m[4];
	for (int i = 0; i < 3; i++)
		m[i] = (char)tolower((unsigned char)s[i]);
	m[3] = '\0';
	for (int i = 0; i < 12; i++)
		if (!memcmp(m, months[i], 3))
			return i + 1;
	return 0;
}

static int days_in(int year, int month)
{
	static const int d[12] = {31, 29, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};
	if (month == 2)
		return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
			       ? 29
			       : 28;
	return d[month - 1];
}

static int valid(int y, int m, int d)
{
	if (y < 1000 || y > 2999)
		return 0;
	if (m < 0 || m > 12 || (m == 0 && d))
		return 0;
	if (d < 0 || (m && d > days_in(y, m)))
		return 0;
	return 1;
}

/* Tokens: runs of digits or letters; separators dropped. */
typedef struct tok {
	const char *s;
	size_t n;
	int digits;
} tok;

static int tokenize(const char *s, size_t n, tok *t, int max)
{
	int k = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c) || isalpha(c)) {
			int dig = isdigit(c) != 0;
			size_t j = i;
			while (j < n && (dig ? isdigit((unsigned char)s[j])
					     : isalpha((unsigned char)s[j])))
				j++;
			if (k == max)
				return -1;
			t[k].s = s + i;
			t[k].n = j - i;
			t[k].digits = dig;
			k++;
			i = j;
		} else if (c == 'T' && k == 3) {
			break;
		} else {
			i++;
		}
	}
	return k;
}

static int is_circa(const tok *t)
{
	if (t->n == 5)
		return !strncmp(t->s, "circa", 5) || !strncmp(t->s, "Circa", 5);
	if (t->n == 2)
		return !strncmp(t->s, "ca", 2);
	return t->n == 1 && (t->s[0] == 'c' || t->s[0] == 'C');
}

static int num(const tok *t)
{
	int v = 0;
	for (size_t i = 0; i < t->n && i < 5; i++)
		v = v * 10 + (t->s[i] - '0');
	return v;
}

static int set(pdate *out, int y, int m, int d)
{
	if (!valid(y, m, d))
		return -1;
	out->year = (int16_t)y;
	out->month = (uint8_t)m;
	out->day = (uint8_t)d;
	return 0;
}

int pdate_parse(const char *s, size_t n, int us_order, pdate *out)
{
	tok t[6];
	memset(out, 0, sizeof(*out));
	/* the time part of an ISO timestamp */
	const char *tpos = memchr(s, 'T', n);
	if (tpos && tpos - s == 10)
		n = 10;
	int k = tokenize(s, n, t, 6);
	if (k <= 0)
		return -1;
	int first = !t[0].digits && is_circa(&t[0]);
	tok *a = t + first;
	k -= first;
	for (int i = 0; i < k; i++)
		if (!a[i].digits && !month_of(a[i].s, a[i].n))
			return -1;
	if (k == 1 && a[0].digits && a[0].n == 4)
		return set(out, num(&a[0]), 0, 0);
	if (k == 2) {
		if (a[0].digits && a[0].n == 4 && a[1].digits && a[1].n <= 2)
			return set(out, num(&a[0]), num(&a[1]), 0);
		if (!a[0].digits && a[1].digits && a[1].n == 4)
			return set(out, num(&a[1]), month_of(a[0].s, a[0].n),
				   0);
		if (a[0].digits && a[0].n <= 2 && a[1].digits && a[1].n == 4)
			return set(out, num(&a[1]), num(&a[0]), 0);
		return -1;
	}
	if (k != 3)
		return -1;
	if (a[0].digits && a[0].n == 4 && a[1].digits && a[2].digits)
		return set(out, num(&a[0]), num(&a[1]), num(&a[2]));
	if (a[2].digits && a[2].n == 4) {
		if (a[0].digits && !a[1].digits)
			return set(out, num(&a[2]), month_of(a[1].s, a[1].n),
				   num(&a[0]));
		if (!a[0].digits && a[1].digits)
			return set(out, num(&a[2]), month_of(a[0].s, a[0].n),
				   num(&a[1]));
		if (a[0].digits && a[1].digits)
			return us_order ? set(out, num(&a[2]), num(&a[0]),
					      num(&a[1]))
					: set(out, num(&a[2]), num(&a[1]),
					      num(&a[0]));
	}
	return -1;
}

void pdate_format(pdate d, char out[11])
{
	unsigned y = (unsigned)d.year % 10000, m = d.month % 100u,
		 day = d.day % 100u;
	if (!d.year)
		out[0] = '\0';
	else if (!d.month)
		snprintf(out, 11, "%04u", y);
	else if (!d.day)
		snprintf(out, 11, "%04u-%02u", y, m);
	else
		snprintf(out, 11, "%04u-%02u-%02u", y, m, day);
}

int pdate_cmp(pdate a, pdate b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}
