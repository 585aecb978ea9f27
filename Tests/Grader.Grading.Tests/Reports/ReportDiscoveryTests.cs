using System.Text;
using Grader.Grading.Tests.Discovery;

namespace Grader.Grading.Tests.Reports;

/// <summary>
/// Discovery takes the written report (<c>Report/</c>) with the code, from a folder, a zip and a student repository,
/// within its limits; whatever is wrong with the report is a problem line of the report and the code is still graded.
/// </summary>
public sealed class ReportDiscoveryTests : HandinFolderTests
{
    private DiscoveredHandin Only(DiscoveryLimits? limits = null)
    {
        var result = HandinDiscovery.Discover(Handins.Root, limits ?? DiscoveryLimits.Default);
        result.Problems.Should().BeEmpty("nothing in a report refuses or trims the code");
        return result.Handins.Should().ContainSingle().Subject;
    }

    [Test]
    public void A_folder_hand_in_carries_its_report_beside_the_code_and_the_code_is_unchanged()
    {
        Handins.Folder("alice", ("Foo.cs", Foo), ("Report/report.md", "## a#b\n\ntext"), ("Report/report.pdf", "%PDF-1.4"), ("Report/pages.txt", "a#b: 1"));
        Handins.Folder("bob", ("Foo.cs", Foo));

        var result = HandinDiscovery.Discover(Handins.Root, DiscoveryLimits.Default);

        result.Problems.Should().BeEmpty("the report's files are not 'left out' notes of the code");
        var (alice, bob) = (result.Handins[0], result.Handins[1]);
        alice.Report!.Files.Select(f => f.Name).Should().Equal("pages.txt", "report.md", "report.pdf");
        alice.Report.Problems.Should().BeEmpty();
        Encoding.UTF8.GetString(alice.Report.Files[1].Read(1024)!).Should().Be("## a#b\n\ntext");
        bob.Report.Should().BeNull();
        alice.ContentHash.Should().Be(bob.ContentHash, "the report is not part of the code's hash");
    }

    [Test]
    public void A_zip_carries_its_report_at_its_top_or_inside_its_one_top_folder()
    {
        Handins.Zip("alice.zip", ("Foo.cs", Foo), ("Report/report.md", "alice's answer"));
        Handins.Zip("bob.zip", ("bob/Foo.cs", Foo), ("bob/Report/report.md", "bob's answer"), ("bob/Report/figure.png", "png"));

        var result = HandinDiscovery.Discover(Handins.Root, DiscoveryLimits.Default);

        result.Problems.Should().BeEmpty();
        result.Handins.Select(h => h.Source.Files.Single().Path).Should().Equal("Foo.cs", "Foo.cs");
        Encoding.UTF8.GetString(result.Handins[0].Report!.Files.Single().Read(1024)!).Should().Be("alice's answer");
        var bob = result.Handins[1].Report!;
        Encoding.UTF8.GetString(bob.Files.Single().Read(1024)!).Should().Be("bob's answer");
        bob.Problems.Should().ContainSingle().Which.Should().Be("'bob/Report/figure.png' in 'bob.zip' was not read: a report is report.md, report.pdf, pages.txt (figures go into the PDF).");
    }

    [Test]
    public void A_student_repository_carries_the_report_beside_its_hand_in_folder()
    {
        Handins.Folder("alice", ("assignment.json", "{\n  \"course\": \"dtu-02460-2024\",\n  \"sheet\": \"004\"\n}\n"), ("Handin/Foo.cs", Foo), ("Report/report.md", "answer"));

        Only().Report!.Files.Single().Path.Should().Be(Handins.PathOf("alice/Report/report.md"));
    }

