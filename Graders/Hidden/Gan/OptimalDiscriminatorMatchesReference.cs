using Grader.Contracts.Gan;
using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's D* equals the reference's p*/(p* + p_θ) on the density pairs of
/// <see cref="DensityPair.Draw"/> (1-D and 2-D mixtures, disjoint and half-overlapping supports, equal densities, each
/// pair also swapped), drawn from the run's seed. Where both densities are 0 any D in [0, 1] is accepted. A D* equal to
/// p_θ/(p* + p_θ) is named.
/// </summary>
/// <remarks>
/// <b>Tolerance from the formula's conditioning</b> (<see cref="ToleranceAt"/>), u = 2⁻²⁴, the inputs float32 and the
/// reference exact in double: τ = 6u + 8u·D(1 − D)·(2 + |ln p*| + |ln p_θ|). The first term is the ratio evaluated
/// directly (at most five correctly rounded operations: within 6u·D ≤ 6u). The second is the ratio evaluated in log space,
/// D = sigmoid(ln p* − ln p_θ), as a discriminator's logit is: ∂D/∂ln p* = −∂D/∂ln p_θ = D(1 − D), and float32's ln
/// rounds by u·|ln p| absolute, the difference by u·|ln p* − ln p_θ|, the exp, sum and division by about 4u relative,
/// so that evaluation is within D(1 − D)·4u·(1 + |ln p*| + |ln p_θ|); factor 2 for safety. A fixed 6u refused the log-space
/// form (its error is about u·|ln p*|: up to 13.5 u on the pairs of 20 seeds, 0.25 of τ; variant <c>optimal-discriminator-log-space</c>,
/// <c>OptimalDiscriminatorToleranceTests</c>), and a
/// false fail costs the whole task. Where D is 0 or 1 (one density 0) τ is 6u, and anywhere it is at most
/// 6u + 2u·(2 + |ln p*| + |ln p_θ|) ≤ 4e-5 for densities above float32's smallest normal: far below what the named
/// near misses are off (the swapped ratio by |1 − 2D*|, a density left unnormalised or squared by a share of D*).
/// </remarks>
public sealed class OptimalDiscriminatorMatchesReference() : HandinCheck<IOptimalDiscriminator>(
    "gan.tum.optimal-discriminator-matches-reference")
{
    private const double U = 1.0 / (1 << 24);

    /// <summary>τ at a point with densities <paramref name="p"/>, <paramref name="q"/> and the exact D* <paramref name="d"/> (see the remarks).</summary>
    public static double ToleranceAt(double p, double q, double d) =>
        6 * U + (p > 0 && q > 0 ? 8 * U * d * (1 - d) * (2 + Math.Abs(Math.Log(p)) + Math.Abs(Math.Log(q))) : 0);

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
                bool ok = open ? seen[i] >= 0 && seen[i] <= 1 : Math.Abs(seen[i] - expected[i]) <= ToleranceAt(pair.P[i], pair.Q[i], expected[i]);
                if (ok) continue;
                count++;
                if (wrong < 0) wrong = i;
            }
            if (wrong < 0) continue;
            bool swapped = Enumerable.Range(0, seen.Length).All(i => pair.P[i] + pair.Q[i] == 0 || Math.Abs(seen[i] - (1 - expected[i])) <= ToleranceAt(pair.P[i], pair.Q[i], expected[i]));
            double tolerance = ToleranceAt(pair.P[wrong], pair.Q[wrong], expected[wrong]);
            var hint = swapped
                ? " Your D* is p_θ/(p* + p_θ): that is the probability that x was generated; the discriminator's D(x) is the probability that x is real data, so it grows with p*."
                : " Maximise ½ p*(x) log D + ½ p_θ(x) log(1 − D) for each x separately.";
            return call.Fail(string.Create(CultureInfo.InvariantCulture,
                $"D* differs from the optimal discriminator on {pair.Name} densities at {count} of {seen.Length} points; first at {Grader.Checks.Checking.HandinCall.Index(wrong, pair.Shape)}: "
                + $"p* = {pair.P[wrong]:G6}, p_θ = {pair.Q[wrong]:G6}, expected {expected[wrong]:G6}, seen {seen[wrong]:G6} (tolerance {tolerance:G2}).{hint}"),
                expected: expected[wrong].ToString("G6", CultureInfo.InvariantCulture), seen: seen[wrong].ToString("G6", CultureInfo.InvariantCulture))
                .Concealed(string.Create(CultureInfo.InvariantCulture,
                    $"D* differs from the optimal discriminator on {pair.Name} densities drawn for this grading run, at {Share(count, seen.Length)} of the grid's points; at the first, "
                    + $"p* = {pair.P[wrong]:G6}, p_θ = {pair.Q[wrong]:G6}: expected {expected[wrong]:G6}, seen {seen[wrong]:G6}, {Math.Abs(seen[wrong] - expected[wrong]) / tolerance:G2} times the tolerance.{hint}"),
                    expected: expected[wrong].ToString("G6", CultureInfo.InvariantCulture), seen: seen[wrong].ToString("G6", CultureInfo.InvariantCulture));
        }
        return CheckResult.Pass(Id, "D* matches the optimal discriminator on 1-D and 2-D pairs of densities drawn for this grading run", SheetRef);
    }

    /// <summary>"every one" or a percentage: how many of the grid's points, without the grid's size.</summary>
    private static string Share(int count, int total) =>
        count == total ? "every one" : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(100.0 * count / total)):0} %");
}
