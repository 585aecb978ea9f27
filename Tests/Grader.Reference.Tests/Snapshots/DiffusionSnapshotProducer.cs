using Grader.Checks.Comparison;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Produces the diffusion snapshots from the reference: the fixed inputs (rebuilt with the checks' own
/// <see cref="SnapshotInputs"/>), the reference's outputs, the diagnostic variants (the reference's building blocks
/// with one bug put in) and, for the chains, the measured sensitivity behind <see cref="ChainTolerance"/>.
/// </summary>
internal static class DiffusionSnapshotProducer
{
    public static NegativeElboSnapshot NegativeElbo()
    {
        var spec = ScheduleSpec.Linear(1000);
        var network = new NetworkSpec(Seed: 4004, Dim: 2, Hidden: 16, Time: NetworkSpec.Normalised);
        const float scale = 1.5f;
        var schedule = Schedule(spec);
        var T = schedule.T;
        var batches = new List<ElboBatch>();
        foreach (var seed in new ulong[] { 40401, 40402, 40403 })
        {
            const int n = 64, d = 2;
            var (x, drawSeed) = SnapshotInputs.ElboBatch(seed, n, d, T, scale);
            var (t, epsilon) = SnapshotInputs.ElboDraws(drawSeed, n, d, T);
            var net = network.Create(T);
            var expected = Losses.NegativeElbo(NormalisedTime.Of(net, T), schedule, x, t, epsilon).ToArray();
            var viaSource = new ReferenceDtuDdpm().NegativeElbo(x, spec.ToNoiseSchedule(), network.Create(T), new KeyedRandom(drawSeed)).ToArray();
            if (!viaSource.SequenceEqual(expected))
                throw new InvalidOperationException("the reference hand-in does not draw t and ε as SnapshotInputs.ElboDraws says");

            Tensor Column(Func<int, double> f) => tensor(t.Select(ti => (float)f(ti)).ToArray(), n, 1);
            float[] Elbo(Tensor z, Tensor time)
            {
                var r = epsilon - network.Create(T).Forward(z, time);
                return (r * r).sum(1).ToArray();
            }

            var tauReference = tensor(t.Select(ti => (float)ti / T).ToArray(), n, 1);
            var variants = new List<Variant>
            {
                new("alpha-bar-previous", Elbo(Column(ti => Math.Sqrt(schedule.AlphaBarPrevious[ti])) * x + Column(ti => Math.Sqrt(1 - schedule.AlphaBarPrevious[ti])) * epsilon, tauReference)),
                new("t-not-normalised", Losses.NegativeElbo(
                    EpsilonNetwork.FromFunction((z, steps) => network.Create(T).Forward(z, tensor(steps.Select(v => (float)v).ToArray(), steps.Length, 1))),
                    schedule, x, t, epsilon).ToArray()),
                new("noise-not-square-rooted", Elbo(Column(ti => schedule.SqrtAlphaBar[ti]) * x + Column(ti => 1 - schedule.AlphaBar[ti]) * epsilon, tauReference)),
            };
            batches.Add(new ElboBatch(seed, drawSeed, n, d, t, expected, variants));
        }

        return new NegativeElboSnapshot(
            "DTU 3.4 negative_elbo: per batch, x = 1.5·randn([N, d]) from Generator(seed); t = Integers(0, T, [N, 1]) and ε = Normal([N, d]) from KeyedRandom(drawSeed), drawSeed the first of seed·0x9E3779B97F4A7C15 + k, k = 0, 1, …, whose t include 0 and T − 1; " +
            "the network is the grader's FixedEpsilonNetwork(d, seed, time scale 1), called with t/T as [N, 1]; expected = Σ_j (ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T))².",
            spec, network, scale, batches);
    }

    public static DtuSampleSnapshot DtuSample()
    {
        var spec = ScheduleSpec.Linear(100);
        var network = new NetworkSpec(Seed: 4005, Dim: 2, Hidden: 16, Time: NetworkSpec.Normalised);
        const ulong noiseSeed = 40501;
        const int n = 64, d = 2;
        var schedule = Schedule(spec);
        var T = schedule.T;
        int[] shape = [n, d];

        Tensor Run(ReverseVariance variance, Func<IEpsilonNetwork, IEpsilonModel> convention)
        {
            var noise = new KeyedNoise(noiseSeed);
            return new Ddpm(schedule, variance).Sample(convention(network.Create(T)), noise.Latent(shape), StepNoise.From(noise));
        }

        var expected = Run(ReverseVariance.Beta, net => NormalisedTime.Of(net, T));
        var noiseAtLast = expected + new KeyedNoise(noiseSeed).ForStep(0, shape) * (float)Math.Sqrt(schedule.Beta[0]);
        var variants = new List<Variant>
        {
            new("sigma-squared-beta-tilde", Run(ReverseVariance.BetaTilde, net => NormalisedTime.Of(net, T)).ToArray()),
            new("noise-at-last-step", noiseAtLast.ToArray()),
            new("t-not-normalised", Run(ReverseVariance.Beta, net => EpsilonNetwork.FromFunction((z, steps) => net.Forward(z, tensor(steps.Select(v => (float)v).ToArray(), steps.Length, 1)))).ToArray()),
            new("epsilon-sign-flipped", Run(ReverseVariance.Beta, net => EpsilonNetwork.FromFunction((z, steps) => -NormalisedTime.Of(net, T).Predict(z, steps))).ToArray()),
        };

        var spread = LegitimateChains.Spread([new KeyedNoise(noiseSeed).Latent(shape).ToArray(), expected.ToArray()], spec, network, normalisedTime: true,
            posteriorVariance: false, new KeyedNoise(noiseSeed).Latent(shape), () => new KeyedNoise(noiseSeed), sharedNoise: false, finalOnly: true);

        return new DtuSampleSnapshot(
            "DTU 3.4 sample: x_T = KeyedNoise(noiseSeed).Latent([N, d]), z at step t = ForStep(t, [N, d]) for t ≥ 1; Algorithm 2 with σ² = β over code t = T − 1 … 0; " +
            "the network is FixedEpsilonNetwork(d, seed, time scale 1) called with t/T. Spread: the largest deviation of the final samples of four float32 " +
            "implementations of the formulas (ε form and posterior-mean form, each with a float32 schedule and with double coefficients).",
            spec, network, noiseSeed, n, d, expected.ToArray(), spread[^1], variants);
    }

    public static StepSnapshot ReverseStep()
    {
        var spec = ScheduleSpec.Linear(250);
        var network = new NetworkSpec(Seed: 1001, Dim: 2, Hidden: 16, Time: NetworkSpec.RawIndex);
        var schedule = Schedule(spec);
        var T = schedule.T;
        var cases = new List<StepCase>();
        foreach (var t in new[] { 0, 1, 2, 10, 100, 249 })
        {
            const int n = 16, d = 2;
            const float scale = 1.5f;
            var seed = (ulong)(10_000 + t);
            var (xt, z) = SnapshotInputs.Step(seed, n, d, scale);
            var model = new RawIndexTime(network.Create(T));
            var expected = new Ddpm(schedule, ReverseVariance.BetaTilde).Step(model, xt, t, t == 0 ? null : z);
            var variants = ReverseStepVariants.Of(schedule, network.Create(T), xt, z, t);
            cases.Add(new StepCase(t, 0, seed, n, d, scale, expected.ToArray(), variants));
        }

        return new StepSnapshot(
            "Heidelberg 1 (a) reverse step: per case, from Generator(seed): x_t = 1.5·randn([N, d]), z = randn([N, d]); the network is FixedEpsilonNetwork(d, seed, " +
            "time scale 1/T) called with the raw index t; expected = μ̃_t(x_t, x̂₀) + √β̃_t·z (no noise at t = 0), x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂.",
            spec, network, cases);
    }

    public static StepSnapshot DdimStep()
    {
        var spec = ScheduleSpec.Linear(250);
        var network = new NetworkSpec(Seed: 1002, Dim: 2, Hidden: 16, Time: NetworkSpec.RawIndex);
        var schedule = Schedule(spec);
        var T = schedule.T;
        var cases = new List<StepCase>();
        foreach (var t in new[] { 0, 1, 10, 100, 249 })
        {
            foreach (var eta in new[] { 0.0, 0.5, 1.0 })
            {
                const int n = 16, d = 2;
                const float scale = 1.5f;
                var seed = (ulong)(20_000 + 10 * t + (int)(2 * eta));
                var (xt, z) = SnapshotInputs.Step(seed, n, d, scale);
                var model = new RawIndexTime(network.Create(T));
                var epsilonHat = model.Predict(xt, Fill(t, n));
                var ddim = new Ddim(schedule, eta);
                var expected = ddim.Step(model, xt, t, ddim.AddsNoise(t) ? z : null);

                double abar = schedule.AlphaBar[t], abarPrevious = schedule.AlphaBarPrevious[t];
                double Sigma(double a, double ap) => eta * Math.Sqrt((1 - ap) / (1 - a)) * Math.Sqrt(Math.Max(0, 1 - a / ap));
                Tensor Manual(double a, double ap, double sigma)
                {
                    var x0 = (xt - epsilonHat * (float)Math.Sqrt(1 - a)) / (float)Math.Sqrt(a);
                    var next = x0 * (float)Math.Sqrt(ap) + epsilonHat * (float)Math.Sqrt(Math.Max(0, 1 - ap - sigma * sigma));
                    return sigma > 0 ? next + z * (float)sigma : next;
                }

                var alpha = 1 - schedule.Beta[t];
                var alphaPrevious = t > 0 ? 1 - schedule.Beta[t - 1] : 1.0;
                var variants = new List<Variant>
                {
                    new("eta-ignored", new Ddim(schedule, 0).Step(model, xt, t, null).ToArray()),
                    new("alpha-for-alpha-bar", Manual(alpha, alphaPrevious, Sigma(alpha, alphaPrevious)).ToArray()),
                    new("sigma-without-square-root", Manual(abar, abarPrevious, eta * Math.Sqrt((1 - abarPrevious) / (1 - abar)) * (1 - abar / abarPrevious)).ToArray()),
                    new("last-step-alpha-bar", (t == 0 ? Manual(abar, abar, 0) : expected).ToArray()),
                };
                cases.Add(new StepCase(t, eta, seed, n, d, scale, expected.ToArray(), variants));
            }
        }

        return new StepSnapshot(
            "Heidelberg 1 (d) DDIM step: per case, from Generator(seed): x_t = 1.5·randn([N, d]), z = randn([N, d]); the network is FixedEpsilonNetwork(d, seed, " +
            "time scale 1/T) called with the raw index t; expected = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1} − σ²)·ε̂ + σ·z, σ = η·√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1}), ᾱ_{−1} = 1.",
            spec, network, cases);
    }

    public static SameNoiseSnapshot SameNoise()
    {
        var spec = ScheduleSpec.Linear(250);
        var network = new NetworkSpec(Seed: 1003, Dim: 2, Hidden: 16, Time: NetworkSpec.RawIndex);
        const ulong latentSeed = 30001, noiseSeed = 30002;
        const int n = 8, d = 2;
        var schedule = Schedule(spec);
        var T = schedule.T;
        var latents = SnapshotInputs.Latents(latentSeed, n, d);
        var sampler = new SameNoiseSampler(new Ddpm(schedule, ReverseVariance.BetaTilde));
        var trajectory = sampler.Trajectory(new RawIndexTime(network.Create(T)), latents, StepNoise.From(new KeyedNoise(noiseSeed)));
        var rows = Enumerable.Range(0, T + 1).Select(s => trajectory.select(0, s).ToArray()).ToArray();

        var spread = LegitimateChains.Spread(rows, spec, network, normalisedTime: false, posteriorVariance: true, latents, () => new KeyedNoise(noiseSeed), sharedNoise: true);

        return new SameNoiseSnapshot(
            "Heidelberg 1 (c) same-noise trajectory: latents = randn([N, d]) from Generator(latentSeed); at step t ≥ 1 one z = KeyedNoise(noiseSeed).ForStep(t, [1, d]) " +
            "for all samples; σ² = β̃; the network is FixedEpsilonNetwork(d, seed, time scale 1/T) called with the raw index t. Rows: the latents, then the state after " +
            "each step. Spread per row: the largest deviation of four float32 implementations of the formulas (ε form and posterior-mean form, each with a " +
            "float32 schedule and with double coefficients).",
            spec, network, latentSeed, noiseSeed, n, d, rows, spread);
    }

    private static BetaSchedule Schedule(ScheduleSpec spec)
    {
        var schedule = BetaSchedule.Linear(spec.T, spec.Beta1, spec.BetaT, float32Betas: false);
        if (!schedule.Beta.SequenceEqual(spec.Betas()))
            throw new InvalidOperationException("ScheduleSpec.Betas() no longer equals the reference's double linspace bit for bit");
        return schedule;
    }

    internal static int[] Fill(int t, int n) => Enumerable.Repeat(t, n).ToArray();
}
