# Fixtures for tests/test_logistic.c and tests/ref/logistic.R: the design
# matrices (outcome y first, then the predictors; an empty cell is missing)
# written to tests/data/stats/logit_*.csv, so that the C test and the R
# reference read exactly the same numbers.
#
# Regenerate (only deliberately) from the source root with:
#   barometer simulate --cases 5000 --seed 2022 > /tmp/wave5000.csv
#   Rscript tests/ref/logistic_data.R /tmp/wave5000.csv
# (wave366.csv is `barometer simulate --cases 366 --seed 2021`.)
args <- commandArgs(trailingOnly = TRUE)
large_path <- if (length(args) >= 1) args[1] else "/tmp/wave5000.csv"
out <- "tests/data/stats"

write_fixture <- function(d, name) {
  write.csv(d, file.path(out, paste0("logit_", name, ".csv")),
            row.names = FALSE, na = "", quote = FALSE)
}

# The candidate predictors of the 2021 report's Tekstvak 2, innovators only.
tekstvak2 <- function(w, outcome) {
  inn <- w[!is.na(w$innovated) & w$innovated == 1, ]
  data.frame(
    y = inn[[outcome]],
    type_product = inn$type_product,
    type_process = inn$type_process,
    type_interaction = inn$type_interaction,
    spectrum = inn$type_product + inn$type_service + inn$type_process +
      inn$type_interaction,
    origin_adapted = as.integer(inn$origin == 2),
    factor_employee_contribution = inn$factor_employee_contribution,
    factor_continuity_focus = inn$factor_continuity_focus,
    driver_managers = inn$driver_managers,
    driver_political = inn$driver_political,
    driver_reorganisation = inn$driver_reorganisation,
    fund_own_budget = inn$fund_own_budget,
    factor_internal_collab = inn$factor_internal_collab,
    factor_time = inn$factor_time,
    tech_entirely = as.integer(inn$tech_share == 4))
}

w <- read.csv("tests/data/stats/wave366.csv")
write_fixture(tekstvak2(w, "result_quality"), "quality")
write_fixture(tekstvak2(w, "result_efficiency"), "efficiency")
write_fixture(tekstvak2(w, "result_employee_satisfaction"), "satisfaction")

# Aliasing: spectrum is exactly the sum of the four type_* dummies.
inn <- w[!is.na(w$innovated) & w$innovated == 1, ]
write_fixture(data.frame(
  y = inn$result_quality,
  type_product = inn$type_product, type_service = inn$type_service,
  type_process = inn$type_process, type_interaction = inn$type_interaction,
  spectrum = inn$type_product + inn$type_service + inn$type_process +
    inn$type_interaction), "alias")

# Redundancy in backward elimination: the candidates of Tekstvak 2 in the
# order of data/report/ibo-2021.json (all four type_* dummies, then spectrum,
# their sum; climate is derived, so left out), outcome result_quality.
inn <- w[!is.na(w$innovated) & w$innovated == 1, ]
write_fixture(data.frame(
  y = inn$result_quality,
  type_product = inn$type_product, type_service = inn$type_service,
  type_process = inn$type_process, type_interaction = inn$type_interaction,
  spectrum = inn$type_product + inn$type_service + inn$type_process +
    inn$type_interaction,
  origin_adapted = as.integer(inn$origin == 2),
  origin_adopted = as.integer(inn$origin == 3),
  tech_entirely = as.integer(inn$tech_share == 4),
  driver_managers = inn$driver_managers,
  driver_political = inn$driver_political,
  driver_reorganisation = inn$driver_reorganisation,
  fund_own_budget = inn$fund_own_budget,
  factor_employee_contribution = inn$factor_employee_contribution,
  factor_internal_collab = inn$factor_internal_collab,
  factor_continuity_focus = inn$factor_continuity_focus,
  factor_time = inn$factor_time), "redundant")

# Speed sanity: the same model on a simulated wave of 5,000 cases.
write_fixture(tekstvak2(read.csv(large_path), "result_quality"), "large")

# Hand-made separation cases (small, exact numbers).
# Complete separation by one continuous predictor: y = 1 exactly when x1 > 0.
write_fixture(data.frame(
  y  = c(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1),
  x0 = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7),
  x1 = c(-3.1, -2.2, -1.7, -1.1, -0.8, -0.4, -0.1, 0.2, 0.5, 0.9, 1.3, 1.8,
         2.4, 3.0)), "sep_complete")
# Quasi-complete separation by a dummy: every case with d = 1 has y = 1.
write_fixture(data.frame(
  y = c(0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1),
  x = c(2.5, 1.0, 3.0, 2.0, 4.0, 1.5, 3.5, 2.5, 3.0, 1.0, 2.0, 4.5),
  d = c(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1)), "sep_dummy")
# Quasi-complete separation by a continuous predictor: y = 0 below x = 0,
# y = 1 above, both outcomes at x = 0 for the same values of z (so no
# combination separates them); no single dummy gives it away.
write_fixture(data.frame(
  y = c(0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1),
  z = c(1, 4, 2, 5, 3, 3, 1, 1, 5, 3, 1, 4),
  x = c(-2.0, -1.5, -1.0, -0.5, 0, 0, 0, 0, 0.5, 1.0, 1.5, 2.0)),
  "sep_quasi")
# Complete separation by a combination: y = 1 exactly when x1 + x2 > 0,
# while neither predictor separates on its own.
write_fixture(data.frame(
  y  = c(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1),
  x1 = c(-2, 1, -1, 0.5, -3, 2, 2, -1, 1, 3, -0.5, 0.5),
  x2 = c(1, -2, -0.5, -1, 2, -2.5, -1, 2, 0.5, -2, 1, 0)), "sep_combo")
