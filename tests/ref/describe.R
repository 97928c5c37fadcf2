# Reference values for tests/test_describe.c.
#
# Writes the fixture tests/data/stats/describe_vectors.csv (long format:
# vector,value; an empty value is missing) and, computed from that fixture as
# read back, the expected values:
#   tests/ref/describe.csv           n, mean, sd, min, max, G1, G2
#   tests/ref/describe_quantiles.csv quantile(type = 7) at 0 .25 .5 .75 .9 1
#   tests/ref/describe_boxplot.csv   type-7 quartiles, 1.5 IQR whiskers
#   tests/ref/describe_outliers.csv  the outliers of each vector, ascending
#   tests/ref/describe_shapiro.csv   shapiro.test W and p
# and tests/data/stats/describe_skewed.csv (one column) for describe.sps.
#
# Skewness and kurtosis are the bias-adjusted G1 and G2 of SPSS/PSPP
# (e1071::skewness/kurtosis type = 2), written out here by their formulas so
# that the script needs no package. Boxplot statistics are NOT
# boxplot.stats(): that uses Tukey's hinges (fivenum), while our spec fixes
# type-7 quartiles; the whisker and outlier rules are written out below.
#
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/describe.R
options(digits = 17)
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

wave <- read.csv("tests/data/stats/wave366.csv")
clim <- as.matrix(wave[, grep("^clim_", names(wave))])
answered <- rowSums(!is.na(clim))
clim_score <- ifelse(answered >= ncol(clim) / 2,
                     rowMeans(clim, na.rm = TRUE), NA)

set.seed(2021); skewed <- round(rlnorm(60, 0, 0.9), 6)
set.seed(12);   sw12   <- round(rexp(12), 6)
set.seed(50);   sw50   <- round(rgamma(50, 2), 6)
set.seed(366);  sw366  <- round(rt(366, 5), 6)
set.seed(5000); sw5000 <- rnorm(5000, 10, 2)
set.seed(3);    sw5    <- round(runif(5), 4)

vectors <- list(
  small  = c(3.2, 1.5, 4.8, 2.0, 6.1),
  ties   = c(1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 1, 3, 4),
  nas    = c(4, NA, 2.5, 7, NA, 1, 3.5, 9, NA, 5, 30),
  clim   = clim_score,
  skewed = skewed,
  sw3    = c(1.3, 2.1, 7.4),
  sw4    = c(0.5, 1.1, 1.2, 3.9),
  sw5    = sw5,
  sw11   = qnorm(ppoints(11)),
  sw12   = sw12,
  sw50   = sw50,
  sw366  = sw366,
  sw5000 = sw5000,
  two    = c(5, 8)
)

fixture <- "tests/data/stats/describe_vectors.csv"
con <- file(fixture, "w")
cat("vector,value\n", file = con)
for (name in names(vectors)) {
  v <- vectors[[name]]
  cat(sprintf("%s,%s\n", name, ifelse(is.na(v), "", sprintf("%.17g", v))),
      sep = "", file = con)
}
close(con)

# Compute everything from the fixture as read back, so that R and C see the
# same doubles.
long <- read.csv(fixture, stringsAsFactors = FALSE)
vectors <- split(long$value, factor(long$vector, levels = names(vectors)))

g1 <- function(x) {            # SPSS/PSPP skewness, e1071 type 2
  n <- length(x); d <- x - mean(x)
  m2 <- sum(d^2) / n; m3 <- sum(d^3) / n
  if (n < 3 || m2 == 0) return(NA)
  (m3 / m2^1.5) * sqrt(n * (n - 1)) / (n - 2)
}
g2 <- function(x) {            # SPSS/PSPP excess kurtosis, e1071 type 2
  n <- length(x); d <- x - mean(x)
  m2 <- sum(d^2) / n; m4 <- sum(d^4) / n
  if (n < 4 || m2 == 0) return(NA)
  ((n + 1) * (m4 / m2^2 - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
}
# Cross-check the hand formulas against e1071 where it is installed.
if (requireNamespace("e1071", quietly = TRUE)) {
  for (v in vectors) {
    x <- v[!is.na(v)]
    if (length(x) >= 4) {
      stopifnot(isTRUE(all.equal(g1(x), e1071::skewness(x, type = 2))))
      stopifnot(isTRUE(all.equal(g2(x), e1071::kurtosis(x, type = 2))))
    }
  }
}

desc <- file("tests/ref/describe.csv", "w")
cat("vector,n,mean,sd,min,max,skewness,kurtosis\n", file = desc)
quant <- file("tests/ref/describe_quantiles.csv", "w")
cat("vector,p,q\n", file = quant)
box <- file("tests/ref/describe_boxplot.csv", "w")
cat("vector,n,q1,median,q3,mean,whisker_low,whisker_high,noutliers\n",
    file = box)
outl <- file("tests/ref/describe_outliers.csv", "w")
cat("vector,value\n", file = outl)
sw <- file("tests/ref/describe_shapiro.csv", "w")
cat("vector,n,w,p\n", file = sw)

probs <- c(0, 0.25, 0.5, 0.75, 0.9, 1)
for (name in names(vectors)) {
  x <- vectors[[name]]
  x <- x[!is.na(x)]
  n <- length(x)
  cat(name, n, fmt(mean(x)), fmt(sd(x)), fmt(min(x)), fmt(max(x)),
      fmt(g1(x)), fmt(g2(x)), sep = ",", file = desc)
  cat("\n", file = desc)

  q <- quantile(x, probs, type = 7, names = FALSE)
  for (i in seq_along(probs))
    cat(sprintf("%s,%s,%s\n", name, fmt(probs[i]), fmt(q[i])), file = quant)

  # Boxplot: hinges at the type-7 quartiles; fences 1.5 IQR beyond them;
  # whiskers at the most extreme values inside the fences; outliers beyond.
  qs <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
  iqr <- qs[3] - qs[1]
  lo_fence <- qs[1] - 1.5 * iqr
  hi_fence <- qs[3] + 1.5 * iqr
  inside <- x[x >= lo_fence & x <= hi_fence]
  out <- sort(x[x < lo_fence | x > hi_fence])
  cat(name, n, fmt(qs[1]), fmt(qs[2]), fmt(qs[3]), fmt(mean(x)),
      fmt(min(inside)), fmt(max(inside)), length(out), sep = ",", file = box)
  cat("\n", file = box)
  for (o in out) cat(sprintf("%s,%s\n", name, fmt(o)), file = outl)

  if (n >= 3 && n <= 5000) {
    s <- shapiro.test(x)
    cat(sprintf("%s,%d,%s,%s\n", name, n, fmt(unname(s$statistic)),
                fmt(s$p.value)), file = sw)
  }
}
close(desc); close(quant); close(box); close(outl); close(sw)

# One vector for PSPP DESCRIPTIVES (tests/ref/describe.sps).
writeLines(sprintf("%.17g", vectors$skewed),
           "tests/data/stats/describe_skewed.csv")
