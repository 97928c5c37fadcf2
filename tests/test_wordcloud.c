/* test_wordcloud.c - the word cloud's layout: for a table of cases (one
 * word, 40 words of mixed lengths, equal weights, one huge weight, long
 * words, Dutch letters "ë" and "ij", a narrow phone-sized chart), no two
 * word boxes overlap and none leaves the viewBox, checked on the layout's
 * boxes and again on the positions read back from the SVG; sizes follow the
 * square root of the weight; the layout is deterministic; the colour reads
 * in greyscale; every word is escaped.
 *
 * tests/golden/wordcloud_40.svg is the cloud of the 40-word case. When a
 * change to the output is deliberate (also when bar_svg_text_width's
 * metrics change), regenerate it with
 *     BAR_UPDATE_GOLDEN=1 build/test_wordcloud
 * look at it in a browser and review the diff before committing.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden.h"

#include "core/buf.h"
#include "render/svg.h"
#include "render/wordcloud.h"

enum { CAP = 1024 * 1024, MAXW = 64 };

/* --- the cases ------------------------------------------------------- */

typedef struct cloud_case {
    const char *name;
    bar_cloud_word words[MAXW];
    size_t n;
    double width, height;   /* 0: defaults */
    size_t min_placed;      /* at least this many must fit */
    const char *golden;     /* NULL: none */
} cloud_case;

static const cloud_case cases[] = {
    {.name = "one word", .words = {{"thuiswerken", 12}}, .n = 1,
     .min_placed = 1},
    {.name = "40 words of mixed lengths",
     .words = {
         {"digitaal", 48}, {"data", 41}, {"thuiswerken", 37},
         {"overleg", 30}, {"dienstverlening", 26}, {"app", 22},
         {"burgers", 21}, {"samenwerking", 19}, {"werkprocessen", 17},
         {"dashboard", 15}, {"video", 14}, {"teams", 13}, {"klant", 12},
         {"informatievoorziening", 11}, {"AI", 10}, {"zaakgericht", 9},
         {"portaal", 9}, {"robotisering", 8}, {"chat", 8},
         {"vergaderen", 7}, {"hybride", 7}, {"cloud", 6}, {"privacy", 6},
         {"medewerkers", 6}, {"e-learning", 5}, {"formulier", 5},
         {"innovatielab", 5}, {"sensoren", 4}, {"wijkteam", 4},
         {"subsidie", 4}, {"zorg", 4}, {"open", 3}, {"datagedreven", 3},
         {"pilot", 3}, {"gemeente", 3}, {"inwoners", 3}, {"MS", 3},
         {"kennisdeling", 3}, {"automatisering", 3}, {"loket", 3}},
     .n = 40, .min_placed = 40, .golden = "wordcloud_40.svg"},
    {.name = "equal weights",
     .words = {
         {"data", 5}, {"overleg", 5}, {"thuiswerken", 5}, {"app", 5},
         {"burgers", 5}, {"teams", 5}, {"dashboard", 5}, {"video", 5},
         {"chat", 5}, {"zorg", 5}, {"portaal", 5}, {"cloud", 5},
         {"pilot", 5}, {"loket", 5}, {"sensoren", 5}, {"privacy", 5},
         {"hybride", 5}, {"klant", 5}, {"wijkteam", 5}, {"open", 5}},
     .n = 20, .min_placed = 20},
    {.name = "one huge weight",
     .words = {
         {"digitalisering", 5000}, {"data", 4}, {"overleg", 3},
         {"app", 3}, {"burgers", 3}, {"teams", 3}, {"video", 3},
         {"chat", 3}, {"zorg", 3}, {"loket", 3}},
     .n = 10, .min_placed = 10},
    {.name = "long words",
     .words = {
         {"arbeidsongeschiktheidsverzekeringsmaatschappijen", 30},
         {"klanttevredenheidsonderzoek", 25},
         {"informatiebeveiligingsbeleid", 20},
         {"dienstverleningsovereenkomst", 15},
         {"ketensamenwerkingsverbanden", 10},
         {"data", 9}, {"privacywetgeving", 8},
         {"verwachtingsmanagement", 5}},
     .n = 8, .min_placed = 8},
    {.name = "Dutch letters",
     .words = {
         {"ideeën", 20}, {"coördinatie", 16}, {"efficiënt", 14},
         {"ijsbreker", 12}, {"IJsselland", 10}, {"zeeën", 8},
         {"bijeenkomst", 7}, {"privé", 6}, {"ijverig", 5}, {"café", 4},
         {"één", 3}},
     .n = 11, .min_placed = 11},
    {.name = "markup in words",
     .words = {{"<&>", 9}, {"a\"b'c", 5}, {"</text><script>", 4}},
     .n = 3, .min_placed = 3},
    {.name = "a narrow chart",
     .words = {
         {"digitaal", 48}, {"data", 41}, {"thuiswerken", 37},
         {"overleg", 30}, {"dienstverlening", 26}, {"app", 22},
         {"burgers", 21}, {"samenwerking", 19}, {"werkprocessen", 17},
         {"dashboard", 15}, {"video", 14}, {"teams", 13}, {"klant", 12},
         {"informatievoorziening", 11}, {"AI", 10}},
     .n = 15, .width = 390, .height = 300, .min_placed = 15},
};

