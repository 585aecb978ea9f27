using System.Buffers.Binary;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// Renders feedback.html in headless Chromium (Debian package "chromium"): the DOM must hold the plots as SVG and the
/// task headings, the image grids' PNGs must decode at their size, and a screenshot must be a real picture. Without chromium on PATH the test is ignored, unless
/// GRADER_REQUIRE_CHROMIUM=1, where it fails.
/// </summary>
[NonParallelizable]
public sealed class ChromiumRenderingTests : ScratchTests
{
    [Test]
    public void Feedback_html_renders_with_its_plots_and_task_headings()
    {
        var chromium = Find();
        var student = Path.Combine(Dir, "alice");
        HandinFeedback.Write(ReporterFixture.Alice(), ReporterFixture.Run, student);
        var page = new Uri(Path.Combine(student, "feedback.html")).AbsoluteUri;

        var dom = Run(chromium, "--dump-dom", page);
        dom.Should().Contain("<svg", "the plots are inline SVG");
        dom.Split("<svg").Length.Should().Be(3, "alice's failed check has two plots");
        dom.Should().Contain("Sheet 004 · 3.4 DDPM.negative_elbo: the negative ELBO of eq. (14): 0.67 / 2 points").And.Contain("Sheet 004 · 1 (a) The β schedule is valid: 1 / 3 points", "each task under the sheet's heading");
        dom.Should().Contain("got &lt;1.5 &amp; 2&gt;", "the message stays text in the DOM");

        var png = Path.Combine(Dir, "feedback.png");
        Run(chromium, $"--screenshot={png}", "--window-size=1200,2400", page);
        File.Exists(png).Should().BeTrue();
        var bytes = File.ReadAllBytes(png);
        bytes.Length.Should().BeGreaterThan(20_000, "a page with tables and two plots is not a blank image");
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)).Should().BeGreaterThanOrEqualTo(1000, "the PNG's width");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)).Should().BeGreaterThanOrEqualTo(2000, "the PNG's height");
    }

    /// <summary>
    /// The image grids decode and are laid out at their size: a copy of the page with a probe script (the page itself has
    /// none) writes each image's state into the DOM after load, which --dump-dom returns.
    /// </summary>
    [Test]
    public void Feedback_html_image_grids_render_at_their_size_with_no_broken_image()
    {
        var chromium = Find();
        var student = Path.Combine(Dir, "alice");
        HandinFeedback.Write(ReporterFixture.AliceWithPictures(), ReporterFixture.Run, student);
        var html = File.ReadAllText(Path.Combine(student, "feedback.html"));
        html.Should().NotContain("<script");
        const string probe = """
            <script>
            window.addEventListener('load', () => {
              const seen = [...document.querySelectorAll('table.image-grid img')].map(i => {
                const r = i.getBoundingClientRect();
                return `${i.complete}:${i.naturalWidth}x${i.naturalHeight}:${Math.round(r.width)}x${Math.round(r.height)}`;
              });
              const p = document.createElement('pre');
              p.id = 'probe';
              p.textContent = seen.join(' ');
              document.body.appendChild(p);
            });
            </script>
            """;
        var probed = Path.Combine(student, "probed.html");
        File.WriteAllText(probed, html.Replace("</body>", probe + "\n</body>"));

        var dom = Run(chromium, "--virtual-time-budget=5000", "--dump-dom", new Uri(probed).AbsoluteUri);
        var report = System.Text.RegularExpressions.Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        report.Should().HaveCount(8, "two grids of 6 and 2 images").And.OnlyContain(s => s == "true:4x4:64x64", "every image decodes (4 × 4 pixels) and is drawn 64 × 64");

        var png = Path.Combine(Dir, "pictures.png");
        Run(chromium, $"--screenshot={png}", "--window-size=1200,3000", new Uri(Path.Combine(student, "feedback.html")).AbsoluteUri);
        File.ReadAllBytes(png).Length.Should().BeGreaterThan(20_000);
    }

    private static string Find() => Chromium.Require();

    private string Run(string chromium, params string[] arguments) => Chromium.Run(chromium, Path.Combine(Dir, "profile"), arguments);
}
