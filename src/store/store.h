/* store.h - where waves, the sampling frame and responses are kept.
 *
 * One interface over interchangeable backends (a table of functions, as
 * ReadStat's modules): SQLite for a single server (a file path), PostgreSQL
 * when several servers share one store (a postgresql:// URI). The
 * schema is versioned (`meta.schema_version`) and migrated forward on open.
 *
 * A store holds several waves. Per wave: the frame (organisations invited,
 * with name, sector, cluster and e-mail: personal data that never leaves
 * the store except in invitations) and the responses (one row per
 * organisation, one column per instrument variable; new variables of a later
 * instrument are added as columns).
 *
 * Every write is one transaction: on failure nothing is changed.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STORE_H
#define BAR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

typedef struct bar_store bar_store;

typedef enum bar_store_mode {
    BAR_STORE_EXISTING,  /* fail with BAR_ENOTFOUND when there is no store */
    BAR_STORE_CREATE     /* create it (and its schema) when missing */
} bar_store_mode;

/* Open the store at uri: a file path for SQLite, or a postgresql:// (or
 * postgres://) URI of an existing PostgreSQL database, whose schema is the
 * store (BAR_EUSAGE when the URI holds a password: libpq reads it from
 * ~/.pgpass, a service file or the environment). On success *out is a new
 * handle the caller releases with bar_store_close. Migrates an older schema;
 * refuses (BAR_ESTORE) a newer one. A handle is used by one thread at a
 * time (threads that work at once open a handle each). */
bar_status bar_store_open(const char *uri, bar_store_mode mode,
                          bar_store **out, bar_error *err);
/* Close the handle; NULL is accepted. */
void bar_store_close(bar_store *st);

/* Progress of the long work of this handle (core/progress.h): storing
 * responses ("responses stored", bar_store_responses_import) and loading
 * them ("responses loaded", bar_store_responses_load), in rows out of the
 * rows in all. progress is copied (its ctx stays the caller's); NULL or a
 * zero bar_progress: no reports (the default). */
void bar_store_set_progress(bar_store *st, const bar_progress *progress);

/* Add a wave for the instrument ins (its id is recorded). BAR_ECONFLICT
 * when the wave exists. */
bar_status bar_store_wave_add(bar_store *st, int wave,
                              const bar_instrument *ins, bar_error *err);
/* Provenance: whether a wave's data are simulated is a property of the
 * wave, kept in the store, not an option of one run. A wave is marked
 * simulated when it is created so (bar_store_wave_add_simulated: `init
 * --simulated`, the demo) or when responses that are simulated
 * (bar_dataset_simulated: org_ids "sim-...", as `barometer simulate`
 * writes them) are imported into it; the mark is never removed. The
 * dataset bar_store_responses_load returns for such a wave is marked too,
 * so every analysis, report and export of it says so. */

/* As bar_store_wave_add, the wave marked simulated (one transaction). */
bar_status bar_store_wave_add_simulated(bar_store *st, int wave,
                                        const bar_instrument *ins,
                                        bar_error *err);
/* As bar_store_wave_add, with the text of the wave's study file (study,
 * copied; NULL: none, the default study is used when it is read) and
 * marked simulated when simulated; one transaction. */
bar_status bar_store_wave_add_study(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    const char *study, bool simulated,
                                    bar_error *err);
/* The text of the study kept with a wave: *study a new string the caller
 * frees, or NULL when the wave has none (it was made before the store kept
 * studies, schema 3: the caller uses the default study). BAR_ENOTFOUND
 * when there is no such wave. */
bar_status bar_store_wave_study(bar_store *st, int wave, char **study,
                                bar_error *err);
/* Whether the wave's data are simulated; BAR_ENOTFOUND when there is no
 * such wave. */
bar_status bar_store_wave_simulated(bar_store *st, int wave, bool *simulated,
                                    bar_error *err);

/* The most recent wave in the store; BAR_ENOTFOUND when there is none. */
bar_status bar_store_wave_latest(bar_store *st, int *wave, bar_error *err);
/* Whether the wave exists. */
bar_status bar_store_wave_exists(bar_store *st, int wave, bool *exists,
                                 bar_error *err);

/* Import a sampling frame CSV (org_id,name,sector,cluster,email; the csv.h
 * conventions) into a wave. Sector and cluster codes are checked against
 * ins; org_id must be unique. BAR_ECONFLICT when the wave already has a
 * frame. All or nothing; *count gets the number of organisations. */
bar_status bar_store_frame_import(bar_store *st, int wave,
                                  const bar_instrument *ins,
                                  const char *csv_path, size_t *count,
                                  bar_error *err);

