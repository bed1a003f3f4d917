/*
 * sha256.c - SHA-256 through OpenSSL libcrypto's EVP API (the low-level
 * SHA256_* calls are deprecated in OpenSSL 3).
 */
#include "sha256.h"

#include <openssl/evp.h>

#include "banned.h"

int sha256_init(sha256_ctx *c)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	if (!m)
		return -1;
	if (EVP_DigestInit_ex(m, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(m);
		return -1;
	}
	c->evp = m;
	return 0;
}

void sha256_update(sha256_ctx *c, const void *p, size_t n)
{
	if (n)
		EVP_DigestUpdate(c->evp, p, n);
}

void sha256_final(sha256_ctx *c, uint8_t out[32])
{
	unsigned int len = 32;
	EVP_DigestFinal_ex(c->evp, out, &len);
	EVP_MD_CTX_free(c->evp);
	c->evp = NULL;
}

void sha256_abort(sha256_ctx *c)
{
	EVP_MD_CTX_free(c->evp);
	c->evp = NULL;
}

int sha256(const void *p, size_t n, uint8_t out[32])
{
	sha256_ctx c;
	if (sha256_init(&c) < 0)
		return -1;
	sha256_update(&c, p, n);
	sha256_final(&c, out);
	return 0;
}

void sha256_hex(const uint8_t d[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}
