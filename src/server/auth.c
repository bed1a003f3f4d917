/*
 * auth.c - API keys and roles: the one place a request's key is checked.
 *
 * Every route but /v1/health needs "Authorization: Bearer <key>" with a
 * role at least the route's (screener < reviewer < admin). Keys are kept
 * hashed: until the store (issue 5's branch) holds them, they are read
 * once at start from <data_dir>/api-keys, one key per line:
 *
 *   sha256:<64 hex digits of the key's SHA-256> <role> [label]
 *
 * with '#' comments and blank lines ignored. A key is never logged or
 * echoed; the lookup hashes the presented key and compares digests in
 * constant time. When the store merges, auth_open reads its keys table
 * instead and nothing else changes: routes name a role, auth_check
 * decides.
 *
 * With --no-auth (or auth_open(..., disabled=1)) every request passes:
 * for a server bound to 127.0.0.1 behind a proxy that authenticates.
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server.h"
#include "banned.h"

#define MAX_KEYS 1024

typedef struct api_key {
	unsigned char digest[32];
	auth_role role;
} api_key;

struct auth {
	int disabled;
	api_key *keys;
	size_t n;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static auth_role role_parse(const char *s, size_t n)
{
	if (n == 8 && !strncmp(s, "screener", 8))
		return AUTH_SCREENER;
	if (n == 8 && !strncmp(s, "reviewer", 8))
		return AUTH_REVIEWER;
	if (n == 5 && !strncmp(s, "admin", 5))
		return AUTH_ADMIN;
	return AUTH_NONE;
}

/* One line of the key file into k; -1 with the reason in why. */
static int parse_line(const char *line, api_key *k, const char **why)
{
	if (strncmp(line, "sha256:", 7)) {
		*why = "expected 'sha256:<hex digest> <role> [label]'";
		return -1;
	}
	line += 7;
	for (int i = 0; i < 32; i++) {
		int hi = hexval(line[2 * i]),
		    lo = hi < 0 ? -1 : hexval(line[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			*why = "the digest is not 64 hex digits";
			return -1;
		}
		k->digest[i] = (unsigned char)(hi << 4 | lo);
	}
	line += 64;
	if (*line != ' ' && *line != '\t') {
		*why = "the digest is not 64 hex digits";
		return -1;
	}
	line += strspn(line, " \t");
	size_t n = strcspn(line, " \t\r\n");
	k->role = role_parse(line, n);
	if (k->role == AUTH_NONE) {
		*why = "the role is not screener, reviewer or admin";
		return -1;
	}
	return 0;
}

static licit_status load_keys(auth *a, const char *path, char *errbuf,
			      size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			snprintf(errbuf, errlen,
				 "no API keys: add keys to '%s' (see the "
				 "README, 'API keys') or run with --no-auth",
				 path);
		else
			snprintf(errbuf, errlen, "cannot read '%s': %s", path,
				 strerror(errno));
		return errno == ENOENT ? LICIT_EINVAL : LICIT_EIO;
	}
	a->keys = calloc(MAX_KEYS, sizeof(*a->keys));
	if (!a->keys) {
		fclose(f);
		return LICIT_ENOMEM;
	}
	char line[1024];
	unsigned long lineno = 0;
	licit_status st = LICIT_OK;
	while (st == LICIT_OK && fgets(line, sizeof(line), f)) {
		lineno++;
		const char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
			continue;
		const char *why = NULL;
		if (a->n == MAX_KEYS) {
			why = "too many keys";
		} else if (parse_line(p, &a->keys[a->n], &why) == 0) {
			a->n++;
			continue;
		}
		snprintf(errbuf, errlen, "%s:%lu: %s", path, lineno, why);
		st = LICIT_EPARSE;
	}
	fclose(f);
	if (st == LICIT_OK && !a->n) {
		snprintf(errbuf, errlen, "'%s' holds no key", path);
		st = LICIT_EPARSE;
	}
	return st;
}

licit_status auth_open(const char *data_dir, int disabled, auth **out,
		       char *errbuf, size_t errlen)
{
	*out = NULL;
	auth *a = calloc(1, sizeof(*a));
	if (!a)
		return LICIT_ENOMEM;
	a->disabled = disabled;
	if (!disabled) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/api-keys", data_dir);
		licit_status st = load_keys(a, path, errbuf, errlen);
		if (st != LICIT_OK) {
			auth_free(a);
			return st;
		}
	}
	*out = a;
	return LICIT_OK;
}

void auth_free(auth *a)
{
	if (!a)
		return;
	if (a->keys)
		OPENSSL_cleanse(a->keys, MAX_KEYS * sizeof(*a->keys));
	free(a->keys);
	free(a);
}

int auth_enabled(const auth *a)
{
	return a && !a->disabled;
}

/* The key of an "Authorization: Bearer <key>" header, or NULL. */
static const char *bearer(const char *h, size_t *len)
{
	if (!h || strncasecmp(h, "Bearer ", 7))
		return NULL;
	h += 7;
	h += strspn(h, " ");
	size_t n = strcspn(h, " \t\r\n");
	if (!n || h[n + strspn(h + n, " \t")])
		return NULL;
	*len = n;
	return h;
}

/* The role of a known key, else AUTH_NONE. */
static auth_role key_role(const auth *a, const char *key, size_t n)
{
	unsigned char d[32];
	unsigned int dl = 0;
	if (!EVP_Digest(key, n, d, &dl, EVP_sha256(), NULL) || dl != 32)
		return AUTH_NONE;
	auth_role role = AUTH_NONE;
	/* every key is compared, so the time says nothing about which one */
	for (size_t i = 0; i < a->n; i++)
		if (!CRYPTO_memcmp(d, a->keys[i].digest, 32))
			role = a->keys[i].role;
	return role;
}

int auth_check(const auth *a, http_request *rq, http_reply *rp, auth_role need)
{
	if (need == AUTH_NONE || !auth_enabled(a))
		return 0;
	size_t n = 0;
	const char *key = bearer(rq->authorization, &n);
	if (!key) {
		reply_error(rq, rp, 401, "unauthorized", NULL,
			    "send an API key as 'Authorization: Bearer "
			    "<key>'");
		rp->www_authenticate = "Bearer realm=\"licit\"";
		return -1;
	}
	auth_role role = key_role(a, key, n);
	if (role == AUTH_NONE) {
		reply_error(rq, rp, 401, "unauthorized", NULL,
			    "the API key is not known");
		rp->www_authenticate =
		    "Bearer realm=\"licit\", error=\"invalid_token\"";
		return -1;
	}
	if (role < need) {
		static const char *const names[] = {"", "screener", "reviewer",
						    "admin"};
		reply_error(rq, rp, 403, "forbidden", NULL,
			    "this needs the %s role; the key has %s",
			    names[need], names[role]);
		return -1;
	}
	return 0;
}
