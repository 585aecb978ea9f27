using Grader.Runner.Sandbox;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// What the sandbox tests share: the probe's verdict (a test is ignored where bubblewrap does not work, and fails there
/// when GRADER_REQUIRE_SANDBOX=1), grading a hand-in on sheet 002 with a real worker, and reading back the report a
/// probing hand-in leaves in an exception message.
/// </summary>
internal static class SandboxKit
{
    public static CourseCatalog Catalog => TutorCatalog.Default;

    public static string Snapshots => TestConfig.Snapshots;

    /// <summary>The policy that works here; ignores the test (or fails it, when the sandbox is required) otherwise (<see cref="SandboxRequirement"/>).</summary>
    public static SandboxPolicy RequirePolicy() => SandboxRequirement.Policy();

    public static GradeSettings Settings(WorkerLimits? limits = null, bool visibleOnly = false) =>
        TestSettings.For("002", visibleOnly: visibleOnly, limits: limits, catalog: Catalog);

    /// <summary>Grades <paramref name="source"/> on sheet 002 with <paramref name="worker"/>, compiled by <paramref name="compiler"/>.</summary>
    public static Task<HandinRecord> Grade(IWorker worker, HandinSource source, HandinCompiler? compiler = null, WorkerLimits? limits = null) =>
        new HandinRunner(worker, Settings(limits), compiler).GradeAsync(
            new DiscoveredHandin(source.Name, "/nonexistent/" + source.Name, source, "0000"), CancellationToken.None);

    public static HandinSource Single(string name, string text) => new(name, [new HandinFile("A.cs", text)]);

    /// <summary>The first <c>TAG|…|END</c> report in the verdicts' messages, split at '|'; fails when there is none.</summary>
    public static string[] Report(HandinRecord record, string tag)
    {
        foreach (var check in record.Checks)
        {
            var match = Regex.Match(check.Result.Message, Regex.Escape(tag) + @"\|(.*?)\|END", RegexOptions.Singleline);
            if (match.Success)
            {
                return match.Groups[1].Value.Split('|');
            }
        }

        Assert.Fail($"no {tag} report among the verdicts: {string.Join(" / ", record.Checks.Select(c => c.Result.Message))}\nlog: {record.Log}");
        return [];
    }

    /// <summary>A <see cref="Report"/> of name=outcome pairs, as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Outcomes(HandinRecord record, string tag) =>
        Report(record, tag).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>
    /// A hand-in of sheet 002 whose <c>IBetaScheduleValidity.IsValid</c> throws, the first time and every time after,
    /// an exception whose message is <c>TAG|…|END</c> with what <paramref name="body"/> (C# statements that return
    /// the report's middle as a string) found. Needs <see cref="HandinCompiler.Unrestricted"/> for anything the allowlist refuses.
    /// </summary>
    public static HandinSource Throwing(string name, string tag, string body) => Single(name, $$"""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Grader.Contracts.Diffusion;

        namespace Submission;

        public sealed class BetaScheduleValidity : IBetaScheduleValidity
        {
            private static readonly Lazy<string> Found = new(Probe);

            public bool IsValid(IReadOnlyList<double> betas) => throw new InvalidOperationException("{{tag}}|" + Found.Value + "|END");

            private static string Probe()
            {
        {{body}}
            }
        }
        """);
}
