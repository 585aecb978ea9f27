using Grader.Checks.Hidden.OdeSde;
using Grader.Runner.Host;
using Grader.Contracts.OdeSde;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's SDE training across the channel (issue 66, sheet 003 2.3): a real host loads the OdeSde Correct example;
/// the grader resolves <see cref="ISdeTrainingRun"/>, which the host answers with its own loop beside the example's
/// model; the record (every step's loss, the recorded steps' parameters and gradients) and the trained values come back
/// as tensors, and the grader's check of the loss (<see cref="SdeTrainingVerification"/>) rebuilds each recorded step's
/// model in the host and reads its networks through the channel — the path <c>grader grade</c> takes.
/// </summary>
public sealed class SdeTrainingRunRemoteTests
{
    [Test]
    public async Task The_host_trains_the_parts_and_the_grader_verifies_the_record()
    {
        using var session = await LoadedHost.StartAsync(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "OdeSde", "Correct")));
        session.BeginCheck(CallbackBudget.Default);

        var run = (ISdeTrainingRun)session.Resolve(typeof(ISdeTrainingRun))!;
        var data = torch.randn([500, 1], new Generator(3UL)) * 3f;
        var outcome = run.Train(data, 2, new Generator(4UL), new Generator(5UL));
        outcome.Reason.Should().BeNull(session.LogTail());
        outcome.Values.Sum(v => v.numel()).Should().Be(17_669, "the notebook's four networks and log β");
        outcome.Losses.numel().Should().Be(2);
        outcome.RecordedSteps.numel().Should().Be(2, "2 steps: both recorded");
        outcome.Snapshots.shape.Should().Equal(2, 17_669);

        var (verified, problem) = SdeTrainingVerification.Check(run, outcome, data, new Generator(4UL), new Generator(5UL), new Generator(6UL));
        problem.Should().BeNull(problem?.Message);
        verified!.MaxLossRatio.Should().BeLessThan(0.25);
        var model = run.Trained(new Generator(4UL), outcome.Values);
        model.LikelihoodStd.Should().BePositive();
        await session.ShouldCloseCleanlyAsync();
    }
}
