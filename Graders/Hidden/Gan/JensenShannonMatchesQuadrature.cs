using Grader.Contracts.Gan;
using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's JSD equals the grader's, in nats. On a grid: <see
/// cref="JensenShannon.OnGrid"/> in double on the pairs of <see cref="DensityPair.Draw"/> and their swaps, so the JSD
/// is symmetric, 0 for equal densities and ln 2 for disjoint supports (tolerance <see cref="DensityPair.GridTolerance"/>,
/// a = 2). By samples: n cells drawn from p and m from q for each pair (probability ∝ the density's value), both
/// densities given at each, n ∈ [<see cref="SamplesPerDensity"/>, 2·<see cref="SamplesPerDensity"/>] and m ≠ n every
/// call (m = n + k or n − k, k ∈ [n/4, n/2]): the contract's two means are over different counts, so a value that pools
/// both samples into one mean over n + m (equal to the JSD's estimate only when n = m, which the equal counts of the
/// earlier draw always were) is caught every run, and named, against <see cref="JensenShannon.BySamples"/>; tolerance
/// u·[(n + 2)·mean|ln(2p/(p + q))| over p's samples + (m + 2)·the same over q's + 4] (each log-ratio within 2u + u|ln|,
/// each mean's float32 sum within (n − 1)·u·Σ|terms|). Every run has densities that are 0 where the other is not and
/// unequal sample counts (<see cref="CaseClasses"/>). Values equal to KL(p ‖ q), to the JSD in bits, or to twice it are named.
/// </summary>
public sealed class JensenShannonMatchesQuadrature() : HandinCheck<IJensenShannonDivergence>(
    "gan.tum.jensen-shannon-matches-quadrature"), IDrawsCaseClasses
{
    /// <summary>The fewest samples of a density in the by-samples calls (at most twice as many).</summary>
    public const int SamplesPerDensity = 200;

    /// <summary>One sample case: each density at n cells drawn from p and at m cells drawn from q.</summary>
    public sealed record SampleCase(DensityPair Pair, double[] PAtP, double[] QAtP, double[] PAtQ, double[] QAtQ);

    /// <summary>A run's draw: the grid pairs (each also asked swapped) and one sample case per pair.</summary>
    public sealed record JsdDraw(IReadOnlyList<DensityPair> Pairs, IReadOnlyList<SampleCase> Samples);

    /// <summary>The inputs that tell the sheet's JSD from its near misses.</summary>
    public static CaseClasses<JsdDraw> Classes { get; } = new(
        new CaseClass<JsdDraw>("a-density-zero-where-the-other-is-not",
            "p·ln(p/m) summed without the convention 0·ln 0 = 0: NaN on the cells where one density is 0",
            d => d.Pairs.Any(p => p.P.Zip(p.Q).Any(v => (v.First == 0) != (v.Second == 0)))),
        new CaseClass<JsdDraw>("unequal-sample-counts",
            "one mean of the log-ratios over both samples pooled: equal to the estimate only when n = m",
            d => d.Samples.Any(c => c.PAtP.Length != c.QAtQ.Length)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn([Drawn(new CheckContext(_ => null, seed, "").NewGenerator())]);

    /// <summary>The run's pairs and sample cases: n ∈ [<see cref="SamplesPerDensity"/>, 2·<see cref="SamplesPerDensity"/>], m = n ± k, k ∈ [n/4, n/2].</summary>
    private static JsdDraw Drawn(Generator g)
    {
        var pairs = DensityPair.Draw(g);
        var samples = pairs.Select(pair =>
        {
            int n = (int)g.NextInt(SamplesPerDensity, 2 * SamplesPerDensity + 1), k = (int)g.NextInt(n / 4, n / 2 + 1);
            int m = g.NextDouble() < 0.5 ? n + k : n - k;
            var (pAtP, qAtP) = Sample(g, pair.P, pair.Q, n);
            var (qAtQ, pAtQ) = Sample(g, pair.Q, pair.P, m);
            return new SampleCase(pair, pAtP, qAtP, pAtQ, qAtQ);
        }).ToList();
        return new JsdDraw(pairs, samples);
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IJensenShannonDivergence handin)
    {
        var (pairs, samples) = Drawn(context.NewGenerator());
        foreach (var pair in pairs.Concat(pairs.Select(p => p.Swapped())))
        {
            const string what = "OnGrid(p, q, cellVolume)";
            if (call.Run(what, () => handin.OnGrid(pair.PTensor(), pair.QTensor(), pair.CellVolume), out var seen) is { } threw) return threw;
            double[] p = pair.PDouble(), q = pair.QDouble();
            var expected = JensenShannon.OnGrid(p, q, pair.CellVolume);
            var tolerance = pair.GridTolerance(2);
            if (Math.Abs(seen - expected) <= tolerance) continue;
            return call.Fail(Message($"on {pair.Name} densities, on the grid", expected, seen, tolerance, JensenShannon.KlOnGrid(p, q, pair.CellVolume)),
                expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
        }
        foreach (var (pair, pAtP, qAtP, pAtQ, qAtQ) in samples)
        {
            const string what = "BySamples(pAtP, qAtP, pAtQ, qAtQ)";
            if (call.Run(what, () => handin.BySamples(Tensor(pAtP), Tensor(qAtP), Tensor(pAtQ), Tensor(qAtQ)), out var seen) is { } threw) return threw;
            var expected = JensenShannon.BySamples(pAtP, qAtP, pAtQ, qAtQ);
            var tolerance = SampleTolerance(pAtP, qAtP) + SampleTolerance(qAtQ, pAtQ);
            if (Math.Abs(seen - expected) <= tolerance) continue;
            var kl = pAtP.Zip(qAtP, (a, b) => b == 0 ? double.PositiveInfinity : Math.Log(a / b)).Average();
            var pooled = pAtP.Zip(qAtP, (a, b) => Math.Log(2 * a / (a + b))).Concat(qAtQ.Zip(pAtQ, (a, b) => Math.Log(2 * a / (a + b)))).Average();
            if (Math.Abs(seen - pooled) <= tolerance + 1e-6 * Math.Abs(pooled))
                return call.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"The JSD by samples of the {pair.Name} densities differs: expected {expected:G8}, seen {seen:G8}. Your value is one mean over both samples pooled; the JSD is ½ 𝔼_p[log(p/m)] + ½ 𝔼_q[log(q/m)], each expectation the mean over its own density's samples, and the two samples need not be of the same size."),
                    expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
            return call.Fail(Message($"by samples of the {pair.Name} densities", expected, seen, tolerance, kl),
                expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
        }
        return CheckResult.Pass(Id, $"The JSD matches the grader's on {2 * pairs.Count} grid pairs and {pairs.Count} sample pairs", SheetRef);
    }

    private static string Message(string where, double expected, double seen, double tolerance, double kl)
    {
        bool Near(double variant) => double.IsFinite(variant) && Math.Abs(seen - variant) <= tolerance + 1e-6 * Math.Abs(variant);
        var hint = Near(kl) && !Near(expected) ? " Your value is KL(p ‖ q): the JSD compares each density with their average m = ½(p + q), which makes it symmetric and finite."
            : Near(expected / Math.Log(2)) ? " Your value is in bits (log₂); the sheet's JSD uses the natural logarithm (at most ln 2)."
            : Near(2 * expected) ? " Your value is twice the JSD: it is the average ½[KL(p ‖ m) + KL(q ‖ m)]."
            : " JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = ½(p + q); it is symmetric, 0 for equal densities and at most ln 2.";
        return string.Create(CultureInfo.InvariantCulture,
            $"The JSD {where} differs: expected {expected:G8}, seen {seen:G8} (|Δ| = {Math.Abs(seen - expected):G2} > tolerance {tolerance:G2}).{hint}");
    }

    /// <summary><paramref name="count"/> cells drawn with probability ∝ <paramref name="own"/>, and both densities at each.</summary>
    private static (double[] Own, double[] Other) Sample(Generator g, float[] own, float[] other, int count)
    {
        var cumulative = new double[own.Length];
        double total = 0;
        for (int i = 0; i < own.Length; i++) cumulative[i] = total += own[i];
        var ownAt = new double[count];
        var otherAt = new double[count];
        for (int k = 0; k < count; k++)
        {
            var r = g.NextDouble() * total;
            int i = Array.FindIndex(cumulative, c => c > r);
            if (i < 0 || own[i] == 0) i = Array.FindLastIndex(own, v => v > 0);
            ownAt[k] = own[i];
            otherAt[k] = other[i];
        }
        return (ownAt, otherAt);
    }

    private static double SampleTolerance(double[] own, double[] other)
    {
        const double u = 1.0 / (1 << 24);
        var meanAbs = own.Zip(other, (a, b) => Math.Abs(Math.Log(2 * a / (a + b)))).Average();
        return u * ((own.Length + 2) * meanAbs + 2);
    }

    private static Tensor Tensor(double[] values) => torch.tensor(values.Select(v => (float)v).ToArray(), values.Length);
}
