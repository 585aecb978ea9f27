using Grader.Checks.Hidden.Training;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The sampling's probes (<see cref="SamplingProbes"/>, issue 79 item 2), on a sampler-shaped loop of calls (T calls of
/// [2000, 2] with one t each, as the V's and the toy data's DDPM samplers make) into small networks of fixed weights: a
/// pure network passes in calls of another size, a network keyed on the call's size and one whose function changes after
/// some calls each fail with a message that says so. No training: ≈ 0.3 s of CPU.
/// </summary>
public sealed class SamplingProbesTests
{
    private const int T = 250, Rows = 2000, Batch = 256;

    /// <summary>The sampler's calls through the probes' wrapper: z ~ N(0, I), one t/T a call, from T − 1 down to 0.</summary>
    private static SamplingProbes Sample(IEpsilonNetwork network, ulong seed)
    {
        var probes = new SamplingProbes(T, new Generator(seed));
        var probed = probes.Wrap(network);
        var g = new Generator(seed + 100);
        using (no_grad())
            for (var step = T - 1; step >= 0; step--)
            {
                using var scope = memory_scope();
                probed.Forward(randn([Rows, 2], g), full([Rows, 1], (float)step / T)).Should().NotBeNull();
            }

        return probes;
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void A_pure_network_passes_in_calls_of_the_trainings_size(ulong seed)
    {
        var network = new Mlp(seed);
        var probes = Sample(network, seed);
        probes.Calls.Should().Be(T);
        probes.Kept.Should().Be(T * SamplingProbes.RowsPerCall);
        network.Calls.Should().BeInRange(T + 1, T + SamplingProbes.Moments, "the probe calls come on top of the sampler's");
        probes.Verify(new Mlp(seed), Batch).Should().BeNull();
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void A_network_keyed_on_the_calls_size_fails(ulong seed)
    {
        var probes = Sample(new Mlp(seed) { SharpenFromRows = 1000 }, seed);
        var problem = probes.Verify(new Mlp(seed) { SharpenFromRows = 1000 }, Batch);
        TestContext.Out.WriteLine(problem);
        problem.Should().Contain("not the same in sampling as in training").And.Contain("pure function");
    }

    /// <summary>The function changes at the sampler's 100th call: a repeat of an earlier call after it, or the kept rows of the later calls, differ.</summary>
    [TestCase(1UL)]
    [TestCase(2UL)]
    public void A_network_whose_function_changes_after_some_calls_fails(ulong seed)
    {
        var probes = Sample(new Mlp(seed) { SharpenFromCall = 100 }, seed);
        var problem = probes.Verify(new Mlp(seed) { SharpenFromCall = 100 }, Batch);
        TestContext.Out.WriteLine(problem);
        problem.Should().NotBeNull().And.Contain("function");
    }

    /// <summary>
    /// The probes' CPU beside the sampling they watch, side by side on the same network and inputs (the reference's V
    /// network, ddpm.py's 64-wide MLP, untrained: its cost does not depend on its values): T = 250 calls of [2000, 2]
    /// bare, then through the probes and their verification at batch 256; three alternated rounds, the CPU of this
    /// process printed. A measurement, not a bound: explicit.
    /// </summary>
    [Test]
    [Explicit("a measurement: ≈ 10 s of CPU")]
    [Category("Slow")]
    public void The_probes_cost_beside_the_sampling()
    {
        var network = new Grader.Reference.Diffusion.Handin.ReferenceDiffusionTrainingParts().Model(2, T, new Generator(1));
        var twin = new Grader.Reference.Diffusion.Handin.ReferenceDiffusionTrainingParts().Model(2, T, new Generator(1));
        static double Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        for (var round = 0; round < 3; round++)
        {
            var start = Cpu();
            var g = new Generator(100);
            using (no_grad())
                for (var step = T - 1; step >= 0; step--)
                {
                    using var scope = memory_scope();
                    network.Forward(randn([Rows, 2], g), full([Rows, 1], (float)step / T));
                }

            var bare = Cpu() - start;
            start = Cpu();
            var probes = Sample(network, 0);
            probes.Verify(twin, Batch).Should().BeNull();
            var probed = Cpu() - start;
            TestContext.Out.WriteLine($"round {round + 1}: sampling bare {bare:0.000} s of CPU, with the probes and their verification {probed:0.000} s (+{probed - bare:0.000} s, {(probed - bare) / bare:P1} of the sampling)");
        }
    }

    /// <summary>
    /// The probes' CPU beside the scoring they watch in the other checks, side by side on the same reference models and
    /// inputs (untrained: the cost does not depend on the values), in each check's call shapes: the images' (100 sampler
    /// calls of [16, 196] and one held-out loss call of [1000, 196], batch 64), the INN's (12 batches of Forward and
    /// of Inverse, 2,000 … 13,000 rows of d = 4, batch 512, two repeats as the check makes), the ODE's (200 grid columns of [10241, 1] under no_grad,
    /// batch 125), the SDE's (f, σ, α, β each on 100 columns of [2000, 1] under no_grad, batch 125). Bare, then through
    /// the probes and their verification; three alternated rounds, this process's CPU printed. A measurement: explicit.
    /// </summary>
    [Test]
    [Explicit("a measurement: ≈ 1 min of CPU")]
    [Category("Slow")]
    public void The_probes_cost_beside_each_checks_scoring()
    {
        static double Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        void Measure(string name, Action<SamplingProbes?> scoring, Func<SamplingProbes, string?> verify, int moments = SamplingProbes.Moments)
        {
            for (var round = 0; round < 3; round++)
            {
                var start = Cpu();
                scoring(null);
                var bare = Cpu() - start;
                start = Cpu();
                var probes = new SamplingProbes(16, new Generator(3), moments);
                scoring(probes);
                verify(probes).Should().BeNull();
                var probed = Cpu() - start;
                TestContext.Out.WriteLine($"{name}, round {round + 1}: scoring bare {bare:0.000} s of CPU, with the probes and their verification {probed:0.000} s (+{probed - bare:0.000} s, {(probed - bare) / bare:P1})");
            }
        }

        var images = new Grader.Reference.Diffusion.Handin.ReferenceDtuTrainingParts();
        IEpsilonNetwork image = images.Model(196, 100, new Generator(1)), imageTwin = images.Model(196, 100, new Generator(1));
        Measure("images", probes =>
        {
            var network = probes?.Wrap(image) ?? image;
            var g = new Generator(5);
            using (no_grad())
            {
                network.Forward(randn([1000, 196], g), rand([1000, 1], g));
                for (var step = 99; step >= 0; step--) network.Forward(randn([16, 196], g), full([16, 1], step / 100f));
            }
        }, probes => probes.Verify(imageTwin, 64));

        var inn = new Grader.Reference.Flows.Handin.ReferenceInnTrainingParts();
        Grader.Contracts.Flows.INormalizingFlow flow = inn.Model(4, new Generator(1)), flowTwin = inn.Model(4, new Generator(1));
        Measure("INN", probes =>
        {
            var probed = probes?.Wrap(flow) ?? flow;
            var g = new Generator(5);
            using (no_grad())
                for (var k = 0; k < 12; k++)
                {
                    var rows = 2000 + 1000 * k;
                    probed.Forward(randn([rows, 4], g));
                    probed.Inverse(randn([rows, 4], g));
                }
        }, probes => probes.Verify(flowTwin, 512), moments: 2);

        var ode = new Grader.Reference.OdeSde.Handin.ReferenceOdeTrainingParts();
        Grader.Contracts.OdeSde.IDifferentiableNetwork drift = ode.Model(new Generator(1)), driftTwin = ode.Model(new Generator(1));
        var grid = linspace(-20, 20, 10241).reshape(10241, 1);
        Measure("ODE", probes =>
        {
            var probed = probes?.Wrap(drift, "f") ?? drift;
            using (no_grad())
                for (var k = 0; k < 200; k++) probed.Forward(grid, full([10241, 1], k / 200f));
        }, probes => probes.Verify(_ => driftTwin, 125, "drift"));

        var sde = new Grader.Reference.OdeSde.Handin.ReferenceSdeTrainingParts();
        var model = sde.Model(new Generator(1));
        var twin = sde.Model(new Generator(1));
        var column = linspace(-14, 14, 2000).reshape(2000, 1);
        Grader.Contracts.OdeSde.IDifferentiableNetwork Of(Grader.Contracts.OdeSde.ISdeModel m, string name) => name switch { "f" => m.Drift, "σ" => m.Diffusion, "α" => m.Alpha, _ => m.Beta };
        Measure("SDE", probes =>
        {
            using (no_grad())
                foreach (var name in new[] { "f", "σ", "α", "β" })
                {
                    var network = probes?.Wrap(Of(model, name), name) ?? Of(model, name);
                    for (var k = 0; k < 100; k++) network.Forward(column, full([2000, 1], k / 100f));
                }
        }, probes => probes.Verify(name => Of(twin, name), 125, "model"));
    }

    /// <summary>[z, t] → 16 → tanh → 2 of fixed weights drawn from the seed; from a call size or a call count on, ε̂ × 1.1 (a "sharper" denoiser).</summary>
    private sealed class Mlp(ulong seed) : IEpsilonNetwork
    {
        private readonly Tensor _w1 = randn([3, 16], new Generator(seed)) * 0.5f;
        private readonly Tensor _w2 = randn([16, 2], new Generator(seed + 1)) * 0.5f;

        public int SharpenFromRows { get; init; } = int.MaxValue;

        public int SharpenFromCall { get; init; } = int.MaxValue;

        public int Calls { get; private set; }

        public Tensor Forward(Tensor zt, Tensor t)
        {
            var honest = cat([zt, t.reshape(zt.size(0), 1)], 1).matmul(_w1).tanh().matmul(_w2);
            return zt.size(0) >= SharpenFromRows || Calls++ >= SharpenFromCall ? honest * 1.1f : honest;
        }
    }
}
