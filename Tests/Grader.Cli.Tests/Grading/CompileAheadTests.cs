using FluentAssertions;
using Grader.Checks.Handins;
using Grader.Cli.Compile;
using Grader.Cli.Discovery;
using Grader.Cli.Grading;
using Grader.Cli.Tests.Support;

namespace Grader.Cli.Tests.Grading;

/// <summary>
/// Hand-ins compiled ahead of their grading: taking one queues the next <c>depth</c> in grading order, each hand-in is
/// compiled once, and what comes back is that hand-in's own compilation.
/// </summary>
[NonParallelizable]
public sealed class CompileAheadTests
{
    private static readonly HandinSource Correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));

    private static DiscoveredHandin Handin(string student, HandinSource source) => new(student, "/nonexistent/" + student, source with { Name = student }, student);

    [Test]
    public async Task Taking_a_hand_in_queues_the_next_ones_in_order_and_each_is_compiled_once()
    {
        var broken = Correct with { Files = [.. Correct.Files, new HandinFile("Broken.cs", "namespace Submission; public static class Broken { public static int X => ; }\n")] };
        var order = new[] { Handin("ada", Correct), Handin("ben", broken), Handin("cy", Correct), Handin("dee", Correct) };
        using var box = new CompileBox(CompileLimits.Default);
        var ahead = new CompileAhead(box, [], order, depth: 1, CancellationToken.None);

        var first = ahead.Take(order[0]);
        ahead.Started.Should().Be(2, "the first and the one after it");
        ahead.Take(order[0]).Should().BeSameAs(first, "a hand-in is compiled once");
        var second = ahead.Take(order[1]);
        ahead.Started.Should().Be(3);

        (await first).Result.Success.Should().BeTrue();
        (await second).Result.Success.Should().BeFalse("ben's own source, with its syntax error, was compiled for ben");
        (await second).Result.Errors.Should().Contain(e => e.File == "Broken.cs");
        (await ahead.Take(order[3])).Result.Success.Should().BeTrue();
        ahead.Started.Should().Be(4, "the last hand-in queues nothing beyond the run");
        box.Started.Should().Be(1);
    }

    [Test]
    public void A_hand_in_not_of_the_run_is_refused()
    {
        using var box = new CompileBox(CompileLimits.Default);
        var ahead = new CompileAhead(box, [], [Handin("ada", Correct)], depth: 2, CancellationToken.None);

        Action act = () => ahead.Take(Handin("eve", Correct));

        act.Should().Throw<ArgumentException>().WithMessage("eve is not one of the hand-ins this run compiles*");
        ahead.Started.Should().Be(0);
    }
}
