namespace Grader.Figures.Tests;

internal static class SvgTestHelpers
{
    public static readonly XNamespace S = "http://www.w3.org/2000/svg";

    public static XDocument Parse(Figure fig) => XDocument.Parse(fig.ToSvg());

    public static IEnumerable<XElement> All(this XDocument doc, string name) => doc.Descendants(S + name);

    public static IEnumerable<XElement> WithClass(this XDocument doc, string cls)
        => doc.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    public static double D(this XElement e, string attribute)
        => double.Parse((string?)e.Attribute(attribute) ?? throw new AssertionException($"missing {attribute}"),
            NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double[] Seq(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();
}
