/*
 * update.c - licit_update: fetch the official lists into a local folder.
 *
 * A small table names each official list: the folder it goes into under
 * dest_dir and its files with the publisher's URL. Files come from the
 * publishers over HTTPS with libcurl, or from a mirror: a local folder or
 * an http(s):// base URL laid out as <mirror>/<source>/<file> or
 * <mirror>/<source>/<YYYY[-MM[-DD]]>/<file>, where the newest dated folder
 * holding every file of a set wins, so a set (OFAC's sdn.csv with its
 * companions) is never mixed from two publications.
 *
 * Every file is written to a hidden temp file beside its final name and
 * fsync'd; only when every file of its set has arrived are they renamed
 * into place, so a failed download never leaves a half file, nor a set
 * half old and half new. An empty body or an HTML page where a list was
 * expected counts as a failure. Downloads remember their ETag and
 * Last-Modified in .<file>.meta and ask again with If-None-Match /
 * If-Modified-Since; a 304 keeps the file. Each source folder gets a
 * SHA256SUMS in sha256sum's format.
 *
 * A file that cannot be had (missing from the mirror, a publisher down) is
 * logged and the rest goes on; the call fails only when nothing at all was
 * fetched, or when writing into dest_dir fails. Only http and https are
 * followed, redirects included; a response larger than 512 MiB is refused.
 */
#include "licit.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "banned.h"

#define MAX_FILE_BYTES	  ((uint64_t)512 << 20)
#define MAX_LISTING_BYTES ((size_t)4 << 20)
#define MAX_SET_FILES	  4
#define PATH_LEN	  4096

/* One official list: its folder and files, and where the publisher has them. */
typedef struct list_source {
	const char *sub;      /* folder under dest_dir and in a mirror */
	const char *alt_sub;  /* another mirror folder that may hold it */
	const char *base_url; /* publisher's folder, ends in '/'; or NULL */
	const char *url_env;  /* else: variable holding the URL of files[0] */
	const char *files[MAX_SET_FILES + 1]; /* files[0] is the main file */
} list_source;

static const list_source official[] = {
    {"us-ofac-sdn",
     NULL,
     "https://www.treasury.gov/ofac/downloads/",
     NULL,
     {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}},
    {"us-ofac-cons",
     NULL,
     "https://www.treasury.gov/ofac/downloads/consolidated/",
     NULL,
     {"cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"}},
    {"us-ofac-enhanced",
     "us-ofac-cons",
     "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/"
     "exports/",
     NULL,
     {"CONS_ENHANCED.ZIP"}},
    {"us-csl",
     NULL,
     "https://data.trade.gov/downloadable_consolidated_screening_list/v1/",
     NULL,
     {"consolidated.csv"}},
    {"us-bis-dpl", NULL, "https://www.bis.doc.gov/dpl/", NULL, {"dpl.txt"}},
    {"un-sc",
     NULL,
     "https://scsanctions.un.org/resources/xml/en/",
     NULL,
     {"consolidated.xml"}},
    {"uk-ofsi",
     NULL,
     "https://ofsistorage.blob.core.windows.net/publishlive/2022format/",
     NULL,
     {"ConList.csv"}},
    /* the EU's download URL carries a personal token */
    {"eu-fsf", NULL, NULL, "LICIT_EU_FSF_URL", {"eu-fsf.xml"}},
};

#define N_OFFICIAL (sizeof(official) / sizeof(official[0]))

/* What became of one file. */
typedef enum outcome {
	GOT,	   /* new content written */
	UNCHANGED, /* 304, or the mirror's copy equals ours */
	MISSING,   /* not in the mirror (404, no such file) */
	FAILED,	   /* network or read error, logged and recorded */
	SKIPPED,   /* not asked for (no URL configured) */
} outcome;

typedef struct update_run {
	const char *dest;
	const char *mirror; /* NULL: the publishers */
	int mirror_is_url;
	int mirror_down; /* the mirror's host could not be reached */
	CURL *curl;
	char curl_msg[CURL_ERROR_SIZE];
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
	unsigned fetched; /* files got or unchanged */
	errinfo first_fail;
} update_run;

/* ------------------------------------------------------------ helpers */

