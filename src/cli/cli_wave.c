/* cli_wave.c - `barometer wave STORE [--wave YEAR] [--opens DATE]
 * [--closes DATE]`: show a wave (its dates, and how its invitations and
 * reminders stand), or change its opening and closing dates. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/i18n.h"

static const char usage_text[] =
    "Usage: barometer wave STORE [--wave YEAR] [--opens DATE|none]\n"
    "                            [--closes DATE|none]\n"
    "\n"
    "Shows a wave of the store: its study, when it opens and closes for\n"
    "answers, and its send log (invitations and reminders by state; the\n"
    "messages a crash or a broken connection left unconfirmed, by\n"
    "organisation). With --opens or --closes, changes those dates first\n"
    "(the other one stays as it was; 'none' removes a date). A DATE is\n"
    "YYYY-MM-DD (opening: from the start of that day; closing: to its end)\n"
    "or a moment YYYY-MM-DDTHH:MM:SSZ, in UTC. The survey server takes\n"
    "answers only while a wave is open; invitations and reminders are\n"
    "refused once it has closed.\n"
    "\n"
    "Options:\n"
    "  --wave YEAR      the wave (2000-2100); default: the latest\n"
    "  --opens DATE     when the wave opens ('none': no limit)\n"
    "  --closes DATE    when it closes ('none': no limit)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Examples:\n"
    "  barometer wave survey.db\n"
    "  barometer wave survey.db --wave 2023 --opens 2023-03-01 \\\n"
    "      --closes 2023-04-15\n"
    "  barometer wave survey.db --closes 2023-04-30T17:00:00Z\n"
    "\n"
    "Exit status: 0 success; 1 the operation failed; 2 bad usage or bad\n"
    "input (a bad date, no such store or wave).\n";

/* Counts of the send log per kind and state, and the messages that did
 * not (or may not have) reach their organisation. */
enum { MAX_KINDS = 100, NSTATES = BAR_SEND_SUPERSEDED + 1, MAX_OPEN = 200 };

typedef struct open_entry {
    char org_id[64], kind[BAR_SEND_KIND_MAX], at[32], answer[96];
    bar_send_state state;
} open_entry;

typedef struct tally {
    char kinds[MAX_KINDS][BAR_SEND_KIND_MAX];
    size_t count[MAX_KINDS][NSTATES];
    size_t nkinds;
    open_entry open[MAX_OPEN]; /* failed, sending or unknown, and not
                                  followed by a delivered one */
    size_t nopen, more;        /* listed; left out beyond the cap */
} tally;

static bar_status count_entry(void *ctx, const bar_send_entry *e,
                              bar_error *err)
{
    (void)err;
    tally *t = ctx;
    size_t k = 0;
    while (k < t->nkinds && strcmp(t->kinds[k], e->kind) != 0)
        k++;
    if (k == t->nkinds && t->nkinds < MAX_KINDS) {
        snprintf(t->kinds[k], BAR_SEND_KIND_MAX, "%s", e->kind);
        t->nkinds++;
    }
    if (k < t->nkinds)
        t->count[k][e->state]++;
    /* a later message of the same kind settles an earlier failed or
     * superseded one */
    for (size_t i = 0; i < t->nopen;)
        if (strcmp(t->open[i].org_id, e->org_id) == 0 &&
            strcmp(t->open[i].kind, e->kind) == 0)
            t->open[i] = t->open[--t->nopen];
        else
            i++;
    if (e->state != BAR_SEND_FAILED && e->state != BAR_SEND_SENDING &&
        e->state != BAR_SEND_UNKNOWN)
        return BAR_OK;
    if (t->nopen == MAX_OPEN) {
        t->more++;
        return BAR_OK;
    }
    open_entry *o = &t->open[t->nopen++];
    snprintf(o->org_id, sizeof o->org_id, "%s", e->org_id);
    snprintf(o->kind, sizeof o->kind, "%s", e->kind);
    snprintf(o->at, sizeof o->at, "%s", e->started_at);
    snprintf(o->answer, sizeof o->answer, "%s", e->answer ? e->answer : "");
    o->state = e->state;
    return BAR_OK;
}

