/*
 * auth.c - API keys and roles: the key file, and the one place a
 * request's key is checked.
 *
 * Every route but /v1/health (and the web UI's static files) needs
 * "Authorization: Bearer <key>" with a role at least the route's
 * (screener < reviewer < admin). Keys are kept hashed in
 * <data_dir>/api-keys, one key per line:
 *
 *   sha256:<64 hex digits of the key's SHA-256> <role> [label [created]]
 *
 * with '#' comments and blank lines ignored. `licit keys create` appends
 * a line (keys_create below) and prints the key once; nothing else ever
 * sees it. A key is never logged or echoed; the lookup hashes the
 * presented key and compares digests in constant time. A running server
 * notices a changed file within a second (auth_check stats it at most
 * once a second) and swaps in the new table, so keys made or revoked
 * take effect without a restart; a file that no longer parses is
 * reported and the keys in use stay.
 *
 * The key's label is the actor of what the request records
 * ("key:<label>"), so the audit log says which client screened.
 *
 * With --no-auth (or auth_open(..., disabled=1)) every request passes:
 * for a server bound to 127.0.0.1 behind a proxy that authenticates.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server/server.h"
#include "banned.h"

#define MAX_KEYS 1024
#define LABEL_MAX 64

typedef struct api_key {
	unsigned char digest[32];
	auth_role role;
	char label[LABEL_MAX];	/* "" when the line has none */
	char created[32];	/* "" when the line has none */
} api_key;

/* The keys of one reading of the file. */
typedef struct key_table {
	api_key *keys;
	size_t n;
} key_table;

struct auth {
	int disabled;
	char path[4096];
	pthread_rwlock_t lock; /* over `table` */
	key_table table;
	struct timespec mtime; /* of the file the table was read from */
	off_t size;
	ino_t ino;
	_Atomic int64_t next_stat; /* monotonic ms of the next look */
	pthread_mutex_t reload_mu; /* one reloader at a time */
};

static const char *const role_names[] = {"", "screener", "reviewer", "admin"};

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
	for (int r = AUTH_SCREENER; r <= AUTH_ADMIN; r++)
		if (n == strlen(role_names[r]) && !strncmp(s, role_names[r], n))
			return (auth_role)r;
	return AUTH_NONE;
}

