/* datadir.h - where the program's data files and translations are.
 *
 * The barometer reads data files at run time (the instrument, the report
 * specification, the benchmarks: the contents of the source tree's data/)
 * and, once the catalogues land, translations (.mo files). An installed
 * program finds them from its own place, as programs installed under a
 * prefix do: the executable is PREFIX/bin/barometer (found through
 * /proc/self/exe), the data PREFIX/share/barometer and the translations
 * PREFIX/share/locale (the relative paths are those of GNUInstallDirs,
 * recorded at build time). A program run from its build tree, where no
 * such folder lies beside it, uses the source tree's data/ and the build
 * tree's locale/ recorded at build time. The BAROMETER_DATA environment
 * variable, an override for development, is the command line's business
 * (cli_data_dir), not this module's.
 *
 * docs/internals/install.md describes the layout. Nothing outside this
 * header is API.
 */
#ifndef BAR_DATADIR_H
#define BAR_DATADIR_H

#include <stdbool.h>

/* The folder of data files, without a trailing slash: the installed
 * PREFIX/share/barometer beside the executable when that folder exists,
 * else the source tree's data/ recorded at build time. Found once (the
 * first call; safe from several threads) and static afterwards: do not
 * free. Never NULL. */
const char *bar_datadir(void);

/* The folder of message catalogues (LANG/LC_MESSAGES/DOMAIN.mo): the
 * installed PREFIX/share/locale when the program runs installed (as
 * bar_datadir decides), else the build tree's locale/. Static; never
 * NULL. */
const char *bar_localedir(void);

/* Whether bar_datadir found the installed layout beside the executable. */
bool bar_datadir_installed(void);

#endif
