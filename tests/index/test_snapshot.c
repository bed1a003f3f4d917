/*
 * test_snapshot.c - building, opening, looking up and refusing damaged
 * snapshot files.
 */
#include <stdlib.h>
#include <string.h>

#include "index/snapshot.h"
#include "testutil.h"

static const source_format fake_format = {.name = "test-format"};

static void make_set(entity_set *set, source_result *res)
{
	entity_set_init(set);
	entity *e = entity_set_add(set);
	ent_set_id(set, e, "test", "1");
	e->schema = LICIT_SCHEMA_ORGANIZATION;
	ent_add_name(set, e, NAME_PRIMARY, "NSO Group Technologies Ltd", NULL,
		     NULL);
	ent_add_name(set, e, NAME_STRONG, "NSO GROUP", NULL, NULL);
	ent_add_country(set, e, COUNTRY_JURISDICTION, "Israel");
	ent_add_list(set, e, "Entity List");
	e->listed = (pdate){2021, 11, 4};
	e = entity_set_add(set);
	ent_set_id(set, e, "test", "2");
	e->schema = LICIT_SCHEMA_PERSON;
	ent_add_name(set, e, NAME_PRIMARY, "AL ZAWAHIRI, Ayman", NULL, NULL);
	ent_add_date(set, e, DATE_BIRTH, (pdate){1951, 6, 19}, (pdate){0});
	ent_add_ident(set, e, "passport", "1084010", "Egypt", NULL);
	memset(res, 0, sizeof(*res));
	res->format = &fake_format;
	res->path = "test.csv";
	res->source_id = "test";
	memcpy(res->sha256, "00", 3);
	res->stats.records = 2;
	res->stats.entities = 2;
	res->n_entities = 2;
}

static void build(buf *out, char id[65])
{
	entity_set set;
	source_result res;
	make_set(&set, &res);
	errinfo e;
	buf_init(out, 0);
	assert_int_equal(snapshot_build(&set, &res, 1, 1700000000, out, id, &e),
			 LICIT_OK);
	entity_set_release(&set);
}

static void test_roundtrip(void **state)
{
	(void)state;
	buf out;
	char id[65];
	build(&out, id);
	snapshot s;
	errinfo e;
	assert_int_equal(snapshot_open_mem(&s, out.data, out.len, "mem", &e),
			 LICIT_OK);
	assert_string_equal(s.id, id);
	assert_int_equal(s.n_entities, 2);
	assert_int_equal(s.n_sources, 1);
	assert_int_equal(snapshot_verify(&s, &e), LICIT_OK);
	const snap_entity *x = snapshot_find_id(&s, "test:2");
	assert_non_null(x);
	assert_int_equal(x->schema, LICIT_SCHEMA_PERSON);
	assert_null(snapshot_find_id(&s, "test:3"));
	size_t first;
	assert_int_equal(snapshot_find_key(&s, "nso group", &first), 1);
	const snap_name *n = &s.names[s.namekeys[first].index];
	assert_string_equal(snap_str(&s, n->full), "NSO GROUP");
	assert_string_equal(snap_str(&s, s.entities[n->entity].id), "test:1");

	entity_set back;
	entity_set_init(&back);
	assert_int_equal(snapshot_entities(&s, &back, &e), LICIT_OK);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.items[1]->idents[0].country, "EG");
	assert_int_equal(back.items[1]->dates[0].date.year, 1951);
	assert_int_equal(back.items[0]->listed.day, 4);
	entity_set_release(&back);
	buf_release(&out);
}

static void test_same_input_same_id(void **state)
{
	(void)state;
	buf a, b;
	char ida[65], idb[65];
	build(&a, ida);
	build(&b, idb);
	assert_string_equal(ida, idb);
	buf_release(&a);
	buf_release(&b);
}

static void test_damage_refused(void **state)
{
	(void)state;
	buf out;
	char id[65];
	build(&out, id);
	snapshot s;
	errinfo e;
	/* truncated */
	assert_int_equal(snapshot_open_mem(&s, out.data, out.len - 9, "t", &e),
			 LICIT_ECORRUPT);
	/* bad magic */
	out.data[0] = 'X';
	assert_int_equal(snapshot_open_mem(&s, out.data, out.len, "m", &e),
			 LICIT_ECORRUPT);
	out.data[0] = 'L';
	/* an out-of-range string offset in the first entity */
	const snap_header *h = (const snap_header *)out.data;
	size_t off = h->sections[SNAP_ENTITIES - 1].offset;
	snap_entity *x = (snap_entity *)(out.data + off);
	uint32_t saved = x->id;
	x->id = 0x7fffffff;
	assert_int_equal(snapshot_open_mem(&s, out.data, out.len, "o", &e),
			 LICIT_ECORRUPT);
	assert_non_null(strstr(e.msg, "entity 0"));
	x->id = saved;
	/* a flipped byte in a string: structure fine, sha256 check fails */
	size_t soff = h->sections[SNAP_STRINGS - 1].offset;
	out.data[soff + 3] ^= 1;
	assert_int_equal(snapshot_open_mem(&s, out.data, out.len, "f", &e),
			 LICIT_OK);
	assert_int_equal(snapshot_verify(&s, &e), LICIT_ECORRUPT);
	/* random damage never crashes the checker */
	srand(7);
	for (int i = 0; i < 2000; i++) {
		buf copy;
		buf_init(&copy, 0);
		buf_add(&copy, out.data, out.len);
		for (int k = 0; k < 4; k++)
			copy.data[rand() % (int)copy.len] = (char)rand();
		if (snapshot_open_mem(&s, copy.data, copy.len, "r", &e) ==
		    LICIT_OK) {
			for (size_t n = 0; n < s.n_namekeys; n++)
				(void)strlen(snap_str(&s, s.namekeys[n].str));
		}
		buf_release(&copy);
	}
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_same_input_same_id),
		cmocka_unit_test(test_damage_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
