using System.Text.RegularExpressions;

namespace Grader.Cli.GitHub;

/// <summary>A commit of a repository on GitHub, written <c>owner/name@sha</c> (the sha in full: 40 hex digits).</summary>
public sealed partial record CommitTarget(string Owner, string Name, string Sha)
{
    /// <summary>Reads <c>owner/name@sha</c>; a <see cref="UsageException"/> with one sentence for anything else.</summary>
    public static CommitTarget Parse(string text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            throw new UsageException($"'{text}' is not a commit: write owner/repository@sha, with the commit's full 40-digit sha (e.g. course-org/sheet-004-alice@{new string('0', 40)}).");
        }

        return new CommitTarget(match.Groups["owner"].Value, match.Groups["name"].Value, match.Groups["sha"].Value.ToLowerInvariant());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Owner}/{Name}@{Sha}";

    [GeneratedRegex("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<name>[A-Za-z0-9._-]{1,100})@(?<sha>[0-9a-fA-F]{40})$")]
    private static partial Regex Pattern();
}
