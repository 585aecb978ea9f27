using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>compute_elbo_sde</c>, per example: with single draws x₁ ~ q₁(·|y), x₀ ~ q₀(·|y), t ~ U(0, 1) and
/// x_t ~ q_t(·|y),
/// ELBO(y) = log N(y; x₁, β²) − [log q₀(x₀|y) − log p₀(x₀)] − ½·(f(x_t, t) − g(x_t, y, t))²/σ²(x_t, t),
/// with g the forward-SDE drift of q (<see cref="VariationalDrift.Sde"/>). Because [0, 1] has length 1 the last term is
/// an unbiased one-sample estimate of ½∫₀¹ E_q[(f − g)²/σ²] dt, so E[ELBO(y)] is the bound. Draws are requested in the
/// notebook's order: t, then ε for x₁, x₀, x_t, each of shape [N, 1].
/// </summary>
public static class SdeElbo
{
    /// <summary>The ELBO of each row of y [N, 1] and its terms, each [N]. With <paramref name="createGraph"/> everything is on the graph (training).</summary>
    public static SdeElboTerms Compute(ITimeDependentFunction drift, ITimeDependentFunction diffusion, ITimeDependentFunction alpha,
        ITimeDependentFunction beta, Tensor likelihoodStd, Tensor y, IElboNoiseSource noise, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(likelihoodStd);
        ArgumentNullException.ThrowIfNull(noise);
        OdeLogLikelihood.CheckData(y);
        int[] shape = [y.size(0), 1];
        var t = noise.Times(shape);

        // 1. Likelihood term: log p(y | x₁) with x₁ ~ q₁(x₁ | y).
        var q1 = new Variational(alpha, beta, y, Variational.AtOne(y), createGraph, timeDerivatives: false);
        var x1 = q1.Sample(noise.NoiseAtOne(shape));
        var variance = likelihoodStd.pow(2);
        var likelihood = ((y - x1).pow(2) / variance + (variance * (float)(2 * Math.PI)).log()) * -0.5f;

        // 2. KL term: log q₀(x₀ | y) − log p₀(x₀) with x₀ ~ q₀(x₀ | y).
        var q0 = new Variational(alpha, beta, y, Variational.AtZero(y), createGraph, timeDerivatives: false);
        var x0 = q0.Sample(noise.NoiseAtZero(shape));
        var kl = q0.LogProb(x0) - StandardNormal.LogProb(x0);

        // 3. Drift matching term at x_t ~ q_t(x_t | y).
        var qt = new Variational(alpha, beta, y, t, createGraph);
        var xt = qt.Sample(noise.NoiseAtTime(shape));
        var f = createGraph ? drift.Value(xt, t) : Detached(drift, xt, t);
        var (g, sigmaSquared) = qt.Drift(xt, VariationalDrift.Sde, diffusion);
        var driftMatching = (f - g).pow(2) / sigmaSquared! * 0.5f;

        var elbo = likelihood - kl - driftMatching;
        int n = y.size(0);
        return new SdeElboTerms(elbo.reshape(n), likelihood.reshape(n), kl.reshape(n), driftMatching.reshape(n));
    }

    /// <summary>The same with the networks and β of one <see cref="SdeModel"/>.</summary>
    public static SdeElboTerms Compute(SdeModel model, Tensor y, IElboNoiseSource noise, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compute(model.F, model.Sigma, model.AlphaNet, model.BetaNet, model.Beta.forward(), y, noise, createGraph);
    }

    /// <summary>
    /// <c>estimate_elbo_grid</c>: the mean ELBO over the data at each of <paramref name="points"/> evenly spaced t in
    /// [0, 1] (t = <c>linspace(0, 1, points)</c>, fresh ε from <paramref name="generator"/> at each), and their average —
    /// the time integral by a Riemann sum instead of a random t. No graph.
    /// </summary>
    public static (double[] Times, double[] MeanElbo, double Average) OnTimeGrid(SdeModel model, Tensor y, Generator generator, int points = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var times = new TimeGrid(points).Times();
        var means = new double[points];
        using var _ = no_grad();
        for (int i = 0; i < points; i++)
        {
            var source = new FixedTimeNoise(times[i], new GeneratorElboNoise(generator));
            means[i] = Compute(model, y, source).Elbo.mean().item();
        }
        return (times, means, means.Average());
    }

    private static Tensor Detached(ITimeDependentFunction drift, Tensor x, Tensor t)
    {
        using var _ = no_grad();
        return drift.Value(x.detach(), t.detach());
    }

    /// <summary>A source whose times are all one value; the noises come from <paramref name="inner"/>.</summary>
    private sealed class FixedTimeNoise(double t, IElboNoiseSource inner) : IElboNoiseSource
    {
        public Tensor Times(int[] shape) => full(shape, (float)t);

        public Tensor NoiseAtZero(int[] shape) => inner.NoiseAtZero(shape);

        public Tensor NoiseAtOne(int[] shape) => inner.NoiseAtOne(shape);

        public Tensor NoiseAtTime(int[] shape) => inner.NoiseAtTime(shape);
    }
}
