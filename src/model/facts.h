/*
 * facts.h - an entity as a sorted set of one-line facts.
 *
 * "name:primary:NSO GROUP TECHNOLOGIES LTD", "country:nationality:IR",
 * "id:passport:1084010:EG", "birth:1951-06-19" ... Two versions of an entity
 * are the same when their fact sets are equal; a diff names the facts only
 * in one side. The content hash stored in snapshots is the hash of these
 * lines, so it ignores where in the file a record was and in which order
 * the list wrote its aliases.
 */
#ifndef LICIT_FACTS_H
#define LICIT_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/entity.h"

/*
 * The facts of e, sorted and without duplicates, allocated in `a`.
 * Returns the count, or -1 when out of memory.
 */
long entity_facts(const entity *e, arena *a, const char ***out);

/* A 64-bit hash of the entity's facts; 0 only if out of memory. */
uint64_t entity_content_hash(const entity *e);

#endif
