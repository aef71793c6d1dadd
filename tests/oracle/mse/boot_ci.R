# Oracle for crimestats' bootstrap interval arithmetic: R's boot package (boot.ci internals).
# Run from this folder:  Rscript boot_ci.R > boot_ci.csv
# A fixed, skewed "bootstrap sample" t (no randomness), an estimate t0, and jackknife values
# grouped by history (value, weight) as crimestats computes them; L are the influence values.
library(boot)
t <- 100 + 40 * qexp(ppoints(999))^1.3
t0 <- 125
jack <- c(124.1, 126.3, 125.2, 123.9, 127.5)
w <- c(40, 5, 30, 15, 6)
jbar <- sum(w * jack) / sum(w)
L <- rep(jbar - jack, w)
out <- list()
for (p in c(0.001, 0.025, 0.3, 0.5, 0.975, 0.9999)) {
  out[[length(out) + 1]] <- data.frame(what = "norm.inter", level = p,
                                       value = boot:::norm.inter(t, p)[, 2])
}
for (conf in c(0.9, 0.95)) {
  b <- boot:::bca.ci(NULL, conf = conf, t0 = t0, t = t, L = L)
  out[[length(out) + 1]] <- data.frame(what = c("bca_low", "bca_high"), level = conf, value = b[4:5])
  pc <- boot:::perc.ci(t, conf = conf)
  out[[length(out) + 1]] <- data.frame(what = c("perc_low", "perc_high"), level = conf, value = pc[4:5])
}
write.csv(do.call(rbind, out), stdout(), row.names = FALSE)
