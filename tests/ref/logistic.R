# Reference values for tests/test_logistic.c: binary logistic regression as
# R's glm(family = binomial) fits it, on the design matrices in
# tests/data/stats/logit_*.csv (made by tests/ref/logistic_data.R).
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/logistic.R
# It writes tests/ref/logistic_{terms,models,steps,step_terms,separation,
# redundant}.csv.
#
# glm gives B, SE, z (Wald = z^2), p, the deviance (-2LL) and the null
# deviance. Computed here from the fit: Exp(B) and exp(B -/+ qnorm(.975) SE),
# Cox & Snell and Nagelkerke R2, the classification table at 0.5
# (predicted 1 when p > 0.5), Hosmer-Lemeshow with the grouping documented in
# docs/internals/stats.md (hl_groups below), and backward elimination by
# likelihood ratio with drop1(fit, test = "LRT") in a loop (remove the term
# with the largest p while p > 0.10). A term aliased in the full model (NA in
# glm: a linear combination of the constant and earlier terms) is set aside
# before the first step, as SPSS declares it redundant; least squares gives
# the terms it is a combination of (logistic_redundant.csv), and the loop runs
# on the design without it.
options(digits = 17)
# 1e-12: tighter than glm's 1e-8; at 1e-14 the aliased fixture never settles
# (R re-detects the rank at every iteration).
ctl <- glm.control(epsilon = 1e-12, maxit = 100)
dir <- "tests/data/stats"
read_fixture <- function(name) {
  d <- read.csv(file.path(dir, paste0("logit_", name, ".csv")))
  na.omit(d) # complete cases, once, for every model of this fixture
}
num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

fit_model <- function(d, cols) {
  f <- if (length(cols) == 0) y ~ 1 else reformulate(cols, "y")
  fit <- glm(f, family = binomial, data = d, control = ctl)
  # glm's SEs come from the weights of the last iteration's starting point;
  # one more iteration from the estimate puts them at the estimate itself
  # (at epsilon 1e-12 they could otherwise be off by about 1e-6).
  start <- coef(fit)
  start[is.na(start)] <- 0
  glm(f, family = binomial, data = d, control = ctl, start = start)
}

# Hosmer-Lemeshow: cases sorted by fitted probability (ties between
# different covariate patterns broken by the predictor values, in column
# order); a tie class is a run of cases with the same covariate pattern (so
# the same fitted probability) and goes whole into group
# floor(10 * r / n) + 1, r = the number of cases before the class; empty
# groups are dropped; df = groups - 2.
hl_groups <- function(p, X) {
  n <- length(p)
  o <- do.call(order, c(list(p), unname(as.list(as.data.frame(X)))))
  Xs <- X[o, , drop = FALSE]
  newclass <- c(TRUE, if (n > 1) rowSums(Xs[-1, , drop = FALSE] !=
                                        Xs[-n, , drop = FALSE]) > 0)
  start <- (seq_len(n) - 1)[newclass][cumsum(newclass)]
  g <- integer(n)
  g[o] <- (10 * start) %/% n + 1
  g
}
hosmer_lemeshow <- function(fit, d) {
  p <- fitted(fit)
  X <- as.matrix(d[, -1, drop = FALSE])
  g <- hl_groups(p, X)
  o1 <- tapply(d$y, g, sum); e1 <- tapply(p, g, sum)
  ng <- tapply(p, g, length)
  chisq <- sum((o1 - e1)^2 / e1 + ((ng - o1) - (ng - e1))^2 / (ng - e1))
  df <- length(ng) - 2
  c(chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))
}

terms_out <- "fixture,term,aliased,b,se,wald,p,exp_b,exp_b_low,exp_b_high"
models_out <- paste0("fixture,n,minus2ll,minus2ll_null,cox_snell_r2,",
                     "nagelkerke_r2,hl_chisq,hl_df,hl_p,t00,t01,t10,t11,",
                     "percent_correct")
steps_out <- paste0("fixture,step,removed,lr_chisq,lr_p,minus2ll,n_terms,",
                    "nagelkerke_r2")
redundant_out <- "fixture,term,intercept,of"
step_terms_out <- "fixture,step,term,b,se"
z975 <- qnorm(0.975)

