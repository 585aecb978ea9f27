namespace Grader.Semester.Similarity;

/// <summary>
/// <c>similarity.html</c>: one self-contained page (no script, no server) with every pair ranked by score, and for each
/// pair shown (the flagged ones, at least the top <see cref="Shown"/>) both hand-ins side by side, file by file, the
/// matching lines marked.
/// </summary>
public static class SimilarityHtml
{
    /// <summary>The file name.</summary>
    public const string FileName = "similarity.html";

    /// <summary>The flagged pairs as JSON (<c>[{a, b, score, anchor}]</c>), for the cohort page.</summary>
    public const string PairsFileName = "similarity.json";

    /// <summary>The text of <see cref="PairsFileName"/>: the flagged pairs, highest first.</summary>
    public static string PairsJson(SimilarityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return System.Text.Json.JsonSerializer.Serialize(report.Flagged.Select(p => new FlaggedPair(p.A, p.B, Math.Round(p.Score, 4), Anchor(p))).ToArray());
    }

    /// <summary>Pairs shown side by side even below the threshold.</summary>
    public const int Shown = 5;

    /// <summary>The anchor of a pair's section: "pair-alice-bob".</summary>
    public static string Anchor(SimilarPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return "pair-" + Uri.EscapeDataString(pair.A) + "-" + Uri.EscapeDataString(pair.B);
    }

    /// <summary>The page.</summary>
    public static string Render(SimilarityReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        var shown = report.Pairs.Take(Math.Max(Shown, report.Flagged.Count)).ToArray();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Html.Escape(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}")
            .Append(".side{display:flex;gap:1em}.side>div{flex:1;overflow-x:auto}pre{margin:0;font-size:12px}.m{background:#ffd27f}.flag{color:#a00;font-weight:bold}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Html.Escape(title)).Append("</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p>{report.Pairs.Count} pairs of {report.Sources.Count} hand-ins, compared on Roslyn's tokens with identifiers, numbers and strings normalised (MOSS's winnowing), the template's code left out. Flagged from a score of {report.Threshold:0.##}: {report.Flagged.Count}. A high score is a reason to look, not a verdict.</p>\n")
            .Append("<table id=\"pairs\">\n<tr><th>rank</th><th>pair</th><th>score</th><th>shared fingerprints</th></tr>\n");
        int rank = 0;
        foreach (var pair in report.Pairs)
        {
            rank++;
            var name = $"{Html.Escape(pair.A)} – {Html.Escape(pair.B)}";
            html.Append(CultureInfo.InvariantCulture, $"<tr{(pair.Score >= report.Threshold ? " class=\"flag\"" : "")}><td>{rank}</td><td>")
                .Append(shown.Contains(pair) ? $"<a href=\"#{Anchor(pair)}\">{name}</a>" : name)
                .Append(CultureInfo.InvariantCulture, $"</td><td>{pair.Score:0.00}</td><td>{pair.Shared}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (report.Unread.Count > 0)
        {
            html.Append("<h2 id=\"unread\">Files not compared</h2>\n<ul>\n");
            foreach (var unread in report.Unread)
            {
                html.Append("<li>").Append(Html.Escape(unread)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        foreach (var pair in shown)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"{Anchor(pair)}\">\n<h2>{Html.Escape(pair.A)} – {Html.Escape(pair.B)}: {pair.Score:0.00}</h2>\n<div class=\"side\">\n");
            Side(html, report, pair.A, pair.LinesA);
            Side(html, report, pair.B, pair.LinesB);
            html.Append("</div>\n</section>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Side(StringBuilder html, SimilarityReport report, string student, IReadOnlyDictionary<string, SortedSet<int>> matched)
    {
        html.Append("<div><h3>").Append(Html.Escape(student)).Append("</h3>\n");
        foreach (var file in report.Sources[student].Files.Where(f => matched.ContainsKey(f.Path)))
        {
            html.Append("<h4>").Append(Html.Escape(file.Path)).Append("</h4>\n<pre>");
            var lines = file.Text.ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var text = Html.Escape(lines[i]);
                html.Append(matched[file.Path].Contains(i) ? $"<span class=\"m\">{i + 1,4} {text}</span>\n" : $"{i + 1,4} {text}\n");
            }

            html.Append("</pre>\n");
        }

        html.Append("</div>\n");
    }
}
