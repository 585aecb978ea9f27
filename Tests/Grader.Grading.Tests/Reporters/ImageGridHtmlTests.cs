using System.Buffers.Binary;
using System.Text.Json;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// A check's <see cref="ImageGrid"/>s on their way to the student: through the record's JSON (an older record without
/// them still loads), bounded by <see cref="WorkerProtocol.Sanitize"/>, drawn in feedback.html as inline PNGs of the
/// grid's size with the marks counted, and named in one line of feedback.md.
/// </summary>
public sealed partial class ImageGridHtmlTests
{
    private static CheckVerdict Verdict(HandinReport report) =>
        report.Tasks.SelectMany(t => t.Checks).Single(c => c.Result.Images is { Count: > 0 });

    [Test]
    public void Feedback_html_draws_each_image_as_an_inline_png_of_the_grid_size_under_its_check()
    {
        var outcome = ReporterFixture.AliceWithPictures();
        var html = FeedbackHtml.Render(outcome, ReporterFixture.Run);

        var check = Regex.Match(html, "<div class=\"check passed\" data-check=\"diffusion.toy-quality\">.*?\n</div>", RegexOptions.Singleline);
        check.Success.Should().BeTrue();
        var images = ImgTag().Matches(check.Value);
        images.Should().HaveCount(8, "6 samples and 2 frames");
        ImgTag().Matches(html).Should().HaveCount(8, "no other check has images");
        foreach (Match img in images)
        {
            var png = Convert.FromBase64String(img.Groups["png"].Value);
            png.AsSpan(0, 8).ToArray().Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
            (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4))).Should().Be((4, 4));
            img.Groups["w"].Value.Should().Be("64", "a 4 × 4 image is drawn 16 times larger");
            img.Groups["h"].Value.Should().Be("64");
        }

        check.Value.Should().Contain("<figcaption>Your images &lt;beside&gt; the reference&#39;s</figcaption>")
            .And.Contain("<th scope=\"row\">your chain &amp; &lt;co&gt;</th>")
            .And.Contain("<span class=\"caption\">x_T</span>")
            .And.Contain("Pixels outside [0, 1]: 15 below 0 in blue; 4 above 1 in red; 1 not a number (NaN or ±∞) in magenta.");
        Regex.Matches(html, " src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Should().OnlyContain(s => s.StartsWith("data:image/png;base64,"), "the page stays self-contained");
        html.Should().NotContain("<script");
    }

    [Test]
    public void A_marked_pixel_is_drawn_in_its_colour_and_grey_levels_span_black_to_white()
    {
        var grid = ImageGrid.Of("t", 1, 5, ("r", [0.0, 1.0, -1.0, 2.0, double.NaN], null));
        var png = ImageGridHtml.Png(grid, grid.Rows[0].Images[0]);
        var pixels = Inflate(png);

        pixels.Should().Equal(
            0, 0, 0, 255, 255, 255, 255, 255, 0x1f, 0x5f, 0xd0, 255, 0xd6, 0x27, 0x28, 255, 0xe0, 0x20, 0xe0, 255);
    }

    [Test]
    public void A_grid_that_is_not_drawable_gives_a_note_not_an_exception()
    {
        var broken = new ImageGrid("broken <grid>", 2, 2, [new ImageRow("a", [new GridImage(null, new byte[3])])]);

        ImageGridHtml.Render(broken).Should().Contain("broken &lt;grid&gt;").And.Contain("These images could not be drawn").And.NotContain("<img");
    }

    [Test]
    public void Feedback_md_says_in_one_line_that_the_pictures_are_in_feedback_html()
    {
        var outcome = ReporterFixture.AliceWithPictures();
        var md = FeedbackMarkdown.Render(outcome, ReporterFixture.Run);

        md.Split('\n').Where(l => l.Contains("feedback.html")).Should().ContainSingle()
            .Which.Should().Be("The pictures of this task's checks (2 image grids) are in feedback.html.");
        var plain = FeedbackMarkdown.Render(ReporterFixture.Alice(), ReporterFixture.Run);
        plain.Should().NotContain("image grid");
    }

    [Test]
    public void The_record_keeps_the_grids_through_json_and_an_older_record_without_them_loads()
    {
        var verdict = Verdict(ReporterFixture.AliceWithPictures());
        var json = JsonSerializer.Serialize(verdict, WorkerProtocol.IndentedJson);
        var back = JsonSerializer.Deserialize<CheckVerdict>(json, WorkerProtocol.Json)!;

        json.Should().Contain("\"images\"").And.Contain("\"levels\": \"", "the levels are one base64 string, not a number per line");
        var images = back.Result.Images!;
        images.Select(g => g.Title).Should().Equal(ReporterFixture.Pictures.Select(g => g.Title));
        images.SelectMany(g => g.Rows).SelectMany(r => r.Images).Select(i => i.Levels)
            .Should().BeEquivalentTo(ReporterFixture.Pictures.SelectMany(g => g.Rows).SelectMany(r => r.Images).Select(i => i.Levels), o => o.WithStrictOrdering());
        WorkerProtocol.Sanitize(back).Result.Images.Should().HaveCount(2);

        var older = JsonSerializer.Deserialize<CheckVerdict>(
            """{"taskId":"004/3.5/mnist","checkId":"diffusion.dtu.image-sample-with-oracle","outcome":"Passed","message":"ok","seconds":0.5}""", WorkerProtocol.Json)!;
        older.Result.Images.Should().BeNull();
        older.Elapsed.Should().Be(TimeSpan.FromSeconds(0.5));
    }

    [Test]
    public void Sanitize_drops_grids_beyond_the_caps_and_keeps_at_most_four()
    {
        var good = ReporterFixture.Pictures[1];
        var tooMany = new ImageGrid("many", 2, 2, [new ImageRow("a", Enumerable.Repeat(new GridImage(null, new byte[4]), ImageGrid.MaxImages + 1).ToArray())]);
        var tooLarge = new ImageGrid("large", ImageGrid.MaxSide + 1, 1, [new ImageRow("a", [new GridImage(null, new byte[ImageGrid.MaxSide + 1])])]);
        var badSize = new ImageGrid("size", 2, 2, [new ImageRow("a", [new GridImage(null, new byte[5])])]);
        var verdict = Verdict(ReporterFixture.AliceWithPictures());
        var record = verdict with
        {
            Result = verdict.Result with { Images = [tooMany, good, tooLarge, null!, badSize, good, good, good, good, good with { Title = new string('x', 20_000) }] },
        };

        var kept = WorkerProtocol.Sanitize(record).Result.Images!;
        kept.Should().HaveCount(WorkerProtocol.MaxImageGrids).And.OnlyContain(g => g.Title == good.Title);
        WorkerProtocol.Sanitize(record with { Result = record.Result with { Images = [good with { Title = new string('x', 20_000) }] } }).Result.Images!.Single().Title.Length.Should().BeLessThan(8_100);
    }

    /// <summary>The RGBA bytes of a PNG written by Grader.Figures' encoder (one IDAT, filter 0 on each row).</summary>
    private static byte[] Inflate(byte[] png)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33, 4));
        System.Text.Encoding.ASCII.GetString(png, 37, 4).Should().Be("IDAT");
        using var z = new System.IO.Compression.ZLibStream(new MemoryStream(png, 41, length), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        bytes[0].Should().Be(0, "filter none");
        return bytes[1..];
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,(?<png>[A-Za-z0-9+/=]+)\" width=\"(?<w>\\d+)\" height=\"(?<h>\\d+)\"")]
    private static partial Regex ImgTag();
}
