using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// DDPM ancestral sampling, Ho et al. 2020 Algorithm 2, over the full chain (code t = T − 1 … 0).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>
/// <see cref="ReverseVariance.Beta"/> (DTU week 3, exercise 3.4, <c>DDPM.sample</c>, σ_t² = β_t): the ε form of
/// Algorithm 2, z_{t−1} = (1/√α_t)(z_t − β_t/√(1 − ᾱ_t)·ε̂) + σ_t ξ.
/// </description></item>
/// <item><description>
/// <see cref="ReverseVariance.BetaTilde"/> (Heidelberg sheet 10, ex. 1(a), the notebook's <c>p_sample</c>): the
/// posterior-mean form, x̂₀ = √(1/ᾱ_t) z_t − √(1/ᾱ_t − 1) ε̂ (no clipping), z_{t−1} = μ̃_t(z_t, x̂₀) + √β̃_t ξ.
/// </description></item>
/// </list>
/// In both, the noise is masked at the last step (code t = 0, the paper's t = 1: "z = 0 if t = 1"). The two mean forms
/// are algebraically equal (<see cref="MeanFromEpsilon"/>, <see cref="MeanFromPredictedX0"/>).
/// </remarks>
public sealed class Ddpm : ReverseSampler
{
    private readonly Posterior _posterior;

    public Ddpm(BetaSchedule schedule, ReverseVariance variance) : base(schedule)
    {
        if (!Enum.IsDefined(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "Choose ReverseVariance.Beta or ReverseVariance.BetaTilde.");
        Variance = variance;
        _posterior = new Posterior(schedule);
    }

    /// <summary>The reverse-step variance σ_t².</summary>
    public ReverseVariance Variance { get; }

    /// <summary>σ_t² at code index t before masking: β_t or β̃_t.</summary>
    public double Sigma2(int t)
    {
        Schedule.RequireIndex(t);
        return Variance == ReverseVariance.Beta ? Schedule.Beta[t] : Schedule.BetaTilde[t];
    }

    public override AffineStep Coefficients(int t)
    {
        Schedule.RequireIndex(t);
        var noise = t == 0 ? 0 : Sigma2(t);
        if (Variance == ReverseVariance.Beta)
        {
            var a = 1 / Math.Sqrt(Schedule.Alpha[t]);
            return new AffineStep(t, t - 1, a, -a * Schedule.Beta[t] / Schedule.SqrtOneMinusAlphaBar[t], noise);
        }

        var (cx0, czt) = _posterior.MeanCoefficients(t);
        return new AffineStep(t, t - 1, cx0 * Schedule.SqrtRecipAlphaBar[t] + czt, -cx0 * Schedule.SqrtRecipAlphaBarMinusOne[t], noise);
    }

    public override Tensor Step(Tensor zt, int t, Tensor epsilonHat, Tensor? noise)
    {
        var mean = Variance == ReverseVariance.Beta ? MeanFromEpsilon(zt, t, epsilonHat) : MeanFromPredictedX0(zt, t, epsilonHat);
        if (t == 0) return mean;
        if (noise is null) throw new ArgumentNullException(nameof(noise), $"The DDPM step at t = {t} adds noise; pass ξ.");
        ScheduleColumns.RequireSameShape(noise, zt, "noise", "z_t");
        return mean + noise * (float)Math.Sqrt(Sigma2(t));
    }

    /// <summary>Algorithm 2's mean: (1/√α_t)(z_t − β_t/√(1 − ᾱ_t)·ε̂) (Ho eq. 11).</summary>
    public Tensor MeanFromEpsilon(Tensor zt, int t, Tensor epsilonHat)
    {
        Schedule.RequireIndex(t);
        ScheduleColumns.RequireSameShape(zt, epsilonHat, "zt", "epsilonHat");
        var a = 1 / Math.Sqrt(Schedule.Alpha[t]);
        return (zt - epsilonHat * (float)(Schedule.Beta[t] / Schedule.SqrtOneMinusAlphaBar[t])) * (float)a;
    }

    /// <summary>The posterior-mean form: μ̃_t(z_t, x̂₀) with x̂₀ from ε̂ (Ho eqs. 7 and 15; the Heidelberg notebook).</summary>
    public Tensor MeanFromPredictedX0(Tensor zt, int t, Tensor epsilonHat) =>
        _posterior.Mean(zt, _posterior.PredictX0(zt, epsilonHat, t), t);
}
