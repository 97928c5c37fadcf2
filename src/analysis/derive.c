/* derive.c - derived variables (see derive.h). */
#include "analysis/derive.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The type_* options of the innovation-type question, found by prefix among
 * the asked 0/1 variables. At most this many are looked at. */
enum { MAX_TYPES = 16 };
static const char type_prefix[] = "type_";

/* Column of a variable that must exist, or BAR_ENOTFOUND on err. */
static bar_status need_col(const bar_dataset *ds, const char *name,
                           size_t *col, bar_error *err)
{
    long c = bar_dataset_col(ds, name);
    if (c < 0)
        return bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, name,
                            "derive: the instrument has no such variable");
    *col = (size_t)c;
    return BAR_OK;
}

static double spectrum_of(const bar_dataset *ds, size_t row,
                          size_t innovated_col, const size_t *type_cols,
                          size_t ntypes)
{
    double innovated = bar_dataset_get(ds, row, innovated_col);
    if (isnan(innovated))
        return NAN;
    if (innovated == 0.0)
        return 0.0;
    size_t answered = 0, ticked = 0;
    for (size_t i = 0; i < ntypes; i++) {
        double v = bar_dataset_get(ds, row, type_cols[i]);
        if (isnan(v))
            continue;
        answered++;
        if (v == 1.0)
            ticked++;
    }
    if (answered == 0 || ticked == 0)
        return NAN;
    return (double)ticked;
}

static double size_class_of(double size)
{
    if (size == 1.0)
        return 1.0;
    if (size == 2.0 || size == 3.0)
        return 2.0;
    if (size == 4.0)
        return 3.0;
    return NAN;
}

static double zone_of(double safety, double standard)
{
    if (isnan(safety) || isnan(standard))
        return NAN;
    bool safe = safety >= 4.0, high = standard >= 4.0;
    if (!safe && !high)
        return 1.0;
    if (safe && !high)
        return 2.0;
    if (!safe && high)
        return 3.0;
    return 4.0;
}

/* The score and group columns of each fit; the columns were cleared. */
static bar_status write_scales(bar_dataset *ds, const bar_scale_fits *fits,
                               bar_error *err)
{
    const bar_instrument *ins = bar_dataset_instrument(ds);
    for (size_t i = 0; i < fits->n; i++) {
        const bar_scale_fit *f = &fits->fit[i];
        long scol = bar_dataset_col(ds, f->entry->variable);
        long gcol = bar_dataset_col(ds, f->entry->groups);
        long gv = bar_instrument_find(ins, f->entry->groups);
        if (scol < 0 || gcol < 0 || gv < 0)
            return bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0,
                                scol < 0 ? f->entry->variable
                                         : f->entry->groups,
                                "derive: the instrument has no such "
                                "variable");
        for (size_t r = 0; r < f->nbase; r++) {
            bar_dataset_set(ds, f->rows[r], (size_t)scol, f->score[r]);
            if (f->group && f->group[r] >= 0)
                bar_dataset_set(ds, f->rows[r], (size_t)gcol,
                                (double)bar_var_code(
                                    bar_instrument_var(ins, (size_t)gv),
                                    (size_t)f->group[r]));
        }
    }
    return BAR_OK;
}

/* Every scale entry's columns: missing everywhere. */
static void clear_scales(bar_dataset *ds, const bar_scale_fits *fits)
{
    size_t nrows = bar_dataset_nrows(ds);
    for (size_t i = 0; i < fits->n; i++) {
        long cols[2] = {bar_dataset_col(ds, fits->fit[i].entry->variable),
                        bar_dataset_col(ds, fits->fit[i].entry->groups)};
        for (size_t c = 0; c < 2; c++)
            for (size_t r = 0; cols[c] >= 0 && r < nrows; r++)
                bar_dataset_set(ds, r, (size_t)cols[c], NAN);
    }
}

bar_status bar_derive_compute(bar_dataset *ds, const bar_spec *spec,
                              bar_scale_fits **fits, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_scale_fits *made = NULL;
    if (fits)
        *fits = NULL;
    size_t innovated = 0, size = 0, safety = 0, standard = 0;
    size_t spectrum = 0, size_class = 0, zone = 0, climate = 0;
    size_t climate_group = 0;
    if ((rc = need_col(ds, "innovated", &innovated, err)) != BAR_OK ||
        (rc = need_col(ds, "size", &size, err)) != BAR_OK ||
        (rc = need_col(ds, "work_safe_mistakes", &safety, err)) != BAR_OK ||
        (rc = need_col(ds, "work_improve", &standard, err)) != BAR_OK ||
        (rc = need_col(ds, "spectrum", &spectrum, err)) != BAR_OK ||
        (rc = need_col(ds, "size_class", &size_class, err)) != BAR_OK ||
        (rc = need_col(ds, "zone", &zone, err)) != BAR_OK ||
        (rc = need_col(ds, "climate", &climate, err)) != BAR_OK ||
        (rc = need_col(ds, "climate_group", &climate_group, err)) != BAR_OK)
        goto cleanup;

    const bar_instrument *ins = bar_dataset_instrument(ds);
    size_t type_cols[MAX_TYPES], ntypes = 0;
    for (size_t i = 0; i < bar_instrument_nvars(ins); i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (bar_var_role_of(v) == BAR_ROLE_ASKED &&
            bar_var_type_of(v) == BAR_VAR_BINARY &&
            strncmp(bar_var_name(v), type_prefix,
                    sizeof type_prefix - 1) == 0 &&
            ntypes < MAX_TYPES)
            type_cols[ntypes++] = i;
    }
    if (ntypes == 0) {
        rc = bar_error_at(err, BAR_ENOTFOUND, NULL, 0, 0, "type_*",
                          "derive: the instrument has no innovation-type "
                          "options");
        goto cleanup;
    }

    /* The fits read only the asked items and innovated, never a derived
     * column, so they are made before anything is written: on failure ds
     * is unchanged. */
    static const bar_scale_fits none = {0};
    if (spec && (rc = bar_scale_fits_compute(ds, spec, &made, err)) != BAR_OK)
        goto cleanup;
    const bar_scale_fits *scales = made ? made : &none;
    for (size_t i = 0; i < scales->n; i++) {
        const bar_spec_entry *e = scales->fit[i].entry;
        size_t unused;
        if ((rc = need_col(ds, e->variable, &unused, err)) != BAR_OK ||
            (rc = need_col(ds, e->groups, &unused, err)) != BAR_OK)
            goto cleanup;
    }

    size_t nrows = bar_dataset_nrows(ds);
    for (size_t r = 0; r < nrows; r++) {
        bar_dataset_set(ds, r, spectrum,
                        spectrum_of(ds, r, innovated, type_cols, ntypes));
        bar_dataset_set(ds, r, size_class,
                        size_class_of(bar_dataset_get(ds, r, size)));
        bar_dataset_set(ds, r, zone,
                        zone_of(bar_dataset_get(ds, r, safety),
                                bar_dataset_get(ds, r, standard)));
        bar_dataset_set(ds, r, climate, NAN);
        bar_dataset_set(ds, r, climate_group, NAN);
    }
    clear_scales(ds, scales);
    if ((rc = write_scales(ds, scales, err)) != BAR_OK)
        goto cleanup;
    if (fits) {
        *fits = made;
        made = NULL;
    }
cleanup:
    bar_scale_fits_free(made);
    return rc;
}
