# Reference values for tests/test_figures.c: the figures of the simulated
# 366-case wave tests/data/analysis/wave366.csv (barometer simulate --cases
# 366 --seed 2021), computed independently with R's own functions:
# psych::fa (PAF) and psych::alpha, e1071 skewness/kurtosis (type 2),
# shapiro.test, an exhaustive search for the optimal 3-group 1-D k-means,
# quantile(type = 7), chisq.test, prop.trend.test, binom.test, prop.test,
# and glm with a drop1(test = "LRT") backward loop (after setting aside the
# terms glm aliases in the full model).
#
# Each line is "path,value": the path of a value in the results document
# (figure id, then object keys and 0-based array indices, '/'-separated)
# and R's value (a number, or a name for `removed`).
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/analysis.R > tests/ref/analysis_wave366.csv
suppressMessages({
  library(psych)
  library(e1071)
  library(jsonlite)
})
d <- read.csv("tests/data/analysis/wave366.csv", stringsAsFactors = FALSE,
              na.strings = "")
ins <- fromJSON("data/instrument/ibo-2021.json", simplifyVector = FALSE)
codes_of <- function(name) {
  for (v in ins$frame) if (v$name == name)
    return(sapply(v$codes, function(c) c$code))
  stop(name)
}
out <- function(path, value) {
  if (is.character(value)) cat(sprintf("%s,%s\n", path, value))
  else cat(sprintf("%s,%.17g\n", path, value))
}
cat("path,value\n")
innov <- !is.na(d$innovated) & d$innovated == 1

# spectrum (codebook definition)
types <- c("type_product", "type_service", "type_process", "type_interaction")
ticked <- rowSums(d[types] == 1, na.rm = TRUE)
answered <- rowSums(!is.na(d[types]))
d$spectrum <- ifelse(is.na(d$innovated), NA,
              ifelse(d$innovated == 0, 0,
              ifelse(answered == 0 | ticked == 0, NA, ticked)))

# ---- the climate scale: PAF rounds --------------------------------------
clim <- grep("^clim_", names(d), value = TRUE)
keep <- clim
round <- 0
repeat {
  X <- d[keep]
  cc <- complete.cases(X)
  r <- cor(X[cc, ])
  f <- suppressWarnings(fa(r, nfactors = 1, fm = "pa", SMC = TRUE,
                           min.err = 1e-12, max.iter = 5000))
  L <- as.numeric(f$loadings[, 1])
  if (sum(L) < 0) L <- -L
  p <- sprintf("climate_scale/selection/rounds/%d", round)
  out(paste0(p, "/ncomplete"), sum(cc))
  for (j in seq_along(L)) out(sprintf("%s/loadings/%d", p, j - 1), L[j])
  ev <- eigen(r, symmetric = TRUE, only.values = TRUE)$values
  for (j in seq_along(ev)) out(sprintf("%s/eigenvalues/%d", p, j - 1), ev[j])
  out(paste0(p, "/explained"), 100 * sum(L^2) / length(L))
  low <- abs(L) < 0.40
  round <- round + 1
  if (!any(low)) break
  keep <- keep[!low]
}
# reliability of all items before the selection, then of the retained ones
Xa <- d[clim]
a <- psych::alpha(Xa[complete.cases(Xa), ], warnings = FALSE,
                  check.keys = FALSE)
out("climate_scale/reliability_all/alpha", a$total$raw_alpha)
out("climate_scale/reliability_all/ncomplete", sum(complete.cases(Xa)))
for (j in seq_along(clim)) {
  out(sprintf("climate_scale/reliability_all/items/%d/alpha_if_deleted",
              j - 1), a$alpha.drop$raw_alpha[j])
  out(sprintf("climate_scale/reliability_all/items/%d/item_total_r", j - 1),
      a$item.stats$r.drop[j])
}
X <- d[keep]
a <- psych::alpha(X[complete.cases(X), ], warnings = FALSE)
out("climate_scale/reliability/alpha", a$total$raw_alpha)
for (j in seq_along(keep))
  out(sprintf("climate_scale/reliability/items/%d/alpha_if_deleted", j - 1),
      a$alpha.drop$raw_alpha[j])
