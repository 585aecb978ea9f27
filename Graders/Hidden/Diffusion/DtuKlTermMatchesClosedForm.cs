using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// DTU week 3, exercise 3.3 (sheet 004): L_{t−1} = KL(N(μ̃, β̃_t I) ‖ N(μ_θ, σ_t² I)) of eqs. (5)–(7) equals the closed
/// form ‖μ̃ − μ_θ‖²/(2σ_t²) + C with C = (d/2)(β̃_t/σ_t² − 1 − ln(β̃_t/σ_t²)), free of θ (what the exercise shows), on
/// cases drawn for the run: d from 1 to 784 (MNIST's), β̃_t and σ_t² from a linear schedule's range with σ_t² = β_t ≥ β̃_t
/// (the DDPM's choice), σ_t² = β̃_t (C = 0) and σ_t² &lt; β̃_t. Exact in double up to the rounding of two sums of d terms:
/// the bound is 2⁻⁴⁰ (d + 8) times the size of the terms, far below C on every case where σ_t² ≠ β̃_t (C ≥ 0.0001 d there),
/// so leaving C out, or the ½, or squaring σ_t twice is caught, and a correct sum in any order passes.
/// </summary>
public sealed class DtuKlTermMatchesClosedForm() : HandinCheck<IDtuKlTerm>("diffusion.dtu.kl-term-matches-closed-form"), IDrawsCaseClasses
{
    /// <summary>One case: the arguments of <see cref="IDtuKlTerm.KlTerm"/>.</summary>
    public sealed record KlCase(double[] MuTilde, double BetaTilde, double[] MuTheta, double SigmaSquared);

    /// <summary>The near misses only some drawn cases tell from L_{t−1}; every run draws each of them (<see cref="Draw"/>).</summary>
    public static CaseClasses<KlCase> Classes { get; } = new(
        new CaseClass<KlCase>("sigma-squared-differs-from-beta-tilde", "‖μ̃ − μ_θ‖²/(2σ²) alone, C left out (right only where σ² = β̃)", c => c.SigmaSquared != c.BetaTilde),
        new CaseClass<KlCase>("several-dimensions", "C counted once, not once per coordinate: ½(β̃/σ² − 1 − ln(β̃/σ²))", c => c.MuTilde.Length >= 2 && c.SigmaSquared != c.BetaTilde));

    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Draw(new CheckContext(_ => null, seed, "").NewGenerator(Salt)));

    /// <summary>The dimensions of the cases: a point of the toy data, small vectors, an MNIST image.</summary>
    public static IReadOnlyList<int> Dimensions { get; } = [1, 2, 3, 8, 784];

    /// <summary>L_{t−1} by the closed form, and the size of its terms (the rounding bound's scale).</summary>
    public static (double Value, double Scale) ClosedForm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared)
    {
        var squared = 0.0;
        for (var i = 0; i < muTilde.Length; i++) squared += (muTilde[i] - muTheta[i]) * (muTilde[i] - muTheta[i]);
        var ratio = betaTilde / sigmaSquared;
        var d = muTilde.Length;
        var quadratic = squared / (2 * sigmaSquared);
        return (quadratic + (0.5 * d * (ratio - 1 - Math.Log(ratio))), quadratic + (0.5 * d * (ratio + 1 + Math.Abs(Math.Log(ratio)))));
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IDtuKlTerm handin)
    {
        foreach (var (muTilde, betaTilde, muTheta, sigmaSquared) in Draw(context.NewGenerator(Salt)))
        {
            var d = muTilde.Length;
            var (expected, scale) = ClosedForm(muTilde, betaTilde, muTheta, sigmaSquared);
            var what = $"KlTerm(μ̃, β̃ = {Show(betaTilde)}, μ_θ, σ² = {Show(sigmaSquared)}) with d = {d}";
            if (call.Run(what, () => handin.KlTerm((double[])muTilde.Clone(), betaTilde, (double[])muTheta.Clone(), sigmaSquared), out var seen) is { } threw) return threw;

            var bound = Math.ScaleB(d + 8, -40) * scale;
            if (!(Math.Abs(seen - expected) <= bound))
            {
                var constant = 0.5 * d * ((betaTilde / sigmaSquared) - 1 - Math.Log(betaTilde / sigmaSquared));
                var hint = Math.Abs(seen - (expected - constant)) <= bound
                    ? " That is ‖μ̃ − μ_θ‖²/(2σ²) alone: L_{t−1} is the whole KL divergence, with the constant C of the variances (d/2)(β̃/σ² − 1 − ln(β̃/σ²))."
                    : "";
                return call.Fail(
                    $"{what} returned {Show(seen)}, not KL(N(μ̃, β̃ I) ‖ N(μ_θ, σ² I)) = {Show(expected)}.{hint} Re-read {SheetRef}.",
                    expected: Show(expected), seen: Show(seen));
            }
        }

        return CheckResult.Pass(Id, $"L_{{t−1}} matches the closed form ‖μ̃ − μ_θ‖²/(2σ²) + C on {Dimensions.Count * 3} cases drawn for this run (d from 1 to 784; σ² above, equal to and below β̃).", SheetRef);
    }

    private const ulong Salt = 33;

    /// <summary>
    /// The run's cases: for each of <see cref="Dimensions"/>, σ² = β_t (the DDPM's, above β̃_t), σ² = β̃_t (C = 0) and σ²
    /// below β̃_t; β_t from a linear schedule's range [1e-4, 0.02], β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) as a fraction of it,
    /// μ̃ standard normal and μ_θ within about 0.1 of it.
    /// </summary>
    public static IReadOnlyList<KlCase> Draw(Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var cases = new List<KlCase>();
        foreach (var (d, k) in Dimensions.SelectMany(d => new[] { (d, 0), (d, 1), (d, 2) }))
        {
            var beta = 1e-4 + (random.NextDouble() * (0.02 - 1e-4));
            var betaTilde = beta * (0.05 + (0.9 * random.NextDouble()));
            var sigmaSquared = k switch { 0 => beta, 1 => betaTilde, _ => betaTilde * (0.2 + (0.6 * random.NextDouble())) };
            var muTilde = Enumerable.Range(0, d).Select(_ => random.NextNormal()).ToArray();
            cases.Add(new KlCase(muTilde, betaTilde, muTilde.Select(m => m + (0.1 * random.NextNormal())).ToArray(), sigmaSquared));
        }

        return cases;
    }

    private static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
