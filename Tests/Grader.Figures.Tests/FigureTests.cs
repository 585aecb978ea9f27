using static Grader.Figures.Tests.SvgTestHelpers;

namespace Grader.Figures.Tests;

public class FigureTests
{
    [Test]
    public void Svg_parses_as_xml_with_awkward_text()
    {
        var fig = new Figure(1, 2) { Title = "Samples & <density> \u0001 \"q\"" };
        fig[0].SetLabels("a < b", "x & y", "p(x) > 0'").Scatter([1, 2, 3], [3, 1, 2], label: "<data>");
        fig[1].Line([0, 1, 2], [0, 1, 0]).Diagonal();

        var doc = XDocument.Parse(fig.ToSvg());

        doc.Root!.Name.Should().Be(S + "svg");
        doc.WithClass("figure-title").Single().Value.Should().Be("Samples & <density>  \"q\"");
        doc.WithClass("title").Single().Value.Should().Be("a < b");
        doc.WithClass("xlabel").Single().Value.Should().Be("x & y");
        doc.WithClass("ylabel").Single().Value.Should().Be("p(x) > 0'");
        doc.WithClass("panel").Should().HaveCount(2);
        doc.Root.D("width").Should().Be(fig.ColumnWidth(0) + fig.ColumnWidth(1));
    }

    [Test]
    public void Empty_figure_renders()
    {
        var doc = Parse(new Figure(2, 2));
        doc.WithClass("plot-area").Should().HaveCount(4);
        doc.All("circle").Should().BeEmpty();
    }

