using Grader.Checks.Gan;
using Grader.Contracts.Gan;
using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's D* equals the reference's p*/(p* + p_θ) on the density pairs of
/// <see cref="DensityPair.Draw"/> (1-D and 2-D mixtures, disjoint and half-overlapping supports, equal densities, each
/// pair also swapped), drawn from the run's seed, and the disjoint pair with a gap between the supports (<see cref="WithGap"/>).
/// Where both densities are 0 any D in [0, 1] is accepted. A D* equal to p_θ/(p* + p_θ) is named. Every run has a
/// density 0 where the other is not, both densities 0, and D* far from ½ (<see cref="CaseClasses"/>).
/// </summary>
/// <remarks>
/// The tolerance τ at each point, and its derivation (the three log-space forms, the tails, the points where one density
/// is 0): <see cref="OptimalDiscriminatorTolerance.OfValue"/>.
/// </remarks>
public sealed class OptimalDiscriminatorMatchesReference() : HandinCheck<IOptimalDiscriminator>(
    "gan.tum.optimal-discriminator-matches-reference"), IDrawsCaseClasses
{
    /// <summary>
    /// The inputs that tell p*/(p* + p_θ) from its near misses, each in every run by construction: the disjoint pair (and
    /// its swap) has cells where exactly one density is 0, and D* ∈ {0, 1} there; the gap pair has cells where both are 0.
    /// </summary>
    public static CaseClasses<DensityPair> Classes { get; } = new(
        new CaseClass<DensityPair>("p-star-zero-where-p-theta-is-not",
            "½ where p* = 0 (the guard of 1/(1 + p_θ/p*) written for p* = 0, not for p* = p_θ = 0): D* is 0 there",
            k => k.P.Zip(k.Q).Any(v => v.First == 0 && v.Second > 0)),
        new CaseClass<DensityPair>("both-densities-zero",
            "p*/(p* + p_θ) without a guard: 0/0 is NaN where both densities are 0, where the contract asks for a value in [0, 1]",
            k => k.P.Zip(k.Q).Any(v => v.First == 0 && v.Second == 0)),
        new CaseClass<DensityPair>("optimal-discriminator-far-from-one-half",
            "the swapped ratio p_θ/(p* + p_θ), equal to D* only where D* = ½ (p* = p_θ)",
            k => k.P.Zip(k.Q).Any(v => Math.Abs(v.First / ((double)v.First + v.Second) - 0.5) >= 0.25)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Pairs(new CheckContext(_ => null, seed, "").NewGenerator()));

    /// <summary>The run's pairs (<see cref="DensityPair.Draw"/>, then <see cref="WithGap"/>), each also swapped.</summary>
    private static IReadOnlyList<DensityPair> Pairs(Generator g)
    {
        var pairs = WithGap(DensityPair.Draw(g));
        return pairs.Concat(pairs.Select(p => p.Swapped())).ToList();
    }

    /// <summary>
    /// <paramref name="pairs"/> and one more: the disjoint pair (the first whose supports do not overlap; p* left of the
    /// cut, p_θ right of it) with p* set to 0 on the cell before p_θ's first positive one and renormalised, so that cell
    /// has both densities 0. No draw of its own:
    /// the other pairs are the ones <see cref="DensityPair.Draw"/> gives.
    /// </summary>
    public static IReadOnlyList<DensityPair> WithGap(IReadOnlyList<DensityPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var disjoint = pairs.First(p => p.P.Zip(p.Q).All(v => v.First == 0 || v.Second == 0));
        int last = Array.FindIndex(disjoint.Q, v => v > 0) - 1;
        if (last < 0) throw new InvalidOperationException("grader defect: the disjoint pair's p_θ is positive on its first cell");
        double mass = disjoint.Masses().P - disjoint.P[last] * disjoint.CellVolume;
        var p = disjoint.P.Select((v, i) => i == last ? 0f : (float)(v / mass)).ToArray();
        return [.. pairs, disjoint with { Name = "1-D, a gap between the supports", P = p }];
    }

    /// <summary>τ at a point with densities <paramref name="p"/> and <paramref name="q"/>: <see cref="OptimalDiscriminatorTolerance.OfValue"/>.</summary>
    public static double ToleranceAt(double p, double q) => OptimalDiscriminatorTolerance.OfValue(p, q);

    protected override CheckResult Check(CheckContext context, HandinCall call, IOptimalDiscriminator handin)
    {
        foreach (var pair in Pairs(context.NewGenerator()))
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
                bool ok = open ? seen[i] >= 0 && seen[i] <= 1 : Math.Abs(seen[i] - expected[i]) <= ToleranceAt(pair.P[i], pair.Q[i]);
                if (ok) continue;
                count++;
                if (wrong < 0) wrong = i;
            }
            if (wrong < 0) continue;
            bool swapped = Enumerable.Range(0, seen.Length).All(i => pair.P[i] + pair.Q[i] == 0 || Math.Abs(seen[i] - (1 - expected[i])) <= ToleranceAt(pair.P[i], pair.Q[i]));
            double tolerance = ToleranceAt(pair.P[wrong], pair.Q[wrong]);
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
