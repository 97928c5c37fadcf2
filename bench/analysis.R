# analysis.R - the computations of `barometer analyze` (shared/spec
# analysis.md, data/report/ibo-2021.json) done with R's own functions on the
# same CSV, as the baseline of bench/analysis.sh. Not a second
# implementation to publish from: it exists to be timed, and its results are
# written to a JSON file so that none of the work can be skipped.
#
# Usage: Rscript bench/analysis.R responses.csv out.json [benchmarks.csv]
#
# What it uses (R 4.2, Debian packages): data.table::fread to read the CSV
# (base read.csv when data.table is missing), table() for counts,
# prop.test(x, n, correct = FALSE) for every Wilson interval,
# prop.test / binom.test for the benchmark comparisons,
# chisq.test(correct = FALSE) for the cross tabs, quantile(type = 7) and
# 1.5 IQR fences for the boxplots, cor + psych::fa(fm = "pa") +
# psych::alpha for the climate scale, shapiro.test (n <= 5000; above, a
# note, as barometer does), kmeans(nstart = 10) for the three climate
# groups (R has no exact Ckmeans.1d.dp in Debian: Hartigan-Wong with random
# starts), glm(binomial) and a backward loop of likelihood-ratio tests (what
# drop1(test = "LRT") does, refitting without each term) for the models.
suppressPackageStartupMessages({
    library(psych)
    library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)

# Rscript analysis.R --compare barometer.json R.json: one line saying
# whether the two agree on the main numbers (relative difference < 1e-6).
if (length(args) == 3 && args[1] == "--compare") {
    c <- jsonlite::read_json(args[2])
    r <- jsonlite::read_json(args[3])
    fig <- setNames(c$figures, vapply(c$figures, function(f) f$id, ""))
    sc <- fig$climate_scale
    same <- function(a, b) isTRUE(all.equal(as.numeric(unlist(a)),
                                            as.numeric(unlist(b)),
                                            tolerance = 1e-6))
    final <- function(m) m$steps[[length(m$steps)]]$model
    checks <- c(
        "retained items" = identical(unlist(sc$selection$retained),
                                     unlist(r$climate_scale$items)),
        "alpha" = same(sc$reliability$alpha, r$climate_scale$alpha),
        "score mean, sd, G1, G2" = same(
            sc$distribution[c("mean", "sd", "skewness", "kurtosis")],
            r$climate_scale$describe[c("mean", "sd", "skewness",
                                       "kurtosis")]),
        "k-means centres" = same(
            lapply(sc$groups$groups, function(g) g$center),
            r$climate_scale$kmeans$centers),
        "Fig 18 chi-square" = same(fig$fig18$tables[[1]]$test$statistic,
                                   r$fig18$test$chisq),
        "Fig 16 total quartiles" = same(
            fig$fig16$total[c("q1", "median", "q3")],
            r$fig16$total[c("q1", "median", "q3")]),
        "full models (-2LL)" = all(mapply(function(cm, rm)
            same(cm$steps[[1]]$model$minus2ll, rm$steps[[1]]$model$minus2ll),
            fig$tekstvak2$models, r$tekstvak2)),
        "final models (terms, -2LL)" = all(mapply(function(cm, rm)
            identical(unlist(cm$kept), setdiff(unlist(final(rm)$terms),
                                                "(Intercept)")) &&
            same(final(cm)$minus2ll, final(rm)$minus2ll),
            fig$tekstvak2$models, r$tekstvak2)))
    cat(if (all(checks)) "agree on " else "DIFFER on ",
        paste(names(checks)[!checks], collapse = ", "),
        if (all(checks)) paste(names(checks), collapse = ", ") else
            paste0(" (agree on ", paste(names(checks)[checks],
                                        collapse = ", "), ")"),
        ".\n", sep = "")
    quit(status = 0)
}
if (length(args) < 2)
    stop("usage: Rscript analysis.R responses.csv out.json [benchmarks.csv]")
csv <- args[1]
out_path <- args[2]
bench_path <- if (length(args) >= 3) args[3] else NA
min_group <- 5
level <- 0.95
shapiro_max <- 5000  # shapiro.test refuses more (as bar_shapiro_wilk)

# Wall seconds per part, written with the results (res$seconds).
seconds <- list()
last <- proc.time()[["elapsed"]]
tick <- function(part) {
    now <- proc.time()[["elapsed"]]
    seconds[[part]] <<- c(seconds[[part]], 0)[1] + now - last
    last <<- now
}

## Reading ---------------------------------------------------------------
if (requireNamespace("data.table", quietly = TRUE)) {
    d <- data.table::fread(csv, na.strings = "", data.table = FALSE,
                           encoding = "UTF-8", showProgress = FALSE)
    reader <- "data.table::fread"
} else {
    d <- read.csv(csv, na.strings = "", stringsAsFactors = FALSE,
                  encoding = "UTF-8")
    reader <- "read.csv"
}
N <- nrow(d)
tick("read")
vars <- names(d)
opts_of <- function(prefix, exclude = character())
    setdiff(grep(paste0("^", prefix, "_"), vars, value = TRUE), exclude)

## Derived variables (codebook.md) ---------------------------------------
types <- opts_of("type")
ticked <- rowSums(d[types] == 1, na.rm = TRUE)
answered <- rowSums(!is.na(d[types]))
d$spectrum <- ifelse(is.na(d$innovated), NA,
              ifelse(d$innovated == 0, 0,
              ifelse(answered == 0 | ticked == 0, NA, ticked)))
d$size_class <- c(1, 2, 2, 3)[d$size]
safe <- d$work_safe_mistakes >= 4
high <- d$work_improve >= 4
d$zone <- ifelse(!safe & !high, 1, ifelse(safe & !high, 2,
                 ifelse(!safe & high, 3, 4)))
innov <- !is.na(d$innovated) & d$innovated == 1
in_base <- function(base) if (base == "innovators") innov else rep(TRUE, N)
tick("derive")

## Shares with Wilson intervals ------------------------------------------
share <- function(x, n) {
    if (n == 0) return(list(count = x, n = n))
    ci <- suppressWarnings(
        prop.test(x, n, conf.level = level, correct = FALSE))$conf.int
    list(count = x, n = n, percent = 100 * x / n,
         ci_low = 100 * ci[1], ci_high = 100 * ci[2])
}

## Benchmarks ------------------------------------------------------------
benchmarks <- if (!is.na(bench_path) && file.exists(bench_path))
    read.csv(bench_path, stringsAsFactors = FALSE, na.strings = "",
             colClasses = "character") else NULL
compare <- function(variable, category, x, n) {
    if (is.null(benchmarks) || n == 0) return(list())
    b <- benchmarks[benchmarks$variable == variable &
                    benchmarks$category == category, , drop = FALSE]
    lapply(seq_len(nrow(b)), function(i) {
        p0 <- as.numeric(b$percent[i]) / 100
        nb <- suppressWarnings(as.integer(b$n[i]))
        if (!is.na(nb)) {
            t <- prop.test(c(x, round(p0 * nb)), c(n, nb), correct = FALSE)
            list(country = b$country[i], diff = 100 * (x / n - p0),
                 test = "z", statistic = unname(sqrt(t$statistic)),
                 p = t$p.value)
        } else {
            list(country = b$country[i], diff = 100 * (x / n - p0),
                 test = "binomial", p = binom.test(x, n, p0)$p.value)
        }
    })
}

## Kinds -----------------------------------------------------------------
frequency <- function(variable, base, merge = list()) {
    x <- d[[variable]][in_base(base)]
    x <- x[!is.na(x)]
    tab <- table(x)
    for (m in merge) {  # "1+2": one category
        codes <- strsplit(m, "+", fixed = TRUE)[[1]]
        tab <- c(tab[!names(tab) %in% codes],
                 setNames(sum(tab[names(tab) %in% codes]), m))
    }
    n <- length(x)
    cats <- lapply(names(tab), function(code) {
        s <- share(unname(tab[code]), n)
        s$code <- code
        s$benchmarks <- compare(variable, code, s$count, n)
        s
    })
    list(variable = variable, n = n, suppressed = n < min_group,
         categories = cats)
}

multi_response <- function(question, base) {
    items <- opts_of(question)
    items <- items[vapply(d[items], is.numeric, TRUE)]  # not result_other
    sub <- d[in_base(base), items, drop = FALSE]
    n_any <- sum(rowSums(!is.na(sub)) > 0)
    list(question = question, n = n_any,
         items = lapply(items, function(v) {
             x <- sub[[v]]
             s <- share(sum(x == 1, na.rm = TRUE), sum(!is.na(x)))
             s$variable <- v
             s$benchmarks <- compare(v, "1", s$count, s$n)
             s
         }))
}

likert <- function(question, base, positive = c(4, 5)) {
    items <- opts_of(question)
    sub <- d[in_base(base), items, drop = FALSE]
    res <- lapply(items, function(v) {
        x <- sub[[v]]
        x <- x[!is.na(x)]
        dist <- table(factor(x, levels = 1:5))
        list(variable = v, n = length(x),
             distribution = lapply(1:5, function(k)
                 share(unname(dist[k]), length(x))),
             positive = share(sum(x %in% positive), length(x)),
             mean = mean(x))
    })
    pos <- vapply(res, function(r) r$positive$percent, 0)
    list(question = question, items = res[order(-pos)])
}

# Groups of a by-variable among rows `use`: codes with fewer than
# min_group cases merged into "other", suppressed when still too small.
groups_of <- function(by, use) {
    g <- as.character(d[[by]])
    g[!use | is.na(g)] <- NA
    counts <- table(g)
    small <- names(counts)[counts < min_group]
    g[g %in% small] <- "other"
    if (sum(g == "other", na.rm = TRUE) < min_group) g[g %in% "other"] <- NA
    g
}

chisq <- function(tab) {
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    if (nrow(tab) < 2 || ncol(tab) < 2) return(NULL)
    t <- suppressWarnings(chisq.test(tab, correct = FALSE))
    list(chisq = unname(t$statistic), df = unname(t$parameter),
         p = t$p.value, cramers_v = sqrt(unname(t$statistic) /
             (sum(tab) * (min(dim(tab)) - 1))),
         min_expected = min(t$expected))
}

crosstab <- function(by, base, variable = NULL, question = NULL,
                     positive = c(4, 5)) {
    rows <- in_base(base)
    if (!is.null(variable)) {
        use <- rows & !is.na(d[[variable]])
        g <- groups_of(by, use)
        tab <- table(d[[variable]], g)
        cols <- prop.table(tab, 2)
        return(list(variable = variable, by = by, counts = unclass(tab),
                    percent = 100 * unclass(cols), test = chisq(tab)))
    }
    items <- opts_of(question)
    items <- items[vapply(d[items], is.numeric, TRUE)]
    use <- rows & rowSums(!is.na(d[items])) > 0
    g <- groups_of(by, use)
    list(question = question, by = by,
         items = lapply(items, function(v) {
             x <- d[[v]]
             ok <- !is.na(x) & !is.na(g)
             pos <- if (all(x[ok] %in% c(0, 1))) x[ok] == 1 else
                 x[ok] %in% positive
             tab <- table(factor(pos, levels = c(FALSE, TRUE)), g[ok])
             list(variable = v,
                  shares = lapply(colnames(tab), function(k)
                      share(tab["TRUE", k], sum(tab[, k]))),
                  test = chisq(tab))
         }))
}

box <- function(x) {
    q <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    iqr <- q[3] - q[1]
    inside <- x[x >= q[1] - 1.5 * iqr & x <= q[3] + 1.5 * iqr]
    list(n = length(x), q1 = q[1], median = q[2], q3 = q[3], mean = mean(x),
         whisker_low = min(inside), whisker_high = max(inside),
         outliers = sort(x[x < q[1] - 1.5 * iqr | x > q[3] + 1.5 * iqr]))
}

boxplot_by <- function(variable, by, base) {
    use <- in_base(base) & !is.na(d[[variable]])
    g <- groups_of(by, use)
    ok <- !is.na(g)
    x <- d[[variable]]
    list(variable = variable, by = by, total = box(x[ok]),
         groups = lapply(split(x[ok], g[ok]), box))
}

## The climate scale ------------------------------------------------------
g1 <- function(x) {  # skewness G1 and excess kurtosis G2 (SPSS, type 2)
    n <- length(x); m <- mean(x); s2 <- mean((x - m)^2)
    b1 <- mean((x - m)^3) / s2^1.5; b2 <- mean((x - m)^4) / s2^2
    c(skewness = b1 * sqrt(n * (n - 1)) / (n - 2),
      kurtosis = ((n + 1) * (b2 - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))
}

scale_section <- function(question, min_loading, k, bins) {
    items <- opts_of(question)
    steps <- list()
    repeat {
        cc <- na.omit(d[items])
        r <- cor(cc)
        f <- psych::fa(r, nfactors = 1, fm = "pa", n.obs = nrow(cc),
                       SMC = TRUE, min.err = 1e-9, max.iter = 1000,
                       warnings = FALSE)
        load <- setNames(as.vector(f$loadings), items)
        if (sum(load) < 0) load <- -load
        steps[[length(steps) + 1]] <- list(
            items = items, ncomplete = nrow(cc), loadings = as.list(load),
            eigenvalues = eigen(r, only.values = TRUE)$values,
            explained = sum(load^2) / length(items))
        drop <- items[abs(load) < min_loading]
        if (length(drop) == 0 || length(items) - length(drop) < 3) break
        items <- setdiff(items, drop)
    }
    a <- psych::alpha(na.omit(d[items]), check.keys = FALSE, warnings = FALSE)
    answered <- rowSums(!is.na(d[items]))
    score <- rowMeans(d[items], na.rm = TRUE)
    score[2 * answered < length(items)] <- NA
    d$climate <<- score
    x <- score[!is.na(score)]
    sw <- if (length(x) >= 3 && length(x) <= shapiro_max)
        shapiro.test(x) else NULL
    h <- hist(x, breaks = seq(1, 5, length.out = bins + 1), plot = FALSE)
    set.seed(1)
    km <- kmeans(x, centers = k, nstart = 10, iter.max = 100)
    ord <- order(km$centers)
    grp <- match(km$cluster, ord)
    cl <- rep(NA, N)
    cl[!is.na(score)] <- grp
    d$climate_group <<- cl
    lo <- tapply(x, grp, min); hi <- tapply(x, grp, max)
    list(steps = steps, items = items,
         alpha = a$total$raw_alpha,
         alpha_if_deleted = as.list(setNames(a$alpha.drop$raw_alpha,
                                             items)),
         item_total_r = as.list(setNames(a$item.stats$r.drop, items)),
         describe = c(list(n = length(x), mean = mean(x), sd = sd(x),
                           min = min(x), max = max(x)), as.list(g1(x))),
         shapiro = if (is.null(sw)) list(note = sprintf(
             "not computed: n = %d > %d", length(x), shapiro_max)) else
             list(w = unname(sw$statistic), p = sw$p.value),
         histogram = list(breaks = h$breaks, counts = h$counts),
         kmeans = list(centers = sort(as.vector(km$centers)),
                       sizes = as.vector(table(grp)),
                       cuts = (hi[-k] + lo[-1]) / 2,
                       withinss = km$tot.withinss))
}

## The models (Tekstvak 2) ------------------------------------------------
predictor <- function(name) {
    p <- strsplit(name, "==", fixed = TRUE)[[1]]
    if (length(p) == 2) as.numeric(d[[p[1]]] == as.numeric(p[2])) else
        d[[name]]
}

model_summary <- function(m) {
    s <- summary(m)$coefficients
    ci <- exp(cbind(s[, 1] - qnorm(0.975) * s[, 2],
                    s[, 1] + qnorm(0.975) * s[, 2]))
    n <- length(m$y)
    ll <- -m$deviance / 2; ll0 <- -m$null.deviance / 2
    cs <- 1 - exp(2 * (ll0 - ll) / n)
    pred <- as.numeric(fitted(m) >= 0.5)
    # Hosmer-Lemeshow, 10 groups of fitted probabilities
    grp <- cut(fitted(m), unique(quantile(fitted(m), 0:10 / 10)),
               include.lowest = TRUE)
    obs <- tapply(m$y, grp, sum); ex <- tapply(fitted(m), grp, sum)
    ng <- tapply(m$y, grp, length)
    hl <- sum((obs - ex)^2 / (ex * (1 - ex / ng)))
    list(terms = display[rownames(s)], b = s[, 1], se = s[, 2],
         wald = (s[, 1] / s[, 2])^2, p = s[, 4], exp_b = exp(s[, 1]),
         exp_b_low = ci[, 1], exp_b_high = ci[, 2],
         minus2ll = m$deviance, cox_snell_r2 = cs,
         nagelkerke_r2 = cs / (1 - exp(2 * ll0 / n)),
         hl_chisq = hl, hl_df = length(ng) - 2,
         hl_p = pchisq(hl, length(ng) - 2, lower.tail = FALSE),
         table = unclass(table(factor(m$y, 0:1), factor(pred, 0:1))))
}

models <- function(outcomes, predictors, base, p_remove) {
    X <- as.data.frame(lapply(predictors, predictor))
    names(X) <- make.names(predictors)
    display <<- c("(Intercept)" = "(Intercept)",
                  setNames(predictors, names(X)))
    rows <- in_base(base)
    lapply(outcomes, function(y) {
        dat <- cbind(y = d[[y]], X)[rows, ]
        dat <- dat[complete.cases(dat), ]
        terms <- names(X)
        fit <- function(t) glm(reformulate(t, "y"), binomial, data = dat)
        m <- fit(terms)
        # An aliased term (spectrum = the sum of the type_* dummies) has an
        # NA coefficient: it is set aside as redundant before the first
        # step (as SPSS and bar_logit_backward do), and the elimination
        # runs on the rest, where every removal has 1 df.
        aliased <- names(which(is.na(coef(m))))
        if (length(aliased)) {
            terms <- setdiff(terms, aliased)
            m <- fit(if (length(terms)) terms else "1")
        }
        steps <- list(list(removed = NULL, model = model_summary(m)))
        # drop1(m, test = "LRT") by hand. Ties: the first term.
        while (length(terms) > 0) {
            trial <- lapply(terms, function(t) {
                rest <- setdiff(terms, t)
                m2 <- fit(if (length(rest)) rest else "1")
                lr <- max(m2$deviance - m$deviance, 0)
                df <- m$rank - m2$rank
                c(lr = lr, p = if (df > 0) pchisq(lr, df,
                                                  lower.tail = FALSE) else 1)
            })
            p <- vapply(trial, function(t) t[["p"]], 0)
            worst <- which.max(p)
            if (p[worst] <= p_remove) break
            removed <- terms[worst]
            terms <- terms[-worst]
            m <- fit(if (length(terms)) terms else "1")
            steps[[length(steps) + 1]] <- list(
                removed = display[[removed]], lr_chisq = trial[[worst]][["lr"]],
                lr_p = p[worst], model = model_summary(m))
        }
        list(outcome = y, n = nrow(dat), aliased = aliased, steps = steps)
    })
}

## The report's entries, in the order of data/report/ibo-2021.json --------
# The scale first: it sets climate and climate_group for the others.
res <- list(reader = reader, cases = N)
res$climate_scale <- scale_section("clim", 0.40, 3, 16)
tick("scale")
res$table1 <- list(sector = as.list(table(d$sector)))
res$fig1 <- frequency("innovated", "all")
res$fig2 <- multi_response("type", "innovators")
res$fig3 <- frequency("spectrum", "all")
res$fig4 <- frequency("origin", "innovators")
res$fig5 <- frequency("tech_share", "innovators", list("1+2"))
res$fig6 <- frequency("tech_new", "innovators")
res$fig7 <- multi_response("driver", "innovators")
res$fig8 <- multi_response("channel", "innovators")
res$fig9 <- multi_response("collab", "innovators")
res$fig10 <- frequency("dissemination", "innovators")
res$fig11 <- multi_response("fund", "innovators")
res$fig12 <- frequency("strategy", "innovators")
res$fig13 <- likert("factor", "innovators")
res$fig14 <- multi_response("result", "innovators")
tick("figures")
res$tekstvak2 <- models(
    c("result_quality", "result_efficiency", "result_employee_satisfaction"),
    c("type_product", "type_service", "type_process", "type_interaction",
      "spectrum", "origin==2", "origin==3", "tech_share==4",
      "driver_managers", "driver_political", "driver_reorganisation",
      "fund_own_budget", "factor_employee_contribution",
      "factor_internal_collab", "factor_continuity_focus", "factor_time",
      "climate"), "innovators", 0.10)
tick("models")
res$fig15 <- likert("clim", "all")
res$fig16 <- boxplot_by("climate", "sector", "all")
res$fig17 <- frequency("climate_group", "all")
res$fig18 <- crosstab("climate_group", "all", variable = "innovated")
res$fig19 <- crosstab("climate_group", "all", variable = "spectrum")
res$fig20 <- crosstab("climate_group", "innovators", question = "factor")
res$fig20_cluster <- crosstab("cluster", "innovators", question = "factor")
res$fig21 <- crosstab("climate_group", "innovators", question = "result")
res$fig22 <- frequency("zone", "all")
res$table2 <- list(cluster = as.list(table(d$cluster)))
res$fig23 <- frequency("covid_production", "all", list("1+2", "4+5"))
res$fig24 <- frequency("covid_homework", "all")
res$fig25 <- frequency("covid_facilities", "all")
res$fig27 <- boxplot_by("climate", "cluster", "all")
tick("figures")
res$seconds <- seconds

writeLines(toJSON(res, auto_unbox = TRUE, digits = I(10), null = "null",
                  na = "null", force = TRUE), out_path)
