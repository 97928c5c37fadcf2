/* monitor.c - the live fieldwork monitor (see monitor.h). */
#include "field/monitor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the walk over the frame gathers. */
typedef struct walk {
    bar_monitor *m;
    const bar_variable *sector, *cluster;
    size_t n, cap;
    size_t *codes;             /* n x 2 */
    unsigned char *response;   /* n */
    long long *days;           /* day numbers of the completions */
    size_t ndone;
} walk;

static void add(bar_monitor_count *c, const bar_store_field_org *o)
{
    c->frame++;
    c->invited += o->invited;
    c->started += o->started;
    c->completed += o->completed;
}

/* The day number (days since 1970-01-01) of an ISO date's first ten
 * characters; -1 when it is not a date. */
static long long day_number(const char *iso)
{
    int y = 0, mo = 0, d = 0, used = 0;
    if (sscanf(iso, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10 ||
        mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    /* days from civil (proleptic Gregorian) */
    y -= mo <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void day_text(long long n, char out[11])
{
    time_t t = (time_t)(n * 86400);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
        snprintf(out, 11, "----------");
}

static bar_status visit(void *ctx, const bar_store_field_org *o,
                        bar_error *err)
{
    walk *w = ctx;
    long s = bar_var_code_find(w->sector, o->sector);
    long c = bar_var_code_find(w->cluster, o->cluster);
    if (s < 0 || c < 0)
        return bar_error_at(err, BAR_EINVALID, NULL, 0, 0, o->org_id,
                            "the frame has a sector or cluster the "
                            "instrument does not know");
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 256;
        size_t *codes = realloc(w->codes, cap * 2 * sizeof *codes);
        if (codes)
            w->codes = codes;
        unsigned char *resp = realloc(w->response, cap);
        if (resp)
            w->response = resp;
        long long *days = realloc(w->days, cap * sizeof *days);
        if (days)
            w->days = days;
        if (!codes || !resp || !days)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        w->cap = cap;
    }
    w->codes[2 * w->n] = (size_t)s;
    w->codes[2 * w->n + 1] = (size_t)c;
    w->response[w->n] = o->completed ? 1 : 0;
    w->n++;
    add(&w->m->sector[s], o);
    add(&w->m->cluster[c], o);
    add(&w->m->total, o);
    if (o->completed) {
        long long d = day_number(o->completed_at);
        if (d >= 0)
            w->days[w->ndone++] = d;
    }
    return BAR_OK;
}

/* Completions per day from the gathered day numbers. */
static bar_status per_day(walk *w, bar_error *err)
{
    bar_monitor *m = w->m;
    if (w->ndone == 0)
        return BAR_OK;
    long long lo = w->days[0], hi = w->days[0];
    for (size_t i = 1; i < w->ndone; i++) {
        if (w->days[i] < lo)
            lo = w->days[i];
        if (w->days[i] > hi)
            hi = w->days[i];
    }
    if (hi - lo + 1 > BAR_MONITOR_DAYS_MAX)
        lo = hi - BAR_MONITOR_DAYS_MAX + 1;
    size_t n = (size_t)(hi - lo + 1);
    m->day = calloc(n, sizeof *m->day);
    m->per_day = calloc(n, sizeof *m->per_day);
    if (!m->day || !m->per_day)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    m->ndays = n;
    for (size_t i = 0; i < n; i++)
        day_text(lo + (long long)i, m->day[i]);
    for (size_t i = 0; i < w->ndone; i++)
        if (w->days[i] >= lo)
            m->per_day[w->days[i] - lo]++;
    return BAR_OK;
}

bar_status bar_monitor_compute(bar_store *st, int wave,
                               const bar_instrument *ins, bar_monitor *out,
                               bar_error *err)
{
    *out = (bar_monitor){0};
    out->ri_status = BAR_EUSAGE;
    bar_rindicator_clear(&out->ri);
    walk w = {.m = out};
    bar_status rc = BAR_OK;
    long si = bar_instrument_find(ins, "sector");
    long ci = bar_instrument_find(ins, "cluster");
    if (si < 0 || ci < 0) {
        rc = bar_error_set(err, BAR_EINVALID, "the instrument has no "
                           "sector or cluster");
        goto cleanup;
    }
    w.sector = bar_instrument_var(ins, (size_t)si);
    w.cluster = bar_instrument_var(ins, (size_t)ci);
    out->nsector = bar_var_ncodes(w.sector);
    out->ncluster = bar_var_ncodes(w.cluster);
    out->sector = calloc(out->nsector ? out->nsector : 1,
                         sizeof *out->sector);
    out->cluster = calloc(out->ncluster ? out->ncluster : 1,
                          sizeof *out->cluster);
    if (!out->sector || !out->cluster) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    rc = bar_store_field_each(st, wave, visit, &w, err);
    if (rc == BAR_OK)
        rc = per_day(&w, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (w.n >= 2) {
        bar_rindicator_var vars[2] = {
            {.name = "sector", .ncat = out->nsector},
            {.name = "cluster", .ncat = out->ncluster}};
        bar_rindicator_input in = {.n = w.n, .nvars = 2, .vars = vars,
                                   .codes = w.codes,
                                   .response = w.response};
        bar_error rerr;
        bar_error_init(&rerr);
        out->ri_status = bar_rindicator_compute(&in, &out->ri, &rerr);
        bar_error_clear(&rerr);
        if (out->ri_status == BAR_ENOMEM) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
cleanup:
    free(w.codes);
    free(w.response);
    free(w.days);
    return rc;
}

void bar_monitor_clear(bar_monitor *m)
{
    if (!m)
        return;
    free(m->sector);
    free(m->cluster);
    free(m->day);
    free(m->per_day);
    bar_rindicator_clear(&m->ri);
    *m = (bar_monitor){0};
}
