# The concept groups of `barometer text --json` against R's igraph: the
# same weighted graph (the JSON's "graph": terms, edges [u, v, G2]) through
# cluster_fast_greedy must give the same partition of the terms as our
# communities (up to the numbering). Needs r-cran-igraph and r-cran-jsonlite.
#   barometer text FILE.csv --column description --json > g.json
#   Rscript tests/ref/text_groups.R g.json [more.json ...]
suppressMessages({library(igraph); library(jsonlite)})
bad <- 0
for (path in commandArgs(trailingOnly = TRUE)) {
  d <- fromJSON(path, simplifyVector = TRUE)
  g <- d$graph
  n <- length(g$terms)
  if (n < 2 || length(g$edges) == 0) {
    cat(sprintf("%s: no graph\n", path))
    next
  }
  e <- matrix(g$edges, ncol = 3)
  gr <- make_empty_graph(n = n, directed = FALSE)
  gr <- add_edges(gr, as.vector(t(e[, 1:2] + 1)), weight = e[, 3])
  fg <- cluster_fast_greedy(gr, weights = E(gr)$weight)
  ours <- g$communities
  theirs <- membership(fg)
  # the same partition: every pair of terms together in both or in neither
  same_ours <- outer(ours, ours, "==")
  same_r <- outer(theirs, theirs, "==")
  differ <- which(same_ours != same_r, arr.ind = TRUE)
  differ <- differ[differ[, 1] < differ[, 2], , drop = FALSE]
  cat(sprintf("%s: %d terms, %d edges, %d communities (R %d): %s\n", path, n,
              nrow(e), length(unique(ours)), length(unique(theirs)),
              if (nrow(differ) == 0) "the same partition" else
                sprintf("%d pairs differ", nrow(differ))))
  if (nrow(differ) > 0) {
    bad <- bad + 1
    for (k in head(seq_len(nrow(differ)), 5))
      cat(sprintf("  %s / %s\n", g$terms[differ[k, 1]], g$terms[differ[k, 2]]))
  }
}
quit(status = if (bad > 0) 1 else 0)
