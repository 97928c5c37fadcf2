/* bench_rindicator.c - time bar_rindicator_compute on a frame CSV.
 *
 * Usage: bench_rindicator FRAME.csv [RUNS]
 * FRAME.csv: the auxiliary variables (codes), then `response` (0/1), as
 * tests/data/stats/rind_frame1374.csv. Categories are numbered in order of
 * first appearance. Runs the computation RUNS times (default 5) and prints
 * one CSV line: units,runs,median seconds,min seconds,R,R_adj,r_se.
 * Reading the CSV is not timed. bench/rindicator.sh runs it beside R.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats/rindicator.h"

enum { LINE_MAX_LEN = 1024, MAX_VARS = 16, MAX_CATS = 1000, LABEL = 48 };

typedef struct column {
    char name[LABEL];
    size_t ncat;
    char (*labels)[LABEL];
    const char **ptr;
} column;

static size_t split(char *line, char **fields, size_t max)
{
    size_t count = 0;
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (count < max) {
        fields[count++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return count;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FRAME.csv [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
    if (runs < 1)
        runs = 1;
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    char line[LINE_MAX_LEN];
    char *fields[MAX_VARS + 1];
    if (!fgets(line, sizeof line, in)) {
        fprintf(stderr, "%s: empty\n", argv[1]);
        return 1;
    }
    size_t width = split(line, fields, MAX_VARS + 1);
    if (width < 2 || strcmp(fields[width - 1], "response") != 0) {
        fprintf(stderr, "%s: the last column must be response\n", argv[1]);
        return 1;
    }
    size_t nvars = width - 1, n = 0, cap = 4096;
    column cols[MAX_VARS] = {0};
    for (size_t v = 0; v < nvars; v++) {
        snprintf(cols[v].name, LABEL, "%s", fields[v]);
        cols[v].labels = calloc(MAX_CATS, LABEL);
        cols[v].ptr = calloc(MAX_CATS, sizeof *cols[v].ptr);
    }
    size_t *codes = malloc(cap * nvars * sizeof *codes);
    unsigned char *resp = malloc(cap);
    while (fgets(line, sizeof line, in)) {
        if (split(line, fields, MAX_VARS + 1) != width) {
            fprintf(stderr, "%s: line %zu: wrong width\n", argv[1], n + 2);
            return 1;
        }
        if (n == cap) {
            cap *= 2;
            codes = realloc(codes, cap * nvars * sizeof *codes);
            resp = realloc(resp, cap);
        }
        if (!codes || !resp) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        for (size_t v = 0; v < nvars; v++) {
            column *c = &cols[v];
            size_t k = 0;
            while (k < c->ncat && strcmp(c->labels[k], fields[v]) != 0)
                k++;
            if (k == c->ncat) {
                if (c->ncat == MAX_CATS) {
                    fprintf(stderr, "%s: too many categories\n", argv[1]);
                    return 1;
                }
                snprintf(c->labels[c->ncat], LABEL, "%s", fields[v]);
                c->ptr[c->ncat] = c->labels[c->ncat];
                c->ncat++;
            }
            codes[n * nvars + v] = k;
        }
        resp[n++] = (unsigned char)(fields[nvars][0] == '1');
    }
    fclose(in);
    bar_rindicator_var vars[MAX_VARS];
    for (size_t v = 0; v < nvars; v++)
        vars[v] = (bar_rindicator_var){.name = cols[v].name,
                                       .ncat = cols[v].ncat,
                                       .labels = cols[v].ptr};
    bar_rindicator_input input = {.n = n, .nvars = nvars, .vars = vars,
                                  .codes = codes, .response = resp};
    double *times = malloc((size_t)runs * sizeof *times);
    bar_rindicator r = {0};
    int status = 0;
    for (int run = 0; run < runs && status == 0; run++) {
        bar_error err;
        bar_error_init(&err);
        bar_rindicator_clear(&r);
        double t0 = now();
        bar_status rc = bar_rindicator_compute(&input, &r, &err);
        times[run] = now() - t0;
        if (rc != BAR_OK) {
            fprintf(stderr, "%s: %s\n", argv[1], err.msg);
            status = 1;
        }
        bar_error_clear(&err);
    }
    if (status == 0) {
        qsort(times, (size_t)runs, sizeof *times, cmp_double);
        printf("%zu,%d,%.6f,%.6f,%.17g,%.17g,%.17g\n", n, runs,
               times[runs / 2], times[0], r.r, r.r_adj, r.r_se);
    }
    bar_rindicator_clear(&r);
    free(times);
    free(codes);
    free(resp);
    for (size_t v = 0; v < nvars; v++) {
        free(cols[v].labels);
        free(cols[v].ptr);
    }
    return status;
}
