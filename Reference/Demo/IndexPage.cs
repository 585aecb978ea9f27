using System.Net;
using System.Text;

namespace Grader.Demo;

/// <summary>The demo's <c>index.html</c>: every figure with a one-line caption naming the sheet's task, and the metrics.</summary>
public sealed class IndexPage
{
    private readonly List<(string Section, string File, string Caption)> _figures = [];

    /// <summary>Adds a figure (a file next to index.html) under the heading <paramref name="section"/>.</summary>
    public void Add(string section, string file, string caption) => _figures.Add((section, file, caption));

    public IReadOnlyList<(string Section, string File, string Caption)> Figures => _figures;

    public string ToHtml(string title, string intro, string metrics)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
          .Append("<style>\n")
          .Append("body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2em auto; max-width: 1500px; padding: 0 1em; color: #222; }\n")
          .Append("h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }\n")
          .Append("figure { margin: 1.5em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }\n")
          .Append("figcaption { margin-top: .3em; color: #444; } pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }\n")
          .Append("</style>\n</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n<p>").Append(E(intro)).Append("</p>\n");
        string? section = null;
        foreach (var (s, file, caption) in _figures)
        {
            if (s != section)
            {
                sb.Append("<h2>").Append(E(s)).Append("</h2>\n");
                section = s;
            }
            sb.Append("<figure>\n<a href=\"").Append(E(file)).Append("\"><img src=\"").Append(E(file)).Append("\" alt=\"").Append(E(caption))
              .Append("\"></a>\n<figcaption>").Append(E(caption)).Append("</figcaption>\n</figure>\n");
        }
        sb.Append("<h2>Sample quality (<a href=\"metrics.txt\">metrics.txt</a>)</h2>\n<pre>").Append(E(metrics)).Append("</pre>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
