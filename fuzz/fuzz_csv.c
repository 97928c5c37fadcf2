/* fuzz_csv.c - libFuzzer target for the responses CSV importer.
 *
 * Feeds arbitrary bytes to bar_dataset_read_csv_mem over a small embedded
 * instrument (the same shape as tests/data/dataset/mini.json: frame, a base
 * "all" single, innovated, an innovators multi with an exclusive option, a
 * routed single, a grid, a text). Checks the importer's contract: all or
 * nothing (a dataset exactly when BAR_OK, and then a message never set),
 * and that what it accepts survives export and re-import unchanged.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run with a corpus of
 * CSV files, e.g. ./fuzz_csv -max_len=4096 tests/data/dataset/
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/dataset_csv.h"
#include "instrument/instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char mini_json[] =
    "{\"format\": 1, \"id\": \"mini\", \"wave\": 2021,"
    " \"title\": {\"nl\": \"Mini\", \"en\": \"Mini\"},"
    " \"scales\": {"
    "  \"influence5\": ["
    "   {\"code\": 1, \"label\": {\"nl\": \"a\", \"en\": \"a\"}},"
    "   {\"code\": 2, \"label\": {\"nl\": \"b\", \"en\": \"b\"}},"
    "   {\"code\": 3, \"label\": {\"nl\": \"c\", \"en\": \"c\"}},"
    "   {\"code\": 4, \"label\": {\"nl\": \"d\", \"en\": \"d\"}},"
    "   {\"code\": 5, \"label\": {\"nl\": \"e\", \"en\": \"e\"}}],"
    "  \"yesno\": ["
    "   {\"code\": 0, \"label\": {\"nl\": \"nee\", \"en\": \"no\"}},"
    "   {\"code\": 1, \"label\": {\"nl\": \"ja\", \"en\": \"yes\"}}]},"
    " \"frame\": ["
    "  {\"name\": \"org_id\", \"type\": \"id\","
    "   \"label\": {\"nl\": \"id\", \"en\": \"id\"}},"
    "  {\"name\": \"wave\", \"type\": \"integer\","
    "   \"label\": {\"nl\": \"w\", \"en\": \"w\"}, \"min\": 2000,"
    "   \"max\": 2100},"
    "  {\"name\": \"sector\", \"type\": \"category\","
    "   \"label\": {\"nl\": \"s\", \"en\": \"s\"}, \"codes\": ["
    "    {\"code\": \"gem\", \"label\": {\"nl\": \"g\", \"en\": \"g\"}},"
    "    {\"code\": \"rijk\", \"label\": {\"nl\": \"r\", \"en\": \"r\"}},"
    "    {\"code\": \"ws\", \"label\": {\"nl\": \"w\", \"en\": \"w\"}}]}],"
    " \"blocks\": ["
    "  {\"id\": \"A\", \"title\": {\"nl\": \"A\", \"en\": \"A\"},"
    "   \"base\": \"all\", \"questions\": ["
    "   {\"id\": \"size\", \"type\": \"single\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"codes\": ["
    "     {\"code\": 1, \"label\": {\"nl\": \"1\", \"en\": \"1\"}},"
    "     {\"code\": 2, \"label\": {\"nl\": \"2\", \"en\": \"2\"}},"
    "     {\"code\": 3, \"label\": {\"nl\": \"3\", \"en\": \"3\"}}]},"
    "   {\"id\": \"innovated\", \"type\": \"single\", \"scale\": \"yesno\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}}]},"
    "  {\"id\": \"C\", \"title\": {\"nl\": \"C\", \"en\": \"C\"},"
    "   \"base\": \"innovators\", \"questions\": ["
    "   {\"id\": \"collab\", \"type\": \"multi\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"options\": ["
    "     {\"name\": \"collab_none\", \"label\": {\"nl\": \"n\", \"en\": \"n\"},"
    "      \"exclusive\": true},"
    "     {\"name\": \"collab_private\","
    "      \"label\": {\"nl\": \"p\", \"en\": \"p\"}},"
    "     {\"name\": \"collab_research\","
    "      \"label\": {\"nl\": \"r\", \"en\": \"r\"}}]},"
    "   {\"id\": \"tech_share\", \"type\": \"single\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"codes\": ["
    "     {\"code\": 1, \"label\": {\"nl\": \"1\", \"en\": \"1\"}},"
    "     {\"code\": 2, \"label\": {\"nl\": \"2\", \"en\": \"2\"}},"
    "     {\"code\": 3, \"label\": {\"nl\": \"3\", \"en\": \"3\"}}]},"
    "   {\"id\": \"tech_new\", \"type\": \"single\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"codes\": ["
    "     {\"code\": 1, \"label\": {\"nl\": \"1\", \"en\": \"1\"}},"
    "     {\"code\": 2, \"label\": {\"nl\": \"2\", \"en\": \"2\"}}],"
    "    \"asked_if\": {\"var\": \"tech_share\", \"op\": \">=\","
    "     \"value\": 2}},"
    "   {\"id\": \"factor\", \"type\": \"grid\", \"scale\": \"influence5\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"items\": ["
    "     {\"name\": \"factor_time\", \"label\": {\"nl\": \"t\", \"en\": \"t\"}},"
    "     {\"name\": \"factor_money\","
    "      \"label\": {\"nl\": \"m\", \"en\": \"m\"}}]},"
    "   {\"id\": \"description\", \"type\": \"text\","
    "    \"text\": {\"nl\": \"q\", \"en\": \"q\"}, \"max_length\": 200}]}],"
    " \"derived\": ["
    "  {\"name\": \"spectrum\", \"type\": \"single\","
    "   \"label\": {\"nl\": \"s\", \"en\": \"s\"}, \"codes\": ["
    "    {\"code\": 0, \"label\": {\"nl\": \"0\", \"en\": \"0\"}},"
    "    {\"code\": 1, \"label\": {\"nl\": \"1\", \"en\": \"1\"}}]}]}";

static bar_instrument *instrument(void)
{
    static bar_instrument *ins;
    if (!ins) {
        bar_error err;
        bar_error_init(&err);
        if (bar_instrument_parse(mini_json, sizeof mini_json - 1, "mini",
                                 &ins, &err) != BAR_OK) {
            fprintf(stderr, "fuzz_csv: embedded instrument: %s\n", err.msg);
            abort();
        }
    }
    return ins;
}

/* Every cell of a equals the cell of b. */
static int same(const bar_dataset *a, const bar_dataset *b)
{
    if (bar_dataset_nrows(a) != bar_dataset_nrows(b))
        return 0;
    for (size_t r = 0; r < bar_dataset_nrows(a); r++)
        for (size_t c = 0; c < bar_dataset_ncols(a); c++) {
            double x = bar_dataset_get(a, r, c), y = bar_dataset_get(b, r, c);
            const char *s = bar_dataset_get_str(a, r, c);
            const char *t = bar_dataset_get_str(b, r, c);
            if (!(isnan(x) ? isnan(y) : x == y))
                return 0;
            if ((s == NULL) != (t == NULL) || (s && strcmp(s, t) != 0))
                return 0;
        }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bar_instrument *ins = instrument();
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_dataset_read_csv_mem((const char *)data, size,
                                             "fuzz.csv", ins, &ds, &err);
    if ((rc == BAR_OK) != (ds != NULL) || (rc == BAR_OK && err.count) ||
        (rc != BAR_OK && (err.count == 0 || err.msg[0] == '\0')))
        abort();
    if (ds) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f || bar_dataset_write_csv(ds, f, false, &err) != BAR_OK)
            abort();
        fclose(f);
        bar_dataset *back = NULL;
        if (bar_dataset_read_csv_mem(text, len, "again.csv", ins, &back,
                                     &err) != BAR_OK ||
            !same(ds, back)) {
            fprintf(stderr, "round trip failed: %s\n%s\n", err.msg, text);
            abort();
        }
        bar_dataset_free(back);
        free(text);
    }
    bar_dataset_free(ds);
    bar_error_clear(&err);
    return 0;
}
