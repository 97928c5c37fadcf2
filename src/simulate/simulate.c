/* simulate.c - synthetic waves: a sampling frame and its responses.
 *
 * The model is written down in docs/simulator.md; the layout of this file:
 *   1. deterministic numerics: xoshiro256** seeded by splitmix64, normal
 *      deviates as Irwin-Hall sums, and exp/log/normal quantile built from
 *      + - * / and sqrt only, so that the same seed gives the same bytes on
 *      every IEEE-754 machine (no libm transcendental is ever called);
 *   2. the model's parameters (tables with the published targets);
 *   3. calibration: intercepts and cut points solved so that the model's
 *      marginals equal the targets;
 *   4. the plan: how many organisations per sector and cluster, in the
 *      frame and among the respondents, and which organisations respond;
 *   5. one case: the latent climate and every answer, routed by the
 *      instrument;
 *   6. the public functions.
 */
#include "simulate/simulate.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "dataset/dataset_csv.h"

/* ------------------------------------------------------------------------
 * 1. Deterministic numerics
 * ------------------------------------------------------------------------ */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Streams keep the random numbers of different purposes apart. */
enum { STREAM_CASE = 1, STREAM_SELECT = 2, STREAM_NAME = 3, STREAM_TEXT = 4 };

/* Seed a generator for (seed, stream, index): every case, every frame cell
 * and every organisation's name has its own independent sequence, so a case
 * does not depend on how many cases come before it. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    x = a ^ (stream * UINT64_C(0xd1b54a32d192ed03));
    uint64_t b = splitmix64(&x);
    x = b ^ index;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman and Vigna, public domain). */
