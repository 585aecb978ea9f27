using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// Issue 79 item 1 for sheet 003's ODE: the grader's loss (<see cref="OdeGraderLoss"/>, on the grader's side of the
/// channel; <see cref="OdeGraderTraining.GraderGradient"/> in the loop) is the sheet's formula in value and gradient, every
/// Adam step uses it and never the hand-in's loss, and the gradient side channel
/// (Submissions/Examples/OdeSde/Cheats/ode-training-gradient-side-channel) that Adam used to amplify moves nothing. Its
/// loss of the whole check: one seed in CI (<c>CheatHandinsTests</c>), 20 by hand (<c>OdeSdeTrainingCheatsSeedsTests</c>).
/// </summary>
public sealed class OdeGraderLossTests
{
    /// <summary>
    /// The bound on ‖g_grader − g_autograd‖/‖g_autograd‖ at the same parameters and batch: both are the same formula's
    /// gradient, the grader's carried in double from the drift's float32 values (f, ∂f/∂x, ∂²f/∂x² of 99 calls), the
    /// hand-in's float32 autograd through the 99 Euler steps. Each of the 99 steps rounds the state, the trace and the
    /// adjoint once or twice (u = 2⁻²⁴ relative), amplified along the path by at most e^Λ (Λ = ∫|∂f/∂x| dt ≈ 1 at
    /// initialisation): 99·4·u·e ≈ 6e-5; 1e-3 allows 15 times that. A formula error (the trace's sign, a factor) is a gap of order 1.
    /// </summary>
    private const double GradientBound = 1e-3;

    private static Tensor Batch(int seed) => OdeGraderTrainingTestsData(seed).narrow(0, 0, 125).contiguous();

    private static Tensor OdeGraderTrainingTestsData(int seed)
    {
        var law = LopsidedMixture.Draw(new Generator((ulong)(500 + seed)));
        return law.Set.Generate(1000, new Generator((ulong)(1000 + seed))).Data;
    }

    private static float[] Flat(IEnumerable<Tensor> tensors) => [.. tensors.SelectMany(t => t.detach().contiguous().ToArray())];

    private static double RelativeGap(float[] a, float[] b) =>
        Math.Sqrt(a.Zip(b).Sum(p => ((double)p.First - p.Second) * (p.First - p.Second))) / Math.Sqrt(b.Sum(v => (double)v * v));

    /// <summary>The hand-in's loss (Correct style, or its trace-sign mutant) and its autograd gradient, then the grader's gradient, on the same drift and batch.</summary>
    private static (double HandinValue, double GraderValue, float[] Handin, float[] Grader) Both(OdeGraderTrainingTests.CorrectStyleParts parts, int seed)
    {
        var drift = parts.Model(new Generator((ulong)(2000 + seed)));
        var parameters = drift.Parameters().ToList();
        var y = Batch(seed);
        double handinValue;
        using (enable_grad())
        {
            var loss = parts.Loss(drift, y.clone());
            handinValue = loss.item();
            loss.backward();
        }

        var handin = Flat(parameters.Select(p => p.grad ?? zeros_like(p)));
        var graderLoss = new OdeGraderLoss();
        OdeGraderTraining.GraderGradient(drift, parameters, y, graderLoss).Should().BeNull();
        return (handinValue, graderLoss.LastValue, handin, Flat(parameters.Select(p => p.grad ?? zeros_like(p))));
    }

    [TestCase(0)]
    [TestCase(1)]
    public void The_grader_s_gradient_is_the_formula_s_gradient(int seed)
    {
        var (handinValue, graderValue, handin, grader) = Both(new OdeGraderTrainingTests.CorrectStyleParts(), seed);
        var gap = RelativeGap(grader, handin);
        TestContext.Out.WriteLine($"seed {seed}: loss {handinValue:G7} (hand-in) vs {graderValue:G7} (grader); gradient gap {gap:G3} of its norm (bound {GradientBound})");
        Math.Abs(graderValue - handinValue).Should().BeLessThan(1e-4 * Math.Max(1, Math.Abs(graderValue)));
        gap.Should().BeLessThan(GradientBound);

        // The comparison can fail: the trace's sign flipped is another formula's gradient.
        var (_, _, flipped, _) = Both(new OdeGraderTrainingTests.TraceSign(), seed);
        RelativeGap(flipped, grader).Should().BeGreaterThan(10 * GradientBound, "the trace term is about 3 % of the gradient at initialisation");
    }

