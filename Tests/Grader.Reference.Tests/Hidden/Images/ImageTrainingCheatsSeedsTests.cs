using Grader.Checks.Hidden.Diffusion.Images;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// Issue 45, item 3 ("training checked for the work") on sheet 004's image training check: each training cheat of
/// <c>Submissions/Examples/Diffusion/Cheats</c> that names <c>diffusion.dtu.image-training-quality</c> loses the check on
/// every one of <see cref="Seeds"/> grading seeds, and the Correct example passes on every one — the whole decision as
/// graded (<see cref="DtuImageTrainingQuality.Decide"/>: first run, fresh runs when undecided). The cheats: no optimiser
/// step (a Gaussian fit's linear denoiser), the closed-form denoiser of the training images, a fifth of the budget,
/// every step only below the grading budget, four noise levels. The pattern is <c>SheetCasesEveryRunTests</c>' (one
/// check, one hand-in, run on seeds 1 … N with <see cref="HandinGrader.CheckSeed"/>). The figures per seed are printed.
/// Explicit, as <c>TrainingChecksSeedsTests</c>: the seven cases took about 5 minutes of CPU on the 2-core machine
/// (figures: docs/measurements/2026-11-26-image-training-budget-response.md); <c>CheatHandinsTests</c> grades each cheat
/// on one seed in every run.
/// </summary>
[Explicit("20 seeds × 7 image trainings: about 5 minutes of CPU")]
public sealed class ImageTrainingCheatsSeedsTests
{
    /// <summary>Grading seeds per hand-in.</summary>
    private const int Seeds = 20;

    private static readonly DtuImageTrainingQuality Check = new();

    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found");
    }

    private static string Family => Path.Combine(Root, "Submissions", "Examples", "Diffusion");

    /// <summary>The cheats whose cheat.json names the check.</summary>
    public static IEnumerable<TestCaseData> Cheats() =>
        Directory.EnumerateDirectories(Path.Combine(Family, "Cheats")).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "cheat.json")).Contains(Check.Id, StringComparison.Ordinal))
            .Select(folder => new TestCaseData(Path.GetFileName(folder)).SetName($"Image training cheat {Path.GetFileName(folder)} loses the check on 20 of 20 seeds"));

    [TestCaseSource(nameof(Cheats))]
    public void Cheat_loses_the_check_on_every_seed(string slug)
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Cheats", slug)), slug);
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the image training check on every seed");
    }

    [Test]
    public void The_correct_example_keeps_the_check_on_20_of_20_seeds()
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")), "Correct");
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(HandinSource source, string name)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var outcomes = new List<(ulong, bool, string)>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (result, runs) = Check.Decide(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, Check.Id), snapshotRoot: "") { Hidden = true });
            var first = runs.Count > 0 ? string.Join(", ", runs[0].Values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) : "no scores";
            TestContext.Out.WriteLine($"{name} seed {seed}: {(result.Passed ? "passed" : "failed")} after {runs.Count} run(s); first run [{first}]");
            outcomes.Add((seed, result.Passed, result.Message));
        }

        TestContext.Out.WriteLine($"{name}: lost on {outcomes.Count(o => !o.Item2)} of {Seeds} seeds, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of the process's CPU");
        return outcomes;
    }
}
