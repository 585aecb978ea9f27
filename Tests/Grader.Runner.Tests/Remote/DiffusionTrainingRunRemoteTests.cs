using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's training across the channel (issue 66): a real host loads a hand-in of parts
/// (<see cref="IDiffusionTrainingParts"/>); the grader resolves <see cref="IDiffusionTrainingRun"/>, which the host answers
/// with its own loop beside the hand-in's network (backward needs the graph there); the trained values come back as
/// tensors of the declared shapes, and a fresh network built from them in the host answers the grader's Forward calls.
/// Here both halves run in one host (the channel's part); the check's run, with the trained network built in a second
/// host where nothing of the training survives, is <see cref="FreshHostTests"/>.
/// </summary>
public sealed class DiffusionTrainingRunRemoteTests
{
    [Test]
    public async Task The_host_trains_the_parts_and_the_values_cross_as_tensors()
    {
        using var session = await LoadedHost.StartAsync(new HandinSource("parts", [new HandinFile("DiffusionParts.cs", DiffusionPartsSource.Text)]));
        session.BeginCheck(CallbackBudget.Default);

        var run = (IDiffusionTrainingRun)session.Resolve(typeof(IDiffusionTrainingRun))!;
        var schedule = new NoiseSchedule([.. Enumerable.Range(0, 100).Select(i => 1e-4 + (0.02 - 1e-4) * i / 99)]);
        var data = torch.randn([512, 2], new Generator(3UL));
        var outcome = run.Train(data, schedule, 30, new Generator(4UL), new Generator(5UL));
        outcome.Reason.Should().BeNull(session.LogTail());
        outcome.Values.Select(v => string.Join("x", v.shape)).Should().Equal("64x3", "64", "64x64", "64", "2x64", "2");

        var trained = run.Trained(2, schedule.T, new Generator(4UL), outcome.Values);
        var epsilonHat = trained.Forward(torch.randn([8, 2], new Generator(6UL)), torch.full([8, 1], 0.5f));
        epsilonHat.shape.Should().Equal(8, 2);
        epsilonHat.ToArray().Should().OnlyContain(v => float.IsFinite(v));
        await session.ShouldCloseCleanlyAsync();
    }
}