/* Organisations in the frame per sector: counts[i] for the instrument's
 * sector code i (the caller passes an array of bar_var_ncodes(sector)
 * elements). All zeros when the wave has no frame; *total gets the sum. */
bar_status bar_store_frame_by_sector(bar_store *st, int wave,
                                     const bar_instrument *ins,
                                     size_t *counts, size_t *total,
                                     bar_error *err);

/* Store the responses of ds in a wave. When the wave has a frame, every
 * org_id must be in it and sector/cluster must agree with it. An org_id that
 * already has a response is BAR_ECONFLICT unless replace. Derived variables
 * are not stored. Simulated responses (bar_dataset_simulated) mark the wave
 * simulated. All or nothing. */
bar_status bar_store_responses_import(bar_store *st, int wave,
                                      const bar_dataset *ds, bool replace,
                                      bar_error *err);

/* Give the response table a column for every stored variable of ins, the
 * instrument the wave was created for (BAR_EINVALID otherwise), adding
 * only those it lacks; nothing else changes and no audit line is
 * written. One write transaction of the whole store (as an import). The
 * survey server calls it once at its start, so that its submits, which
 * on PostgreSQL run beside other servers' (bar_store_draft_group), never
 * change the table's shape. */
bar_status bar_store_responses_prepare(bar_store *st, int wave,
                                       const bar_instrument *ins,
                                       bar_error *err);

/* Load a wave's responses into a new dataset over ins, ordered by org_id,
 * marked simulated when the wave is (bar_dataset_mark_simulated). The
 * caller frees *out. */
bar_status bar_store_responses_load(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    bar_dataset **out, bar_error *err);

/* ---- fieldwork ---- */

/* The most bytes of a date as the store keeps it, with its '\0'; of an
 * organisation's id as bar_store_token_find returns it. */
enum { BAR_STORE_DATE_MAX = 32, BAR_STORE_ORG_MAX = 256 };

/* Set when a wave opens and closes for answers: ISO 8601 in UTC, a date
 * ("2021-03-01": from the start of that day; closing: to its end) or a
 * moment ("2021-03-01T09:00:00Z"); NULL leaves a date unset (no limit).
 * BAR_EINVALID for another form or when the wave would close before it
 * opens; BAR_ENOTFOUND without the wave. One transaction, audited. */
bar_status bar_store_wave_set_dates(bar_store *st, int wave,
                                    const char *opens, const char *closes,
                                    bar_error *err);
/* Check dates as bar_store_wave_set_dates does, without a store: the
 * same errors (for a command that checks before it writes). */
bar_status bar_store_dates_check(const char *opens, const char *closes,
                                 bar_error *err);
/* The dates of a wave as set (opens and closes: "" when not set). */
bar_status bar_store_wave_dates(bar_store *st, int wave,
                                char opens[BAR_STORE_DATE_MAX],
                                char closes[BAR_STORE_DATE_MAX],
                                bar_error *err);
/* Whether the wave takes answers at the moment now (seconds since the
 * epoch, UTC) by its dates, into *open. */
bar_status bar_store_wave_is_open(bar_store *st, int wave, long long now,
                                  bool *open, bar_error *err);

/* Keep the hash of a new personal-link token (field/token.h) of org_id of
 * the wave's frame. BAR_ENOTFOUND when the frame has no such organisation;
 * BAR_EINVALID when the hash is already kept. One transaction. */
bar_status bar_store_token_add(bar_store *st, int wave, const char *org_id,
                               const uint8_t hash[32], bar_error *err);
/* The organisation whose token has this hash: *found, and then its wave
 * and org_id (copied into org_id). */
bar_status bar_store_token_find(bar_store *st, const uint8_t hash[32],
                                bool *found, int *wave,
                                char org_id[BAR_STORE_ORG_MAX],
                                bar_error *err);

/* ---- drafts of the survey server ---- */

/* The most bytes of a draft's language code, with its '\0'. */
enum { BAR_STORE_LANG_MAX = 16 };

/* A draft as the store keeps it: the answers saved so far page by page
 * (a JSON text whose shape field/draft.h owns), the language chosen. */
typedef struct bar_store_draft {
    bool exists;      /* a draft was saved */
    bool submitted;   /* its final submit is done: it is locked */
    bool completed;   /* the organisation has a response row for the wave
                         (submitted here, or imported) */
    char *answers;    /* owned: release with bar_store_draft_clear; NULL
                         when !exists */
    char lang[BAR_STORE_LANG_MAX];
} bar_store_draft;

