using Grader.Checks.Comparison;
using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// The reverse step of ex. 1 (a) with one known bug each, the variants <see cref="ReverseStepMatchesReference"/> names:
/// σ_t² = β_t, x̂₀ clipped to [−1, 1], x̂₀ from ᾱ_{t−1}, noise √β₀·z added at t = 0. The visible snapshot stores them
/// (its producer calls this); the hidden check on unseen inputs computes them for the run's inputs, so that on the same
/// bug it names the same cause. Without them the hidden check saw only "x_t handed back at t = 0", which x̂₀ from ᾱ_{t−1}
/// also gives (ᾱ_{−1} = 1 makes μ̃₀ = x̂₀ = x_t), and blamed a missing last step.
/// </summary>
public static class ReverseStepVariants
{
    /// <summary>The variants of one case: x_t and z [N, d] at code index t, ε̂ from <paramref name="network"/> (raw-index time).</summary>
    public static IReadOnlyList<Variant> Of(BetaSchedule schedule, IEpsilonNetwork network, Tensor xt, Tensor z, int t)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(xt);
        ArgumentNullException.ThrowIfNull(z);
        using var _ = torch.no_grad();
        var model = new RawIndexTime(network);
        var posterior = new Posterior(schedule);
        int n = xt.size(0);
        var noise = t == 0 ? null : z;
        var expected = new Ddpm(schedule, ReverseVariance.BetaTilde).Step(model, xt, t, noise);
        var epsilonHat = model.Predict(xt, Enumerable.Repeat(t, n).ToArray());
        var sigma = (float)Math.Sqrt(schedule.BetaTilde[t]);
        Tensor WithNoise(Tensor mean) => t == 0 ? mean : mean + z * sigma;
        var recip = (float)Math.Sqrt(1 / schedule.AlphaBarPrevious[t]);
        var recipMinusOne = (float)Math.Sqrt(1 / schedule.AlphaBarPrevious[t] - 1);
        return
        [
            new("sigma-squared-beta", new Ddpm(schedule, ReverseVariance.Beta).Step(model, xt, t, noise).ToArray()),
            new("x0-clipped", WithNoise(posterior.Mean(xt, posterior.PredictX0(xt, epsilonHat, t).clamp(-1f, 1f), t)).ToArray()),
            new("alpha-bar-previous-in-x0", WithNoise(posterior.Mean(xt, xt * recip - epsilonHat * recipMinusOne, t)).ToArray()),
            new("noise-at-last-step", (t == 0 ? expected + z * (float)Math.Sqrt(schedule.Beta[0]) : expected).ToArray()),
        ];
    }
}