/* How many open entries of one group (failed, or the unconfirmed). */
static size_t count_open(const tally *t, bool failed)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nopen; i++)
        n += (t->open[i].state == BAR_SEND_FAILED) == failed;
    return n;
}

/* List them, one a line. */
static void list_open(const tally *t, bool failed)
{
    for (size_t i = 0; i < t->nopen; i++)
        if ((t->open[i].state == BAR_SEND_FAILED) == failed)
            printf("  %s %s %s %s %s\n", t->open[i].org_id, t->open[i].kind,
                   bar_send_state_name(t->open[i].state), t->open[i].at,
                   t->open[i].answer);
}

int cli_wave(int argc, char **argv)
{
    const char *cmd = "wave";
    long wave = 0;
    const char *opens_arg = NULL, *closes_arg = NULL;
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
        {.name = "--opens", .kind = CLI_STRING, .target = &opens_arg,
         .what = N_("a date")},
        {.name = "--closes", .kind = CLI_STRING, .target = &closes_arg,
         .what = N_("a date")},
    };
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (!pos[0])
        return cli_usage(cmd, "no STORE given");

    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    char opens[BAR_STORE_DATE_MAX], closes[BAR_STORE_DATE_MAX];
    int status = 0, w = (int)wave;
    bar_lang ul = cli_lang();
    static tally t; /* large: not on the stack */
    memset(&t, 0, sizeof t);
    bar_status rc = bar_store_open(pos[0], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK)
        rc = cli_store_study(st, w, &w, &study, &ins, &err);
    if (rc == BAR_OK)
        rc = bar_store_wave_dates(st, w, opens, closes, &err);
    if (rc == BAR_OK && (opens_arg || closes_arg)) {
        const char *o = opens_arg ? opens_arg : opens;
        const char *c = closes_arg ? closes_arg : closes;
        o = !*o || strcmp(o, "none") == 0 ? NULL : o;
        c = !*c || strcmp(c, "none") == 0 ? NULL : c;
        rc = bar_store_wave_set_dates(st, w, o, c, &err);
        if (rc == BAR_OK)
            rc = bar_store_wave_dates(st, w, opens, closes, &err);
    }
    bool open = false;
    if (rc == BAR_OK)
        rc = bar_store_wave_is_open(st, w, (long long)time(NULL), &open,
                                    &err);
    if (rc == BAR_OK)
        rc = bar_store_send_log(st, w, NULL, count_entry, &t, &err);
    if (rc == BAR_OK) {
        const char *unset = bar_tr(ul, "not set");
        printf(bar_tr(ul, "wave %d: study %s, instrument %s\n"), w,
               bar_study_id(study), bar_instrument_id(ins));
        printf(bar_tr(ul, "opens: %s\ncloses: %s\nopen now: %s\n"),
               *opens ? opens : unset, *closes ? closes : unset,
               open ? bar_tr(ul, "yes") : bar_tr(ul, "no"));
        for (size_t k = 0; k < t.nkinds; k++) {
            printf("%s:", t.kinds[k]);
            for (int s = 0; s < NSTATES; s++)
                if (t.count[k][s])
                    printf(" %s %zu", bar_send_state_name((bar_send_state)s),
                           t.count[k][s]);
            putchar('\n');
        }
        size_t n = count_open(&t, false);
        if (n > 0) {
            printf(bar_tr(ul, "unconfirmed messages (may have arrived; "
                              "'invite'/'remind' --resend-unconfirmed sends "
                              "them again): %zu\n"),
                   n);
            list_open(&t, false);
        }
        if ((n = count_open(&t, true)) > 0) {
            printf(bar_tr(ul, "not delivered (refused or no connection; a "
                              "rerun tries again): %zu\n"),
                   n);
            list_open(&t, true);
        }
        if (t.more)
            printf(bar_tr(ul, "(and %zu more)\n"), t.more);
    }
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_store_close(st);
    bar_error_clear(&err);
    return status;
}
