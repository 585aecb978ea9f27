using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden.Statistical;

/// <summary>
/// Hand-ins written in the tests from the sheets' formulas (not from the reference), each with a switch for one named
/// bug, so every statistical check can be shown to pass the correct version and fail the broken ones.
/// </summary>
internal static class FormulaHandins
{
    /// <summary>A context whose hand-in is <paramref name="handin"/> for every contract it implements.</summary>
    public static CheckContext Context(object handin, ulong seed) =>
        new(type => type.IsInstanceOfType(handin) ? handin : null, seed, snapshotRoot: "");

    /// <summary>
    /// <paramref name="check"/> run on <paramref name="handin"/> under <paramref name="seed"/>, its time and message
    /// printed, its outcome asserted to be <paramref name="expected"/>; the result, for the message's assertions.
    /// </summary>
    public static CheckResult Run(ICheck check, object handin, ulong seed, CheckOutcome expected)
    {
        var clock = Stopwatch.StartNew();
        var result = check.Run(Context(handin, seed));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s: {result.Message}");
        result.Outcome.Should().Be(expected, result.Message);
        return result;
    }

    /// <summary><see cref="Run"/> expecting a pass.</summary>
    public static CheckResult Passes(ICheck check, object handin, ulong seed) => Run(check, handin, seed, CheckOutcome.Passed);

    /// <summary><see cref="Run"/> expecting a failure.</summary>
    public static CheckResult Fails(ICheck check, object handin, ulong seed) => Run(check, handin, seed, CheckOutcome.Failed);

    /// <summary>ᾱ_t in double.</summary>
    public static double[] AlphaBar(NoiseSchedule schedule)
    {
        var result = new double[schedule.T];
        double product = 1;
        for (var t = 0; t < schedule.T; t++)
        {
            product *= 1 - schedule.Betas[t];
            result[t] = product;
        }

        return result;
    }
}

public enum DtuSampleBug { None, PosteriorVariance, SigmaIsBeta, NoNoise, NoiseAtLastStep, EpsilonSign, RawTime }

/// <summary>Ways DTU 3.4's <c>negative_elbo</c> can draw t and ε (or feed them on) other than Algorithm 1 does.</summary>
public enum ElboDrawBug { None, OneTimePerBatch, TimeFromOne, TimeUpToTMinusTwo, RawTime, NoiseScaledHalf, NoiseScaledTwo, OneNoiseForAllSamples, OneNoisePerSampleForAllCoordinates, NoiseWithoutSquareRoot, PerSampleNetworkCalls, Float32, DataWithoutSquareRoot }

