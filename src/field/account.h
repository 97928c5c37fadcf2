/* account.h - the research team's accounts for the fieldwork pages: who
 * may log in, and the check of a password.
 *
 * A password is kept only as its Argon2id hash in libsodium's string form
 * (crypto_pwhash_str: algorithm, parameters, salt and hash in one string),
 * with the "interactive" limits (64 MiB, 2 passes): slow enough that a
 * stolen store does not give the passwords cheaply, fast enough for a
 * login. A hash made with weaker limits than the current ones is reported
 * by bar_account_verify, so that a login can store a new one.
 *
 * Account names: 1-64 characters of a-z, 0-9, '.', '_' and '-'.
 * Passwords: 12 to 1024 bytes, not all the same character.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_ACCOUNT_H
#define BAR_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

enum {
    BAR_ACCOUNT_NAME_MAX = 64,       /* characters of a name */
    BAR_ACCOUNT_PASSWORD_MIN = 12,   /* bytes of a password */
    BAR_ACCOUNT_PASSWORD_MAX = 1024,
    BAR_ACCOUNT_HASH_MAX = 128       /* bytes of a hash string with '\0' */
};

/* Whether name is a valid account name. */
bool bar_account_name_ok(const char *name);

/* The Argon2id hash string of password (borrowed) into out.
 * BAR_EINVALID when the password breaks the rules above (the message says
 * which), BAR_ENOMEM when the memory for the hash cannot be had. */
bar_status bar_account_hash(const char *password,
                            char out[BAR_ACCOUNT_HASH_MAX], bar_error *err);

/* Whether password matches hash: BAR_OK, or BAR_EINVALID (also for a
 * malformed hash or an over-long password; the message never says which).
 * *rehash (may be NULL) is set when the hash was made with other limits
 * than bar_account_hash uses now. */
bar_status bar_account_verify(const char *hash, const char *password,
                              bool *rehash, bar_error *err);

#endif
