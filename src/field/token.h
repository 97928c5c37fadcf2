/* token.h - the personal link of an organisation: a random token, and
 * the hash under which the store keeps it.
 *
 * A token is 128 random bits from libsodium's generator, written as 22
 * characters of unpadded base64url (RFC 4648 section 5), so that it fits
 * in a URL path without escaping. The store never holds a token itself,
 * only its BLAKE2b-256 hash (crypto_generichash): a copy of the store does
 * not give anyone a working link. A plain (fast, unsalted) hash is enough
 * because the token has 128 bits of entropy; a slow password hash is for
 * passwords that people choose.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_TOKEN_H
#define BAR_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

enum {
    BAR_TOKEN_BYTES = 16,      /* random bytes of a token */
    BAR_TOKEN_CHARS = 22,      /* its length as text */
    BAR_TOKEN_HASH_BYTES = 32  /* the stored hash */
};

/* Initialise libsodium (safe to call more than once, from any thread).
 * BAR_EIO when the system's random source cannot be used. */
bar_status bar_token_init(bar_error *err);

/* A new random token into out (BAR_TOKEN_CHARS characters and a '\0').
 * Errors: those of bar_token_init. */
bar_status bar_token_new(char out[BAR_TOKEN_CHARS + 1], bar_error *err);

/* The hash of token (a '\0'-terminated string, borrowed) into out.
 * BAR_EINVALID when token is not BAR_TOKEN_CHARS characters of the
 * base64url alphabet (the check takes the same time for every input of
 * the right length, so it tells an attacker nothing). */
bar_status bar_token_hash(const char *token,
                          uint8_t out[BAR_TOKEN_HASH_BYTES], bar_error *err);

#endif
