using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Gan;
using Grader.Reference.Gan;
using Grader.Tensors;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's JSD equals the grader's, in nats. On a grid: <see
/// cref="JensenShannon.OnGrid"/> in double on the pairs of <see cref="DensityPair.Draw"/> and their swaps, so the JSD
/// is symmetric, 0 for equal densities and ln 2 for disjoint supports (tolerance <see cref="DensityPair.GridTolerance"/>,
/// a = 2). By samples: <see cref="SamplesPerDensity"/> cells drawn from each density of each pair (probability ∝ its
/// value), both densities given at each, against <see cref="JensenShannon.BySamples"/>; tolerance
/// u·[(n + 2)·mean|ln(2p/(p + q))| over p's samples + (m + 2)·the same over q's + 4] (each log-ratio within 2u + u|ln|,
/// each mean's float32 sum within (n − 1)·u·Σ|terms|). Values equal to KL(p ‖ q), to the JSD in bits, or to twice it are named.
/// </summary>
public sealed class JensenShannonMatchesQuadrature : ICheck
{
    /// <summary>Samples per density in the by-samples calls.</summary>
    public const int SamplesPerDensity = 200;

    public string Id => "gan.tum.jensen-shannon-matches-quadrature";

    public string SheetRef => "sheet 002, P3 (b): JSD(p, q) = ½ KL(p ‖ ½(p + q)) + ½ KL(q ‖ ½(p + q))";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IJensenShannonDivergence>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator();
        var pairs = DensityPair.Draw(g);
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
        foreach (var pair in pairs)
        {
            var (pAtP, qAtP) = Sample(g, pair.P, pair.Q);
            var (qAtQ, pAtQ) = Sample(g, pair.Q, pair.P);
            const string what = "BySamples(pAtP, qAtP, pAtQ, qAtQ)";
            if (call.Run(what, () => handin.BySamples(Tensor(pAtP), Tensor(qAtP), Tensor(pAtQ), Tensor(qAtQ)), out var seen) is { } threw) return threw;
            var expected = JensenShannon.BySamples(pAtP, qAtP, pAtQ, qAtQ);
            var tolerance = SampleTolerance(pAtP, qAtP) + SampleTolerance(qAtQ, pAtQ);
            if (Math.Abs(seen - expected) <= tolerance) continue;
            var kl = pAtP.Zip(qAtP, (a, b) => b == 0 ? double.PositiveInfinity : Math.Log(a / b)).Average();
            return call.Fail(Message($"by {SamplesPerDensity} samples of each of the {pair.Name} densities", expected, seen, tolerance, kl),
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

    /// <summary><see cref="SamplesPerDensity"/> cells drawn with probability ∝ <paramref name="own"/>, and both densities at each.</summary>
    private static (double[] Own, double[] Other) Sample(Generator g, float[] own, float[] other)
    {
        var cumulative = new double[own.Length];
        double total = 0;
        for (int i = 0; i < own.Length; i++) cumulative[i] = total += own[i];
        var ownAt = new double[SamplesPerDensity];
        var otherAt = new double[SamplesPerDensity];
        for (int k = 0; k < SamplesPerDensity; k++)
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
