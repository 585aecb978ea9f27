using Grader.Contracts.Gan;
using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's value of the GAN objective at the optimal discriminator equals
/// JSD(p*, p_θ) − ½(m* + m_θ)·ln 2 (= JSD − log 2 for grid masses m* = m_θ = 1), the grader computing the JSD by the
/// midpoint rule in double (<see cref="JensenShannon.OnGrid"/>, a route independent of V's formula), on the pairs of
/// <see cref="DensityPair.Draw"/> and their swaps (disjoint supports: V = 0; equal densities: V = −ln 2). Tolerance:
/// <see cref="DensityPair.GridTolerance"/> with a = 1. Values equal to 2·V (the ½ missing), V/ln 2 (log₂) or the JSD
/// (the constant dropped) are named.
/// </summary>
public sealed class ValueAtOptimumIsJsdMinusLog2() : HandinCheck<IGanObjective>(
    "gan.tum.value-at-optimum-is-jsd-minus-log-2")
{
    protected override CheckResult Check(CheckContext context, HandinCall call, IGanObjective handin)
    {
        var pairs = DensityPair.Draw(context.NewGenerator());
        foreach (var pair in pairs.Concat(pairs.Select(p => p.Swapped())))
        {
            const string what = "ValueAtOptimum(dataDensity, modelDensity, cellVolume)";
            if (call.Run(what, () => handin.ValueAtOptimum(pair.PTensor(), pair.QTensor(), pair.CellVolume), out var seen) is { } threw) return threw;
            var (mp, mq) = pair.Masses();
            var jsd = JensenShannon.OnGrid(pair.PDouble(), pair.QDouble(), pair.CellVolume);
            var expected = jsd - 0.5 * (mp + mq) * Math.Log(2);
            var tolerance = pair.GridTolerance(1);
            if (Math.Abs(seen - expected) <= tolerance) continue;
            bool Near(double variant) => Math.Abs(seen - variant) <= tolerance + 1e-6 * Math.Abs(variant);
            var hint = !double.IsFinite(seen) ? " Take each log D* and log(1 − D*) as a log-ratio of the densities, as the contract asks, so a cell where one density is far below the other does not give log 0."
                : Near(2 * expected) ? " Your value is twice the objective's: each expectation carries the factor ½ (π = ½)."
                : Near(expected / Math.Log(2)) ? " Your value is in bits (log₂); the objective uses the natural logarithm."
                : Near(jsd) ? " Your value is the JSD itself: the objective at D* is the JSD plus a constant, which you dropped."
                : " Plug D*(x) into ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)].";
            return call.Fail(string.Create(CultureInfo.InvariantCulture,
                $"The objective at the optimal discriminator differs on {pair.Name} densities: expected {expected:G8}, seen {seen:G8} (|Δ| = {Math.Abs(seen - expected):G2} > tolerance {tolerance:G2}).{hint}"),
                expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
        }
        return CheckResult.Pass(Id, $"V(D*) = JSD − log 2 on {2 * pairs.Count} pairs of densities", SheetRef);
    }
}
