# Oracle for crimestats survey estimation: R survey package results recorded with full precision.
# Run from this directory: Rscript make_oracle.R   (needs r-base-core and r-cran-survey, Debian bookworm).
# Writes the data fixtures (*.csv) and oracle.csv; tests read these files and never need R.
suppressMessages(library(survey))
data(api)
data(scd)
stopifnot(packageVersion("survey") >= "4.1")
options(warn = 1)

f17 <- function(x) ifelse(is.na(x), "NA", formatC(as.numeric(x), digits = 17, format = "g"))
rows <- list()
emit <- function(design, lonely, by, variable, statistic, est, se, lo = NA, hi = NA,
                 deff = NA, df = NA, method = "", narm = FALSE) {
  rows[[length(rows) + 1]] <<- data.frame(
    design = design, lonely = lonely, by = by, variable = variable, statistic = statistic,
    method = method, na_rm = narm, estimate = f17(est), se = f17(se), ci_low = f17(lo),
    ci_high = f17(hi), deff = f17(deff), df = f17(df), stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------- fixtures
clus1 <- apiclus1[, c("cds", "dnum", "stype", "awards", "api00", "api99", "enroll", "api.stu", "pw", "fpc")]
clus1$yes <- as.integer(apiclus1$sch.wide == "Yes")
clus1$str3 <- clus1$dnum %% 3
clus1$strl <- ifelse(clus1$dnum == 413, 99, clus1$dnum %% 3)   # stratum 99 has one PSU
clus1$stype <- as.character(clus1$stype); clus1$awards <- as.character(clus1$awards)
strat <- apistrat[, c("cds", "stype", "awards", "api00", "api99", "enroll", "api.stu", "pw", "fpc")]
strat$yes <- as.integer(apistrat$sch.wide == "Yes")
strat$stype <- as.character(strat$stype); strat$awards <- as.character(strat$awards)
strat$strl <- ifelse(seq_len(nrow(strat)) == 1, "L", strat$stype)   # element stratum with one unit
clus2 <- apiclus2[, c("cds", "dnum", "snum", "stype", "awards", "api00", "enroll", "api.stu", "pw", "fpc1", "fpc2")]
clus2$yes <- as.integer(apiclus2$sch.wide == "Yes")
clus2$stype <- as.character(clus2$stype); clus2$awards <- as.character(clus2$awards)
srs <- apisrs[, c("cds", "stype", "api00", "enroll", "pw", "fpc")]
srs$stype <- as.character(srs$stype)

# replicate weights made by R from Taylor designs, stored as plain columns
set.seed(20240501)
rep_cols <- function(des, type, ...) {
  r <- as.svrepdesign(des, type = type, ...)
  w <- weights(r, "analysis")
  list(w = w, scale = r$scale, rscales = r$rscales)
}
d1 <- svydesign(id = ~dnum, weights = ~pw, data = clus1)
jk1 <- rep_cols(d1, "JK1")
boot <- rep_cols(d1, "bootstrap", replicates = 30)
d3 <- svydesign(id = ~dnum, strata = ~str3, weights = ~pw, data = clus1)
jkn <- rep_cols(d3, "JKn")
for (k in seq_len(ncol(jk1$w))) clus1[[sprintf("jk1_%02d", k)]] <- jk1$w[, k]
for (k in seq_len(ncol(jkn$w))) clus1[[sprintf("jkn_%02d", k)]] <- jkn$w[, k]
for (k in seq_len(ncol(boot$w))) clus1[[sprintf("bs_%02d", k)]] <- boot$w[, k]
scdf <- scd
scdf$w <- 1
scdes <- svydesign(data = scdf, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE)
brr <- rep_cols(scdes, "BRR")
fay <- rep_cols(scdes, "Fay", fay.rho = 0.3)
for (k in seq_len(ncol(brr$w))) scdf[[sprintf("brr_%d", k)]] <- brr$w[, k]
for (k in seq_len(ncol(fay$w))) scdf[[sprintf("fay_%d", k)]] <- fay$w[, k]
scdf$dom <- c("a", "b", "a", "b", "a", "a")

write.csv(clus1, "apiclus1.csv", row.names = FALSE, na = "")
write.csv(strat, "apistrat.csv", row.names = FALSE, na = "")
write.csv(clus2, "apiclus2.csv", row.names = FALSE, na = "")
write.csv(srs, "apisrs.csv", row.names = FALSE, na = "")
write.csv(scdf, "scd.csv", row.names = FALSE, na = "")
writeLines(f17(jkn$rscales), "jkn_rscales.txt")
# read the fixtures back, so R estimates from exactly the numbers the tests read
clus1 <- read.csv("apiclus1.csv"); strat <- read.csv("apistrat.csv"); clus2 <- read.csv("apiclus2.csv")
srs <- read.csv("apisrs.csv"); scdf <- read.csv("scd.csv")
jkn_rscales <- as.numeric(readLines("jkn_rscales.txt"))

# ---------------------------------------------------------------- designs
taylor <- list(
  strat_fpc = function() svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat),
  strat = function() svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat),
  clus1_fpc = function() svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1),
  clus1 = function() svydesign(id = ~dnum, weights = ~pw, data = clus1),
  clus1_str3 = function() svydesign(id = ~dnum, strata = ~str3, weights = ~pw, data = clus1),
  clus2_fpc = function() svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = clus2),
  clus2 = function() svydesign(id = ~dnum + snum, weights = ~pw, data = clus2),
  srs_fpc = function() svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = srs),
  scd = function() svydesign(id = ~ambulance, strata = ~ESA, weights = ~w, nest = TRUE, data = scdf)
)
lonely_designs <- list(
  clus1_lonely = function() svydesign(id = ~dnum, strata = ~strl, weights = ~pw, data = clus1),
  strat_lonely = function() svydesign(id = ~1, strata = ~strl, weights = ~pw, data = strat)
)
repl <- list(
  jk1 = function(mse) svrepdesign(data = clus1, repweights = "^jk1_", type = "JK1", weights = ~pw,
                                  combined.weights = TRUE, scale = jk1$scale, mse = mse),
  jkn = function(mse) svrepdesign(data = clus1, repweights = "^jkn_", type = "JKn", weights = ~pw,
                                  combined.weights = TRUE, rscales = jkn_rscales, mse = mse),
  boot = function(mse) svrepdesign(data = clus1, repweights = "^bs_", type = "bootstrap", weights = ~pw,
                                   combined.weights = TRUE, mse = mse),
  brr = function(mse) svrepdesign(data = scdf, repweights = "^brr_", type = "BRR", weights = ~w,
                                  combined.weights = TRUE, mse = mse),
  fay = function(mse) svrepdesign(data = scdf, repweights = "^fay_", type = "Fay", rho = 0.3,
                                  weights = ~w, combined.weights = TRUE, mse = mse)
)

