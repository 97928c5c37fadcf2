# Reference values of Dunning's log-likelihood ratio G2 for
# tests/test_text.c (g2_against_r): the 2 x 2 table of answers of a pair of
# terms, both in a answers, the first in na, the second in nb, of n.
#   Rscript tests/ref/text_g2.R
g2 <- function(a, na, nb, n) {
  o <- c(a, na - a, nb - a, n - na - nb + a)
  e <- c(na * nb, na * (n - nb), (n - na) * nb, (n - na) * (n - nb)) / n
  2 * sum(ifelse(o > 0, o * log(o / e), 0))
}
cases <- rbind(c(2, 3, 4, 10), c(3, 3, 3, 6), c(0, 3, 3, 6),
               c(5, 20, 30, 100), c(1, 1, 1, 2))
for (i in seq_len(nrow(cases))) {
  x <- cases[i, ]
  cat(sprintf("{%d, %d, %d, %d, %.12f},\n", x[1], x[2], x[3], x[4],
              g2(x[1], x[2], x[3], x[4])))
}
# the same through the chi-square machinery (likelihood ratio, no
# correction), as a check of the formula
t <- matrix(c(2, 1, 2, 5), 2, byrow = TRUE)
e <- outer(rowSums(t), colSums(t)) / sum(t)
stopifnot(abs(2 * sum(t * log(t / e)) - g2(2, 3, 4, 10)) < 1e-12)
