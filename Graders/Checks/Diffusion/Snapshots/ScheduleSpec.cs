using System.Text.Json.Serialization;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>
/// A β schedule as a snapshot describes it, rebuilt by the check in double: "linear" is
/// β_i = β₁ + (β_T − β₁)·i/(T − 1) for code index i = 0 … T − 1 (a double-precision linspace, the reference's
/// <c>BetaSchedule.Linear(T, β₁, β_T, float32Betas: false)</c>, bit for bit).
/// </summary>
/// <param name="Kind">"linear".</param>
/// <param name="T">Number of steps.</param>
/// <param name="Beta1">β at code index 0.</param>
/// <param name="BetaT">β at code index T − 1.</param>
public sealed record ScheduleSpec(string Kind, [property: JsonPropertyName("T")] int T, double Beta1, double BetaT)
{
    public static ScheduleSpec Linear(int T, double beta1 = 1e-4, double betaT = 0.02) => new("linear", T, beta1, betaT);

    /// <summary>β₀ … β_{T−1}.</summary>
    public double[] Betas()
    {
        if (Kind != "linear") throw new NotSupportedException($"schedule kind '{Kind}' is not known to the checks");
        if (T < 1) throw new InvalidOperationException($"a schedule needs T ≥ 1, the snapshot says T = {T}");
        var betas = new double[T];
        if (T == 1) { betas[0] = Beta1; return betas; }
        for (var i = 0; i < T; i++) betas[i] = Beta1 + (BetaT - Beta1) * i / (T - 1);
        return betas;
    }

    /// <summary>The schedule as the contracts pass it to a hand-in.</summary>
    public NoiseSchedule ToNoiseSchedule() => new(Betas());

    public override string ToString() =>
        FormattableString.Invariant($"{Kind}(T = {T}, β₁ = {Beta1}, β_T = {BetaT})");
}
