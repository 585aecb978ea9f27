using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>
/// The grader's own quantities derived from a <see cref="NoiseSchedule"/>, in double precision (Ho et al. 2020,
/// eqs. 4, 6, 7): α_t = 1 − β_t, ᾱ_t = ∏_{s≤t} α_s, ᾱ_{t−1} (1 at code index 0) and β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)
/// (exactly 0 at code index 0). Code index t is the papers' step t + 1.
/// </summary>
public sealed class ScheduleTerms
{
    public ScheduleTerms(NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var n = schedule.T;
        if (n < 1) throw new ArgumentException("The schedule needs at least one step.", nameof(schedule));
        Beta = new double[n];
        Alpha = new double[n];
        AlphaBar = new double[n];
        AlphaBarPrevious = new double[n];
        BetaTilde = new double[n];
        double product = 1;
        for (var t = 0; t < n; t++)
        {
            var beta = schedule.Betas[t];
            if (!(beta > 0 && beta < 1)) throw new ArgumentException($"β at code index {t} is {beta}; the grader's schedules have 0 < β < 1.", nameof(schedule));
            Beta[t] = beta;
            Alpha[t] = 1 - beta;
            AlphaBarPrevious[t] = product;
            product *= 1 - beta;
            AlphaBar[t] = product;
            BetaTilde[t] = t == 0 ? 0 : (1 - AlphaBarPrevious[t]) / (1 - AlphaBar[t]) * beta;
        }
    }

    /// <summary>Number of steps T.</summary>
    public int T => Beta.Length;

    public double[] Beta { get; }

    public double[] Alpha { get; }

    public double[] AlphaBar { get; }

    /// <summary>ᾱ at code index t − 1, 1 at code index 0.</summary>
    public double[] AlphaBarPrevious { get; }

    /// <summary>The posterior variance β̃_t; 0 at code index 0.</summary>
    public double[] BetaTilde { get; }

    /// <summary>β linear from <paramref name="first"/> to <paramref name="last"/> over <paramref name="steps"/> steps, both ends included, in double.</summary>
    public static NoiseSchedule Linear(int steps, double first, double last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var betas = new double[steps];
        for (var i = 0; i < steps; i++) betas[i] = first + (last - first) * i / (steps - 1);
        return new NoiseSchedule(betas);
    }
}