static void say(update_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(update_run *r, const char *fmt, ...)
{
	if (!r->log)
		return;
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	r->log(r->log_ctx, line);
}

/* snprintf into a path buffer; EINVAL when it does not fit. */
static licit_status path_fmt(char *out, errinfo *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static licit_status path_fmt(char *out, errinfo *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, PATH_LEN, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_LEN)
		return err_set(e, LICIT_EINVAL, "path too long: '%.200s...'",
			       out);
	return LICIT_OK;
}

/* Remember the first per-file failure: it is the error if nothing works. */
static void note_fail(update_run *r, licit_status code, const char *msg)
{
	if (r->first_fail.code == LICIT_OK)
		err_set(&r->first_fail, code, "%s", msg);
}

static int is_regular(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static void hex12(const uint8_t d[32], char out[13])
{
	char hex[65];
	sha256_hex(d, hex);
	memcpy(out, hex, 12);
	out[12] = '\0';
}

/* ------------------------------------------- temp file, then rename */

/*
 * A file written beside its final name, hashed as it goes: open, write,
 * finish (fsync, close: it is "staged"), then rename over the final name,
 * or abort, which removes it in any state.
 */
typedef struct tmp_out {
	char dir[PATH_LEN], path[PATH_LEN], final[PATH_LEN];
	int fd;	    /* open while writing, else -1 */
	int staged; /* finished, waiting for tmp_rename */
	sha256_ctx sha;
	uint64_t bytes;
	uint8_t digest[32]; /* set by tmp_finish */
	int err;	    /* errno of the first failed write, 0 if none */
} tmp_out;

static licit_status tmp_open(tmp_out *t, const char *dest, const char *sub,
			     const char *file, errinfo *e)
{
	t->fd = -1;
	t->staged = 0;
	t->bytes = 0;
	t->err = 0;
	licit_status st = path_fmt(t->dir, e, "%s/%s", dest, sub);
	if (st == LICIT_OK)
		st = path_fmt(t->final, e, "%s/%s", t->dir, file);
	if (st == LICIT_OK)
		st = path_fmt(t->path, e, "%s/.%s.tmp.%ld", t->dir, file,
			      (long)getpid());
	if (st == LICIT_OK)
		st = dir_make(t->dir, e);
	if (st != LICIT_OK)
		return st;
	if (sha256_init(&t->sha) < 0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	t->fd = open(t->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (t->fd < 0) {
		sha256_abort(&t->sha);
		return err_set(e, LICIT_EIO, "cannot create '%s': %s", t->path,
			       strerror(errno));
	}
	return LICIT_OK;
}

/* 0, or -1 with t->err set. */
static int tmp_write(tmp_out *t, const void *p, size_t n)
{
	const unsigned char *s = p;
	sha256_update(&t->sha, p, n);
	t->bytes += n;
	while (n) {
		ssize_t w = write(t->fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			t->err = w < 0 ? errno : EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void tmp_abort(tmp_out *t)
{
	if (t->fd >= 0) {
		close(t->fd);
		sha256_abort(&t->sha);
		unlink(t->path);
	} else if (t->staged) {
		unlink(t->path);
	}
	t->fd = -1;
	t->staged = 0;
}

/*
 * 0 if what was written can be a list; else -1 and why in e: nothing at
 * all, or an HTML page (a portal's or an error page sent with status 200)
 * where a list was expected.
 */
static int tmp_check(tmp_out *t, const char *file, const char *from, errinfo *e)
{
	char head[512];
	if (!t->bytes) {
		err_set(e, LICIT_EPARSE, "'%s' is empty", from);
		return -1;
	}
	ssize_t n = pread(t->fd, head, sizeof(head) - 1, 0);
	if (n <= 0)
		return 0;
	head[n] = '\0';
	const char *p = head;
	if (!memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	const char *dot = strrchr(file, '.');
	if (dot && !strcasecmp(dot, ".html"))
		return 0;
	if (!strncasecmp(p, "<!doctype html", 14) ||
	    !strncasecmp(p, "<html", 5)) {
		err_set(e, LICIT_EPARSE,
			"'%s' is an HTML page, not the list file", from);
		return -1;
	}
	return 0;
}

/* The write error of t, as an I/O failure of dest. */
static licit_status tmp_write_error(tmp_out *t, errinfo *e)
{
	err_set(e, LICIT_EIO, "cannot write '%s': %s", t->path,
		strerror(t->err));
	tmp_abort(t);
	return LICIT_EIO;
}

/* Digest, fsync and close: the content is on disk, under the temp name. */
static licit_status tmp_finish(tmp_out *t, errinfo *e)
{
	int fd = t->fd;
	t->fd = -1;
	sha256_final(&t->sha, t->digest);
	int rc = fsync(fd);
	int err = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc < 0) {
		unlink(t->path);
		return err_set(e, LICIT_EIO, "cannot write '%s': %s", t->path,
			       strerror(err));
	}
	t->staged = 1;
	return LICIT_OK;
}

/* Rename a staged file over its final name and fsync the folder. */
static licit_status tmp_rename(tmp_out *t, errinfo *e)
{
	if (rename(t->path, t->final) < 0) {
		err_set(e, LICIT_EIO, "cannot write '%s': %s", t->final,
			strerror(errno));
		tmp_abort(t);
		return LICIT_EIO;
	}
	t->staged = 0;
	fsync_dir(t->dir);
	return LICIT_OK;
}

/* ----------------------------------------------------------- libcurl */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void curl_init_once(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* One HTTP request: a GET into a temp file or a buffer, or a HEAD. */
typedef struct req {
	const char *url;
	int head;
	const char *if_etag, *if_lm; /* conditional GET, may be NULL */
	const char *shown;	     /* the URL as logs may show it */
	tmp_out *out;
	buf *body;
	uint64_t limit; /* on the body */
	/* results */
	int too_big;
	long status;
	CURLcode rc;
	char etag[256], last_mod[128];
} req;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	req *q = ud;
	size_t len = size * n;
	uint64_t have = q->out ? q->out->bytes : q->body ? q->body->len : 0;
	if (have + len > q->limit) {
		q->too_big = 1;
		return 0;
	}
	if (q->out)
		return tmp_write(q->out, p, len) < 0 ? 0 : len;
	if (q->body) {
		buf_add(q->body, p, len);
		if (!buf_ok(q->body)) {
			q->too_big = 1;
			return 0;
		}
	}
	return len;
}

/* Copy a header's value, trimmed, if the line is "<name>: value". */
static int header_value(const char *line, size_t len, const char *name,
			char *out, size_t cap)
{
	size_t k = strlen(name);
	if (len <= k || strncasecmp(line, name, k) || line[k] != ':')
		return 0;
	const char *v = line + k + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	size_t n = (size_t)(end - v);
	if (n >= cap || memchr(v, '\r', n) || memchr(v, '\n', n))
		n = 0; /* unusable: not kept */
	memcpy(out, v, n);
	out[n] = '\0';
	return 1;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	req *q = ud;
	size_t len = size * n;
	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* a new response (after a redirect): forget the last one's */
		q->etag[0] = q->last_mod[0] = '\0';
		return len;
	}
	if (!header_value(p, len, "etag", q->etag, sizeof(q->etag)))
		header_value(p, len, "last-modified", q->last_mod,
			     sizeof(q->last_mod));
	return len;
}

static void curl_common(update_run *r, req *q)
{
	CURL *c = r->curl;
	char ua[64];
	snprintf(ua, sizeof(ua), "licit/%s", licit_version());
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, q->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	/* a stalled transfer: under 1 KiB/s for a minute */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)MAX_FILE_BYTES);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->curl_msg);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, q);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, q);
	if (q->head)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
}

/* Run q; q->rc and q->status tell how it went. */
static void req_perform(update_run *r, req *q)
{
	struct curl_slist *hdrs = NULL, *h;
	char line[512];
	q->too_big = 0;
	if (!q->limit)
		q->limit = MAX_FILE_BYTES;
	if (!q->shown)
		q->shown = q->url;
	q->status = 0;
	q->etag[0] = q->last_mod[0] = '\0';
	r->curl_msg[0] = '\0';
	curl_common(r, q);
	if (q->if_etag && *q->if_etag) {
		snprintf(line, sizeof(line), "If-None-Match: %s", q->if_etag);
		if ((h = curl_slist_append(hdrs, line)))
			hdrs = h;
	}
	if (q->if_lm && *q->if_lm) {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", q->if_lm);
		if ((h = curl_slist_append(hdrs, line)))
			hdrs = h;
	}
	if (hdrs)
		curl_easy_setopt(r->curl, CURLOPT_HTTPHEADER, hdrs);
	q->rc = curl_easy_perform(r->curl);
	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &q->status);
	curl_easy_setopt(r->curl, CURLOPT_HTTPHEADER,
			 (struct curl_slist *)NULL);
	curl_slist_free_all(hdrs);
}

