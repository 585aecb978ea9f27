#!/usr/bin/env python3
"""Where the first runs of a first-run CSV (TrainingChecksSeedsTests.First_run_scores_to_csv) fall under a check's bounds,
and the normal model's union P(first run clearly bad) from the measured means and sds.
usage: first_runs.py file.csv BOUNDS [sde|image] [score=alternative,bounds …]   (BOUNDS as for tails.py; 'sde' adds the gap's upper side, gap ≤ max_gap)"""
import sys, math, statistics
from statistics import NormalDist
N = NormalDist()
path, bpath = sys.argv[1], sys.argv[2]
sde = len(sys.argv) > 3 and sys.argv[3] == 'sde'
ns = {}; exec(open(bpath).read(), ns); BOUNDS = ns['BOUNDS']
lines = [l for l in open(path).read().split('\n') if l]
names = lines[0].split(',')[2:]
rows = {}
for l in lines[1:]:
    f = l.split(',')
    rows[int(f[1])] = dict(zip(names, map(float, f[2:])))  # one row per seed (a repeated seed counts once)
n = len(rows)
good = bad = undecided = 0
for seed, r in sorted(rows.items()):
    fails = [k for k, (p, fr, fa, hib) in BOUNDS.items() if math.isnan(r[k]) or (r[k] < fa if hib else r[k] > fa)]
    if sde and r['gap'] > r['max_gap']: fails.append('gap upper side')
    passes = all((r[k] >= p if hib else r[k] <= p) for k, (p, fr, fa, hib) in BOUNDS.items())
    if fails: bad += 1; print(f"seed {seed}: clearly bad by {', '.join(fails)}")
    elif passes: good += 1
    else:
        undecided += 1
        print(f"seed {seed}: undecided: " + ", ".join(f"{k} {r[k]:.4g}" for k, (p, fr, fa, hib) in BOUNDS.items() if not (r[k] >= p if hib else r[k] <= p)))
print(f"{n} first runs (seeds {min(rows)} … {max(rows)}): clearly good {good}, undecided {undecided}, clearly bad {bad}")
if sde:
    margin = [(r['max_gap'] - r['gap']) for r in rows.values()]
    print(f"gap's upper side: max_gap − gap {statistics.fmean(margin):.4f} ± {statistics.stdev(margin):.4f}, smallest {min(margin):.4f}")
union = 0.0
for k, (p, fr, fa, hib) in BOUNDS.items():
    if math.isinf(fa): continue
    v = [r[k] for r in rows.values()]
    m, sd = statistics.fmean(v), statistics.stdev(v)
    d = (m - fa) / sd if hib else (fa - m) / sd
    union += N.cdf(-d)
    print(f"{k}: {m:.5g} ± {sd:.4g}, fail bound {fa:g} at {d:.2f} sd, normal P(beyond) {N.cdf(-d):.2g}")
print(f"normal model, union over the clearly-bad bounds: {union:.2g} per first run")

# The budget response's scores depend on the run's drawn smaller budget: their law is the one given the steps. A quadratic
# least-squares fit on the steps, the residuals' sd and tail, and the normal model given the steps averaged over the
# runs' own draws (P(beyond the bound), the draw's uniform law) and at the worst steps drawn.
def quadfit(xs, ys):
    s = [sum(x ** k for x in xs) for k in range(5)]
    t = [sum(y * x ** k for x, y in zip(xs, ys)) for k in range(3)]
    a = [[s[i + j] for j in range(3)] + [t[i]] for i in range(3)]
    for i in range(3):
        piv = a[i][i]
        a[i] = [v / piv for v in a[i]]
        for r in range(3):
            if r != i:
                f = a[r][i]; a[r] = [vr - f * vi for vr, vi in zip(a[r], a[i])]
    return [a[i][3] for i in range(3)]
