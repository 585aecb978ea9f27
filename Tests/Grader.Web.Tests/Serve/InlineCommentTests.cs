using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Inline comments without a server (issue 70, item 4): where a comment lands on a file that changed (the same line, the
/// nearest line with its text, outdated), the hand-in's document as the code page numbers it (the run's kept code, the
/// report's answers), the kept code read capped and never through a link, and the gradebook's comments with their
/// audit entries.
/// </summary>
public sealed class InlineCommentTests
{
    [Test]
    public void A_comment_stays_on_its_line_follows_its_text_to_the_nearest_line_or_is_outdated()
    {
        string[] before = ["using System;", "", "x = 1;", "y = 2;", "x = 1;"];
        InlineComment.Place("A.cs", 3, "x = 1;", "c", before).Should().Be(new InlineComment("A.cs", 3, "x = 1;", "c"));
        // Two lines inserted above: the text is now on line 5 (and 7); the nearest to 3 is 5.
        string[] moved = ["using System;", "// new", "// new", "", "x = 1;", "y = 2;", "x = 1;"];
        var placed = InlineComment.Place("A.cs", 3, "x = 1;", "c", moved);
        (placed.Line, placed.MovedFrom, placed.Outdated).Should().Be((5, (int?)3, false));
        placed.Where.Should().Be("A.cs, line 5 (moved from line 3)");
        // The text is gone: outdated, at the line it was written on.
        var gone = InlineComment.Place("A.cs", 3, "x = 1;", "c", ["using System;", "x = 2;"]);
        (gone.Line, gone.Outdated).Should().Be((3, true));
        gone.Where.Should().EndWith("(outdated: the line is no longer there)");
        InlineComment.Place("A.cs", 1, "using System;", "c", null).Outdated.Should().BeTrue("the file is gone");
        // A line number past the end with its text earlier in the file moves; equal distance takes the earlier line.
        InlineComment.Place("A.cs", 9, "y = 2;", "c", before).Line.Should().Be(4);
        InlineComment.Place("A.cs", 4, "x = 1;", "c", ["x = 1;", "", "", "", "", "", "x = 1;"]).Line.Should().Be(1);
        InlineComment.Lines("a\r\nb\rc\n").Should().Equal("a", "b", "c");
        InlineComment.Lines("").Should().BeEmpty();
    }

    [Test]
    public void The_document_numbers_the_kept_code_and_the_reports_answers_and_the_kept_code_is_read_capped_never_through_a_link()
    {
        using var scratch = new Scratch();
        var run = Path.Combine(scratch.Root, "run");
        var code = new HandinCodeStore(run);
        code.Save("alice", [new HandinFile("Z.cs", "z\n"), new HandinFile("Sub/\u202Eevil.cs", "a\nb\n")]);
        new WrittenReportStore(run).Save(new WrittenReport("alice", ["report.md"],
            [new ReportAnswer("t", "1", "first\nsecond", null, []), new ReportAnswer("t", "2", "third", null, [])], []));
        var document = HandinDocument.Of(run, "alice");
        document.Files.Should().Equal("Sub/\u202Eevil.cs", "Z.cs", InlineComment.ReportFile);
        document.Lines(InlineComment.ReportFile).Should().Equal("first", "second", "third");
        document.Lines("Sub/\u202Eevil.cs").Should().Equal("a", "b");
        document.Lines("../../etc/passwd").Should().BeNull();
        HandinDocument.Of(run, "bob").Files.Should().BeEmpty("bob has no kept code and no report");

        // A kept file past the cap, or one that became a link, is not read.
        File.WriteAllBytes(code.PathOf("big"), new byte[HandinCodeStore.MaxBytes + 1]);
        code.Load("big").Should().BeNull();
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(code.PathOf("linked"), code.PathOf("alice"));
            code.Load("linked").Should().BeNull("a link is never followed");
        }

        File.WriteAllText(code.PathOf("broken"), "[{\"path\": null}]");
        code.Load("broken").Should().BeNull();
    }

    [Test]
    public void A_report_comment_cites_the_students_own_line_of_report_md_and_the_page_shows_each_answer_under_its_item()
    {
        // An answer deep in report.md: its first line is line 29 of the student's file (it was "line 3" of the answers' text).
        var markdown = string.Concat(Enumerable.Range(1, 26).Select(i => $"intro line {i}\r\n")) + "## t#1 first\r\n\r\nThe answer starts here.\r\n<b>second</b> line\r\n\r\n## t#2 second\r\nAnother.\r\n";
        var (sections, failure) = ReportMarkdown.Split(markdown, ["t#1", "t#2"]);
        failure.Should().BeNull();
        (sections["t#1"].Line, sections["t#1"].Source).Should().Be((29, "The answer starts here.\n<b>second</b> line"));
        (sections["t#2"].Line, sections["t#2"].Source).Should().Be((33, "Another."));

        using var scratch = new Scratch();
        var run = Path.Combine(scratch.Root, "run");
        ReportAnswer Answer(string item) => new ReportAnswer("t", item, sections["t#" + item].Text, null, []) { Source = sections["t#" + item].Source, Line = sections["t#" + item].Line };
        new WrittenReportStore(run).Save(new WrittenReport("alice", ["report.md"], [Answer("1"), Answer("2")], []));
        var document = HandinDocument.Of(run, "alice");
        var lines = document.Lines(InlineComment.ReportFile)!;
        lines.Should().HaveCount(33);
        (lines[28], lines[29], lines[32]).Should().Be(("The answer starts here.", "<b>second</b> line", "Another."));
        document.ReportSections.Should().Equal(new HandinDocument.ReportSection("t", "1", 29, 30), new HandinDocument.ReportSection("t", "2", 33, 33));
        InlineComment.Place(InlineComment.ReportFile, 29, lines[28], "c", lines).Where.Should().Be("Report/report.md, line 29");

        // The page: the report alone (one file at a time), each answer under its item's heading, the lines by their own numbers,
        // the form opened in place under the clicked line, and the student's text escaped.
        var stored = new StoredComment(7, "000", "alice", InlineComment.ReportFile, 30, lines[29], "why <i>bold</i>?", "ana", "2026-11-28T12:00:00Z");
        var page = Grader.Web.Comments.CodePage.Render("000", "anon-1", document, [stored], "ana", "t", InlineComment.ReportFile, 29);
        page.Should().Contain("<h3><bdi>t · 1</bdi></h3>").And.Contain("<h3><bdi>t · 2</bdi></h3>");
        page.IndexOf("t · 1", StringComparison.Ordinal).Should().BeLessThan(page.IndexOf("id=\"l29\"", StringComparison.Ordinal));
        page.Should().Contain("line=29#add\" aria-label=\"comment on line 29\">29</a>").And.NotContain("id=\"l1\"", "the lines outside the answers are not shown");
        var form = page.IndexOf("id=\"add\"", StringComparison.Ordinal);
        form.Should().BeGreaterThan(page.IndexOf("id=\"l29\"", StringComparison.Ordinal)).And.BeLessThan(page.IndexOf("id=\"l30\"", StringComparison.Ordinal), "the form is under line 29");
        page.IndexOf("id=\"c7\"", StringComparison.Ordinal).Should().BeGreaterThan(page.IndexOf("id=\"l30\"", StringComparison.Ordinal), "the comment is shown under its line");
        page.Should().Contain("&lt;b&gt;second&lt;/b&gt; line").And.Contain("why &lt;i&gt;bold&lt;/i&gt;?").And.NotContain("<b>second");
        page.Should().Contain("Report/report.md, line 30");
    }

    [Test]
    public void The_code_page_shows_one_file_at_a_time_with_the_list_of_files_and_links_to_the_next()
    {
        using var scratch = new Scratch();
        var run = Path.Combine(scratch.Root, "run");
        new HandinCodeStore(run).Save("alice", [new HandinFile("A.cs", "class A {}\n"), new HandinFile("B.cs", "class B {}\n")]);
        var document = HandinDocument.Of(run, "alice");
        var first = Grader.Web.Comments.CodePage.Render("000", "anon-1", document, [], "ana", "t");
        first.Should().Contain("data-file=\"A.cs\"").And.NotContain("data-file=\"B.cs\"", "one file at a time");
        first.Should().Contain("<a href=\"/sheet/000/code/anon-1?file=A.cs\" aria-current=\"page\">").And.Contain("<a href=\"/sheet/000/code/anon-1?file=B.cs\">");
        first.Should().Contain("id=\"next-file\" rel=\"next\" accesskey=\".\" href=\"/sheet/000/code/anon-1?file=B.cs\"").And.NotContain("id=\"add\"", "no form before a line is clicked");
        var second = Grader.Web.Comments.CodePage.Render("000", "anon-1", document, [], "ana", "t", "B.cs");
        second.Should().Contain("data-file=\"B.cs\"").And.NotContain("data-file=\"A.cs\"").And.Contain("id=\"prev-file\"").And.NotContain("id=\"next-file\"");
    }

    [Test]
    public void The_gradebook_keeps_comments_per_hand_in_audits_each_and_a_deleted_one_is_gone()
    {
        using var scratch = new Scratch();
        using var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        var first = gradebook.Comments.AddComment("000", "alice", "A.cs", 3, "x = 1;", "<b>why</b>", "ana");
        var second = gradebook.Comments.AddComment("000", "alice", "A.cs", 1, "using System;", "ok", "ben");
        gradebook.Comments.AddComment("000", "bob", "A.cs", 1, "using System;", "bob's", "ana");
        gradebook.Comments.Comments("000", "alice").Select(c => (c.Id, c.Line, c.Body, c.Tutor)).Should().Equal((second, 1, "ok", "ben"), (first, 3, "<b>why</b>", "ana"));
        gradebook.Comments.Comments("001", "alice").Should().BeEmpty();
        gradebook.Comments.Comments("000")["bob"].Select(c => c.Body).Should().Equal("bob's");
        gradebook.Comments.DeleteComment(first, "ben").Should().BeTrue();
        gradebook.Comments.DeleteComment(first, "ben").Should().BeFalse("deleted already");
        gradebook.Comments.DeleteComment(999, "ben").Should().BeFalse();
        gradebook.Comments.Comment(first).Should().BeNull();
        gradebook.Comments.Comments("000", "alice").Select(c => c.Id).Should().Equal(second);
        gradebook.Audit.ServeAudit("000").Select(e => (e.Actor, e.Action, e.Student)).Should().Equal(
            ("ana", AuditLog.CommentedAction, "alice"), ("ben", AuditLog.CommentedAction, "alice"), ("ana", AuditLog.CommentedAction, "bob"),
            ("ben", AuditLog.CommentDeletedAction, "alice"));
    }
}
