/*
 * ofac_remarks.h - the structured facts inside OFAC's legacy "Remarks".
 *
 * In OFAC's legacy CSV files (sdn.csv, cons_prim.csv) everything beyond the
 * name, type, programme and vessel columns is packed into one free-text
 * Remarks field: items separated by "; ", the last one ending with ".":
 *
 *   DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt);
 *   alt. Passport 19820215; a.k.a. 'ABU MUHAMMAD'; Linked To: X.
 *
 * This module turns the items it recognizes into entity facts (weak
 * aliases, birth dates and places, nationalities, identifiers, gender,
 * incorporation dates, vessel and aircraft details, links). Items it does
 * not recognize are left alone: the caller keeps the whole text in
 * e->remarks. It never fails on odd text; it only adds what it can read.
 */
#ifndef LICIT_OFAC_REMARKS_H
#define LICIT_OFAC_REMARKS_H

#include "model/entity.h"

/*
 * Parse `remarks` (UTF-8, NUL-terminated, may be NULL) and add the facts to
 * `e` with the ent_* helpers of `s`. The text is not modified and need not
 * outlive the call. Allocation failure is left sticky in `s` (check
 * entity_set_ok() afterwards).
 */
void ofac_remarks_apply(entity_set *s, entity *e, const char *remarks);

#endif
