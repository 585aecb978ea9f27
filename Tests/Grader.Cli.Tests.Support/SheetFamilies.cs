using Grader.Checks.Checking;
using Grader.Checks.Packs;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// What of another family a student repository of one sheet holds, found independently of <see cref="CheckSources"/>:
/// the families are the packs of <see cref="CourseCatalog.Default"/> that bind one of the sheet's tasks; of every other
/// pack, the repository must hold no snapshot (its snapshot folder), no template file (in <c>Handin/</c>), no check and no
/// pack class (a file under <c>Graders/Checks/&lt;Family&gt;/</c> declaring one of the family's types that implement
/// <see cref="ICheck"/>, or the pack's class) and no registration (its pack class named in the registration).
/// </summary>
internal static partial class SheetFamilies
{
    /// <summary>The packs that bind one of the sheet's tasks.</summary>
    public static IReadOnlyList<ExercisePack> Of(Assignment assignment) =>
        CourseCatalog.Default.Packs.Where(p => p.Bindings.Any(b => assignment.Tasks.Any(t => t.Id == b.TaskId))).ToArray();

    /// <summary>Every file of <paramref name="repository"/> that belongs to a family <paramref name="assignment"/> does not use, with why.</summary>
    public static IReadOnlyList<string> Foreign(string repository, Assignment assignment)
    {
        var own = Of(assignment);
        var files = Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repository, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        var handin = files.Where(f => f.StartsWith(AssignmentLayout.HandinFolder + "/", StringComparison.Ordinal)).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var registration = File.ReadAllText(Path.Combine(repository, CheckSources.Registration));
        var found = new List<string>();
        foreach (var pack in CourseCatalog.Default.Packs.Except(own))
        {
            var snapshots = pack.Folders.Snapshots;
            if (snapshots is not null && !own.Any(o => o.Folders.Snapshots == snapshots))
            {
                found.AddRange(files.Where(f => f.StartsWith($"{AssignmentLayout.SnapshotRoot}/{snapshots}/", StringComparison.Ordinal)).Select(f => $"{f}: a snapshot of {pack.Family}"));
            }

            var ownTemplates = own.SelectMany(o => TemplateFiles(o)).ToHashSet(StringComparer.Ordinal);
            found.AddRange(TemplateFiles(pack).Where(t => handin.Contains(t) && !ownTemplates.Contains(t)).Select(t => $"Handin/{t}: a template file of {pack.Family}"));

            var packType = typeof(ExercisePack).Assembly.GetTypes().Single(t => t.GetProperty("Pack") is { } p && ReferenceEquals(p.GetValue(null), pack));
            var checkTypes = typeof(ExercisePack).Assembly.GetTypes()
                .Where(t => t.Namespace is { } n && (n == packType.Namespace || n.StartsWith(packType.Namespace + ".", StringComparison.Ordinal)) && typeof(ICheck).IsAssignableFrom(t))
                .Select(t => t.Name.Split('`')[0])
                .Append(packType.Name)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var file in files.Where(f => f.StartsWith($"{CheckSources.ChecksFolder}/{pack.Family}/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal)))
            {
                found.AddRange(Declaration().Matches(File.ReadAllText(Path.Combine(repository, file))).Select(m => m.Groups[1].Value)
                    .Where(checkTypes.Contains).Select(name => $"{file}: declares {name} of {pack.Family}"));
            }

            if (Regex.IsMatch(registration, $@"\b{packType.Name}\.Pack\b"))
            {
                found.Add($"{CheckSources.Registration}: registers {packType.Name}");
            }
        }

        return found;
    }

    private static IEnumerable<string> TemplateFiles(ExercisePack pack) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Template), "*.cs").Select(f => Path.GetFileName(f));

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();
}