static bar_cloud_opts opts_of(const cloud_case *c)
{
    return (bar_cloud_opts){.width = c->width, .height = c->height,
                            .title = "Concepten: Digitaal & Data",
                            .desc = "Woorden naar het aantal antwoorden"};
}

/* --- checks on boxes ------------------------------------------------- */

typedef struct rect {
    double x0, y0, x1, y1;
    double size;
    char text[256];
} rect;

static void assert_apart(const rect *r, size_t n, double vw, double vh,
                         const char *where)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].x0 < 0 || r[i].y0 < 0 || r[i].x1 > vw || r[i].y1 > vh)
            fail_msg("%s: '%s' (%.2f,%.2f)-(%.2f,%.2f) leaves the %.0fx%.0f "
                     "chart", where, r[i].text, r[i].x0, r[i].y0, r[i].x1,
                     r[i].y1, vw, vh);
        if (r[i].size < 11)
            fail_msg("%s: '%s' at %.1f px", where, r[i].text, r[i].size);
        for (size_t j = i + 1; j < n; j++)
            if (r[i].x0 < r[j].x1 && r[j].x0 < r[i].x1 &&
                r[i].y0 < r[j].y1 && r[j].y0 < r[i].y1)
                fail_msg("%s: '%s' overlaps '%s'", where, r[i].text,
                         r[j].text);
    }
}

/* --- reading the SVG back -------------------------------------------- */

static double attr(const char *tag, const char *end, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *a = strstr(tag, key);
    assert_true(a && a < end);
    return strtod(a + strlen(key), NULL);
}

static void unescape(const char *s, const char *e, char *out, size_t cap)
{
    static const struct { const char *ent; char c; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
        {"&#39;", '\''},
    };
    size_t n = 0;
    while (s < e && n + 1 < cap) {
        bool done = false;
        for (size_t i = 0; i < 5 && !done; i++) {
            size_t l = strlen(ents[i].ent);
            if (strncmp(s, ents[i].ent, l) == 0) {
                out[n++] = ents[i].c;
                s += l;
                done = true;
            }
        }
        if (!done) {
            assert_true(*s != '<' && *s != '>' && *s != '&');
            out[n++] = *s++;
        }
    }
    out[n] = '\0';
}

/* Every <text> of svg as the box of its glyphs: text-anchor start at x,
 * the baseline at y, measured as the layout measures. */
static size_t read_back(const char *svg, rect *r, size_t cap)
{
    size_t n = 0;
    for (const char *p = svg; (p = strstr(p, "<text ")) != NULL;) {
        const char *tag_end = strchr(p, '>');
        const char *close = strstr(p, "</text>");
        assert_non_null(tag_end);
        assert_non_null(close);
        assert_true(n < cap);
        const char *anchor = strstr(p, "text-anchor");
        assert_true(!anchor || anchor > tag_end);   /* start: the default */
        rect *o = &r[n++];
        unescape(tag_end + 1, close, o->text, sizeof o->text);
        double x = attr(p, tag_end, "x"), y = attr(p, tag_end, "y");
        o->size = attr(p, tag_end, "font-size");
        o->x0 = x;
        o->x1 = x + bar_svg_text_width(o->text, o->size);
        o->y0 = y - BAR_CLOUD_ASCENT * o->size;
        o->y1 = y + BAR_CLOUD_DESCENT * o->size;
        p = close;
    }
    return n;
}

/* One svg element, accessible as the other charts: role, aria-label,
 * title, desc, viewBox; only our elements; every '&' an entity. */
