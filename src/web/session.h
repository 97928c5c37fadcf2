/* session.h - the research team's login sessions on the admin pages: the
 * session id, its cookie, its CSRF token and its expiry.
 *
 * A session id is 256 random bits (libsodium), 43 characters of base64url
 * in a cookie; the store keeps only its BLAKE2b-256 hash (store.h
 * "sessions"), so a copy of the store gives no session away. The CSRF
 * token of a session is derived from its id (BLAKE2b keyed with the id's
 * bytes, over a fixed label): every form of the session carries it, every
 * POST is checked against it in constant time, and nothing more is
 * stored. The cookie:
 *   __Secure-bar_admin=ID; Path=/admin; HttpOnly; Secure; SameSite=Strict
 * (the __Secure- prefix: a browser takes it only over HTTPS, or from
 * http://localhost; the __Host- prefix would need Path=/). A session ends
 * after an idle time or an absolute time since login, whichever comes
 * first, or at logout.
 *
 * Pure functions of their arguments but for the random id. Nothing outside
 * this header is API.
 */
#ifndef BAR_SESSION_H
#define BAR_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

enum {
    BAR_SESSION_BYTES = 32,       /* random bytes of a session id */
    BAR_SESSION_CHARS = 43,       /* its length as text */
    BAR_SESSION_HASH_BYTES = 32,  /* the stored hash */
    BAR_SESSION_CSRF_CHARS = 43,  /* a CSRF token as text */
    BAR_SESSION_COOKIE_MAX = 4096, /* bytes of a Cookie header looked at */
    BAR_SESSION_SET_COOKIE_MAX = 256
};

/* The cookie's name. */
#define BAR_SESSION_COOKIE "__Secure-bar_admin"
/* The cookie of the login form: a random id (not stored) whose CSRF
 * token the form carries, so that a login cannot be forged either. */
#define BAR_SESSION_LOGIN_COOKIE "__Secure-bar_login"

/* A new random session id into id, and its hash into hash. BAR_EIO when
 * libsodium cannot be initialised. */
bar_status bar_session_new(char id[BAR_SESSION_CHARS + 1],
                           uint8_t hash[BAR_SESSION_HASH_BYTES],
                           bar_error *err);

/* The hash of id; BAR_EINVALID when id is not BAR_SESSION_CHARS
 * characters of the canonical base64url of 32 bytes. */
bar_status bar_session_hash(const char *id,
                            uint8_t hash[BAR_SESSION_HASH_BYTES],
                            bar_error *err);

/* The CSRF token of the session id (a valid id: bar_session_hash said
 * so) into out. */
void bar_session_csrf(const char *id, char out[BAR_SESSION_CSRF_CHARS + 1]);

/* Whether given (may be NULL) is the CSRF token of the session id, in
 * constant time. */
bool bar_session_csrf_ok(const char *id, const char *given);

/* The value of the cookie name in a Cookie header (may be NULL) into out
 * (size bytes): true when it is there, with a value of fewer than size
 * bytes. A header longer than BAR_SESSION_COOKIE_MAX is not looked at.
 * The first cookie of that name counts. */
bool bar_session_cookie(const char *header, const char *name, char *out,
                        size_t size);

/* The Set-Cookie value that sets the cookie name (BAR_SESSION_COOKIE, or
 * BAR_SESSION_LOGIN_COOKIE) to id (id NULL: one that removes the cookie)
 * into out. */
void bar_session_set_cookie(const char *name, const char *id,
                            char out[BAR_SESSION_SET_COOKIE_MAX]);

/* Whether a session that began at created and was last used at seen has
 * expired at now: idle seconds since seen, or absolute seconds since
 * created (both seconds since the epoch). A clock that went back counts as
 * expired. */
bool bar_session_expired(long long created, long long seen, long long now,
                         long long idle, long long absolute);

#endif
