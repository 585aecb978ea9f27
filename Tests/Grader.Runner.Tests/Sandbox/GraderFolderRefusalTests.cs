using Grader.Runner.Sandbox;

namespace Grader.Runner.Tests.Sandbox;

/// <summary>
/// The grader refuses to run a sandboxed hand-in with its own folder bound: the separate host (host/) exposes nothing
/// of it, the grader as its own host (<c>grader-worker --host</c>, what a package without host/ fell back to) exposes
/// it, and so does an installation under a folder the sandbox binds (/usr); a bubblewrap worker for such a host is
/// refused with one message that says what to do.
/// </summary>
public class GraderFolderRefusalTests
{
    private static readonly string GraderFolder = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);

    [Test]
    public void The_separate_host_exposes_none_of_the_graders_folders()
    {
        SandboxPolicy.SecretFolders().Should().Contain(GraderFolder);
        SandboxPolicy.Exposed(HostCommandLine.Current, SandboxPolicy.SecretFolders()).Should().BeNull();
    }

    [Test]
    public void The_grader_as_its_own_host_exposes_its_folder()
    {
        var exposed = SandboxPolicy.Exposed(HostCommandLine.InGrader(WorkerCommandLine.Current), SandboxPolicy.SecretFolders());
        exposed.Should().NotBeNull();
        exposed!.Value.Bound.Should().Be(GraderFolder);
    }

    [Test]
    public void An_installation_under_usr_is_exposed_by_the_system_view()
    {
        SandboxPolicy.Exposed(HostCommandLine.Current, ["/usr/local/grader-tool/tools"]).Should().Be(("/usr/local/grader-tool/tools", "/usr"));
    }

    [Test]
    public void A_sandbox_that_would_show_the_graders_folder_is_refused_with_one_message()
    {
        var policy = new SandboxPolicy("/usr/bin/bwrap", null, null, false, false);
        var make = () => new BubblewrapWorker(policy, null, HostCommandLine.InGrader(WorkerCommandLine.Current));
        var message = make.Should().Throw<WorkerStartException>().Which.Message;
        TestContext.Out.WriteLine(message);
        message.Should().Contain(GraderFolder).And.Contain("hidden checks").And.Contain("install the grader outside");
        new BubblewrapWorker(policy).Name.Should().Be("bubblewrap sandbox", "the separate host is accepted");
    }
}
