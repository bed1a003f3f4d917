#include "licit.h"
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
