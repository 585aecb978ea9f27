using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Sheet 000 as every <see cref="ServeCourse"/> grades it (six equal Correct hand-ins, seed 47, the cheap checks only),
/// graded once per test run: the four courses of this namespace (ServeBrowserTests, ServeSecurityTests,
/// StudentSideTests, ServeDurabilityTests) each graded the same hand-ins the same way, ≈ 20 s of CPU each (issue 69).
/// Each course copies the hand-ins and the run into its own folder and writes only there; the graded folder is read
/// only, and deleted after the namespace's last fixture.
/// </summary>
[SetUpFixture]
public sealed class GradedServeSheet
{
    private static readonly Lazy<Task<Scratch>> Graded = new(GradeAsync);

    /// <summary>The hand-ins (<c>s000</c>) and the graded run (<c>run000</c>), copied into <paramref name="scratch"/>.</summary>
    internal static async Task CopyInto(Scratch scratch)
    {
        var graded = await Graded.Value;
        scratch.Copy(Path.Combine(graded.Root, "s000"), "s000");
        scratch.Copy(Path.Combine(graded.Root, "run000"), "run000");
    }

    private static async Task<Scratch> GradeAsync()
    {
        var graded = new Scratch();
        var quickies = new[] { "QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs" };
        foreach (var student in ServeCourse.Students)
        {
            Write(Path.Combine(graded.Root, "s000", student), Example("Quickies/Correct", quickies));
        }

        await Ok(["grade", Path.Combine(graded.Root, "s000"), "--out", Path.Combine(graded.Root, "run000"), "--sheet", "000", "--plain", "--jobs", "2",
            "--snapshots", TestSettings.Snapshots, "--seed", "47", .. SkipAllBut("000", Cheap000)]);
        return graded;
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Graded.IsValueCreated && Graded.Value.IsCompletedSuccessfully)
        {
            Graded.Value.Result.Dispose();
        }
    }
}
