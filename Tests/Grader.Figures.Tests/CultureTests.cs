using static Grader.Figures.Tests.SvgTestHelpers;

namespace Grader.Figures.Tests;

[NonParallelizable]
public class CultureTests
{
    /// <summary>
    /// The shared comma-decimal culture (<see cref="TestCultures.German"/>) with the minus sign U+2212, so a number
    /// written with the current culture's sign shows.
    /// </summary>
    private static CultureInfo GermanNumbers()
    {
        var c = (CultureInfo)TestCultures.German().Clone();
        c.NumberFormat.NegativeSign = "\u2212";
        return c;
    }

    [Test]
    public void Output_is_invariant_under_a_comma_decimal_culture()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string svg, reference;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            reference = Build().ToSvg();
            var german = GermanNumbers();
            CultureInfo.CurrentCulture = german;
            CultureInfo.CurrentUICulture = german;
            (1.5).ToString().Should().Be("1,5", "the test culture must really use comma decimals");
            svg = Build().ToSvg();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }

        svg.Should().Be(reference);
        var doc = XDocument.Parse(svg);
        foreach (var e in doc.All("circle"))
        {
            ((string)e.Attribute("cx")!).Should().NotContain(",");
            e.D("cx"); // parses with the invariant culture
        }
        doc.WithClass("tick-x").Select(e => e.Value).Should().Contain(t => t.Contains('.'));
        doc.WithClass("tick-x").Select(e => e.Value).Should().NotContain(t => t.Contains(',') || t.Contains('\u2212'));
        doc.WithClass("tick-y").Select(e => e.Value).Should().Contain(t => t.StartsWith('-'));
        doc.Descendants(S + "animate").Should().NotBeEmpty();
        doc.Descendants(S + "animate").Select(a => (string)a.Attribute("values")!).Should().NotContain(v => v.Contains(','));
    }

    private static Figure Build()
    {
        var fig = new Figure(1, 3) { Title = "1.5 vs 1,5" };
        fig[0].SetLimits(0.25, 1.75, -1.5, 1.5).Scatter([0.5, 1.25], [-1.25, 1.125]).Line([0.3, 0.7], [0.1, -0.9]);
        fig[1].ScatterByValue([0.1, 0.2, double.NaN], [0.3, 0.4, 0.5], [1234.5, -0.25, 1]);
        fig[2].AnimatedScatter([[0.5, 1.5], [0.25, 1.75]], [[-0.5, 0.5], [-0.75, 0.125]], new AnimationOptions { DurationSeconds = 2.5 });
        return fig;
    }
}
