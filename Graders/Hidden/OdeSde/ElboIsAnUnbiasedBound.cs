using Grader.Checks.Catalog;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, tasks 2.1 and 2.5, statistically: for a linear SDE with a known marginal (<see cref="LinearGaussianProcess"/>,
/// dx = −0.7x dt + 0.8 dW, y ~ N(x₁, 0.3²)), the mean of the hand-in's ELBO over M = 20,000 examples of one y (its own
/// random t and ε through the grader's source) equals E[ELBO(y)], the quadrature over t of the closed-form integrand:
/// log p(y) when q is the true posterior, and a value below log p(y) for the notebook's α = t·y, β = t·b + 1 − t.
/// Two data points drawn from the run's seed, both families: 4 two-sided comparisons, each with the band
/// z·s/√M + 1e-4·(1 + |E|), s the sample sd, z = 5.16 (Bonferroni: two-sided 2.5e-7 each, false-fail ≤ 1e-6 per run
/// by the normal approximation of a mean of 20,000 draws of finite variance; over 1,000 seeds the Correct example's
/// 4,000 standardised deviations are N(0, 1)-like: sd 0.975, KS distance 0.018). Power over 1,000 seeds
/// (<c>ElboUnbiasednessCalibrationTests</c>): the ELBO without its prior term fails 99.3 % of runs; t drawn as u²
/// without its weight 1/(2√t), t on [0.5, 1] and the backward-SDE correction in g fail every run (≥ 4.2 bands).
/// </summary>
public sealed class ElboIsAnUnbiasedBound : ICheck
{
    /// <summary>The process the check uses.</summary>
    public static LinearGaussianProcess Process { get; } = new(A: -0.7, S: 0.8, B: 0.3);

    /// <summary>Examples per comparison.</summary>
    public const int Draws = 20_000;

    /// <summary>Two-sided z for 2.5e-7 (1e-6 over the four comparisons).</summary>
    public const double Z = 5.1565;

    public string Id => "sde.ku.elbo-is-an-unbiased-bound";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    /// <summary>One of the four comparisons: the data point, the posterior family, the ELBO's mean and sample sd over the
    /// <see cref="Draws"/> examples, the quadrature's E[ELBO(y)], log p(y) and the accepted band around E[ELBO(y)].</summary>
    public sealed record ElboComparison(double Y, string Family, double Mean, double Sd, double Expected, double LogP, double Band)
    {
        /// <summary>(mean − E[ELBO]) in standard errors sd/√M: ≈ N(0, 1) for a correct ELBO.</summary>
        public double Standardised => (Mean - Expected) / (Sd / Math.Sqrt(Draws));

        /// <summary>Whether the mean lies within the band.</summary>
        public bool Within => Math.Abs(Mean - Expected) <= Band;
    }

    public CheckResult Run(CheckContext context)
    {
        var comparisons = Compare(context, out var failure);
        if (comparisons is null) return failure!;
        var call = new HandinCall(Id, SheetRef);
        foreach (var c in comparisons)
        {
            if (c.Within) continue;
            bool posterior = c.Family == "the true posterior";
            string claim = posterior
                ? $"with q_t the true posterior of a linear SDE with a known marginal, E[ELBO(y)] = log p(y) = {F(c.LogP)}"
                : $"for a linear SDE with a known marginal and q_t = N(t·y, (t·b + 1 − t)²), E[ELBO(y)] = {F(c.Expected)} (below log p(y) = {F(c.LogP)})";
            string side = c.Mean > c.LogP + c.Band ? " Your mean lies above log p(y): a lower bound cannot, in expectation." : "";
            return call.Fail(
                $"The mean of your ELBO over many examples of y = {F(c.Y)} (each with its own t and ε) is {F(c.Mean)} ± {E(c.Band)}, but {claim}.{side} " +
                $"The one-sample estimate with t ~ U(0, 1) must average to the time integral ½∫₀¹ E[(f − g)²/σ²] dt plus the likelihood and prior terms; a missing term, a wrong weight of t or a wrong g shifts it. Re-read {SheetRef}.",
                expected: $"{F(c.Expected)} ± {E(c.Band)}", seen: F(c.Mean)).WithTutorDetail($"the mean of {Draws} examples");
        }
        return CheckResult.Pass(Id, "The mean ELBO over many random t, one per example, equals the quadrature over t for a process with a known marginal (tight for the true posterior, below log p(y) otherwise) in all 4 comparisons.", SheetRef);
    }

    /// <summary>The four comparisons of a run; null (with the failure) when the hand-in threw or returned a malformed ELBO.</summary>
    public IReadOnlyList<ElboComparison>? Compare(CheckContext context, out CheckResult? failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        failure = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<ISdeElbo>(context, out var handin) is { } unresolved) { failure = unresolved; return null; }
        var g = context.NewGenerator(0xB0D);
        var comparisons = new List<ElboComparison>();
        for (int j = 0; j < 2; j++)
        {
            double y = Math.Round(-2.5 + 5 * g.NextDouble(), 3);
            foreach (var q in new[] { Process.Posterior(), Process.NotebookStyle() })
            {
                var noise = new ReplayedElboNoise(g.NextUInt64());
                const string what = "Elbo(y, drift, diffusion, alpha, beta, likelihoodStd, noise)";
                if (call.Run(what, () => handin.Elbo(torch.full([Draws, 1], (float)y), Process.Drift(), Process.Diffusion(), q.Alpha(), q.BetaNet(), Process.B, noise), out var terms) is { } threw)
                { failure = threw; return null; }
                if (terms is null) { failure = call.Fail($"{what} returned null."); return null; }
                if (call.Tensor(what + ".Elbo", terms.Elbo, [Draws]) is { } bad) { failure = bad; return null; }
                var elbo = terms.Elbo.ToDoubleArray();
                double mean = elbo.Average(), sd = Math.Sqrt(elbo.Sum(v => (v - mean) * (v - mean)) / (Draws - 1));
                double expected = Process.ExpectedElbo(q, y);
                double band = Z * sd / Math.Sqrt(Draws) + 1e-4 * (1 + Math.Abs(expected));
                comparisons.Add(new ElboComparison(y, q.Name, mean, sd, expected, Process.LogP(y), band));
            }
        }
        return comparisons;
    }
}
