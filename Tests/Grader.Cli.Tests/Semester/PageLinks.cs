using System.Net;

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
            int hash = link.IndexOf('#', StringComparison.Ordinal);
            var (file, fragment) = hash < 0 ? (link, "") : (link[..hash], link[(hash + 1)..]);
            var target = file.Length == 0 ? new Uri(page) : new Uri(new Uri(page), file);
            if (!target.IsFile)
            {
                broken.Add($"{link}: not a file on disk (the page must work without a network)");
                continue;
            }

            var path = target.LocalPath;
            if (!File.Exists(path))
            {
                broken.Add($"{link}: {path} does not exist");
                continue;
            }

            if (fragment.Length > 0 && !File.ReadAllText(path).Contains($"id=\"{fragment}\"", StringComparison.Ordinal))
            {
                broken.Add($"{link}: {path} has no element with id \"{fragment}\"");
            }
        }

        return broken;
    }
}