/* Release what a draft holds (NULL accepted); the struct may be reused. */
void bar_store_draft_clear(bar_store_draft *d);

/* The sector and cluster codes (copied) of org_id in the wave's frame;
 * BAR_ENOTFOUND when the frame has no such organisation. */
bar_status bar_store_frame_org(bar_store *st, int wave, const char *org_id,
                               char sector[BAR_STORE_ORG_MAX],
                               char cluster[BAR_STORE_ORG_MAX],
                               bar_error *err);

/* The draft of org_id in a wave into *d (initialised here; release with
 * bar_store_draft_clear, also after a failure). */
bar_status bar_store_draft_get(bar_store *st, int wave, const char *org_id,
                               bar_store_draft *d, bar_error *err);

/* Save the draft of org_id (answers and lang borrowed). BAR_ECONFLICT when
 * it is locked (submitted, or the organisation has a response row);
 * BAR_ENOTFOUND when it is not in the wave's frame. One transaction. */
bar_status bar_store_draft_put(bar_store *st, int wave, const char *org_id,
                               const char *answers, const char *lang,
                               bar_error *err);

/* The final submit: in one transaction, the one row of ds (org_id's
 * response, checked and written as bar_store_responses_import does it,
 * never replacing a response) and the draft (answers, lang), marked
 * submitted. BAR_ECONFLICT when the draft is locked or a response exists;
 * nothing changes on any failure. */
bar_status bar_store_draft_submit(bar_store *st, int wave, const char *org_id,
                                  const bar_dataset *ds, const char *answers,
                                  const char *lang, bar_error *err);

/* One write of a group: a draft saved (ds NULL: bar_store_draft_put) or
 * a final submit (ds the one-row response: bar_store_draft_submit). The
 * inputs are borrowed; status and err are set by the group. */
typedef struct bar_store_draft_write {
    const char *org_id;
    const char *answers;
    const char *lang;
    const bar_dataset *ds;
    bar_status status;   /* out: this write's outcome */
    bar_error *err;      /* out: its message (the caller's, initialised) */
} bar_store_draft_write;

/* Group commit: the n writes of a wave in ONE transaction, each undone
 * alone when it fails (a locked draft, a row the frame refuses) while the
 * others commit: on SQLite each in its own savepoint; on PostgreSQL each
 * run of saves in one statement, each submit in its savepoint, beside the
 * groups of other connections (docs/internals/store.md). Every w[i].status
 * is final only when the function returns: a write is durable exactly
 * when its status is BAR_OK and the function returned BAR_OK. When the
 * transaction itself fails (begin, commit), the function returns that
 * status and every w[i].status is set to it: nothing was written. */
bar_status bar_store_draft_group(bar_store *st, int wave,
                                 bar_store_draft_write *w, size_t n,
                                 bar_error *err);

/* ---- the research team's accounts (field/account.h) ---- */

/* Called for each account in name order; the strings live until it
 * returns. Another status than BAR_OK stops the walk and is returned. */
typedef bar_status (*bar_account_fn)(void *ctx, const char *name,
                                     const char *created_at,
                                     const char *updated_at, bar_error *err);

/* Add the account name with the password hash string hash (both
 * borrowed; field/account.h makes them and checks names: the caller
 * checks with bar_account_name_ok first). BAR_ECONFLICT when the name
 * exists. One transaction, audited. */
bar_status bar_store_account_add(bar_store *st, const char *name,
                                 const char *hash, bar_error *err);
/* Give an existing account a new hash. BAR_ENOTFOUND when there is none. */
bar_status bar_store_account_set(bar_store *st, const char *name,
                                 const char *hash, bar_error *err);
/* The hash of an account into hash (size bytes, cut to fit): *found false
 * and hash "" when there is none. */
bar_status bar_store_account_get(bar_store *st, const char *name,
                                 bool *found, char *hash, size_t size,
                                 bar_error *err);
/* Remove an account. BAR_ENOTFOUND when there is none. Audited. */
bar_status bar_store_account_remove(bar_store *st, const char *name,
                                    bar_error *err);
/* Every account, in name order. */
bar_status bar_store_account_each(bar_store *st, bar_account_fn fn,
                                  void *ctx, bar_error *err);

/* ---- the send log of invitations and reminders (schema 7) ---- */

/* One organisation of a wave's frame as invitations need it; the strings
 * are borrowed for the call. */
typedef struct bar_store_contact {
    const char *org_id, *name, *email;
    bool completed;   /* it has a row in the response table for the wave */
} bar_store_contact;
typedef bar_status (*bar_store_contact_fn)(void *ctx,
                                           const bar_store_contact *c,
                                           bar_error *err);
