/* i18n.c - GNU .mo catalogues read by a bounds-checked reader (i18n.h).
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * 32-bit magic 0x950412de in the file's byte order, a revision, the number
 * N of strings, the offsets of the table of original strings and of the
 * table of translations (N pairs of length and offset each), and a hash
 * table we do not use. A string is `length` bytes at `offset` followed by a
 * NUL; a message with a context is "CTX\004MSGID". msgfmt sorts the
 * originals, but we sort our own index anyway, so that a hostile file can
 * never make the binary search wrong, only miss.
 */
#include "core/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef BAR_LOCALE_DIR
#define BAR_LOCALE_DIR "locale"
#endif

enum { MO_HEADER = 28 };
#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

typedef struct entry {
    const char *key;   /* "MSGID" or "CTX\004MSGID", in data */
    const char *value; /* the first translation, in data */
} entry;

struct bar_catalogue {
    char *data;        /* the file, owned */
    size_t size;
    entry *entries;    /* sorted by key (strcmp) */
    size_t n;
};

/* ---- the reader ---- */

static uint32_t read_u32(const unsigned char *p, bool swap)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    if (swap)
        v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) |
            (v << 24);
    return v;
}

/* The string of table entry i at table offset `table`: NULL when the
 * pair or the string (with its NUL) lies outside the file. */
static const char *string_at(const bar_catalogue *c, uint32_t table,
                             uint32_t i, bool swap)
{
    uint64_t pos = (uint64_t)table + (uint64_t)i * 8u;
    if (pos + 8u > c->size)
        return NULL;
    const unsigned char *p = (const unsigned char *)c->data + pos;
    uint64_t len = read_u32(p, swap);
    uint64_t off = read_u32(p + 4, swap);
    if (off + len + 1u > c->size || c->data[off + len] != '\0')
        return NULL;
    return c->data + off;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

bar_status bar_catalogue_parse(const void *data, size_t size,
                               bar_catalogue **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_catalogue *c = NULL;
    *out = NULL;
    if (size > BAR_MO_MAX) {
        rc = bar_error_set(err, BAR_ELIMIT, "catalogue: %zu bytes, over %d",
                           size, BAR_MO_MAX);
        goto cleanup;
    }
    if (size < MO_HEADER || !data) {
        rc = bar_error_set(err, BAR_EPARSE, "catalogue: too short (%zu "
                           "bytes)", size);
        goto cleanup;
    }
    c = calloc(1, sizeof *c);
    if (!c || !(c->data = malloc(size))) {
        rc = bar_error_set(err, BAR_ENOMEM, "catalogue: out of memory");
        goto cleanup;
    }
    memcpy(c->data, data, size);
    c->size = size;
    const unsigned char *h = (const unsigned char *)c->data;
    uint32_t magic = read_u32(h, false);
    bool swap = magic == MO_MAGIC_SWAPPED;
    if (magic != MO_MAGIC && !swap) {
        rc = bar_error_set(err, BAR_EPARSE, "catalogue: not a .mo file "
                           "(magic %08lx)", (unsigned long)magic);
        goto cleanup;
    }
    uint32_t revision = read_u32(h + 4, swap);
    if (revision >> 16 > 1) {
        rc = bar_error_set(err, BAR_EPARSE, "catalogue: revision %lu.%lu "
                           "not known", (unsigned long)(revision >> 16),
                           (unsigned long)(revision & 0xffffu));
        goto cleanup;
    }
    uint32_t n = read_u32(h + 8, swap);
    uint32_t orig = read_u32(h + 12, swap);
    uint32_t trans = read_u32(h + 16, swap);
    /* each message takes 16 bytes of tables: this bounds n by the size */
    if ((uint64_t)n * 16u > size) {
        rc = bar_error_set(err, BAR_EPARSE, "catalogue: %lu messages do "
                           "not fit in %zu bytes", (unsigned long)n, size);
        goto cleanup;
    }
    if (n > 0 && !(c->entries = malloc((size_t)n * sizeof *c->entries))) {
        rc = bar_error_set(err, BAR_ENOMEM, "catalogue: out of memory");
        goto cleanup;
    }
    for (uint32_t i = 0; i < n; i++) {
        const char *k = string_at(c, orig, i, swap);
        const char *v = string_at(c, trans, i, swap);
        if (!k || !v) {
            rc = bar_error_set(err, BAR_EPARSE, "catalogue: message %lu "
                               "lies outside the file", (unsigned long)i);
            goto cleanup;
        }
        c->entries[i] = (entry){.key = k, .value = v};
    }
    c->n = n;
    if (n > 1)
        qsort(c->entries, n, sizeof *c->entries, cmp_entry);
    *out = c;
    c = NULL;

cleanup:
    bar_catalogue_free(c);
    return rc;
}

/* strcmp(key, ctx "\004" msgid) without building the second string; ctx
 * NULL compares with msgid alone. */
static int cmp_key(const char *key, const char *ctx, const char *msgid)
{
    const unsigned char *k = (const unsigned char *)key;
    if (ctx) {
        const unsigned char *x = (const unsigned char *)ctx;
        for (; *x; k++, x++)
            if (*k != *x)
                return *k < *x ? -1 : 1;
        if (*k != '\004')
            return *k < '\004' ? -1 : 1;
        k++;
    }
    const unsigned char *m = (const unsigned char *)msgid;
    for (; *m; k++, m++)
        if (*k != *m)
            return *k < *m ? -1 : 1;
    return *k ? 1 : 0;
}

const char *bar_catalogue_lookup(const bar_catalogue *cat, const char *ctx,
                                 const char *msgid)
{
    if (!cat || !msgid)
        return NULL;
    size_t lo = 0, hi = cat->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = cmp_key(cat->entries[mid].key, ctx, msgid);
        if (d == 0)
            return cat->entries[mid].value;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t bar_catalogue_count(const bar_catalogue *cat)
{
    return cat ? cat->n : 0;
}

void bar_catalogue_free(bar_catalogue *cat)
{
    if (!cat)
        return;
    free(cat->entries);
    free(cat->data);
    free(cat);
}

/* ---- the languages of the process ---- */

typedef struct language {
    char code[BAR_LANG_CODE_MAX];
    bar_catalogue *cat;           /* NULL: message ids only */
} language;

typedef struct languages {
    language lang[BAR_LANG_MAX];
    size_t n;
} languages;

static languages loaded = {
    .lang = {[BAR_LANG_NL] = {.code = "nl"}, [BAR_LANG_EN] = {.code = "en"}},
    .n = 2,
};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void free_languages(languages *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        bar_catalogue_free(ls->lang[i].cat);
    *ls = (languages){
        .lang = {[BAR_LANG_NL] = {.code = "nl"},
                 [BAR_LANG_EN] = {.code = "en"}},
        .n = 2,
    };
}

/* A folder name that can be a language code: letters, digits, '_', '@',
 * '-', starting with a letter, shorter than BAR_LANG_CODE_MAX. */
static bool is_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n >= BAR_LANG_CODE_MAX || !((*s >= 'a' && *s <= 'z')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '@' ||
              *s == '-'))
            return false;
    return true;
}

