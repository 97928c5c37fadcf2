/* tokenizer.h - Dutch open answers cut into words.
 *
 * The first step of the text mining (docs/text-mining.md): one answer (a
 * UTF-8 string) becomes a sequence of tokens, each a word, a number, a web
 * address or an e-mail address. The rules, in order:
 *
 * - Length: only the first BAR_TOKENIZER_MAX_BYTES bytes of an answer are
 *   read (cut back to a whole character); the rest is ignored.
 * - Invalid UTF-8 is repaired: every byte that does not start a valid
 *   sequence is read as U+FFFD, a symbol: it ends the word it is in (as
 *   punctuation does), not the chunk. NUL ends the answer.
 * - The text is put in NFKC and case folded, with default-ignorable
 *   characters (a soft hyphen) removed (utf8proc): "ĳ" is "ij", "ﬁ" is
 *   "fi", "CO₂" is "co2". Diacritics are kept: "financiële" stays "financiële" for display; the Snowball Dutch
 *   stemmer folds ë to e itself, so "financiële" and "financiele" give one
 *   stem. Stop words are matched without diacritics ("één" is "een").
 * - Chunks between white space: a chunk holding '@' is an e-mail address;
 *   one holding "://", or that starts with "www.", "http:" or "https:"
 *   or has a dot between a letter or digit and a letter
 *   ("rijksoverheid.nl", "o.a.") once the punctuation around it is
 *   trimmed, is a web address (or an abbreviation). Both are given as a kind only, never
 *   with their text: nothing downstream can show them.
 * - Otherwise a chunk is cut into words: letters, digits and marks, joined
 *   by a hyphen between two of them ("e-mail", "thuis-werken" stay one
 *   word; a hyphen at the end, "zorg- en welzijn", is dropped). A word
 *   ending in "'s" loses it ("auto's": "auto"); other apostrophes cut.
 *   A hyphenated word with digits in a part is cut at its hyphens
 *   ("covid-19": "covid" and the number "19"). A word holding a digit is
 *   a number: given as a kind, without text.
 * - Words of one character, and of more than BAR_TOKEN_MAX_BYTES bytes,
 *   are dropped.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_TOKENIZER_H
#define BAR_TOKENIZER_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

enum {
    BAR_TOKENIZER_MAX_BYTES = 16384, /* of an answer read */
    BAR_TOKEN_MAX_BYTES = 128        /* of a word kept */
};

typedef enum bar_token_kind {
    BAR_TOKEN_WORD,   /* surface, key and plain are set */
    BAR_TOKEN_NUMBER, /* no text */
    BAR_TOKEN_URL,    /* no text: never shown */
    BAR_TOKEN_EMAIL   /* no text: never shown */
} bar_token_kind;

/* One token. For a word: surface is the word as shown (folded case, NFKC,
 * diacritics and hyphens kept: "e-mail"), key what is stemmed (surface
 * without hyphens: "email"), plain key without diacritics (what stop words
 * are matched on). The strings are '\0'-terminated and valid during the
 * callback only; NULL for the other kinds. */
typedef struct bar_token {
    bar_token_kind kind;
    const char *surface, *key, *plain;
} bar_token;

/* Called for each token in order; a status other than BAR_OK stops the
 * run and is returned. */
typedef bar_status (*bar_token_fn)(void *ctx, const bar_token *t,
                                   bar_error *err);

/* Cut text (len bytes; NUL also ends it) into tokens by the rules above,
 * calling fn(ctx, ...) for each. Errors: BAR_ENOMEM, or what fn returns.
 * The text is only read. */
bar_status bar_tokenizer_split(const char *text, size_t len, bar_token_fn fn,
                               void *ctx, bar_error *err);

/* A quotable copy of text (len bytes; NUL also ends it) appended to out:
 * every run between ASCII white space that holds a web or e-mail address
 * (by the rules above) becomes "[…]", invalid UTF-8 becomes U+FFFD, the
 * rest is copied as it is. What the report shows of an approved quote.
 * Errors: the buffer's (BAR_ENOMEM, BAR_ELIMIT). */
bar_status bar_tokenizer_redact(const char *text, size_t len, bar_buf *out);

#endif