full_model <- function(name) {
  d <- read_fixture(name)
  preds <- names(d)[-1]
  fit <- fit_model(d, preds)
  stopifnot(fit$converged)
  co <- coef(fit)
  s <- summary(fit)$coefficients
  for (t in 0:length(preds)) {
    nm <- if (t == 0) "(Intercept)" else preds[t]
    if (is.na(co[nm])) {
      terms_out <<- c(terms_out, sprintf("%s,%d,1,NA,NA,NA,NA,NA,NA,NA",
                                         name, t - 1))
      next
    }
    b <- s[nm, 1]; se <- s[nm, 2]; z <- s[nm, 3]
    terms_out <<- c(terms_out, paste(name, t - 1, 0, num(b), num(se),
                                     num(z^2), num(s[nm, 4]), num(exp(b)),
                                     num(exp(b - z975 * se)),
                                     num(exp(b + z975 * se)), sep = ","))
  }
  n <- nrow(d)
  dev <- deviance(fit); dev0 <- fit$null.deviance
  cs <- 1 - exp(-(dev0 - dev) / n)
  nk <- cs / (1 - exp(-dev0 / n))
  hl <- hosmer_lemeshow(fit, d)
  pred <- as.integer(fitted(fit) > 0.5)
  tab <- table(factor(d$y, 0:1), factor(pred, 0:1))
  models_out <<- c(models_out, paste(
    name, n, num(dev), num(dev0), num(cs), num(nk), num(hl[["chisq"]]),
    hl[["df"]], num(hl[["p"]]), tab[1, 1], tab[1, 2], tab[2, 1], tab[2, 2],
    num(100 * (tab[1, 1] + tab[2, 2]) / n), sep = ","))
}

record_step <- function(name, step, removed, lr, p, fit, d, cols) {
  n <- nrow(d)
  dev <- deviance(fit); dev0 <- fit$null.deviance
  nk <- (1 - exp(-(dev0 - dev) / n)) / (1 - exp(-dev0 / n))
  steps_out <<- c(steps_out, paste(name, step, removed, num(lr), num(p),
                                   num(dev), length(cols), num(nk),
                                   sep = ","))
  s <- summary(fit)$coefficients
  idx <- c(-1, match(cols, names(d)[-1]) - 1)
  for (k in seq_along(idx))
    step_terms_out <<- c(step_terms_out, paste(name, step, idx[k],
                                               num(s[k, 1]), num(s[k, 2]),
                                               sep = ","))
}

backward <- function(name, p_remove = 0.10) {
  d <- read_fixture(name)
  cols <- names(d)[-1]
  fit <- fit_model(d, cols)
  # Redundant terms: aliased in the full model, set aside before step 0.
  co <- coef(fit)
  red <- names(co)[is.na(co)]
  if (length(red) > 0) {
    X <- model.matrix(fit)
    keep <- setdiff(colnames(X), red)
    for (t in red) {
      # the combination: least squares of the term on the kept columns
      # (what alias() reports; it needs MASS), terms with a weight
      w <- qr.coef(qr(X[, keep, drop = FALSE]), X[, t])
      w <- w[abs(w) * sqrt(colSums(X[, keep, drop = FALSE]^2)) >
             1e-6 * sqrt(sum(X[, t]^2))]
      of <- setdiff(names(w), "(Intercept)")
      redundant_out <<- c(redundant_out, paste(
        name, match(t, names(d)[-1]) - 1,
        as.integer("(Intercept)" %in% names(w)),
        paste(match(of, names(d)[-1]) - 1, collapse = ";"), sep = ","))
    }
    cols <- setdiff(cols, red)
    fit <- fit_model(d, cols)
  }
  record_step(name, 0, -1, NA, NA, fit, d, cols)
  step <- 0
  while (length(cols) > 0) {
    dr <- drop1(fit, test = "LRT")
    ps <- dr[cols, "Pr(>Chi)"]
    j <- which.max(ps)
    if (ps[j] <= p_remove) break
    step <- step + 1
    removed <- match(cols[j], names(d)[-1]) - 1
    lr <- dr[cols[j], "LRT"]
    cols <- cols[-j]
    fit <- fit_model(d, cols)
    record_step(name, step, removed, lr, ps[j], fit, d, cols)
  }
}

for (name in c("quality", "efficiency", "satisfaction", "alias", "large"))
  full_model(name)
for (name in c("quality", "efficiency", "satisfaction", "large", "alias",
              "redundant"))
  backward(name)

# Separation: what glm prints for the hand-made cases (for the record; the
# C code must refuse these fits). Not compared, only documented.
sep_out <- "fixture,max_abs_b,max_se,glm_warning"
for (name in c("sep_complete", "sep_dummy", "sep_quasi", "sep_combo")) {
  d <- read_fixture(name)
  warn <- ""
  fit <- withCallingHandlers(fit_model(d, names(d)[-1]), warning = function(w) {
    warn <<- conditionMessage(w); invokeRestart("muffleWarning")
  })
  s <- summary(fit)$coefficients
  sep_out <- c(sep_out, paste(name, num(max(abs(s[, 1]))), num(max(s[, 2])),
                              paste0('"', warn, '"'), sep = ","))
}

writeLines(terms_out, "tests/ref/logistic_terms.csv")
writeLines(models_out, "tests/ref/logistic_models.csv")
writeLines(steps_out, "tests/ref/logistic_steps.csv")
writeLines(step_terms_out, "tests/ref/logistic_step_terms.csv")
writeLines(sep_out, "tests/ref/logistic_separation.csv")
writeLines(redundant_out, "tests/ref/logistic_redundant.csv")
