# Oracle for crimestats victimization-survey indicators: a synthetic survey and R survey's numbers.
# Run from this directory: Rscript make_indicators_oracle.R   (needs r-base-core and r-cran-survey).
# Writes victimization.csv (the fixture) and indicators_oracle.csv; tests read them and never need R.
# Every indicator is a proportion, mean or ratio on the rows of its denominator population, computed
# as a domain (subset keeps the design's PSUs, as svyby): svyciprop (logit) for shares of persons,
# svymean for incidence, svyratio for the dark figure. Estimates are unscaled (the tests multiply).
suppressMessages(library(survey))
stopifnot(packageVersion("survey") >= "4.1")
options(warn = 1)
f17 <- function(x) ifelse(is.na(x), "NA", formatC(as.numeric(x), digits = 17, format = "g"))

# ---------------------------------------------------------------- the synthetic survey
set.seed(20230316)
n_strata <- 12; psu_per <- 4; per_psu <- 15
n <- n_strata * psu_per * per_psu
stratum <- rep(seq_len(n_strata), each = psu_per * per_psu)
psu <- stratum * 10 + rep(rep(seq_len(psu_per), each = per_psu), n_strata)
region <- c("North", "Centre", "South")[(stratum - 1) %% 3 + 1]
risk <- rnorm(n_strata * psu_per, 0, 0.4)[match(psu, unique(psu))]
weight <- round((800 + 150 * stratum) * exp(rnorm(n, 0, 0.25)), 2)
sex <- sample(1:2, n, replace = TRUE)
age_group <- sample(c("15-29", "30-44", "45-64", "65+"), n, replace = TRUE, prob = c(.3, .3, .25, .15))
n_burglary <- rpois(n, 0.10 * exp(risk))
n_robbery <- rpois(n, 0.05 * exp(risk) * ifelse(age_group == "15-29", 2, 1))
n_assault <- rpois(n, 0.06 * exp(risk) * ifelse(sex == 1, 1.5, 1))
n_crimes <- n_burglary + n_robbery + n_assault
n_reported <- rbinom(n, n_crimes, 0.35)
phys_violence <- as.integer(n_assault > 0 | runif(n) < 0.02)
sex_violence <- rbinom(n, 1, ifelse(sex == 2, 0.03, 0.008))
phys_reported <- ifelse(phys_violence == 1, rbinom(n, 1, 0.45), NA)
phys_reported[phys_violence == 1 & runif(n) < 0.08] <- NA          # refused
safe_dark <- sample(c(1, 2, 3, 4, 9), n, replace = TRUE, prob = c(.25, .35, .22, .13, .05))
official_contact <- rbinom(n, 1, 0.4)
bribe_paid <- ifelse(official_contact == 1, rbinom(n, 1, 0.07), NA)
bribe_asked <- ifelse(official_contact == 1, rbinom(n, 1, 0.10), NA)
bribe_asked[official_contact == 1 & runif(n) < 0.05] <- NA            # did not answer
vs <- data.frame(id = seq_len(n), stratum, psu, region, weight, sex, age_group, n_burglary,
                 n_robbery, n_assault, n_crimes, n_reported, phys_violence, sex_violence,
                 phys_reported, safe_dark, official_contact, bribe_paid, bribe_asked)
write.csv(vs, "victimization.csv", row.names = FALSE, na = "")
vs <- read.csv("victimization.csv")

# ---------------------------------------------------------------- indicators
des <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = vs)
vs$victim_any <- as.integer(vs$n_burglary > 0 | vs$n_robbery > 0 | vs$n_assault > 0)
vs$victim_burglary <- as.integer(vs$n_burglary > 0)
vs$unreported <- vs$n_crimes - vs$n_reported
vs$feels_safe <- ifelse(vs$safe_dark == 9, NA, as.integer(vs$safe_dark %in% c(1, 2)))
vs$bribe <- as.integer(vs$bribe_paid == 1 | vs$bribe_asked == 1)  # NA | TRUE is TRUE, as "any"
des <- update(des, victim_any = vs$victim_any, victim_burglary = vs$victim_burglary,
              unreported = vs$unreported, feels_safe = vs$feels_safe, bribe = vs$bribe)

rows <- list()
emit <- function(name, by, s, ci, est_name = "") {
  rows[[length(rows) + 1]] <<- data.frame(name = name, by = by, estimate = f17(coef(s)[1]),
    se = f17(SE(s)[1]), ci_low = f17(ci[1]), ci_high = f17(ci[2]), df = f17(attr(s, "df")),
    stringsAsFactors = FALSE)
}
# name -> (kind, variable, base condition)
specs <- list(
  prevalence_any = list("prop", "victim_any", quote(!is.na(victim_any))),
  prevalence_burglary = list("prop", "victim_burglary", quote(!is.na(victim_burglary))),
  incidence_any = list("mean", "n_crimes", quote(!is.na(n_crimes))),
  dark_figure_any = list("ratio", "unreported", quote(!is.na(n_crimes) & !is.na(n_reported))),
  sdg_16_1_3_physical = list("prop", "phys_violence", quote(!is.na(phys_violence))),
  sdg_16_1_3_sexual = list("prop", "sex_violence", quote(!is.na(sex_violence))),
  sdg_16_1_4 = list("prop", "feels_safe", quote(!is.na(feels_safe))),
  sdg_16_3_1_physical = list("prop", "phys_reported", quote(phys_violence == 1 & !is.na(phys_reported))),
  sdg_16_5_1 = list("prop", "bribe", quote(official_contact == 1 & !is.na(bribe)))
)
for (name in names(specs)) {
  sp <- specs[[name]]
  base <- eval(sp[[3]], des$variables)
  for (by in c("", "sex", "region")) {
    vals <- if (by == "") "" else sort(unique(des$variables[[by]]))
    for (v in vals) {
      keep <- base & (if (by == "") TRUE else des$variables[[by]] == v)
      d <- des[keep, ]
      label <- if (by == "") "" else paste0(by, "=", v)
      f <- as.formula(paste0("~", sp[[2]]))
      if (sp[[1]] == "prop") {
        s <- svyciprop(f, d, method = "logit")
        ci <- attr(s, "ci"); attr(s, "df") <- degf(d)
        s <- structure(coef(s), var = attr(s, "var"), df = degf(d), class = "svystat")
        attr(s, "statistic") <- "proportion"
      } else if (sp[[1]] == "mean") {
        s <- svymean(f, d); ci <- confint(s); attr(s, "df") <- degf(d)
      } else {
        s <- svyratio(f, ~n_crimes, d); ci <- confint(s); attr(s, "df") <- degf(d)
      }
      emit(name, label, s, ci)
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "indicators_oracle.csv", row.names = FALSE)
cat("wrote", nrow(out), "indicator rows from", nrow(vs), "persons\n")
cat(R.version.string, "; survey", as.character(packageVersion("survey")), "\n")
