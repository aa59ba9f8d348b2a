# Reads every tabular resource with rOpenSci's frictionless and prints, as JSON, what a test
# compares with the CSVs: rows, column classes, and the first and last row of each table.
# Run from the package root: Rscript tests/consumers/read_with_r.R datapackage.json
args <- commandArgs(trailingOnly = TRUE)
package <- frictionless::read_package(args[[1]])
out <- list()
for (name in frictionless::resources(package)) {
  resource <- package$resources[[which(vapply(package$resources, function(r) r$name, "") == name)]]
  if (is.null(resource$schema)) next
  table <- frictionless::read_resource(package, name)
  first <- lapply(as.list(table[1, ]), function(v) if (inherits(v, "Date")) format(v) else v)
  last <- lapply(as.list(table[nrow(table), ]), function(v) if (inherits(v, "Date")) format(v) else v)
  out[[name]] <- list(rows = nrow(table), classes = lapply(table, function(v) class(v)[[1]]),
                      first = first, last = last)
}
cat(jsonlite::toJSON(out, auto_unbox = TRUE, na = "null", digits = NA, null = "null"))
