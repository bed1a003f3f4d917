/*
 * web.c - the analyst web UI's static files: GET / answers the web
 * folder's index.html and GET /ui/NAME one other file of that folder
 * (the scripts, the style sheet). The UI is plain HTML, CSS and ES
 * modules with no build step; it asks the analyst for an API key and
 * calls the JSON API with it, so these routes need no key themselves.
 *
 * What is served is decided by the name alone, before the file system is
 * touched: NAME is one lowercase word of letters, digits, '-' and '_'
 * with one extension from a fixed table (which also gives the
 * Content-Type), so no path can leave the folder ('/', '..', '%2e' and a
 * NUL cannot pass) and nothing else in it (a backup file, a dot file) is
 * served. A symbolic link is not followed and only a regular file is
 * read. Every file goes out with a strict Content-Security-Policy (no
 * inline script or style, nothing from another origin, no framing) and
 * "Cache-Control: no-cache", so a browser revalidates after an upgrade
 * instead of running yesterday's script against today's API.
 *
 * Query parameters are ignored here (they change nothing in a static
 * file), unlike the API routes, which refuse unknown ones.
 *
 * Files are read per request into the request's memory (they are small:
 * at most WEB_MAX_FILE bytes), so a changed file needs no restart.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "banned.h"

#define WEB_MAX_FILE (1u << 20)
#define WEB_MAX_NAME 64

#ifndef LICIT_WEB_DIR_SOURCE
#define LICIT_WEB_DIR_SOURCE "web"
#endif
#ifndef LICIT_WEB_DIR_RELATIVE
#define LICIT_WEB_DIR_RELATIVE "../share/licit/web"
#endif

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
};

/* 'self' only: the UI's scripts, style sheet and API calls all come from
 * this server; no inline script, no eval, no plugin, no framing. */
static const http_header ui_headers[] = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; "
     "img-src 'self'; connect-src 'self'; form-action 'none'; "
     "frame-ancestors 'none'; base-uri 'none'"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {NULL, NULL},
};

int web_default_dir(char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		char index[PATH_MAX + 64];
		int k = snprintf(index, sizeof(index), "%s/%s/index.html", exe,
				 LICIT_WEB_DIR_RELATIVE);
		if (k > 0 && (size_t)k < sizeof(index) &&
		    access(index, R_OK) == 0) {
			k = snprintf(out, n, "%s/%s", exe,
				     LICIT_WEB_DIR_RELATIVE);
			return k > 0 && (size_t)k < n ? 0 : -1;
		}
	}
	int k = snprintf(out, n, "%s", LICIT_WEB_DIR_SOURCE);
	return k > 0 && (size_t)k < n ? 0 : -1;
}

/* The Content-Type of file `name`, or NULL when the name is not one this
 * file serves (see the top of the file). */
static const char *name_type(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > WEB_MAX_NAME)
		return NULL;
	const char *dot = NULL;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '.') {
			if (dot || i == 0)
				return NULL;
			dot = name + i;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			     ((c == '-' || c == '_') && !dot && i > 0))) {
			return NULL;
		}
	}
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot + 1, types[i].ext))
			return types[i].type;
	return NULL;
}

static void not_found(http_request *rq, http_reply *rp)
{
	reply_error(rq, rp, 404, "not_found", NULL,
		    "no such file of the web UI");
}

/* Read `fd` (a regular file of `size` bytes) whole into rq's memory. */
static char *read_all(http_request *rq, int fd, size_t size, size_t *len)
{
	char *buf = reqmem_alloc(&rq->mem, size + 1);
	if (!buf)
		return NULL;
	size_t got = 0;
	while (got < size) {
		ssize_t k = read(fd, buf + got, size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Answer file `name` (already checked by name_type) of the web folder. */
static void send_file(server *s, http_request *rq, http_reply *rp,
		      const char *name, const char *type)
{
	char path[PATH_MAX];
	int k = snprintf(path, sizeof(path), "%s/%s", s->web_dir, name);
	if (k < 0 || (size_t)k >= sizeof(path)) {
		not_found(rq, rp);
		return;
	}
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT && errno != ELOOP && errno != ENOTDIR)
			fprintf(stderr, "licit serve: web UI file '%s': %s\n",
				name, strerror(errno));
		not_found(rq, rp);
		return;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)WEB_MAX_FILE) {
		close(fd);
		not_found(rq, rp);
		return;
	}
	size_t len = 0;
	char *body = read_all(rq, fd, (size_t)st.st_size, &len);
	close(fd);
	if (!body) {
		reply_error(rq, rp, 500, "internal", NULL,
			    "the server could not read a file of the web UI; "
			    "retry later");
		return;
	}
	rp->status = 200;
	rp->content_type = type;
	rp->body = body;
	rp->len = len;
	rp->cache_control = "no-cache";
	rp->headers = ui_headers;
}

void web_index(server *s, http_request *rq, http_reply *rp)
{
	send_file(s, rq, rp, "index.html", types[0].type);
}

void web_file(server *s, http_request *rq, http_reply *rp)
{
	const char *name = rq->path + strlen("/ui/");
	const char *type = name_type(name);
	if (!type) {
		not_found(rq, rp);
		return;
	}
	send_file(s, rq, rp, name, type);
}