static int req_ok(const req *q)
{
	return q->rc == CURLE_OK && q->status >= 200 && q->status < 300;
}

static int req_absent(const req *q)
{
	return q->rc == CURLE_HTTP_RETURNED_ERROR &&
	       (q->status == 404 || q->status == 410);
}

/* The host is not there at all: no point asking it for more. */
static int req_unreachable(const req *q)
{
	return q->rc == CURLE_COULDNT_RESOLVE_HOST ||
	       q->rc == CURLE_COULDNT_RESOLVE_PROXY ||
	       q->rc == CURLE_COULDNT_CONNECT ||
	       q->rc == CURLE_OPERATION_TIMEDOUT;
}

/* "cannot fetch '<url>': <reason>" into e (ENETWORK). */
static void req_error(update_run *r, const req *q, errinfo *e)
{
	const char *u = q->shown;
	if (q->too_big)
		err_set(e, LICIT_ELIMIT,
			"cannot fetch '%s': larger than %llu MiB", u,
			(unsigned long long)(q->limit >> 20));
	else if (q->rc == CURLE_HTTP_RETURNED_ERROR)
		err_set(e, LICIT_ENETWORK, "cannot fetch '%s': HTTP %ld", u,
			q->status);
	else if (q->rc == CURLE_OK)
		err_set(e, LICIT_ENETWORK,
			"cannot fetch '%s': unexpected HTTP %ld", u, q->status);
	else if (r->curl_msg[0] && q->shown == q->url)
		err_set(e, LICIT_ENETWORK, "cannot fetch '%s': %s (%s)", u,
			curl_easy_strerror(q->rc), r->curl_msg);
	else /* curl's own message may quote a URL that must not be shown */
		err_set(e, LICIT_ENETWORK, "cannot fetch '%s': %s", u,
			curl_easy_strerror(q->rc));
}

/* ------------------------------------------- validators (.<file>.meta) */

typedef struct meta {
	char url[PATH_LEN], etag[256], last_mod[128];
	char sha256[65]; /* of the file as downloaded */
} meta;

