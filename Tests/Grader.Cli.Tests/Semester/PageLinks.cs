using System.Net;
using System.Text.RegularExpressions;

namespace Grader.Cli.Tests.Semester;

/// <summary>The links of a static page that do not resolve from the file system: a missing file, or a fragment the target page has no id for.</summary>
internal static partial class PageLinks
{
    [GeneratedRegex("<a [^>]*href=\"([^\"]*)\"")]
    private static partial Regex Href();

    public static IReadOnlyList<string> Broken(string page, string dom)
    {
        var broken = new List<string>();
        var links = Href().Matches(dom).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
        if (links.Length == 0)
        {
            broken.Add("(the page has no link at all)");
        }

        foreach (var link in links)
        {
            var target = new Uri(new Uri(page), link);
            if (!target.IsFile)
            {
                broken.Add($"{link}: not a file on disk (the page must work without a network)");
                continue;
            }

            var path = Uri.UnescapeDataString(target.AbsolutePath);
            if (!File.Exists(path))
            {
                broken.Add($"{link}: {path} does not exist");
                continue;
            }

            var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
            if (fragment.Length > 0 && !File.ReadAllText(path).Contains($"id=\"{Uri.EscapeDataString(fragment)}\"", StringComparison.Ordinal)
                && !File.ReadAllText(path).Contains($"id=\"{fragment}\"", StringComparison.Ordinal))
            {
                broken.Add($"{link}: {path} has no element with id \"{fragment}\"");
            }
        }

        return broken;
    }
}