    [Test]
    public void A_report_over_its_limit_is_a_problem_line_and_the_code_is_graded()
    {
        var limits = DiscoveryLimits.Default with { MaxReportMarkdownBytes = 10, MaxReportPdfBytes = 20 };
        Handins.Folder("alice", ("Foo.cs", Foo), ("Report/report.md", new string('x', 11)), ("Report/report.pdf", "%PDF-" + new string('x', 16)));

        var handin = Only(limits);

        handin.Source.Files.Should().ContainSingle();
        handin.Report!.Files.Should().BeEmpty();
        handin.Report.Problems.Should().Equal(
            "'alice/Report/report.md' is 11 B; a report.md may be at most 10 B, so it was not read.",
            "'alice/Report/report.pdf' is 21 B; a report.pdf may be at most 20 B, so it was not read.");
    }

    [Test]
    public void A_zip_entry_that_lies_about_its_size_is_read_through_its_cap()
    {
        Handins.Zip("alice.zip", ("Foo.cs", Foo), ("Report/report.md", new string('x', 5000)));
        var file = Only().Report!.Files.Single();

        file.Read(100).Should().BeNull("more bytes than the cap: not read, whatever the header says");
        file.Read(5000).Should().HaveCount(5000);
    }

    [Test]
    public void A_symbolic_link_named_report_md_is_a_problem_line_and_nothing_else_is_lost()
    {
        var alice = Handins.Folder("alice", ("Foo.cs", Foo), ("Report/report.pdf", "%PDF-1.4"));
        File.CreateSymbolicLink(Path.Combine(alice, "Report", "report.md"), "/etc/passwd");

        var handin = Only();

        handin.Source.Files.Should().ContainSingle();
        handin.Report!.Files.Select(f => f.Name).Should().Equal("report.pdf");
        handin.Report.Problems.Should().Equal("'alice/Report/report.md' is a symbolic link (to '/etc/passwd'); links are not followed, so it was not read.");
    }

    [Test]
    public void A_report_folder_that_is_a_symbolic_link_out_of_the_hand_in_does_not_refuse_the_code()
    {
        var alice = Handins.Folder("alice", ("Foo.cs", Foo));
        Directory.CreateSymbolicLink(Path.Combine(alice, "Report"), "/etc");

        var handin = Only();

        handin.Source.Files.Should().ContainSingle();
        handin.Report!.Files.Should().BeEmpty();
        handin.Report.Problems.Should().Equal("'alice/Report/' is a symbolic link; links are not followed, so the report was not read.");
    }

    [Test]
    public void A_fifo_as_report_md_and_a_hard_link_as_report_pdf_are_problem_lines_and_never_opened()
    {
        var tutors = Handins.PathOf(".tutor-report.pdf"); // hidden: not a hand-in
        File.WriteAllText(tutors, "%PDF-1.4 the tutor's own");
        var alice = Handins.Folder("alice", ("Foo.cs", Foo), ("Report/pages.txt", "1: x"));
        SpecialFiles.Fifo(Path.Combine(alice, "Report", "report.md"));
        SpecialFiles.HardLink(tutors, Path.Combine(alice, "Report", "report.pdf"));

        var handin = Only(); // opening the FIFO would block here for ever

        handin.Source.Files.Should().ContainSingle();
        handin.Report!.Files.Select(f => f.Name).Should().Equal("pages.txt");
        handin.Report.Problems.Should().Equal(
            "'alice/Report/report.md' is a FIFO (named pipe), not a plain file; it was not read.",
            "'alice/Report/report.pdf' is a hard link (a file with 2 names, the others possibly outside the hand-in), not a file of its own; it was not read.");
    }

    [Test]
    public void A_report_file_that_became_a_fifo_after_discovery_is_not_opened()
    {
        Handins.Folder("alice", ("Foo.cs", Foo), ("Report/report.md", "# x"));
        var file = Only().Report!.Files.Single();
        File.Delete(file.Path);
        SpecialFiles.Fifo(file.Path);

        ((Action)(() => file.Read(1000))).Should().Throw<IOException>().WithMessage("it is a FIFO (named pipe), not a plain file; it was not opened");
    }
}