/// <summary>DTU 3.4: <c>DDPM.negative_elbo</c> by Algorithm 1 and <c>DDPM.sample</c> by Algorithm 2 with σ_t² = β_t, the network fed t/T.</summary>
internal sealed class FormulaDtuDdpm(DtuSampleBug bug = DtuSampleBug.None, ElboDrawBug draws = ElboDrawBug.None) : IDtuDdpm
{
    public FormulaDtuDdpm(ElboDrawBug draws) : this(DtuSampleBug.None, draws) { }

    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
    {
        int n = x.size(0), d = x.size(1), T = schedule.T;
        var t = draws switch
        {
            ElboDrawBug.OneTimePerBatch => Enumerable.Repeat((int)random.Integers(0, T, [1]).item(), n).ToArray(),
            ElboDrawBug.TimeFromOne => random.Integers(1, T, [n]).ToArray().Select(v => (int)v).ToArray(),
            ElboDrawBug.TimeUpToTMinusTwo => random.Integers(0, T - 1, [n]).ToArray().Select(v => (int)v).ToArray(),
            _ => random.Integers(0, T, [n, 1]).ToArray().Select(v => (int)v).ToArray(),
        };
        var epsilon = draws switch
        {
            ElboDrawBug.NoiseScaledHalf => random.Normal([n, d]) * 0.5f,
            ElboDrawBug.NoiseScaledTwo => random.Normal([n, d]) * 2f,
            ElboDrawBug.OneNoiseForAllSamples => random.Normal([1, d]) * ones([n, d]),
            ElboDrawBug.OneNoisePerSampleForAllCoordinates => random.Normal([n, 1]) * ones([n, d]),
            _ => random.Normal([n, d]),
        };
        var abar = FormulaHandins.AlphaBar(schedule);
        var a = tensor(t.Select(k => draws == ElboDrawBug.DataWithoutSquareRoot ? abar[k] : Math.Sqrt(abar[k])).ToArray(), n, 1);
        var b = tensor(t.Select(k => draws == ElboDrawBug.NoiseWithoutSquareRoot ? 1 - abar[k] : Math.Sqrt(1 - abar[k])).ToArray(), n, 1);
        if (draws == ElboDrawBug.Float32)
        {
            var product = 1f;
            var single = new float[T];
            for (var k = 0; k < T; k++) single[k] = product *= 1f - (float)schedule.Betas[k];
            a = tensor(t.Select(k => MathF.Sqrt(single[k])).ToArray(), n, 1);
            b = tensor(t.Select(k => MathF.Sqrt(1f - single[k])).ToArray(), n, 1);
        }

        var z = a * x + b * epsilon;
        var time = tensor(t.Select(k => draws == ElboDrawBug.RawTime ? (float)k : (float)((double)k / T)).ToArray(), n, 1);
        Tensor predicted;
        if (draws == ElboDrawBug.PerSampleNetworkCalls)
        {
            var rows = new List<float>();
            for (var i = 0; i < n; i += 1000)
            {
                var m = Math.Min(1000, n - i);
                rows.AddRange(network.Forward(z.narrow(0, i, m), time.narrow(0, i, m)).ToArray());
            }

            predicted = tensor(rows.ToArray(), n, d);
        }
        else
        {
            predicted = network.Forward(z, time);
        }

        var r = epsilon - predicted;
        return (r * r).sum(1);
    }

    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        var n = shape[0];
        var T = schedule.T;
        var abar = FormulaHandins.AlphaBar(schedule);
        var x = noise.Latent(shape);
        for (var t = T - 1; t >= 0; t--)
        {
            var beta = schedule.Betas[t];
            var time = full([n, 1], bug == DtuSampleBug.RawTime ? t : (float)((double)t / T));
            var eps = network.Forward(x, time);
            var coefficient = (float)(beta / Math.Sqrt(1 - abar[t]));
            x = (bug == DtuSampleBug.EpsilonSign ? x + coefficient * eps : x - coefficient * eps) / (float)Math.Sqrt(1 - beta);
            if (t == 0 && bug != DtuSampleBug.NoiseAtLastStep) continue;
            var prev = t > 0 ? abar[t - 1] : 1.0;
            var sigma = bug switch
            {
                DtuSampleBug.PosteriorVariance => Math.Sqrt(beta * (1 - prev) / (1 - abar[t])),
                DtuSampleBug.SigmaIsBeta => beta,
                DtuSampleBug.NoNoise => 0,
                _ => Math.Sqrt(beta),
            };
            x = x + (float)sigma * noise.ForStep(t, shape);
        }

        return x;
    }
}

public enum ReverseStepBug { None, BetaInsteadOfBetaTilde, MissingSqrt, NoNoise, ClipX0, AlphaBarOffByOne, NaN, OneNoiseForAll }

/// <summary>Heidelberg 1 (a): the posterior-mean step with x̂₀ and σ_t² = β̃_t, the network fed the raw t.</summary>
internal sealed class FormulaReverseStep(ReverseStepBug bug = ReverseStepBug.None) : IReverseStep
{
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        var abar = FormulaHandins.AlphaBar(schedule);
        var beta = schedule.Betas[t];
        var prev = t > 0 ? abar[t - 1] : 1.0;
        var a = bug == ReverseStepBug.AlphaBarOffByOne ? prev : abar[t];
        var eps = network.Forward(xt, full([xt.size(0)], t));
        var x0 = (float)Math.Sqrt(1 / a) * xt - (float)Math.Sqrt(1 / a - 1) * eps;
        if (bug == ReverseStepBug.ClipX0) x0 = x0.clamp(-1f, 1f);
        var mean = (float)(beta * Math.Sqrt(prev) / (1 - abar[t])) * x0 + (float)((1 - prev) * Math.Sqrt(1 - beta) / (1 - abar[t])) * xt;
        if (t == 0) return mean;
        var betaTilde = beta * (1 - prev) / (1 - abar[t]);
        var sigma = bug switch
        {
            ReverseStepBug.BetaInsteadOfBetaTilde => Math.Sqrt(beta),
            ReverseStepBug.MissingSqrt => betaTilde,
            ReverseStepBug.NoNoise => 0,
            ReverseStepBug.NaN => double.NaN,
            _ => Math.Sqrt(betaTilde),
        };
        return mean + (float)sigma * (bug == ReverseStepBug.OneNoiseForAll ? z.narrow(0, 0, 1).expand(xt.size(0), xt.size(1)) : z);
    }
}

public enum SameNoiseBug { None, PerSampleNoise, NoNoise, WrongShape }

/// <summary>Heidelberg 1 (c): the β̃ reverse process with one noise vector [1, d] per step for all samples.</summary>
internal sealed class FormulaSameNoise(SameNoiseBug bug = SameNoiseBug.None) : ISameNoiseSampler
{
    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        var n = latents.size(0);
        var d = latents.size(1);
        var step = new FormulaReverseStep(bug == SameNoiseBug.NoNoise ? ReverseStepBug.NoNoise : ReverseStepBug.None);
        var states = new List<Tensor> { latents };
        var x = latents;
        for (var t = schedule.T - 1; t >= 0; t--)
        {
            var z = bug == SameNoiseBug.PerSampleNoise ? noise.ForStep(t, [n, d]) : noise.ForStep(t, [1, d]).expand(n, d);
            x = step.ReverseStep(x, t, z, schedule, network);
            states.Add(x);
        }

