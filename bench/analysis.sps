* analysis.sps - what PSPP can do of `barometer analyze` (shared/spec
* analysis.md, data/report/ibo-2021.json), on the same CSV, as the second
* baseline of bench/analysis.sh. It reads responses.csv from the current
* directory (the harness links it there) and prints its tables (pspp -o).
*
* What PSPP does not do, and so is not timed here: Wilson intervals and the
* benchmark tests (FREQUENCIES gives counts and percentages only),
* quantile type 7 (EXAMINE has HAVERAGE = type 6 and WAVERAGE), the
* iterative dropping of items (one FACTOR /EXTRACTION=PAF and one
* RELIABILITY run on all 12 clim_* items, and the score is their mean),
* optimal 1-D k-means (QUICK CLUSTER is k-means from initial centres), and
* backward elimination (LOGISTIC REGRESSION has /METHOD=ENTER only: one
* full model per outcome). Shapiro-Wilk comes from EXAMINE /PLOT=NPPLOT
* at any n (it also draws the plots, as PNG files next to the output).

SET DECIMAL=DOT.
GET DATA /TYPE=TXT /FILE='responses.csv' /ENCODING='UTF-8'
  /ARRANGEMENT=DELIMITED /FIRSTCASE=2 /DELIMITERS="," /QUALIFIER='"'
  /VARIABLES=
  org_id A12
  wave F4.0
  sector A8
  cluster A24
  size F2.0
  covid_production F2.0
  covid_homework F2.0
  covid_facilities F2.0
  innovated F2.0
  type_product F2.0
  type_service F2.0
  type_process F2.0
  type_interaction F2.0
  description A600
  origin F2.0
  tech_share F2.0
  tech_new F2.0
  driver_employees F2.0
  driver_managers F2.0
  driver_new_technology F2.0
  driver_other_public_orgs F2.0
  driver_private_companies F2.0
  driver_citizens F2.0
  driver_political F2.0
  driver_reorganisation F2.0
  driver_legislation F2.0
  driver_economic_pressure F2.0
  driver_foreign F2.0
  driver_other F2.0
  channel_employee_networks F2.0
  channel_managers F2.0
  channel_conferences_courses F2.0
  channel_visits_other_orgs F2.0
  channel_suppliers_consultants F2.0
  channel_media_internet F2.0
  channel_citizens F2.0
  channel_research F2.0
  channel_other F2.0
  collab_none F2.0
  collab_private F2.0
  collab_public_same_sector F2.0
  collab_public_other_sector F2.0
  collab_internal_units F2.0
  collab_research F2.0
  collab_citizens F2.0
  collab_volunteer_orgs F2.0
  collab_foreign F2.0
  phase_analysis F2.0
  phase_development F2.0
  phase_implementation F2.0
  phase_delivery F2.0
  dissemination F2.0
  fund_own_budget F2.0
  fund_partners F2.0
  fund_sector_funds F2.0
  fund_national_schemes F2.0
  fund_eu F2.0
  fund_not_needed F2.0
  fund_other F2.0
  strategy F2.0
  factor_employee_contribution F2.0
  factor_team_diversity F2.0
  factor_internal_collab F2.0
  factor_private_collab F2.0
  factor_public_collab F2.0
  factor_new_technology F2.0
  factor_political_leadership F2.0
  factor_management F2.0
  factor_financial_resources F2.0
  factor_legislation F2.0
  factor_continuity_focus F2.0
  factor_citizens F2.0
  factor_volunteers F2.0
  factor_umbrella_funds F2.0
  factor_system_incentives F2.0
  factor_research F2.0
  factor_time F2.0
  factor_mistakes F2.0
  result_efficiency F2.0
  result_quality F2.0
  result_employee_satisfaction F2.0
  result_political_goals F2.0
  result_citizen_influence F2.0
  result_other A300
  clim_collab_external F2.0
  clim_adopt_elsewhere F2.0
  clim_ideas_valued F2.0
  clim_citizen_perspective F2.0
  clim_learn_mistakes F2.0
  clim_room_experiment F2.0
  clim_management_support F2.0
  clim_time_resources F2.0
  clim_vision F2.0
  clim_recognition F2.0
  clim_external_orientation F2.0
  clim_knowledge_sharing F2.0
  work_safe_mistakes F2.0
  work_improve F2.0
  .

* Derived variables (codebook.md).
COUNT ticked = type_product TO type_interaction (1).
COMPUTE answered = NVALID(type_product TO type_interaction).
DO IF innovated = 0.
  COMPUTE spectrum = 0.
ELSE IF innovated = 1 AND answered > 0 AND ticked > 0.
  COMPUTE spectrum = ticked.
