#!/usr/bin/env python3
"""Tail summary of training-check scores dumped by GRADER_TRAINING_SCORES.
usage: tails.py file.tsv|file.csv BOUNDS  (BOUNDS: a python file defining BOUNDS = {name: (pass, fresh, fail, higher_is_better)})"""
import sys, math, statistics
from statistics import NormalDist
N = NormalDist()
path, bpath = sys.argv[1], sys.argv[2]
trainer = sys.argv[3] if len(sys.argv) > 3 else 'Correct'
ns = {}; exec(open(bpath).read(), ns); BOUNDS = ns['BOUNDS']
header = None; rows = []
if path.endswith('.csv'):  # a first-run CSV (TrainingChecksSeedsTests.First_run_scores_to_csv): trainer, seed, scores
    lines = open(path).read().split('\n')
    header = ['check', 'trainer', 'seed', 'run'] + lines[0].split(',')[2:]
    lines = ['\t'.join(['csv'] + l.split(',')[:2] + ['0'] + l.split(',')[2:]) for l in lines[1:] if l]
else:
    lines = open(path)
for line in lines:
    line = line.rstrip('\n')
    if line.startswith('#'):
        header = line[1:].split('\t'); continue
    f = line.split('\t')
    if f[3] != '0' or f[1] != trainer: continue  # first runs of one trainer only
    rows.append(f)
names = header[4:]
n = len(rows)
seeds = sorted(int(r[2]) for r in rows)
print(f"{trainer}: first runs: {n} (seeds {seeds[0]} … {seeds[-1]}, {len(set(seeds))} distinct)")
def blom(k, n):  # expected k-th largest of n standard normals (Blom)
    return N.inv_cdf((n - k + 1 - 0.375) / (n + 0.25))
def hill(xs, k):  # Hill estimator of the tail index on the k largest (positive) exceedances over the (k+1)-th
    xs = sorted(xs, reverse=True)
    if xs[k] <= 0: return float('nan')
    return 1 / (sum(math.log(x / xs[k]) for x in xs[:k]) / k)
for i, name in enumerate(names):
    if name not in BOUNDS: continue
    p, fr, fa, hib = BOUNDS[name]
    v = [float(r[4 + i]) for r in rows]
    m = statistics.fmean(v); sd = statistics.stdev(v)
    if sd == 0:
        print(f"\n{name}: constant {m:g} over {n} runs"); continue
    z = sorted(((x - m) / sd) * (-1 if hib else 1) for x in v)[::-1]  # towards bad, largest first
    skew = sum(((x - m) / sd) ** 3 for x in v) / n
    kurt = sum(((x - m) / sd) ** 4 for x in v) / n - 3
    bad_side = lambda x, b: (x < b) if hib else (x > b)
    over_pass = sum(1 for x in v if bad_side(x, p)); over_fail = sum(1 for x in v if bad_side(x, fa) or math.isnan(x))
    dfail = ((fa - m) / sd) * (-1 if hib else 1); dpass = ((p - m) / sd) * (-1 if hib else 1)
    print(f"\n{name} ({'≥' if hib else '≤'}): mean {m:.5g}, sd {sd:.4g}, min {min(v):.5g}, max {max(v):.5g}, skew {skew:+.2f}, excess kurtosis {kurt:+.2f}")
    print(f"   towards bad, the 5 largest in sd: {', '.join(f'{x:.2f}' for x in z[:5])}; normal largest-of-{n}: {blom(1,n):.2f}, 2nd {blom(2,n):.2f}, 5th {blom(5,n):.2f}")
    print(f"   pass bound {p:g} = {dpass:.2f} sd: beyond in {over_pass}/{n}; normal model {N.cdf(-dpass):.2g}")
    print(f"   fail bound {fa:g} = {dfail:.2f} sd: beyond in {over_fail}/{n}; normal model {N.cdf(-dfail):.2g}")
    # upper-tail shape: exceedances of thresholds at 2, 3, 4 sd towards bad against the normal
    print("   towards bad beyond 2/3/4 sd: " + ", ".join(f"{sum(1 for x in z if x > t)} (normal {n*N.cdf(-t):.2g})" for t in (2, 3, 4)))
    # Hill on the bad side (shifted so values are positive: distance from the median towards bad + 1 sd)
    med = statistics.median(v)
    shifted = [((x - med) * (-1 if hib else 1)) / sd for x in v]
    pos = [x for x in shifted if x > 0]
    yfail = ((fa - med) * (-1 if hib else 1)) / sd
    ypass = ((p - med) * (-1 if hib else 1)) / sd
    # peaks over threshold: a generalised Pareto law fitted (probability-weighted moments, Hosking & Wallis 1987) to the
    # exceedances of the top 10 % towards bad; xi > 0 a heavy (power) tail, xi = 0 exponential, xi < 0 bounded
    k = max(20, n // 10)
    ys = sorted(shifted, reverse=True)
    u = ys[k]
    ex = sorted(y - u for y in ys[:k])  # ascending
    a0 = sum(ex) / k
    a1 = sum((1 - (i + 1 - 0.35) / k) * y for i, y in enumerate(ex)) / k
    kh = a0 / (a0 - 2 * a1) - 2; xi = -kh; sig = 2 * a0 * a1 / (a0 - 2 * a1)
    def ptail(y):
        if math.isinf(y) or math.isnan(y): return float('nan')
        if y <= u: return float('nan')
        t = 1 + xi * (y - u) / sig
        if abs(xi) < 1e-9: return (k / n) * math.exp(-(y - u) / sig)
        return (k / n) * (t ** (-1 / xi) if t > 0 else 0.0)
    print(f"   POT (top {k}): shape xi {xi:+.3f}, scale {sig:.3g} sd; P(beyond fail) ≈ {ptail(yfail):.2g}, P(beyond pass) ≈ {ptail(ypass):.2g}")