def blom(k, n): return N.inv_cdf((n - k + 1 - 0.375) / (n + 0.25))
if 'smaller_steps' in names:
    rows = {k: r for k, r in rows.items() if 'smaller_steps' in r}  # rows written before the column was added have no steps
    n = len(rows)
    xs = [r['smaller_steps'] for r in rows.values()]
    print(f"\ngiven the smaller budget ({min(xs):.0f} … {max(xs):.0f} steps drawn):")
    for k in ('smaller_gap', 'smaller_loss', 'improvement'):
        if k not in BOUNDS: continue
        p, fr, fa, hib = BOUNDS[k]
        ys = [r[k] for r in rows.values()]
        c = quadfit([x / 100 for x in xs], ys)
        fit = lambda x: c[0] + c[1] * x / 100 + c[2] * (x / 100) ** 2
        res = [y - fit(x) for x, y in zip(xs, ys)]
        # the spread changes with the steps (the smaller model's own noise falls as it trains): a local sd, linear in the
        # steps, from the residuals' absolute values (E|e| = sd·√(2/π) for a normal e)
        mx = statistics.fmean(xs); my = statistics.fmean(abs(e) for e in res)
        slope = sum((x - mx) * (abs(e) - my) for x, e in zip(xs, res)) / sum((x - mx) ** 2 for x in xs)
        local = lambda x: max(1e-9, (my + slope * (x - mx)) * math.sqrt(math.pi / 2))
        z = sorted(((-e if hib else e) / local(x) for x, e in zip(xs, res)), reverse=True)
        dist = [((fit(x) - fa) if hib else (fa - fit(x))) / local(x) for x in xs]
        worst = min(range(n), key=lambda i: dist[i])
        print(f"{k}: mean {c[0]:.4g} + {c[1]:.4g}·s + {c[2]:.4g}·s² (s = steps/100); local sd {local(min(xs)):.3g} at {min(xs):.0f} steps … {local(max(xs)):.3g} at {max(xs):.0f}; "
              f"towards bad the 5 largest standardised residuals {', '.join(f'{v:.2f}' for v in z[:5])} (normal largest-of-{n} {blom(1, n):.2f}); beyond 3 sd {sum(1 for v in z if v > 3)} (normal {n * N.cdf(-3):.2g})")
        print(f"   bound {fa:g}: {dist[worst]:.2f} local sd from the mean at {xs[worst]:.0f} steps (the closest), {statistics.fmean(dist):.2f} on average; "
              f"normal P(beyond) over the draws {statistics.fmean(N.cdf(-v) for v in dist):.2g}, at the closest {N.cdf(-dist[worst]):.2g}; "
              f"beyond in {sum(1 for y in ys if (y < fa if hib else y > fa))}/{n}; the worst value {min(ys) if hib else max(ys):.4g}")
        # the spread per quarter of the drawn steps: the residuals from the mean curve in that quarter, their sd, the
        # largest towards bad in that sd, and the bound's distance from the curve at the quarter's end nearest to it
        lo, hi = min(xs), max(xs)
        for b in range(4):
            a, z2 = lo + b * (hi - lo) / 4, lo + (b + 1) * (hi - lo) / 4
            ins = [(x, y, e) for x, y, e in zip(xs, ys, res) if a <= x < z2 or (b == 3 and x == hi)]
            if len(ins) < 3: continue
            sdb = math.sqrt(sum(e * e for _, _, e in ins) / len(ins))
            zb = max((-e if hib else e) / sdb for _, _, e in ins)
            db = min(((fit(x) - fa) if hib else (fa - fit(x))) / sdb for x in (a, z2))
            w = min(y for _, y, _ in ins) if hib else max(y for _, y, _ in ins)
            print(f"   steps {a:.0f}–{z2:.0f}: {len(ins)} runs, residual sd {sdb:.3g}, worst value {w:.4g}, largest residual towards bad {zb:.2f} sd (normal largest-of-{len(ins)} {blom(1, len(ins)):.2f}); bound {db:.2f} sd from the curve, normal P {N.cdf(-db):.2g}")
        # the residuals standardised by their quarter's sd, pooled: a peaks-over-threshold fit (generalised Pareto law by
        # probability-weighted moments, as tails.py) to the top 10 % towards bad, and P(beyond the bound) it extrapolates,
        # averaged over the runs' own steps (the bound's distance from the curve in the run's quarter's sd)
        quarter = lambda x: min(3, int((x - lo) / ((hi - lo) / 4))) if hi > lo else 0
        qsd = {}
        for q in range(4):
            es = [e for x, e in zip(xs, res) if quarter(x) == q]
            qsd[q] = math.sqrt(sum(e * e for e in es) / len(es)) if len(es) >= 3 else float('nan')
        zs = [((-e if hib else e) / qsd[quarter(x)]) for x, e in zip(xs, res)]
        dist_of = lambda bound: [(((fit(x) - bound) if hib else (bound - fit(x))) / qsd[quarter(x)]) for x in xs]
        ds = dist_of(fa)
        kk = max(20, n // 10)
        ys_ = sorted(zs, reverse=True); u = ys_[kk]
        ex = sorted(y - u for y in ys_[:kk]); a0 = sum(ex) / kk
        a1 = sum((1 - (i + 1 - 0.35) / kk) * y for i, y in enumerate(ex)) / kk
        xi = -(a0 / (a0 - 2 * a1) - 2); sig = 2 * a0 * a1 / (a0 - 2 * a1)
        def ptail(y):
            if y <= u: return float('nan')
            t = 1 + xi * (y - u) / sig
            if abs(xi) < 1e-9: return (kk / n) * math.exp(-(y - u) / sig)
            return (kk / n) * (t ** (-1 / xi) if t > 0 else 0.0)
        print(f"   standardised per quarter: the 5 largest towards bad {', '.join(f'{v:.2f}' for v in sorted(zs, reverse=True)[:5])} (normal largest-of-{n} {blom(1, n):.2f}), beyond 3 sd {sum(1 for v in zs if v > 3)} (normal {n * N.cdf(-3):.2g}); "
              f"POT (top {kk}) shape xi {xi:+.2f}, P(beyond the bound) ≈ {statistics.fmean(ptail(d) for d in ds):.2g} (normal {statistics.fmean(N.cdf(-d) for d in ds):.2g}; the bound {min(ds):.2f} … {max(ds):.2f} sd)")
        for alt in (float(v) for a in sys.argv[4:] if a.startswith(k + '=') for v in a.split('=')[1].split(',')):
            print(f"   if the bound were {alt:g}: beyond in {sum(1 for y in ys if (y < alt if hib else y > alt))}/{n}, POT P ≈ {statistics.fmean(ptail(d) for d in dist_of(alt)):.2g}, normal {statistics.fmean(N.cdf(-d) for d in dist_of(alt)):.2g}")