/* Call fn for every organisation of the wave's frame, ordered by org_id;
 * a status other than BAR_OK from fn stops the walk and is returned.
 * BAR_ENOTFOUND without the wave. */
bar_status bar_store_contacts(bar_store *st, int wave,
                              bar_store_contact_fn fn, void *ctx,
                              bar_error *err);

/* Where a message stands. Written 'sending' before it goes out, so that a
 * message of which a crash hides the outcome is never sent again
 * unasked. */
typedef enum bar_send_state {
    BAR_SEND_SENDING,  /* about to go out, or a crash came in between */
    BAR_SEND_SENT,     /* the SMTP server accepted it */
    BAR_SEND_MERGED,   /* written to a mail-merge file */
    BAR_SEND_FAILED,   /* refused or never delivered: may be sent again */
    BAR_SEND_UNKNOWN,  /* the connection broke off: it may have arrived */
    BAR_SEND_SUPERSEDED /* was 'sending' or 'unknown' when a person chose
                           to send the message again */
} bar_send_state;
typedef enum bar_send_channel {
    BAR_SEND_SMTP,
    BAR_SEND_MAIL_MERGE
} bar_send_channel;
enum { BAR_SEND_HASH_BYTES = 32, BAR_SEND_KIND_MAX = 16 };

/* "sending", "sent", ...: the names the store keeps (and the CLI shows). */
const char *bar_send_state_name(bar_send_state state);
/* A message kind: "invite", or "remind-N" for the Nth reminder round
 * (1-99), into out; false when round is out of range. round 0 is the
 * invitation. */
bool bar_send_kind(int round, char out[BAR_SEND_KIND_MAX]);

/* One message of the send log; strings borrowed for the call. */
typedef struct bar_send_entry {
    long long id;
    int wave;
    const char *org_id;
    const char *kind;                 /* "invite", "remind-1", ... */
    bar_send_channel channel;
    bar_send_state state;
    uint8_t token_hash[BAR_SEND_HASH_BYTES]; /* of the token it carried */
    const char *started_at;           /* ISO 8601 UTC */
    const char *finished_at;          /* NULL while 'sending' */
    const char *answer;               /* the server's last reply, or the
                                         failure; NULL: none */
} bar_send_entry;
typedef bar_status (*bar_send_fn)(void *ctx, const bar_send_entry *e,
                                  bar_error *err);

/* Before a message goes out, in one transaction: check that org_id (of
 * the wave's frame) has no message of this kind that went out or may have
 * (sent, merged, sending, unknown; with again only sent or merged count,
 * and the sending or unknown ones become superseded), else
 * BAR_ECONFLICT; keep the hash of the token the message carries
 * (as bar_store_token_add); log the message 'sending'. *id: its entry.
 * BAR_EINVALID for a kind that bar_send_kind does not make;
 * BAR_ENOTFOUND without the wave or the organisation. */
bar_status bar_store_send_begin(bar_store *st, int wave, const char *org_id,
                                const char *kind, bar_send_channel channel,
                                const uint8_t hash[BAR_SEND_HASH_BYTES],
                                bool again, long long *id, bar_error *err);
/* After: the outcome of entry id (not BAR_SEND_SENDING) and the server's
 * answer (NULL: none; copied). One transaction. */
bar_status bar_store_send_end(bar_store *st, long long id,
                              bar_send_state state, const char *answer,
                              bar_error *err);
/* Call fn for every message of the wave's send log (of org_id only, when
 * not NULL), in the order they were begun. */
bar_status bar_store_send_log(bar_store *st, int wave, const char *org_id,
                              bar_send_fn fn, void *ctx, bar_error *err);

/* ---- the research team's pages: sessions, monitor ---- */

/* The bytes of a session's hash (web/session.h: BLAKE2b-256 of its id). */
enum { BAR_STORE_SESSION_HASH = 32 };

/* A session as the store keeps it. */
typedef struct bar_store_session {
    bool found;
    char account[BAR_STORE_ORG_MAX];
    long long created_at;   /* login, seconds since the epoch (UTC) */
    long long seen_at;      /* its last request */
} bar_store_session;

/* Keep a new session of account (the hash of its id only), logged in at
 * now, and drop every session idle since before idle_before or created
 * before created_before (expired). One transaction. */
bar_status bar_store_session_add(bar_store *st,
                                 const uint8_t hash[BAR_STORE_SESSION_HASH],
                                 const char *account, long long now,
                                 long long idle_before,
                                 long long created_before, bar_error *err);
