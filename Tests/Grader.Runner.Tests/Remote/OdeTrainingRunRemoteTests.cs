using Grader.Checks.Hidden.OdeSde;
using Grader.Runner.Host;
using Grader.Contracts.OdeSde;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's ODE training across the channel (issue 66, sheet 003 1.3–1.4): a real host loads the OdeSde Correct
/// example; the grader resolves <see cref="IOdeTrainingRun"/>, which the host answers with its own loop beside the
/// example's drift; the record (losses, parameters and gradients per step) and the trained values come back as tensors,
/// and the grader's check of the loss (<see cref="OdeTrainingVerification"/>) rebuilds each step's drift in the host and
/// reads its Forward and PartialX through the channel — the path <c>grader grade</c> takes.
/// </summary>
public sealed class OdeTrainingRunRemoteTests
{
    [Test]
    public async Task The_host_trains_the_parts_and_the_grader_verifies_the_record()
    {
        using var session = await LoadedHost.StartAsync(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "OdeSde", "Correct")));
        session.BeginCheck(CallbackBudget.Default);

        var run = (IOdeTrainingRun)session.Resolve(typeof(IOdeTrainingRun))!;
        var data = torch.randn([500, 1], new Generator(3UL)) * 3f;
        var outcome = run.Train(data, 2, new Generator(4UL), new Generator(5UL));
        outcome.Reason.Should().BeNull(session.LogTail());
        outcome.Values.Select(v => string.Join("x", v.shape)).Should().Equal("64x2", "64", "64x64", "64", "64x64", "64", "1x64", "1");
        outcome.Losses.numel().Should().Be(2);
        outcome.Snapshots.shape.Should().Equal(2, 8577);

        var (verified, problem) = OdeTrainingVerification.Check(run, outcome, data, new Generator(4UL), new Generator(5UL), new Generator(6UL));
        problem.Should().BeNull(problem?.Message);
        verified!.MaxLossRatio.Should().BeLessThan(0.25);
        await session.ShouldCloseCleanlyAsync();
    }
}