for (j in seq_along(keep))
  out(sprintf("climate_scale/reliability/items/%d/item_total_r", j - 1),
      a$item.stats$r.drop[j])
m <- length(keep)
na <- rowSums(!is.na(X))
score <- ifelse(2 * na >= m, rowMeans(X, na.rm = TRUE), NA)
s <- score[!is.na(score)]
out("climate_scale/n", length(s))
out("climate_scale/distribution/mean", mean(s))
out("climate_scale/distribution/sd", sd(s))
out("climate_scale/distribution/skewness", skewness(s, type = 2))
out("climate_scale/distribution/kurtosis", kurtosis(s, type = 2))
sw <- shapiro.test(s)
out("climate_scale/distribution/shapiro_w", unname(sw$statistic))
out("climate_scale/distribution/shapiro_p", sw$p.value)

# optimal 3-group k-means in one dimension: every split of the sorted
# values between distinct values, the least within sum of squares
x <- sort(s)
n <- length(x)
cs <- c(0, cumsum(x)); cs2 <- c(0, cumsum(x^2))
ss <- function(i, j) { # x[i..j]
  k <- j - i + 1; t <- cs[j + 1] - cs[i]
  cs2[j + 1] - cs2[i] - t^2 / k
}
best <- Inf
for (i in 1:(n - 2)) {
  if (x[i] == x[i + 1]) next
  for (j in (i + 1):(n - 1)) {
    if (x[j] == x[j + 1]) next
    w <- ss(1, i) + ss(i + 1, j) + ss(j + 1, n)
    if (w < best - 1e-12) { best <- w; bi <- i; bj <- j }
  }
}
cuts <- c((x[bi] + x[bi + 1]) / 2, (x[bj] + x[bj + 1]) / 2)
sizes <- c(bi, bj - bi, n - bj)
centers <- c(mean(x[1:bi]), mean(x[(bi + 1):bj]), mean(x[(bj + 1):n]))
for (g in 1:3) {
  out(sprintf("climate_scale/groups/groups/%d/center", g - 1), centers[g])
  out(sprintf("climate_scale/groups/groups/%d/n", g - 1), sizes[g])
  out(sprintf("climate_scale/groups/groups/%d/percent", g - 1),
      100 * sizes[g] / n)
}
for (g in 1:2) out(sprintf("climate_scale/groups/cuts/%d", g - 1), cuts[g])
for (g in 1:2) out(sprintf("fig17/cuts/%d", g - 1), cuts[g])
out("climate_scale/groups/withinss", best)
d$climate <- score
d$climate_group <- ifelse(is.na(score), NA,
                          1 + (score > cuts[1]) + (score > cuts[2]))

# ---- Fig 15: % (helemaal) eens, items sorted by it ----------------------
pos <- sapply(clim, function(v) mean(d[[v]][!is.na(d[[v]])] %in% 4:5))
ord <- order(-pos, seq_along(pos))
for (i in seq_along(ord)) {
  out(sprintf("fig15/items/%d/positive/percent", i - 1), 100 * pos[ord[i]])
  out(sprintf("fig15/items/%d/n", i - 1), sum(!is.na(d[[clim[ord[i]]]])))
}