        if (bug == SameNoiseBug.WrongShape) states.RemoveAt(0);
        return stack(states.ToArray());
    }
}

public enum DdimBug { None, IgnoresEta, NoiseWithoutEta }

/// <summary>Heidelberg 1 (d): DDIM eq. 12 with σ_t(η) from eq. 16, ᾱ_{−1} = 1.</summary>
internal sealed class FormulaDdim(DdimBug bug = DdimBug.None) : IDdimStep
{
    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        var abar = FormulaHandins.AlphaBar(schedule);
        var a = abar[t];
        var prev = t > 0 ? abar[t - 1] : 1.0;
        var effectiveEta = bug switch { DdimBug.IgnoresEta => 0, DdimBug.NoiseWithoutEta => 1, _ => eta };
        var sigma = effectiveEta * Math.Sqrt((1 - prev) / (1 - a)) * Math.Sqrt(1 - a / prev);
        var eps = network.Forward(xt, full([xt.size(0)], t));
        var x0 = (xt - (float)Math.Sqrt(1 - a) * eps) / (float)Math.Sqrt(a);
        var next = (float)Math.Sqrt(prev) * x0 + (float)Math.Sqrt(Math.Max(0, 1 - prev - sigma * sigma)) * eps;
        return sigma > 0 ? next + (float)sigma * z : next;
    }
}

public enum InterpolationBug { None, Accumulated, Slerp, ExcludesEnd, Reversed, Swapped, WrongCount }

/// <summary>Heidelberg 1 (b)/(e): from + (i/(count − 1))·(to − from), i = 0 … count − 1.</summary>
internal sealed class FormulaInterpolation(InterpolationBug bug = InterpolationBug.None) : ILatentInterpolation
{
    public Tensor Interpolate(Tensor from, Tensor to, int count)
    {
        var a = from.ToArray();
        var b = to.ToArray();
        var d = a.Length;
        var rows = bug == InterpolationBug.WrongCount ? count - 1 : count;
        var result = new float[rows * d];
        var running = (float[])a.Clone();
        for (var i = 0; i < rows; i++)
        {
            var w = bug == InterpolationBug.ExcludesEnd ? (double)i / count : (double)i / (count - 1);
            if (bug == InterpolationBug.Reversed) w = 1 - w;
            for (var j = 0; j < d; j++)
            {
                result[i * d + j] = bug switch
                {
                    InterpolationBug.Accumulated => running[j],
                    InterpolationBug.Slerp => (float)Slerp(a, b, w, j),
                    _ => (float)(a[j] + w * (b[j] - a[j])),
                };
                running[j] += (b[j] - a[j]) / (count - 1);
            }
        }

        if (bug == InterpolationBug.Swapped)
        {
            for (var j = 0; j < d; j++) (result[10 * d + j], result[11 * d + j]) = (result[11 * d + j], result[10 * d + j]);
        }

        return tensor(result, rows, d);
    }

    private static double Slerp(float[] a, float[] b, double w, int j)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < a.Length; k++) { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k]; }
        var omega = Math.Acos(dot / Math.Sqrt(na * nb));
        return (Math.Sin((1 - w) * omega) * a[j] + Math.Sin(w * omega) * b[j]) / Math.Sin(omega);
    }
}

/// <summary>Heidelberg 1 (b)–(e) in one hand-in: the interpolation and the three reverse processes it is run through.</summary>
internal sealed class FormulaExerciseOne(
    InterpolationBug interpolation = InterpolationBug.None,
    ReverseStepBug step = ReverseStepBug.None,
    SameNoiseBug sameNoise = SameNoiseBug.None,
    DdimBug ddim = DdimBug.None) : ILatentInterpolation, IReverseStep, ISameNoiseSampler, IDdimStep
{
    private readonly FormulaInterpolation _interpolation = new(interpolation);
    private readonly FormulaReverseStep _step = new(step);
    private readonly FormulaSameNoise _sameNoise = new(sameNoise);
    private readonly FormulaDdim _ddim = new(ddim);

    public Tensor Interpolate(Tensor from, Tensor to, int count) => _interpolation.Interpolate(from, to, count);

    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) => _step.ReverseStep(xt, t, z, schedule, network);

    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) => _sameNoise.SampleSameNoise(latents, schedule, network, noise);

    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) => _ddim.DdimStep(xt, t, eta, z, schedule, network);
}
