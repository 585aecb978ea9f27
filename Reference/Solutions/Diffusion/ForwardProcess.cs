using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The forward (noising) process q. Every random draw is the caller's ε, so the result is a deterministic function of
/// its inputs.
/// </summary>
public sealed class ForwardProcess
{
    public ForwardProcess(BetaSchedule schedule) => Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    public BetaSchedule Schedule { get; }

    /// <summary>
    /// A draw from q(z_t | x₀) = N(√ᾱ_t x₀, (1 − ᾱ_t) I): z_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε (Ho et al. 2020 eq. 4; DTU
    /// exercise sheet week 3, eq. (1); TUM endterm 2023 P4 q_φ(x₀)(z_n); Heidelberg sheet 10 ex. 1 <c>q_sample</c>).
    /// </summary>
    /// <param name="x0">Data, [N, …].</param>
    /// <param name="t">One code index per sample (0 … T − 1; code t is the paper's t + 1).</param>
    /// <param name="epsilon">Standard normal noise with the shape of <paramref name="x0"/>.</param>
    public Tensor Sample(Tensor x0, int[] t, Tensor epsilon)
    {
        ScheduleColumns.RequireTimesteps(Schedule, t, x0);
        ScheduleColumns.RequireSameShape(x0, epsilon, "x0", "epsilon");
        return ScheduleColumns.Gather(Schedule.SqrtAlphaBar, t, x0) * x0
               + ScheduleColumns.Gather(Schedule.SqrtOneMinusAlphaBar, t, x0) * epsilon;
    }

    /// <summary><see cref="Sample(Tensor, int[], Tensor)"/> with the same code index <paramref name="t"/> for every sample.</summary>
    public Tensor Sample(Tensor x0, int t, Tensor epsilon)
    {
        Schedule.RequireIndex(t);
        ScheduleColumns.RequireSameShape(x0, epsilon, "x0", "epsilon");
        return x0 * (float)Schedule.SqrtAlphaBar[t] + epsilon * (float)Schedule.SqrtOneMinusAlphaBar[t];
    }

    /// <summary>
    /// One forward step q(z_t | z_{t−1}) = N(√(1 − β_t) z_{t−1}, β_t I): z_t = √(1 − β_t)·z_{t−1} + √β_t·ε, with t a
    /// code index and z_{t−1} = x₀ when t = 0 (Ho eq. 2; the Heidelberg notebook's single-step sample for the animation).
    /// </summary>
    public Tensor Step(Tensor zPrevious, int t, Tensor epsilon)
    {
        Schedule.RequireIndex(t);
        ScheduleColumns.RequireSameShape(zPrevious, epsilon, "zPrevious", "epsilon");
        return zPrevious * (float)Math.Sqrt(1 - Schedule.Beta[t]) + epsilon * (float)Math.Sqrt(Schedule.Beta[t]);
    }

    /// <summary>The mean coefficient √ᾱ_t and the variance 1 − ᾱ_t of q(z_t | x₀), in double.</summary>
    public (double MeanCoefficient, double Variance) Marginal(int t)
    {
        Schedule.RequireIndex(t);
        return (Schedule.SqrtAlphaBar[t], 1 - Schedule.AlphaBar[t]);
    }
}