# ---- crosstabs by climate group -----------------------------------------
xtab <- function(path, t) {
  t <- t[rowSums(t) > 0, colSums(t) > 0, drop = FALSE]
  r <- suppressWarnings(chisq.test(t, correct = FALSE))
  out(paste0(path, "/test/statistic"), unname(r$statistic))
  out(paste0(path, "/test/df"), unname(r$parameter))
  out(paste0(path, "/test/p"), r$p.value)
  out(paste0(path, "/test/cramers_v"),
      sqrt(unname(r$statistic) / (sum(t) * (min(dim(t)) - 1))))
  out(paste0(path, "/test/min_expected"), min(r$expected))
  out(paste0(path, "/test/cells_below_5"), sum(r$expected < 5))
}
colpct <- function(path, t) {
  for (i in seq_len(nrow(t))) for (g in seq_len(ncol(t)))
    out(sprintf("%s/rows/%d/percents/%d", path, i - 1, g - 1),
        100 * t[i, g] / sum(t[, g]))
}
grp <- factor(d$climate_group, levels = 1:3)
t18 <- table(factor(d$innovated, levels = c(0, 1)), grp)
colpct("fig18/tables/0", t18); xtab("fig18/tables/0", t18)
t19 <- table(factor(d$spectrum, levels = 0:4), grp)
colpct("fig19/tables/0", t19); xtab("fig19/tables/0", t19)
results <- grep("^result_", names(d), value = TRUE)
results <- results[results != "result_other"]
for (i in seq_along(results)) {
  v <- d[[results[i]]]
  use <- innov & !is.na(v)
  t <- table(factor(v[use] == 1, levels = c(TRUE, FALSE)), grp[use])
  p <- sprintf("fig21/tables/%d", i - 1)
  colpct(p, t); xtab(p, t)
}
factors <- grep("^factor_", names(d), value = TRUE)
for (i in seq_along(factors)) {
  v <- d[[factors[i]]]
  use <- innov & !is.na(v)
  t <- table(factor(v[use] %in% 4:5, levels = c(TRUE, FALSE)), grp[use])
  p <- sprintf("fig20/tables/%d", i - 1)
  colpct(p, t); xtab(p, t)
}

# ---- collaboration by phase (asked unless collab_none = 1), overall and
# by innovation spectrum, with prop.trend.test over the spectrum 1-4 ------
phases <- grep("^phase_", names(d), value = TRUE)
out("fig9_phase/not_asked", sum(innov & d$collab_none %in% 1))
out("fig9_phase_spectrum/not_asked", sum(innov & d$collab_none %in% 1))
out("fig6/not_asked", sum(innov & !(d$tech_share %in% 2:4)))
for (i in seq_along(phases)) {
  v <- d[[phases[i]]]
  use <- innov & !is.na(v)
  out(sprintf("fig9_phase/items/%d/n", i - 1), sum(use))
  out(sprintf("fig9_phase/items/%d/percent", i - 1), 100 * mean(v[use] == 1))
  use <- use & !is.na(d$spectrum)
  t <- table(factor(v[use] == 1, levels = c(TRUE, FALSE)),
             factor(d$spectrum[use], levels = 1:4))
  p <- sprintf("fig9_phase_spectrum/tables/%d", i - 1)
  colpct(p, t); xtab(p, t)
  tr <- prop.trend.test(t[1, ], colSums(t), score = 1:4)
  out(paste0(p, "/trend/statistic"), unname(tr$statistic))
  out(paste0(p, "/trend/p"), tr$p.value)
  out(paste0(p, "/trend/slope"),
      100 * unname(coef(lm(q ~ s, data = list(q = t[1, ] / colSums(t),
                                              s = 1:4),
                           weights = colSums(t)))[2]))
}

# The groups of a "by" variable: one merge plan for the whole wave (codes
# with 1-4 cases in the wave merged into "other", then the smallest others
# until "other" has 5 or more); every other code with cases in the wave is
# a group, in codebook order, the merged group last (src/analysis/groups.c)
plan <- function(by) {
  codes <- codes_of(by)
  n <- sapply(codes, function(c) sum(!is.na(d[[by]]) & d[[by]] == c))
  merged <- n > 0 & n < 5
  while (sum(n[merged]) > 0 && sum(n[merged]) < 5 && any(!merged & n > 0)) {
    cand <- which(!merged & n > 0)
    merged[cand[which.min(n[cand])]] <- TRUE
  }
  shown <- codes[!merged & n > 0]
  small <- codes[merged]
  col <- ifelse(d[[by]] %in% shown, match(d[[by]], shown),
                ifelse(d[[by]] %in% small, length(shown) + 1, NA))
  list(shown = shown, small = small, col = col,
       ngrp = length(shown) + (length(small) > 0))
}