# ---------------------------------------------------------------- statistics
domains <- function(des, by) {
  if (by == "") return(list(list(label = "", des = des)))
  vals <- sort(unique(des$variables[[by]]))
  lapply(vals, function(v) list(label = paste0(by, "=", v), des = des[des$variables[[by]] == v, ]))
}
deffs <- function(s) { d <- deff(s); if (is.matrix(d)) diag(d) else d }
stat_rows <- function(name, lonely, des, by, var, stat, narm = FALSE, deff = TRUE) {
  for (dom in domains(des, by)) {
    d <- dom$des
    f <- as.formula(paste0("~", var))
    s <- switch(stat,
      mean = svymean(f, d, deff = deff, na.rm = narm),
      total = svytotal(f, d, deff = deff, na.rm = narm))
    ci <- confint(s)
    de <- if (deff) deffs(s) else rep(NA, length(coef(s)))
    nm <- names(coef(s))
    for (k in seq_along(nm)) {
      label <- if (is.character(d$variables[[var]])) paste0(var, "=", sub(paste0("^", var), "", nm[k])) else var
      emit(name, lonely, dom$label, label, stat, coef(s)[k], SE(s)[k], ci[k, 1], ci[k, 2],
           de[k], degf(d), narm = narm)
    }
  }
}
ratio_rows <- function(name, lonely, des, by, num, den, narm = FALSE, deff = TRUE) {
  for (dom in domains(des, by)) {
    d <- dom$des
    s <- svyratio(as.formula(paste0("~", num)), as.formula(paste0("~", den)), d, na.rm = narm,
                  deff = deff)
    ci <- confint(s)
    de <- if (deff) attr(s, "deff")[1, 1] else NA
    emit(name, lonely, dom$label, paste0(num, "/", den), "ratio", coef(s), SE(s), ci[1], ci[2],
         de, degf(d), narm = narm)
  }
}
ciprop_rows <- function(name, des, by, var, methods) {
  for (dom in domains(des, by)) {
    d <- dom$des
    for (m in methods) {
      s <- svyciprop(as.formula(paste0("~", var)), d, method = m)
      ci <- attr(s, "ci")
      emit(name, "fail", dom$label, var, "proportion", coef(s), SE(s), ci[1], ci[2],
           NA, degf(d), method = m)
    }
  }
}
quantile_rows <- function(name, des, by, var, probs, narm = FALSE) {
  for (dom in domains(des, by)) {
    d <- dom$des
    q <- svyquantile(as.formula(paste0("~", var)), d, probs, na.rm = narm)[[1]]
    dfq <- if (narm) degf(d[!is.na(d$variables[[var]]), ]) else degf(d)
    for (k in seq_along(probs)) {
      emit(name, "fail", dom$label, var, paste0("quantile_", probs[k]), q[k, 1], q[k, 4],
           q[k, 2], q[k, 3], NA, dfq, narm = narm)
    }
  }
}

