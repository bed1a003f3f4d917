/*
 * country.h - country names and codes to ISO 3166-1 alpha-2.
 *
 * The table is data/countries.tsv (generated from the reference country
 * name lists, sources cited there), compiled into the library and indexed
 * on first use. Thread-safe.
 */
#ifndef LICIT_COUNTRY_H
#define LICIT_COUNTRY_H

/*
 * Map a country name or code ("Iran", "IRAN, ISLAMIC REPUBLIC OF", "ir",
 * "IRN", "Côte d'Ivoire") to its alpha-2 code in out[3] (uppercase).
 * Returns 1 if found, else 0 with out[0] = '\0'.
 */
int country_code(const char *name, char out[3]);

#endif
