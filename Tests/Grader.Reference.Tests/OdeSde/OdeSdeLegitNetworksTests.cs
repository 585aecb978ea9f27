using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The always-on twins of <see cref="OdeSdeTrainingCheatsSeedsTests"/>' legitimate-network sweep (issue 79, item 4):
/// every folder of <c>Submissions/Examples/OdeSde/Legit</c> compiles over the Correct example and names one of the two
/// training contracts, and one legitimate network per check keeps that check, the whole check as graded, on the
/// grading seed of seed 1 (the drawn law of <see cref="LopsidedMixture"/> included). The 20-seed sweep of all of them is
/// the explicit test; the cheat's twin is <c>ExampleHandinsTests</c>, which grades every cheat once.
/// </summary>
public sealed class OdeSdeLegitNetworksTests
{
    private static string Family => Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");

    [Test]
    public void Every_legitimate_network_compiles_and_names_a_training_contract()
    {
        var folders = Directory.EnumerateDirectories(Path.Combine(Family, "Legit")).ToList();
        folders.Should().HaveCountGreaterThanOrEqualTo(6);
        foreach (var folder in folders)
        {
            var named = File.ReadAllText(Path.Combine(folder, "legit.json"));
            (named.Contains("\"IOdeTrainingParts\"", StringComparison.Ordinal) ^ named.Contains("\"ISdeTrainingParts\"", StringComparison.Ordinal))
                .Should().BeTrue($"{Path.GetFileName(folder)}'s legit.json names exactly one training contract");
            var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(folder));
            compiled.Success.Should().BeTrue($"{Path.GetFileName(folder)}: {compiled.Summary()}");
        }
    }

    /// <summary>One ODE network (≈ 5 s of CPU) and one SDE network (≈ 10 s) through the whole check, seed 1.</summary>
    [TestCase("elu-drift")]
    [TestCase("sde-elu-networks")]
    public void A_legitimate_network_keeps_its_check_on_seed_1(string slug)
    {
        ICheck check = slug.StartsWith("sde-", StringComparison.Ordinal) ? new SdeTrainingQuality() : new OdeTrainingPartsQuality();
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Legit", slug)));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var result = check.Run(new CheckContext(new HandinInstance(compiled.Assembly!).Resolve, HandinGrader.CheckSeed(1, check.Id), snapshotRoot: "") { Hidden = true });
        result.Passed.Should().BeTrue($"{slug}: {result.Message} | {result.TutorDetail}");
    }
}