/* A label is a short word: letters, digits and . _ @ - */
static int label_ok(const char *s, size_t n)
{
	if (!n || n >= LABEL_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

/* The next blank-separated word of *p: its start, its length in *n. */
static const char *word(const char **p, size_t *n)
{
	const char *s = *p + strspn(*p, " \t");
	*n = strcspn(s, " \t\r\n");
	*p = s + *n;
	return s;
}

/* One line of the key file into k; -1 with the reason in why. */
static int parse_line(const char *line, api_key *k, const char **why)
{
	memset(k, 0, sizeof(*k));
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
	size_t n;
	const char *w = word(&line, &n);
	k->role = role_parse(w, n);
	if (k->role == AUTH_NONE) {
		*why = "the role is not screener, reviewer or admin";
		return -1;
	}
	w = word(&line, &n);
	if (n) {
		if (!label_ok(w, n)) {
			*why = "the label is not a word of letters, digits "
			       "and . _ @ - under 64 bytes";
			return -1;
		}
		memcpy(k->label, w, n);
	}
	w = word(&line, &n);
	if (n && n < sizeof(k->created))
		memcpy(k->created, w, n);
	return 0;
}

/* Read the key file at `path` into t; on failure errbuf says why. An
 * empty file is a table of no keys (`empty_ok`) or an error. */
static licit_status read_keys(const char *path, key_table *t, int empty_ok,
			      char *errbuf, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	FILE *f = fopen(path, "r");
	if (!f) {
		int err = errno;
		if (err == ENOENT && empty_ok)
			return LICIT_OK;
		if (err == ENOENT)
			snprintf(errbuf, errlen,
				 "no API keys: make one with 'licit keys "
				 "create --role admin' (see the README, 'API "
				 "keys') or run with --no-auth");
		else
			snprintf(errbuf, errlen, "cannot read '%s': %s", path,
				 strerror(err));
		return err == ENOENT ? LICIT_EINVAL : LICIT_EIO;
	}
	t->keys = calloc(MAX_KEYS, sizeof(*t->keys));
	if (!t->keys) {
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
		if (t->n == MAX_KEYS) {
			why = "too many keys";
		} else if (parse_line(p, &t->keys[t->n], &why) == 0) {
			t->n++;
			continue;
		}
		snprintf(errbuf, errlen, "%s:%lu: %s", path, lineno, why);
		st = LICIT_EPARSE;
	}
	fclose(f);
	if (st == LICIT_OK && !t->n && !empty_ok) {
		snprintf(errbuf, errlen,
			 "'%s' holds no key: make one with 'licit keys create "
			 "--role admin'",
			 path);
		st = LICIT_EPARSE;
	}
	if (st != LICIT_OK) {
		OPENSSL_cleanse(t->keys, MAX_KEYS * sizeof(*t->keys));
		free(t->keys);
		memset(t, 0, sizeof(*t));
	}
	return st;
}

static void table_free(key_table *t)
{
	if (t->keys)
		OPENSSL_cleanse(t->keys, MAX_KEYS * sizeof(*t->keys));
	free(t->keys);
	memset(t, 0, sizeof(*t));
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void remember_file(auth *a, const struct stat *st)
{
	a->mtime = st->st_mtim;
	a->size = st->st_size;
	a->ino = st->st_ino;
}

licit_status auth_open(const char *data_dir, int disabled, auth **out,
		       char *errbuf, size_t errlen)
{
	*out = NULL;
	auth *a = calloc(1, sizeof(*a));
	if (!a)
		return LICIT_ENOMEM;
	a->disabled = disabled;
	pthread_rwlock_init(&a->lock, NULL);
	pthread_mutex_init(&a->reload_mu, NULL);
	snprintf(a->path, sizeof(a->path), "%s/api-keys", data_dir);
	if (!disabled) {
		struct stat sb;
		int have = stat(a->path, &sb) == 0;
		licit_status st = read_keys(a->path, &a->table, 0, errbuf,
					    errlen);
		if (st != LICIT_OK) {
			auth_free(a);
			return st;
		}
		if (have)
			remember_file(a, &sb);
		a->next_stat = now_ms() + 1000;
	}
	*out = a;
	return LICIT_OK;
}

void auth_free(auth *a)
{
	if (!a)
		return;
	table_free(&a->table);
	pthread_rwlock_destroy(&a->lock);
	pthread_mutex_destroy(&a->reload_mu);
	free(a);
}

int auth_enabled(const auth *a)
{
	return a && !a->disabled;
}

/* At most once a second: when the key file changed, read it again. */
static void maybe_reload(auth *a)
{
	int64_t now = now_ms();
	if (now < a->next_stat || pthread_mutex_trylock(&a->reload_mu))
		return;
	a->next_stat = now + 1000;
	struct stat sb;
	if (stat(a->path, &sb) == 0 &&
	    (sb.st_mtim.tv_sec != a->mtime.tv_sec ||
	     sb.st_mtim.tv_nsec != a->mtime.tv_nsec ||
	     sb.st_size != a->size || sb.st_ino != a->ino)) {
		key_table t;
		char err[512] = "";
		if (read_keys(a->path, &t, 1, err, sizeof(err)) == LICIT_OK) {
			pthread_rwlock_wrlock(&a->lock);
			key_table old = a->table;
			a->table = t;
			pthread_rwlock_unlock(&a->lock);
			table_free(&old);
			fprintf(stderr, "licit serve: API keys reloaded (%zu)\n",
				t.n);
		} else {
			fprintf(stderr,
				"licit serve: the API keys in use stay: %s\n",
				err);
		}
		remember_file(a, &sb);
	}
	pthread_mutex_unlock(&a->reload_mu);
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

static int digest_of(const char *key, size_t n, unsigned char d[32])
{
	unsigned int dl = 0;
	return EVP_Digest(key, n, d, &dl, EVP_sha256(), NULL) && dl == 32
		       ? 0
		       : -1;
}

/* The known key of digest d in t, or NULL. Every key is compared, so
 * the time says nothing about which one matched. */
static const api_key *find_key(const key_table *t, const unsigned char d[32])
{
	const api_key *found = NULL;
	for (size_t i = 0; i < t->n; i++)
		if (!CRYPTO_memcmp(d, t->keys[i].digest, 32))
			found = &t->keys[i];
	return found;
}

int auth_check(auth *a, http_request *rq, http_reply *rp, auth_role need)
{
	if (need == AUTH_NONE || !auth_enabled(a))
		return 0;
	maybe_reload(a);
	size_t n = 0;
	const char *key = bearer(rq->authorization, &n);
	if (!key) {
		reply_error(rq, rp, 401, "unauthorized", NULL,
			    "send an API key as 'Authorization: Bearer "
			    "<key>'");
		rp->www_authenticate = "Bearer realm=\"licit\"";
		return -1;
	}
	unsigned char d[32];
	auth_role role = AUTH_NONE;
	char actor[LABEL_MAX + 32] = "";
	if (digest_of(key, n, d) == 0) {
		pthread_rwlock_rdlock(&a->lock);
		const api_key *k = find_key(&a->table, d);
		if (k) {
			role = k->role;
			if (*k->label)
				snprintf(actor, sizeof(actor), "key:%s",
					 k->label);
			else /* the digest's start names the key */
				snprintf(actor, sizeof(actor),
					 "key:sha256:%02x%02x%02x%02x%02x%02x",
					 d[0], d[1], d[2], d[3], d[4], d[5]);
		}
		pthread_rwlock_unlock(&a->lock);
	}
	OPENSSL_cleanse(d, sizeof(d));
	if (role == AUTH_NONE) {
		reply_error(rq, rp, 401, "unauthorized", NULL,
			    "the API key is not known");
		rp->www_authenticate =
		    "Bearer realm=\"licit\", error=\"invalid_token\"";
		return -1;
	}
	if (role < need) {
		reply_error(rq, rp, 403, "forbidden", NULL,
			    "this needs the %s role; the key has %s",
			    role_names[need], role_names[role]);
		return -1;
	}
	rq->actor = reqmem_strndup(&rq->mem, actor, strlen(actor));
	return 0;
}

/* ------------------------------------------------------------ the file */

/* Open the key file locked (exclusive), made 0600 if missing. */
static FILE *open_locked(const char *path, const char *mode, char *errbuf,
			 size_t errlen)
{
	for (int tries = 0; tries < 100; tries++) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		FILE *f = fd < 0 ? NULL : fdopen(fd, mode);
		if (!f || flock(fd, LOCK_EX) < 0) {
			snprintf(errbuf, errlen, "cannot open '%s': %s", path,
				 strerror(errno));
			if (f)
				fclose(f);
			else if (fd >= 0)
				close(fd);
			return NULL;
		}
		/* a revoke may have renamed a new file over the one locked */
		struct stat a, b;
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			return f;
		fclose(f);
	}
	snprintf(errbuf, errlen, "cannot lock '%s'", path);
	return NULL;
}

int keys_create(const char *data_dir, const char *role, const char *label,
		char *key, size_t keylen, char *errbuf, size_t errlen)
{
	auth_role r = role ? role_parse(role, strlen(role)) : AUTH_NONE;
	if (r == AUTH_NONE) {
		snprintf(errbuf, errlen,
			 "--role takes screener, reviewer or admin");
		return 2;
	}
	if (label && !label_ok(label, strlen(label))) {
		snprintf(errbuf, errlen,
			 "a label is one word of letters, digits and . _ @ - "
			 "under %d bytes",
			 LABEL_MAX);
		return 2;
	}
	unsigned char raw[24], d[32];
	if (keylen < 2 * sizeof(raw) + 4 || RAND_bytes(raw, sizeof(raw)) != 1) {
		snprintf(errbuf, errlen, "cannot make a random key");
		return 3;
	}
	char *p = key;
	p += snprintf(p, keylen, "lk_");
	for (size_t i = 0; i < sizeof(raw); i++)
		p += snprintf(p, keylen - (size_t)(p - key), "%02x", raw[i]);
	OPENSSL_cleanse(raw, sizeof(raw));
	if (digest_of(key, strlen(key), d) < 0) {
		snprintf(errbuf, errlen, "cannot hash the key");
		return 3;
	}
	char path[4096], made[32], auto_label[32];
	snprintf(path, sizeof(path), "%s/api-keys", data_dir);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(made, sizeof(made), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!label) {
		snprintf(auto_label, sizeof(auto_label), "%s-%02x%02x%02x",
			 role, d[0], d[1], d[2]);
		label = auto_label;
	}
	FILE *f = open_locked(path, "r+", errbuf, errlen);
	if (!f)
		return 3;
	/* a label names one key: refuse a second */
	key_table t;
	char err[512] = "";
	if (read_keys(path, &t, 1, err, sizeof(err)) != LICIT_OK) {
		snprintf(errbuf, errlen, "%s", err);
		fclose(f);
		return 2;
	}
	for (size_t i = 0; i < t.n; i++)
		if (!strcmp(t.keys[i].label, label)) {
			snprintf(errbuf, errlen,
				 "a key labelled '%s' exists; revoke it or "
				 "choose another label",
				 label);
			table_free(&t);
			fclose(f);
			return 2;
		}
	table_free(&t);
	int bad = fseek(f, 0, SEEK_END) < 0;
	if (!bad && ftell(f) == 0)
		bad = fputs("# licit API keys: sha256:<digest> <role> [label "
			    "[created]]\n",
			    f) < 0;
	if (!bad) {
		fputs("sha256:", f);
		for (int i = 0; i < 32; i++)
			fprintf(f, "%02x", d[i]);
		bad = fprintf(f, " %s %s %s\n", role_names[r], label, made) < 0;
	}
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad) {
		snprintf(errbuf, errlen, "cannot write '%s': %s", path,
			 strerror(errno));
		return 3;
	}
	return 0;
}

int keys_each(const char *data_dir,
	      int (*fn)(void *ctx, const char *role, const char *label,
			const char *created, const char *digest),
	      void *ctx, char *errbuf, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/api-keys", data_dir);
	key_table t;
	licit_status st = read_keys(path, &t, 1, errbuf, errlen);
	if (st != LICIT_OK)
		return st == LICIT_EIO || st == LICIT_ENOMEM ? 3 : 2;
	for (size_t i = 0; i < t.n; i++) {
		char hex[13];
		for (int j = 0; j < 6; j++)
			snprintf(hex + 2 * j, 3, "%02x", t.keys[i].digest[j]);
		if (fn(ctx, role_names[t.keys[i].role], t.keys[i].label,
		       t.keys[i].created, hex))
			break;
	}
	table_free(&t);
	return 0;
}

int keys_revoke(const char *data_dir, const char *label, char *errbuf,
		size_t errlen)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof(path), "%s/api-keys", data_dir);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = open_locked(path, "r", errbuf, errlen);
	if (!f)
		return 3;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
	if (!out) {
		snprintf(errbuf, errlen, "cannot write '%s': %s", tmp,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		fclose(f);
		return 3;
	}
	char line[1024];
	int removed = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");
		api_key k;
		const char *why;
		if (*p != '#' && parse_line(p, &k, &why) == 0 &&
		    !strcmp(k.label, label)) {
			removed++;
			continue;
		}
		bad |= fputs(line, out) < 0;
	}
	bad |= fflush(out) != 0 || fsync(fileno(out)) != 0;
	bad |= fclose(out) != 0;
	if (!bad && removed)
		bad = rename(tmp, path) != 0;
	else
		unlink(tmp);
	fclose(f); /* the lock goes with it, after the rename */
	if (bad) {
		snprintf(errbuf, errlen, "cannot rewrite '%s': %s", path,
			 strerror(errno));
		return 3;
	}
	if (!removed) {
		snprintf(errbuf, errlen, "no key is labelled '%s'", label);
		return 1;
	}
	return 0;
}
