/*
 * banned.h - turn calls to unsafe libc functions into compile errors.
 *
 * Included last by every .c file of the library and tools. These functions
 * either cannot bound their output (strcpy, sprintf, gets), keep hidden state
 * (strtok), or cannot report errors (atoi). Use buf_* from buf.h, snprintf,
 * memcpy with explicit lengths, and strtol/strtoull instead.
 */
#ifndef LICIT_BANNED_H
#define LICIT_BANNED_H

#define LICIT_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(a, b) LICIT_BANNED(strcpy)
#undef strcat
#define strcat(a, b) LICIT_BANNED(strcat)
#undef sprintf
#define sprintf(...) LICIT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) LICIT_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) LICIT_BANNED(strtok)
#undef atoi
#define atoi(a) LICIT_BANNED(atoi)
#undef atol
#define atol(a) LICIT_BANNED(atol)
#undef gets
#define gets(a) LICIT_BANNED(gets)

#endif