static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1) with 53 random bits. */
static double rng_unif(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0 (multiply-shift; the bias is below
 * 2^-32 for the small n used here). */
static size_t rng_below(rng *r, size_t n)
{
    return (size_t)((rng_next(r) >> 32) * (uint64_t)n >> 32);
}

/* Approximately standard normal: the sum of 12 uniforms minus 6 (mean 0,
 * variance 1, range +-6). Additions only, so exactly reproducible. */
static double rng_normal(rng *r)
{
    double sum = 0;
    for (int i = 0; i < 12; i++)
        sum += rng_unif(r);
    return sum - 6.0;
}

static const double LN2_HI = 6.93147180369123816490e-01;
static const double LN2_LO = 1.90821492927058770002e-10;
static const double LN2 = 0.69314718055994530942;

/* exp(x) from basic arithmetic: x = k ln2 + r, |r| <= ln2/2, Taylor
 * polynomial of degree 14 for e^r (Horner, coefficients 1/i!), then scaled
 * by 2^k (exact). Relative error about 1e-16; deterministic. */
static double dexp(double x)
{
    static const double inv_fact[15] = {
        1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
        1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
        1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
        1.0 / 87178291200.0};
    if (x > 700)
        x = 700;
    if (x < -700)
        x = -700;
    double kf = x / LN2;
    long k = (long)(kf >= 0 ? kf + 0.5 : kf - 0.5);
    double r = (x - (double)k * LN2_HI) - (double)k * LN2_LO;
    double sum = inv_fact[14];
    for (int i = 13; i >= 0; i--)
        sum = sum * r + inv_fact[i];
    return ldexp(sum, (int)k);
}

static double logistic(double x)
{
    return 1.0 / (1.0 + dexp(-x));
}

/* The standard normal distribution function: Marsaglia's series
 * Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...), whose terms all
 * have the sign of x (no cancellation inside the sum); absolute error
 * about 1e-16. Basic arithmetic and dexp only, so deterministic. */
static double norm_cdf(double x)
{
    if (x < -8)
        return 0;
    if (x > 8)
        return 1;
    double term = x, sum = x, x2 = x * x;
    for (int k = 1; k < 400 && fabs(term) > 1e-17 * fabs(sum); k++) {
        term *= x2 / (2 * k + 1);
        sum += term;
    }
    return 0.5 + sum * dexp(-0.5 * x2) * 0.39894228040143267794;
}

/* Draw an index from probabilities p[0..n-1] (summing to 1). */
static int draw_cat(rng *r, const double *p, int n)
{
    double u = rng_unif(r), cum = 0;
    for (int i = 0; i < n - 1; i++) {
        cum += p[i];
        if (u < cum)
            return i;
    }
    return n - 1;
}

/* ------------------------------------------------------------------------
 * 2. The model's parameters (docs/simulator.md explains every number)
 * ------------------------------------------------------------------------ */

enum { NSECTOR = 9, NCLUSTER = 17 };

static const char *const sector_codes[NSECTOR] = {
    "gem", "gr", "hcs", "ppo", "prov", "rw", "rijk", "ws", "zbo"};
/* Table 1, 2021. */
static const unsigned sector_sent[NSECTOR] = {435, 353, 6, 97, 12,
                                              41, 331, 21, 78};
static const unsigned sector_done[NSECTOR] = {85, 110, 4, 26, 3,
                                              14, 76, 12, 36};
/* The latent climate before the sector shift: a two-component normal
 * mixture, skewed to the right like the 2021 climate scores (a large,
 * tight group of organisations with a modest climate and a wider group
 * above it), standardised to mean 0 and variance 1 (docs/simulator.md).
 * Raw components: weight 1 - LAT_P at 0 with sd LAT_S1, weight LAT_P at
 * LAT_D with sd LAT_S2. */
static const double LAT_P = 0.28, LAT_D = 1.92, LAT_S1 = 0.08, LAT_S2 = 0.73;

/* Shift of the latent climate per sector. */
static const double sector_shift[NSECTOR] = {0.0,  -0.1, 0.0,  0.05, 0.0,
                                             -0.25, 0.05, 0.2, 0.1};

static const char *const cluster_codes[NCLUSTER] = {
    "gemeente", "zbo",   "rijk_uitvoering", "cultuur",  "rijk_beleid",
    "overig",   "arbeid_sociaal", "water",  "rijk_staf", "rechtswezen",
    "infra",    "veiligheidsregio", "omgevingsdienst", "ggd", "belasting",
    "ssc",      "hcs"};

/* Respondents per sector (rows) and cluster (columns) for 366 cases: the
 * row sums are Table 1's completed counts, the column sums Table 2. */
static const unsigned table366[NSECTOR][NCLUSTER] = {
    /*        gem zbo ru cul rb ov as wat rs rw inf vr od ggd bel ssc hcs */
    /* gem */ {85, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* gr  */ {5, 0, 0, 9, 0, 19, 16, 5, 0, 0, 13, 11, 11, 9, 6, 6, 0},
    /* hcs */ {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4},
    /* ppo */ {0, 0, 0, 20, 0, 4, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* prov*/ {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0},
    /* rw  */ {0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0, 0, 0, 0, 0, 0},
    /* rijk*/ {0, 0, 32, 0, 29, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 0, 0},
    /* ws  */ {0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* zbo */ {0, 34, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
};

/* size: 1 <100, 2 100-249, 3 250-499, 4 500+, per sector. */
static const double size_probs[NSECTOR][4] = {
    {0.10, 0.35, 0.25, 0.30}, {0.45, 0.30, 0.15, 0.10},
    {0.60, 0.30, 0.10, 0.00}, {0.50, 0.30, 0.12, 0.08},
    {0.00, 0.10, 0.40, 0.50}, {0.10, 0.20, 0.30, 0.40},
    {0.10, 0.20, 0.25, 0.45}, {0.05, 0.25, 0.40, 0.30},
    {0.30, 0.25, 0.20, 0.25}};

/* Model variables: the answers the model produces, by name. */
typedef struct catspec {
    const char *name;
    int first;          /* code of the first category */
    int ncat;
    double p[5];
    double nonresp;     /* probability of item non-response */
} catspec;

static const catspec cat_items[] = {
    {"covid_production", 1, 5, {0.15, 0.27, 0.33, 0.19, 0.06}, 0.01},
    {"covid_homework", 1, 4, {0.04, 0.08, 0.17, 0.71}, 0.01},
    {"covid_facilities", 1, 4, {0.25, 0.66, 0.04, 0.05}, 0.01},
    {"origin", 1, 3, {0.30, 0.50, 0.20}, 0.01},
    {"tech_share", 1, 4, {0.05, 0.25, 0.59, 0.11}, 0.01},
    {"tech_new", 1, 4, {0.20, 0.25, 0.35, 0.20}, 0.01},
    {"strategy", 1, 5, {0.40, 0.19, 0.17, 0.10, 0.14}, 0.01},
};
enum { NCAT = sizeof cat_items / sizeof cat_items[0] };

/* Ordinal items on a latent normal: y* = loading z + sqrt(1 - loading^2) e,
 * cut at the normal quantiles of the cumulative probabilities. */
typedef struct ordspec {
    const char *name;
    double loading;
    double p[5];
    double nonresp;
} ordspec;

static const ordspec ord_items[] = {
    /* innovation climate, Likert 5 */
    {"clim_collab_external", 0.25, {0.01, 0.05, 0.20, 0.55, 0.19}, 0.015},
    {"clim_adopt_elsewhere", 0.20, {0.01, 0.06, 0.22, 0.52, 0.19}, 0.015},
    {"clim_ideas_valued", 0.78, {0.02, 0.07, 0.24, 0.50, 0.17}, 0.015},
    {"clim_citizen_perspective", 0.62, {0.02, 0.08, 0.26, 0.48, 0.16}, 0.015},
    {"clim_learn_mistakes", 0.72, {0.02, 0.08, 0.22, 0.52, 0.16}, 0.015},
    {"clim_room_experiment", 0.78, {0.02, 0.10, 0.26, 0.46, 0.16}, 0.015},
    {"clim_management_support", 0.75, {0.02, 0.07, 0.22, 0.49, 0.20}, 0.015},
    {"clim_time_resources", 0.68, {0.03, 0.12, 0.28, 0.44, 0.13}, 0.015},
    {"clim_vision", 0.62, {0.02, 0.08, 0.20, 0.50, 0.20}, 0.015},
    {"clim_recognition", 0.70, {0.02, 0.10, 0.30, 0.44, 0.14}, 0.015},
    {"clim_external_orientation", 0.60, {0.02, 0.08, 0.25, 0.48, 0.17}, 0.015},
    {"clim_knowledge_sharing", 0.70, {0.02, 0.09, 0.25, 0.48, 0.16}, 0.015},
    /* work climate, Likert 5 */
    {"work_safe_mistakes", 0.60, {0.03, 0.12, 0.25, 0.45, 0.15}, 0.01},
    {"work_improve", 0.60, {0.02, 0.08, 0.25, 0.48, 0.17}, 0.01},
    /* influence on the innovation, 1 hindering .. 5 promoting */
    {"factor_employee_contribution", 0.45, {0.01, 0.03, 0.21, 0.50, 0.25}, 0.02},
    {"factor_team_diversity", 0.40, {0.01, 0.04, 0.30, 0.47, 0.18}, 0.02},
    {"factor_internal_collab", 0.40, {0.01, 0.05, 0.27, 0.48, 0.19}, 0.02},
    {"factor_private_collab", 0.20, {0.02, 0.06, 0.45, 0.36, 0.11}, 0.02},
    {"factor_public_collab", 0.25, {0.01, 0.05, 0.44, 0.39, 0.11}, 0.02},
    {"factor_new_technology", 0.20, {0.01, 0.05, 0.34, 0.43, 0.17}, 0.02},
    {"factor_political_leadership", 0.20, {0.03, 0.09, 0.55, 0.26, 0.07}, 0.02},
    {"factor_management", 0.45, {0.02, 0.06, 0.24, 0.46, 0.22}, 0.02},
    {"factor_financial_resources", 0.20, {0.04, 0.17, 0.43, 0.29, 0.07}, 0.02},
    {"factor_legislation", 0.10, {0.05, 0.20, 0.55, 0.16, 0.04}, 0.02},
    {"factor_continuity_focus", 0.10, {0.04, 0.18, 0.50, 0.23, 0.05}, 0.02},
    {"factor_citizens", 0.15, {0.01, 0.04, 0.60, 0.27, 0.08}, 0.02},
    {"factor_volunteers", 0.10, {0.01, 0.02, 0.80, 0.13, 0.04}, 0.02},
    {"factor_umbrella_funds", 0.10, {0.01, 0.03, 0.76, 0.16, 0.04}, 0.02},
    {"factor_system_incentives", 0.20, {0.02, 0.08, 0.62, 0.23, 0.05}, 0.02},
    {"factor_research", 0.15, {0.01, 0.03, 0.66, 0.24, 0.06}, 0.02},
    {"factor_time", 0.35, {0.04, 0.18, 0.38, 0.31, 0.09}, 0.02},
    {"factor_mistakes", 0.50, {0.02, 0.08, 0.45, 0.35, 0.10}, 0.02},
};
enum { NORD = sizeof ord_items / sizeof ord_items[0] };

/* Binary answers of innovators: P(1) = logistic(a + b z + g (k - mean k))
 * with a solved so that the marginal among innovators is the target. */
typedef struct binspec {
    const char *name;
    double target;
    double b;   /* slope on the latent climate */
    double g;   /* slope on the spectrum (number of types) */
} binspec;

static const binspec bin_items[] = {
    {"driver_employees", 0.49, 0.5, 0},
    {"driver_managers", 0.32, 0.3, 0},
    {"driver_new_technology", 0.30, 0, 0},
    {"driver_other_public_orgs", 0.29, 0, 0},
    {"driver_private_companies", 0.12, 0, 0},
    {"driver_citizens", 0.15, 0, 0},
    {"driver_political", 0.15, 0, 0},
    {"driver_reorganisation", 0.10, 0, 0},
    {"driver_legislation", 0.08, 0, 0},
    {"driver_economic_pressure", 0.05, 0, 0},
    {"driver_foreign", 0.04, 0, 0},
    {"driver_other", 0.06, 0, 0},
    {"channel_employee_networks", 0.45, 0.2, 0},
    {"channel_managers", 0.30, 0.2, 0},
    {"channel_conferences_courses", 0.28, 0.2, 0},
    {"channel_visits_other_orgs", 0.22, 0.2, 0},
    {"channel_suppliers_consultants", 0.25, 0, 0},
    {"channel_media_internet", 0.30, 0, 0},
    {"channel_citizens", 0.10, 0, 0},
    {"channel_research", 0.12, 0.2, 0},
    {"channel_other", 0.06, 0, 0},
    {"collab_none", 0.07, -0.4, 0},
    {"phase_analysis", 0.45, 0, 0},
    {"phase_development", 0.60, 0, 0},
    {"phase_implementation", 0.70, 0, 0},
    {"phase_delivery", 0.20, 0, 0},
    {"dissemination", 0.60, 0.5, 0.2},
    {"fund_own_budget", 0.85, 0, 0},
    {"fund_partners", 0.20, 0, 0},
    {"fund_sector_funds", 0.10, 0, 0},
    {"fund_national_schemes", 0.12, 0, 0},
    {"fund_eu", 0.04, 0, 0},
    {"fund_not_needed", 0.08, 0, 0},
    {"fund_other", 0.05, 0, 0},
    {"result_efficiency", 0.65, 0.8, 0.35},
    {"result_quality", 0.60, 0.8, 0.35},
    {"result_employee_satisfaction", 0.42, 0.8, 0.35},
    {"result_political_goals", 0.38, 0.8, 0.35},
    {"result_citizen_influence", 0.29, 0.8, 0.35},
};
enum { NBIN = sizeof bin_items / sizeof bin_items[0] };

/* Collaboration partners, given collab_none = 0: marginal targets among
 * all innovators (divided by 1 - 0.07 for the conditional probability);
 * when none is ticked, collab_private is set (its probability is lowered
 * to keep its marginal). */
typedef struct partnerspec {
    const char *name;
    double target;
} partnerspec;

static const partnerspec partners[] = {
    {"collab_private", 0.48},
    {"collab_public_same_sector", 0.44},
    {"collab_public_other_sector", 0.34},
    {"collab_internal_units", 0.40},
    {"collab_research", 0.16},
    {"collab_citizens", 0.14},
    {"collab_volunteer_orgs", 0.06},
    {"collab_foreign", 0.09},
};
enum { NPARTNER = sizeof partners / sizeof partners[0] };

/* innovated: logistic(a + 1.0 z), marginal 0.86. */
static const double innovated_target = 0.86;
static const double innovated_slope = 1.0;
/* Spectrum k = 1..4 among innovators: ordered logit on 0.8 z. */
static const double spectrum_target[4] = {0.30, 0.28, 0.28, 0.14};
static const double spectrum_slope = 0.8;
static const double spectrum_mean = 2.26;

/* Which types, given k: type order product, service, process,
 * interaction (bits 0..3). */
enum { T_PRODUCT = 1, T_SERVICE = 2, T_PROCESS = 4, T_INTERACTION = 8 };
static const struct {
    int k;
    unsigned set;
    double p;
} type_sets[] = {
    {1, T_PROCESS, 0.45},
    {1, T_INTERACTION, 0.25},
    {1, T_SERVICE, 0.18},
    {1, T_PRODUCT, 0.12},
    {2, T_PROCESS | T_INTERACTION, 0.4155},
    {2, T_PROCESS | T_SERVICE, 0.3005},
    {2, T_PROCESS | T_PRODUCT, 0.10},
    {2, T_INTERACTION | T_SERVICE, 0.0695},
    {2, T_INTERACTION | T_PRODUCT, 0.07},
    {2, T_SERVICE | T_PRODUCT, 0.044},
    {3, T_PROCESS | T_INTERACTION | T_SERVICE, 0.45},
    {3, T_PROCESS | T_INTERACTION | T_PRODUCT, 0.25},
    {3, T_PROCESS | T_SERVICE | T_PRODUCT, 0.18},
    {3, T_INTERACTION | T_SERVICE | T_PRODUCT, 0.12},
    {4, T_PROCESS | T_INTERACTION | T_SERVICE | T_PRODUCT, 1.0},
};
enum { NTYPESET = sizeof type_sets / sizeof type_sets[0] };

static const double desc_missing = 0.08;      /* empty description */
static const double result_other_given = 0.05; /* result_other filled */

/* ------------------------------------------------------------------------
 * Open answers: templates and word lists
 * ------------------------------------------------------------------------ */

typedef struct theme {
    double weight;
    const char *const *objects;
    size_t nobjects;
    const char *const *effects;
    size_t neffects;
} theme;

static const char *const obj_digital[] = {
    "een datagedreven dashboard voor de sturing",
    "een digitaal zaaksysteem",
    "een dataplatform voor beleidsinformatie",
    "een chatbot op onze website",
    "robotisering van repeterende administratieve taken",
    "een app waarmee inwoners meldingen doen",
    "een algoritme dat aanvragen voorselecteert",
    "digitale ondertekening van documenten",
};
static const char *const eff_digital[] = {
    "Daardoor zijn gegevens sneller beschikbaar voor beleid en uitvoering.",
    "Medewerkers besteden minder tijd aan handmatige controles.",
    "De kwaliteit van de registratie is duidelijk verbeterd.",
    "De digitalisering maakt het werk efficiënter en beter controleerbaar.",
    "We gebruiken de data nu ook om risico's eerder te zien.",
};
static const char *const obj_homework[] = {
    "thuiswerken met digitale vergaderingen via Teams",
    "een hybride werkplek voor alle medewerkers",
    "online overleg met onze ketenpartners",
    "een digitaal inwerkprogramma voor nieuwe collega's",
    "een thuiswerkbeleid met aandacht voor het welzijn van medewerkers",
    "digitale teamoverleggen met een vaste structuur",
};
static const char *const eff_homework[] = {
    "Medewerkers ervaren meer flexibiliteit en minder reistijd.",
    "Overleggen zijn korter en beter voorbereid.",
    "Ook tijdens de lockdown kon het werk gewoon doorgaan.",
    "Thuiswerken en overleg op afstand zijn nu de normale manier van werken.",
    "Leidinggevenden houden beter contact met hun team, ook op afstand.",
};
static const char *const obj_service[] = {
    "een digitaal loket voor inwoners en ondernemers",
    "videobellen met cliënten",
    "een vernieuwde klantreis voor het aanvragen van een uitkering",
    "één aanspreekpunt voor ondernemers",
    "begrijpelijke brieven in eenvoudige taal",
    "een persoonlijk dossier dat burgers online kunnen inzien",
};
static const char *const eff_service[] = {
    "Burgers worden sneller en persoonlijker geholpen.",
    "De wachttijd voor inwoners is gehalveerd.",
    "Inwoners kunnen hun zaken nu ook 's avonds regelen.",
    "De dienstverlening aan burgers sluit beter aan bij hun behoeften.",
    "Klanten geven de dienstverlening een hoger rapportcijfer.",
};
static const char *const obj_chain[] = {
    "een gezamenlijk ketenoverleg met zorgpartners",
    "een regionaal samenwerkingsverband voor handhaving",
    "gedeelde informatie-uitwisseling tussen gemeenten en politie",
    "een wijkteam samen met ketenpartners",
    "een gezamenlijke coördinatie van de aanpak van schulden",
};
static const char *const eff_chain[] = {
    "Partners in de keten weten beter wat ze van elkaar kunnen verwachten.",
    "Signalen worden eerder opgepakt en overdrachten verlopen soepeler.",
    "De samenwerking in de keten is hechter geworden.",
    "Door de samenwerking voorkomen we dubbel werk tussen organisaties.",
};
static const char *const obj_green[] = {
    "zonnepanelen op onze eigen gebouwen",
    "elektrische dienstauto's",
    "circulair inkopen als vaste werkwijze",
    "een warmteplan voor de wijk",
    "een klimaatbestendige inrichting van de openbare ruimte",
    "hergebruik van materialen bij het onderhoud van dijken",
};
static const char *const eff_green[] = {
    "De CO₂-uitstoot van de organisatie is gedaald.",
    "We dragen zo bij aan de energietransitie in de regio.",
    "Duurzaamheid is nu een vast onderdeel van onze afwegingen.",
    "Het energieverbruik is met een vijfde gedaald.",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
static const theme themes[] = {
    {0.30, obj_digital, NELEM(obj_digital), eff_digital, NELEM(eff_digital)},
    {0.20, obj_homework, NELEM(obj_homework), eff_homework,
     NELEM(eff_homework)},
    {0.22, obj_service, NELEM(obj_service), eff_service, NELEM(eff_service)},
    {0.16, obj_chain, NELEM(obj_chain), eff_chain, NELEM(eff_chain)},
    {0.12, obj_green, NELEM(obj_green), eff_green, NELEM(eff_green)},
};
enum { NTHEME = NELEM(themes) };

static const char *const openers[] = {
    "We hebben", "Onze organisatie heeft", "Samen met partners hebben we",
    "In 2020 hebben we", "Het afgelopen jaar hebben we"};
static const char *const verbs[] = {"ingevoerd", "ontwikkeld",
                                    "in gebruik genomen", "uitgerold",
                                    "geïntroduceerd"};
static const char *const closers[] = {
    "Het idee kwam van medewerkers zelf.",
    "Andere organisaties hebben de werkwijze inmiddels overgenomen.",
    "We evalueren de resultaten dit jaar.",
    "De coronacrisis heeft de invoering versneld.",
    "Het management heeft het project vanaf het begin gesteund.",
    "We zijn klein begonnen met een pilot en hebben daarna opgeschaald.",
};
/* Sentences that carry each theme's own words (digitaal, data;
 * thuiswerken, overleg; ...) in varied company, so that a theme is found
 * by the words its answers share rather than by one repeated sentence
 * (docs/text-mining.md). Drawn from their own stream (STREAM_TEXT): the
 * other columns keep their values. Indexed as themes[]. */
static const char *const say_digital[] = {
    "Alle gegevens staan nu digitaal in één systeem.",
    "We werken meer met data bij het nemen van besluiten.",
    "Digitaal werken en goede data zijn daarbij de basis.",
    "Met data uit het systeem sturen we beter op resultaten.",
    "Het digitale proces vervangt de papieren formulieren.",
    "De data worden nu automatisch en digitaal verwerkt.",
    "Een digitaal archief maakt de data beter vindbaar.",
    "Digitale hulpmiddelen helpen bij de analyse van data.",
};
static const char *const say_homework[] = {
    "Thuiswerken is voor veel collega's de gewone praktijk geworden.",
    "Het overleg gebeurt nu vaak online of hybride.",
    "Door het thuiswerken is het overleg anders georganiseerd.",
    "Online overleg bespaart reistijd en thuiswerken geeft rust.",
    "Thuiswerken vraagt om goede afspraken over overleg.",
    "Het wekelijkse overleg is online en korter.",
    "Tijdens de lockdown werd thuiswerken de norm.",
    "Overleg op afstand en thuiswerken gaan nu samen.",
};
static const char *const say_service[] = {
    "Inwoners kunnen hun zaken eenvoudiger regelen.",
    "De dienstverlening aan burgers is persoonlijker geworden.",
    "Burgers en inwoners krijgen sneller antwoord op hun vragen.",
    "De dienstverlening is ingericht vanuit het perspectief van inwoners.",
    "Burgers waarderen de nieuwe dienstverlening.",
    "Inwoners voelen zich beter gehoord door de dienstverlening.",
};
static const char *const say_chain[] = {
    "De samenwerking met ketenpartners is verbeterd.",
    "In de keten delen we nu informatie en verantwoordelijkheid.",
    "Ketenpartners stemmen hun aanpak beter op elkaar af.",
    "De samenwerking in de keten loopt soepeler.",
    "We zoeken de samenwerking met ketenpartners actief op.",
    "Een vaste samenwerking in de keten voorkomt dubbel werk.",
};
static const char *const say_green[] = {
    "Duurzaamheid staat hoger op de agenda.",
    "We besparen energie en verminderen de uitstoot.",
    "Het project draagt bij aan de klimaatdoelen en aan duurzaamheid.",
    "De energierekening is lager dankzij de duurzame aanpak.",
    "Energie en duurzaamheid zijn vaste onderdelen van het beleid.",
    "Duurzaam werken bespaart energie en grondstoffen.",
};
static const struct {
    const char *const *say;
    size_t nsay;
} theme_words[] = {
    {say_digital, sizeof say_digital / sizeof *say_digital},
    {say_homework, sizeof say_homework / sizeof *say_homework},
    {say_service, sizeof say_service / sizeof *say_service},
    {say_chain, sizeof say_chain / sizeof *say_chain},
    {say_green, sizeof say_green / sizeof *say_green},
};
static const char *const text_openers[] = {
    "We hebben", "Onze organisatie heeft", "In 2020 hebben we",
    "Het afgelopen jaar hebben we"};

static const char *const other_results[] = {
    "Meer vertrouwen van inwoners.",
    "Betere samenwerking tussen afdelingen.",
    "Minder papiergebruik.",
    "Meer zicht op wat er in de regio speelt.",
    "Meer plezier in het werk.",
};

/* ------------------------------------------------------------------------
 * 3. Calibration
 * ------------------------------------------------------------------------ */

enum { GRID_N = 601 };     /* z from -6 to 6 in steps of 0.02 */

typedef struct model {
    double a_innovated;
    double spec_cut[3];            /* ordered-logit cut points */
    double a_bin[NBIN];
    double q_partner[NPARTNER];    /* conditional on collab_none = 0 */
    double ord_cut[NORD][4];
    double type_cum[4][8];         /* cumulative P(set | k), by k */
    int type_idx[4][8];
    int type_n[4];
    int collab_none;               /* index in bin_items, or -1 */
    double lat_w[2];               /* latent mixture, standardised: */
    double lat_mu[2];              /*   weights, means and sds */
    double lat_sd[2];
} model;

typedef struct grid {
    double z[GRID_N];
    double w_inn[GRID_N];          /* density x P(innovated), normalised */
    double pk[GRID_N][4];          /* P(k | z) */
} grid;

/* P(k = 1..4 | z) from the cut points. */
static void spectrum_probs(const model *m, double z, double *pk)
{
    double prev = 0;
    for (int j = 0; j < 3; j++) {
        double cum = logistic(m->spec_cut[j] - spectrum_slope * z);
        pk[j] = cum - prev;
        prev = cum;
    }
    pk[3] = 1 - prev;
}

/* Solve f(a) = target by bisection on [-15, 15]; f increasing. */
typedef double (*mean_fn)(const void *ctx, double a);

static double solve(mean_fn f, const void *ctx, double target)
{
    double lo = -15, hi = 15;
    for (int i = 0; i < 50; i++) {
        double mid = 0.5 * (lo + hi);
        if (f(ctx, mid) < target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

typedef struct cal_ctx {
    const grid *g;
    const double *w;    /* weights over the grid (sum 1) */
    double b, gk;       /* slope on z, slope on k - mean */
} cal_ctx;

static double mean_bin(const void *vctx, double a)
{
    const cal_ctx *c = vctx;
    double sum = 0;
    for (int i = 0; i < GRID_N; i++) {
        double p = 0;
        if (c->gk == 0) {
            p = logistic(a + c->b * c->g->z[i]);
        } else {
            for (int k = 0; k < 4; k++)
                p += c->g->pk[i][k] *
                     logistic(a + c->b * c->g->z[i] +
                              c->gk * (k + 1 - spectrum_mean));
        }
        sum += c->w[i] * p;
    }
    return sum;
}

static double mean_cut(const void *vctx, double a)
{
    const cal_ctx *c = vctx;
    double sum = 0;
    for (int i = 0; i < GRID_N; i++)
        sum += c->w[i] * logistic(a - spectrum_slope * c->g->z[i]);
    return sum;
}

/* P(y* <= c) for an ordinal item, y* = loading z + sqrt(1 - loading^2) e,
 * z the latent mixture shifted by sector (weights Table 1's completed
 * counts): a mixture of normals, so exact up to norm_cdf's error. */
typedef struct ord_ctx {
    const model *m;
    double loading;
    double pi_total;
} ord_ctx;

static double mean_ord(const void *vctx, double c)
{
    const ord_ctx *o = vctx;
    const model *m = o->m;
    double l = o->loading, sum = 0;
    for (int s = 0; s < NSECTOR; s++)
        for (int k = 0; k < 2; k++) {
            double mu = l * (m->lat_mu[k] + sector_shift[s]);
            double sd = sqrt(l * l * m->lat_sd[k] * m->lat_sd[k] + 1 - l * l);
            sum += sector_done[s] / o->pi_total * m->lat_w[k] *
                   norm_cdf((c - mu) / sd);
        }
    return sum;
}

/* Fill m: every intercept and cut point solved from the targets. Pure
 * arithmetic on the grid, so the same on every machine. g is scratch. */
static void calibrate(model *m, grid *g)
{
    double w_all[GRID_N], total = 0;
    double pi_total = 0;
    for (int s = 0; s < NSECTOR; s++)
        pi_total += sector_done[s];

    /* The latent mixture, standardised. */
    double mean = LAT_P * LAT_D;
    double var = (1 - LAT_P) * LAT_S1 * LAT_S1 + LAT_P * LAT_S2 * LAT_S2 +
                 LAT_P * (1 - LAT_P) * LAT_D * LAT_D;
    double sd = sqrt(var);
    m->lat_w[0] = 1 - LAT_P;
    m->lat_w[1] = LAT_P;
    m->lat_mu[0] = (0 - mean) / sd;
    m->lat_mu[1] = (LAT_D - mean) / sd;
    m->lat_sd[0] = LAT_S1 / sd;
    m->lat_sd[1] = LAT_S2 / sd;

    for (int i = 0; i < GRID_N; i++) {
        double z = -6.0 + 0.02 * i;
        g->z[i] = z;
        double dens = 0;
        for (int s = 0; s < NSECTOR; s++)
            for (int c = 0; c < 2; c++) {
                double d = (z - sector_shift[s] - m->lat_mu[c]) /
                           m->lat_sd[c];
                dens += sector_done[s] / pi_total * m->lat_w[c] /
                        m->lat_sd[c] * dexp(-0.5 * d * d);
            }
        w_all[i] = dens;
        total += dens;
    }
    for (int i = 0; i < GRID_N; i++)
        w_all[i] /= total;

    cal_ctx c = {.g = g, .w = w_all, .b = innovated_slope};
    m->a_innovated = solve(mean_bin, &c, innovated_target);

    total = 0;
    for (int i = 0; i < GRID_N; i++) {
        g->w_inn[i] =
            w_all[i] * logistic(m->a_innovated + innovated_slope * g->z[i]);
        total += g->w_inn[i];
    }
    for (int i = 0; i < GRID_N; i++)
        g->w_inn[i] /= total;

    double cum = 0;
    for (int j = 0; j < 3; j++) {
        cum += spectrum_target[j];
        cal_ctx cc = {.g = g, .w = g->w_inn};
        m->spec_cut[j] = solve(mean_cut, &cc, cum);
    }
    for (int i = 0; i < GRID_N; i++)
        spectrum_probs(m, g->z[i], g->pk[i]);

    for (int j = 0; j < NBIN; j++) {
        cal_ctx cb = {.g = g, .w = g->w_inn, .b = bin_items[j].b,
                      .gk = bin_items[j].g};
        m->a_bin[j] = solve(mean_bin, &cb, bin_items[j].target);
    }

    /* Partners: conditional probabilities; private absorbs "none ticked". */
    double keep = 1;
    m->collab_none = -1;
    for (int j = 0; j < NBIN; j++)
        if (strcmp(bin_items[j].name, "collab_none") == 0) {
            keep = 1 - bin_items[j].target;
            m->collab_none = j;
        }
    double zero_others = 1;
    for (int j = 0; j < NPARTNER; j++) {
        m->q_partner[j] = partners[j].target / keep;
        if (j > 0)
            zero_others *= 1 - m->q_partner[j];
    }
    m->q_partner[0] = (m->q_partner[0] - zero_others) / (1 - zero_others);

    for (int j = 0; j < NORD; j++) {
        double cp = 0;
        ord_ctx oc = {.m = m, .loading = ord_items[j].loading,
                      .pi_total = pi_total};
        for (int k = 0; k < 4; k++) {
            cp += ord_items[j].p[k];
            m->ord_cut[j][k] = solve(mean_ord, &oc, cp);
        }
    }

    for (int k = 0; k < 4; k++) {
        m->type_n[k] = 0;
        double tc = 0;
        for (int t = 0; t < NTYPESET; t++) {
            if (type_sets[t].k != k + 1)
                continue;
            tc += type_sets[t].p;
            m->type_cum[k][m->type_n[k]] = tc;
            m->type_idx[k][m->type_n[k]] = t;
            m->type_n[k]++;
        }
    }
}

/* ------------------------------------------------------------------------
 * 4. The plan: counts per sector and cluster, and who responds
 * ------------------------------------------------------------------------ */

/* Largest remainder: split total over n parts in proportion to w[], ties
 * to the lower index. Exact integer arithmetic. */
static void largest_remainder(uint64_t total, const unsigned *w, int n,
                              size_t *out)
{
    uint64_t wsum = 0;
    for (int i = 0; i < n; i++)
        wsum += w[i];
    uint64_t rem[NCLUSTER > NSECTOR ? NCLUSTER : NSECTOR];
    uint64_t given = 0;
    for (int i = 0; i < n; i++) {
        out[i] = wsum ? (size_t)(total * w[i] / wsum) : 0;
        rem[i] = wsum ? total * w[i] % wsum : 0;
        given += out[i];
    }
    while (given < total) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (w[i] > 0 && (best < 0 || rem[i] > rem[best]))
                best = i;
        if (best < 0)
            break;
        out[best]++;
        rem[best] = 0;
        given++;
    }
}

typedef struct plan {
    size_t cases;
    size_t frame;
    size_t resp[NSECTOR][NCLUSTER];
    size_t nonresp[NSECTOR][NCLUSTER];
    int id_width;
} plan;

/* One augmenting path of the controlled rounding: from a row with a
 * residual, over cells (row -> column adds one; column -> row removes an
 * added one), to a column with a residual. Only plausible cells (those
 * with table366 > 0) are used. Returns whether a path was applied. */
static bool augment(size_t x[NSECTOR][NCLUSTER],
                    size_t fl[NSECTOR][NCLUSTER], size_t *rres,
                    size_t *cres)
{
    int row_from[NSECTOR], col_from[NCLUSTER];
    bool row_seen[NSECTOR] = {false}, col_seen[NCLUSTER] = {false};
    int queue[NSECTOR], qh = 0, qt = 0;
    for (int s = 0; s < NSECTOR; s++)
        if (rres[s] > 0) {
            row_seen[s] = true;
            row_from[s] = -1;
            queue[qt++] = s;
        }
    while (qh < qt) {
        int s = queue[qh++];
        for (int c = 0; c < NCLUSTER; c++) {
            if (col_seen[c] || table366[s][c] == 0)
                continue;
            col_seen[c] = true;
            col_from[c] = s;
            if (cres[c] > 0) {
                /* apply the path backwards: add on (row, col) edges,
                 * remove on (col, row) edges */
                int cc = c;
                for (;;) {
                    int ss = col_from[cc];
                    x[ss][cc]++;
                    if (row_from[ss] < 0) {
                        rres[ss]--;
                        cres[c]--;
                        return true;
                    }
                    cc = row_from[ss];
                    x[ss][cc]--;
                }
            }
            for (int s2 = 0; s2 < NSECTOR; s2++)
                if (!row_seen[s2] && x[s2][c] > fl[s2][c]) {
                    row_seen[s2] = true;
                    row_from[s2] = c;
                    queue[qt++] = s2;
                }
        }
    }
    return false;
}

typedef struct cell_order {
    int s, c;
    uint64_t rem;
} cell_order;

static int cmp_cells(const void *pa, const void *pb)
{
    const cell_order *a = pa, *b = pb;
    if (a->rem != b->rem)
        return a->rem > b->rem ? -1 : 1;
    int ia = a->s * NCLUSTER + a->c, ib = b->s * NCLUSTER + b->c;
    return (ia > ib) - (ia < ib);
}

/* The counts for n cases: respondents per sector and per cluster are the
 * largest-remainder scalings of Tables 1 and 2 (exact for 366), and the
 * sector x cluster cells a controlled rounding of table366 that meets both
 * margins; non-respondents per sector are Table 1's (sent - completed)
 * scaled to frame - cases, spread over the sector's clusters. */
static void plan_make(plan *p, size_t n)
{
    *p = (plan){.cases = n};
    size_t rsec[NSECTOR], rclu[NCLUSTER];
    unsigned clu_w[NCLUSTER] = {0};
    for (int s = 0; s < NSECTOR; s++)
        for (int c = 0; c < NCLUSTER; c++)
            clu_w[c] += table366[s][c];
    largest_remainder(n, sector_done, NSECTOR, rsec);
    largest_remainder(n, clu_w, NCLUSTER, rclu);

    size_t fl[NSECTOR][NCLUSTER];
    size_t rres[NSECTOR], cres[NCLUSTER];
    memcpy(rres, rsec, sizeof rres);
    memcpy(cres, rclu, sizeof cres);
    cell_order order[NSECTOR * NCLUSTER];
    int norder = 0;
    for (int s = 0; s < NSECTOR; s++)
        for (int c = 0; c < NCLUSTER; c++) {
            uint64_t q = (uint64_t)n * table366[s][c];
            fl[s][c] = (size_t)(q / 366);
            p->resp[s][c] = fl[s][c];
            rres[s] -= fl[s][c];
            cres[c] -= fl[s][c];
            if (q % 366)
                order[norder++] = (cell_order){s, c, q % 366};
        }
    qsort(order, (size_t)norder, sizeof order[0], cmp_cells);
    for (int i = 0; i < norder; i++) {
        int s = order[i].s, c = order[i].c;
        if (rres[s] > 0 && cres[c] > 0) {
            p->resp[s][c]++;
            rres[s]--;
            cres[c]--;
        }
    }
    /* Meet the remaining row residuals by augmenting paths over plausible
     * cells. When a block of sectors and clusters (rijk, say) has rounded
     * row and column totals that differ, no such path exists: the sector
     * count wins and the block's remaining cases go to its cells with the
     * largest remainders, so a cluster may be off its scaled count by
     * one or two. */
    while (augment(p->resp, fl, rres, cres))
        ;
    for (int s = 0; s < NSECTOR; s++)
        while (rres[s] > 0) {
            int best = -1;
            uint64_t best_rem = 0;
            for (int c = 0; c < NCLUSTER; c++) {
                if (table366[s][c] == 0)
                    continue;
                uint64_t rem = (uint64_t)n * table366[s][c] % 366 + 1;
                if (cres[c] > 0)
                    rem += 366;
                if (best < 0 || rem > best_rem) {
                    best = c;
                    best_rem = rem;
                }
            }
            p->resp[s][best]++;
            rres[s]--;
            if (cres[best] > 0)
                cres[best]--;
        }

    p->frame = (size_t)(((uint64_t)n * 2 * 1374 + 366) / (2 * 366));
    unsigned nr_w[NSECTOR];
    for (int s = 0; s < NSECTOR; s++)
        nr_w[s] = sector_sent[s] - sector_done[s];
    size_t nrsec[NSECTOR];
    largest_remainder(p->frame - n, nr_w, NSECTOR, nrsec);
    for (int s = 0; s < NSECTOR; s++)
        largest_remainder(nrsec[s], table366[s], NCLUSTER, p->nonresp[s]);

    p->id_width = 5;
    for (size_t f = p->frame / 100000; f > 0; f /= 10)
        p->id_width++;
}

typedef bar_status (*org_fn)(void *ctx, size_t orgno, int s, int c,
                             bool responds, bar_error *err);

/* Visit every organisation of the frame in org_id order (sector by
 * sector, cluster by cluster); within a cell the respondents are a
 * selection sample (Knuth's algorithm S) of exactly resp[s][c]. */
static bar_status plan_walk(const plan *p, uint64_t seed, org_fn fn,
                            void *ctx, bar_error *err)
{
    size_t orgno = 1;
    for (int s = 0; s < NSECTOR; s++)
        for (int c = 0; c < NCLUSTER; c++) {
            size_t need = p->resp[s][c];
            size_t total = need + p->nonresp[s][c];
            rng r;
            rng_seed(&r, seed, STREAM_SELECT, (uint64_t)(s * NCLUSTER + c));
            for (size_t t = 0; t < total; t++, orgno++) {
                bool pick = (double)(total - t) * rng_unif(&r) <
                            (double)need;
                if (pick)
                    need--;
                bar_status rc = fn(ctx, orgno, s, c, pick, err);
                if (rc != BAR_OK)
                    return rc;
            }
        }
    return BAR_OK;
}

/* ------------------------------------------------------------------------
 * 5. One case
 * ------------------------------------------------------------------------ */

/* What produces a column. */
enum {
    SRC_GENERIC = 0, /* an asked variable the model does not know */
    SRC_SKIP,        /* derived, or a frame variable we do not fill */
    SRC_ORG_ID,
    SRC_WAVE,
    SRC_SECTOR,
    SRC_CLUSTER,
    SRC_SIZE,
    SRC_INNOVATED,
    SRC_DESC,
    SRC_RESULT_OTHER,
    SRC_TYPE = 16,   /* + bit number */
    SRC_CAT = 32,    /* + index into cat_items */
    SRC_ORD = 64,    /* + index into ord_items */
    SRC_BIN = 128,   /* + index into bin_items */
    SRC_PARTNER = 192 /* + index into partners */
};

static const char *const type_names[4] = {"type_product", "type_service",
                                          "type_process",
                                          "type_interaction"};

typedef struct sim {
    const bar_instrument *ins;
    uint64_t seed;
    int wave;
    model m;
    plan p;
    size_t ncols;
    int *src;                  /* per column; owned */
    double *row;               /* scratch, ncols; owned */
    long sector_pos[NSECTOR];  /* instrument code index of our codes */
    long cluster_pos[NCLUSTER];
} sim;

typedef struct answers {
    double z;
    double size;
    double innovated;
    double types[4];
    double cat[NCAT];
    double bin[NBIN];
    double partner[NPARTNER];
    double ord[NORD];
    char desc[1024];
    bool has_desc;
    const char *result_other;
} answers;

/* Append a formatted piece to a fixed buffer (truncating safely). */
static void put(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* The draws of the first simulator's description (kept so that every
 * later draw of the case, and so every other column, is as it was); the
 * theme drawn. The text it wrote is no longer used. */
static int describe_draws(rng *r, int s, char *buf, size_t cap)
{
    double w[NTHEME];
    for (int t = 0; t < NTHEME; t++)
        w[t] = themes[t].weight;
    if (strcmp(sector_codes[s], "ws") == 0) { /* water boards: greener */
        w[4] += 0.2;
        w[0] -= 0.2;
    }
    int ti = draw_cat(r, w, NTHEME);
    const theme *th = &themes[ti];
    buf[0] = '\0';
    put(buf, cap, "%s %s %s.", openers[rng_below(r, NELEM(openers))],
        th->objects[rng_below(r, th->nobjects)],
        verbs[rng_below(r, NELEM(verbs))]);
    if (rng_unif(r) < 0.7)
        put(buf, cap, " %s", th->effects[rng_below(r, th->neffects)]);
    if (rng_unif(r) < 0.4)
        put(buf, cap, " %s", closers[rng_below(r, NELEM(closers))]);
    return ti;
}

/* The description of case orgno on theme ti, from its own stream: what
 * was introduced, one or two sentences in the theme's own words, often
 * an effect, sometimes a remark any innovation could get. */
static void describe(uint64_t seed, size_t orgno, int ti, char *buf,
                     size_t cap)
{
    rng r;
    rng_seed(&r, seed, STREAM_TEXT, orgno);
    const theme *th = &themes[ti];
    const char *const *say = theme_words[ti].say;
    size_t nsay = theme_words[ti].nsay;
    buf[0] = '\0';
    put(buf, cap, "%s %s %s.",
        text_openers[rng_below(&r, NELEM(text_openers))],
        th->objects[rng_below(&r, th->nobjects)],
        verbs[rng_below(&r, NELEM(verbs))]);
    size_t first = rng_below(&r, nsay);
    put(buf, cap, " %s", say[first]);
    if (rng_unif(&r) < 0.5)
        put(buf, cap, " %s", say[(first + 1 + rng_below(&r, nsay - 1)) %
                                 nsay]);
    if (rng_unif(&r) < 0.5)
        put(buf, cap, " %s", th->effects[rng_below(&r, th->neffects)]);
    if (rng_unif(&r) < 0.2)
        put(buf, cap, " %s", closers[rng_below(&r, NELEM(closers))]);
}

/* Every answer of one organisation, in a fixed order of draws; whether a
 * question is asked is decided later, from the instrument's routing. */
static void draw_answers(const sim *S, size_t orgno, int s, answers *a)
{
    const model *m = &S->m;
    rng r;
    rng_seed(&r, S->seed, STREAM_CASE, orgno);

    int comp = rng_unif(&r) < m->lat_w[1] ? 1 : 0;
    a->z = m->lat_mu[comp] + m->lat_sd[comp] * rng_normal(&r) +
           sector_shift[s];
    double z = a->z;
    a->size = 1 + draw_cat(&r, size_probs[s], 4);
    if (rng_unif(&r) < 0.005)
        a->size = NAN;
    for (int j = 0; j < NCAT; j++) {
        a->cat[j] = cat_items[j].first +
                    draw_cat(&r, cat_items[j].p, cat_items[j].ncat);
        if (rng_unif(&r) < cat_items[j].nonresp)
            a->cat[j] = NAN;
    }
    a->innovated =
        rng_unif(&r) < logistic(m->a_innovated + innovated_slope * z) ? 1 : 0;

    double pk[4];
    spectrum_probs(m, z, pk);
    int k = 1 + draw_cat(&r, pk, 4);
    double u = rng_unif(&r);
    int pick = m->type_idx[k - 1][m->type_n[k - 1] - 1];
    for (int i = 0; i < m->type_n[k - 1]; i++)
        if (u < m->type_cum[k - 1][i]) {
            pick = m->type_idx[k - 1][i];
            break;
        }
    for (int t = 0; t < 4; t++)
        a->types[t] = (type_sets[pick].set >> t) & 1u ? 1 : 0;

    int none = m->collab_none;
    for (int j = 0; j < NBIN; j++) {
        double x = m->a_bin[j] + bin_items[j].b * z +
                   bin_items[j].g * (k - spectrum_mean);
        a->bin[j] = rng_unif(&r) < logistic(x) ? 1 : 0;
    }
    bool any = false;
    for (int j = 0; j < NPARTNER; j++) {
        a->partner[j] = rng_unif(&r) < m->q_partner[j] ? 1 : 0;
        any = any || a->partner[j] == 1;
    }
    if (none >= 0 && a->bin[none] == 1)
        for (int j = 0; j < NPARTNER; j++)
            a->partner[j] = 0;
    else if (!any)
        a->partner[0] = 1;

    for (int j = 0; j < NORD; j++) {
        double l = ord_items[j].loading;
        double y = l * z + sqrt(1 - l * l) * rng_normal(&r);
        int v = 1;
        for (int c = 0; c < 4; c++)
            if (y > m->ord_cut[j][c])
                v++;
        a->ord[j] = v;
        if (rng_unif(&r) < ord_items[j].nonresp)
            a->ord[j] = NAN;
    }

    a->has_desc = rng_unif(&r) >= desc_missing;
    if (a->has_desc) {
        int ti = describe_draws(&r, s, a->desc, sizeof a->desc);
        describe(S->seed, orgno, ti, a->desc, sizeof a->desc);
    }
    a->result_other = NULL;
    if (rng_unif(&r) < result_other_given)
        a->result_other = other_results[rng_below(&r, NELEM(other_results))];
}

/* A value for an asked variable the model does not know: uniform over a
 * single question's codes, 0/1 with P(1) = 0.25 for an option, else
 * missing. */
static double generic_value(const bar_variable *v, rng *r)
{
    switch (bar_var_type_of(v)) {
    case BAR_VAR_SINGLE: {
        size_t n = bar_var_ncodes(v);
        return n ? (double)bar_var_code(v, rng_below(r, n)) : NAN;
    }
    case BAR_VAR_BINARY:
        return rng_unif(r) < 0.25 ? 1 : 0;
    default:
        return NAN;
    }
}

/* Write one responding organisation into row `row` of ds. */
static bar_status put_case(sim *S, bar_dataset *ds, size_t row, size_t orgno,
                           int s, int c, bar_error *err)
{
    answers a;
    draw_answers(S, orgno, s, &a);
    rng gen; /* for variables the model does not know */
    rng_seed(&gen, S->seed, STREAM_CASE, orgno ^ UINT64_C(0x8000000000000000));
    char id[32];
    snprintf(id, sizeof id, BAR_DATASET_SIMULATED_PREFIX "%0*zu",
             S->p.id_width, orgno);

    double *vals = S->row;
    for (size_t i = 0; i < S->ncols; i++)
        vals[i] = NAN;
    for (size_t i = 0; i < S->ncols; i++) {
        const bar_variable *v = bar_instrument_var(S->ins, i);
        int src = S->src[i];
        const char *str = NULL;
        double x = NAN;
        if (src == SRC_SKIP)
            continue;
        if (src == SRC_ORG_ID) {
            str = id;
        } else if (src == SRC_WAVE) {
            x = S->wave;
        } else if (src == SRC_SECTOR) {
            x = (double)S->sector_pos[s];
        } else if (src == SRC_CLUSTER) {
            x = (double)S->cluster_pos[c];
        } else if (!bar_var_asked(v, vals)) {
            continue;
        } else if (src == SRC_GENERIC) {
            x = generic_value(v, &gen);
        } else if (src == SRC_SIZE) {
            x = a.size;
        } else if (src == SRC_INNOVATED) {
            x = a.innovated;
        } else if (src == SRC_DESC) {
            str = a.has_desc ? a.desc : NULL;
        } else if (src == SRC_RESULT_OTHER) {
            str = a.result_other;
        } else if (src >= SRC_PARTNER) {
            x = a.partner[src - SRC_PARTNER];
        } else if (src >= SRC_BIN) {
            x = a.bin[src - SRC_BIN];
        } else if (src >= SRC_ORD) {
            x = a.ord[src - SRC_ORD];
        } else if (src >= SRC_CAT) {
            x = a.cat[src - SRC_CAT];
        } else if (src >= SRC_TYPE) {
            x = a.types[src - SRC_TYPE];
        }
        if (str) {
            bar_status rc = bar_dataset_set_str(ds, row, i, str);
            if (rc != BAR_OK)
                return bar_error_set(err, rc, "simulate: out of memory");
        } else if (!isnan(x)) {
            vals[i] = x;
            bar_dataset_set(ds, row, i, x);
        }
    }
    return BAR_OK;
}

/* Check that variable v can hold what the model writes into it. */
static bool fits(const bar_variable *v, int src)
{
    bar_var_type t = bar_var_type_of(v);
    if (src == SRC_ORG_ID)
        return t == BAR_VAR_ID;
    if (src == SRC_WAVE)
        return t == BAR_VAR_INTEGER;
    if (src == SRC_SECTOR || src == SRC_CLUSTER)
        return t == BAR_VAR_CATEGORY;
    if (src == SRC_DESC || src == SRC_RESULT_OTHER)
        return t == BAR_VAR_TEXT;
    int lo = 0, hi = 0;
    if (src == SRC_SIZE) {
        lo = 1, hi = 4;
    } else if (src == SRC_INNOVATED || (src >= SRC_TYPE && src < SRC_CAT) ||
               src >= SRC_BIN) {
        if (t == BAR_VAR_BINARY)
            return true;
        lo = 0, hi = 1;
    } else if (src >= SRC_ORD) {
        lo = 1, hi = 5;
    } else if (src >= SRC_CAT) {
        lo = cat_items[src - SRC_CAT].first;
        hi = lo + cat_items[src - SRC_CAT].ncat - 1;
    }
    if (t != BAR_VAR_SINGLE)
        return false;
    for (int code = lo; code <= hi; code++)
        if (bar_var_code_pos(v, code) < 0)
            return false;
    return true;
}

static int source_of(const bar_variable *v)
{
    const char *name = bar_var_name(v);
    bar_var_role role = bar_var_role_of(v);
    if (role == BAR_ROLE_DERIVED)
        return SRC_SKIP;
    if (role == BAR_ROLE_FRAME) {
        if (strcmp(name, "org_id") == 0)
            return SRC_ORG_ID;
        if (strcmp(name, "wave") == 0)
            return SRC_WAVE;
        if (strcmp(name, "sector") == 0)
            return SRC_SECTOR;
        if (strcmp(name, "cluster") == 0)
            return SRC_CLUSTER;
        return SRC_SKIP;
    }
    if (strcmp(name, "size") == 0)
        return SRC_SIZE;
    if (strcmp(name, "innovated") == 0)
        return SRC_INNOVATED;
    if (strcmp(name, "description") == 0)
        return SRC_DESC;
    if (strcmp(name, "result_other") == 0)
        return SRC_RESULT_OTHER;
    for (int t = 0; t < 4; t++)
        if (strcmp(name, type_names[t]) == 0)
            return SRC_TYPE + t;
    for (int j = 0; j < NCAT; j++)
        if (strcmp(name, cat_items[j].name) == 0)
            return SRC_CAT + j;
    for (int j = 0; j < NORD; j++)
        if (strcmp(name, ord_items[j].name) == 0)
            return SRC_ORD + j;
    for (int j = 0; j < NBIN; j++)
        if (strcmp(name, bin_items[j].name) == 0)
            return SRC_BIN + j;
    for (int j = 0; j < NPARTNER; j++)
        if (strcmp(name, partners[j].name) == 0)
            return SRC_PARTNER + j;
    return SRC_GENERIC;
}

static void sim_clear(sim *S)
{
    free(S->src);
    free(S->row);
    S->src = NULL;
    S->row = NULL;
}

/* Prepare a simulation: check the options and the instrument, calibrate
 * the model, make the plan. On failure S holds nothing to free. */
static bar_status sim_init(sim *S, const bar_instrument *ins,
                           const bar_sim_opts *opts, bar_error *err)
{
    bar_status rc = BAR_OK;
    *S = (sim){.ins = ins};
    if (!ins) {
        rc = bar_error_set(err, BAR_EUSAGE, "simulate: no instrument");
        goto cleanup;
    }
    size_t cases = opts && opts->cases ? opts->cases : 366;
    if (cases > BAR_DATASET_MAX_ROWS) {
        rc = bar_error_set(err, BAR_EUSAGE,
                           "simulate: %zu cases is more than the %d a "
                           "dataset holds",
                           cases, (int)BAR_DATASET_MAX_ROWS);
        goto cleanup;
    }
    S->seed = opts ? opts->seed : 0;
    S->wave = opts && opts->wave ? opts->wave : bar_instrument_wave(ins);

    S->ncols = bar_instrument_nvars(ins);
    S->src = calloc(S->ncols ? S->ncols : 1, sizeof *S->src);
    S->row = calloc(S->ncols ? S->ncols : 1, sizeof *S->row);
    if (!S->src || !S->row) {
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    bool have[SRC_CLUSTER + 1] = {false};
    for (size_t i = 0; i < S->ncols; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        S->src[i] = source_of(v);
        if (S->src[i] <= SRC_CLUSTER)
            have[S->src[i]] = true;
        if (S->src[i] > SRC_SKIP && !fits(v, S->src[i])) {
            rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0, bar_var_name(v),
                              "the simulator cannot fill this variable: its "
                              "type or codes differ from the codebook's");
            goto cleanup;
        }
        if (S->src[i] == SRC_SECTOR)
            for (int s = 0; s < NSECTOR; s++)
                if ((S->sector_pos[s] =
                         bar_var_code_find(v, sector_codes[s])) < 0) {
                    rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0,
                                      "sector", "code '%s' is missing",
                                      sector_codes[s]);
                    goto cleanup;
                }
        if (S->src[i] == SRC_CLUSTER)
            for (int c = 0; c < NCLUSTER; c++)
                if ((S->cluster_pos[c] =
                         bar_var_code_find(v, cluster_codes[c])) < 0) {
                    rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0,
                                      "cluster", "code '%s' is missing",
                                      cluster_codes[c]);
                    goto cleanup;
                }
    }
    const char *required[] = {[SRC_ORG_ID] = "org_id",
                              [SRC_SECTOR] = "sector",
                              [SRC_CLUSTER] = "cluster"};
    for (int k = SRC_ORG_ID; k <= SRC_CLUSTER; k++)
        if (required[k] && !have[k]) {
            rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0, required[k],
                              "the instrument has no such frame variable");
            goto cleanup;
        }
    if (bar_instrument_find(ins, "innovated") < 0) {
        rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0, "innovated",
                          "the instrument has no such question");
        goto cleanup;
    }

    grid *g = malloc(sizeof *g);
    if (!g) {
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    calibrate(&S->m, g);
    free(g);
    plan_make(&S->p, cases);
cleanup:
    if (rc != BAR_OK)
        sim_clear(S);
    return rc;
}

/* ------------------------------------------------------------------------
 * Frame names
 * ------------------------------------------------------------------------ */

static const char *const place_pre[] = {
    "Veen", "Oost", "West", "Noord", "Zuid", "Berg", "Hoog", "Laar",
    "Mid",  "Wester", "Ooster", "Zand", "Haar", "Leer", "Bree", "Wolde",
    "Ter",  "Brug", "Eem", "Linde", "Vlied", "Heem", "Ravens", "Geld"};
static const char *const place_suf[] = {
    "dam", "dorp", "wijk", "veen", "horst", "hoven", "broek", "lo",
    "rade", "zijl", "kerk", "meer", "voorde", "hem", "sum", "wâlde"};
static const char *const place_region[] = {"", "", "", "-Noord", "-Zuid",
                                           "-Oost", "-West", " aan Zee",
                                           " aan de Vecht"};
static const char *const name_themes[] = {
    "Infrastructuur", "Onderwijs", "Zorg en Welzijn", "Veiligheid",
    "Financiën", "Landbouw en Natuur", "Cultuur en Erfgoed", "Economie",
    "Wonen", "Klimaat en Energie", "Justitie", "Digitale Zaken",
    "Werk en Inkomen", "Mobiliteit", "Ruimtelijke Ordening"};

/* The kind of organisation, and whether a place or a theme follows. */
static const char *name_prefix(int s, int c, bool *by_theme)
{
    const char *sec = sector_codes[s], *clu = cluster_codes[c];
    *by_theme = false;
    if (strcmp(sec, "gem") == 0)
        return "Gemeente";
    if (strcmp(sec, "prov") == 0)
        return "Provincie";
    if (strcmp(sec, "ws") == 0)
        return "Waterschap";
    if (strcmp(sec, "rw") == 0)
        return "Rechtbank";
    *by_theme = true;
    if (strcmp(sec, "hcs") == 0)
        return "Raad voor";
    if (strcmp(clu, "rijk_beleid") == 0)
        return "Ministerie van";
    if (strcmp(clu, "rijk_uitvoering") == 0)
        return "Uitvoeringsdienst";
    if (strcmp(clu, "rijk_staf") == 0)
        return "Stafdirectie";
    if (strcmp(sec, "zbo") == 0)
        return strcmp(clu, "zbo") == 0 ? "Autoriteit" : "Fonds";
    *by_theme = false;
    static const struct {
        const char *cluster, *prefix;
    } byclu[] = {
        {"gemeente", "Samenwerking gemeenten"},
        {"cultuur", "Cultuurhuis"},
        {"overig", "Regio"},
        {"arbeid_sociaal", "Werkbedrijf"},
        {"water", "Waterketen"},
        {"infra", "Havenschap"},
        {"veiligheidsregio", "Veiligheidsregio"},
        {"omgevingsdienst", "Omgevingsdienst"},
        {"ggd", "GGD"},
        {"belasting", "Belastingsamenwerking"},
        {"ssc", "Shared Service Center"},
    };
    for (size_t i = 0; i < NELEM(byclu); i++)
        if (strcmp(clu, byclu[i].cluster) == 0)
            return strcmp(sec, "ppo") == 0 && strcmp(clu, "cultuur") == 0
                       ? "Museum"
                       : strcmp(sec, "ppo") == 0 ? "Stichting"
                                                 : byclu[i].prefix;
    return "Organisatie";
}

static void org_name(uint64_t seed, size_t orgno, int s, int c, char *buf,
                     size_t cap)
{
    rng r;
    rng_seed(&r, seed, STREAM_NAME, orgno);
    bool by_theme;
    const char *prefix = name_prefix(s, c, &by_theme);
    if (by_theme)
        snprintf(buf, cap, "%s %s %zu", prefix,
                 name_themes[rng_below(&r, NELEM(name_themes))], orgno);
    else
        snprintf(buf, cap, "%s %s%s%s %zu", prefix,
                 place_pre[rng_below(&r, NELEM(place_pre))],
                 place_suf[rng_below(&r, NELEM(place_suf))],
                 place_region[rng_below(&r, NELEM(place_region))], orgno);
}

/* ------------------------------------------------------------------------
 * 6. The public functions
 * ------------------------------------------------------------------------ */

typedef struct collect {
    sim *S;
    bar_dataset *ds;
    /* chunked CSV writing */
    FILE *out;
    size_t chunk;
    bool header_done;
} collect;

static bar_status add_case(void *vctx, size_t orgno, int s, int c,
                           bool responds, bar_error *err)
{
    collect *ctx = vctx;
    if (!responds)
        return BAR_OK;
    size_t row;
    bar_status rc = bar_dataset_add_row(ctx->ds, &row);
    if (rc != BAR_OK)
        return bar_error_set(err, rc, "simulate: cannot add a row");
    return put_case(ctx->S, ctx->ds, row, orgno, s, c, err);
}

bar_status bar_simulate_responses(const bar_instrument *ins,
                                  const bar_sim_opts *opts,
                                  bar_dataset **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    sim S;
    bar_dataset *ds = NULL;
    *out = NULL;
    rc = sim_init(&S, ins, opts, err);
    if (rc != BAR_OK)
        return rc;
    ds = bar_dataset_new(ins);
    if (!ds) {
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    rc = bar_dataset_reserve(ds, S.p.cases);
    if (rc != BAR_OK) {
        rc = bar_error_set(err, rc, "simulate: cannot reserve %zu rows",
                           S.p.cases);
        goto cleanup;
    }
    collect ctx = {.S = &S, .ds = ds};
    rc = plan_walk(&S.p, S.seed, add_case, &ctx, err);
    if (rc != BAR_OK)
        goto cleanup;
    *out = ds;
    ds = NULL;
cleanup:
    bar_dataset_free(ds);
    sim_clear(&S);
    return rc;
}

/* Write the rows collected so far as CSV (the header only for the first
 * chunk) and start a new, empty dataset. */
static bar_status flush_chunk(collect *ctx, bar_error *err)
{
    bar_status rc = BAR_OK;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
    rc = bar_dataset_write_csv(ctx->ds, mem, false, err);
    if (fclose(mem) != 0 && rc == BAR_OK)
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
    if (rc != BAR_OK)
        goto cleanup;
    size_t skip = 0;
    if (ctx->header_done) {
        const char *nl = memchr(text, '\n', len);
        skip = nl ? (size_t)(nl - text) + 1 : len;
    }
    if (len > skip && fwrite(text + skip, 1, len - skip, ctx->out) !=
                          len - skip) {
        rc = bar_error_set(err, BAR_EIO, "simulate: write failed");
        goto cleanup;
    }
    ctx->header_done = true;
    bar_dataset_free(ctx->ds);
    ctx->ds = bar_dataset_new(ctx->S->ins);
    if (!ctx->ds)
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
cleanup:
    free(text);
    return rc;
}

static bar_status add_case_chunked(void *vctx, size_t orgno, int s, int c,
                                   bool responds, bar_error *err)
{
    collect *ctx = vctx;
    bar_status rc = add_case(vctx, orgno, s, c, responds, err);
    if (rc == BAR_OK && bar_dataset_nrows(ctx->ds) >= ctx->chunk)
        rc = flush_chunk(ctx, err);
    return rc;
}

bar_status bar_simulate_write_csv(const bar_instrument *ins,
                                  const bar_sim_opts *opts, FILE *f,
                                  bar_error *err)
{
    bar_status rc = BAR_OK;
    sim S;
    rc = sim_init(&S, ins, opts, err);
    if (rc != BAR_OK)
        return rc;
    collect ctx = {.S = &S, .out = f, .chunk = BAR_SIM_CSV_CHUNK};
    ctx.ds = bar_dataset_new(ins);
    if (!ctx.ds) {
        rc = bar_error_set(err, BAR_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    rc = plan_walk(&S.p, S.seed, add_case_chunked, &ctx, err);
    if (rc == BAR_OK && (bar_dataset_nrows(ctx.ds) > 0 || !ctx.header_done))
        rc = flush_chunk(&ctx, err);
    if (rc == BAR_OK && (fflush(f) != 0 || ferror(f)))
        rc = bar_error_set(err, BAR_EIO, "simulate: write failed");
cleanup:
    bar_dataset_free(ctx.ds);
    sim_clear(&S);
    return rc;
}

typedef struct frame_ctx {
    const sim *S;
    FILE *f;
} frame_ctx;

static bar_status frame_row(void *vctx, size_t orgno, int s, int c,
                            bool responds, bar_error *err)
{
    (void)responds;
    (void)err;
    frame_ctx *ctx = vctx;
    char id[32], name[160], email[64];
    snprintf(id, sizeof id, BAR_DATASET_SIMULATED_PREFIX "%0*zu",
             ctx->S->p.id_width, orgno);
    org_name(ctx->S->seed, orgno, s, c, name, sizeof name);
    snprintf(email, sizeof email, "info@%s.example.nl", id);
    bar_csv_write_field(ctx->f, id, false);
    fputc(',', ctx->f);
    bar_csv_write_field(ctx->f, name, true);
    fputc(',', ctx->f);
    bar_csv_write_field(ctx->f, sector_codes[s], false);
    fputc(',', ctx->f);
    bar_csv_write_field(ctx->f, cluster_codes[c], false);
    fputc(',', ctx->f);
    bar_csv_write_field(ctx->f, email, false);
    fputc('\n', ctx->f);
    return BAR_OK;
}

bar_status bar_simulate_frame(const bar_instrument *ins,
                              const bar_sim_opts *opts, FILE *f,
                              bar_error *err)
{
    bar_status rc = BAR_OK;
    sim S;
    rc = sim_init(&S, ins, opts, err);
    if (rc != BAR_OK)
        return rc;
    fputs("org_id,name,sector,cluster,email\n", f);
    frame_ctx ctx = {.S = &S, .f = f};
    rc = plan_walk(&S.p, S.seed, frame_row, &ctx, err);
    if (rc == BAR_OK && (fflush(f) != 0 || ferror(f)))
        rc = bar_error_set(err, BAR_EIO, "simulate: writing the frame failed");
    sim_clear(&S);
    return rc;
}
