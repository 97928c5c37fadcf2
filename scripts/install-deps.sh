#!/usr/bin/env bash
# Install the Debian packages the barometer needs to build, test and render.
# Idempotent: packages already installed are skipped. Run as root (or with
# sudo available). Usage: scripts/install-deps.sh [--with-tools] [--with-browser]
#   --with-tools  also the reference tools for statistics and screenshots
#                 (R with psych, survey, e1071 and jsonlite; Chromium; hyperfine;
#                 Python's snowballstemmer for bench/text.sh); the
#                 tests do not need them, the reference scripts (e1071 and
#                 jsonlite: tests/ref/analysis.R), benchmarks and --pdf do.
#   --with-browser  Chromium, node and npm, and the npm packages of
#                 tests/web (axe-core, playwright-core: npm ci there) for
#                 the survey server's browser test (tests/cli/serve_axe.sh,
#                 which skips without them); CI uses it.
set -euo pipefail

build=(build-essential cmake pkg-config sqlite3 libsqlite3-dev libpq-dev
       libmicrohttpd-dev libgsl-dev libjansson-dev
       libstemmer-dev libutf8proc-dev libxlsxwriter-dev libreadstat-dev
       libsodium-dev libcmocka-dev
       libcmark-dev  # the report's authored texts (CommonMark)
       libigraph-dev  # concept groups of the open answers (src/text/)
       snowball-data  # test_text: Snowball's Dutch vocabulary, every word
                      # stemmed as listed
       postgresql  # the store's PostgreSQL backend is tested on a throwaway
                   # cluster (scripts/pg-cluster.sh)
       libcurl4-openssl-dev  # invitations and reminders over SMTP
       libglpk-dev   # the disclosure test audits suppression with an LP
       python3       # the command-line tests read JSON, CSV and xlsx with it
       gettext       # msgfmt builds the catalogues; xgettext checks them
       pspp    # the .sav export test reads the file back with PSPP
       groff-base  # the man page test renders man/barometer.1 (groff -ww)
       curl    # the survey server's test (tests/cli/serve.sh) talks HTTP
       python3-aiosmtpd  # tests/cli/invite.sh: a real SMTP server
       libfreetype-dev  # tests/test_font.c reads the shipped font files
       python3-fonttools python3-brotli  # tests/cli/report_charts.sh
                   # measures chart labels with the shipped font (WOFF2)
       dpkg-dev file)  # cpack -G DEB: dpkg-shlibdeps, and file finds ELFs
tools=(r-base-core r-cran-psych r-cran-survey r-cran-e1071 r-cran-jsonlite
       r-cran-igraph  # tests/ref/text_groups.R: the concept groups in R
       chromium
       fonts-liberation2  # scripts/font-subset.py: the report's font
       poppler-utils  # tests/cli/report_charts.sh: the PDF's fonts
       wrk          # bench/serve.sh: the survey server under load
       time procps  # bench/serve_pg.sh: CPU per process (/usr/bin/time, pgrep)
       hyperfine    # bench/: timed runs
       python3-snowballstemmer)  # bench/text.sh: the baseline stemmer
browser=(chromium nodejs
         poppler-utils)  # pdftoppm: the report's PDF pages as images
# Debian's nodejs needs its npm package; a nodejs that brings its own npm
# (NodeSource's) conflicts with it
command -v npm >/dev/null 2>&1 || browser+=(npm)

want=("${build[@]}")
with_browser=false
for arg in "$@"; do
  case $arg in
    --with-tools) want+=("${tools[@]}") ;;
    --with-browser) want+=("${browser[@]}"); with_browser=true ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
# the npm packages of the browser test, in tests/web (not committed)
npm_packages() {
  if $with_browser && [ ! -d "$(dirname "$0")/../tests/web/node_modules/axe-core" ]; then
    (cd "$(dirname "$0")/../tests/web" && npm ci --no-audit --no-fund)
  fi
}

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages are installed"
  npm_packages
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_packages
