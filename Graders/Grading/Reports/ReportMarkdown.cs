using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Grader.Grading.Reports;

/// <summary>
/// A student's <c>report.md</c> split into one section per manual item and rendered for a tutor's page. A section starts
/// at a heading whose text begins with the item's key (<c>task#item</c>, as <see cref="ReportLayout.MarkdownSkeleton"/>
/// writes it) and runs up to the next such heading. The rendering is Markdig's CommonMark with pipe tables, made safe:
/// raw HTML is shown as text (<c>DisableHtml</c>), a link keeps its target only when it is absolute http, https or
/// mailto (any other, e.g. <c>javascript:</c> or a relative path, becomes its text), and an image loads nothing (it
/// becomes "[image: alt]"). The plain text (what answer groups compare) is Markdig's, of the same section.
/// Parsing runs on a thread with a large stack and a time limit, so no nesting or size a 1 MiB file can hold ends the grader;
/// rendering is bounded in output: all sections' HTML and text together hold at most <see cref="MaxRenderedChars"/>
/// (<see cref="CappedWriter"/>), and a link target longer than <see cref="MaxUrlLength"/> is dropped (its text kept), so
/// link reference definitions used many thousand times refuse the report with one problem line instead of expanding.
/// </summary>
public static class ReportMarkdown
{
    /// <summary>The stack of the parsing thread.</summary>
    public const int StackBytes = 64 << 20;

    /// <summary>
    /// The most characters of HTML and plain text one report renders to, all sections together: 8 Mi, eight times the
    /// largest report.md (<see cref="DiscoveryLimits.MaxReportMarkdownBytes"/>), far above what prose, tables and escaped
    /// characters make of it (one '&lt;' is four), and with JSON's escaping still a <c>report.json</c> of tens of MiB at most.
    /// </summary>
    public const long MaxRenderedChars = 8L << 20;

    /// <summary>The longest link target kept (browsers' own practical limit is about this); a longer one becomes its text.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The time one report may take to split and render.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().Build();

    /// <summary>One item's section.</summary>
    /// <param name="Text">Its plain text.</param>
    /// <param name="Html">Its safe HTML.</param>
    public sealed record Section(string Text, string Html)
    {
        /// <summary>The section's Markdown as the student wrote it (line endings "\n"), without its heading.</summary>
        public string Source { get; init; } = "";

        /// <summary>The line of report.md (1-based, as the student's editor numbers it) <see cref="Source"/> starts on.</summary>
        public int Line { get; init; } = 1;
    }

    /// <summary>
    /// The sections of <paramref name="markdown"/> for the items <paramref name="keys"/>, by key (an item without a
    /// heading has none), or the reason it could not be read (one sentence, for the report's problems).
    /// </summary>
    public static (IReadOnlyDictionary<string, Section> Sections, string? Failure) Split(string markdown, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(keys);
        IReadOnlyDictionary<string, Section> sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        string? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    sections = SplitNow(markdown, keys);
                }
                catch (InsufficientExecutionStackException)
                {
                    failure = "report.md nests too deeply to read";
                }
                catch (InvalidDataException)
                {
                    failure = string.Create(CultureInfo.InvariantCulture,
                        $"report.md renders to more than {MaxRenderedChars >> 20} Mi characters (links or references repeated many thousand times?); it was not shown");
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failure = $"report.md could not be read (the Markdown parser failed on it: {e.GetType().Name})";
                }
            },
            StackBytes)
        { IsBackground = true, Name = "report.md parse" };
        thread.Start();
        if (!thread.Join(TimeLimit))
        {
            return (new Dictionary<string, Section>(), string.Create(CultureInfo.InvariantCulture, $"report.md took longer than {TimeLimit.TotalSeconds:0} s to read; it was not shown"));
        }

        return (sections, failure);
    }

    /// <summary><paramref name="markdown"/> rendered safely (no raw HTML, links only to http, https, mailto, no images).</summary>
    /// <exception cref="InvalidDataException">It renders to more than <see cref="MaxRenderedChars"/> characters.</exception>
    public static string ToSafeHtml(string markdown)
    {
        using var writer = new CappedWriter(MaxRenderedChars);
        return ToSafeHtml(markdown, writer);
    }

    /// <summary>True for a link target a tutor's page may keep: absolute http, https or mailto, at most <see cref="MaxUrlLength"/> long, with no control character.</summary>
    public static bool IsSafeUrl(string? url) =>
        url is not null
        && url.Length <= MaxUrlLength
        && !url.Any(char.IsControl)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    private static Dictionary<string, Section> SplitNow(string markdown, IReadOnlyCollection<string> keys)
    {
        markdown = markdown.ReplaceLineEndings("\n");
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        var starts = new List<(string Key, int Start, int End)>();
        foreach (var heading in document.OfType<HeadingBlock>())
        {
            var text = InlineText(heading.Inline).Trim();
            var key = keys.Where(k => text.StartsWith(k, StringComparison.Ordinal) && (text.Length == k.Length || !IsKeyChar(text[k.Length])))
                .OrderByDescending(k => k.Length).FirstOrDefault();
            if (key is not null && starts.All(s => s.Key != key))
            {
                starts.Add((key, heading.Span.Start, heading.Span.End + 1));
            }
        }

        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        long left = MaxRenderedChars;
        for (int i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Start : markdown.Length;
            var from = Math.Min(starts[i].End, end);
            var body = markdown[from..end].Trim('\n');
            var line = 1 + markdown.AsSpan(0, from + (markdown[from..end].Length - markdown[from..end].TrimStart('\n').Length)).Count('\n');
            using var text = new CappedWriter(left);
            Markdig.Markdown.ToPlainText(body, text, Pipeline);
            using var html = new CappedWriter(text.Left);
            sections[starts[i].Key] = new Section(text.ToString().Trim(), ToSafeHtml(body, html)) { Source = body, Line = line };
            left = html.Left;
        }

        return sections;
    }

    /// <summary><paramref name="markdown"/> rendered safely into <paramref name="writer"/> (which stops it at its cap).</summary>
    private static string ToSafeHtml(string markdown, CappedWriter writer)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        MakeSafe(document);
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>A character that would continue an item's key (so "t#a" does not match the heading "t#ab").</summary>
    private static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '/' or '#' or '.';

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var literal in inline?.Descendants<LiteralInline>() ?? [])
        {
            text.Append(literal.Content.ToString());
        }

        return text.ToString();
    }

    private static void MakeSafe(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToArray())
        {
            if (link.IsImage)
            {
                var alt = InlineText(link);
                link.ReplaceBy(new LiteralInline(alt.Length > 0 ? $"[image: {alt}]" : "[image]"));
            }
            else if (!IsSafeUrl(link.Url))
            {
                Unwrap(link);
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToArray())
        {
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            if (!IsSafeUrl(url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    /// <summary>Replaces a link by its content (its text stays, its target goes).</summary>
    private static void Unwrap(LinkInline link)
    {
        while (link.FirstChild is { } child)
        {
            child.Remove();
            link.InsertBefore(child);
        }

        link.Remove();
    }
}