static void meta_path(char *out, const update_run *r, const char *sub,
		      const char *file)
{
	snprintf(out, PATH_LEN, "%s/%s/.%s.meta", r->dest, sub, file);
}

static void meta_field(const char *line, size_t len, const char *key, char *out,
		       size_t cap)
{
	size_t k = strlen(key);
	if (len <= k || memcmp(line, key, k) || line[k] != ' ')
		return;
	size_t n = len - k - 1;
	if (n >= cap)
		return;
	memcpy(out, line + k + 1, n);
	out[n] = '\0';
}

/* Read the validators of a previous download; all empty if none. */
static void meta_read(const char *path, meta *m)
{
	m->url[0] = m->etag[0] = m->last_mod[0] = m->sha256[0] = '\0';
	file_map f;
	errinfo ignore;
	if (file_map_open(&f, path, &ignore) != LICIT_OK)
		return;
	const char *p = (const char *)f.data, *end = p + f.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		meta_field(p, len, "url", m->url, sizeof(m->url));
		meta_field(p, len, "etag", m->etag, sizeof(m->etag));
		meta_field(p, len, "last-modified", m->last_mod,
			   sizeof(m->last_mod));
		meta_field(p, len, "sha256", m->sha256, sizeof(m->sha256));
		p += len + 1;
	}
	file_map_release(&f);
}

static licit_status meta_write(const char *path, const char *url,
			       const char *etag, const char *last_mod,
			       const uint8_t d[32], errinfo *e)
{
	char hex[65];
	sha256_hex(d, hex);
	buf b;
	buf_init(&b, 0);
	buf_addf(&b, "url %s\netag %s\nlast-modified %s\nsha256 %s\n", url,
		 etag, last_mod, hex);
	licit_status st = buf_ok(&b)
			      ? file_write_atomic(path, b.data, b.len, e)
			      : err_set(e, LICIT_ENOMEM, "out of memory");
	buf_release(&b);
	return st;
}

/* ------------------------------------------------------ fetching a file */

/*
 * One file of a set being updated. New content stays staged (a finished
 * temp file) until every file of the set has been fetched, so a set is
 * never left half old, half new.
 */
typedef struct set_file {
	const char *file;
	outcome oc;
	tmp_out t;	     /* staged when oc == GOT */
	const char *verb;    /* "downloaded" or "copied" */
	char from[PATH_LEN]; /* the URL or mirror path it came from, as shown */
	char url[PATH_LEN];  /* the URL; "" for a copy */
	char etag[256], last_mod[128];
} set_file;

/* A per-file failure: logged, remembered, and the run goes on. */
static void file_failed(update_run *r, const char *sub, set_file *f,
			const errinfo *e)
{
	say(r, "%s/%s: failed: %s", sub, f->file, e->msg);
	note_fail(r, e->code, e->msg);
	f->oc = FAILED;
}

/* 1 if the file at path has the sha256 `hex`. */
static int file_is_sha(const char *path, const char *hex)
{
	file_map m;
	errinfo ignore;
	uint8_t d[32];
	char have[65];
	if (strlen(hex) != 64 || file_map_open(&m, path, &ignore) != LICIT_OK)
		return 0;
	int rc = sha256(m.data, m.len, d);
	file_map_release(&m);
	if (rc < 0)
		return 0;
	sha256_hex(d, have);
	return !strcmp(have, hex);
}

/*
 * GET url for dest/sub/<f->file>, conditionally when the last download
 * came from the same URL and the file still has the bytes then received.
 * Logs and errors show `shown` for the URL. f->oc says how it went; the
 * status is for failures to write into dest.
 */
static licit_status fetch_url(update_run *r, const char *sub, set_file *f,
			      const char *url, const char *shown, errinfo *e)
{
	char mpath[PATH_LEN];
	meta old;
	tmp_out *t = &f->t;
	meta_path(mpath, r, sub, f->file);
	meta_read(mpath, &old);
	licit_status st = tmp_open(t, r->dest, sub, f->file, e);
	if (st != LICIT_OK)
		return st;
	req q = {.url = url, .shown = shown, .out = t};
	if (!strcmp(old.url, url) && file_is_sha(t->final, old.sha256)) {
		q.if_etag = old.etag;
		q.if_lm = old.last_mod;
	}
	req_perform(r, &q);
	if (t->err)
		return tmp_write_error(t, e);
	if (q.rc == CURLE_OK && q.status == 304) {
		tmp_abort(t);
		f->oc = UNCHANGED;
		return LICIT_OK;
	}
	if (!req_ok(&q)) {
		tmp_abort(t);
		if (r->mirror && req_absent(&q)) {
			f->oc = MISSING;
			return LICIT_OK;
		}
		if (r->mirror && req_unreachable(&q))
			r->mirror_down = 1;
		errinfo fe;
		req_error(r, &q, &fe);
		file_failed(r, sub, f, &fe);
		return LICIT_OK;
	}
	errinfo fe;
	if (tmp_check(t, f->file, shown, &fe) < 0) {
		tmp_abort(t);
		file_failed(r, sub, f, &fe);
		return LICIT_OK;
	}
	st = tmp_finish(t, e);
	if (st != LICIT_OK)
		return st;
	f->oc = GOT;
	f->verb = "downloaded";
	memcpy(f->etag, q.etag, sizeof(f->etag));
	memcpy(f->last_mod, q.last_mod, sizeof(f->last_mod));
	st = path_fmt(f->url, e, "%s", url);
	return st == LICIT_OK ? path_fmt(f->from, e, "%s", shown) : st;
}

