# Reference values for tests/test_scale.c: Pearson correlations, Cronbach's
# alpha (psych::alpha) and one-factor principal axis factoring
# (psych::fa(fm = "pa")) on the complete cases of each item set.
# Regenerate (only deliberately) from the source root with:
#   Rscript tests/ref/scale.R
# It writes tests/data/stats/scale_clim366.csv (the 12 clim_* columns of
# tests/data/stats/wave366.csv, the simulated wave made by
# `barometer simulate --cases 366 --seed 2021`) and tests/ref/scale_*.csv.
suppressPackageStartupMessages(library(psych))

bfi <- read.csv("tests/data/stats/bfi.csv")
wave <- read.csv("tests/data/stats/wave366.csv", stringsAsFactors = FALSE)
clim <- wave[, grep("^clim_", names(wave))]
write.csv(clim, "tests/data/stats/scale_clim366.csv", row.names = FALSE,
          na = "")

# name, data file, items (in that order)
cases <- list(
  list(name = "bfi_agreeableness", file = "bfi.csv", data = bfi,
       items = paste0("A", 1:5)),
  list(name = "bfi_conscientiousness", file = "bfi.csv", data = bfi,
       items = paste0("C", 1:5)),
  list(name = "bfi_extraversion", file = "bfi.csv", data = bfi,
       items = paste0("E", 1:5)),
  list(name = "bfi_neuroticism", file = "bfi.csv", data = bfi,
       items = paste0("N", 1:5)),
  list(name = "bfi_openness", file = "bfi.csv", data = bfi,
       items = paste0("O", 1:5)),
  list(name = "bfi_all25", file = "bfi.csv", data = bfi,
       items = names(bfi)[1:25]),
  list(name = "clim366", file = "scale_clim366.csv", data = clim,
       items = names(clim)),
  list(name = "clim366_strong", file = "scale_clim366.csv", data = clim,
       items = setdiff(names(clim), c("clim_collab_external",
                                      "clim_adopt_elsewhere")))
)

f17 <- function(x) sprintf("%.17g", x)
tol <- 1e-12
max_iter <- 1000

lines_case <- "case,file,items,ncomplete,raw_alpha,pa_iterations,pa_explained"
lines_item <- "case,index,item,alpha_drop,r_drop,pa_loading,pa_communality"
lines_eig <- "case,index,eigenvalue"
lines_cor <- "case,i,j,r"
for (cs in cases) {
  x <- na.omit(cs$data[, cs$items])
  n <- nrow(x)
  r <- cor(x)
  a <- suppressWarnings(psych::alpha(x, check.keys = FALSE, warnings = FALSE))
  f <- suppressWarnings(psych::fa(r, nfactors = 1, n.obs = n, fm = "pa",
                                  SMC = TRUE, min.err = tol,
                                  max.iter = max_iter, rotate = "none",
                                  warnings = FALSE))
  iters <- length(f$communality.iterations)
  load <- as.vector(f$loadings[, 1])
  comm <- as.vector(f$communality)
  lines_case <- c(lines_case, paste(cs$name, cs$file,
    paste(cs$items, collapse = " "), n, f17(a$total$raw_alpha), iters,
    f17(sum(load^2) / length(load)), sep = ","))
  for (i in seq_along(cs$items))
    lines_item <- c(lines_item, paste(cs$name, i, cs$items[i],
      f17(a$alpha.drop$raw_alpha[i]), f17(a$item.stats$r.drop[i]),
      f17(load[i]), f17(comm[i]), sep = ","))
  ev <- eigen(r, symmetric = TRUE, only.values = TRUE)$values
  for (i in seq_along(ev))
    lines_eig <- c(lines_eig, paste(cs$name, i, f17(ev[i]), sep = ","))
  for (i in seq_along(cs$items))
    for (j in seq_along(cs$items))
      lines_cor <- c(lines_cor, paste(cs$name, i, j, f17(r[i, j]), sep = ","))
}
writeLines(lines_case, "tests/ref/scale_cases.csv")
writeLines(lines_item, "tests/ref/scale_items.csv")
writeLines(lines_eig, "tests/ref/scale_eigen.csv")
writeLines(lines_cor, "tests/ref/scale_cor.csv")
