using System.Text;
using Grader.Grading.Reports;
using Grader.Runner.Sandbox;

namespace Grader.Grading.Tests.Reports;

/// <summary>
/// report.pdf through poppler: page images and texts, the pages given to items (page map, keys on pages, else every
/// page), and one problem line for a broken PDF, a file that is not a PDF, a page-size bomb and too many pages. Each
/// case runs twice: in the hand-ins' bubblewrap sandbox (ignored where it does not work, failed when
/// GRADER_REQUIRE_SANDBOX=1) and as the runner's plain fallback.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class ReportPdfTests(bool sandboxed)
{
    private static readonly string[] Keys = ["002/p2a/x#derivation", "002/p2b#explain", "002/p2c#plot"];

    private SandboxPolicy? _policy;

    [SetUp]
    public void Tools()
    {
        TestPdf.RequirePoppler();
        _policy = sandboxed ? SandboxKit.RequirePolicy() : null;
    }

    private (ReportPdf.Pages Pages, List<string> Problems, string Folder) Render(byte[] pdf, Scratch scratch, DiscoveryLimits? limits = null)
    {
        var problems = new List<string>();
        var folder = Path.Combine(scratch.Root, "pages");
        return (ReportPdf.Render(pdf, folder, _policy, limits ?? DiscoveryLimits.Default, problems), problems, folder);
    }

    [Test]
    public void A_two_page_pdf_becomes_two_png_pages_and_their_texts()
    {
        using var scratch = new Scratch();
        var (pages, problems, folder) = Render(TestPdf.Pages(["First page 002/p2a/x#derivation", "Second page"]), scratch);

        problems.Should().BeEmpty();
        pages.Count.Should().Be(2);
        pages.Images.Should().BeEquivalentTo(new Dictionary<int, string> { [1] = "page-1.png", [2] = "page-2.png" });
        foreach (var image in pages.Images.Values)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, image));
            bytes[..8].Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
            // PNG IHDR: width and height, big-endian, at bytes 16..24. US letter at 80 dpi is 680 × 880.
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)).Should().Be(680);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)).Should().Be(880);
        }

        pages.Texts.Should().HaveCount(2);
        pages.Texts[0].Should().Contain("002/p2a/x#derivation");
        pages.Texts[1].Should().Contain("Second page");
    }

    [Test]
    public void Item_keys_on_the_pages_give_each_item_its_pages_and_a_page_without_a_key_continues_the_one_before()
    {
        using var scratch = new Scratch();
        var (pages, problems, _) = Render(TestPdf.Pages(["Title page", "002/p2a/x#derivation starts", "more derivation", "002/p2b#explain and 002/p2c#plot"]), scratch);

        var map = PageMap.Assign(null, Keys, pages.Texts, pages.Count, problems);

        problems.Should().BeEmpty();
        map["002/p2a/x#derivation"].Should().Equal(2, 3);
        map["002/p2b#explain"].Should().Equal(4);
        map["002/p2c#plot"].Should().Equal(4);
    }

    [Test]
    public void A_page_map_wins_over_the_keys_on_the_pages_and_its_bad_lines_are_problems()
    {
        using var scratch = new Scratch();
        var (pages, problems, _) = Render(TestPdf.Pages(["002/p2b#explain", "page two", "page three"]), scratch);
        var text = "# comment\n002/p2a/x#derivation: 1-2\n002/p2b#explain: 3\n002/p2c#plot:\n002/p9#unknown: 1\n002/p2b#explain: 7\nno colon here\n";

        var map = PageMap.Assign(text, Keys, pages.Texts, pages.Count, problems);

        map.Should().HaveCount(2);
        map["002/p2a/x#derivation"].Should().Equal(1, 2);
        map["002/p2b#explain"].Should().Equal([3], "the map, not the key printed on page 1");
        problems.Should().HaveCount(3);
        problems.Should().ContainMatch("pages.txt line 5 *").And.ContainMatch("pages.txt line 6: '7' is not a list of pages*").And.ContainMatch("pages.txt line 7 *");
    }

    [Test]
    public void Without_a_map_or_keys_every_page_is_shown_for_every_item_and_the_problems_say_so()
    {
        using var scratch = new Scratch();
        var (pages, problems, _) = Render(TestPdf.Pages(["handwritten scan one", "scan two"]), scratch);

        var map = PageMap.Assign(null, Keys, pages.Texts, pages.Count, problems);

        map.Values.Should().AllSatisfy(p => p.Should().Equal(1, 2));
        problems.Should().ContainSingle().Which.Should().Contain("every page is shown for every item");
    }

    [Test]
    public void A_broken_pdf_is_one_problem_line()
    {
        using var scratch = new Scratch();
        var pdf = TestPdf.Pages(["a", "b"]);
        var (pages, problems, _) = Render(pdf[..(pdf.Length / 3)], scratch);

        pages.Count.Should().Be(0);
        pages.Images.Should().BeEmpty();
        problems.Should().ContainSingle().Which.Should().StartWith("report.pdf could not be read (broken, encrypted or not a PDF");
    }

    [Test]
    public void A_file_that_is_not_a_pdf_is_one_problem_line_and_no_tool_runs()
    {
        using var scratch = new Scratch();
        var (pages, problems, folder) = Render("\u007fELF not a pdf at all"u8.ToArray(), scratch);

        pages.Count.Should().Be(0);
        problems.Should().Equal("report.pdf is not a PDF (it does not start with %PDF-); it was not shown.");
        Directory.Exists(folder).Should().BeFalse();
    }

    [Test]
    public void A_page_size_bomb_is_not_rendered_and_the_other_pages_are()
    {
        // 14400 pt = 200 in a side: 16000 × 16000 pixels at 80 dpi, 768 MB of RGB, if it were rendered.
        using var scratch = new Scratch();
        var huge = TestPdf.Pages(["huge"], 14400, 14400);
        var (pages, problems, _) = Render(huge, scratch);

        pages.Count.Should().Be(1);
        pages.Images.Should().BeEmpty();
        problems.Should().ContainSingle().Which.Should().Be("page 1 of report.pdf is 200 × 200 in; a page larger than 50 in on a side is not rendered.");
    }

    [Test]
    public void A_page_whose_boxes_lie_is_cut_at_the_bound_and_refused_by_the_size_drawn()
    {
        // pdfinfo measures the crop box (US letter); pdftoppm draws the 10000 pt media box: 11,112 px a side at 80 dpi.
        using var scratch = new Scratch();
        var pdf = TestPdf.LyingBoxes("liar");
        var (pages, problems, folder) = Render(pdf, scratch);

        pages.Count.Should().Be(1);
        pages.Images.Should().BeEmpty();
        problems.Should().Equal("page 1 of report.pdf is drawn larger than 4000 px on a side (50 in at 80 dpi), whatever its page boxes say; it is not shown.");
        Directory.EnumerateFiles(folder).Should().BeEmpty();
    }

    [Test]
    public void The_png_header_gives_the_size_drawn()
    {
        using var scratch = new Scratch();
        var (pages, _, folder) = Render(TestPdf.Pages(["one"]), scratch);

        ReportPdf.PngSize(File.ReadAllBytes(Path.Combine(folder, pages.Images[1]))).Should().Be((680L, 880L), "8.5 × 11 in at 80 dpi");
        ReportPdf.PngSize("not a png at all, not at all"u8).Should().BeNull();
    }

    [Test]
    public void Pages_past_the_limit_are_left_out_with_a_problem_line()
    {
        using var scratch = new Scratch();
        var (pages, problems, _) = Render(TestPdf.Pages(["1", "2", "3", "4", "5"]), scratch, DiscoveryLimits.Default with { MaxReportPages = 2 });

        pages.Count.Should().Be(2);
        pages.Images.Keys.Should().Equal(1, 2);
        pages.Texts.Should().HaveCount(2);
        problems.Should().Equal("report.pdf has 5 pages; only the first 2 are shown.");
    }

    [Test]
    public void The_tool_sees_no_tutor_file_and_no_network_in_the_sandbox_and_never_runs_as_root_without_it()
    {
        if (!sandboxed)
        {
            // The plain fallback runs as the runner's plain hosts do (README): as uid 65534 when the grader is root.
            var id = SandboxedTool.Run(null, ["/usr/bin/id", "-u"], [], ToolLimits.Pdf);
            id.Succeeded.Should().BeTrue(id.Error);
            var uid = Encoding.UTF8.GetString(id.Output).Trim();
            uid.Should().NotBe("0", "a PDF program never runs as root");
            if (Environment.UserName == "root")
            {
                uid.Should().Be("65534", "the grader runs as root, so the tool runs as nobody");
            }

            return;
        }

        using var scratch = new Scratch();
        var secret = Path.Combine(scratch.Root, "secret.txt");
        File.WriteAllText(secret, "tutor only");

        var cat = SandboxedTool.Run(_policy, ["/usr/bin/cat", secret], [], ToolLimits.Pdf);
        var ls = SandboxedTool.Run(_policy, ["/usr/bin/ls", "/"], [], ToolLimits.Pdf);
        var net = SandboxedTool.Run(_policy, ["/usr/bin/cat", "/proc/net/dev"], [], ToolLimits.Pdf);

        cat.Succeeded.Should().BeFalse("the scratch folder is not in the sandbox");
        Encoding.UTF8.GetString(cat.Output).Should().NotContain("tutor only");
        Encoding.UTF8.GetString(ls.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().NotContain(["root", "work", "home", "srv"]);
        net.Succeeded.Should().BeTrue(net.Error);
        Encoding.UTF8.GetString(net.Output).Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim())
            .Should().Equal(["lo"], "a network namespace of its own, with only loopback");
    }

    [Test]
    public void A_tool_past_its_output_cap_is_killed_and_says_so()
    {
        var outcome = SandboxedTool.Run(_policy, ["/usr/bin/yes"], [], ToolLimits.Pdf with { OutputBytes = 1 << 20 });

        outcome.Succeeded.Should().BeFalse();
        outcome.Killed.Should().Be("it wrote more than 1 MiB");
        outcome.Output.Should().BeEmpty("what it wrote past the cap is dropped");
    }

    [Test]
    public void A_tool_past_its_wall_time_is_killed_and_says_so()
    {
        var outcome = SandboxedTool.Run(_policy, ["/usr/bin/sleep", "30"], [], ToolLimits.Pdf with { WallTime = TimeSpan.FromSeconds(1) });

        outcome.Succeeded.Should().BeFalse();
        outcome.ExitCode.Should().BeNull();
        outcome.Killed.Should().Be("it ran longer than 1 s");
    }
}
