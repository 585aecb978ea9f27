using System.Xml.Linq;
using Grader.Figures;
using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

/// <summary>Reads the figures' SVG back: panels, points per panel, classes.</summary>
internal static class FigureSvg
{
    public static readonly XNamespace S = "http://www.w3.org/2000/svg";

    /// <summary>Renders and parses (throws on malformed XML).</summary>
    public static XDocument Parse(Figure fig) => XDocument.Parse(fig.ToSvg());

    public static IEnumerable<XElement> WithClass(this XContainer root, string cls)
        => root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    public static List<XElement> Panels(this XDocument doc) => doc.WithClass("panel").ToList();

    /// <summary>Circles of static scatters in a panel, without the light-grey background data.</summary>
    public static int Points(this XElement panel)
        => panel.WithClass("scatter").Where(g => (string?)g.Attribute("fill") != TrajectoryFramesFigure.DataColor)
            .Sum(g => g.Elements(S + "circle").Count());

    /// <summary>Circles of the light-grey background data in a panel.</summary>
    public static int DataPoints(this XElement panel)
        => panel.WithClass("scatter").Where(g => (string?)g.Attribute("fill") == TrajectoryFramesFigure.DataColor)
            .Sum(g => g.Elements(S + "circle").Count());

    public static string? Title(this XElement panel) => panel.WithClass("title").Select(e => e.Value).FirstOrDefault();
}
