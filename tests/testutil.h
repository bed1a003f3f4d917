/*
 * testutil.h - helpers shared by the cmocka tests.
 *
 * Real-data tests read ../shared/data in place (LICIT_TEST_DATA). When it is
 * missing they skip, except under CI=true, where they fail: real-data tests
 * never skip silently in CI.
 */
#ifndef LICIT_TESTUTIL_H
#define LICIT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* The path of `rel` under the real-data folder (static buffer, valid until
 * the next call), or NULL after skipping/failing the test if the folder is
 * missing. */
const char *test_data(const char *rel);

/* A fresh empty temporary directory (static buffer until next call). */
const char *test_tmpdir(void);

/* Remove a directory tree made by test_tmpdir. */
void test_rmtree(const char *dir);

/* Read a whole file into a malloc'd buffer; NULL on failure. */
unsigned char *test_read_file(const char *path, size_t *len);

#endif