/* Reads path (at most BAR_MO_MAX bytes) and parses it into *out.
 * BAR_ENOTFOUND when the file does not exist. */
static bar_status load_file(const char *path, bar_catalogue **out,
                            bar_error *err)
{
    bar_status rc = BAR_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    *out = NULL;
    if (!f) {
        rc = bar_error_set(err, errno == ENOENT ? BAR_ENOTFOUND : BAR_EIO,
                           "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    if (!(buf = malloc((size_t)BAR_MO_MAX + 1))) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", path);
        goto cleanup;
    }
    size_t size = fread(buf, 1, (size_t)BAR_MO_MAX + 1, f);
    if (ferror(f)) {
        rc = bar_error_set(err, BAR_EIO, "%s: read error", path);
        goto cleanup;
    }
    bar_error e;
    bar_error_init(&e);
    rc = bar_catalogue_parse(buf, size, out, &e);
    if (rc != BAR_OK)
        bar_error_set(err, rc, "%s: %s", path, e.msg);
    bar_error_clear(&e);

cleanup:
    if (f)
        fclose(f);
    free(buf);
    return rc;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static bar_status load_dir(const char *dir, languages *ls, bar_error *err)
{
    bar_status rc = BAR_OK;
    char path[4096];
    char codes[BAR_LANG_MAX][BAR_LANG_CODE_MAX];
    size_t ncodes = 0;
    DIR *d = opendir(dir);
    if (!d) {
        rc = bar_error_set(err, BAR_ENOTFOUND, "%s: %s", dir,
                           strerror(errno));
        goto cleanup;
    }
    /* the extra languages, in the order of their codes */
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_code(de->d_name) || strcmp(de->d_name, "nl") == 0 ||
            strcmp(de->d_name, "en") == 0)
            continue;
        struct stat st;
        int w = snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/barometer.mo",
                         dir, de->d_name);
        if (w < 0 || (size_t)w >= sizeof path || stat(path, &st) != 0)
            continue;
        if (ncodes + 2 >= BAR_LANG_MAX) {
            rc = bar_error_set(err, BAR_ELIMIT, "%s: more than %d "
                               "languages", dir, BAR_LANG_MAX);
            goto cleanup;
        }
        memcpy(codes[ncodes++], de->d_name, strlen(de->d_name) + 1);
    }
    qsort(codes, ncodes, sizeof codes[0], cmp_code);
    for (size_t i = 0; i < ncodes; i++)
        memcpy(ls->lang[2 + i].code, codes[i], BAR_LANG_CODE_MAX);
    ls->n = 2 + ncodes;
    for (size_t i = 0; i < ls->n; i++) {
        int w = snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/barometer.mo",
                         dir, ls->lang[i].code);
        if (w < 0 || (size_t)w >= sizeof path) {
            rc = bar_error_set(err, BAR_ELIMIT, "%s: path too long", dir);
            goto cleanup;
        }
        if ((rc = load_file(path, &ls->lang[i].cat, err)) != BAR_OK)
            goto cleanup;
    }

