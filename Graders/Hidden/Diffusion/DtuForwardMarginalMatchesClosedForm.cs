using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// DTU week 3, exercise 3.1 (sheet 004): the forward marginal q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) of eq. (1), with
/// ᾱ_T = ∏_{s=1}^{T} (1 − β_s), on schedules 0 &lt; β_1 &lt; … &lt; β_T &lt; 1 drawn for the run: one step, a few drawn
/// steps, and linear schedules of 100, 1,000 (the sheet's, Ho et al.'s 10⁻⁴ … 0.02) and 10,000 steps, where ᾱ_T is
/// about e⁻¹⁰⁰ and q(z_T | x) is N(0, I) to print precision (the limit the exercise shows). Exact in double up to the
/// rounding of T factors, or of T logarithms summed: the bound is 2⁻⁴⁰ (T + 8)(1 + |ln ᾱ_T|) relative to √ᾱ_T and to
/// ᾱ_T (for 1 − ᾱ_T, plus 2⁻⁴⁰), far below each near miss on the schedules that tell it: the mean's factor without its
/// square root (ᾱ_T), the variance ᾱ_T, the product started one step late, 1 − Σβ_s for ᾱ_T.
/// </summary>
public sealed class DtuForwardMarginalMatchesClosedForm() : HandinCheck<IDtuForwardMarginal>("diffusion.dtu.forward-marginal-matches-closed-form"), IDrawsCaseClasses
{
    /// <summary>The near misses only some drawn schedules tell from ᾱ_T; every run draws each of them (<see cref="Draw"/>).</summary>
    public static CaseClasses<double[]> Classes { get; } = new(
        new CaseClass<double[]>("one-step", "the product started at s = 2 (ᾱ_1 = 1, q(z_1 | x) = N(x, 0)): right only where the first factor is near 1", b => b.Length == 1),
        new CaseClass<double[]>("near-the-limit", "the limit's 0 and 1 returned for √ᾱ_T and 1 − ᾱ_T: right only where ᾱ_T is below every bound", b => AlphaBar(b) < 1e-30));

    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Draw(new CheckContext(_ => null, seed, "").NewGenerator(Salt)));

    /// <summary>ᾱ_T = ∏(1 − β_s), the product taken in order.</summary>
    public static double AlphaBar(double[] betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        var alphaBar = 1.0;
        foreach (var beta in betas) alphaBar *= 1 - beta;
        return alphaBar;
    }

    /// <summary>The rounding bound relative to ᾱ_T (and √ᾱ_T) for a schedule of <paramref name="steps"/> steps.</summary>
    public static double RelativeBound(int steps, double alphaBar) => Math.ScaleB(steps + 8, -40) * (1 + Math.Abs(Math.Log(alphaBar)));

    protected override CheckResult Check(CheckContext context, HandinCall call, IDtuForwardMarginal handin)
    {
        var schedules = Draw(context.NewGenerator(Salt));
        for (var k = 0; k < schedules.Count; k++)
        {
            var betas = schedules[k];
            var alphaBar = AlphaBar(betas);
            var relative = RelativeBound(betas.Length, alphaBar);
            var what = k == 0 ? $"β_1 = {Show(betas[0])}" : Names[k];

            if (call.Run($"MeanScale({what})", () => handin.MeanScale((double[])betas.Clone()), out var mean) is { } threw) return threw;
            var expectedMean = Math.Sqrt(alphaBar);
            if (!(Math.Abs(mean - expectedMean) <= relative * expectedMean))
            {
                var hint = Math.Abs(mean - alphaBar) <= relative * alphaBar ? " That is ᾱ_T itself: the mean of q(z_T | x) is √ᾱ_T·x (eq. (1))." : "";
                return call.Fail($"MeanScale({what}) returned {Show(mean)}, not √ᾱ_T = {Show(expectedMean)}.{hint} Re-read {SheetRef}.",
                    expected: Show(expectedMean), seen: Show(mean));
            }

            if (call.Run($"Variance({what})", () => handin.Variance((double[])betas.Clone()), out var variance) is { } failed) return failed;
            var expectedVariance = 1 - alphaBar;
            if (!(Math.Abs(variance - expectedVariance) <= (relative * alphaBar) + Math.ScaleB(1, -40)))
            {
                var hint = Math.Abs(variance - alphaBar) <= relative * alphaBar ? " That is ᾱ_T: the variance of q(z_T | x) is 1 − ᾱ_T (eq. (1))." : "";
                return call.Fail($"Variance({what}) returned {Show(variance)}, not 1 − ᾱ_T = {Show(expectedVariance)}.{hint} Re-read {SheetRef}.",
                    expected: Show(expectedVariance), seen: Show(variance));
            }
        }

        var longest = schedules[^1];
        return CheckResult.Pass(Id,
            $"√ᾱ_T and 1 − ᾱ_T match ᾱ_T = ∏(1 − β_s) on the schedules drawn for this run, from a single step to a long one; "
            + $"on the longest they are {Show(Math.Sqrt(AlphaBar(longest)))} and {Show(1 - AlphaBar(longest))}: q(z_T | x) ≈ N(0, I).", SheetRef);
    }

    /// <summary>How a failure names each schedule of <see cref="Draw"/> but the first (named by its β_1): no step count or β range of the run's set-up.</summary>
    private static readonly string[] Names = ["", "a short schedule drawn for this run", "a linear schedule drawn for this run", "the sheet's linear schedule", "a long linear schedule drawn for this run"];

    private const ulong Salt = 31;

    /// <summary>
    /// The run's schedules, each increasing in (0, 1): one step β_1 ∈ [10⁻⁴, 0.5]; 2 to 10 steps, sorted draws from
    /// [10⁻⁴, 0.3]; linear schedules of 100 steps (β_1 ∈ [10⁻⁴, 10⁻³], β_T ∈ [0.01, 0.05]), 1,000 steps (10⁻⁴ … 0.02,
    /// the sheet's) and 10,000 steps (β_1 ∈ [10⁻⁵, 10⁻⁴], β_T ∈ [0.015, 0.025]), the longest last.
    /// </summary>
    public static IReadOnlyList<double[]> Draw(Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var few = (int)random.NextInt(2, 11);
        return
        [
            [Between(random, 1e-4, 0.5)],
            [.. Enumerable.Range(0, few).Select(_ => Between(random, 1e-4, 0.3)).Order()],
            Linear(100, Between(random, 1e-4, 1e-3), Between(random, 0.01, 0.05)),
            Linear(1000, 1e-4, 0.02),
            Linear(10_000, Between(random, 1e-5, 1e-4), Between(random, 0.015, 0.025)),
        ];
    }

    private static double Between(Generator random, double low, double high) => low + (random.NextDouble() * (high - low));

    private static double[] Linear(int steps, double first, double last) =>
        [.. Enumerable.Range(0, steps).Select(s => first + ((last - first) * s / (steps - 1)))];

    private static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