/* 1 if the two files have the same bytes. */
static int same_content(const char *a, const char *b)
{
	file_map fa, fb;
	errinfo ignore;
	if (file_map_open(&fa, a, &ignore) != LICIT_OK)
		return 0;
	if (file_map_open(&fb, b, &ignore) != LICIT_OK) {
		file_map_release(&fa);
		return 0;
	}
	int same = fa.len == fb.len && !memcmp(fa.data, fb.data, fa.len);
	file_map_release(&fa);
	file_map_release(&fb);
	return same;
}

/* Read fd in chunks into t; 0, -1 on a read error (errno), -2 on write. */
static int copy_into(int fd, tmp_out *t)
{
	static const size_t chunk = 1 << 16;
	char *b = licit__malloc(chunk);
	if (!b) {
		errno = ENOMEM;
		return -1;
	}
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, b, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (t->bytes + (uint64_t)n > MAX_FILE_BYTES) {
			errno = EFBIG;
			rc = -1;
			break;
		}
		if (tmp_write(t, b, (size_t)n) < 0) {
			rc = -2;
			break;
		}
	}
	licit__free(b);
	return rc;
}

/* Copy the file at src, in a folder mirror, for dest/sub/<f->file>. */
static licit_status copy_file(update_run *r, const char *sub, set_file *f,
			      const char *src, errinfo *e)
{
	tmp_out *t = &f->t;
	licit_status st = tmp_open(t, r->dest, sub, f->file, e);
	if (st != LICIT_OK)
		return st;
	if (same_content(src, t->final)) {
		tmp_abort(t);
		f->oc = UNCHANGED;
		return LICIT_OK;
	}
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	int rc = fd < 0 ? -1 : copy_into(fd, t);
	int err = errno;
	if (fd >= 0)
		close(fd);
	if (rc == -2)
		return tmp_write_error(t, e);
	errinfo fe;
	if (rc < 0)
		err_set(&fe, LICIT_EIO, "cannot read '%s': %s", src,
			strerror(err));
	if (rc < 0 || tmp_check(t, f->file, src, &fe) < 0) {
		tmp_abort(t);
		file_failed(r, sub, f, &fe);
		return LICIT_OK;
	}
	st = tmp_finish(t, e);
	if (st != LICIT_OK)
		return st;
	f->oc = GOT;
	f->verb = "copied";
	f->url[0] = '\0';
	return path_fmt(f->from, e, "%s", src);
}

/* ------------------------------------------------- finding a mirror set */

/* YYYY, YYYY-MM or YYYY-MM-DD. */
static int is_dated(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd";
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int digit = s[i] >= '0' && s[i] <= '9';
		if (shape[i] == 'd' ? !digit : s[i] != '-')
			return 0;
	}
	return 1;
}

typedef struct dated_list {
	char (*v)[11];
	size_t n, cap;
} dated_list;

static int dated_add(dated_list *l, const char *s, size_t n)
{
	if (!is_dated(s, n))
		return 0;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		if (nc > 100000)
			return -1;
		char(*nv)[11] = licit__realloc(l->v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		l->v = nv;
		l->cap = nc;
	}
	memcpy(l->v[l->n], s, n);
	l->v[l->n++][n] = '\0';
	return 0;
}

static int cmp_desc(const void *a, const void *b)
{
	return strcmp((const char *)b, (const char *)a);
}

/* Newest first, duplicates dropped. */
static void dated_sort(dated_list *l)
{
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_desc);
	size_t k = 1;
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(l->v[i], l->v[k - 1]))
			memcpy(l->v[k++], l->v[i], sizeof(*l->v));
	l->n = k;
}

/*
 * The dated links of an HTML directory listing: href="2023-12-28/",
 * href='/lists/us-ofac-sdn/2023-12-28/' and the like.
 */
static int parse_listing(const char *html, dated_list *l)
{
	const char *p = html;
	while ((p = strchr(p, '='))) {
		const char *eq = p++;
		if (eq - html < 4 || strncasecmp(eq - 4, "href", 4))
			continue;
		char quote = *p;
		if (quote != '"' && quote != '\'')
			continue;
		const char *v = p + 1, *end = strchr(v, quote);
		if (!end)
			break;
		p = end + 1;
		while (end > v && end[-1] == '/')
			end--;
		const char *s = end;
		while (s > v && s[-1] != '/')
			s--;
		if (dated_add(l, s, (size_t)(end - s)) < 0)
			return -1;
	}
	return 0;
}

/*
 * The dated subfolders of <mirror>/<sub>, newest first; none when the
 * mirror has no such folder.
 */
