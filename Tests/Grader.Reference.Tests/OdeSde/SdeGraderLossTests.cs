using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// Issue 79 item 1 for sheet 003's SDE: the grader's loss (<see cref="SdeGraderLoss"/>, on the grader's side of the
/// channel; <see cref="SdeGraderTraining.GraderGradient"/> in the loop) is the sheet's negative ELBO in value and gradient,
/// every Adam step uses it and never the hand-in's loss, and the gradient side channel
/// (Submissions/Examples/OdeSde/Cheats/sde-training-gradient-side-channel) that Adam used to amplify moves nothing.
/// </summary>
public sealed class SdeGraderLossTests
{
    /// <summary>
    /// The bound on ‖g_grader − g_autograd‖/‖g_autograd‖ at the same parameters, batch and draws: both are the same
    /// formula's gradient through the same networks' float32 graphs; they differ in how the upstream gradients of the
    /// ≈ 30 operations a row are combined (the grader's in double, rounded once to float32; the hand-in's float32 autograd,
    /// each operation rounding by u = 2⁻²⁴ relative) and in the order the contributions of 125 rows and 8 outputs are
    /// summed: ≈ 30·u·C with C = Σ|contributions|/|sum| the cancellation (≤ 10² at initialisation), ≈ 2e-4 worst case;
    /// 1e-3 allows 5 times that. A formula error (the KL's sign) is a gap of order 1.
    /// </summary>
    private const double GradientBound = 1e-3;

    private static float[] Flat(IEnumerable<Tensor> tensors) => [.. tensors.SelectMany(t => t.detach().contiguous().ToArray())];

    private static double RelativeGap(float[] a, float[] b) =>
        Math.Sqrt(a.Zip(b).Sum(p => ((double)p.First - p.Second) * (p.First - p.Second))) / Math.Sqrt(b.Sum(v => (double)v * v));

    /// <summary>The hand-in's loss and its autograd gradient, then the grader's gradient, on the same model, batch and draws.</summary>
    private static (double HandinValue, double GraderValue, float[] Handin, float[] Grader) Both(ISdeTrainingParts parts, int seed)
    {
        var model = parts.Model(new Generator((ulong)(2000 + seed)));
        var parameters = model.Parameters().ToList();
        var y = SdeGraderTrainingTests.Data(seed).narrow(0, 0, 125).contiguous();
        var noiseSeed = (ulong)(9000 + seed);
        double handinValue;
        using (enable_grad())
        {
            var loss = parts.Loss(model, y.clone(), new KeyedElboNoise(noiseSeed));
            handinValue = loss.item();
            loss.backward();
        }

        var handin = Flat(parameters.Select(p => p.grad ?? zeros_like(p)));
        var graderLoss = new SdeGraderLoss();
        SdeGraderTraining.GraderGradient(model, parameters, y, SdeGraderTraining.Draws(noiseSeed, y.size(0)), graderLoss).Should().BeNull();
        return (handinValue, graderLoss.LastValue, handin, Flat(parameters.Select(p => p.grad ?? zeros_like(p))));
    }

    private static readonly Lazy<Func<ISdeTrainingParts>> Correct = new(() => SdeGraderTrainingTests.Example("Correct"));

    private static Func<ISdeTrainingParts> Mutant(string slug) => SdeGraderTrainingTests.Example(Path.Combine("Mutants", slug));

