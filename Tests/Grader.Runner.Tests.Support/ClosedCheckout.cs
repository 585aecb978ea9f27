using Grader.Runner.Sandbox;




namespace Grader.Runner.Tests.Support;

/// <summary>
/// A checkout in a folder closed to other users (a clone under <c>mktemp -d</c>, mode 0700): as root the grader cannot
/// run its plain hosts as uid 65534 there, runs them as root and says so, so the tests of the uid-65534 path do not apply.
/// </summary>
internal static class ClosedCheckout
{
    public static void IgnoreWhenRootCannotDropToNobody()
    {
        if (!SandboxPolicy.GraderIsRoot)
        {
            return;
        }

        var closed = SandboxProbe.ClosedFoldersAbove(Path.Combine(AppContext.BaseDirectory, "grader.dll"));
        if (closed.Count > 0)
        {
            Assert.Ignore($"the tests run as root and {string.Join(", ", closed)} is closed to other users, so plain hosts cannot run as uid 65534 here");
        }
    }
}
