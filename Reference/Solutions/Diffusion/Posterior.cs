using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The forward-process posterior q(z_{t−1} | z_t, x₀) = N(μ̃_t(z_t, x₀), β̃_t I) (Ho et al. 2020 eqs. 6–7; DTU week 3
/// exercise 3.3 eq. (6); TUM endterm 2023 P4 q_φ(x₀)(z_{n−1} | z_n)), and the x₀ estimate from a noise prediction
/// (Ho eq. 15). t is a code index (paper t + 1); at code index 0 the posterior is the point x₀ (β̃ = 0).
/// </summary>
public sealed class Posterior
{
    public Posterior(BetaSchedule schedule) => Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    public BetaSchedule Schedule { get; }

    /// <summary>
    /// μ̃_t = [√ᾱ_{t−1} β_t/(1 − ᾱ_t)]·x₀ + [√α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t)]·z_t (Ho eq. 7; equivalently the TUM sheet's
    /// √ᾱ_n(1 − ᾱ_{n−1})/(1 − ᾱ_n)… written with √α_n, since √ᾱ_n/√ᾱ_{n−1} = √α_n).
    /// </summary>
    public Tensor Mean(Tensor zt, Tensor x0, int t)
    {
        var (cx0, czt) = MeanCoefficients(t);
        ScheduleColumns.RequireSameShape(zt, x0, "zt", "x0");
        return x0 * (float)cx0 + zt * (float)czt;
    }

    /// <summary><see cref="Mean(Tensor, Tensor, int)"/> with one code index per sample.</summary>
    public Tensor Mean(Tensor zt, Tensor x0, int[] t)
    {
        ScheduleColumns.RequireTimesteps(Schedule, t, zt);
        ScheduleColumns.RequireSameShape(zt, x0, "zt", "x0");
        return ScheduleColumns.Gather(Schedule.PosteriorMeanCoefficientX0, t, x0) * x0
               + ScheduleColumns.Gather(Schedule.PosteriorMeanCoefficientZt, t, zt) * zt;
    }

    /// <summary>The two coefficients of μ̃_t in double: (of x₀, of z_t).</summary>
    public (double X0, double Zt) MeanCoefficients(int t)
    {
        Schedule.RequireIndex(t);
        return (Schedule.PosteriorMeanCoefficientX0[t], Schedule.PosteriorMeanCoefficientZt[t]);
    }

    /// <summary>β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t)·β_t (Ho eq. 7), exactly 0 at code index 0.</summary>
    public double Variance(int t)
    {
        Schedule.RequireIndex(t);
        return Schedule.BetaTilde[t];
    }

    /// <summary>
    /// x̂₀ = (z_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t, written as √(1/ᾱ_t)·z_t − √(1/ᾱ_t − 1)·ε̂ as in the Heidelberg notebook
    /// (Ho eq. 15; TUM endterm 2023 P4). No clipping: the sheets' reference code does not clip.
    /// </summary>
    public Tensor PredictX0(Tensor zt, Tensor epsilon, int t)
    {
        Schedule.RequireIndex(t);
        ScheduleColumns.RequireSameShape(zt, epsilon, "zt", "epsilon");
        return zt * (float)Schedule.SqrtRecipAlphaBar[t] - epsilon * (float)Schedule.SqrtRecipAlphaBarMinusOne[t];
    }

    /// <summary><see cref="PredictX0(Tensor, Tensor, int)"/> with one code index per sample.</summary>
    public Tensor PredictX0(Tensor zt, Tensor epsilon, int[] t)
    {
        ScheduleColumns.RequireTimesteps(Schedule, t, zt);
        ScheduleColumns.RequireSameShape(zt, epsilon, "zt", "epsilon");
        return ScheduleColumns.Gather(Schedule.SqrtRecipAlphaBar, t, zt) * zt
               - ScheduleColumns.Gather(Schedule.SqrtRecipAlphaBarMinusOne, t, zt) * epsilon;
    }
}
