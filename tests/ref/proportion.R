# Reference values for tests/test_proportion.c: Wilson score intervals as R
# computes them with prop.test(x, n, correct = FALSE)$conf.int.
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/proportion.R > tests/ref/proportion.csv
cases <- data.frame(
  x     = c(0, 1, 0, 1, 5, 50, 80, 313, 366, 285, 235, 188, 122, 4, 3, 7, 1,
            999, 17, 2, 12, 366),
  n     = c(1, 1, 10, 10, 10, 100, 100, 366, 366, 313, 313, 313, 313, 5, 7,
            9, 1000, 1000, 40, 3, 12, 1374),
  level = c(0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95,
            0.95, 0.95, 0.95, 0.95, 0.90, 0.99, 0.95, 0.95, 0.80, 0.95,
            0.95, 0.95)
)
cat("x,n,level,estimate,low,high\n")
for (i in seq_len(nrow(cases))) {
  r <- prop.test(cases$x[i], cases$n[i], conf.level = cases$level[i],
                 correct = FALSE)
  cat(sprintf("%d,%d,%.2f,%.17g,%.17g,%.17g\n", cases$x[i], cases$n[i],
              cases$level[i], unname(r$estimate), r$conf.int[1],
              r$conf.int[2]))
}
