using Grader.Checks.Hidden.Diffusion.Images;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// Issue 66 on sheet 004's image training check (3.5 on the grader's loop): each mutant of
/// <c>Submissions/Examples/Diffusion/Mutants</c> whose <c>mutant.json</c> names <c>diffusion.dtu.image-training-quality</c>
/// (a loss scaled by 1/d, ᾱ one step low, a network writing into its weights, a Wiener denoiser ignoring its parameters)
/// loses the check on every one of <see cref="TrainingCheatsSweep.Seeds"/> grading seeds — the whole decision as graded
/// (<see cref="DtuImageTrainingQuality.Decide"/>). <c>ExampleHandinsTests</c> grades each mutant on one seed in every run;
/// the Correct example's and the reference's 20 seeds are <c>TrainingChecksSeedsTests.Correct_trainers_pass_under_200_seeds(image, …)</c>
/// with GRADER_TRAINING_SEEDS=20 GRADER_TRAINING_FIRST_SEED=1. The figures per seed are printed.
/// </summary>
[Explicit("20 seeds × 4 mutants of the image training: about 2 minutes of CPU (most fail within the first training)")]
public sealed class ImageTrainingMutantsSeedsTests
{
    private static readonly DtuImageTrainingQuality Check = new();

    private static string Mutants => Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", "Mutants");

    /// <summary>The mutants whose mutant.json names the check.</summary>
    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateDirectories(Mutants).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "mutant.json")).Contains($"\"{Check.Id}\"", StringComparison.Ordinal))
            .Select(folder => new TestCaseData(Path.GetFileName(folder)).SetName($"Image training mutant {Path.GetFileName(folder)} loses the check on {TrainingCheatsSweep.Seeds} of {TrainingCheatsSweep.Seeds} seeds"));

    [TestCaseSource(nameof(Cases))]
    public void Mutant_loses_the_check_on_every_seed(string slug)
    {
        var outcomes = TrainingCheatsSweep.Outcomes(HandinSource.Load(Path.Combine(Mutants, slug)), slug, Check.Id, context =>
        {
            var (result, runs) = Check.Decide(context);
            return (result, runs.Count, runs.Count > 0 ? runs[0].Values : []);
        });
        foreach (var o in outcomes.Take(1)) TestContext.Out.WriteLine($"{slug}, seed {o.Seed}: {o.Message}");
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the image training check on every seed");
    }
}
