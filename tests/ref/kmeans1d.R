# Reference values for tests/test_kmeans1d.c: the exact optimum of 1-D
# k-means (least total within-group sum of squares over partitions into k
# groups of consecutive sorted values), found by brute force over every set
# of k - 1 cut points between distinct sorted values. Ckmeans.1d.dp is not
# packaged for Debian; brute force needs nothing but base R.
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/kmeans1d.R
# It writes the input vectors to tests/data/stats/kmeans_<case>.csv (one
# column x, empty = missing) and the results to tests/ref/kmeans1d_cases.csv
# and tests/ref/kmeans1d_groups.csv.

# The optimum for k groups over the distinct values u with counts w.
brute <- function(x, k) {
  x <- x[!is.na(x)]
  u <- sort(unique(x))
  w <- as.vector(table(factor(x, levels = u)))
  d <- length(u)
  stopifnot(d >= k)
  s <- u - median(x)                       # centred, for the prefix sums
  W <- c(0, cumsum(w)); S <- c(0, cumsum(w * s)); Q <- c(0, cumsum(w * s^2))
  seg <- function(i, j) {                  # cost of distinct values i..j
    ww <- W[j + 1] - W[i]; ss <- S[j + 1] - S[i]
    pmax(Q[j + 1] - Q[i] - ss^2 / ww, 0)
  }
  if (k == 1) {
    ends <- matrix(d, nrow = 1)
  } else {
    cuts <- combn(d - 1, k - 1)            # ends of groups 1..k-1
    ends <- rbind(cuts, d)
  }
  starts <- rbind(1, ends[-nrow(ends), , drop = FALSE] + 1)
  total <- colSums(matrix(seg(starts, ends), nrow = nrow(ends)))
  best <- which.min(total)
  e <- ends[, best]
  # group of each distinct value, then of each case
  gu <- findInterval(seq_len(d), c(1, e[-k] + 1))
  g <- gu[match(x, u)]
  centers <- as.vector(tapply(x, g, mean))
  sizes <- as.vector(table(g))
  withinss <- sum((x - centers[g])^2)
  totss <- sum((x - mean(x))^2)
  hi <- tapply(x, g, max); lo <- tapply(x, g, min)
  cut <- c((hi[-k] + lo[-1]) / 2, NA)
  list(centers = centers, sizes = sizes, withinss = withinss,
       betweenss = totss - withinss, cut = as.vector(cut), n = length(x))
}

vectors <- list()
# The climate-like score of the simulated wave: the mean of the ten strong
# clim_* items a case answered, missing when fewer than half were answered.
clim <- read.csv("tests/data/stats/scale_clim366.csv")
strong <- clim[, setdiff(names(clim), c("clim_collab_external",
                                        "clim_adopt_elsewhere"))]
answered <- rowSums(!is.na(strong))
score <- rowMeans(strong, na.rm = TRUE)
score[answered < ncol(strong) / 2] <- NA
vectors$climate366 <- score
# Many distinct values: a three-part normal mixture.
set.seed(2011)
vectors$mixture300 <- c(rnorm(150, 3.2, 0.35), rnorm(100, 3.9, 0.2),
                        rnorm(50, 4.5, 0.15))
# Small vectors, with ties.
vectors$small_ties <- c(1, 1, 1, 2, 2, 5, 5, 5, 9, 10, 10, 4, 7, 7)
vectors$small_negative <- c(-3.5, -3.1, -2.2, -0.4, 0, 0.3, 0.35, 1.8,
                            2.6, 2.7, 6.1, -7)
# A large offset: the sums must not lose the small differences.
set.seed(17)
vectors$offset1e6 <- 1e6 + round(c(rnorm(12, 0, 1), rnorm(8, 5, 1)), 4)
# As many distinct values as groups.
vectors$three_values <- c(3, 1, 2, 2, 3, 1, 1)
# Where R's kmeans(x, 3, nstart = 1) after set.seed(1) stops in a worse
# local optimum than the exact one.
vectors$local_trap <- c(seq(0, 1, length.out = 30), seq(3, 4, length.out = 5),
                        seq(6, 7, length.out = 5), 15)

ks <- list(climate366 = 2:4, mixture300 = 2:3, small_ties = 1:4,
           small_negative = 2:4, offset1e6 = 2:3, three_values = 3,
           local_trap = 3)

f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
lc <- "case,k,n,withinss,betweenss,r_kmeans_withinss"
lg <- "case,k,group,center,size,cut"
for (nm in names(vectors)) {
  x <- vectors[[nm]]
  writeLines(c("x", ifelse(is.na(x), "", sprintf("%.17g", x))),
             sprintf("tests/data/stats/kmeans_%s.csv", nm))
  for (k in ks[[nm]]) {
    b <- brute(x, k)
    rk <- NA
    if (nm == "local_trap") {
      set.seed(1)
      rk <- kmeans(x, 3, nstart = 1)$tot.withinss
      stopifnot(rk > b$withinss + 1e-6)   # R's local optimum is worse
    }
    lc <- c(lc, paste(nm, k, b$n, f17(b$withinss), f17(b$betweenss),
                      f17(rk), sep = ","))
    for (g in seq_len(k))
      lg <- c(lg, paste(nm, k, g, f17(b$centers[g]), b$sizes[g],
                        f17(b$cut[g]), sep = ","))
  }
}
writeLines(lc, "tests/ref/kmeans1d_cases.csv")
writeLines(lg, "tests/ref/kmeans1d_groups.csv")
