using System.Net;
using System.Text.RegularExpressions;

namespace Grader.Web;

/// <summary>
/// A report section's HTML made safe to show, whoever rendered it: only the tags of written text survive, every one
/// without attributes (no link, image, style or event handler); comments, <c>script</c> and <c>style</c> elements are
/// dropped with their content; every other tag is dropped; all text is decoded and escaped again
/// (<see cref="Html.Escape"/>). What comes out is allowed tags and escaped text, nothing else.
/// </summary>
public static partial class AnswerHtml
{
    /// <summary>Longer sections are not shown as HTML (their text is).</summary>
    public const int MaxLength = 256 * 1024;

    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del",
    };

    /// <summary>The safe HTML, or null when <paramref name="html"/> is null or past <see cref="MaxLength"/>.</summary>
    public static string? Sanitise(string? html)
    {
        if (html is null || html.Length > MaxLength)
        {
            return null;
        }

        try
        {
            return Clean(html);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Clean(string html)
    {
        var text = Dropped().Replace(html, "");
        var safe = new StringBuilder(text.Length);
        int at = 0;
        foreach (Match tag in Tag().Matches(text))
        {
            safe.Append(Html.Escape(WebUtility.HtmlDecode(text[at..tag.Index])));
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (Allowed.Contains(name))
            {
                safe.Append(tag.Groups["close"].Success && tag.Groups["close"].Length > 0 ? $"</{name}>" : $"<{name}>");
            }

            at = tag.Index + tag.Length;
        }

        safe.Append(Html.Escape(WebUtility.HtmlDecode(text[at..])));
        return safe.ToString();
    }

    [GeneratedRegex(@"<!--.*?(-->|$)|<(script|style)\b[^>]*>.*?(</\2\s*>|$)", RegexOptions.Singleline | RegexOptions.IgnoreCase, 2000)]
    private static partial Regex Dropped();

    [GeneratedRegex(@"<(?<close>/?)(?<name>[A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>]*)?>", RegexOptions.None, 2000)]
    private static partial Regex Tag();
}
