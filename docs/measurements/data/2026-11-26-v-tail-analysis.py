#!/usr/bin/env python3
"""The V check's tail calibration (fifth stop): per-score quantiles, the largest values, every bound's empirical
exceedance, and the whole decision's false-fail rate and fresh runs per hand-in, old rule against new, from the
first-run scores of V_first_run_scores_to_csv (a fresh run has the first run's law, so triples of rows stand for
the three fresh runs). Usage: v-tail-analysis.py v-tail-first-runs.csv"""
import csv, math, random, sys
from collections import defaultdict

# (column, pass, fresh, fail, higher_is_better) as in HeidelbergVTrainingQuality.Settings (the shipped values before the fix)
BOUNDS = [("mmd2", .0075, .0075, .0125, False), ("energy2", .027, .027, .045, False), ("on_v", .981, .979, .96, True),
          ("smaller_loss", .62, .62, .62, False), ("improvement", .02, .02, .02, True),
          ("band1", .73, .73, .73, False), ("band2", .555, .555, .555, False), ("band3", .385, .385, .385, False),
          ("band4", .17, .17, .17, False), ("tilt", .297, .297, .297, False), ("tilt", .21, .21, .21, True)]
HEAVY = {"mmd2", "energy2"}  # the new rule: no clearly-bad bound, the fresh runs' median

def beyond(v, b, hib): return v < b if hib else v > b
# rules: "old" (as before this stop), "mean" (no clearly-bad bound on MMD², energy², the fresh runs' mean),
# "median" (no clearly-bad bound, the fresh runs' median: shipped)
def zone(r, rule):
    if any(beyond(r[c], fail, h) for c, p, fr, fail, h in BOUNDS if not (rule != "old" and c in HEAVY)): return "fail"
    return "pass" if all(not beyond(r[c], p, h) for c, p, fr, fail, h in BOUNDS) else "undecided"
def fresh_fails(triple, rule):
    for c, p, fr, fail, h in BOUNDS:
        vals = sorted(t[c] for t in triple)
        stat = vals[1] if (rule == "median" and c in HEAVY) else sum(vals) / 3
        if beyond(stat, fr, h): return True
    return False
def q(vals, p):
    s = sorted(vals); k = (len(s) - 1) * p; i = int(k)
    return s[i] if i + 1 >= len(s) else s[i] + (s[i + 1] - s[i]) * (k - i)

rows = defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    rows[r["trainer"]].append({k: (float(v) if k not in ("trainer",) else v) for k, v in r.items()})
random.seed(45)
for trainer, rs in rows.items():
    n = len(rs)
    print(f"## {trainer}: {n} seeds ({int(min(r['seed'] for r in rs))} … {int(max(r['seed'] for r in rs))})")
    print("| score | mean ± sd | median | 99 % | 99.9 % | five largest (smallest for a lower bound) | beyond pass | beyond fresh | beyond fail |")
    print("|---|---|---|---|---|---|---|---|---|")
    for c, p, fr, fail, h in BOUNDS:
        v = [r[c] for r in rs]; m = sum(v) / n; sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1))
        ext = sorted(v)[:5] if h else sorted(v)[-5:][::-1]
        hi = (lambda p_: q(v, 1 - p_)) if h else (lambda p_: q(v, p_))
        cnt = lambda b: sum(beyond(x, b, h) for x in v)
        name = c + (" (≥)" if h else "")
        print(f"| {name} | {m:.4g} ± {sd:.3g} | {q(v, .5):.4g} | {hi(.99):.4g} | {hi(.999):.4g} | {', '.join(f'{x:.4g}' for x in ext)} | {cnt(p)}/{n} ({p}) | {cnt(fr)}/{n} ({fr}) | {cnt(fail)}/{n} ({fail}) |")
        if not h: print(f"|   ({c}: largest in sd above the mean: {(max(v) - m) / sd:.1f})|||||||||")
    labels = {"old": "old rule (clearly bad > 0.0125 / 0.045 on the first run, the fresh runs' mean)",
              "mean": "no clearly-bad bound on MMD², energy², the fresh runs' mean",
              "median": "no clearly-bad bound on MMD², energy², the fresh runs' median (shipped)"}
    for rule in ("old", "mean", "median"):
        zs = [zone(r, rule) for r in rs]
        pf, pu = zs.count("fail") / n, zs.count("undecided") / n
        trials = 200000
        ff = sum(fresh_fails(random.sample(rs, 3), rule) for _ in range(trials)) / trials
        print(f"- {labels[rule]}: first run clearly bad {zs.count('fail')}/{n}, undecided {zs.count('undecided')}/{n}; "
              f"P(fresh runs fail) = {ff:.2e} ({trials} resampled triples); whole check's false fail = "
              f"{pf:.2e} + {pu:.2e} · {ff:.2e} = {pf + pu * ff:.2e}; fresh runs per hand-in {3 * pu:.3f}")
    # the median's exact law from the per-run exceedance p of the fresh bound: 3p²(1 − p) + p³
    for c in ("mmd2", "energy2"):
        fr = [b for b in BOUNDS if b[0] == c][0][2]
        p = sum(r[c] > fr for r in rs) / n
        print(f"- {c}: per-run exceedance of the fresh bound p = {p:.4f}; P(median of 3 beyond) = 3p²(1−p) + p³ = {3 * p * p * (1 - p) + p ** 3:.2e}")
    print()
