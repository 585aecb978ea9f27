using System.Text;
using Grader.Grading.Pipeline;
using Grader.Grading.Reports;

namespace Grader.Grading.Tests.Reports;

/// <summary>
/// The grading run takes each hand-in's written report in (with a fake worker: nothing is compiled): the tutor-side
/// <c>reports/&lt;student&gt;/report.json</c> with an answer per manual item and the page images, a missing report as
/// one line of summary.md, a hostile one rendered inert with its problems listed, and a run resumed reuses what is
/// unchanged.
/// </summary>
public sealed class ReportIntakeTests
{
    private static readonly Assignment Sheet = CourseCatalog.Default.FindAssignment("002")!;

    private static GradeRun Run(Scratch scratch) =>
        new([scratch.Handins], Path.Combine(scratch.Root, "out"), 2, null, false, ManualGrades.Empty, TestSettings.For("002", catalog: CourseCatalog.Default));

    private static Task<GradingSummary> Grade(Scratch scratch) =>
        new GradingPipeline(new FakeWorker(), GradingOutputs.Default).RunAsync(Run(scratch), new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);

    private static string Key(int i) => ReportLayout.Key(ReportLayout.Items(Sheet)[i].Task.Id, ReportLayout.Items(Sheet)[i].Item.Id);

    private static void Write(string folder, string relative, byte[] bytes)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    [Test]
    public async Task The_run_stores_each_report_lists_the_missing_ones_and_reuses_unchanged_ones()
    {
        TestPdf.RequirePoppler();
        using var scratch = new Scratch();
        var alice = scratch.Handin("alice");
        Write(alice, "Report/report.md", Encoding.UTF8.GetBytes($"## {Key(0)}\n\nAlice's *derivation*.\n\n## {Key(1)}\n\nAlice explains.\n"));
        scratch.Handin("bob");
        var carol = scratch.Handin("carol");
        Write(carol, "Report/report.md", Encoding.UTF8.GetBytes($"## {Key(0)}\n\n<script>alert(1)</script> [x](javascript:alert(1))\n"));
        Write(carol, "Report/report.pdf", "%PDF-1.4\nnot really"u8.ToArray());
        var dave = scratch.Handin("dave");
        Write(dave, "Report/report.pdf", TestPdf.Pages([$"{Key(1)} on page one", "page two continues it"]));

        var summary = await Grade(scratch);

        var store = new WrittenReportStore(Path.Combine(scratch.Root, "out"));
        summary.Reports!.Select(r => r.Student).Should().Equal("alice", "bob", "carol", "dave");
        var a = store.Load("alice")!;
        a.Files.Should().Equal("report.md");
        a.Answers.Select(x => $"{x.Task}#{x.Item}").Should().Equal(ReportLayout.Items(Sheet).Select(i => ReportLayout.Key(i.Task.Id, i.Item.Id)), "one answer per manual item, in catalog order");
        a.Find(Sheet.Tasks.First(t => t.Manual.Count > 0).Id, ReportLayout.Items(Sheet)[0].Item.Id)!.Html.Should().Contain("<em>derivation</em>");
        a.Answers[1].Text.Should().Be("Alice explains.");
        a.Answers.Skip(2).Should().OnlyContain(x => x.Html == null && x.Text == "", "no section, no answer");
        a.Problems.Should().BeEmpty();

        store.Load("bob")!.HandedIn.Should().BeFalse();
        var c = store.Load("carol")!;
        c.Answers[0].Html.Should().NotContain("<script").And.NotContain("href=\"javascript");
        c.Problems.Should().ContainSingle().Which.Should().StartWith("report.pdf could not be read");
        var d = store.Load("dave")!;
        d.Answers[1].Pages.Should().Equal("reports/dave/pages/page-1.png", "reports/dave/pages/page-2.png");
        d.Answers[0].Pages.Should().BeEmpty();
        File.Exists(Path.Combine(scratch.Root, "out", "reports", "dave", "pages", "page-2.png")).Should().BeTrue();

        var text = File.ReadAllText(Path.Combine(scratch.Root, "out", SummaryMarkdown.FileName));
        text.Should().Contain("## Written reports").And.Contain("3 of 4 hand-ins carry a written report (2 with report.md, 2 with report.pdf)");
        text.Should().Contain("no written report: bob\n");
        text.Should().Contain("| carol | report.pdf could not be read");
        Directory.EnumerateFiles(Path.Combine(scratch.Root, "out", ResultStore.StudentsFolder), "*", SearchOption.AllDirectories)
            .Should().NotContain(f => f.Contains("report", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.Ordinal), "reports are tutor-side");

        // Resumed: unchanged reports are reused (not written again); a changed one is taken in again.
        var written = Directory.EnumerateFiles(Path.Combine(scratch.Root, "out", "reports"), WrittenReportStore.FileName, SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        await Task.Delay(50);
        Write(alice, "Report/report.md", Encoding.UTF8.GetBytes($"## {Key(0)}\n\nA better derivation.\n"));
        await Grade(scratch);
        foreach (var (file, time) in written)
        {
            var changed = File.GetLastWriteTimeUtc(file) != time;
            changed.Should().Be(file.Contains($"{Path.DirectorySeparatorChar}alice{Path.DirectorySeparatorChar}", StringComparison.Ordinal), file);
        }

        store.Load("alice")!.Answers[0].Text.Should().Be("A better derivation.");
    }

    [Test]
    public async Task The_skeleton_as_assigned_is_no_written_report_and_a_partly_filled_one_keeps_only_its_answers()
    {
        using var scratch = new Scratch();
        var untouched = scratch.Handin("fay");
        Write(untouched, "Report/report.md", Encoding.UTF8.GetBytes(ReportLayout.MarkdownSkeleton(Sheet)));
        Write(untouched, "Report/pages.txt", Encoding.UTF8.GetBytes(ReportLayout.PageMapSkeleton(Sheet)));
        var partly = scratch.Handin("gus");
        var skeleton = ReportLayout.MarkdownSkeleton(Sheet);
        var first = skeleton.IndexOf(ReportLayout.Placeholder, StringComparison.Ordinal);
        Write(partly, "Report/report.md", Encoding.UTF8.GetBytes(skeleton[..first] + "Gus's derivation." + skeleton[(first + ReportLayout.Placeholder.Length)..]));

        var summary = await Grade(scratch);

        var (fay, gus) = (summary.Reports![0], summary.Reports[1]);
        fay.HandedIn.Should().BeFalse("the skeleton and an empty page map, as assign wrote them, hand nothing in");
        fay.Answers.Should().OnlyContain(a => a.Text == "" && a.Html == null);
        gus.Files.Should().Equal("report.md");
        gus.Answers[0].Text.Should().Be("Gus's derivation.");
        gus.Answers.Skip(1).Should().OnlyContain(a => a.Text == "" && a.Html == null, "a placeholder is no answer");
        File.ReadAllText(Path.Combine(scratch.Root, "out", SummaryMarkdown.FileName)).Should().Contain("no written report: fay\n");
    }

    [Test]
    public async Task A_zip_hand_in_with_a_report_is_taken_in()
    {
        using var scratch = new Scratch();
        Directory.CreateDirectory(scratch.Handins);
        File.WriteAllBytes(Path.Combine(scratch.Handins, "erin.zip"), Grader.Grading.Tests.Support.HandinFolder.ZipBytes(
            ("erin/A.cs", Encoding.UTF8.GetBytes("namespace Submission; public static class A { }")),
            ("erin/Report/report.md", Encoding.UTF8.GetBytes($"# Erin\n\n## {Key(2)} (1 pt)\n\nErin's answer with <img src=x onerror=alert(1)>.\n"))));

        var summary = await Grade(scratch);

        var erin = summary.Reports!.Single();
        erin.Files.Should().Equal("report.md");
        erin.Answers[2].Text.Should().StartWith("Erin's answer");
        erin.Answers[2].Html.Should().NotContain("<img").And.Contain("&lt;img");
        new WrittenReportStore(Path.Combine(scratch.Root, "out")).Load("erin").Should().BeEquivalentTo(erin);
    }
}