/* The session with this hash into *out (out->found false when none). */
bar_status bar_store_session_find(bar_store *st,
                                  const uint8_t hash[BAR_STORE_SESSION_HASH],
                                  bar_store_session *out, bar_error *err);
/* Record a request of the session at now. One transaction. */
bar_status bar_store_session_touch(bar_store *st,
                                   const uint8_t hash[BAR_STORE_SESSION_HASH],
                                   long long now, bar_error *err);
/* Remove the session (logout, or expired); none is no error. */
bar_status bar_store_session_remove(bar_store *st,
                                    const uint8_t
                                        hash[BAR_STORE_SESSION_HASH],
                                    bar_error *err);

/* An organisation of a frame with its fieldwork status; the strings live
 * until the callback returns. */
typedef struct bar_store_field_org {
    const char *org_id, *name, *email, *sector, *cluster;
    bool invited;            /* has a personal-link token */
    bool started;            /* has a draft on the survey server */
    bool completed;          /* has a response row */
    const char *completed_at; /* when its response row was written (ISO
                                 8601 UTC), "" when not completed */
} bar_store_field_org;
typedef bar_status (*bar_store_field_fn)(void *ctx,
                                         const bar_store_field_org *o,
                                         bar_error *err);
/* Every organisation of the wave's frame, in org_id order (field/monitor.h
 * counts them; the reminder list is those not completed). Another status
 * than BAR_OK from fn stops the walk and is returned. */
bar_status bar_store_field_each(bar_store *st, int wave,
                                bar_store_field_fn fn, void *ctx,
                                bar_error *err);

/* ---- quotes: open answers the research team approved (schema 9) ----
 *
 * A quote is one open answer (`description`, `result_other`) of a
 * response. The research team approves or rejects it on the admin pages;
 * the decision keeps the BLAKE2b-256 hash of the text as it was when
 * decided (bar_store_quote_hash), so that an answer changed after its
 * approval (a response imported again, say) is no longer approved: only
 * bar_store_quote_current decides whether a text may be quoted. */

enum { BAR_STORE_QUOTE_HASH = 32 };

/* One decision; the strings live until the callback returns. */
typedef struct bar_store_quote {
    const char *org_id, *variable;
    bool approved;           /* false: rejected */
    bool has_hash;           /* false: an approval carried over from
                                schema 8, made before texts were hashed:
                                it approves no text */
    uint8_t text_hash[BAR_STORE_QUOTE_HASH];
    const char *decided_by;  /* the account */
    const char *decided_at;  /* ISO 8601 UTC */
} bar_store_quote;
typedef bar_status (*bar_store_quote_fn)(void *ctx,
                                         const bar_store_quote *q,
                                         bar_error *err);

/* The hash of an answer's text as the quote decisions keep it: BLAKE2b
 * with 32 bytes of output (libsodium's crypto_generichash, no key) over
 * the text's bytes without the NUL. BAR_ESTORE when libsodium cannot
 * start. */
bar_status bar_store_quote_hash(const char *text,
                                uint8_t hash[BAR_STORE_QUOTE_HASH],
                                bar_error *err);

/* Record the decision on the open answer variable of org_id in wave:
 * approved or rejected, by account, on the text whose hash is text_hash
 * (all borrowed). A later decision replaces an earlier one. One
 * transaction with an audit line ("quote_approve" or "quote_reject").
 * BAR_EUSAGE for an empty org_id, variable or account, or no hash;
 * BAR_ENOTFOUND when the wave's frame has no such organisation. Whether
 * the organisation has completed, and which variables are open answers,
 * is the caller's to check (web/admin.c). */
bar_status bar_store_quote_set(bar_store *st, int wave, const char *org_id,
                               const char *variable,
                               const uint8_t text_hash[BAR_STORE_QUOTE_HASH],
                               bool approved, const char *account,
                               bar_error *err);

/* Every decision of the wave, in org_id, variable order (byte order).
 * Another status than BAR_OK from fn stops the walk and is returned. */
bar_status bar_store_quote_each(bar_store *st, int wave,
                                bar_store_quote_fn fn, void *ctx,
                                bar_error *err);

/* Whether decision q lets text be quoted: q approved it, and text is the
 * text it approved (the hashes match). false for NULL q or text. */
bool bar_store_quote_current(const bar_store_quote *q, const char *text);

/* Whether the open answer variable of org_id in wave may be quoted with
 * the text it has now (text, borrowed): *approved is true only when the
 * team approved exactly this text. */
bar_status bar_store_quote_approved(bar_store *st, int wave,
                                    const char *org_id, const char *variable,
                                    const char *text, bool *approved,
                                    bar_error *err);

#endif
