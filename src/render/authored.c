/* authored.c - the researchers' Markdown texts, read for one language
 * (authored.h). */
#include "render/authored.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"

typedef struct text {
    const bar_study_authored *def;
    char *md;
    size_t len;
} text;

struct bar_authored {
    text *texts;
    size_t n;
};

bar_status bar_authored_load(const bar_study *study, const char *data_dir,
                             bar_lang lang, bar_authored **out,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    size_t n = bar_study_nauthored(study);
    bar_authored *list = calloc(1, sizeof *list);
    if (!list || (n > 0 && !(list->texts = calloc(n, sizeof *list->texts)))) {
        rc = bar_error_set(err, BAR_ENOMEM, "texts: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const bar_study_authored *def = bar_study_authored_get(study, i);
        const char *file = bar_study_text_in(&def->file, lang);
        char path[4096];
        int w = file[0] == '/' ? snprintf(path, sizeof path, "%s", file)
                               : snprintf(path, sizeof path, "%s/%s",
                                          data_dir ? data_dir : ".", file);
        if (w < 0 || (size_t)w >= sizeof path) {
            rc = bar_error_set(err, BAR_ELIMIT, "text '%s': the path of "
                               "'%s' is too long", def->id, file);
            goto cleanup;
        }
        text *t = &list->texts[list->n];
        bar_error why;
        bar_error_init(&why);
        rc = bar_file_read(path, BAR_AUTHORED_MAX_BYTES, &t->md, &t->len,
                           &why);
        if (rc != BAR_OK)
            bar_error_set(err, rc, "study: text '%s': %s", def->id,
                          why.msg);
        bar_error_clear(&why);
        if (rc != BAR_OK)
            goto cleanup;
        t->def = def;
        list->n++;
    }
    *out = list;
    list = NULL;
cleanup:
    bar_authored_free(list);
    return rc;
}

void bar_authored_free(bar_authored *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->texts[i].md);
    free(list->texts);
    free(list);
}

size_t bar_authored_count(const bar_authored *list)
{
    return list ? list->n : 0;
}

const bar_study_authored *bar_authored_def(const bar_authored *list,
                                           size_t i)
{
    return i < list->n ? list->texts[i].def : NULL;
}

const char *bar_authored_text(const bar_authored *list, size_t i,
                              size_t *len)
{
    *len = i < list->n ? list->texts[i].len : 0;
    return i < list->n ? list->texts[i].md : "";
}
