# Time the R reference of the R-indicator (tests/ref/rindicator.R: glm and
# every indicator in base R, at glm's default epsilon 1e-8) on a frame CSV,
# as bench/bench_rindicator does.
# Usage (from the source root): Rscript bench/rindicator.R FRAME.csv [RUNS]
# Prints one CSV line: units,runs,median seconds,min seconds,R,R_adj,r_se.
# Reading the CSV is not timed.
source("tests/ref/rindicator.R")
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) >= 2) as.integer(args[2]) else 5
d <- read_frame(args[1])
times <- numeric(runs)
for (i in seq_len(runs)) {
  t0 <- proc.time()[["elapsed"]]
  r <- rindicator(d, epsilon = 1e-8) # glm's default
  times[i] <- proc.time()[["elapsed"]] - t0
}
cat(sprintf("%d,%d,%.6f,%.6f,%.17g,%.17g,%.17g\n", nrow(d), runs,
            sort(times)[runs %/% 2 + 1], min(times), r$overall$r,
            r$overall$r_adj, r$overall$r_se))
