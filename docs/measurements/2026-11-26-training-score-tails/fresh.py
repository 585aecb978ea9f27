#!/usr/bin/env python3
"""Toy data: the decision's false fail from the Correct example's first runs, by resampling: P(first run undecided) and,
for an undecided run, P(the fresh statistic of three other runs beyond a fresh bound), with MMD²/energy² judged by the
mean (as shipped) or the median (FreshMedian), and with their clearly-bad bounds (as shipped) or none."""
import sys, random, statistics, itertools
ns = {}; exec(open(sys.argv[2]).read(), ns); B = ns['BOUNDS']
rows = []; header = None
for line in open(sys.argv[1]):
    f = line.rstrip('\n').split('\t')
    if line.startswith('#'): header = [h.lstrip('#') for h in f]; continue
    if f[1] == 'Correct' and f[3] == '0': rows.append([float(x) for x in f[4:]])
names = header[4:]
bounds = [B[n] for n in names]
sample = [i for i, n in enumerate(names) if 'MMD²' in n or 'energy²' in n]
n = len(rows)
def bad(v, b, k): return (v < b[k]) if b[3] else (v > b[k])
def zone(r, nofail):
    if any(bad(r[i], b, 2) for i, b in enumerate(bounds) if not (nofail and i in sample)): return 'fail'
    if all(not bad(r[i], b, 0) for i, b in enumerate(bounds)): return 'pass'
    return 'undecided'
for nofail in (False, True):
    zs = [zone(r, nofail) for r in rows]
    und = zs.count('undecided'); fl = zs.count('fail')
    for median in (False, True):
        rnd = random.Random(1); trials = 200000; fails = 0
        for _ in range(trials):
            t = rnd.sample(range(n), 3)
            ok = True
            for i, b in enumerate(bounds):
                vals = [rows[j][i] for j in t]
                stat = statistics.median(vals) if (median and i in sample) else sum(vals) / 3
                if bad(stat, b, 1): ok = False; break
            if not ok: fails += 1
        pf = fails / trials
        print(f"{'no clearly-bad bound on MMD²/energy²' if nofail else 'as shipped'}, fresh {'median' if median else 'mean'} for MMD²/energy²: "
              f"first runs {n}: clearly bad {fl}, undecided {und} ({und/n:.3f}); P(fresh statistic fails) ≈ {pf:.2g} ({fails} of {trials} triples); "
              f"false fail ≈ {fl/n:.2g} + {und/n:.3f}·{pf:.2g} = {fl/n + und/n*pf:.2g}")
# which scores leave first runs undecided
cnt = {}
for r in rows:
    for i, b in enumerate(bounds):
        if bad(r[i], b, 0): cnt[names[i]] = cnt.get(names[i], 0) + 1
print("beyond the clearly-good bound:", cnt)
