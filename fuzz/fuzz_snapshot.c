/*
 * fuzz_snapshot.c - feed arbitrary bytes to the snapshot reader. A file in
 * the data directory may be damaged or planted; snapshot_open_mem must
 * refuse it or, if it accepts it, every read through the views must stay
 * in bounds.
 */
#include <stdint.h>
#include <string.h>

#include "index/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader needs 8-byte alignment, as mmap gives */
	static uint64_t copy[1 << 17];
	if (size > sizeof(copy))
		return 0;
	memcpy(copy, data, size);
	snapshot s;
	errinfo e;
	if (snapshot_open_mem(&s, copy, size, "fuzz", &e) != LICIT_OK)
		return 0;
	entity_set set;
	entity_set_init(&set);
	(void)snapshot_entities(&s, &set, &e);
	entity_set_release(&set);
	size_t first;
	(void)snapshot_find_key(&s, "a", &first);
	(void)snapshot_find_id(&s, "x:1");
	return 0;
}
