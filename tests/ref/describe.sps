* Reference skewness and kurtosis for tests/test_describe.c from GNU PSPP.
* Reads the one-column fixture that tests/ref/describe.R writes.
* Regenerate (only deliberately) from the source root with:
*   pspp tests/ref/describe.sps -o tests/ref/describe_pspp.csv.
DATA LIST LIST (",") FILE="tests/data/stats/describe_skewed.csv" /x (F20.15).
FORMATS x (F20.15).
SET FORMAT=F20.15.
DESCRIPTIVES VARIABLES=x /STATISTICS=MEAN STDDEV MIN MAX SKEWNESS KURTOSIS.