    [TestCase(1)]
    [TestCase(17)]
    [TestCase(1000)]
    public void Scatter_of_n_finite_points_gives_n_circles(int n)
    {
        var fig = new Figure();
        fig[0].Scatter(Seq(n, i => Math.Sin(i)), Seq(n, i => Math.Cos(3 * i)));
        var doc = Parse(fig);
        doc.All("circle").Should().HaveCount(n);
        doc.WithClass("note").Should().BeEmpty();
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void Non_finite_points_are_skipped_counted_and_noted()
    {
        double[] xs = [0, 1, double.NaN, 3, 4, double.PositiveInfinity, 6];
        double[] ys = [0, 1, 2, double.NegativeInfinity, 4, 5, 6];
        var fig = new Figure();
        fig[0].Scatter(xs, ys);

        var doc = Parse(fig);

        doc.All("circle").Should().HaveCount(4);
        fig[0].NonFiniteCount.Should().Be(3);
        doc.WithClass("note-text").Single().Value.Should().Be("3 non-finite points skipped");
        doc.ToString().Should().NotContainAny("NaN", "Infinity", "∞");
    }

    [Test]
    public void All_nan_scatter_still_renders()
    {
        var fig = new Figure();
        fig[0].Scatter([double.NaN, double.NaN], [1, double.NaN]).Line([double.NaN], [double.NaN]);
        var doc = Parse(fig);
        doc.All("circle").Should().BeEmpty();
        doc.WithClass("note-text").Single().Value.Should().Be("3 non-finite points skipped");
        doc.WithClass("tick-x").Should().NotBeEmpty();
    }

    [Test]
    public void Points_at_the_limits_land_on_the_plot_area_edges()
    {
        var fig = new Figure();
        fig[0].SetLimits(-2, 10, 5, 7).Scatter([10, -2, 4], [5, 7, 6]);

        var doc = Parse(fig);
        var area = doc.WithClass("plot-area").Single();
        double left = area.D("x"), top = area.D("y"), right = left + area.D("width"), bottom = top + area.D("height");
        var c = doc.All("circle").ToArray();

        area.D("width").Should().Be(fig.PanelWidth);
        left.Should().Be(fig.MarginLeft);
        c[0].D("cx").Should().BeApproximately(right, 0.01);
        c[0].D("cy").Should().BeApproximately(bottom, 0.01);
        c[1].D("cx").Should().BeApproximately(left, 0.01);
        c[1].D("cy").Should().BeApproximately(top, 0.01);
        c[2].D("cx").Should().BeApproximately(left + 0.5 * fig.PanelWidth, 0.01);
        c[2].D("cy").Should().BeApproximately(top + 0.5 * fig.PanelHeight, 0.01);
    }

    [Test]
    public void Second_panel_is_offset_by_one_cell()
    {
        var fig = new Figure(1, 4);
        fig[3].SetLimits(0, 1, 0, 1).Scatter([1], [0]);
        var doc = Parse(fig);
        doc.All("circle").Single().D("cx").Should().BeApproximately(fig.ColumnLeft(3) + fig.MarginLeft + fig.PanelWidth, 0.01);
    }

    [Test]
    public void Equal_aspect_gives_the_same_scale_on_both_axes()
    {
        var fig = new Figure();
        fig[0].EqualAspect = true;
        fig[0].Scatter([0, 10], [0, 1]);
        var c = Parse(fig).All("circle").ToArray();
        var dx = Math.Abs(c[1].D("cx") - c[0].D("cx")) / 10;
        var dy = Math.Abs(c[1].D("cy") - c[0].D("cy")) / 1;
        dx.Should().BeApproximately(dy, 0.02, "coordinates are rounded to 0.01 px");
    }

    [Test]
    public void Tick_labels_are_nice_and_inside_the_limits()
    {
        var fig = new Figure();
        fig[0].Scatter([0.013, 0.87], [-3.7, 1234.5]);
        var doc = Parse(fig);
        foreach (var cls in new[] { "tick-x", "tick-y" })
        {
            var v = doc.WithClass(cls).Select(e => double.Parse(e.Value, CultureInfo.InvariantCulture)).ToArray();
            v.Length.Should().BeInRange(3, 11);
            v.Should().BeInAscendingOrder();
            var steps = v.Zip(v.Skip(1), (a, b) => b - a).ToArray();
            steps.Should().AllSatisfy(s => s.Should().BeApproximately(steps[0], 1e-9 * Math.Abs(v[^1])));
            TicksTests.IsNice(steps[0]).Should().BeTrue($"{steps[0]} should be 1, 2 or 5 times a power of ten");
        }
    }

    [Test]
    public void Colourbar_present_only_when_colouring_by_value()
    {
        var plain = new Figure();
        plain[0].Scatter([1, 2], [1, 2]);
        Parse(plain).WithClass("colorbar").Should().BeEmpty();

        var fig = new Figure(1, 2);
        fig[0].ScatterByValue([1, 2, 3], [1, 2, 3], [0.0, 5.0, 10.0], colorbarLabel: "log p");
        fig[1].Scatter([1, 2], [1, 2]);
        var doc = Parse(fig);

        var bar = doc.WithClass("colorbar").Single();
        fig.ColumnWidth(0).Should().Be(fig.ColumnWidth(1) + fig.ColorbarSpace, "only the column with a colourbar is widened");
        bar.Descendants(S + "text").Select(t => t.Value).Should().Contain(["0", "10", "log p"]);
        var gradient = doc.All("linearGradient").Single();
        ((string)bar.Element(S + "rect")!.Attribute("fill")!).Should().Be($"url(#{(string)gradient.Attribute("id")!})");
        var fills = doc.WithClass("panel").First().Descendants(S + "circle").Select(e => (string)e.Attribute("fill")!).ToArray();
        fills.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        fills[0].Should().Be(Colormap.Viridis.Hex(0));
        fills[2].Should().Be(Colormap.Viridis.Hex(1));
    }

    [Test]
    public void Scatter_by_value_skips_non_finite_values()
    {
        var fig = new Figure();
        fig[0].ScatterByValue([1, 2, 3], [1, 2, 3], [0.0, double.NaN, 1.0]);
        var doc = Parse(fig);
        doc.All("circle").Should().HaveCount(2);
        fig.NonFiniteCount.Should().Be(1);
    }

    [Test]
    public void Scatter_by_category_uses_the_palette_and_names()
    {
        var fig = new Figure();
        fig[0].ScatterByCategory([1, 2, 3], [1, 2, 3], [0, 1, 0], ["real", "fake"]);
        var doc = Parse(fig);
        doc.All("circle").Select(e => (string)e.Attribute("fill")!).Should().Equal(Palette.Color(0), Palette.Color(1), Palette.Color(0));
        doc.WithClass("legend").Single().Descendants(S + "text").Select(t => t.Value).Should().Equal("real", "fake");
    }

    [Test]
    public void Legend_avoids_the_data_unless_placed_explicitly()
    {
        var fig = new Figure(1, 2);
        // Points crowd the top-right corner; the legend should move to the top-left.
        var xs = Seq(200, i => 0.8 + 0.2 * (i % 20) / 20.0);
        var ys = Seq(200, i => 0.8 + 0.2 * (i / 20) / 10.0);
        fig[0].SetLimits(0, 1, 0, 1).Scatter(xs, ys, label: "crowd");
        fig[1].SetLimits(0, 1, 0, 1).Scatter(xs, ys, label: "crowd");
        fig[1].LegendPosition = LegendPosition.TopRight;
        var doc = Parse(fig);
        var boxes = doc.WithClass("legend").Select(g => g.Element(S + "rect")!).ToArray();
        var areas = doc.WithClass("plot-area").ToArray();
        (boxes[0].D("x") - areas[0].D("x")).Should().BeLessThan(fig.PanelWidth / 2, "auto placement picks a left corner");
        (boxes[1].D("x") - areas[1].D("x")).Should().BeGreaterThan(fig.PanelWidth / 2, "explicit top-right is kept");
    }

    [Test]
    public void Line_breaks_at_non_finite_points()
    {
        var fig = new Figure();
        fig[0].Line([0, 1, 2, double.NaN, 4, 5], [0, 1, 0, 1, 0, 1]);
        var doc = Parse(fig);
        var lines = doc.All("polyline").ToArray();
        lines.Should().HaveCount(2);
        ((string)lines[0].Attribute("points")!).Split(' ').Should().HaveCount(3);
        ((string)lines[1].Attribute("points")!).Split(' ').Should().HaveCount(2);
        fig.NonFiniteCount.Should().Be(1);
    }

    [Test]
    public void Diagonal_runs_corner_to_corner_of_a_square_range()
    {
        var fig = new Figure();
        fig[0].SetLimits(0, 1, 0, 1).Diagonal();
        var doc = Parse(fig);
        var area = doc.WithClass("plot-area").Single();
        var d = doc.WithClass("diagonal").Single();
        d.D("x1").Should().Be(area.D("x"));
        d.D("y1").Should().Be(area.D("y") + area.D("height"));
        d.D("x2").Should().Be(area.D("x") + area.D("width"));
        d.D("y2").Should().Be(area.D("y"));
    }

    [Test]
    public void Heat_map_is_an_embedded_png_and_counts_non_finite_cells()
    {
        var grid = new double[3, 4];
        grid[1, 2] = double.NaN;
        grid[2, 3] = 5;
        var fig = new Figure();
        fig[0].HeatMap(grid, -1, 1, -2, 2, colorbar: true);
        var doc = Parse(fig);

        var image = doc.All("image").Single();
        var href = (string)image.Attribute(XNamespace.Get("http://www.w3.org/1999/xlink") + "href")!;
        href.Should().StartWith("data:image/png;base64,");
        var png = Convert.FromBase64String(href["data:image/png;base64,".Length..]);
        png.Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        fig.NonFiniteCount.Should().Be(1);
        doc.WithClass("colorbar").Should().ContainSingle();
        // Auto limits are the grid extent.
        var area = doc.WithClass("plot-area").Single();
        image.D("x").Should().Be(area.D("x"));
        image.D("width").Should().Be(area.D("width"));
    }

    [Test]
    public void Density_grid_is_evaluated_under_samples()
    {
        var fig = new Figure();
        fig[0].Density((x, y) => Math.Exp(-(x * x + y * y) / 2), (-3, 3), (-3, 3), resolution: 16)
              .Scatter([0, 1], [0, 1], Palette.Orange);
        var doc = Parse(fig);
        doc.All("image").Should().ContainSingle();
        doc.All("circle").Should().HaveCount(2);
    }

    [TestCase(25, 40, 4, 7)]
    [TestCase(251, 10, 5, 51)]
    [TestCase(251, 10, 7, 37)]
    [TestCase(1, 3, 1, 1)]
    public void Animated_scatter_has_one_animate_per_point_per_coordinate(int frames, int points, int step, int kept)
    {
        var xs = Enumerable.Range(0, frames).Select(f => Seq(points, i => i + 0.01 * f)).ToArray();
        var ys = Enumerable.Range(0, frames).Select(f => Seq(points, i => -i * f / 1000.0)).ToArray();
        var fig = new Figure();
        fig[0].AnimatedScatter(xs, ys, new AnimationOptions { FrameStep = step, DurationSeconds = 5 });

        var doc = Parse(fig);

        var circles = doc.All("circle").ToArray();
        circles.Should().HaveCount(points);
        foreach (var c in circles)
        {
            var anims = c.Elements(S + "animate").ToArray();
            anims.Select(a => (string)a.Attribute("attributeName")!).Should().Equal("cx", "cy");
            anims.Should().AllSatisfy(a =>
            {
                ((string)a.Attribute("values")!).Split(';').Should().HaveCount(kept);
                ((string)a.Attribute("dur")!).Should().Be("5s");
                ((string)a.Attribute("repeatCount")!).Should().Be("indefinite");
            });
            // The static position is the first frame.
            ((string)anims[0].Attribute("values")!).Split(';')[0].Should().Be((string)c.Attribute("cx")!);
        }
        doc.All("animate").Should().HaveCount(2 * points);
    }

    [Test]
    public void Animated_scatter_rounds_holds_and_skips_non_finite()
    {
        double[][] xs = [[0, double.NaN, double.NaN], [1, 1, double.NaN], [2, double.NaN, double.NaN]];
        double[][] ys = [[0, 0, 0], [1, 1, 0], [2, 2, 0]];
        var fig = new Figure();
        fig[0].SetLimits(0, 2, 0, 2).AnimatedScatter(xs, ys, new AnimationOptions { Decimals = 1, HoldEndFrames = 2 });

        var doc = Parse(fig);

        var circles = doc.All("circle").ToArray();
        circles.Should().HaveCount(2, "point 2 is never finite");
        fig.NonFiniteCount.Should().Be(2);
        var x1 = ((string)circles[1].Elements(S + "animate").First().Attribute("values")!).Split(';');
        x1.Should().HaveCount(5);
        x1.Distinct().Should().ContainSingle("point 1 holds x = 1 where its x is NaN");
        foreach (var v in circles.SelectMany(c => c.Elements(S + "animate")).SelectMany(a => ((string)a.Attribute("values")!).Split(';')))
        {
            var dot = v.IndexOf('.');
            (dot < 0 || v.Length - dot - 1 <= 1).Should().BeTrue($"'{v}' should have at most one decimal");
        }
        doc.WithClass("note-text").Single().Value.Should().Be("2 non-finite points skipped");
    }

    [Test]
    public void Animated_scatter_accepts_nx2_frames_and_colours_by_value()
    {
        var frames = Enumerable.Range(0, 4).Select(f => new float[,] { { 0, f }, { 1, 2 }, { f, 1 } }).ToArray();
        var fig = new Figure();
        fig[0].AnimatedScatter(frames, new AnimationOptions { Values = [0, 1, 2], ColorbarLabel = "t" });
        var doc = Parse(fig);
        doc.All("circle").Should().HaveCount(3);
        doc.WithClass("colorbar").Should().ContainSingle();
    }

    [Test]
    public void Mismatched_frames_are_rejected()
    {
        var fig = new Figure();
        var act = () => fig[0].AnimatedScatter([new double[3], new double[2]], [new double[3], new double[2]]);
        act.Should().Throw<ArgumentException>();
        var act2 = () => fig[0].Scatter([1, 2], [1]);
        act2.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Output_is_deterministic_and_ids_differ_between_figures()
    {
        static Figure Make(double y)
        {
            var f = new Figure();
            f[0].Scatter([0, 1], [0, y]);
            return f;
        }
        Make(1).ToSvg().Should().Be(Make(1).ToSvg());
        string Clip(Figure f) => (string)XDocument.Parse(f.ToSvg()).All("clipPath").Single().Attribute("id")!;
        Clip(Make(1)).Should().NotBe(Clip(Make(2)));
        var fixedId = Make(1);
        fixedId.IdPrefix = "report-a";
        Clip(fixedId).Should().Be("report-a-clip0");
        var bad = () => fixedId.IdPrefix = "1 bad";
        bad.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Save_writes_atomically_and_overwrites()
    {
        var dir = Path.Combine(Path.GetTempPath(), "figures-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "sub", "f.svg");
            var fig = new Figure();
            fig[0].Scatter([1], [1]);
            File.Exists(path).Should().BeFalse();
            fig.Save(path);
            File.ReadAllText(path).Should().Be(fig.ToSvg());
            fig[0].Title = "second";
            fig.Save(path);
            File.ReadAllText(path).Should().Contain("second");
            Directory.GetFiles(Path.GetDirectoryName(path)!).Should().Equal(path);
            File.ReadAllBytes(path).Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF }, "no BOM");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
