# Reference values for tests/test_hypothesis.c.
#   tests/ref/hypothesis_ztest.csv  prop.test(c(x1, x2), c(n1, n2),
#                                   correct = FALSE): p and X-squared (= z^2)
#   tests/ref/hypothesis_binom.csv  binom.test(x, n, p0)$p.value
#   tests/ref/hypothesis_chisq.csv  chisq.test(t, correct = FALSE) on the
#                                   table with empty rows and columns
#                                   dropped; Cramer's V by its formula,
#                                   sqrt(X2 / (N (min(r, c) - 1)))
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/hypothesis.R
fmt <- function(v) sprintf("%.17g", v)

z <- data.frame(
  x1 = c(30, 120, 5, 0, 50, 313, 1, 200, 17, 366),
  n1 = c(100, 366, 20, 50, 50, 366, 10, 1000, 40, 366),
  x2 = c(45, 80, 15, 3, 45, 250, 9, 230, 12, 300),
  n2 = c(100, 313, 25, 40, 50, 313, 10, 1000, 60, 313))
con <- file("tests/ref/hypothesis_ztest.csv", "w")
cat("x1,n1,x2,n2,diff,z,p,xsquared\n", file = con)
for (i in seq_len(nrow(z))) {
  r <- suppressWarnings(prop.test(c(z$x1[i], z$x2[i]), c(z$n1[i], z$n2[i]),
                                  correct = FALSE))
  diff <- z$x1[i] / z$n1[i] - z$x2[i] / z$n2[i]
  x2 <- unname(r$statistic)
  cat(sprintf("%d,%d,%d,%d,%s,%s,%s,%s\n", z$x1[i], z$n1[i], z$x2[i],
              z$n2[i], fmt(diff), fmt(sign(diff) * sqrt(x2)),
              fmt(r$p.value), fmt(x2)), file = con)
}
close(con)

b <- data.frame(
  x  = c(7, 3, 290, 280, 300, 310, 0, 366, 0, 10, 5, 1, 0, 2, 5, 1, 25,
         682, 4, 12,
         # large waves (1,000,000 cases): both sides, near and far tails
         499000, 501200, 86150, 430910, 300, 280, 999000, 998950),
  n  = c(20, 10, 366, 366, 366, 366, 366, 366, 10, 10, 10, 1, 5, 5, 5, 40,
         40, 925, 6, 12,
         1e6, 1e6, 1e5, 1e6, 1e6, 1e6, 1e6, 1e6),
  p0 = c(0.5, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.3, 0.3, 0.5, 0.5, 0, 0,
         1, 0.1, 0.45, 0.75, 2 / 3, 0.95,
         0.5, 0.5, 0.86, 0.43, 0.0003, 0.0003, 0.999, 0.999))
con <- file("tests/ref/hypothesis_binom.csv", "w")
cat("x,n,p0,p\n", file = con)
for (i in seq_len(nrow(b)))
  cat(sprintf("%d,%d,%s,%s\n", b$x[i], b$n[i], fmt(b$p0[i]),
              fmt(binom.test(b$x[i], b$n[i], b$p0[i])$p.value)), file = con)
close(con)

wave <- read.csv("tests/data/stats/wave366.csv")
tables <- list(
  t2x3 = matrix(c(12, 25, 31, 20, 18, 9), 2, byrow = TRUE),
  t3x3 = matrix(c(30, 12, 8, 14, 22, 16, 6, 11, 27), 3, byrow = TRUE),
  zero_row = matrix(c(10, 4, 6, 0, 0, 0, 3, 9, 12, 5, 5, 2), 4,
                    byrow = TRUE),
  zero_col = matrix(c(7, 0, 13, 2, 11, 0, 4, 6), 2, byrow = TRUE),
  t2x2 = matrix(c(120, 246, 80, 233), 2, byrow = TRUE),
  sector_innovated = unclass(table(wave$sector, wave$innovated))
)
con <- file("tests/ref/hypothesis_chisq.csv", "w")
cat("table,rows,cols,counts,statistic,df,p,cramers_v,min_expected,",
    "cells_below_5\n", sep = "", file = con)
for (name in names(tables)) {
  t <- tables[[name]]
  kept <- t[rowSums(t) > 0, colSums(t) > 0, drop = FALSE]
  r <- suppressWarnings(chisq.test(kept, correct = FALSE))
  x2 <- unname(r$statistic)
  v <- sqrt(x2 / (sum(kept) * (min(dim(kept)) - 1)))
  cat(sprintf("%s,%d,%d,%s,%s,%d,%s,%s,%s,%d\n", name, nrow(t), ncol(t),
              paste(as.vector(t(t)), collapse = " "), fmt(x2),
              unname(r$parameter), fmt(r$p.value), fmt(v),
              fmt(min(r$expected)), sum(r$expected < 5)), file = con)
}
close(con)

# Trend in proportions: prop.trend.test(x, n, score); the slope is that of
# the weighted regression of x/n on the score (weights n).
trends <- list(
  rising = list(x = c(10, 18, 25, 30), n = c(50, 50, 50, 50), s = 1:4),
  falling = list(x = c(40, 30, 22, 9), n = c(60, 55, 50, 40), s = 1:4),
  flat = list(x = c(10, 20, 30), n = c(40, 80, 120), s = 1:3),
  two = list(x = c(120, 80), n = c(366, 313), s = c(0, 1)),
  scores = list(x = c(3, 11, 20, 14), n = c(21, 37, 44, 19),
                s = c(1, 2, 4, 8)),
  phase_like = list(x = c(23, 41, 38, 25), n = c(74, 86, 64, 31), s = 1:4),
  gap = list(x = c(5, 9, 17), n = c(30, 28, 33), s = c(1, 3, 4))
)
con <- file("tests/ref/hypothesis_trend.csv", "w")
cat("name,k,x,n,score,statistic,p,slope\n", file = con)
for (name in names(trends)) {
  t <- trends[[name]]
  r <- prop.trend.test(t$x, t$n, t$s)
  slope <- unname(coef(lm(p ~ s, data = list(p = t$x / t$n, s = t$s),
                          weights = t$n))[2])
  cat(sprintf("%s,%d,%s,%s,%s,%s,%s,%s\n", name, length(t$x),
              paste(t$x, collapse = " "), paste(t$n, collapse = " "),
              paste(t$s, collapse = " "), fmt(unname(r$statistic)),
              fmt(r$p.value), fmt(slope)), file = con)
}
close(con)
