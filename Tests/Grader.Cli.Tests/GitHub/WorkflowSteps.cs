namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The <c>run:</c> steps of the repository's GitHub workflows (<c>.github/workflows/*.yml</c>), read line by line: a
/// step's name, the line its script starts on and the script (a <c>run: |</c> block, dedented, or a one-line
/// <c>run:</c>), with each <c>${{ … }}</c> expression replaced by underscores of its length, as actionlint hands a
/// script to shellcheck. The workflows use only these two forms; a step in another form (<c>run: &gt;</c>, a quoted
/// scalar) is refused rather than misread.
/// </summary>
internal static partial class WorkflowSteps
{
    /// <summary>One <c>run:</c> step.</summary>
    /// <param name="File">The workflow's file name.</param>
    /// <param name="Name">The step's <c>name:</c>, or null.</param>
    /// <param name="Line">The 1-based line of its <c>run:</c> key.</param>
    /// <param name="Script">The shell script, expressions replaced.</param>
    public sealed record Step(string File, string? Name, int Line, string Script);

    public static string Folder => Path.Combine(RepositoryRoot.Path, ".github", "workflows");

    public static IReadOnlyList<string> Files => Directory.GetFiles(Folder, "*.yml").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every <c>run:</c> step of every workflow.</summary>
    public static IReadOnlyList<Step> All => Files.SelectMany(Read).ToArray();

    /// <summary>The step named <paramref name="name"/> in <paramref name="file"/> (e.g. <c>grade-cohort.yml</c>).</summary>
    public static Step Named(string file, string name) =>
        Read(Path.Combine(Folder, file)).SingleOrDefault(s => s.Name == name)
        ?? throw new AssertionException($"{file} has no run: step named '{name}'");

    public static IEnumerable<Step> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        string? name = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Key().Match(lines[i]);
            if (!match.Success)
                continue;
            if (match.Groups["dash"].Success)
                name = null;
            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Trim();
            if (key == "name")
                name = value;
            if (key != "run")
                continue;

            var line = i + 1;
            var indent = match.Groups["indent"].Length + match.Groups["dash"].Length;
            string script;
            if (value is "|" or "|-")
            {
                var body = lines.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || Indent(l) > indent).ToList();
                i += body.Count; // the block's lines are script, not keys
                while (body.Count > 0 && body[^1].Trim().Length == 0)
                    body.RemoveAt(body.Count - 1);
                var margin = body.Where(l => l.Trim().Length > 0).Select(Indent).DefaultIfEmpty(0).Min();
                script = string.Join('\n', body.Select(l => l.Length >= margin ? l[margin..] : "")) + "\n";
            }
            else if (value.Length > 0 && value[0] is not ('>' or '"' or '\''))
            {
                script = value + "\n";
            }
            else
            {
                throw new AssertionException($"{Path.GetFileName(path)}:{line}: a run: step in a form this reader does not take ('{value}')");
            }

            yield return new Step(Path.GetFileName(path), name, line, Expression().Replace(script, m => new string('_', m.Length)));
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [GeneratedRegex(@"^(?<indent> *)(?<dash>- +)?(?<key>[A-Za-z][A-Za-z0-9_-]*):(?: (?<value>.*))?$")]
    private static partial Regex Key();

    [GeneratedRegex(@"\$\{\{.*?\}\}")]
    private static partial Regex Expression();
}