cleanup:
    if (d)
        closedir(d);
    return rc;
}

/* The first lookup without an explicit load reads the build's catalogues;
 * a failure leaves the message ids. */
static void load_default(void)
{
    languages ls = {
        .lang = {[BAR_LANG_NL] = {.code = "nl"},
                 [BAR_LANG_EN] = {.code = "en"}},
        .n = 2,
    };
    if (load_dir(BAR_LOCALE_DIR, &ls, NULL) == BAR_OK)
        loaded = ls;
    else
        free_languages(&ls);
}

static void mark_loaded(void)
{
}

static const languages *get(void)
{
    pthread_once(&once, load_default);
    return &loaded;
}

bar_status bar_i18n_load(const char *localedir, bar_error *err)
{
    languages ls = {
        .lang = {[BAR_LANG_NL] = {.code = "nl"},
                 [BAR_LANG_EN] = {.code = "en"}},
        .n = 2,
    };
    /* an explicit load wins over the default one */
    pthread_once(&once, mark_loaded);
    bar_status rc = load_dir(localedir ? localedir : "", &ls, err);
    if (rc != BAR_OK) {
        free_languages(&ls);
        return rc;
    }
    free_languages(&loaded);
    loaded = ls;
    return BAR_OK;
}

void bar_i18n_unload(void)
{
    pthread_once(&once, mark_loaded);
    free_languages(&loaded);
}

const char *bar_i18n_default_dir(void)
{
    return BAR_LOCALE_DIR;
}

const char *bar_trc(bar_lang lang, const char *ctx, const char *msgid)
{
    const languages *ls = get();
    /* "" is the catalogue's header, not a message */
    if (!msgid || !*msgid || (size_t)lang >= ls->n)
        return msgid;
    const char *s = bar_catalogue_lookup(ls->lang[lang].cat, ctx, msgid);
    if ((!s || !*s) && lang != BAR_LANG_EN)
        s = bar_catalogue_lookup(ls->lang[BAR_LANG_EN].cat, ctx, msgid);
    return s && *s ? s : msgid;
}

const char *bar_tr(bar_lang lang, const char *msgid)
{
    return bar_trc(lang, NULL, msgid);
}

bar_status bar_lang_from_code(const char *code, bar_lang *lang)
{
    const languages *ls = get();
    for (size_t i = 0; code && i < ls->n; i++) {
        if (strcmp(ls->lang[i].code, code) == 0) {
            *lang = (bar_lang)i;
            return BAR_OK;
        }
    }
    return BAR_ENOTFOUND;
}

const char *bar_lang_code(bar_lang lang)
{
    const languages *ls = get();
    return (size_t)lang < ls->n ? ls->lang[lang].code : "en";
}

size_t bar_lang_count(void)
{
    return get()->n;
}

bar_lang bar_lang_label(bar_lang lang)
{
    return lang == BAR_LANG_NL ? BAR_LANG_NL : BAR_LANG_EN;
}
