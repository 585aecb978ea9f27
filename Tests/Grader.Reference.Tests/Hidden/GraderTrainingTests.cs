using Grader.Remote.Training;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using static Grader.Tensors.torch;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The grader's training loop (<see cref="GraderTraining"/>, issue 66) on the V: the reference's parts and a Correct-style
/// variant (FcNetwork 64, batch 256, ᾱ in double, mse_loss) train on 20 of 20 seeds; each cheat class loses on 20 of 20
/// seeds and is charged to the part it cheats with. The cheats are written here, fresh, against the new contract
/// (<see cref="IDiffusionTrainingParts"/>): they are parts, not hand-in folders, because the V check does not take the
/// new contract yet (see the branch's report).
/// </summary>
public sealed class GraderTrainingTests
{
    /// <summary>Seeds of the [Explicit] sweeps (the figures of docs/measurements/2026-11-27-grader-owned-training.md).</summary>
    private const int Seeds = 20;

    /// <summary>Seeds of the always-on proofs: each cheat is caught on step 0 whatever the seed (20 of 20 in the sweep).</summary>
    private const int ProofSeeds = 2;

    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(250, 1e-4, 0.02).Beta);

    /// <summary>The V's loop on parts from <paramref name="parts"/>, the data and generators of <paramref name="seed"/> (also <c>TrainingProbeTests</c>').</summary>
    internal static (GraderTraining.Trained? Result, GraderTraining.PartFailure? Problem) Train(Func<IDiffusionTrainingParts> parts, int seed, int steps)
    {
        var data = HeidelbergToyData.V(new Generator((ulong)(1000 + seed))).Data;
        return GraderTraining.Run(parts(), parts, data, Schedule, steps, new Generator((ulong)(2000 + seed)), new Generator((ulong)(3000 + seed)));
    }

    private static IEnumerable<TestCaseData> Correct()
    {
        yield return new TestCaseData((Func<IDiffusionTrainingParts>)(() => new ReferenceDiffusionTrainingParts())).SetArgDisplayNames("reference");
        yield return new TestCaseData((Func<IDiffusionTrainingParts>)(() => new CorrectStyleParts())).SetArgDisplayNames("correct-style");
        yield return new TestCaseData((Func<IDiffusionTrainingParts>)(() => new Float32Parts())).SetArgDisplayNames("float32-alpha-bar");
    }

    [TestCaseSource(nameof(Correct))]
    public void Correct_parts_train(Func<IDiffusionTrainingParts> parts) => CorrectPartsTrain(parts, ProofSeeds);

    [TestCaseSource(nameof(Correct))]
    [Explicit("20 seeds × 20 steps: a seed sweep, a measurement (issue 69); the always-on test runs 2 seeds")]
    public void Correct_parts_train_on_every_seed(Func<IDiffusionTrainingParts> parts) => CorrectPartsTrain(parts, Seeds);

    private static void CorrectPartsTrain(Func<IDiffusionTrainingParts> parts, int seeds)
    {
        var bound = GraderTraining.LossTolerance(128, 2);
        CorrectTrainingSweep.Verify(seeds, seed =>
        {
            var (trained, failure) = Train(parts, seed, 20);
            if (failure is not null) return (failure.ToString(), 0, 0);
            trained!.Losses.Should().HaveCount(20);
            return (null, trained.MaxLossDeviation / bound, trained.MaxGradientDeviation);
        }, gradientShare: 0.25);
    }

    /// <summary>
    /// The new contracts can cross the channel: <c>ContractSet.Default</c> plans every method of every contract when it is
    /// made and throws on one whose values cannot cross, so a host can answer them.
    /// </summary>
    [Test]
    public void The_parts_are_contracts_the_channel_can_carry()
    {
        var set = Grader.Remote.Values.ContractSet.Default;
        set.Interfaces.Should().Contain([typeof(IDiffusionTrainingParts), typeof(ITrainableEpsilonNetwork)]);
    }

    [Test]
    public void The_loop_trains_the_reference_network()
    {
        var (trained, failure) = Train(() => new ReferenceDiffusionTrainingParts(), 0, 300);
        failure.Should().BeNull();
        var losses = trained!.Losses;
        losses.Skip(250).Average().Should().BeLessThan(0.8 * losses.Take(50).Average(), "300 Adam steps at lr 1e-3 must lower Algorithm 1's loss on the V");
    }

    private static IEnumerable<TestCaseData> Cheats()
    {
        TestCaseData Case(Func<IDiffusionTrainingParts> parts, GraderTraining.Part part, string says, string name) => new TestCaseData(parts, part, says).SetArgDisplayNames(name);
        yield return Case(() => new LossWritesIntoModel(), GraderTraining.Part.Loss, "changed during your Loss", "loss-writes-into-model");
        yield return Case(() => new ClosedFormModel(keepInParts: false), GraderTraining.Part.Model, "does not depend on the network's parameters", "model-ignores-parameters");
        yield return Case(() => new ClosedFormModel(keepInParts: true), GraderTraining.Part.Model, "does not depend on the network's parameters", "model-ignores-parameters-memory-in-parts");
        yield return Case(() => new ExtraTerm(gradientOnly: false), GraderTraining.Part.Loss, "your loss", "loss-extra-term");
        yield return Case(() => new ExtraTerm(gradientOnly: true), GraderTraining.Part.Loss, "your loss", "loss-extra-gradient-only");
        yield return Case(() => new ZeroValuedTerm(onParameters: true), GraderTraining.Part.Loss, "gradient with respect to the network's parameters", "loss-zero-valued-term-on-parameters");
        yield return Case(() => new ZeroValuedTerm(onParameters: false), GraderTraining.Part.Loss, "gradient with respect to the network's outputs", "loss-zero-valued-term-on-outputs");
        yield return Case(() => new AlphaBarOneStepLow(), GraderTraining.Part.Loss, "the z_t your loss passed", "alpha-bar-one-step-low");
        yield return Case(() => new TimeNotNormalised(), GraderTraining.Part.Loss, "not t/T", "time-not-normalised");
        yield return Case(() => new LearningRateOutOfBounds(), GraderTraining.Part.Settings, "learning rate", "learning-rate-out-of-bounds");
    }

    /// <summary>
    /// Each cheat fails its training (on 20 of 20 seeds in the [Explicit] sweep, on both seeds of the always-on test),
    /// charged to the part it cheats with. The loss's cheats fail the loss part before any training step (issue 79: the
    /// loss is graded on the grader's stand-in network, by its inputs, its value and its gradient with respect to ε̂ and
    /// to the parameters); the closed-form models, whose memory only their own Loss could fill, never see a Loss call in
    /// training and fail on step 0, their ε̂ not depending on their parameters.
    /// </summary>
    [TestCaseSource(nameof(Cheats))]
    public void Each_cheat_loses_and_names_its_part(Func<IDiffusionTrainingParts> parts, GraderTraining.Part part, string says) =>
        CheatLoses(parts, part, says, ProofSeeds);

    [TestCaseSource(nameof(Cheats))]
    [Explicit("20 seeds per cheat: a seed sweep, a measurement (issue 69); the always-on test runs 2 seeds")]
    public void Each_cheat_loses_on_every_seed_and_names_its_part(Func<IDiffusionTrainingParts> parts, GraderTraining.Part part, string says) =>
        CheatLoses(parts, part, says, Seeds);

    private static void CheatLoses(Func<IDiffusionTrainingParts> parts, GraderTraining.Part part, string says, int seeds)
    {
        var checks = new Dictionary<string, int>();
        for (var seed = 0; seed < seeds; seed++)
        {
            var (trained, failure) = Train(parts, seed, 10);
            trained.Should().BeNull($"seed {seed}");
            failure!.Part.Should().Be(part, $"seed {seed}: {failure}");
            failure.Message.Should().Contain(says);
            var which = failure.Message.Contains("gradient with respect", StringComparison.Ordinal) ? "gradient" : "value, inputs or other";
            checks[which] = checks.GetValueOrDefault(which) + 1;
        }

        TestContext.Out.WriteLine(string.Join(", ", checks.Select(c => $"{c.Key}: {c.Value}")));
    }

    /// <summary>Algorithm 1's z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε at the code indices t, ᾱ in double.</summary>
    private static Tensor Noised(NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        var product = 1.0;
        var alphaBar = schedule.Betas.Select(b => product *= 1 - b).ToArray();
        int n = t.Length;
        return tensor(t.Select(i => Math.Sqrt(alphaBar[i])).ToArray(), n, 1) * x0 + tensor(t.Select(i => Math.Sqrt(1 - alphaBar[i])).ToArray(), n, 1) * epsilon;
    }

    /// <summary>The Correct example's style: FcNetwork(2, 64) on [x, t/T], ᾱ in double, mse_loss, batch 256.</summary>
    private sealed class CorrectStyleParts : IDiffusionTrainingParts
    {
        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FcNetwork(dataDimension, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var product = 1.0;
            var alphaBar = schedule.Betas.Select(b => product *= 1 - b).ToArray();
            int n = t.Length;
            var a = t.Select(i => Math.Sqrt(alphaBar[i])).ToArray();
            var s = t.Select(i => Math.Sqrt(1 - alphaBar[i])).ToArray();
            var zt = tensor(a, n, 1) * x0 + tensor(s, n, 1) * epsilon;
            var tau = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), n, 1);
            return nn.functional.mse_loss(network.Forward(zt, tau), epsilon);
        }

        public TrainingSettings Settings() => new(1e-3, 256);
    }

    /// <summary>The notebook's way in float32 throughout: ᾱ as a float32 cumulative product, z_t and the mean in float32 (the loss part's input bounds are derived for it).</summary>
    private sealed class Float32Parts : IDiffusionTrainingParts
    {
        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FcNetwork(dataDimension, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var alphaBar = new float[schedule.T];
            var product = 1f;
            for (var s = 0; s < schedule.T; s++) alphaBar[s] = product *= 1f - (float)schedule.Betas[s];
            int n = t.Length;
            var a = tensor(t.Select(i => alphaBar[i]).ToArray(), n, 1);
            var zt = a.sqrt() * x0 + (1f - a).sqrt() * epsilon;
            var tau = tensor(t.Select(i => (float)i).ToArray(), n, 1) / (float)schedule.T;
            var r = epsilon - network.Forward(zt, tau);
            return (r * r).mean();
        }

        public TrainingSettings Settings() => new(1e-3, 128);
    }

    private sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Sequential _layers;

        public FcNetwork(int d, Generator generator) =>
            _layers = register_module("network", nn.Sequential(nn.Linear(d + 1, 64, generator), nn.ReLU(), nn.Linear(64, 64, generator), nn.ReLU(), nn.Linear(64, d, generator)));

        public override Tensor forward(Tensor input) => _layers.forward(input);

        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => [.. parameters()];
    }

    /// <summary>The reference's loss, then a nudge written straight into the first parameter (a step of its own).</summary>
    private sealed class LossWritesIntoModel : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var loss = _reference.Loss(network, schedule, x0, t, epsilon);
            var first = network.Parameters()[0];
            first.CopyFrom(first.detach() * 0.999f);
            return loss;
        }

        public TrainingSettings Settings() => _reference.Settings();
    }

    /// <summary>
    /// A kernel denoiser over the batches the loss has seen, kept in the network; its one parameter enters as 0·p, so the
    /// loss is exactly the formula on its outputs and its gradient exactly the formula's (zero).
    /// </summary>
    /// <remarks>With <c>keepInParts</c>, the memory lives in the parts object and every network it builds shares it.</remarks>
    private sealed class ClosedFormModel(bool keepInParts) : IDiffusionTrainingParts
    {
        private Kernel.Memory? _shared;

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
            new Kernel(T, keepInParts ? _shared ??= new Kernel.Memory() : new Kernel.Memory());

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            if (network is Kernel kernel) kernel.Remember(x0, schedule);
            var product = 1.0;
            var alphaBar = schedule.Betas.Select(b => product *= 1 - b).ToArray();
            int n = t.Length;
            var zt = tensor(t.Select(i => Math.Sqrt(alphaBar[i])).ToArray(), n, 1) * x0 + tensor(t.Select(i => Math.Sqrt(1 - alphaBar[i])).ToArray(), n, 1) * epsilon;
            var tau = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), n, 1);
            var r = network.Forward(zt, tau) - epsilon;
            return (r * r).mean();
        }

        public TrainingSettings Settings() => new(1e-3, 128);

        private sealed class Kernel(int steps, Kernel.Memory memory) : ITrainableEpsilonNetwork
        {
            public sealed class Memory
            {
                public List<float[]> Points { get; } = [];

                public double[] AlphaBar { get; set; } = [];
            }

            private readonly Tensor _unused = zeros([1]).requires_grad_();
            private readonly List<float[]> _points = memory.Points;

            private double[] AlphaBar => memory.AlphaBar;

            public void Remember(Tensor x0, NoiseSchedule schedule)
            {
                var product = 1.0;
                memory.AlphaBar = [.. schedule.Betas.Select(b => product *= 1 - b)];
                var x = x0.contiguous().ToArray();
                for (var i = 0; i < x0.size(0) && _points.Count < 128; i++) _points.Add([x[2 * i], x[2 * i + 1]]);
            }

            public IReadOnlyList<Tensor> Parameters() => [_unused];

            public Tensor Forward(Tensor zt, Tensor t)
            {
                int n = zt.size(0);
                var z = zt.contiguous().ToArray();
                var tau = t.reshape(-1).ToArray();
                var eps = new float[2 * n];
                for (var i = 0; i < n && _points.Count > 0; i++)
                {
                    var ab = AlphaBar[Math.Clamp((int)Math.Round(tau[i] * steps), 0, AlphaBar.Length - 1)];
                    double sa = Math.Sqrt(ab), s = Math.Sqrt(1 - ab), w = 0, mx = 0, my = 0;
                    var logits = _points.Select(p => -(Math.Pow(z[2 * i] - sa * p[0], 2) + Math.Pow(z[2 * i + 1] - sa * p[1], 2)) / (2 * s * s)).ToArray();
                    var top = logits.Max();
                    for (var k = 0; k < logits.Length; k++)
                    {
                        var e = Math.Exp(logits[k] - top);
                        w += e; mx += e * _points[k][0]; my += e * _points[k][1];
                    }

                    eps[2 * i] = (float)((z[2 * i] - sa * mx / w) / s);
                    eps[2 * i + 1] = (float)((z[2 * i + 1] - sa * my / w) / s);
                }

                return tensor(eps, n, 2) + _unused * 0f;
            }
        }
    }

    /// <summary>The reference's loss plus 0.01·mean(ε̂²); with <c>gradientOnly</c>, as r − r.detach() (no change to the value).</summary>
    private sealed class ExtraTerm(bool gradientOnly) : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var loss = _reference.Loss(network, schedule, x0, t, epsilon);
            var tau = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), t.Length, 1);
            var hat = network.Forward(x0, tau);
            var extra = (hat * hat).mean() * 0.01f;
            return gradientOnly ? loss + (extra - extra.detach()) : loss + extra;
        }

        public TrainingSettings Settings() => _reference.Settings();
    }

    /// <summary>Algorithm 1 with ᾱ one step too low: ᾱ_t taken as ∏_{s ≤ t+1} (1 − β_s) (β_T as β_{T−1}).</summary>
    private sealed class AlphaBarOneStepLow : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var product = 1.0;
            var alphaBar = schedule.Betas.Select(b => product *= 1 - b).ToArray();
            double Low(int i) => i + 1 < alphaBar.Length ? alphaBar[i + 1] : alphaBar[^1] * (1 - schedule.Betas[^1]);
            int n = t.Length;
            var zt = tensor(t.Select(i => Math.Sqrt(Low(i))).ToArray(), n, 1) * x0 + tensor(t.Select(i => Math.Sqrt(1 - Low(i))).ToArray(), n, 1) * epsilon;
            var tau = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), n, 1);
            return nn.functional.mse_loss(network.Forward(zt, tau), epsilon);
        }

        public TrainingSettings Settings() => _reference.Settings();
    }

    /// <summary>
    /// The reference's loss plus a term of value zero, q − q.detach(), whose gradient is 10⁻⁴ of the honest one's scale:
    /// <c>onParameters</c>, q pulls the network's parameters towards the batch (a side channel into parameters the formula
    /// does not move); otherwise q = Σε̂ (a gradient on the outputs).
    /// </summary>
    private sealed class ZeroValuedTerm(bool onParameters) : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            int n = t.Length;
            var zt = Noised(schedule, x0, t, epsilon);
            var hat = network.Forward(zt, tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), n, 1));
            var loss = nn.functional.mse_loss(hat, epsilon);
            Tensor q;
            if (onParameters)
            {
                var last = network.Parameters()[^1];
                var pull = last.reshape(-1) - x0.mean().detach();
                q = (pull * pull).sum() * 1e-4f;
            }
            else
            {
                q = hat.sum() * 1e-4f;
            }

            return loss + (q - q.detach());
        }

        public TrainingSettings Settings() => _reference.Settings();
    }

    /// <summary>Algorithm 1 with the raw code index t passed to the network instead of t/T.</summary>
    private sealed class TimeNotNormalised : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            int n = t.Length;
            var zt = Noised(schedule, x0, t, epsilon);
            var tau = tensor(t.Select(i => (float)i).ToArray(), n, 1);
            return nn.functional.mse_loss(network.Forward(zt, tau), epsilon);
        }

        public TrainingSettings Settings() => _reference.Settings();
    }

    private sealed class LearningRateOutOfBounds : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _reference.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon) => _reference.Loss(network, schedule, x0, t, epsilon);

        public TrainingSettings Settings() => new(0.5, 128);
    }
}
