using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>
/// The schedule quantities written from the sheets' formulas for the in-test implementations (never the reference):
/// α = 1 − β, ᾱ_t = ∏_{s≤t} α_s, ᾱ_{−1} = 1, in double — or, with <paramref name="float32"/>, in float32 the way
/// torch computes them (every value rounded to float32, ᾱ a float32 running product).
/// </summary>
internal sealed class FormulaSchedule
{
    private readonly bool _float32;

    public FormulaSchedule(NoiseSchedule schedule, bool float32)
    {
        _float32 = float32;
        T = schedule.T;
        Beta = schedule.Betas.Select(R).ToArray();
        Alpha = Beta.Select(b => R(1 - b)).ToArray();
        AlphaBar = new double[T];
        var product = 1.0;
        for (var t = 0; t < T; t++) AlphaBar[t] = product = R(product * Alpha[t]);
    }

    public int T { get; }

    public double[] Beta { get; }

    public double[] Alpha { get; }

    public double[] AlphaBar { get; }

    public double Previous(int t) => t > 0 ? AlphaBar[t - 1] : 1;

    /// <summary>A value as this schedule's arithmetic rounds it (float32 or double).</summary>
    public double R(double v) => _float32 ? (float)v : v;

    public double Sqrt(double v) => R(Math.Sqrt(v));

    /// <summary>β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t).</summary>
    public double BetaTilde(int t) => R(R(Beta[t] * R(1 - Previous(t))) / R(1 - AlphaBar[t]));
}
