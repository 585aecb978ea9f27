namespace Grader.Grading.Tests.Grading;

/// <summary>
/// <see cref="StudentText"/> leaves a hand-in's own words and frames and removes the grader's: frames of Grader.*
/// types, source paths of its folders, the checkout and <c>/root</c>, and values of its environment.
/// </summary>
public sealed class StudentTextTests
{
    private static string Thrown()
    {
        try
        {
            throw new InvalidOperationException("shape [3] does not fit [2, 2]");
        }
        catch (InvalidOperationException e)
        {
            return e.ToString();
        }
    }

    [Test]
    public void A_real_exception_text_keeps_its_type_and_message_and_loses_the_graders_frames_and_paths()
    {
        var text = Thrown();
        text.Should().Contain("at Grader.Grading.Tests").And.Contain(RepositoryRoot.Path, "the test's premise: ToString() carries the frames and the checkout");

        var scrubbed = StudentText.Scrub("caught: " + text + " (planted: at Grader.Remote.Channel.RemoteChannel.Call(Int32 id) in /opt/ci/x/Graders/Remote/Channel/RemoteChannel.cs:line 77; /root/.nuget; "
            + RepositoryRoot.Path + "/Reference/Tensors/Tensor.cs and " + RepositoryRoot.Path + "/fixtures/cohort/cohort.json)");

        scrubbed.Should().StartWith("caught: System.InvalidOperationException: shape [3] does not fit [2, 2]");
        scrubbed.Should().NotContainAny("at Grader.", "RemoteChannel.cs", "Reference/Tensors", "/root", RepositoryRoot.Path, ":line ");
    }

    [Test]
    public void The_hand_ins_own_frames_and_text_stay()
    {
        const string own = "System.ArgumentException: beta must be positive\n   at Submission.Schedules.Check(Double beta) in Schedules.cs:line 12\n   at Submission.Answer.get_Invalid()";
        StudentText.Scrub(own).Should().Be(own);
        StudentText.Scrub("Expected 0.5, seen 0.25 (|Δ| = 0.25 > tolerance 1e-6)").Should().Be("Expected 0.5, seen 0.25 (|Δ| = 0.25 > tolerance 1e-6)");
    }

    [Test]
    public void A_value_of_the_graders_environment_is_removed()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (home is { Length: >= 5 })
        {
            StudentText.Scrub($"home is {home}/x").Should().NotContain(home);
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? Path.GetDirectoryName(Environment.ProcessPath)!;
        StudentText.Scrub($"the runtime lives in {dotnet}").Should().NotContain(dotnet);
    }
}
