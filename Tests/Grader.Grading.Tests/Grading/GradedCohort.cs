using System.Collections.Concurrent;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The bundled cohort's hand-ins that a sheet's checks can tell apart (<see cref="CohortKey.GradedEndToEndOn"/>; for 001
/// <see cref="CohortGradingTests.GradedHere"/>'s part of them) graded for that sheet as <see cref="CohortGradingTests"/> grades them (real sandboxed hosts, the training checks left out),
/// beside that sheet's attacks of <see cref="AttacksIn"/> (001's attention attack), once per test run and sheet:
/// <see cref="CohortGradingTests"/> and <see cref="AdversarialOtherSheetsTests"/> read the run and
/// <see cref="CohortTrainingTests"/> resumes a copy of it, so the cohort is not graded twice for the same proof. The
/// output folder is read only to its users; it is deleted after the namespace's last fixture.
/// </summary>
[SetUpFixture]
public sealed class GradedCohort
{
    private static readonly Lazy<Scratch> Folder = new(() => new Scratch());
    private static readonly ConcurrentDictionary<string, Lazy<Task<Run>>> Runs = new(StringComparer.Ordinal);

    /// <summary>
    /// One sheet's graded cohort: the folder of the hand-ins it graded (<see cref="CohortKey.GradedEndToEndOn"/>'s, copied
    /// from fixtures/handins), the output folder (neither to be written to) and the run's summary.
    /// </summary>
    public sealed record Run(string Input, string Output, GradingSummary Summary);

    /// <summary>The cohort graded for <paramref name="sheet"/>, graded on the first call.</summary>
    public static Task<Run> For(string sheet) =>
        Runs.GetOrAdd(sheet, s => new Lazy<Task<Run>>(() => Grade(s))).Value;

    /// <summary>
    /// The attacks of fixtures/adversarial graded in <paramref name="sheet"/>'s run: on 001, those that lose points there and
    /// on no sheet the bulk runs grade (<see cref="AdversarialOtherSheetsTests.LandingOn"/>), so that
    /// <see cref="AdversarialOtherSheetsTests"/> reads their outcomes here instead of grading them beside another copy of
    /// the correct example; none on other sheets.
    /// </summary>
    public static IReadOnlyList<AdversarialGradingTests.Attack> AttacksIn(string sheet) =>
        sheet == CohortGradingTests.Sheet ? AdversarialOtherSheetsTests.LandingOn(sheet) : [];

    private static async Task<Run> Grade(string sheet)
    {
        var input = CohortKey.CopyHandins(sheet == CohortGradingTests.Sheet ? CohortGradingTests.GradedHere() : CohortKey.GradedEndToEndOn(sheet), Folder.Value, "in-" + sheet);
        foreach (var attack in AttacksIn(sheet))
        {
            File.Copy(Path.Combine(AdversarialGradingTests.Fixtures, "adversarial", attack.Student + ".zip"), Path.Combine(input, attack.Student + ".zip"));
        }

        var output = Path.Combine(Folder.Value.Root, "out-" + sheet);
        var summary = await CohortGradingTests.Grade(CohortGradingTests.Run(sheet, input, output, skipTraining: true), new RecordingProgress());
        return new Run(input, output, summary);
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
