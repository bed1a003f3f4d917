/*
 * date.h - partial dates: a year, a year and month, or a full date.
 *
 * Lists give birth dates as "1962", "Mar 1962", "circa 1955", "10 Dec 1948",
 * "10/12/1948" (day first), "1948-12-10" ... A pdate keeps exactly the
 * precision the list gave: month 0 means year only, day 0 means year-month.
 * year 0 means no date.
 */
#ifndef LICIT_DATE_H
#define LICIT_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct pdate {
	int16_t year;
	uint8_t month, day;
} pdate;

/*
 * Parse s[0..n) in any of: YYYY, YYYY-MM, YYYY-MM-DD (also with a time
 * after 'T'), DD/MM/YYYY, MM/DD/YYYY (only with `us_order`), D Mon YYYY,
 * Mon YYYY, Mon D, YYYY, "circa"/"c." prefixes. Returns 0, or -1 if s is not
 * a date; a day or month out of range is -1. Years outside 1000..2999 are
 * rejected (lists carry typos such as 3017).
 */
int pdate_parse(const char *s, size_t n, int us_order, pdate *out);

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" into out[11]; "" when no date. */
void pdate_format(pdate d, char out[11]);

/* -1, 0, 1 ordering by year, month, day (missing parts sort first). */
int pdate_cmp(pdate a, pdate b);

#endif