END IF.
RECODE size (1=1) (2,3=2) (4=3) INTO size_class.
COMPUTE zone = 1 + (work_safe_mistakes >= 4) + 2 * (work_improve >= 4).
COMPUTE innov = (innovated = 1).
AUTORECODE VARIABLES=sector cluster /INTO sector_n cluster_n.
DO REPEAT f = factor_employee_contribution TO factor_mistakes
  / p = pos1 TO pos18.
  RECODE f (4,5=1) (1,2,3=0) INTO p.
END REPEAT.
COMPUTE origin2 = (origin = 2).
COMPUTE origin3 = (origin = 3).
COMPUTE tech4 = (tech_share = 4).
EXECUTE.

* Table 1, Table 2 and the frequencies on base "all" (Fig 1, 3, 22-25).
FREQUENCIES /VARIABLES=sector cluster innovated spectrum zone size_class
    covid_production covid_homework covid_facilities
  /STATISTICS=NONE.

* The climate scale (Fig 15-17): items, factor, reliability, score.
FREQUENCIES /VARIABLES=clim_collab_external TO clim_knowledge_sharing
  /STATISTICS=MEAN.
FACTOR /VARIABLES=clim_collab_external TO clim_knowledge_sharing
  /MISSING=LISTWISE
  /EXTRACTION=PAF
  /CRITERIA=FACTORS(1) ITERATE(1000)
  /ROTATION=NOROTATE
  /PRINT=INITIAL EXTRACTION.
RELIABILITY /VARIABLES=clim_collab_external TO clim_knowledge_sharing
  /MODEL=ALPHA
  /SUMMARY=TOTAL.
COMPUTE climate = MEAN.6(clim_collab_external TO clim_knowledge_sharing).
DESCRIPTIVES /VARIABLES=climate
  /STATISTICS=MEAN STDDEV MIN MAX SKEWNESS KURTOSIS.
EXAMINE VARIABLES=climate /PLOT=NPPLOT.
QUICK CLUSTER climate
  /CRITERIA=CLUSTERS(3) MXITER(100)
  /SAVE=CLUSTER(climate_group).
FREQUENCIES /VARIABLES=climate_group /STATISTICS=NONE.

* Boxplots by sector and cluster (Fig 16, 27): quartiles and the mean.
EXAMINE VARIABLES=climate BY sector cluster
  /STATISTICS=DESCRIPTIVES
  /PERCENTILES(25,50,75)=HAVERAGE
  /PLOT=NONE.

* Cross tabs by climate group (Fig 18, 19) on base "all".
CROSSTABS /TABLES=innovated spectrum BY climate_group
  /STATISTICS=CHISQ PHI
  /CELLS=COUNT COLUMN.

* Base "innovators": frequencies, multi-response, Likert (Fig 2, 4-14).
FILTER BY innov.
FREQUENCIES /VARIABLES=origin tech_share tech_new dissemination strategy
    type_product TO type_interaction driver_employees TO driver_other
    channel_employee_networks TO channel_other collab_none TO collab_foreign
    fund_own_budget TO fund_other
    factor_employee_contribution TO factor_mistakes
    result_efficiency TO result_citizen_influence
  /STATISTICS=NONE.

* Cross tabs of innovators (Fig 20, 20 by cluster, 21).
CROSSTABS /TABLES=pos1 TO pos18 result_efficiency TO result_citizen_influence
    BY climate_group
  /STATISTICS=CHISQ PHI
  /CELLS=COUNT COLUMN.
CROSSTABS /TABLES=pos1 TO pos18 BY cluster_n
  /STATISTICS=CHISQ PHI
  /CELLS=COUNT COLUMN.

* The three models of Tekstvak 2 (full models; PSPP has no backward LR).
LOGISTIC REGRESSION result_quality WITH type_product type_service
    type_process type_interaction origin2 origin3 tech4
    driver_managers driver_political driver_reorganisation fund_own_budget
    factor_employee_contribution factor_internal_collab
    factor_continuity_focus factor_time climate
  /PRINT=CI(95).
LOGISTIC REGRESSION result_efficiency WITH type_product type_service
    type_process type_interaction origin2 origin3 tech4
    driver_managers driver_political driver_reorganisation fund_own_budget
    factor_employee_contribution factor_internal_collab
    factor_continuity_focus factor_time climate
  /PRINT=CI(95).
LOGISTIC REGRESSION result_employee_satisfaction WITH type_product
    type_service type_process type_interaction origin2 origin3 tech4
    driver_managers driver_political driver_reorganisation fund_own_budget
    factor_employee_contribution factor_internal_collab
    factor_continuity_focus factor_time climate
  /PRINT=CI(95).
FILTER OFF.
