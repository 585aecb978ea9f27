using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Contracts.OdeSde;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Reference.Flows.Handin;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 45, items 1 and 3: the training checks count the engine's backward passes a <c>Train</c> call makes
/// (<see cref="TrainingWork"/>; the INN check as a score), and a call with a budget of n steps must make n. No false
/// fail by construction: every training contract's Correct example and every reference trainer makes at least one pass
/// per step at small budgets (the same loop runs at the grading budget); a training that takes half its steps fails,
/// told the share, not the figures.
/// </summary>
public class TrainingWorkTests
{
    private const int Budget = 3;

    private static readonly NoiseSchedule Schedule = new(Enumerable.Range(0, 10).Select(i => 1e-4 + i * 2e-3).ToArray());

    public static IEnumerable<TestCaseData> Trainings()
    {
        foreach (var (family, contract) in new[] { ("Diffusion", typeof(IDiffusionTraining)), ("Diffusion", typeof(IMnistDdpm)), ("Flows", typeof(IInnTraining)), ("OdeSde", typeof(IOdeTraining)), ("OdeSde", typeof(ISdeTraining)) })
            yield return new TestCaseData(family, contract, null).SetName($"The Correct example's {contract.Name}.Train makes a backward pass per step");
        foreach (var reference in new object[] { new DtuDiffusionTraining(), new HeidelbergDiffusionTraining(), new ReferenceMnistDdpm(), new ReferenceInnTraining(), new ReferenceOdeTraining(), new ReferenceSdeTraining() })
            yield return new TestCaseData(null, null, reference).SetName($"The reference {reference.GetType().Name} makes a backward pass per step");
    }

    [TestCaseSource(nameof(Trainings))]
    public void A_correct_training_makes_a_backward_pass_per_step(string? family, Type? contract, object? reference)
    {
        var trainer = reference ?? Correct(family!, contract!);
        var call = new HandinCall("test.training", "sheet");
        var g = new Generator(7UL);
        Func<object> train = trainer switch
        {
            IMnistDdpm ddpm => () => ddpm.Train(torch.rand([16, 28, 28], g), Schedule, Budget, new Generator(1UL)),
            IDiffusionTraining diffusion => () => diffusion.Train(torch.randn([64, 2], g), Schedule, Budget, new Generator(1UL)),
            IInnTraining inn => () => inn.Train(torch.randn([256, 3], g), Budget, new Generator(1UL)),
            IOdeTraining ode => () => ode.Train(torch.randn([64, 1], g), Budget, new Generator(1UL)),
            ISdeTraining sde => () => sde.Train(torch.randn([64, 1], g), Budget, new Generator(1UL)),
            _ => throw new AssertionException($"{trainer.GetType().Name} is no training"),
        };
        call.Run("Train", train, out var trained, out var passes).Should().BeNull();
        trained.Should().NotBeNull();
        TestContext.Out.WriteLine($"{trainer.GetType().Name}: {passes} backward passes for {Budget} steps");
        passes.Should().BeGreaterThanOrEqualTo(Budget);
        TrainingWork.Run(call, "Train", train, Budget, out _).Should().BeNull();
    }

    [Test]
    public void A_training_that_takes_half_its_steps_fails_told_the_share_not_the_figures()
    {
        var call = new HandinCall("test.training", "sheet");
        var failed = TrainingWork.Run(call, "Train", () => HalfTheSteps(38), 38, out _);
        failed.Should().NotBeNull();
        failed!.Passed.Should().BeFalse();
        failed.Message.Should().Contain("50 %").And.NotContain("38").And.NotContain("19");
        failed.TutorDetail.Should().Contain("19 backward passes for a budget of 38 steps");
        TrainingWork.Run(call, "Train", () => HalfTheSteps(2 * 38), 38, out _).Should().BeNull("twice the passes (gradient accumulation) is no fewer");
    }

    /// <summary>A "training" of <paramref name="passes"/> backward passes of a small loss.</summary>
    private static int HalfTheSteps(int steps)
    {
        var w = torch.ones(2, 1).requires_grad_();
        for (int i = 0; i < steps / 2; i++) torch.ones(4, 2).matmul(w).sum().backward();
        return steps / 2;
    }

    private static object Correct(string family, Type contract)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(dir!.FullName, "Submissions", "Examples", family, "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!).Resolve(contract)!;
    }
}