    [TestCase(0)]
    [TestCase(1)]
    public void The_grader_s_gradient_is_the_formula_s_gradient(int seed)
    {
        foreach (var (name, parts) in new[] { ("Correct", Correct.Value()), ("reference", (ISdeTrainingParts)new ReferenceSdeTrainingParts()) })
        {
            var (handinValue, graderValue, handin, grader) = Both(parts, seed);
            var gap = RelativeGap(grader, handin);
            TestContext.Out.WriteLine($"{name}, seed {seed}: loss {handinValue:G7} (hand-in) vs {graderValue:G7} (grader); gradient gap {gap:G3} of its norm (bound {GradientBound})");
            Math.Abs(graderValue - handinValue).Should().BeLessThan(1e-4 * Math.Max(1, Math.Abs(graderValue)), name);
            gap.Should().BeLessThan(GradientBound, name);
        }

        // The comparison can fail: the KL term's sign flipped is another formula's gradient (0.019 and 0.0065 of the norm on
        // seeds 0 and 1: the KL term is a small share of the gradient at initialisation, still 6 to 19 times the bound).
        var (_, _, flipped, exact) = Both(Mutant("sde-training-parts-kl-sign")(), seed);
        var mutantGap = RelativeGap(flipped, exact);
        TestContext.Out.WriteLine($"kl-sign, seed {seed}: gradient gap {mutantGap:G3}");
        mutantGap.Should().BeGreaterThan(3 * GradientBound);
    }

    /// <summary>
    /// No optimiser step uses the hand-in's loss: the Correct example's loss, its loss divided by 4 and its KL-sign
    /// mutant's (the same model code) give bit for bit the same trained values on the same generators (one process, the
    /// same operations in the same order); the hand-in's loss is only recorded (and graded by the replay).
    /// </summary>
    [Test]
    public void The_hand_in_s_loss_never_steps_the_optimiser()
    {
        var data = SdeGraderTrainingTests.Data(0);
        float[] Trained(Func<ISdeTrainingParts> parts)
        {
            var outcome = SdeGraderTraining.Run(parts(), parts, data, 3, new Generator(2000UL), new Generator(3000UL), new SdeGraderLoss());
            outcome.FailedPart.Should().BeNull(outcome.Reason);
            return Flat(outcome.Values);
        }

        var correct = Trained(Correct.Value);
        Trained(Mutant("sde-training-parts-loss-quartered")).Should().Equal(correct);
        Trained(Mutant("sde-training-parts-kl-sign")).Should().Equal(correct);
        var initial = Flat(Correct.Value().Model(new Generator(2000UL)).Parameters());
        correct.Should().NotEqual(initial, "the grader's loss trains");
    }

    /// <summary>The grader's side refuses a batch larger than the loop allows and calls out of order (the host's arguments are the hand-in's side).</summary>
    [Test]
    public void The_grader_s_side_bounds_what_the_host_sends()
    {
        var loss = new SdeGraderLoss();
        FluentActions.Invoking(() => loss.Begin(zeros(SdeGraderTraining.BatchSizes.Max + 1, 1), zeros(SdeGraderTraining.BatchSizes.Max + 1, 4), ones(1)))
            .Should().Throw<ArgumentException>().WithMessage("*1 ≤ B ≤ 250*");
        FluentActions.Invoking(() => loss.Begin(zeros(3, 1), zeros(3, 3), ones(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => loss.Upstream(zeros(3, 5))).Should().Throw<ArgumentException>();
        loss.Begin(zeros(3, 1), zeros(3, 4), ones(1)).shape.Should().Equal(9, 2);
        FluentActions.Invoking(() => loss.Next(zeros(3, 4))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => loss.Upstream(zeros(3, 5))).Should().Throw<ArgumentException>("Upstream before Next");
    }

    /// <summary>A model whose networks' Forward carries no graph (the old examples' no_grad) cannot be trained by the grader's loss, charged to the model.</summary>
    [Test]
    public void A_forward_without_a_graph_is_charged_to_the_model()
    {
        Func<ISdeTrainingParts> parts = () => new DetachedForward();
        var outcome = SdeGraderTraining.Run(parts(), parts, SdeGraderTrainingTests.Data(0), 2, new Generator(2000UL), new Generator(3000UL), new SdeGraderLoss());
        outcome.FailedPart.Should().Be("model");
        outcome.Reason.Should().Contain("a tensor without a graph");
    }

    private static readonly Lazy<Func<ISdeTrainingParts>> SideChannel = new(() =>
    {
        var family = Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Cheats", "sde-training-gradient-side-channel")));
        var handin = new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary()));
        return () => (ISdeTrainingParts)handin.CreateFresh(typeof(ISdeTrainingParts))!;
    });

