/*
 * sha256.h - SHA-256 over OpenSSL's EVP interface, incremental and one-shot.
 */
#ifndef LICIT_SHA256_H
#define LICIT_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
	void *evp; /* EVP_MD_CTX */
} sha256_ctx;

/* 0 on success, -1 if OpenSSL could not allocate. */
int sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *p, size_t n);
/* Write the digest and free the context. */
void sha256_final(sha256_ctx *c, uint8_t out[32]);
/* Free without a digest (error paths). */
void sha256_abort(sha256_ctx *c);

/* One-shot; returns 0 or -1. */
int sha256(const void *p, size_t n, uint8_t out[32]);

/* 64 lowercase hex digits and a NUL into hex[65]. */
void sha256_hex(const uint8_t d[32], char hex[65]);

#endif
