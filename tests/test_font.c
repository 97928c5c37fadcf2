/* test_font.c - the shipped font and its widths (render/font.h).
 *
 * The chart layout measures text with a table generated from the font
 * files the report ships (scripts/font-metrics.py). FreeType, an
 * independent reader, opens every file of data/fonts/ and the test fails
 * when a table entry's advance differs from the file's, when the file maps
 * a character the table lacks (or the other way round), or when a kerning
 * pair names a character the face does not have. Then a table of texts
 * with the widths a reader of the font's metrics expects: accented letters
 * by their own glyphs, kerning, a character the font lacks, bytes that are
 * not UTF-8.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "render/font.h"
#include "render/svg.h"

static void face_matches_file(bool bold)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/fonts/%s", BAR_DATA_DIR,
             bar_font_files[bold ? 1 : 0]);
    FT_Library lib = NULL;
    FT_Face face = NULL;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    int ferr = FT_New_Face(lib, path, 0, &face);
    if (ferr)
        fail_msg("%s: FreeType cannot open it (error %d)", path, ferr);
    const bar_font_glyph *g = NULL;
    const bar_font_kern *k = NULL;
    size_t nk = 0;
    int upem = 0;
    size_t n = bar_font_table(bold, &g, &k, &nk, &upem);
    assert_int_equal(upem, face->units_per_EM);
    assert_true(n > 300);
    for (size_t i = 0; i < n; i++) {
        FT_UInt gi = FT_Get_Char_Index(face, g[i].cp);
        if (gi == 0)
            fail_msg("%s: U+%04X is in the table, not in the font", path,
                     (unsigned)g[i].cp);
        FT_Fixed adv = 0;
        assert_int_equal(FT_Get_Advance(face, gi, FT_LOAD_NO_SCALE, &adv),
                         0);
        if (adv != g[i].advance)
            fail_msg("%s: U+%04X advance %ld in the font, %d in the table",
                     path, (unsigned)g[i].cp, (long)adv, g[i].advance);
        if (i && g[i].cp <= g[i - 1].cp)
            fail_msg("table not sorted at U+%04X", (unsigned)g[i].cp);
    }
    /* every character the font maps is in the table */
    size_t mapped = 0;
    FT_UInt gi = 0;
    for (FT_ULong cp = FT_Get_First_Char(face, &gi); gi != 0;
         cp = FT_Get_Next_Char(face, cp, &gi)) {
        mapped++;
        size_t j = 0;
        while (j < n && g[j].cp != cp)
            j++;
        if (j == n)
            fail_msg("%s: U+%04lX is in the font, not in the table", path,
                     (unsigned long)cp);
    }
    assert_int_equal(mapped, n);
    assert_true(nk > 50);
    for (size_t i = 0; i < nk; i++) {
        assert_int_not_equal(FT_Get_Char_Index(face, k[i].left), 0);
        assert_int_not_equal(FT_Get_Char_Index(face, k[i].right), 0);
        assert_true(k[i].value != 0 && abs(k[i].value) < upem / 4);
    }
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}

static void regular_matches_file(void **state)
{
    (void)state;
    face_matches_file(false);
}

static void bold_matches_file(void **state)
{
    (void)state;
    face_matches_file(true);
}

/* Widths in font units (2048 per em) of Liberation Sans, as its hmtx and
 * GPOS say. */
static const struct {
    const char *text;
    bool bold;
    double units;
} widths[] = {
    {"n", false, 1139},
    {"i", false, 455},
    {"Innovaties", false, 569 + 1139 + 1139 + 1139 + 1024 + 1139 + 569 +
                             455 + 1139 + 1024},
    /* accented letters by their own glyphs: é as wide as e, ø its own */
    {"\xc3\xa9\xc3\xa9n", false, 3 * 1139},
    {"\xc3\xb8", false, 1251},
    {"Denemarken", true, 1479 + 1139 + 1251 + 1139 + 1821 + 1139 + 797 +
                          1139 + 1139 + 1251},
    /* kerning: A V closer by 152 units, T o by 227 */
    {"AV", false, 1366 + 1366 - 152},
    {"To", false, 1251 + 1139 - 227},
    /* a character the font lacks: one em; a stray byte: half an em */
    {"\xe4\xb8\xad", false, 2048},
    {"\xff", false, 1024},
    {"", false, 0},
};

static void widths_of_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        double got = bar_font_width(widths[i].text, strlen(widths[i].text),
                                    13, widths[i].bold);
        double want = widths[i].units / 2048.0 * 13;
        if (fabs(got - want) > 1e-9)
            fail_msg("'%s': %.4f px, expected %.4f", widths[i].text, got,
                     want);
    }
    /* bar_svg_text_width is the regular face */
    assert_true(fabs(bar_svg_text_width("Innovaties", 13) -
                     bar_font_width("Innovaties", 10, 13, false)) < 1e-12);
    assert_true(bar_svg_text_width(NULL, 13) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regular_matches_file),
        cmocka_unit_test(bold_matches_file),
        cmocka_unit_test(widths_of_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
