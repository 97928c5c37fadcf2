/* cli_text.c - `barometer text CSV --column NAME [--json] [--min-count N]
 * [--study FILE]`: the concept groups of one text column of any CSV file
 * (the pipeline is src/text/textmine.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "text/textmine.h"

static const char *const usage_text = N_(
    "Usage: barometer text CSV --column NAME [--json] [--min-count N]\n"
    "                      [--study FILE]\n"
    "\n"
    "Finds the themes of the open answers in one column of a CSV file:\n"
    "the words are cut, Dutch stop words removed, the rest stemmed with\n"
    "the Snowball Dutch stemmer; terms used in at least N answers are\n"
    "linked when they occur together more often than chance (Dunning's\n"
    "log-likelihood), and the groups of that graph (igraph) are the\n"
    "concept groups, each named by its most central terms. Web and e-mail\n"
    "addresses and numbers are never shown (docs/text-mining.md).\n"
    "\n"
    "Options:\n"
    "  --column NAME    the column holding the answers (required)\n"
    "  --json           the groups as JSON on stdout\n"
    "  --min-count N    answers a term needs to be shown (3-1000000;\n"
    "                   default: the study's, else 3; never fewer)\n"
    "  --study FILE     the study whose text specification (stop-word\n"
    "                   additions, minimum count) is used (default: the\n"
    "                   data folder's study/ibo-2021.json;\n"
    "                   docs/study-format.md)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  barometer text responses.csv --column description\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed; 2 bad usage or bad\n"
    "input (no such file or column, a fault in the CSV).\n");

int cli_text(int argc, char **argv)
{
    const char *cmd = "text";
    const char *column = NULL, *study_path = NULL;
    bool json = false;
    long min_count = 0;
    const cli_opt opts[] = {
        {"--column", CLI_STRING, &column, 0, 0, N_("a column name")},
        {"--json", CLI_FLAG, &json, 0, 0, NULL},
        {"--min-count", CLI_LONG, &min_count, 3, 1000000,
         N_("a whole number 3-1000000")},
        {"--study", CLI_STRING, &study_path, 0, 0, N_("a file name")},
    };
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (!pos[0])
        return cli_usage(cmd, "text needs a CSV file");
    if (!column)
        return cli_usage(cmd, "text needs --column NAME");

    bar_lang lang = cli_lang();
    bar_error err;
    bar_error_init(&err);
    bar_textmine *tm = NULL;
    bar_concepts k = {0};
    json_t *doc = NULL;
    int status = 0;
    size_t rows = 0;
    bar_study *study = NULL;
    char path[PATH_MAX];
    bar_status rc = bar_study_load(
        cli_study_path(study_path, path, sizeof path), &study, &err);
    bar_textmine_spec spec = {0};
    if (rc == BAR_OK && bar_study_text_spec(study))
        spec = *bar_study_text_spec(study);
    if (min_count > 0)
        spec.min_count = (size_t)min_count;
    if (rc == BAR_OK)
        rc = bar_textmine_new(&spec, &tm, &err);
    if (rc == BAR_OK)
        rc = bar_textmine_add_csv(tm, pos[0], column, &rows, &err);
    if (rc == BAR_OK)
        rc = bar_textmine_find(tm, &k, &err);
    if (rc != BAR_OK) {
        status = cli_fail(cmd, &err);
        goto cleanup;
    }
    if (json) {
        doc = bar_textmine_json(tm, &k);
        char *s = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS)
                      : NULL;
        if (!s) {
            bar_error_set(&err, BAR_ENOMEM, "out of memory");
            status = cli_fail(cmd, &err);
            goto cleanup;
        }
        printf("%s\n", s);
        free(s);
        goto cleanup;
    }
    printf(bar_tr(lang, "%zu rows, %zu answers; %zu terms in at least %zu "
                        "answers, %zu links, %zu concept groups\n"),
           rows, k.nanswers, k.nterms, k.min_count, k.nedges, k.ngroups);
    for (size_t g = 0; g < k.ngroups; g++) {
        const bar_concept_group *grp = &k.groups[g];
        printf(bar_tr(lang, "\n%zu. %s (%zu answers)\n"), g + 1, grp->name,
               grp->count);
        for (size_t i = 0; i < grp->nterms; i++)
            printf("   %-24s %6zu\n", grp->terms[i].form,
                   grp->terms[i].count);
    }
cleanup:
    if (fflush(stdout) != 0 && status == 0)
        status = 1;
    json_decref(doc);
    bar_concepts_clear(&k);
    bar_textmine_free(tm);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}
