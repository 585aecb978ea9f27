using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Cli.Tests.Serve;

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
    public void The_gradebook_keeps_comments_per_hand_in_audits_each_and_a_deleted_one_is_gone()
    {
        using var scratch = new Scratch();
        using var gradebook = SemesterGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        var first = gradebook.AddComment("000", "alice", "A.cs", 3, "x = 1;", "<b>why</b>", "ana");
        var second = gradebook.AddComment("000", "alice", "A.cs", 1, "using System;", "ok", "ben");
        gradebook.AddComment("000", "bob", "A.cs", 1, "using System;", "bob's", "ana");
        gradebook.Comments("000", "alice").Select(c => (c.Id, c.Line, c.Body, c.Tutor)).Should().Equal((second, 1, "ok", "ben"), (first, 3, "<b>why</b>", "ana"));
        gradebook.Comments("001", "alice").Should().BeEmpty();
        gradebook.Comments("000")["bob"].Select(c => c.Body).Should().Equal("bob's");
        gradebook.DeleteComment(first, "ben").Should().BeTrue();
        gradebook.DeleteComment(first, "ben").Should().BeFalse("deleted already");
        gradebook.DeleteComment(999, "ben").Should().BeFalse();
        gradebook.Comment(first).Should().BeNull();
        gradebook.Comments("000", "alice").Select(c => c.Id).Should().Equal(second);
        gradebook.ServeAudit("000").Select(e => (e.Actor, e.Action, e.Student)).Should().Equal(
            ("ana", SemesterGradebook.CommentedAction, "alice"), ("ben", SemesterGradebook.CommentedAction, "alice"), ("ana", SemesterGradebook.CommentedAction, "bob"),
            ("ben", SemesterGradebook.CommentDeletedAction, "alice"));
    }
}
