using Grader.Semester.Similarity;

namespace Grader.Semester.Tests.Semester;

/// <summary>The similarity report on three small hand-ins: a disguised copy scores at the top, an independent hand-in below the threshold, and template code never counts.</summary>
public sealed class SimilarityReportTests
{
    private static HandinSource Folder(string name, string folder) =>
        HandinSource.FromFolder(Path.Combine(RepositoryRoot.Path, "Submissions", folder)) with { Name = name };

    [Test]
    public void A_renamed_reordered_reformatted_copy_ranks_first_and_an_independent_hand_in_stays_below_the_threshold()
    {
        var alice = Folder("alice", "Examples/Quickies/Correct");
        var handins = new Dictionary<string, HandinSource>
        {
            ["alice"] = alice,
            ["bob"] = new("bob", IndependentQuickies.Files(sumInsteadOfMean: false).Select(f => new HandinFile(f.Key, f.Value)).ToArray()),
            ["carol"] = new("carol", [new HandinFile("Solution.cs", PlantedCopy.Of(alice.Files.Select(f => f.Text)))]),
        };
        var report = SimilarityReport.Compare(handins, Folder("template", "Template/Quickies"), Winnowing.Default);
        report.Pairs[0].Should().Match<SimilarPair>(p => p.A == "alice" && p.B == "carol");
        report.Pairs[0].Score.Should().BeGreaterThanOrEqualTo(0.9);
        report.Flagged.Should().ContainSingle();
        report.Pairs[0].LinesA.Should().ContainKey("QuickieClassificationLoss.cs");
    }

    [Test]
    public void Code_the_template_holds_is_left_out()
    {
        var template = Folder("template", "Template/Quickies");
        var handins = new Dictionary<string, HandinSource> { ["a"] = template with { Name = "a" }, ["b"] = template with { Name = "b" } };
        SimilarityReport.Compare(handins, null, Winnowing.Default).Pairs[0].Score.Should().Be(1, "identical code");
        SimilarityReport.Compare(handins, template, Winnowing.Default).Pairs[0].Shared.Should().Be(0, "all of it is the template's");
    }

    [Test]
    public void Winnowing_keeps_a_fingerprint_in_every_window_and_none_for_code_shorter_than_k()
    {
        var kinds = Enumerable.Range(0, 200).Select(i => (i * 7919) % 31).ToArray();
        var w = Winnowing.Default;
        var kept = w.Fingerprints(kinds).SelectMany(f => f.Value).Order().ToArray();
        var gaps = kept.Zip(kept.Skip(1), (a, b) => b - a);
        gaps.Should().OnlyContain(g => g <= w.Window, "each window of hashes keeps one");
        w.Fingerprints(kinds[..(w.K - 1)]).Should().BeEmpty();
    }
}
