using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 79's proof for the DTU's toy data (004 3.4): two cheats written against the loop that stepped on the hand-in's
/// <c>NegativeElbo</c> (<c>Submissions/Examples/Diffusion/Cheats/toy-data-training-gradient-side-channel</c>: the exact
/// value plus a zero-valued term on a probe call whose gradient, ≈ 10⁻⁴ of the honest one's, pulls a memory parameter
/// towards the data; <c>toy-data-training-loss-writes-network</c>: the exact value, then a probe call that writes the
/// batch into a memory parameter) lose the toy-data check, by construction:
/// <list type="bullet">
/// <item><c>NegativeElbo</c> meets only the grader's stand-in network, in the loss part before any training step; the
/// probe is a call beyond the batch's rows there, so the loss part fails, charged to the loss (always on, one seed).</item>
/// <item>Were their loss honest, the grader's loss would never move the memory: it stays bit for bit at its initial
/// values after training (always on, 30 steps).</item>
/// </list>
/// <c>CheatHandinsTests</c> grades both in the tutor's run on one seed; the [Explicit] sweep here takes 20.
/// </summary>
public sealed class DtuTrainingCheatsSeedsTests
{
    private static readonly DtuToyDataTrainingQuality Check = new();

    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);

    private const string SideChannel = "toy-data-training-gradient-side-channel";

    private const string WritesNetwork = "toy-data-training-loss-writes-network";

    private static HandinInstance Compile(string slug) => TrainingCheatsSweep.Compile(slug);

    private static IDtuTrainingParts Parts(HandinInstance handin) => (IDtuTrainingParts)handin.CreateFresh(typeof(IDtuTrainingParts))!;

    private static Tensor Data => DtuToyData.TrainingData(DtuToyData.TwoGaussians(), 4000, new Generator(1UL));

    [TestCase(SideChannel)]
    [TestCase(WritesNetwork)]
    [Explicit("20 seeds × 2 cheats of the toy data: each fails the loss part before any training step (≈ 0.1 s a seed)")]
    public void The_cheat_loses_the_toy_data_check_on_every_seed(string slug)
    {
        var outcomes = TrainingCheatsSweep.Outcomes(TrainingCheatsSweep.Source(slug), slug, Check.Id, context =>
        {
            var (result, runs) = Check.Decide(context);
            return (result, runs.Count, []);
        });
        foreach (var o in outcomes.Take(1)) TestContext.Out.WriteLine($"{slug}, seed {o.Seed}: {o.Message}");
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the toy-data check on every seed");
        outcomes.Should().OnlyContain(o => o.Message.Contains("more rows in all than the batch has", StringComparison.Ordinal));
    }

    /// <summary>Each cheat's NegativeElbo fails the loss part on the first replayed batch, charged to the loss, before any training step.</summary>
    [TestCase(SideChannel)]
    [TestCase(WritesNetwork)]
    public void The_cheat_fails_the_loss_part_before_training(string slug)
    {
        var handin = Compile(slug);
        var outcome = DtuTrainingRun.InProcess(Parts(handin), (IDtuDdpm)handin.CreateFresh(typeof(IDtuDdpm))!)
            .Train(Data, Schedule, 4000, new Generator(2UL), new Generator(3UL));
        outcome.FailedPart.Should().Be("loss");
        outcome.Reason.Should().Contain("called network.Forward on more rows in all than the batch has");
    }

    /// <summary>
    /// Closed by construction: each cheat's network with an honest NegativeElbo (the reference's), trained 30 steps by the
    /// grader's loop: the memory (the parameter of the memory's shape) keeps its initial values bit for bit, because the
    /// grader's loss is the only gradient and no call into the loss or a probe happens in training; the rest trains.
    /// </summary>
    [TestCase(SideChannel)]
    [TestCase(WritesNetwork)]
    public void The_grader_loss_never_moves_the_memory(string slug)
    {
        var handin = Compile(slug);
        var initial = Parts(handin).Model(2, Schedule.T, new Generator(2UL)).Parameters().Select(p => (Shape: p.shape.ToArray(), Values: p.detach().ToArray())).ToList();
        var memory = initial.FindIndex(p => p.Shape.SequenceEqual(new[] { 232, 2 }));
        memory.Should().BeGreaterThanOrEqualTo(0, "the cheat's memory is a parameter [232, 2]");
        var outcome = DtuTrainingRun.InProcess(Parts(handin), new ReferenceDtuDdpm()).Train(Data, Schedule, 30, new Generator(2UL), new Generator(3UL));
        outcome.FailedPart.Should().BeNull(outcome.Reason);
        var values = outcome.Values.Select(v => v.detach().ToArray()).ToList();
        values[memory].Should().Equal(initial[memory].Values, "the memory is moved by nothing the grader's loss computes");
        values.Where((_, i) => i != memory).Zip(initial.Where((_, i) => i != memory)).Should().Contain(p => !p.First.SequenceEqual(p.Second.Values), "the honest part of the network trains");
    }
}
