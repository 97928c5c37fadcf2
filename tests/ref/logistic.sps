* Reference run of GNU PSPP's LOGISTIC REGRESSION on the design matrices
* of tests/test_logistic.c, to compare B, SE and -2LL with R and with us.
* Run from the source root (only deliberately):
*   pspp -O format=txt -o tests/ref/logistic_pspp.txt tests/ref/logistic.sps
* PSPP has no aliasing guard: on logit_alias.csv (spectrum = sum of the
* four type_* dummies) it prints estimates near 1e10 and a NaN -2LL; R's glm
* (NA for spectrum) is what we follow. See docs/internals/stats.md.
SET FORMAT=F16.10.

TITLE 'quality: full model (Tekstvak 2 candidates)'.
GET DATA /TYPE=TXT /FILE="tests/data/stats/logit_quality.csv"
  /ARRANGEMENT=DELIMITED /DELIMITERS="," /FIRSTCASE=2
  /VARIABLES=y F8.0
  type_product F8.0
  type_process F8.0
  type_interaction F8.0
  spectrum F8.0
  origin_adapted F8.0
  factor_employee_contribution F8.0
  factor_continuity_focus F8.0
  driver_managers F8.0
  driver_political F8.0
  driver_reorganisation F8.0
  fund_own_budget F8.0
  factor_internal_collab F8.0
  factor_time F8.0
  tech_entirely F8.0.
LOGISTIC REGRESSION y WITH type_product type_process type_interaction spectrum origin_adapted factor_employee_contribution factor_continuity_focus driver_managers driver_political driver_reorganisation fund_own_budget factor_internal_collab factor_time tech_entirely
  /CRITERIA=BCON(1e-10) LCON(0) ITERATE(100) CUT(0.5)
  /PRINT=CI(95) SUMMARY.

TITLE 'efficiency: full model (Tekstvak 2 candidates)'.
GET DATA /TYPE=TXT /FILE="tests/data/stats/logit_efficiency.csv"
  /ARRANGEMENT=DELIMITED /DELIMITERS="," /FIRSTCASE=2
  /VARIABLES=y F8.0
  type_product F8.0
  type_process F8.0
  type_interaction F8.0
  spectrum F8.0
  origin_adapted F8.0
  factor_employee_contribution F8.0
  factor_continuity_focus F8.0
  driver_managers F8.0
  driver_political F8.0
  driver_reorganisation F8.0
  fund_own_budget F8.0
  factor_internal_collab F8.0
  factor_time F8.0
  tech_entirely F8.0.
LOGISTIC REGRESSION y WITH type_product type_process type_interaction spectrum origin_adapted factor_employee_contribution factor_continuity_focus driver_managers driver_political driver_reorganisation fund_own_budget factor_internal_collab factor_time tech_entirely
  /CRITERIA=BCON(1e-10) LCON(0) ITERATE(100) CUT(0.5)
  /PRINT=CI(95) SUMMARY.

TITLE 'satisfaction: full model (Tekstvak 2 candidates)'.
GET DATA /TYPE=TXT /FILE="tests/data/stats/logit_satisfaction.csv"
  /ARRANGEMENT=DELIMITED /DELIMITERS="," /FIRSTCASE=2
  /VARIABLES=y F8.0
  type_product F8.0
  type_process F8.0
  type_interaction F8.0
  spectrum F8.0
  origin_adapted F8.0
  factor_employee_contribution F8.0
  factor_continuity_focus F8.0
  driver_managers F8.0
  driver_political F8.0
  driver_reorganisation F8.0
  fund_own_budget F8.0
  factor_internal_collab F8.0
  factor_time F8.0
  tech_entirely F8.0.
LOGISTIC REGRESSION y WITH type_product type_process type_interaction spectrum origin_adapted factor_employee_contribution factor_continuity_focus driver_managers driver_political driver_reorganisation fund_own_budget factor_internal_collab factor_time tech_entirely
  /CRITERIA=BCON(1e-10) LCON(0) ITERATE(100) CUT(0.5)
  /PRINT=CI(95) SUMMARY.

TITLE 'alias: spectrum = sum of the type dummies'.
GET DATA /TYPE=TXT /FILE="tests/data/stats/logit_alias.csv"
  /ARRANGEMENT=DELIMITED /DELIMITERS="," /FIRSTCASE=2
  /VARIABLES=y F8.0
  type_product F8.0
  type_service F8.0
  type_process F8.0
  type_interaction F8.0
  spectrum F8.0.
LOGISTIC REGRESSION y WITH type_product type_service type_process type_interaction spectrum
  /CRITERIA=BCON(1e-10) LCON(0) ITERATE(100) CUT(0.5)
  /PRINT=CI(95) SUMMARY.
