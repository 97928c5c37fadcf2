# Fixtures for tests/test_rindicator.c and tests/ref/rindicator.R: frames of
# organisations (one row per unit invited) with categorical auxiliary
# variables and a response indicator, written to
# tests/data/stats/rind_*.csv, so that the C test and the R reference read
# exactly the same rows. Columns: the auxiliary variables (codes), then
# `response` (0/1) and, when present, `weight` (design weight).
#
# Regenerate (only deliberately) from the source root with:
#   barometer simulate --cases 366 --seed 2021 --frame /tmp/frame1374.csv \
#     > /tmp/wave366.csv
#   Rscript tests/ref/rindicator_data.R /tmp/frame1374.csv /tmp/wave366.csv
args <- commandArgs(trailingOnly = TRUE)
frame_path <- if (length(args) >= 1) args[1] else "/tmp/frame1374.csv"
wave_path <- if (length(args) >= 2) args[2] else "/tmp/wave366.csv"
out <- "tests/data/stats"

write_fixture <- function(d, name) {
  write.csv(d, file.path(out, paste0("rind_", name, ".csv")),
            row.names = FALSE, quote = FALSE)
}

# 1. The simulated 2021 frame (1,374 organisations, sector and cluster from
#    the codebook); responded = the organisation is among the 366 simulated
#    respondents. Cluster is partly nested in sector (hcs, rechtswezen,
#    rijk_* clusters), so some dummies are aliased.
frame <- read.csv(frame_path, stringsAsFactors = FALSE)
wave <- read.csv(wave_path, stringsAsFactors = FALSE)
sim <- data.frame(sector = frame$sector, cluster = frame$cluster,
                  response = as.integer(frame$org_id %in% wave$org_id))
write_fixture(sim, "frame1374")

# 2. The same frame as a simple random sample from a population 2.5 times
#    as large: a constant design weight of 2.5 (N = 3435).
write_fixture(cbind(sim, weight = 2.5), "sample1374")

# 3. The same frame with a response that depends on the cluster within
#    sector as well (an early moment of fieldwork: about 20% response).
#    early1374 is fitted; quasisep1374 (another draw) has no respondent
#    among the 4 zbo organisations outside the zbo cluster: quasi-complete
#    separation in the combination of sector and cluster, though every
#    sector and every cluster has respondents.
set.seed(20261201)
eff_sector <- c(gem = -0.6, gr = 0, hcs = 0.4, ppo = -0.2, prov = 0.3,
                rijk = -0.4, rw = 0.2, ws = 0.8, zbo = 0.5)
clusters <- sort(unique(sim$cluster))
eff_cluster <- setNames(round(rnorm(length(clusters), 0, 0.5), 2), clusters)
eta <- -1.2 + eff_sector[sim$sector] + eff_cluster[sim$cluster]
quasisep <- sim
quasisep$response <- rbinom(nrow(sim), 1, plogis(eta))
write_fixture(quasisep, "quasisep1374")
set.seed(2)
early <- sim
early$response <- rbinom(nrow(sim), 1, plogis(eta))
write_fixture(early, "early1374")

# 4. Three crossed variables (no nesting) on 600 units, so that the
#    conditional partial indicators condition on two others.
n <- 600
a <- sample(c("a1", "a2", "a3"), n, replace = TRUE, prob = c(.5, .3, .2))
b <- sample(c("b1", "b2", "b3", "b4"), n, replace = TRUE)
c <- sample(c("c1", "c2"), n, replace = TRUE, prob = c(.4, .6))
eta <- -0.3 + c(a1 = 0, a2 = 0.7, a3 = -0.5)[a] +
  c(b1 = 0, b2 = 0.2, b3 = -0.4, b4 = 0.9)[b] + c(c1 = 0, c2 = 0.3)[c]
write_fixture(data.frame(a = a, b = b, c = c,
                         response = rbinom(n, 1, plogis(eta))), "crossed600")