    /// <summary>
    /// No optimiser step uses the hand-in's loss: a loss divided by 4, one whose gradient is thrown away on three passes
    /// in four, and the correct one give bit for bit the same trained values on the same generators (one process, the
    /// same operations in the same order); the hand-in's loss is only recorded (and graded by the replay).
    /// </summary>
    [Test]
    public void The_hand_in_s_loss_never_steps_the_optimiser()
    {
        var data = OdeGraderTrainingTestsData(0);
        float[] Trained(Func<IOdeTrainingParts> parts)
        {
            var outcome = OdeGraderTraining.Run(parts(), parts, data, 3, new Generator(2000UL), new Generator(3000UL), new OdeGraderLoss());
            outcome.FailedPart.Should().BeNull(outcome.Reason);
            return Flat(outcome.Values);
        }

        var correct = Trained(() => new OdeGraderTrainingTests.CorrectStyleParts());
        Trained(() => new OdeGraderTrainingTests.ScaledLoss()).Should().Equal(correct);
        Trained(() => new OdeGraderTrainingTests.GradientOnOneInFour()).Should().Equal(correct);
        Trained(() => new OdeGraderTrainingTests.TraceSign()).Should().Equal(correct);
    }

    /// <summary>The grader's side refuses a batch larger than the loop allows (the host's arguments are the hand-in's side: 99 rows of B would be the grader's memory), and a call it did not ask for.</summary>
    [Test]
    public void The_grader_s_side_bounds_what_the_host_sends()
    {
        var loss = new OdeGraderLoss();
        FluentActions.Invoking(() => loss.Begin(zeros(OdeGraderTraining.BatchSizes.Max + 1, 1))).Should().Throw<ArgumentException>().WithMessage("*1 ≤ B ≤ 250*");
        loss.Begin(zeros(3, 1)).shape.Should().Equal(3, 2);
        FluentActions.Invoking(() => loss.Next(zeros(4, 3))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => loss.Upstream()).Should().Throw<InvalidOperationException>();
    }

    /// <summary>A drift whose Forward carries no graph (the old examples' no_grad) cannot be trained by the grader's loss, charged to the model.</summary>
    [Test]
    public void A_forward_without_a_graph_is_charged_to_the_model()
    {
        Func<IOdeTrainingParts> parts = () => new DetachedForward();
        var outcome = OdeGraderTraining.Run(parts(), parts, OdeGraderTrainingTestsData(0), 2, new Generator(2000UL), new Generator(3000UL), new OdeGraderLoss());
        outcome.FailedPart.Should().Be("model");
        outcome.Reason.Should().Contain("a tensor without a graph");
    }

    private static IOdeTrainingParts SideChannel() => (IOdeTrainingParts)Activator.CreateInstance(SideChannelType.Value)!;

    private static readonly Lazy<Type> SideChannelType = new(() =>
    {
        var family = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde");
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Cheats", "ode-training-gradient-side-channel")));
        return new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary())).Resolve(typeof(IOdeTrainingParts))!.GetType();
    });

    /// <summary>
    /// The side channel: stepping Adam on the hand-in's loss (the loop before issue 79, rebuilt here for 4 steps on the
    /// same batches) moves the histogram heights the formula never reaches by about the learning rate a step; the grader's
    /// loop leaves them bit for bit at their initial values.
    /// </summary>
    [Test]
    public void The_side_channel_moves_the_histogram_only_when_the_hand_in_s_loss_steps()
    {
        const int steps = 4;
        var data = OdeGraderTrainingTestsData(0);
        var outcome = OdeGraderTraining.Run(SideChannel(), SideChannel, data, steps, new Generator(2000UL), new Generator(3000UL), new OdeGraderLoss());
        outcome.FailedPart.Should().BeNull(outcome.Reason);
        var initial = SideChannel().Model(new Generator(2000UL)).Parameters()[0].detach().contiguous().ToArray();
        outcome.Values[0].contiguous().ToArray().Should().Equal(initial, "the grader's loss never reaches the heights");

        var parts = SideChannel();
        var drift = parts.Model(new Generator(2000UL));
        var optimizer = optim.Adam([.. drift.Parameters()], lr: parts.Settings().LearningRate);
        var rows = OdeGraderTraining.BatchRows(data.size(0), parts.Settings().BatchSize, steps, new Generator(3000UL));
        using (enable_grad())
            for (var step = 0; step < steps; step++)
            {
                optimizer.zero_grad();
                parts.Loss(drift, data.index_select(0, rows[step])).backward();
                optimizer.step();
            }

        var moved = drift.Parameters()[0].detach().contiguous().ToArray().Max();
        TestContext.Out.WriteLine($"the hand-in's loss stepping: largest height {moved:G4} after {steps} steps (initial 1e-3); the grader's: unchanged");
        moved.Should().BeGreaterThan(1e-3f + 0.5f * steps * (float)parts.Settings().LearningRate);
    }

    /// <summary>The Correct style with the old examples' detached Forward.</summary>
    private sealed class DetachedForward : OdeGraderTrainingTests.CorrectStyleParts
    {
        public override ITrainableDrift Model(Generator generator) => new NoGraph(generator);

        private sealed class NoGraph(Generator generator) : OdeGraderTrainingTests.Drift(generator), ITrainableDrift
        {
            Tensor IDifferentiableNetwork.Forward(Tensor x, Tensor t)
            {
                using var _ = no_grad();
                return Value(x, t);
            }
        }
    }
}
