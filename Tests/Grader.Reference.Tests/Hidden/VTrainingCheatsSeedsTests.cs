using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 79's proof for the V: the two cheats written against a loop that stepped on the hand-in's gradient
/// (<c>Submissions/Examples/Diffusion/Cheats/v-training-gradient-side-channel</c>, a zero-valued term whose gradient
/// writes a data summary into parameters the formula does not move; <c>v-training-checked-step-recogniser</c>, a network
/// that tells the checked steps from the others by the call pattern and opens a side channel on the others) lose the V
/// check, and the reason is the construction, not a tolerance: the grader's loss drives every step, the hand-in's loss
/// meets only the grader's stand-in network, and every training call is the same.
/// <list type="bullet">
/// <item>The side channel fails the loss part before any step: its term has a gradient with respect to the network's
/// parameters that does not pass through ε̂, charged to the loss. And were its loss honest, the memory and the gate
/// would keep their initial values: the grader's loss never moves them (always on, 30 steps).</item>
/// <item>The recogniser's loss is honest on the grader's stand-in (it is not its network), so it passes the loss part;
/// in training it is never called, the switch never opens, the memory and the gate keep their initial values (always on,
/// 30 steps), and the trained model is its linear layer, whose samples are not on the V: the check's quality fails.</item>
/// </list>
/// <c>CheatHandinsTests</c> grades both in the tutor's run on one seed in every run; the [Explicit] sweep here takes 20.
/// </summary>
public sealed class VTrainingCheatsSeedsTests
{
    private static readonly HeidelbergVTrainingQuality Check = new();

    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(250, 1e-4, 0.02).Beta);

    private static HandinInstance Compile(string slug) => TrainingCheatsSweep.Compile(slug);

    private static IDiffusionTrainingParts Parts(HandinInstance handin) => (IDiffusionTrainingParts)handin.CreateFresh(typeof(IDiffusionTrainingParts))!;

    [TestCase("v-training-gradient-side-channel", "gradient with respect to the network's parameters")]
    [TestCase("v-training-checked-step-recogniser", "too far from the V")]
    [TestCase("v-sampling-batch-size-keyed", "not the same in sampling as in training")]
    [TestCase("v-sampling-buffer-counter", "pure function of its parameters")]
    [TestCase("v-training-alias-memory", "function changed during training")]
    [TestCase("v-training-gradient-written-after-loss", "was written in place")]
    [Explicit("20 seeds a cheat of the V: the side channel and the in-place write fail before or on the first step (≈ 0.1 s a seed), the others train (a V check each)")]
    public void The_cheat_loses_the_V_check_on_every_seed(string slug, string says)
    {
        var outcomes = TrainingCheatsSweep.Outcomes(TrainingCheatsSweep.Source(slug), slug, Check.Id, context =>
        {
            var (result, runs) = Check.Decide(context);
            return (result, runs.Count, runs.Count > 0 ? runs[0].Values : []);
        });
        foreach (var o in outcomes.Take(1)) TestContext.Out.WriteLine($"{slug}, seed {o.Seed}: {o.Message}");
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the V check on every seed");
        outcomes.Should().OnlyContain(o => o.Message.Contains(says, StringComparison.Ordinal));
    }

    /// <summary>The side channel's loss fails the loss part on the first replayed batch, charged to the loss, before any training step.</summary>
    [Test]
    public void The_side_channel_fails_the_loss_part_before_training()
    {
        var handin = Compile("v-training-gradient-side-channel");
        var data = HeidelbergToyData.V(new Generator(1UL)).Data;
        var (trained, failure) = GraderTraining.Run(Parts(handin), () => Parts(handin), data, Schedule, 4000, new Generator(2UL), new Generator(3UL));
        trained.Should().BeNull();
        failure!.Part.Should().Be(GraderTraining.Part.Loss);
        failure.Message.Should().Contain("gradient with respect to the network's parameters (parameter 0 of Parameters())");
    }

    /// <summary>
    /// Closed by construction: the side channel's model with an honest loss (the reference's), and the recogniser's parts
    /// as they are, trained 30 steps by the grader's loop: the memory and the gate (parameters 0 and 1) keep their initial
    /// values bit for bit, because the grader's loss is the only gradient and neither reaches them, and no call pattern
    /// differs between steps.
    /// </summary>
    [TestCase("v-training-gradient-side-channel", true)]
    [TestCase("v-training-checked-step-recogniser", false)]
    public void The_grader_loss_never_moves_the_memory_or_the_gate(string slug, bool honestLoss)
    {
        var handin = Compile(slug);
        Func<IDiffusionTrainingParts> parts = honestLoss ? () => new HonestLoss(Parts(handin)) : () => Parts(handin);
        var data = HeidelbergToyData.V(new Generator(1UL)).Data;
        var initial = ((ITrainableEpsilonNetwork)parts().Model(2, Schedule.T, new Generator(2UL))).Parameters().Select(p => p.detach().ToArray()).ToList();
        var (trained, failure) = GraderTraining.Run(parts(), parts, data, Schedule, 30, new Generator(2UL), new Generator(3UL));
        failure.Should().BeNull();
        var values = trained!.Network.Parameters().Select(p => p.detach().ToArray()).ToList();
        values[0].Should().Equal(initial[0], "the memory is moved by nothing the grader's loss computes");
        values[1].Should().Equal(initial[1], "the gate stays closed");
        values.Skip(2).Zip(initial.Skip(2)).Should().Contain(p => !p.First.SequenceEqual(p.Second), "the honest part of the network trains");
    }

    /// <summary>A hand-in's parts with the reference's loss in place of its own.</summary>
    private sealed class HonestLoss(IDiffusionTrainingParts inner) : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _reference = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => inner.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon) => _reference.Loss(network, schedule, x0, t, epsilon);

        public TrainingSettings Settings() => inner.Settings();
    }
}