static licit_status mirror_dated(update_run *r, const char *sub, dated_list *l,
				 errinfo *e)
{
	char path[PATH_LEN];
	licit_status st = path_fmt(path, e, "%s/%s/", r->mirror, sub);
	if (st != LICIT_OK)
		return st;
	if (!r->mirror_is_url) {
		if (path_is_dir(path) != 1)
			return LICIT_OK;
		char **dirs;
		size_t n;
		errinfo ignore;
		if (dir_list_dirs(path, &dirs, &n, &ignore) != LICIT_OK)
			return LICIT_OK;
		for (size_t i = 0; i < n && st == LICIT_OK; i++) {
			const char *b = path_base(dirs[i]);
			if (dated_add(l, b, strlen(b)) < 0)
				st = err_set(e, LICIT_ENOMEM, "out of memory");
		}
		path_list_free(dirs, n);
		dated_sort(l);
		return st;
	}
	buf body;
	buf_init(&body, MAX_LISTING_BYTES);
	req q = {.url = path, .body = &body, .limit = MAX_LISTING_BYTES};
	req_perform(r, &q);
	if (req_ok(&q)) {
		if (parse_listing(buf_str(&body), l) < 0)
			st = err_set(e, LICIT_ENOMEM, "out of memory");
		dated_sort(l);
	} else if (!req_absent(&q)) {
		if (req_unreachable(&q))
			r->mirror_down = 1;
		errinfo fe;
		req_error(r, &q, &fe);
		say(r, "%s: failed: %s", sub, fe.msg);
		note_fail(r, fe.code, fe.msg);
	}
	buf_release(&body);
	return st;
}

/* Does the mirror have <rel>/<file>? A HEAD request for a URL mirror. */
static int mirror_has(update_run *r, const char *rel, const char *file)
{
	char path[PATH_LEN];
	int n = snprintf(path, sizeof(path), "%s/%s/%s", r->mirror, rel, file);
	if (n < 0 || (size_t)n >= sizeof(path) || r->mirror_down)
		return 0;
	if (!r->mirror_is_url)
		return is_regular(path);
	req q = {.url = path, .head = 1};
	req_perform(r, &q);
	if (req_ok(&q))
		return 1;
	if (q.rc != CURLE_HTTP_RETURNED_ERROR) { /* 404, 403...: absent */
		if (req_unreachable(&q))
			r->mirror_down = 1;
		errinfo fe;
		req_error(r, &q, &fe);
		say(r, "%s: failed: %s", rel, fe.msg);
		note_fail(r, fe.code, fe.msg);
	}
	return 0;
}

/* How many files of s the mirror folder rel holds; stops at the first gap. */
static size_t mirror_count(update_run *r, const list_source *s, const char *rel)
{
	size_t k = 0;
	while (s->files[k] && mirror_has(r, rel, s->files[k]))
		k++;
	return k;
}

static size_t set_size(const list_source *s)
{
	size_t n = 0;
	while (s->files[n])
		n++;
	return n;
}

/*
 * Pick the mirror folder for s (relative to the mirror): <sub> itself if
 * it holds every file, else the newest dated subfolder that does, else the
 * first of these with the main file. rel is "" when none has even that; *have
 * is how many of s->files, from the first, the folder is known to hold.
 */
static licit_status mirror_pick(update_run *r, const list_source *s,
				char rel[PATH_LEN], size_t *have, errinfo *e)
{
	const char *subs[2] = {s->sub, s->alt_sub};
	size_t want = set_size(s), part_have = 0;
	char partial[PATH_LEN] = "";
	rel[0] = '\0';
	*have = 0;
	for (int i = 0; i < 2 && subs[i] && !r->mirror_down; i++) {
		size_t n = mirror_count(r, s, subs[i]);
		if (n == want) {
			*have = want;
			return path_fmt(rel, e, "%s", subs[i]);
		}
		if (r->mirror_down)
			break;
		if (n && !partial[0]) {
			memcpy(partial, subs[i], strlen(subs[i]) + 1);
			part_have = n;
		}
		dated_list l = {0};
		licit_status st = mirror_dated(r, subs[i], &l, e);
		for (size_t k = 0; st == LICIT_OK && k < l.n; k++) {
			char cand[PATH_LEN];
			st = path_fmt(cand, e, "%s/%s", subs[i], l.v[k]);
			if (st != LICIT_OK)
				break;
			n = mirror_count(r, s, cand);
			if (n == want) {
				memcpy(rel, cand, strlen(cand) + 1);
				*have = n;
				break;
			}
			if (n && !partial[0]) {
				memcpy(partial, cand, strlen(cand) + 1);
				part_have = n;
			}
		}
		licit__free(l.v);
		if (st != LICIT_OK || rel[0])
			return st;
	}
	if (partial[0]) {
		memcpy(rel, partial, strlen(partial) + 1);
		*have = part_have;
	}
	return LICIT_OK;
}

/* --------------------------------------------------------- one source */

