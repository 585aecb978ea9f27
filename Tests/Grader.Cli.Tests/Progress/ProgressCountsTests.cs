using Grader.Cli.Progress;

namespace Grader.Cli.Tests.Progress;

public class ProgressCountsTests
{
    private static readonly CompileResult Compiled = new(true, [], 1, TimeSpan.FromSeconds(0.4), null);

    [Test]
    public void Hand_ins_finishing_at_once_each_get_their_own_count()
    {
        const int handins = 2000;
        var counts = new ProgressCounts();
        counts.Plan(handins);
        var names = Enumerable.Range(0, handins).Select(i => $"student-{i}").ToArray();
        foreach (var name in names) counts.Start(name);

        var done = new int[handins];
        Parallel.For(0, handins, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => done[i] = counts.Finish(new HandinReport(names[i], Compiled, [], VisibleOnly: false, Seed: 1)).Done);

        // Sorted and compared in order: the same check as an unordered equivalence, which FluentAssertions does in
        // O(n²) (6 s of CPU for these 2000 counts; the test's race takes milliseconds).
        done.Order().Should().Equal(Enumerable.Range(1, handins),
            "the progress line \"[n/N]\" of each finished hand-in shows its own place, never a later finish's count twice");
        counts.Now().Running.Should().Be(0);
    }
}