# Fig 20 by cluster
anyf <- innov & rowSums(!is.na(d[factors])) > 0
pl <- plan("cluster")
col <- pl$col
ngrp <- pl$ngrp
for (g in seq_len(ngrp))
  out(sprintf("fig20_cluster/groups/%d/n", g - 1), sum(anyf & col == g,
                                                       na.rm = TRUE))
for (i in c(1, 8)) {
  v <- d[[factors[i]]]
  use <- anyf & !is.na(v) & !is.na(col)
  t <- table(factor(v[use] %in% 4:5, levels = c(TRUE, FALSE)),
             factor(col[use], levels = seq_len(ngrp)))
  p <- sprintf("fig20_cluster/tables/%d", i - 1)
  colpct(p, t); xtab(p, t)
}

# ---- boxplots: groups of >= 5 in codebook order, the rest merged --------
box <- function(path, x) {
  q <- quantile(x, c(.25, .5, .75), type = 7, names = FALSE)
  lo <- q[1] - 1.5 * (q[3] - q[1]); hi <- q[3] + 1.5 * (q[3] - q[1])
  out(paste0(path, "/n"), length(x))
  out(paste0(path, "/q1"), q[1])
  out(paste0(path, "/median"), q[2])
  out(paste0(path, "/q3"), q[3])
  out(paste0(path, "/mean"), mean(x))
  out(paste0(path, "/whisker_low"), min(x[x >= lo]))
  out(paste0(path, "/whisker_high"), max(x[x <= hi]))
}
boxes <- function(id, by) {
  ok <- !is.na(d$climate) & !is.na(d[[by]])
  pl <- plan(by)
  for (g in seq_len(pl$ngrp)) {
    x <- d$climate[ok & !is.na(pl$col) & pl$col == g]
    if (length(x) > 0)
      box(sprintf("%s/groups/%d", id, g - 1), x)
  }
  box(sprintf("%s/total", id), d$climate[ok & !is.na(pl$col)])
}
boxes("fig16", "sector")
boxes("fig27", "cluster")

# ---- benchmarks: binomial test, and a z-test against a benchmark with n --
x1 <- sum(d$innovated == 1, na.rm = TRUE); n1 <- sum(!is.na(d$innovated))
z <- prop.test(c(x1, 400), c(n1, 500), correct = FALSE)
out("fig1/benchmarks/0/comparison/p", z$p.value)
out("fig1/benchmarks/0/comparison/statistic",
    sign(x1 / n1 - 0.8) * sqrt(unname(z$statistic)))
out("fig1/benchmarks/0/comparison/difference", 100 * x1 / n1 - 80)
out("fig1/benchmarks/1/comparison/p", binom.test(x1, n1, 0.77)$p.value)
v <- d$covid_production[!is.na(d$covid_production)]
out("fig23/merged_categories/0/percent", 100 * mean(v %in% 1:2))
out("fig23/benchmarks/0/comparison/p",
    binom.test(sum(v %in% 1:2), length(v), 0.45)$p.value)
# exact benchmarks next to approximate ones (those are not tested)
for (b in list(list("fig2/benchmarks/0", "type_service", 0.52),
               list("fig7/benchmarks/0", "driver_employees", 0.34))) {
  v <- d[[b[[2]]]][innov & !is.na(d[[b[[2]]]])]
  out(paste0(b[[1]], "/comparison/p"),
      binom.test(sum(v == 1), length(v), b[[3]])$p.value)
  out(paste0(b[[1]], "/comparison/difference"),
      100 * mean(v == 1) - 100 * b[[3]])
}

