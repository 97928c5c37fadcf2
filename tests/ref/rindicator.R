# Reference values for tests/test_rindicator.c: the R-indicator, its
# standard error and bias adjustment, the coefficient of variation, the
# maximal absolute bias and the unconditional and conditional partial
# R-indicators, computed here in base R from glm(family = binomial) on the
# frames in tests/data/stats/rind_*.csv (made by
# tests/ref/rindicator_data.R).
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/rindicator.R
# It writes tests/ref/rindicator_{overall,variables,categories,remind,
# propensity}.csv.
#
# The formulas are those of docs/internals/rindicator.md: Schouten, Cobben
# and Bethlehem (2009) for R, CV and the maximal bias; Shlomo, Skinner and
# Schouten (2012) for the bias adjustment and the standard error, in the
# form the RISQ project's R code (version 2.1, de Heij, Schouten and Shlomo
# 2015) computes them for a simple random sample (constant design weights);
# Schouten, Shlomo and Skinner (2011) for the partial indicators. Written
# out here from the formulas, in base R only.
options(digits = 17)
invisible(Sys.setlocale("LC_COLLATE", "C")) # factor levels in byte order
# Every quantity for one frame d: auxiliary variables (factors), response
# (0/1) and optionally weight; epsilon is glm's convergence criterion
# (1e-14 for the reference values; at a million units glm cannot get the
# relative change of the deviance below 1e-14, so bench/rindicator.R, which
# sources this file for this function alone, uses glm's default 1e-8).
rindicator <- function(d, epsilon = 1e-14) {
  ctl <- glm.control(epsilon = epsilon, maxit = 100)
  vars <- setdiff(names(d), c("response", "weight"))
  n <- nrow(d)
  w <- if ("weight" %in% names(d)) d$weight else rep(1, n)
  stopifnot(all(w == w[1])) # simple random sample: one design weight
  f <- reformulate(vars, "response")
  # Prior weights normalised to mean 1 (RISQ; for a constant design weight
  # they are all 1). Aliased dummies are found as glm finds them at its
  # default settings (LINPACK QR with limited pivoting, tolerance 1e-7;
  # glm itself lowers the tolerance to epsilon / 1000, which misses them at
  # a small epsilon or a million units) and left out; the model is fitted
  # on the full-rank design at glm's default epsilon, then to epsilon from
  # that estimate.
  d$.w <- w / mean(w)
  mm <- model.matrix(f, d)
  qx <- qr(mm, tol = 1e-7)
  keep <- seq_len(ncol(mm)) %in% qx$pivot[seq_len(qx$rank)]
  X <- mm[, keep, drop = FALSE]
  fit0 <- glm.fit(X, d$response, weights = d$.w, family = binomial())
  fit <- glm.fit(X, d$response, weights = d$.w, start = coef(fit0),
                 family = binomial(), control = ctl)
  stopifnot(fit$converged, fit$rank == ncol(X))
  rho <- unname(fitted(fit))
  # The covariance of the estimable coefficients, at the estimate.
  Sigma <- solve(crossprod(X * sqrt(d$.w * rho * (1 - rho))))

  N <- sum(w)
  rbar <- sum(w * rho) / N
  var_u <- sum(w * (rho - rbar)^2) / (N - 1) # S^2, denominator N - 1
  var_ml <- sum(w * (rho - rbar)^2) / N
  S <- sqrt(var_u)
  R <- 1 - 2 * S

  # Variance of the estimated total of y under simple random sampling of n
  # from N (0 when the frame is the whole population, n = N).
  vt <- function(y) N^2 * (1 - n / N) * var(y) / n
  z <- rho * (1 - rho) * X # d rho / d beta
  lambda1 <- sum(w * rowSums((z %*% Sigma) * z))
  lambda2 <- vt(rho) / N
  bias <- (lambda1 - lambda2) / N
  bf <- if (bias > var_u) 0 else 1 - bias / var_u
  R_adj <- 1 - 2 * sqrt(var_u * bf)

  wn <- w / N
  zc <- sweep(z, 2, colSums(wn * z))
  A <- colSums(wn * (rho - rbar) * zc)
  B <- crossprod(sqrt(wn) * zc)
  C <- vt((rho - rbar)^2)
  r_var <- (4 * drop(t(A) %*% Sigma %*% A) +
            2 * sum(diag(B %*% Sigma %*% B %*% Sigma)) + C / N^2) / var_ml
  cv <- S / rbar
  cv_adj <- sqrt(var_u * bf) / rbar
  cv_se <- sqrt(0.25 * r_var / rbar^2 + cv_adj^4 / n)

  overall <- data.frame(
    n = n, population = N, respondents = sum(d$response),
    aliased = sum(!keep), mean = rbar, sd = S, r = R, r_adj = R_adj,
    bias_factor = bf, r_se = sqrt(r_var), cv = cv, cv_adj = cv_adj,
    cv_se = cv_se, max_bias = (1 - R) / (2 * rbar),
    max_bias_adj = (1 - R_adj) / (2 * rbar))

  variables <- NULL
  categories <- NULL
  for (v in vars) {
    x <- d[[v]]
    Nk <- tapply(w, x, sum)
    rk <- tapply(w * rho, x, sum) / Nk
    pu_k <- sign(rk - rbar) * sqrt(Nk * (rk - rbar)^2 / N)
    others <- setdiff(vars, v)
    cell_mean <- if (length(others) == 0) rep(rbar, n) else {
      cell <- interaction(d[others], drop = TRUE)
      ave(w * rho, cell, FUN = sum) / ave(w, cell, FUN = sum)
    }
    pc_k <- sqrt(tapply(wn * (rho - cell_mean)^2, x, sum))
    # Standard errors per category (RISQ 2.1): unconditional from the
    # design variances of the category's and the rest's totals of rho;
    # conditional from pd = rho - cell mean and zd = z - cell mean of z.
    zmean <- if (length(others) == 0)
      matrix(colSums(wn * z), n, ncol(z), byrow = TRUE) else
      apply(z, 2, function(col) ave(w * col, cell, FUN = sum) /
                                ave(w, cell, FUN = sum))
    pd <- rho - cell_mean
    zd <- z - zmean
    pu_se_k <- pc_se_k <- numeric(nlevels(x))
    for (k in seq_len(nlevels(x))) {
      delta <- as.numeric(x == levels(x)[k])
      v1 <- vt(delta * rho)
      v2 <- vt((1 - delta) * rho)
      pu_se_k[k] <- sqrt(Nk[k] / N * (v1 * (1 / Nk[k] - 1 / N)^2 +
                                    v2 * (1 / N)^2))
      zdw <- zd * delta * w
      Ak <- colSums(pd * zdw)
      Bk <- crossprod(zd, zdw)
      # P_C(X = k) = 0 up to rounding (every unit of k alone with its
      # covariate pattern in its cell): 0 / 0, no SE.
      pc_se_k[k] <- if (pc_k[k] <= 1e-12 * S) NA else
        sqrt(0.25 * (4 * drop(t(Ak) %*% Sigma %*% Ak) +
                     2 * sum(diag(Bk %*% Sigma %*% Bk %*% Sigma)) +
                     vt(pd^2 * delta)) / (N * sum(pd^2 * delta * w)))
    }
    # SE of P_U(X) (RISQ): half the SE of R for the model of X alone.
    pu_se <- if (length(others) == 0) sqrt(r_var) / 2 else
      rindicator(d[setdiff(names(d), c(others, ".w"))],
                 epsilon)$overall$r_se / 2
    variables <- rbind(variables, data.frame(
      variable = v, pu = sqrt(sum(pu_k^2)), pu_adj = sqrt(sum(pu_k^2) * bf),
      pc = sqrt(sum(pc_k^2)), pc_adj = sqrt(sum(pc_k^2) * bf),
      pu_se = pu_se))
    categories <- rbind(categories, data.frame(
      variable = v, category = levels(x), units = as.vector(table(x)),
      respondents = as.vector(tapply(d$response, x, sum)),
      rho_mean = as.vector(rk), pu = as.vector(pu_k), pc = as.vector(pc_k),
      pu_se = pu_se_k, pc_se = pc_se_k, vi = match(v, vars),
      ci = seq_along(levels(x))))
  }
  # Which groups to remind first: the categories whose response falls short
  # (P_U(X = k) < 0), most negative first.
  neg <- categories[categories$pu < 0, ]
  neg <- neg[order(neg$pu, neg$vi, neg$ci), ]
  remind <- data.frame(rank = seq_len(nrow(neg)), variable = neg$variable,
                       category = neg$category)
  categories$vi <- NULL
  categories$ci <- NULL
  list(overall = overall, variables = variables, categories = categories,
       remind = remind, rho = rho)
}

read_frame <- function(path) {
  d <- read.csv(path, stringsAsFactors = FALSE)
  for (v in setdiff(names(d), c("response", "weight"))) d[[v]] <- factor(d[[v]])
  d
}

if (sys.nframe() == 0) { # run as a script, not sourced
  dir <- "tests/data/stats"
  fixtures <- c("frame1374", "sample1374", "early1374", "crossed600")
  num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
  out <- list(overall = NULL, variables = NULL, categories = NULL,
              remind = NULL, propensity = NULL)
  for (name in fixtures) {
    r <- rindicator(read_frame(file.path(dir, paste0("rind_", name, ".csv"))))
    r$propensity <- data.frame(row = seq_along(r$rho), rho = r$rho)
    for (part in names(out))
      if (nrow(r[[part]]) > 0)
        out[[part]] <- rbind(out[[part]], cbind(fixture = name, r[[part]]))
  }
  write_ref <- function(d, file) {
    for (col in names(d)) if (is.double(d[[col]])) d[[col]] <- num(d[[col]])
    write.csv(d, file.path("tests/ref", file), row.names = FALSE,
              quote = FALSE)
  }
  for (part in names(out))
    write_ref(out[[part]], paste0("rindicator_", part, ".csv"))
}