static void assert_well_formed(const char *svg)
{
    assert_int_equal(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
                             39), 0);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "aria-label=\"Concepten: Digitaal &amp; "
                                "Data\""));
    assert_non_null(strstr(svg, "<title>Concepten: Digitaal &amp; Data"
                                "</title>"));
    assert_non_null(strstr(svg, "<desc>Woorden naar het aantal antwoorden"
                                "</desc>"));
    assert_null(strstr(svg, "<script"));
    static const char *const tags[] = {
        "svg", "/svg", "title", "/title", "desc", "/desc", "text", "/text",
    };
    for (const char *p = svg; (p = strchr(p, '<')) != NULL; p++) {
        bool known = false;
        for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
            size_t l = strlen(tags[i]);
            if (strncmp(p + 1, tags[i], l) == 0 &&
                (p[1 + l] == ' ' || p[1 + l] == '>'))
                known = true;
        }
        if (!known)
            fail_msg("unexpected '<' at '%.30s'", p);
    }
    for (const char *p = svg; (p = strchr(p, '&')) != NULL; p++)
        if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
            strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
            strncmp(p, "&#39;", 5))
            fail_msg("unescaped '&' at '%.30s'", p);
}

/* --- tests ----------------------------------------------------------- */

static void run_case(const cloud_case *c)
{
    bar_cloud_opts o = opts_of(c);
    double vw = c->width > 0 ? c->width : BAR_CLOUD_WIDTH;
    double vh = c->height > 0 ? c->height : BAR_CLOUD_HEIGHT;
    bar_cloud_box boxes[MAXW], again[MAXW];
    rect r[MAXW];
    size_t placed = 0, placed2 = 0;
    bar_error err;
    bar_error_init(&err);

    /* The layout's own boxes. */
    assert_int_equal(bar_wordcloud_layout(c->words, c->n, &o, boxes,
                                          &placed, &err), BAR_OK);
    if (placed < c->min_placed)
        fail_msg("%s: %zu of %zu words placed, want at least %zu", c->name,
                 placed, c->n, c->min_placed);
    size_t nr = 0, heaviest = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->words[i].weight > c->words[heaviest].weight)
            heaviest = i;
        if (!boxes[i].placed)
            continue;
        r[nr] = (rect){.x0 = boxes[i].x, .y0 = boxes[i].y,
                       .x1 = boxes[i].x + boxes[i].w,
                       .y1 = boxes[i].y + boxes[i].h,
                       .size = boxes[i].size};
        snprintf(r[nr].text, sizeof r[nr].text, "%s", c->words[i].text);
        /* measured as the text is */
        assert_true(fabs(boxes[i].w - bar_svg_text_width(c->words[i].text,
                                                         boxes[i].size)) <
                    1e-9);
        nr++;
    }
    assert_int_equal(nr, placed);
    assert_apart(r, nr, vw, vh, c->name);

    /* The heaviest word in the centre. */
    const bar_cloud_box *h = &boxes[heaviest];
    assert_true(h->placed);
    assert_true(fabs(h->x + h->w / 2 - vw / 2) <= 0.5);
    assert_true(fabs(h->y + h->h / 2 - vh / 2) <= 0.5);

    /* Area-proportional sizes: a heavier word is never smaller, and a word
     * above the minimum has size / heaviest's = sqrt(weight ratio). */
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->n; j++)
            if (boxes[i].placed && boxes[j].placed &&
                c->words[i].weight > c->words[j].weight)
                assert_true(boxes[i].size >= boxes[j].size);
        if (boxes[i].placed && boxes[i].size > BAR_CLOUD_MIN_SIZE + 0.1) {
            double want = h->size * sqrt(c->words[i].weight /
                                         c->words[heaviest].weight);
            if (fabs(boxes[i].size - want) > 0.11)
                fail_msg("%s: '%s' at %.1f px, want %.2f", c->name,
                         c->words[i].text, boxes[i].size, want);
        }
    }

    /* Deterministic. */
    assert_int_equal(bar_wordcloud_layout(c->words, c->n, &o, again,
                                          &placed2, &err), BAR_OK);
    assert_int_equal(placed2, placed);
    assert_memory_equal(boxes, again, c->n * sizeof boxes[0]);

    /* The SVG, read back. */
    bar_buf out;
    bar_buf_init(&out, CAP);
    assert_int_equal(bar_wordcloud_svg(&out, c->words, c->n, &o, &err),
                     BAR_OK);
    assert_well_formed(out.data);
    rect back[MAXW];
    size_t nb = read_back(out.data, back, MAXW);
    assert_int_equal(nb, placed);
    assert_apart(back, nb, vw, vh, c->name);
    for (size_t k = 0; k < nb; k++) {
        bool found = false;
        for (size_t i = 0; i < c->n && !found; i++)
            found = boxes[i].placed &&
                    strcmp(c->words[i].text, back[k].text) == 0 &&
                    fabs(boxes[i].size - back[k].size) < 1e-9 &&
                    fabs(boxes[i].x - back[k].x0) < 1e-9 &&
                    fabs(boxes[i].y - back[k].y0) < 0.01;
        if (!found)
            fail_msg("%s: '%s' in the SVG is not where the layout put it",
                     c->name, back[k].text);
    }
    if (c->golden)
        golden_compare(c->golden, out.data, out.len);
    bar_buf_clear(&out);
    bar_error_clear(&err);
}

