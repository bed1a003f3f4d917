/*
 * version.c - library-wide small things: version, schema names, global
 * cleanup.
 */
#include "licit.h"

#include <libxml/parser.h>
#include <unicode/uclean.h>

#include "text/normalize.h"
const char *licit_version(void) { return "0.1.0"; }

const char *licit_schema_name(licit_schema s)
{
	switch (s) {
	case LICIT_SCHEMA_PERSON:
		return "person";
	case LICIT_SCHEMA_ORGANIZATION:
		return "organization";
	case LICIT_SCHEMA_VESSEL:
		return "vessel";
	case LICIT_SCHEMA_AIRCRAFT:
		return "aircraft";
	case LICIT_SCHEMA_UNKNOWN:
		break;
	}
	return "unknown";
}

void licit_global_cleanup(void)
{
	text_thread_cleanup();
	xmlCleanupParser();
	u_cleanup();
}
