using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// The measurement behind <c>ChainTolerance</c>: four float32 implementations of the sheets' reverse chain, written
/// from the formulas as a student might (not with the reference's code), run on the snapshot's inputs; the spread is,
/// per trajectory row, the largest deviation of any of them from the reference. The snapshot producer measures it for
/// the approved files; the checks on unseen inputs measure it live, on the run's own set-up.
/// <list type="bullet">
/// <item>Algorithm 2's ε form, (x − β/√(1 − ᾱ)·ε̂)/√α, with a float32 schedule (ᾱ a float32 running product, as torch computes it);</item>
/// <item>the same with coefficients computed in double and cast (the DTU example hand-in);</item>
/// <item>the notebook's posterior-mean form, μ̃(x, x̂₀) with x̂₀ = √(1/ᾱ)·x − √(1/ᾱ − 1)·ε̂, with a float32 schedule (the notebook itself);</item>
/// <item>the same with coefficients computed in double and cast (the Heidelberg example hand-in).</item>
/// </list>
/// </summary>
public static class LegitimateChains
{
    private enum ChainForm { EpsilonFloat32, EpsilonDouble, PosteriorFloat32, PosteriorDouble }

    /// <param name="reference">The reference's trajectory rows (the latents first), or with <paramref name="finalOnly"/> the latents and the samples.</param>
    public static double[] Spread(float[][] reference, ScheduleSpec spec, NetworkSpec network, bool normalisedTime, bool posteriorVariance,
        Tensor latents, Func<INoiseSource> noise, bool sharedNoise, bool finalOnly = false)
    {
        var spread = new double[reference.Length];
        foreach (var form in Enum.GetValues<ChainForm>())
        {
            var rows = Run(form, spec, network, normalisedTime, posteriorVariance, latents, noise(), sharedNoise);
            if (finalOnly) rows = [rows[0], rows[^1]];
            for (var s = 0; s < rows.Count; s++)
                for (var i = 0; i < rows[s].Length; i++)
                    spread[s] = Math.Max(spread[s], Math.Abs((double)rows[s][i] - reference[s][i]));
        }

        return spread;
    }

    private static List<float[]> Run(ChainForm form, ScheduleSpec spec, NetworkSpec networkSpec, bool normalisedTime, bool posteriorVariance,
        Tensor latents, INoiseSource noise, bool sharedNoise)
    {
        var betas = spec.Betas();
        int T = betas.Length, n = latents.size(0), d = latents.size(1);
        var network = networkSpec.Create(T);
        var f32 = form is ChainForm.EpsilonFloat32 or ChainForm.PosteriorFloat32;

        // The schedule, in float32 (torch) or in double.
        var beta = new double[T];
        var alpha = new double[T];
        var alphaBar = new double[T];
        float product32 = 1f;
        double product64 = 1;
        for (var t = 0; t < T; t++)
        {
            if (f32)
            {
                var b = (float)betas[t];
                var a = 1f - b;
                product32 *= a;
                (beta[t], alpha[t], alphaBar[t]) = (b, a, product32);
            }
            else
            {
                product64 *= 1 - betas[t];
                (beta[t], alpha[t], alphaBar[t]) = (betas[t], 1 - betas[t], product64);
            }
        }

        float C(double v) => (float)v;
        double Sub(double a, double b) => f32 ? (float)((float)a - (float)b) : a - b;
        double Div(double a, double b) => f32 ? (float)((float)a / (float)b) : a / b;
        double Mul(double a, double b) => f32 ? (float)((float)a * (float)b) : a * b;
        double Sqrt(double a) => f32 ? MathF.Sqrt((float)a) : Math.Sqrt(a);

        using var _ = no_grad();
        var x = latents;
        var rows = new List<float[]> { x.ToArray() };
        for (var t = T - 1; t >= 0; t--)
        {
            var time = normalisedTime
                ? full([n, 1], form == ChainForm.EpsilonDouble ? (float)((double)t / T) : (float)t / T)
                : full([n], t);
            var epsilonHat = network.Forward(x, time);
            var previous = t > 0 ? alphaBar[t - 1] : 1.0;
            Tensor mean;
            if (form is ChainForm.EpsilonFloat32 or ChainForm.EpsilonDouble)
            {
                mean = (x - epsilonHat * C(Div(beta[t], Sqrt(Sub(1, alphaBar[t]))))) / C(Sqrt(alpha[t]));
            }
            else
            {
                var x0 = x * C(Sqrt(Div(1, alphaBar[t]))) - epsilonHat * C(Sqrt(Sub(Div(1, alphaBar[t]), 1)));
                var c0 = Div(Mul(beta[t], Sqrt(previous)), Sub(1, alphaBar[t]));
                var c1 = Div(Mul(Sub(1, previous), Sqrt(alpha[t])), Sub(1, alphaBar[t]));
                mean = x0 * C(c0) + x * C(c1);
            }

            if (t > 0)
            {
                var variance = posteriorVariance ? Div(Mul(beta[t], Sub(1, previous)), Sub(1, alphaBar[t])) : beta[t];
                var z = sharedNoise ? noise.ForStep(t, [1, d]) : noise.ForStep(t, [n, d]);
                x = mean + z * C(Sqrt(variance));
            }
            else
            {
                x = mean;
            }

            rows.Add(x.ToArray());
        }

        return rows;
    }
}