/* Write dest/sub/SHA256SUMS for the files of s present there. */
static licit_status write_sums(update_run *r, const list_source *s, errinfo *e)
{
	buf out;
	buf_init(&out, 0);
	licit_status st = LICIT_OK;
	for (size_t i = 0; s->files[i] && st == LICIT_OK; i++) {
		char path[PATH_LEN];
		st =
		    path_fmt(path, e, "%s/%s/%s", r->dest, s->sub, s->files[i]);
		if (st != LICIT_OK || !is_regular(path))
			continue;
		file_map m;
		uint8_t d[32];
		char hex[65];
		st = file_map_open(&m, path, e);
		if (st != LICIT_OK)
			break;
		int bad = sha256(m.data, m.len, d) < 0;
		file_map_release(&m);
		if (bad) {
			st = err_set(e, LICIT_ENOMEM, "out of memory");
			break;
		}
		sha256_hex(d, hex);
		buf_addf(&out, "%s  %s\n", hex, s->files[i]);
	}
	if (st == LICIT_OK && !buf_ok(&out))
		st = err_set(e, LICIT_ENOMEM, "out of memory");
	char path[PATH_LEN];
	if (st == LICIT_OK)
		st = path_fmt(path, e, "%s/%s/SHA256SUMS", r->dest, s->sub);
	if (st == LICIT_OK && out.len)
		st = file_write_atomic(path, out.data, out.len, e);
	else if (st == LICIT_OK)
		unlink(path); /* no file of s left: no stale sums either */
	buf_release(&out);
	return st;
}

static licit_status stage_from_mirror(update_run *r, const list_source *s,
				      set_file *set, errinfo *e)
{
	char rel[PATH_LEN];
	size_t have;
	licit_status st = mirror_pick(r, s, rel, &have, e);
	for (size_t i = 0; set[i].file && st == LICIT_OK; i++) {
		set_file *f = &set[i];
		char from[PATH_LEN];
		if (r->mirror_down) {
			say(r, "%s/%s: skipped: mirror unreachable", s->sub,
			    f->file);
			f->oc = FAILED;
			continue;
		}
		if (!rel[0] || (i >= have && !mirror_has(r, rel, f->file))) {
			f->oc = r->mirror_down ? FAILED : MISSING;
			continue;
		}
		st = path_fmt(from, e, "%s/%s/%s", r->mirror, rel, f->file);
		if (st != LICIT_OK)
			break;
		st = r->mirror_is_url ? fetch_url(r, s->sub, f, from, from, e)
				      : copy_file(r, s->sub, f, from, e);
	}
	return st;
}

static licit_status stage_from_publisher(update_run *r, const list_source *s,
					 set_file *set, errinfo *e)
{
	licit_status st = LICIT_OK;
	for (size_t i = 0; set[i].file && st == LICIT_OK; i++) {
		set_file *f = &set[i];
		char url[PATH_LEN];
		const char *v = s->url_env ? getenv(s->url_env) : NULL;
		if (s->url_env && (!v || !*v || i)) {
			say(r,
			    "%s/%s: skipped: set %s to the download URL of "
			    "this list to fetch it",
			    s->sub, f->file, s->url_env);
			f->oc = SKIPPED;
			continue;
		}
		/* a URL from the environment may hold a token: not shown */
		char shown[128];
		snprintf(shown, sizeof(shown), "$%s", v ? s->url_env : "");
		st = v ? path_fmt(url, e, "%s", v)
		       : path_fmt(url, e, "%s%s", s->base_url, f->file);
		if (st == LICIT_OK)
			st = fetch_url(r, s->sub, f, url, v ? shown : url, e);
	}
	return st;
}

/* Put a staged file in place, with its validators, and log it. */
static licit_status settle_got(update_run *r, const char *sub, set_file *f,
			       errinfo *e)
{
	char mpath[PATH_LEN];
	uint64_t bytes = f->t.bytes;
	licit_status st = tmp_rename(&f->t, e);
	if (st != LICIT_OK)
		return st;
	meta_path(mpath, r, sub, f->file);
	if (f->url[0])
		st = meta_write(mpath, f->url, f->etag, f->last_mod,
				f->t.digest, e);
	else
		unlink(mpath); /* an earlier download's validators */
	if (st != LICIT_OK)
		return st;
	char h[13];
	hex12(f->t.digest, h);
	say(r, "%s/%s: %s %llu bytes sha256 %s from %s", sub, f->file, f->verb,
	    (unsigned long long)bytes, h, f->from);
	r->fetched++;
	return LICIT_OK;
}

/*
 * A file the chosen mirror folder lacks. When other files of its set came
 * from that folder, our copy belongs to an older publication: removed.
 */
static void settle_missing(update_run *r, const char *sub, set_file *f,
			   int set_found)
{
	char path[PATH_LEN];
	int removed = 0;
	if (set_found &&
	    snprintf(path, sizeof(path), "%s/%s/%s", r->dest, sub, f->file) <
		(int)sizeof(path) &&
	    unlink(path) == 0) {
		removed = 1;
		meta_path(path, r, sub, f->file);
		unlink(path);
	}
	say(r, "%s/%s: missing from mirror%s", sub, f->file,
	    removed ? " (the older copy was removed)" : "");
}

