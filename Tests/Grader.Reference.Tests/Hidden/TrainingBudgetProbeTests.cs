using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Hidden;

public sealed class TrainingBudgetProbeTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);

    private static (string Student, string Tutor)? Probe(IDiffusionTraining training) =>
        TrainingBudgetProbe.Diagnose(new HandinCall("probe", "sheet"), training,
            DtuToyData.TrainingData(DtuToyData.TwoGaussians(), TrainingBudgetProbe.Points, new Generator(3)), Schedule, () => new Generator(4), new Generator(5));

    [Test]
    public void A_training_that_takes_its_budget_is_not_named() =>
        Probe(ReferenceTraining.Dtu).Should().BeNull();

    [Test]
    public void A_tenth_of_the_budget_is_named()
    {
        var named = Probe(new Budget(ReferenceTraining.Dtu, steps => steps / 10));
        TestContext.Out.WriteLine(named);
        named.Should().NotBeNull();
        named!.Value.Student.Should().StartWith("Your training takes fewer optimiser steps than its budget")
            .And.NotContainAny("20", "18", "steps =");
        named.Value.Tutor.Should().Contain("the same network for 18 of the 20 increases by one step (e.g. steps = 1 and 2)");
    }

    [Test]
    public void A_loop_that_stops_one_step_early_is_named()
    {
        var named = Probe(new Budget(ReferenceTraining.Dtu, steps => Math.Max(0, steps - 1)));
        TestContext.Out.WriteLine(named);
        named.Should().NotBeNull();
        named!.Value.Student.Should().StartWith("Your training takes fewer optimiser steps than its budget");
        named.Value.Tutor.Should().Contain("the same network for 1 of the 20 increases by one step (e.g. steps = 0 and 1)");
    }

    /// <summary>A trainer that takes <c>steps(budget)</c> optimiser steps.</summary>
    private sealed class Budget(IDiffusionTraining inner, Func<int, int> steps) : IDiffusionTraining
    {
        public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int budget, Generator generator) => inner.Train(data, schedule, steps(budget), generator);
    }
}