static void every_case_lays_out_apart(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

static void words_are_escaped(void **state)
{
    (void)state;
    const cloud_case *c = &cases[6];
    bar_cloud_opts o = opts_of(c);
    o.title = "a<b & \"c\"";
    o.desc = "</desc><script>alert(1)</script>";
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_wordcloud_svg(&out, c->words, c->n, &o, &err),
                     BAR_OK);
    assert_non_null(strstr(out.data, ">&lt;&amp;&gt;</text>"));
    assert_non_null(strstr(out.data, ">a&quot;b&#39;c</text>"));
    assert_non_null(strstr(out.data, ">&lt;/text&gt;&lt;script&gt;</text>"));
    assert_non_null(strstr(out.data, "<title>a&lt;b &amp; &quot;c&quot;"
                                     "</title>"));
    assert_non_null(strstr(out.data, "aria-label=\"a&lt;b &amp; "
                                     "&quot;c&quot;\""));
    assert_non_null(strstr(out.data, "<desc>&lt;/desc&gt;&lt;script&gt;"));
    assert_null(strstr(out.data, "<script"));
    bar_buf_clear(&out);
    bar_error_clear(&err);
}

static void colours_read_in_greyscale(void **state)
{
    (void)state;
    struct { const char *color; double want; } table[] = {
        {"#000000", 21.0}, {"#ffffff", 1.0}, {"#FFFFFF", 1.0},
        {"#767676", 4.54}, {"#0072B2", 5.19}, {"bad", 0}, {"#12345", 0},
        {"#1234567", 0}, {"#12345g", 0}, {NULL, 0},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        double got = bar_wordcloud_contrast(table[i].color);
        if (fabs(got - table[i].want) > 0.01)
            fail_msg("contrast of %s: %.3f, want %.2f",
                     table[i].color ? table[i].color : "NULL", got,
                     table[i].want);
    }
    assert_true(bar_wordcloud_contrast(BAR_CLOUD_COLOR) >= 4.5);
    for (size_t i = 0; i < 12; i++)
        if (bar_wordcloud_contrast(bar_wordcloud_color(i)) < 4.5)
            fail_msg("group colour %zu (%s): contrast %.2f", i,
                     bar_wordcloud_color(i),
                     bar_wordcloud_contrast(bar_wordcloud_color(i)));
    assert_string_not_equal(bar_wordcloud_color(0), bar_wordcloud_color(1));

    /* The words are drawn in the colour asked for, and only in it. */
    const cloud_case *c = &cases[1];
    bar_cloud_opts o = opts_of(c);
    o.color = bar_wordcloud_color(1);
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_wordcloud_svg(&out, c->words, c->n, &o, &err),
                     BAR_OK);
    size_t fills = 0;
    for (const char *p = out.data; (p = strstr(p, " fill=\"")) != NULL;
         p++, fills++)
        assert_int_equal(strncmp(p + 7, o.color, 7), 0);
    assert_int_equal(fills, c->n);
    bar_buf_clear(&out);
    bar_error_clear(&err);
}

