using Grader.Runner.Sandbox;
using Grader.Tensors;

namespace Grader.Grading.Tests.Sandbox;

/// <summary>
/// What a real host in the bubblewrap sandbox finds in its environment: the tutor's instruction-set switches
/// (<c>DOTNET_EnableAVX512</c>, <c>DOTNET_EnableHWIntrinsic</c>) and the grader's OpenBLAS core type, so a tutor who
/// emulates a machine without AVX-512 (<c>DOTNET_EnableAVX512=0 OPENBLAS_CORETYPE=Haswell</c>) emulates it in the hosts
/// too; and nothing else of the tutor's environment. The probe reads the variables from inside the hand-in (compiled
/// without the allowlist) and reports them in its exception's message.
/// </summary>
[NonParallelizable] // sets variables in this process's environment for the duration of a test
public class HostEnvironmentTests
{
    private const string Tag = "ENVPROBE";

    /// <summary>Lists every variable as name=value, values hex-encoded (so '|' and '=' in a value cannot break the report).</summary>
    private static readonly HandinSource Probe = SandboxKit.Throwing("env-probe", Tag, """
                return string.Join("|", Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                    .Select(e => (string)e.Key + "=" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes((string?)e.Value ?? "")))
                    .Order(StringComparer.Ordinal));
        """);

    [Test]
    public async Task A_sandboxed_host_gets_the_tutors_instruction_set_switches_and_nothing_else_of_the_tutors_environment()
    {
        var policy = SandboxKit.RequirePolicy();
        var marker = "tutor-secret-" + Guid.NewGuid().ToString("N");
        // The switches at their defaults, so a host another test starts meanwhile computes as it would anyway; the rest
        // are what a tutor's shell may hold and a hand-in must never read.
        var tutor = new Dictionary<string, string>
        {
            ["DOTNET_EnableHWIntrinsic"] = "1",
            ["DOTNET_EnableAVX512"] = "1",
            ["GITHUB_TOKEN"] = marker,
            ["GRADER_COURSE_SECRET"] = marker,
            ["DOTNET_TutorNote"] = marker,
            ["OPENBLAS_VERBOSE"] = "0",
            ["OMP_NUM_THREADS"] = "7",
        };
        IReadOnlyDictionary<string, string> found;
        Dictionary<string, string> set;
        var before = tutor.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in tutor)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            set = policy.EnvironmentFor(WorkerLimits.Default).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            found = SandboxKit.Outcomes(await SandboxKit.Grade(new BubblewrapWorker(policy), Probe, HandinCompiler.Unrestricted), Tag)
                .ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(kv.Value)), StringComparer.Ordinal);
        }
        finally
        {
            foreach (var (key, value) in before)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }

        TestContext.Out.WriteLine(string.Join("\n", found.Select(kv => $"{kv.Key}={kv.Value}")));
        found.Should().Contain("DOTNET_EnableHWIntrinsic", "1").And.Contain("DOTNET_EnableAVX512", "1");
        if (ArithmeticProfile.Current.BlasCore is { } core)
        {
            found.Should().Contain("OPENBLAS_CORETYPE", core, "the host's OpenBLAS dispatches to the grader's core type");
        }

        found.Should().Contain("OPENBLAS_NUM_THREADS", "1", "OpenBLAS runs on one thread in every host, whatever the tutor's shell says");
        found.Values.Should().NotContain(v => v.Contains(marker, StringComparison.Ordinal));
        found.Should().NotContainKeys(tutor.Keys.Where(k => !k.StartsWith("DOTNET_Enable", StringComparison.Ordinal)));
        // Exactly what the sandbox sets (bwrap adds PWD for --chdir) and the JIT settings of the host's kind of job; nothing inherited.
        bool trains = SandboxKit.Settings().Config.Due.Any(d => d.Check.Check is Grader.Checks.Checking.ITrainingCheck);
        var jit = trains ? HostRuntime.WithTraining : HostRuntime.WithoutTraining;
        found.Keys.Should().BeEquivalentTo(set.Keys.Append("PWD").Concat(jit.Keys));
        found.Should().Contain(jit);
        found.Should().Contain(set);
        set.Keys.Where(k => !k.StartsWith("DOTNET_", StringComparison.Ordinal) && !k.StartsWith("OPENBLAS_", StringComparison.Ordinal)).Should()
            .BeEquivalentTo(["PATH", "HOME", "TMPDIR"], "the sandbox's own paths, not the tutor's");
    }
}
