using Grader.Contracts.Gan;
using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's D* equals the reference's p*/(p* + p_θ) on the density pairs of
/// <see cref="DensityPair.Draw"/> (1-D and 2-D mixtures, disjoint and half-overlapping supports, equal densities, each
/// pair also swapped), drawn from the run's seed. Tolerance 6u (u = 2⁻²⁴) absolute: the inputs are float32, the
/// reference is exact in double, and a float32 evaluation of the ratio by at most five correctly rounded operations is
/// within 6u·D* ≤ 6u. Where both densities are 0 any D in [0, 1] is accepted. A D* equal to p_θ/(p* + p_θ) is named.
/// </summary>
public sealed class OptimalDiscriminatorMatchesReference() : HandinCheck<IOptimalDiscriminator>(
    "gan.tum.optimal-discriminator-matches-reference")
{
    /// <summary>The tolerance, 6u.</summary>
    public const double Tolerance = 6.0 / (1 << 24);

    protected override CheckResult Check(CheckContext context, HandinCall call, IOptimalDiscriminator handin)
    {
        var pairs = DensityPair.Draw(context.NewGenerator());
        foreach (var pair in pairs.Concat(pairs.Select(p => p.Swapped())))
        {
            const string what = "OptimalDiscriminator(dataDensity, modelDensity)";
            if (call.Run(what, () => handin.OptimalDiscriminator(pair.PTensor(), pair.QTensor()), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, pair.Shape, "expected D*(x) at each point, the shape of the densities") is { } bad) return bad;
            var seen = result.ToArray();
            var expected = GanObjective.OptimalDiscriminator(pair.PDouble(), pair.QDouble());
            int wrong = -1, count = 0;
            for (int i = 0; i < seen.Length; i++)
            {
                bool open = pair.P[i] == 0 && pair.Q[i] == 0;
                bool ok = open ? seen[i] >= 0 && seen[i] <= 1 : Math.Abs(seen[i] - expected[i]) <= Tolerance;
                if (ok) continue;
                count++;
                if (wrong < 0) wrong = i;
            }
            if (wrong < 0) continue;
            bool swapped = Enumerable.Range(0, seen.Length).All(i => pair.P[i] + pair.Q[i] == 0 || Math.Abs(seen[i] - (1 - expected[i])) <= Tolerance);
            var hint = swapped
                ? " Your D* is p_θ/(p* + p_θ): that is the probability that x was generated; the discriminator's D(x) is the probability that x is real data, so it grows with p*."
                : " Maximise ½ p*(x) log D + ½ p_θ(x) log(1 − D) for each x separately.";
            return call.Fail(string.Create(CultureInfo.InvariantCulture,
                $"D* differs from the optimal discriminator on {pair.Name} densities at {count} of {seen.Length} points; first at {Grader.Checks.Checking.HandinCall.Index(wrong, pair.Shape)}: "
                + $"p* = {pair.P[wrong]:G6}, p_θ = {pair.Q[wrong]:G6}, expected {expected[wrong]:G6}, seen {seen[wrong]:G6} (tolerance {Tolerance:G2}).{hint}"),
                expected: expected[wrong].ToString("G6", CultureInfo.InvariantCulture), seen: seen[wrong].ToString("G6", CultureInfo.InvariantCulture))
                .Concealed(string.Create(CultureInfo.InvariantCulture,
                    $"D* differs from the optimal discriminator on {pair.Name} densities drawn for this grading run, at {Share(count, seen.Length)} of the grid's points; at the first, "
                    + $"p* = {pair.P[wrong]:G6}, p_θ = {pair.Q[wrong]:G6}: expected {expected[wrong]:G6}, seen {seen[wrong]:G6}, {Math.Abs(seen[wrong] - expected[wrong]) / Tolerance:G2} times the tolerance.{hint}"),
                    expected: expected[wrong].ToString("G6", CultureInfo.InvariantCulture), seen: seen[wrong].ToString("G6", CultureInfo.InvariantCulture));
        }
        return CheckResult.Pass(Id, "D* matches the optimal discriminator on 1-D and 2-D pairs of densities drawn for this grading run", SheetRef);
    }

    /// <summary>"every one" or a percentage: how many of the grid's points, without the grid's size.</summary>
    private static string Share(int count, int total) =>
        count == total ? "every one" : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(100.0 * count / total)):0} %");
}