static void bad_input_is_refused(void **state)
{
    (void)state;
    bar_cloud_word ok[] = {{"data", 3}, {"app", 2}};
    bar_cloud_word zero[] = {{"data", 3}, {"app", 0}};
    bar_cloud_word nan_w[] = {{"data", NAN}};
    bar_cloud_word empty[] = {{"", 3}};
    bar_cloud_word null_text[] = {{NULL, 3}};
    bar_cloud_opts good = {.title = "t", .desc = "d"};
    static bar_cloud_word many[BAR_CLOUD_WORDS_MAX + 1];
    static bar_cloud_box boxes[BAR_CLOUD_WORDS_MAX + 1];
    for (size_t k = 0; k < BAR_CLOUD_WORDS_MAX + 1; k++)
        many[k] = (bar_cloud_word){"data", 1};
    struct {
        const char *name;
        const bar_cloud_word *w;
        size_t n;
        bar_cloud_opts o;
    } table[] = {
        {"no title", ok, 2, {.desc = "d"}},
        {"no desc", ok, 2, {.title = "t"}},
        {"zero weight", zero, 2, good},
        {"NaN weight", nan_w, 1, good},
        {"empty word", empty, 1, good},
        {"no text", null_text, 1, good},
        {"pale colour", ok, 2, {.title = "t", .desc = "d",
                                .color = "#cccccc"}},
        {"not a colour", ok, 2, {.title = "t", .desc = "d",
                                 .color = "blue"}},
        {"tiny chart", ok, 2, {.title = "t", .desc = "d", .width = 50}},
        {"too many words", NULL, BAR_CLOUD_WORDS_MAX + 1, good},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        bar_error err;
        bar_error_init(&err);
        const bar_cloud_word *w = table[i].w ? table[i].w : many;
        size_t n = table[i].n;
        for (size_t k = 0; k < n; k++)
            boxes[k] = (bar_cloud_box){.placed = true};
        size_t placed = 99;
        bar_status rc = bar_wordcloud_layout(w, n, &table[i].o, boxes,
                                             &placed, &err);
        if (rc != BAR_EUSAGE)
            fail_msg("%s: layout gave %d", table[i].name, (int)rc);
        assert_int_equal(placed, 0);
        for (size_t k = 0; k < n; k++)
            assert_false(boxes[k].placed);
        bar_buf out;
        bar_buf_init(&out, CAP);
        rc = bar_wordcloud_svg(&out, w, n, &table[i].o, &err);
        if (rc != BAR_EUSAGE)
            fail_msg("%s: svg gave %d", table[i].name, (int)rc);
        assert_int_equal(out.len, 0);
        assert_true(err.msg[0] != '\0');
        bar_buf_clear(&out);
        bar_error_clear(&err);
    }
}

static void no_words_and_full_buffer(void **state)
{
    (void)state;
    bar_cloud_opts o = {.title = "t", .desc = "d"};
    bar_error err;
    bar_error_init(&err);
    bar_buf out;
    bar_buf_init(&out, CAP);
    size_t placed = 5;
    assert_int_equal(bar_wordcloud_layout(NULL, 0, &o, NULL, &placed, &err),
                     BAR_OK);
    assert_int_equal(placed, 0);
    assert_int_equal(bar_wordcloud_svg(&out, NULL, 0, &o, &err), BAR_OK);
    assert_non_null(strstr(out.data, "<title>t</title>"));
    assert_null(strstr(out.data, "<text"));
    bar_buf_clear(&out);

    bar_buf_init(&out, 64);
    assert_int_equal(bar_wordcloud_svg(&out, cases[1].words, cases[1].n, &o,
                                       &err), BAR_ELIMIT);
    bar_buf_clear(&out);
    bar_error_clear(&err);
}

/* Words too wide for the chart even at the smallest size are left out,
 * and the caller is told. */
static void words_that_do_not_fit_are_counted(void **state)
{
    (void)state;
    bar_cloud_word w[] = {
        {"data", 10},
        {"ditiseenwoorddatveeltelangisvooreensmallewolkvanhonderdpixels", 9},
        {"app", 8},
    };
    bar_cloud_opts o = {.title = "t", .desc = "d", .width = 100,
                        .height = 100};
    bar_cloud_box boxes[3];
    size_t placed = 0;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_wordcloud_layout(w, 3, &o, boxes, &placed, &err),
                     BAR_OK);
    assert_int_equal(placed, 2);
    assert_true(boxes[0].placed);
    assert_false(boxes[1].placed);
    assert_true(boxes[2].placed);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_lays_out_apart),
        cmocka_unit_test(words_are_escaped),
        cmocka_unit_test(colours_read_in_greyscale),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(no_words_and_full_buffer),
        cmocka_unit_test(words_that_do_not_fit_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
