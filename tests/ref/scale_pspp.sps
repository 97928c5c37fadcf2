* One-factor principal axis factoring of the 12 clim_* items of the
* simulated wave (tests/data/stats/scale_clim366.csv, written by
* tests/ref/scale.R), to compare PSPP's PAF with psych::fa(fm = "pa").
* Run from the source root:
*   pspp -O box=ascii tests/ref/scale_pspp.sps > tests/ref/scale_pspp.txt
*   pspp -o tests/ref/scale_pspp.csv tests/ref/scale_pspp.sps
GET DATA /TYPE=TXT /FILE='tests/data/stats/scale_clim366.csv'
  /ARRANGEMENT=DELIMITED /DELIMITERS="," /FIRSTCASE=2
  /VARIABLES=clim_collab_external F1.0 clim_adopt_elsewhere F1.0
    clim_ideas_valued F1.0 clim_citizen_perspective F1.0
    clim_learn_mistakes F1.0 clim_room_experiment F1.0
    clim_management_support F1.0 clim_time_resources F1.0
    clim_vision F1.0 clim_recognition F1.0
    clim_external_orientation F1.0 clim_knowledge_sharing F1.0.

* As the analysis spec asks: PAF, one factor, up to 1000 iterations
* (PSPP's default convergence criterion, ECONVERGE(0.001)).
FACTOR /VARIABLES=clim_collab_external TO clim_knowledge_sharing
  /MISSING=LISTWISE
  /EXTRACTION=PAF
  /CRITERIA=FACTORS(1) ITERATE(1000)
  /ROTATION=NOROTATE
  /PRINT=INITIAL EXTRACTION.

* The same with psych's stop rule tightened to 1e-12 (min.err = 1e-12).
FACTOR /VARIABLES=clim_collab_external TO clim_knowledge_sharing
  /MISSING=LISTWISE
  /EXTRACTION=PAF
  /CRITERIA=FACTORS(1) ITERATE(1000) ECONVERGE(0.000000000001)
  /ROTATION=NOROTATE
  /PRINT=INITIAL EXTRACTION.