/*
 * Every file of the set fetched: put the new ones in place. One failed:
 * keep the previous files, drop the staged ones.
 */
static licit_status settle_set(update_run *r, const list_source *s,
			       set_file *set, errinfo *e)
{
	int failed = 0, found = 0;
	for (size_t i = 0; set[i].file; i++) {
		failed |= set[i].oc == FAILED;
		found |= set[i].oc == GOT || set[i].oc == UNCHANGED;
	}
	licit_status st = LICIT_OK;
	for (size_t i = 0; set[i].file && st == LICIT_OK; i++) {
		set_file *f = &set[i];
		switch (f->oc) {
		case GOT:
			if (failed)
				say(r,
				    "%s/%s: not kept: the rest of its set "
				    "could not be fetched",
				    s->sub, f->file);
			else
				st = settle_got(r, s->sub, f, e);
			break;
		case UNCHANGED:
			say(r, "%s/%s: unchanged", s->sub, f->file);
			r->fetched++;
			break;
		case MISSING:
			settle_missing(r, s->sub, f, found && !failed);
			break;
		case FAILED:
		case SKIPPED:
			break; /* logged when it happened */
		}
	}
	return st;
}

static licit_status update_source(update_run *r, const list_source *s,
				  errinfo *e)
{
	set_file *set = licit__calloc(MAX_SET_FILES + 1, sizeof(*set));
	if (!set)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	for (size_t i = 0; s->files[i]; i++) {
		set[i].file = s->files[i];
		set[i].oc = MISSING;
		set[i].t.fd = -1;
	}
	licit_status st = r->mirror ? stage_from_mirror(r, s, set, e)
				    : stage_from_publisher(r, s, set, e);
	if (st == LICIT_OK)
		st = settle_set(r, s, set, e);
	for (size_t i = 0; set[i].file; i++)
		tmp_abort(&set[i].t);
	licit__free(set);
	if (st == LICIT_OK)
		st = write_sums(r, s, e);
	return st;
}

/* ------------------------------------------------------------- the API */

static int has_prefix_ci(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

/* Check the mirror argument; sets r->mirror and r->mirror_is_url. */
static licit_status mirror_setup(update_run *r, const char *mirror, char *norm,
				 errinfo *e)
{
	if (!mirror)
		return LICIT_OK;
	licit_status st = path_fmt(norm, e, "%s", mirror);
	if (st != LICIT_OK)
		return st;
	size_t n = strlen(norm);
	while (n > 1 && norm[n - 1] == '/')
		norm[--n] = '\0';
	r->mirror = norm;
	r->mirror_is_url =
	    has_prefix_ci(norm, "http://") || has_prefix_ci(norm, "https://");
	if (r->mirror_is_url)
		return LICIT_OK;
	if (strstr(norm, "://"))
		return err_set(e, LICIT_EINVAL,
			       "mirror '%s': only http://, https:// or a "
			       "folder are supported",
			       mirror);
	if (path_is_dir(norm) != 1)
		return err_set(e, LICIT_EINVAL,
			       "mirror '%s' is not a folder or an http(s):// "
			       "URL",
			       mirror);
	return LICIT_OK;
}

static licit_status run_all(update_run *r, errinfo *e)
{
	licit_status st = dir_make(r->dest, e);
	for (size_t i = 0; i < N_OFFICIAL && st == LICIT_OK; i++)
		st = update_source(r, &official[i], e);
	if (st != LICIT_OK || r->fetched)
		return st;
	if (r->first_fail.code != LICIT_OK) {
		*e = r->first_fail;
		return e->code;
	}
	return err_set(e, LICIT_ENOTFOUND,
		       "no list found in mirror '%s' (expected "
		       "<source>/<file> or <source>/<YYYY-MM-DD>/<file>)",
		       r->mirror ? r->mirror : "");
}

licit_status licit_update(const char *dest_dir, const char *mirror,
			  void (*log)(void *ctx, const char *line),
			  void *log_ctx, char *errbuf, size_t errlen)
{
	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!dest_dir || !*dest_dir)
		return LICIT_EMISUSE;
	update_run r = {.dest = dest_dir, .log = log, .log_ctx = log_ctx};
	err_clear(&r.first_fail);
	errinfo e;
	err_clear(&e);
	char norm[PATH_LEN];
	licit_status st = mirror_setup(&r, mirror, norm, &e);
	if (st == LICIT_OK) {
		pthread_once(&curl_once, curl_init_once);
		if (curl_init_rc != CURLE_OK)
			st = err_set(&e, LICIT_ENETWORK,
				     "cannot initialize libcurl: %s",
				     curl_easy_strerror(curl_init_rc));
	}
	if (st == LICIT_OK && !(r.curl = curl_easy_init()))
		st = err_set(&e, LICIT_ENOMEM, "cannot create a curl handle");
	if (st == LICIT_OK)
		st = run_all(&r, &e);
	if (r.curl)
		curl_easy_cleanup(r.curl);
	if (st != LICIT_OK && errbuf && errlen)
		snprintf(errbuf, errlen, "%s", e.msg);
	return st;
}