# ---- Tekstvak 2: backward LR from the candidates --------------------------
preds <- c("type_product", "type_service", "type_process", "type_interaction",
           "spectrum", "origin==2", "origin==3", "tech_share==4",
           "driver_managers", "driver_political", "driver_reorganisation",
           "fund_own_budget", "factor_employee_contribution",
           "factor_internal_collab", "factor_continuity_focus", "factor_time",
           "climate")
col <- function(p) {
  if (grepl("==", p)) {
    s <- strsplit(p, "==")[[1]]
    as.numeric(d[[s[1]]] == as.numeric(s[2]))
  } else d[[p]]
}
P <- as.data.frame(lapply(preds, col))
names(P) <- make.names(preds)
outcomes <- c("result_quality", "result_efficiency",
              "result_employee_satisfaction")
for (o in seq_along(outcomes)) {
  D <- cbind(y = d[[outcomes[o]]], P)[innov, ]
  D <- D[complete.cases(D), ]
  base <- sprintf("tekstvak2/models/%d", o - 1)
  out(paste0(base, "/n"), nrow(D))
  terms <- names(P)
  # A term aliased in the full model (glm: NA; spectrum = the sum of the
  # type_* dummies) is set aside as redundant before the first step.
  full <- glm(reformulate(terms, "y"), family = binomial, data = D,
              control = glm.control(epsilon = 1e-12, maxit = 100))
  red <- names(coef(full))[is.na(coef(full))]
  for (r in seq_along(red))
    out(sprintf("%s/redundant/%d/name", base, r - 1),
        preds[match(red[r], names(P))])
  terms <- setdiff(terms, red)
  step <- 0
  repeat {
    m <- glm(reformulate(terms, "y"), family = binomial, data = D,
             control = glm.control(epsilon = 1e-12, maxit = 100))
    if (step > 0) {
      out(sprintf("%s/steps/%d/removed", base, step), removed)
      out(sprintf("%s/steps/%d/lr_p", base, step), lrp)
    }
    dr <- drop1(m, test = "LRT")[-1, ]
    p <- dr[["Pr(>Chi)"]]
    stopifnot(all(dr$Df == 1))  # no removal of 0 df
    if (length(terms) == 0 || max(p) <= 0.10) break
    k <- which.max(p)
    removed <- preds[match(terms[k], names(P))]
    lrp <- p[k]
    terms <- terms[-k]
    step <- step + 1
  }
  last <- sprintf("%s/steps/%d/model", base, step)
  cf <- summary(m)$coefficients
  for (j in seq_along(terms)) {
    b <- cf[terms[j], ]
    tp <- sprintf("%s/terms/%d", last, j - 1)
    out(paste0(tp, "/b"), b[1])
    out(paste0(tp, "/se"), b[2])
    out(paste0(tp, "/wald"), (b[1] / b[2])^2)
    out(paste0(tp, "/p"), b[4])
    out(paste0(tp, "/exp_b"), exp(b[1]))
    out(paste0(tp, "/exp_b_low"), exp(b[1] - qnorm(0.975) * b[2]))
    out(paste0(tp, "/exp_b_high"), exp(b[1] + qnorm(0.975) * b[2]))
  }
  out(paste0(last, "/intercept/b"), cf[1, 1])
  out(paste0(last, "/minus2ll"), m$deviance)
  out(paste0(last, "/minus2ll_null"), m$null.deviance)
  cs <- 1 - exp((m$deviance - m$null.deviance) / nrow(D))
  out(paste0(last, "/cox_snell_r2"), cs)
  out(paste0(last, "/nagelkerke_r2"),
      cs / (1 - exp(-m$null.deviance / nrow(D))))
  pred <- fitted(m) >= 0.5
  out(paste0(last, "/classification/percent_correct"),
      100 * mean(pred == (D$y == 1)))
}

