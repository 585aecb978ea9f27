#!/usr/bin/env python3
"""INN: the Correct example's two modes (split on TV pT1 > 0.3): per mode each decisive score's mean, sd, extremes and the
normal-model distance of the fail and pass bounds within the mode; the mixture's false fail."""
import sys, statistics, math
from statistics import NormalDist
N = NormalDist()
ns = {}; exec(open(sys.argv[2]).read(), ns); B = ns['BOUNDS']
rows = []; header = None; fresh = {}
for line in open(sys.argv[1]):
    f = line.rstrip('\n').split('\t')
    if line.startswith('#'): header = [h.lstrip('#') for h in f]; continue
    if f[1] != 'Correct': continue
    if f[3] != '0': fresh.setdefault(f[2], []).append(f); continue
    rows.append(f)
idx = {h: i for i, h in enumerate(header)}
tv = idx['TV pT₁']
modes = {'main': [r for r in rows if float(r[tv]) <= 0.3], 'stuck': [r for r in rows if float(r[tv]) > 0.3]}
n = len(rows)
print(f"{n} first runs; stuck (TV pT1 > 0.3): {len(modes['stuck'])} ({len(modes['stuck'])/n:.3%}); fresh runs taken on {len(fresh)} seeds")
total = 0
for name in ['held-out NLL', 'TV pT₁', 'TV η₁', 'TV η₂', '|Z peak shift| (GeV)', 'Z peak width ratio', 'improvement of the held-out NLL from the smaller budgets to the full one']:
    p, fr, fa, hib = B[name]; i = idx[name]
    line = f"{name[:40]:40s}"
    pf_total = 0; pp_total = 0
    for mode, rs in modes.items():
        v = [float(r[i]) for r in rs]
        m = statistics.fmean(v); sd = statistics.stdev(v)
        s = -1 if hib else 1
        dfa = s * (fa - m) / sd; dp = s * (p - m) / sd
        w = len(rs) / n
        pf_total += w * N.cdf(-dfa); pp_total += w * N.cdf(-dp)
        worst = min(v) if hib else max(v)
        line += f" | {mode}: {m:.4g} ± {sd:.3g} [worst {worst:.4g}], fail at {dfa:.1f} sd, pass at {dp:.1f} sd"
    total += pf_total
    print(line + f" | mixture P(beyond fail) {pf_total:.2g}, P(beyond pass) {pp_total:.2g}")
print(f"union over these scores: P(first run clearly bad) ≈ {total:.2g}")
NLL = idx['held-out NLL']; IMP = idx['improvement of the held-out NLL from the smaller budgets to the full one']
for seed, fr in sorted(fresh.items()):
    first = [r for r in rows if r[2] == seed][0]
    fn = ', '.join('%.3f' % float(r[NLL]) for r in fr)
    print(f"undecided seed {seed}: first NLL {float(first[NLL]):.3f}, TV pT1 {float(first[tv]):.3f}, improvement {float(first[IMP]):.3f}; fresh NLL {fn}")
