#!/usr/bin/env bash
# Install the Debian packages the barometer needs to build, test and render.
# Idempotent: packages already installed are skipped. Run as root (or with
# sudo available). Usage: scripts/install-deps.sh [--with-tools]
#   --with-tools  also the reference tools for statistics and screenshots
#                 (R with psych, survey, e1071 and jsonlite; Chromium; hyperfine); the
#                 tests do not need them, the reference scripts (e1071 and
#                 jsonlite: tests/ref/analysis.R), benchmarks and --pdf do.
set -euo pipefail

build=(build-essential cmake pkg-config sqlite3 libsqlite3-dev libpq-dev
       libmicrohttpd-dev libgsl-dev libjansson-dev
       libstemmer-dev libutf8proc-dev libxlsxwriter-dev libreadstat-dev
       libsodium-dev libcmocka-dev
       libcurl4-openssl-dev  # invitations and reminders over SMTP
       libglpk-dev   # the disclosure test audits suppression with an LP
       python3       # the command-line tests read JSON, CSV and xlsx with it
       gettext       # msgfmt builds the catalogues; xgettext checks them
       pspp    # the .sav export test reads the file back with PSPP
       groff-base  # the man page test renders man/barometer.1 (groff -ww)
       dpkg-dev file)  # cpack -G DEB: dpkg-shlibdeps, and file finds ELFs
tools=(r-base-core r-cran-psych r-cran-survey r-cran-e1071 r-cran-jsonlite
       chromium
       hyperfine    # bench/: timed runs
       python3-aiosmtpd)  # tests/cli/invite.sh: a real SMTP server

want=("${build[@]}")
if [ "${1:-}" = "--with-tools" ]; then
  want+=("${tools[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages are installed"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
