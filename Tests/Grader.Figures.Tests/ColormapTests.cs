namespace Grader.Figures.Tests;

public class ColormapTests
{
    [Test]
    public void Viridis_endpoints_and_clamping()
    {
        Colormap.Viridis.Hex(0).Should().Be("#440154");
        Colormap.Viridis.Hex(1).Should().Be("#fde725");
        Colormap.Viridis.Hex(0.5).Should().Be("#21918c");
        Colormap.Viridis.Hex(-3).Should().Be("#440154");
        Colormap.Viridis.Hex(7).Should().Be("#fde725");
        Colormap.Viridis.Hex(double.NaN).Should().Be("#440154");
    }

    [Test]
    public void Interpolates_linearly_between_stops()
    {
        var m = new Colormap("bw", [new Rgb(0, 0, 0), new Rgb(200, 100, 50)]);
        m.Map(0.5).Should().Be(new Rgb(100, 50, 25));
        m.Map(3, 2, 4).Should().Be(new Rgb(100, 50, 25));
    }

    [Test]
    public void Viridis_gets_lighter()
    {
        static double L(Rgb c) => 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
        var l = Enumerable.Range(0, 21).Select(i => L(Colormap.Viridis.Map(i / 20.0))).ToArray();
        l.Should().BeInAscendingOrder();
    }

    [Test]
    public void Palette_cycles()
    {
        Palette.Color(0).Should().Be(Palette.Blue);
        Palette.Color(10).Should().Be(Palette.Color(0));
        Palette.Color(-1).Should().Be(Palette.Color(9));
        Palette.Tab10.Should().OnlyHaveUniqueItems().And.HaveCount(10);
    }
}
