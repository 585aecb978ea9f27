using Grader.Runner.Sandbox;

namespace Grader.Runner.Tests.Support;

/// <summary>The probe's verdict for the sandbox tests: a test is ignored where bubblewrap does not work, and fails there when GRADER_REQUIRE_SANDBOX=1.</summary>
internal static class SandboxRequirement
{
    /// <summary>The policy that works here; ignores the test (or fails it, when the sandbox is required) otherwise.</summary>
    public static SandboxPolicy Policy()
    {
        var status = SandboxProbe.Current;
        if (!status.Usable)
        {
            var message = $"bubblewrap is not usable here: {status.Problem}";
            if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_SANDBOX") == "1")
            {
                Assert.Fail(message + " (GRADER_REQUIRE_SANDBOX=1)");
            }

            Assert.Ignore(message);
        }

        return status.Policy!;
    }
}
