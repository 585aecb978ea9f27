using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Tutors' line comments on the student's page beside the lines they address, under the task they belong to (issue 82
/// item 1): <see cref="LineComment.Of"/> finds the task (a report passage by its answer's item, a code line by the
/// contract the nearest declaration above it implements), and the page shows each with its line's number and text,
/// a comment whose line changed since with the line as commented, marked so.
/// </summary>
public sealed class StudentPageLineCommentsTests
{
    private interface IRegressionLoss;

    private interface IClassificationLoss;

    private static readonly TaskSpec Regression = new("000", "3 (a)", "000/3a/regression", "Regression", 1, 1, [], []) { Contracts = [typeof(IRegressionLoss)] };

    private static readonly TaskSpec Classification = new("000", "3 (b)", "000/3b/classification", "Classification", 1, 1, [], []) { Contracts = [typeof(IClassificationLoss)] };

    private static readonly TaskSpec Explain = new("000", "4", "000/4/explain", "Explain", 1, 0, [], []);

    [Test]
    public void A_comment_belongs_to_the_task_whose_declaration_is_above_its_line_or_whose_answer_holds_it()
    {
        using var scratch = new Scratch();
        var run = Path.Combine(scratch.Root, "run");
        string[] losses = ["using System;", "", "public sealed class R : IRegressionLoss", "{", "    int x;", "}", "public sealed class C : IClassificationLoss", "{", "    int y;", "}"];
        new HandinCodeStore(run).Save("alice", [new HandinFile("Losses.cs", string.Join("\n", losses) + "\n"), new HandinFile("Helper.cs", "static class H\n{\n}\n")]);
        new WrittenReportStore(run).Save(new WrittenReport("alice", ["report.md"], [new ReportAnswer(Explain.Id, "why", "first\nsecond", null, [])], []));
        var document = HandinDocument.Of(run, "alice");

        StoredComment On(string file, int line, string text) => new(line, "000", "alice", file, line, text, "c", "ana", "2026-11-29T12:00:00Z");
        var placed = LineComment.Of(
            [On("Losses.cs", 5, "    int x;"), On("Losses.cs", 9, "    int y;"), On("Losses.cs", 1, "using System;"), On("Helper.cs", 2, "{"), On(InlineComment.ReportFile, 2, "second"), On("Losses.cs", 9, "    int z;")],
            document, [Regression, Classification, Explain]);
        placed.Select(p => p.Task).Should().Equal(
            Regression.Id, // inside R
            Classification.Id, // inside C: the nearest declaration above wins, not the file's first
            Regression.Id, // above every declaration: the first task the file names
            null, // a helper no task's contract names
            Explain.Id, // the report's passage: its answer's item
            Classification.Id); // outdated (line 9 read "int z;"): still by the line it was written on
        placed[^1].Comment.Outdated.Should().BeTrue();
        LineComment.Of([On("Losses.cs", 5, "    int x;")], null, [Regression]).Single().Task.Should().BeNull("without a kept hand-in no line is known");

        // A huge file (a student's): the search reads at most MaxLinesRead lines above the line and from the top, so a
        // declaration past both is not found (and a page costs no more for it).
        var filler = Enumerable.Repeat("    // filler", 2 * LineComment.MaxLinesRead);
        string[] huge = [.. filler, "public sealed class R : IRegressionLoss", .. filler, "    int x;"];
        new HandinCodeStore(run).Save("bob", [new HandinFile("Huge.cs", string.Join("\n", huge) + "\n")]);
        var near = new StoredComment(1, "000", "bob", "Huge.cs", huge.Length, "    int x;", "c", "ana", "2026-11-29T12:00:00Z");
        LineComment.Of([near], HandinDocument.Of(run, "bob"), [Regression]).Single().Task.Should().BeNull("the declaration is farther than the search reads");
    }

    [Test]
    public async Task The_sheet_page_shows_each_comment_beside_its_line_under_its_task_and_a_changed_line_as_commented()
    {
        using var course = await ServeCourse.CreateAsync();
        using var desk = new GradingDesk(course.Course, CommonOptions.Catalog);
        desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        var document = desk.Commenting.Document("000", "alice")!;
        var file = document.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
        var lines = document.Lines(file)!;
        // The last line that reads like no other (so a changed copy of it cannot be found elsewhere): below the declaration.
        var body = Enumerable.Range(1, lines.Count).Last(n => lines[n - 1].Trim().Length > 1 && lines.Count(l => l == lines[n - 1]) == 1);
        desk.Commenting.AddComment("000", "alice", file, body, "why <b>this</b>?", "ana");
        desk.Commenting.AddComment("000", "alice", InlineComment.ReportFile, 1, "say more", "ana");

        var view = new StudentDesk(desk).Sheet("alice", "000")!;
        var page = StudentPages.Sheet("alice", view, DateTimeOffset.UnixEpoch, null, "antiforgery");
        var report = view.Total.Report!;
        var codeTask = report.Tasks.ToList().FindIndex(t => t.Task.Contracts.Any(c => lines.Take(body).Any(l => l.Contains(c.Name, StringComparison.Ordinal))));
        var reportTask = report.Tasks.ToList().FindIndex(t => t.Task.Id == document.ReportSections[0].Task);
        codeTask.Should().BeGreaterThanOrEqualTo(0, "a task's contract is declared in the file");
        Section(page, codeTask).Should().Contain($"{Html.Escape(file)}, line {body}").And.Contain($"<span class=\"ln\">{body}</span><code><bdi>{Html.Escape(lines[body - 1])}</bdi></code>")
            .And.Contain("why &lt;b&gt;this&lt;/b&gt;?").And.NotContain("<b>this");
        Section(page, reportTask).Should().Contain($"{InlineComment.ReportFile}, line 1").And.Contain("say more");
        page.Should().NotContain("id=\"comments\"", "every comment sits under its task");

        // A run recorded since changed the line: the comment shows the line as commented, marked, still under its task.
        var code = new HandinCodeStore(course.Run);
        code.Save("alice", [.. code.Load("alice")!.Select(f => f.Path == file ? f with { Text = string.Join("\n", lines.Select((l, i) => i == body - 1 ? l + " // changed" : l)) } : f)]);
        page = StudentPages.Sheet("alice", new StudentDesk(desk).Sheet("alice", "000")!, DateTimeOffset.UnixEpoch, null, "antiforgery");
        Section(page, codeTask).Should().Contain("inline-comment outdated").And.Contain("changed this line since")
            .And.Contain($"<code><bdi>{Html.Escape(lines[body - 1])}</bdi></code>");
    }

    /// <summary>Task <paramref name="k"/>'s section of the page (0-based).</summary>
    private static string Section(string page, int k)
    {
        var start = page.IndexOf($"<section class=\"task\" id=\"task-{k + 1}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0);
        return page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