# ---- frequency appendix: every variable of the instrument but org_id, in
# instrument order (frame, questions, derived), within its own base and
# routing; category codes below 5 merged; numbers as mean, sd, quartiles;
# open answers only counted --------------------------------------------------
d$size_class <- ifelse(is.na(d$size), NA,
                ifelse(d$size == 1, 1, ifelse(d$size <= 3, 2, 3)))
hi <- function(x) x >= 4
d$zone <- ifelse(is.na(d$work_safe_mistakes) | is.na(d$work_improve), NA,
          ifelse(!hi(d$work_safe_mistakes) & !hi(d$work_improve), 1,
          ifelse(hi(d$work_safe_mistakes) & !hi(d$work_improve), 2,
          ifelse(!hi(d$work_safe_mistakes), 3, 4))))
codes <- function(l) sapply(l, function(c) c$code)
vl <- list()
add <- function(name, type, cds = NULL, base = "all", cond = NULL)
  vl[[length(vl) + 1]] <<- list(name = name, type = type, codes = cds,
                                base = base, cond = cond)
for (v in ins$frame) if (v$type != "id")
  add(v$name, v$type, if (!is.null(v$codes)) codes(v$codes))
for (b in ins$blocks) for (q in b$questions) {
  base <- if (!is.null(q$base)) q$base else b$base
  cds <- if (!is.null(q$codes)) codes(q$codes)
         else if (!is.null(q$scale)) codes(ins$scales[[q$scale]])
  if (q$type == "multi") for (o in q$options)
    add(o$name, "binary", c(0, 1), base, q$asked_if)
  if (q$type == "grid") for (it in q$items)
    add(it$name, "single", cds, base, q$asked_if)
  if (q$type == "single") add(q$id, "single", cds, base, q$asked_if)
  if (q$type == "text") add(q$id, "text", NULL, base, q$asked_if)
}
for (v in ins$derived) add(v$name, v$type, if (!is.null(v$codes))
                                              codes(v$codes))
cases <- nrow(d)
for (i in seq_along(vl)) {
  v <- vl[[i]]
  p <- sprintf("frequencies/variables/%d", i - 1)
  asked <- rep(TRUE, cases)
  if (v$base == "innovators") asked <- innov
  if (!is.null(v$cond)) {
    x <- d[[v$cond$var]]
    asked <- asked & !is.na(x) & get(v$cond$op)(x, v$cond$value)
  }
  x <- d[[v$name]][asked]
  valid <- if (v$type == "text") !is.na(x) & x != ""
           else if (is.null(v$codes)) !is.na(x)
           else !is.na(x) & x %in% v$codes
  n <- sum(valid)
  out(paste0(p, "/variable"), v$name)
  out(paste0(p, "/asked"), sum(asked))
  out(paste0(p, "/not_asked"), cases - sum(asked))
  out(paste0(p, "/n"), n)
  out(paste0(p, "/missing"), sum(asked) - n)
  if (v$type == "text" || n < 5) next
  if (is.null(v$codes)) {
    s <- x[valid]
    q <- quantile(s, c(.25, .5, .75), type = 7, names = FALSE)
    out(paste0(p, "/summary/mean"), mean(s))
    if (n > 1) out(paste0(p, "/summary/sd"), sd(s))
    out(paste0(p, "/summary/q1"), q[1])
    out(paste0(p, "/summary/median"), q[2])
    out(paste0(p, "/summary/q3"), q[3])
    next
  }
  cnt <- sapply(v$codes, function(c) sum(x[valid] == c))
  small <- v$type == "category" & cnt > 0 & cnt < 5
  k <- 0
  for (j in seq_along(cnt)) {
    if (small[j]) next
    out(sprintf("%s/categories/%d/count", p, k), cnt[j])
    out(sprintf("%s/categories/%d/percent", p, k), 100 * cnt[j] / n)
    k <- k + 1
  }
  if (any(small) && sum(cnt[small]) >= 5) {
    out(paste0(p, "/merged/count"), sum(cnt[small]))
    out(paste0(p, "/merged/percent"), 100 * sum(cnt[small]) / n)
  }
}
