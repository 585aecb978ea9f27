using Grader.Grading.Pipeline;
using Grader.Runner.Compile;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// <see cref="AdversarialGradingTests"/>' bulk runs, one per sheet (000, 002, 004: the cohort hand-ins of
/// <see cref="AdversarialGradingTests.BesideOn"/> and the attacks of <see cref="AdversarialGradingTests.GradedOn"/>, as
/// <c>grader grade &lt;cohort&gt; &lt;attacks&gt; --sheet S</c> does), graded once per test run:
/// AdversarialGradingTests reads all three, <see cref="CompileIsolationTests"/> reads the compile-error hand-in's
/// outcomes on 000 and 004, so no hand-in is graded twice for the same proof. The output folders are read only to
/// their users; they are deleted after the namespace's last fixture.
/// </summary>
[SetUpFixture]
public sealed class AdversarialRuns
{
    private static readonly Lazy<Scratch> Folder = new(() => new Scratch());
    private static readonly Lazy<Task<Runs>> Bulk = new(GradeAll);

    /// <summary>
    /// The three runs: each sheet's summary, its output folder, and every file under fixtures/ (relative path → size and
    /// last write time) before the first run and after the last.
    /// </summary>
    public sealed record Runs(
        IReadOnlyDictionary<string, GradingSummary> Summaries,
        Func<string, string> Output,
        Dictionary<string, (long Length, DateTime Written)> FixturesBefore,
        Dictionary<string, (long Length, DateTime Written)> FixturesAfter);

    /// <summary>The three runs, graded on the first call.</summary>
    public static Task<Runs> Graded() => Bulk.Value;

    private static string Output(string sheet) => Path.Combine(Folder.Value.Root, "out-" + sheet);

    private static async Task<Runs> GradeAll()
    {
        var scratch = Folder.Value;
        var corpus = Path.Combine(AdversarialGradingTests.Fixtures, "adversarial");
        var before = AdversarialGradingTests.ListFiles(AdversarialGradingTests.Fixtures);
        var summaries = new Dictionary<string, GradingSummary>(StringComparer.Ordinal);
        // Compiled as grader grade compiles: in compile servers, here with a limit of 10 s of processor time (the tool's
        // is 60 s); one box for the three runs, so a warm server compiles the next sheet's hand-ins (a server killed by
        // a compiler bomb is replaced as in one run).
        using var compileBox = new CompileBox(CompileLimits.Default with { Time = AdversarialGradingTests.CompileTime });
        foreach (var sheet in AdversarialGradingTests.Sheets)
        {
            // The attacks graded on this sheet, copied from fixtures/adversarial into a folder of their own.
            var attacks = Path.Combine(scratch.Root, "attacks-" + sheet);
            Directory.CreateDirectory(attacks);
            foreach (var attack in AdversarialGradingTests.GradedOn(sheet))
            {
                File.Copy(Path.Combine(corpus, attack.Student + ".zip"), Path.Combine(attacks, attack.Student + ".zip"));
            }

            // The cohort hand-ins graded on this sheet, copied from fixtures/handins.
            var cohort = CohortKey.CopyHandins(AdversarialGradingTests.BesideOn(sheet), scratch, "cohort-" + sheet);

            var run = new GradeRun([cohort, attacks], Output(sheet), 2, null, false, ManualGrades.Empty,
                TestSettings.For(sheet, seed: 20240917, leftOut: AdversarialGradingTests.TrainingChecks, limits: AdversarialGradingTests.Limits));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var summary = await new GradingPipeline(WorkerFactory.Create(out _), GradingOutputs.Default, compileBox)
                .RunAsync(run, new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);
            summaries[sheet] = summary;
            var slowest = summary.Handins.OrderByDescending(h => h.Timing.Total).Take(5)
                .Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Student} {h.Timing.Total.TotalSeconds:0.0} s"));
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"adversarial bulk run, sheet {sheet}: {summary.Handins.Count} hand-ins in {clock.Elapsed.TotalSeconds:0.0} s; slowest: {string.Join(", ", slowest)}"));
        }

        return new Runs(summaries, Output, before, AdversarialGradingTests.ListFiles(AdversarialGradingTests.Fixtures));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Folder.IsValueCreated)
        {
            Folder.Value.Dispose();
        }
    }
}
