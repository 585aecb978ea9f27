using System.Text.RegularExpressions;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// Docs that cannot drift (issue 83, item 5): every relative link in the repository's Markdown (the README, the manual in
/// <c>docs/</c>, the lab notes, every README, the fixtures' too; their hand-ins and test data left out) names a file
/// or folder that exists, and a <c>#fragment</c> into a Markdown file names one of its headings (GitHub's anchor: lower
/// case, punctuation but hyphens dropped, spaces to hyphens). Links inside fenced code blocks and to other schemes
/// (<c>https:</c>, <c>mailto:</c>) are not checked: the machines have no internet.
/// </summary>
public sealed partial class DocLinksTests
{
    [Test]
    public void Every_relative_link_in_the_repositorys_markdown_reaches_a_file_and_heading()
    {
        var broken = MarkdownFiles(RepositoryRoot.Path).SelectMany(Broken).ToList();

        broken.Should().BeEmpty("a link in the docs names a file (and heading) of this repository");
    }

    /// <summary>The most lines a component's README has: its first screen; the rest lives in the manual (<c>docs/</c>).</summary>
    private const int ReadmeLines = 150;

    [Test]
    public void Every_component_readme_is_a_first_screen_of_at_most_150_lines()
    {
        var readmes = MarkdownFiles(RepositoryRoot.Path)
            .Where(f => Path.GetFileName(f) == "README.md")
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .ToArray();
        readmes.Should().Contain(["README.md", "Graders/Web/README.md", "Graders/Hidden/README.md", "fixtures/cohort/README.md", "Submissions/Examples/README.md"],
            "the search finds the READMEs, the fixtures' and the examples' too");

        readmes.Select(f => (File: f, Lines: File.ReadAllLines(Path.Combine(RepositoryRoot.Path, f)).Length)).Where(r => r.Lines > ReadmeLines)
            .Select(r => $"{r.File}: {r.Lines} lines").Should().BeEmpty($"a README is its component's first screen (at most {ReadmeLines} lines); the rest belongs in docs/");
    }

    [Test]
    public void A_missing_file_and_a_missing_heading_are_named_and_a_good_link_is_not()
    {
        var folder = Directory.CreateTempSubdirectory("doc-links-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "guide.md"), "# The guide\n\n## Backup and restore\n\nText.\n");
            File.WriteAllText(Path.Combine(folder.FullName, "README.md"), """
                See [the guide](guide.md), [its backup](guide.md#backup-and-restore), [the web](https://example.org/x.md)
                and [here](#start).

                # Start

                Broken: [gone](gone.md) and [no heading](guide.md#restoring).

                ```
                [in code](not-checked.md)
                ```
                """);

            var broken = MarkdownFiles(folder.FullName).SelectMany(Broken).ToList();

            broken.Should().BeEquivalentTo(["README.md: gone.md (no such file)", "README.md: guide.md#restoring (no such heading)"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The Markdown files under <paramref name="root"/>, outside build output and Git's folder; of the fixtures, only their
    /// READMEs (the rest is test data: approved reports, hand-ins).
    /// </summary>
    private static IEnumerable<string> MarkdownFiles(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar) is var parts
                && !parts.Any(part => part is "bin" or "obj" or ".git" or "node_modules" or "TestResults")
                && (!parts.Contains("fixtures") || Path.GetFileName(f) == "README.md"));

    private static IEnumerable<string> Broken(string file)
    {
        var text = FencedBlock().Replace(File.ReadAllText(file), "");
        var root = RepositoryRoot.Path;
        var shown = file.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, file) : Path.GetFileName(file);
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups[1].Value;
            if (Scheme().IsMatch(target)) continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var fragment = hash < 0 ? "" : target[(hash + 1)..];
            var full = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                yield return $"{shown}: {target} (no such file)";
            }
            else if (fragment.Length > 0 && full.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Headings(full).Contains(fragment))
            {
                yield return $"{shown}: {target} (no such heading)";
            }
        }
    }

    /// <summary>The GitHub anchors of <paramref name="file"/>'s headings.</summary>
    private static HashSet<string> Headings(string file) =>
        FencedBlock().Replace(File.ReadAllText(file), "").Split('\n')
            .Select(line => Heading().Match(line))
            .Where(m => m.Success)
            .Select(m => Anchor(m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static string Anchor(string heading) =>
        NotAnchor().Replace(heading.Replace("`", "", StringComparison.Ordinal).Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"^[ \t]*```.*?^[ \t]*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}_\- ]")]
    private static partial Regex NotAnchor();
}