for (name in names(taylor)) {
  des <- taylor[[name]]()
  if (name == "scd") {
    for (stat in c("mean", "total")) for (v in c("alive", "arrests")) stat_rows(name, "fail", des, "", v, stat)
    ratio_rows(name, "fail", des, "", "alive", "arrests")
    next
  }
  for (by in c("", "stype")) {
    for (stat in c("mean", "total")) {
      stat_rows(name, "fail", des, by, "api00", stat)
      stat_rows(name, "fail", des, by, "enroll", stat, narm = TRUE)
      if (name != "srs_fpc") stat_rows(name, "fail", des, by, "awards", stat)
    }
    if (name != "srs_fpc") ratio_rows(name, "fail", des, by, "api.stu", "enroll", narm = TRUE)
  }
  if (name != "srs_fpc") {
    ciprop_rows(name, des, "", "yes", c("logit", "asin", "beta", "mean", "xlogit", "likelihood"))
    ciprop_rows(name, des, "stype", "yes", c("logit", "beta", "mean", "xlogit", "likelihood"))
  }
  quantile_rows(name, des, "", "api00", c(0.25, 0.5, 0.9))
  quantile_rows(name, des, "stype", "api00", c(0.5))
  if (name %in% c("clus2", "clus2_fpc")) quantile_rows(name, des, "", "enroll", c(0.5), narm = TRUE)
}
# svyby computes domains exactly as the loop above: check once
des <- taylor$clus1_fpc()
b <- svyby(~api00, ~stype, des, svymean, deff = TRUE)
stopifnot(isTRUE(all.equal(unname(coef(b)), unname(sapply(domains(des, "stype"), function(d) coef(svymean(~api00, d$des)))), tolerance = 1e-15)))

errors <- list()
for (name in names(lonely_designs)) {
  for (lonely in c("remove", "adjust", "average", "certainty", "fail")) {
    options(survey.lonely.psu = lonely)
    des <- lonely_designs[[name]]()
    r <- try({
      for (by in c("", "awards")) {
        stat_rows(name, lonely, des, by, "api00", "mean")
        stat_rows(name, lonely, des, by, "api00", "total")
        ratio_rows(name, lonely, des, by, "api.stu", "enroll")
      }
    }, silent = TRUE)
    if (inherits(r, "try-error")) errors[[length(errors) + 1]] <- data.frame(design = name, lonely = lonely, error = trimws(as.character(r)))
  }
}
options(survey.lonely.psu = "fail")
write.csv(do.call(rbind, errors), "oracle_errors.csv", row.names = FALSE)

for (name in names(repl)) {
  for (mse in c(FALSE, TRUE)) {
    des <- repl[[name]](mse)
    label <- paste0(name, if (mse) "_mse" else "")
    if (name %in% c("brr", "fay")) {
      for (by in c("", "dom")) {
        for (stat in c("mean", "total")) for (v in c("alive", "arrests")) stat_rows(label, "fail", des, by, v, stat)
      }
      ratio_rows(label, "fail", des, "", "alive", "arrests", deff = FALSE)
      next
    }
    for (by in c("", "stype")) {
      for (stat in c("mean", "total")) {
        stat_rows(label, "fail", des, by, "api00", stat)
        stat_rows(label, "fail", des, by, "awards", stat)
      }
      ratio_rows(label, "fail", des, by, "api.stu", "enroll", deff = FALSE)
    }
    # R's likelihood interval is NA on replicate designs (residuals.svyglm needs design$prob)
    ciprop_rows(label, des, "", "yes", c("logit", "asin", "beta", "mean", "xlogit", "likelihood"))
    ciprop_rows(label, des, "stype", "yes", c("beta", "mean"))
    quantile_rows(label, des, "", "api00", c(0.25, 0.5))
    quantile_rows(label, des, "stype", "api00", c(0.5))
  }
}

out <- do.call(rbind, rows)
write.csv(out, "oracle.csv", row.names = FALSE)
cat("wrote", nrow(out), "oracle rows;", length(errors), "error cases\n")
cat(R.version.string, "; survey", as.character(packageVersion("survey")), "\n")
