using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The notebook's ELBO of one example for its draws (t, ε₁, ε₀, ε_t), in double, for the grader's closed-form networks
/// (<see cref="SdeSpec"/>): the likelihood term, the prior (KL) term and the drift matching term with
/// g = ∂α/∂t + (∂β/∂t)(x − α)/β + ½∂σ²/∂x + ½σ²·s, s = −(x − α)/β²; and the ELBO of the known wrong variants that
/// <see cref="ElboComparison"/> names. Tutor side only: it is the task's answer (sheet 003, task 2.3), so the visible
/// check reads these values from its snapshot, computed ahead of time.
/// </summary>
public static class ElboInDouble
{
    /// <summary>The ELBO and its three terms of one example for its draws.</summary>
    public static (double Elbo, double Likelihood, double Kl, double DriftMatching) Of(SdeSpec spec, double y, double t, double e1, double e0, double et)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double x1 = spec.Alpha(y, 1) + spec.Beta(y, 1) * e1;
        double likelihood = -0.5 * ((y - x1) * (y - x1) / (spec.B * spec.B) + Math.Log(2 * Math.PI * spec.B * spec.B));
        double b0 = spec.Beta(y, 0), x0 = spec.Alpha(y, 0) + b0 * e0;
        double kl = -0.5 * (e0 * e0 + Math.Log(2 * Math.PI * b0 * b0)) + 0.5 * (x0 * x0 + Math.Log(2 * Math.PI));
        double drift = DriftMatching(spec, y, t, et, correction: 1);
        return (likelihood - kl - drift, likelihood, kl, drift);
    }

    /// <summary>
    /// The known wrong ELBOs of <see cref="ElboComparison"/> on the draws of <see cref="ReplayedElboNoise"/>(seed) for
    /// one value per example: without the prior term, the drift term without its ½, the backward-SDE correction, the ODE
    /// drift alone.
    /// </summary>
    public static IReadOnlyList<ElboVariant> Variants(SdeSpec spec, float[] y, ulong noiseSeed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(y);
        var noise = new ReplayedElboNoise(noiseSeed);
        int[] shape = [y.Length, 1];
        var (t, e1, e0, et) = (noise.Replay("Times", shape), noise.Replay("NoiseAtOne", shape), noise.Replay("NoiseAtZero", shape), noise.Replay("NoiseAtTime", shape));
        var exact = y.Select((v, i) => Of(spec, v, t[i], e1[i], e0[i], et[i])).ToArray();
        ElboVariant Variant(string name, Func<int, (double Elbo, double DriftMatching)> f)
        {
            var values = Enumerable.Range(0, y.Length).Select(f).ToArray();
            return new ElboVariant(name, values.Select(v => (float)v.Elbo).ToArray(), values.Select(v => (float)v.DriftMatching).ToArray());
        }
        (double, double) WithDrift(int i, int correction)
        {
            double dm = DriftMatching(spec, y[i], t[i], et[i], correction);
            return (exact[i].Likelihood - exact[i].Kl - dm, dm);
        }
        return
        [
            Variant("without-prior-term", i => (exact[i].Likelihood - exact[i].DriftMatching, exact[i].DriftMatching)),
            Variant("drift-term-without-half", i => (exact[i].Likelihood - exact[i].Kl - 2 * exact[i].DriftMatching, 2 * exact[i].DriftMatching)),
            Variant("backward-correction", i => WithDrift(i, correction: -1)),
            Variant("ode-drift", i => WithDrift(i, correction: 0)),
        ];
    }

    /// <summary>½(f − g)²/σ² at x_t = α + β·ε_t, with g's score part ½∂σ²/∂x + ½σ²·s added <paramref name="correction"/> times.</summary>
    private static double DriftMatching(SdeSpec spec, double y, double t, double et, int correction)
    {
        double a = spec.Alpha(y, t), b = spec.Beta(y, t), xt = a + b * et;
        double s = spec.Sigma(xt, t);
        double g = spec.DAlphaDt(y, t) + spec.DBetaDt(y, t) * et + correction * (s * spec.DSigmaDx(xt, t) - 0.5 * s * s * et / b);
        double r = spec.Drift.F(xt, t) - g;
        return 0.5 * r * r / (s * s);
    }
}