    /// <summary>
    /// The side channel (Submissions/Examples/OdeSde/Cheats/sde-training-gradient-side-channel): stepping Adam on the
    /// hand-in's loss (the loop before issue 79, rebuilt here for 6 steps on the same batches and draws) moves the
    /// histogram logits and the gate the formula never reaches by about the learning rate a step; the grader's loop
    /// leaves them bit for bit at zero (their initial values, which weight decay keeps).
    /// </summary>
    [Test]
    public void The_side_channel_moves_the_gate_only_when_the_hand_in_s_loss_steps()
    {
        const int steps = 6;
        var data = SdeGraderTrainingTests.Data(0);
        var outcome = SdeGraderTraining.Run(SideChannel.Value(), SideChannel.Value, data, steps, new Generator(2000UL), new Generator(3000UL), new SdeGraderLoss());
        outcome.FailedPart.Should().BeNull(outcome.Reason);
        // Parameters in declaration order: log b, c, ρ, the 54 logits, the gate.
        outcome.Values[3].contiguous().ToArray().Should().OnlyContain(v => v == 0f, "the grader's loss never reaches the logits");
        outcome.Values[4].contiguous().ToArray().Should().Equal([0f], "nor the gate");

        var parts = SideChannel.Value();
        var model = parts.Model(new Generator(2000UL));
        var optimizer = optim.Adam([.. model.Parameters()], lr: parts.Settings().LearningRate, weight_decay: SdeGraderTraining.WeightDecay);
        var (_, noiseSeeds, rows) = SdeGraderTraining.Plan(data.size(0), parts.Settings().BatchSize, steps, new Generator(3000UL));
        using (enable_grad())
            for (var step = 0; step < steps; step++)
            {
                optimizer.zero_grad();
                parts.Loss(model, data.index_select(0, rows[step]), new KeyedElboNoise(noiseSeeds[step])).backward();
                optimizer.step();
            }

        var gate = model.Parameters()[4].detach().contiguous().ToArray()[0];
        TestContext.Out.WriteLine($"the hand-in's loss stepping: gate {gate:G4} after {steps} steps (initial 0); the grader's: unchanged");
        gate.Should().BeGreaterThan(0.5f * steps * (float)parts.Settings().LearningRate);
    }

    /// <summary>The reference's parts with α's Forward under no_grad.</summary>
    private sealed class DetachedForward : ISdeTrainingParts
    {
        private readonly ReferenceSdeTrainingParts _inner = new();

        public ITrainableSdeModel Model(Generator generator) => new NoGraph(_inner.Model(generator));

        public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise) => _inner.Loss(((NoGraph)model).Inner, y, noise);

        public TrainingSettings Settings() => _inner.Settings();

        private sealed class NoGraph(ITrainableSdeModel inner) : ITrainableSdeModel
        {
            public ITrainableSdeModel Inner => inner;

            public IReadOnlyList<Tensor> Parameters() => inner.Parameters();

            public Tensor LikelihoodBeta() => inner.LikelihoodBeta();

            public IDifferentiableNetwork Drift => inner.Drift;

            public IDifferentiableNetwork Diffusion => inner.Diffusion;

            public IDifferentiableNetwork Alpha => new Detached(inner.Alpha);

            public IDifferentiableNetwork Beta => inner.Beta;

            public double LikelihoodStd => inner.LikelihoodStd;
        }

        private sealed class Detached(IDifferentiableNetwork inner) : IDifferentiableNetwork
        {
            public Tensor Forward(Tensor x, Tensor t)
            {
                using var _ = no_grad();
                return inner.Forward(x, t);
            }

            public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

            public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
        }
    }
}
