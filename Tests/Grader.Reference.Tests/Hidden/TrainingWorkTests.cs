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
/// told the share, not the figures. The passes are counted by their work against the call's largest
/// (<see cref="BackwardWork.Steps"/>): a training that fills its count with passes on one row, or on a tensor built from a
/// weight, fails; gradient accumulation, epochs with a smaller last batch and extra passes keep it.
/// </summary>
public class TrainingWorkTests
{
    private const int Budget = 3;

    private static readonly NoiseSchedule Schedule = new(Enumerable.Range(0, 10).Select(i => 1e-4 + i * 2e-3).ToArray());

    public static IEnumerable<TestCaseData> Trainings()
    {
        foreach (var (family, contract) in new[] { ("Diffusion", typeof(IDiffusionTraining)), ("Diffusion", typeof(IMnistDdpm)), ("OdeSde", typeof(IOdeTraining)) })
            yield return new TestCaseData(family, contract, null).SetName($"The Correct example's {contract.Name}.Train makes a backward pass per step");
        foreach (var reference in new object[] { new DtuDiffusionTraining(), new HeidelbergDiffusionTraining(), new ReferenceMnistDdpm(), new ReferenceOdeTraining() })
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
            IOdeTraining ode => () => ode.Train(torch.randn([64, 1], g), Budget, new Generator(1UL)),
            _ => throw new AssertionException($"{trainer.GetType().Name} is no training"),
        };
        call.Run("Train", train, out var trained, out BackwardWork passes).Should().BeNull();
        trained.Should().NotBeNull();
        TestContext.Out.WriteLine($"{trainer.GetType().Name}: {passes.Passes} backward passes for {Budget} steps, {passes.Steps:F2} steps by their work ({passes.Work} multiply-adds, the largest pass {passes.Largest})");
        passes.Passes.Should().BeGreaterThanOrEqualTo(Budget);
        passes.Largest.Should().BePositive("every training's network has matrix products, and their backward is the pass's work");
        passes.Steps.Should().BeGreaterThanOrEqualTo(Budget, "every step is a pass on a batch of the same size");
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

    [Test]
    public void A_training_that_fills_its_count_with_passes_on_one_row_fails()
    {
        var call = new HandinCall("test.training", "sheet");
        var failed = TrainingWork.Run(call, "Train", () => Steps(38, rows: 64, steps: 38 / 5, oneRowPasses: 38 - 38 / 5), 38, out _);
        failed.Should().NotBeNull("a fifth of the budget in steps on 64 rows and the rest on one row is a fifth of the work");
        failed!.Message.Should().Contain("by its work").And.NotContain("38");
        failed.TutorDetail.Should().Contain("38 backward passes for a budget of 38 steps");
        TrainingWork.Run(call, "Train", () => Steps(38, rows: 64, steps: 38 / 5, weightPasses: 38 - 38 / 5), 38, out _)
            .Should().NotBeNull("passes of a one-element tensor built from a weight do no product at all");
    }

    [Test]
    public void Legitimate_batchings_keep_the_count()
    {
        var call = new HandinCall("test.training", "sheet");
        TrainingWork.Run(call, "Train", () => Steps(38, rows: 64, steps: 38), 38, out _).Should().BeNull("every step on the same batch size");
        TrainingWork.Run(call, "Train", () => Steps(38, rows: 32, steps: 2 * 38), 38, out _).Should().BeNull("gradient accumulation: two passes of half the batch a step");
        TrainingWork.Run(call, "Train", () => Epochs(38, data: 100, batch: 99), 38, out _).Should().BeNull("epochs of 100 rows in batches of 99: every other step on one row");
        TrainingWork.Run(call, "Train", () => Epochs(38, data: 100, batch: 7), 38, out _).Should().BeNull("epochs of 100 rows in batches of 7, the last of 2 rows");
        TrainingWork.Run(call, "Train", () => Steps(38, rows: 64, steps: 38, oneRowPasses: 5), 38, out _).Should().BeNull("passes beyond the budget only add");
        TrainingWork.Run(call, "Train", () => Steps(38, rows: 64, steps: 38 - 1), 38, out _).Should().NotBeNull("one step fewer than the budget is still too few");
    }

    /// <summary>
    /// <paramref name="steps"/> backward passes of a linear layer's loss on <paramref name="rows"/> rows, then
    /// <paramref name="oneRowPasses"/> on one row and <paramref name="weightPasses"/> of a one-element tensor built from the weight.
    /// </summary>
    private static int Steps(int budget, int rows, int steps, int oneRowPasses = 0, int weightPasses = 0)
    {
        var w = torch.ones(8, 16).requires_grad_();
        var data = torch.ones(rows, 8);
        for (int i = 0; i < steps; i++) data.matmul(w).sum().backward();
        for (int i = 0; i < oneRowPasses; i++) data.narrow(0, 0, 1).matmul(w).sum().backward();
        for (int i = 0; i < weightPasses; i++) (w.reshape(-1).narrow(0, 0, 1) * 0f).sum().backward();
        return budget;
    }

    /// <summary><paramref name="budget"/> passes through epochs of <paramref name="data"/> rows cut into consecutive batches of <paramref name="batch"/> rows.</summary>
    private static int Epochs(int budget, int data, int batch)
    {
        var w = torch.ones(8, 16).requires_grad_();
        var x = torch.ones(data, 8);
        int start = 0;
        for (int i = 0; i < budget; i++)
        {
            int take = Math.Min(batch, data - start);
            x.narrow(0, start, take).matmul(w).sum().backward();
            start = start + take == data ? 0 : start + take;
        }
        return budget;
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
