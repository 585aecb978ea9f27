using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Cli.Assign;

/// <summary>
/// Which files of the checks project (<c>Graders/Checks</c>) the repository of one assignment holds, so it carries only
/// its own families (issue 48): the folder <c>Graders/Checks/&lt;Family&gt;</c> of every pack that binds none of the
/// assignment's tasks is left out, except the files the kept code names (none for the shipped families, whose shared
/// code is <c>Graders/Checks/Comparison</c>; a guard for a new family that names another's helper), and the pack registration
/// (<see cref="Registration"/>) is rewritten to register the assignment's packs only (<see cref="PackRegistration"/>).
/// The names are found on the syntax alone: a file of a left-out folder is kept when a kept file names one of its types
/// or extension methods, or imports a namespace only it declares, until nothing more is named. It may keep a file too many
/// (a name two types share), never one too few; the self-check's build in the written repository is the proof.
/// </summary>
public sealed class CheckSources
{
    /// <summary>The checks project's folder, where each family's checks live in <c>&lt;Family&gt;/</c>.</summary>
    public const string ChecksFolder = "Graders/Checks";

    /// <summary>The file that registers the packs in the catalog; the repository holds it rewritten.</summary>
    public const string Registration = "Graders/Checks/Catalog/CourseCatalog.Packs.cs";

    private CheckSources(IReadOnlyList<string> leftOutFolders, IReadOnlySet<string> shared, string registration)
    {
        LeftOutFolders = leftOutFolders;
        Shared = shared;
        RegistrationText = registration;
    }

    /// <summary>The check folders of the families the assignment does not use ('/' separators, from the repository root).</summary>
    public IReadOnlyList<string> LeftOutFolders { get; }

    /// <summary>The files of <see cref="LeftOutFolders"/> kept because the kept code names them, in ordinal order.</summary>
    public IReadOnlySet<string> Shared { get; }

    /// <summary>The text of <see cref="Registration"/> in the repository: the assignment's packs only.</summary>
    public string RegistrationText { get; }

    /// <summary>Whether the file at <paramref name="relative"/> ('/' separators) is copied as it is.</summary>
    public bool Copies(string relative) =>
        relative != Registration && (Shared.Contains(relative) || !LeftOutFolders.Any(f => relative.StartsWith(f + "/", StringComparison.Ordinal)));

    /// <summary>The check sources of <paramref name="layout"/>'s repository, read from <paramref name="root"/>.</summary>
    /// <exception cref="AssignException">The registration file is missing or does not register one of the assignment's packs.</exception>
    public static CheckSources Of(string root, AssignmentLayout layout, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(catalog);
        var registrationFile = Path.Combine(root, Registration);
        if (!File.Exists(registrationFile))
        {
            throw new AssignException($"'{root}' lacks the pack registration {Registration}.");
        }

        var leftOut = catalog.Packs.Except(layout.Packs)
            .Select(p => $"{ChecksFolder}/{p.Family}")
            .Where(f => Directory.Exists(Path.Combine(root, f)) && !layout.Packs.Any(k => $"{ChecksFolder}/{k.Family}" == f))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var registration = PackRegistration.Rewrite(File.ReadAllText(registrationFile), layout.Packs, catalog.Packs);
        var sources = new CheckSources(leftOut, new HashSet<string>(StringComparer.Ordinal), registration);
        if (leftOut.Length == 0)
        {
            return sources;
        }

        var candidates = leftOut.SelectMany(f => Sources(root, f)).Order(StringComparer.Ordinal)
            .Select(relative => SourceNames.Of(relative, File.ReadAllText(Path.Combine(root, relative))))
            .ToList();
        var kept = AssignmentLayout.Projects.SelectMany(p => Sources(root, p.Folder)).Where(sources.Copies)
            .Select(relative => SourceNames.Of(relative, File.ReadAllText(Path.Combine(root, relative))))
            .Append(SourceNames.Of(Registration, registration))
            .ToList();

        var named = new HashSet<string>(kept.SelectMany(k => k.Named), StringComparer.Ordinal);
        var declared = new HashSet<string>(kept.SelectMany(k => k.Namespaces), StringComparer.Ordinal);
        var imported = new HashSet<string>(kept.SelectMany(k => k.Imports), StringComparer.Ordinal);
        var shared = new HashSet<string>(StringComparer.Ordinal);
        for (var added = true; added;)
        {
            added = false;
            foreach (var candidate in candidates.Where(c => !shared.Contains(c.Path)))
            {
                var namedHere = candidate.Declares.Any(named.Contains);
                var onlyDeclarer = candidate.Namespaces.Any(n => imported.Contains(n) && !declared.Contains(n));
                if (namedHere || onlyDeclarer)
                {
                    shared.Add(candidate.Path);
                    named.UnionWith(candidate.Named);
                    declared.UnionWith(candidate.Namespaces);
                    imported.UnionWith(candidate.Imports);
                    added = true;
                }
            }
        }

        return new CheckSources(leftOut, shared, registration);
    }

    /// <summary>The C# files under <paramref name="folder"/> (from <paramref name="root"/>, '/' separators), build output left out.</summary>
    private static IEnumerable<string> Sources(string root, string folder) =>
        !Directory.Exists(Path.Combine(root, folder)) ? []
            : Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(relative => !relative.Split('/').Any(AssignmentLayout.SkippedFolderNames.Contains));

    /// <summary>What one source file declares and names, on its syntax.</summary>
    /// <param name="Path">The file, from the repository root.</param>
    /// <param name="Declares">Its types' names and its extension methods' names (what another file calls it by).</param>
    /// <param name="Named">Every identifier it uses.</param>
    /// <param name="Namespaces">The namespaces it declares, with every enclosing one.</param>
    /// <param name="Imports">The namespaces its plain <c>using</c> directives import.</param>
    private sealed record SourceNames(string Path, IReadOnlySet<string> Declares, IReadOnlySet<string> Named, IReadOnlySet<string> Namespaces, IReadOnlySet<string> Imports)
    {
        public static SourceNames Of(string path, string text)
        {
            var root = CSharpSyntaxTree.ParseText(text).GetRoot();
            var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToList();
            var declares = types.Select(t => t.Identifier.ValueText)
                .Concat(root.DescendantNodes().OfType<DelegateDeclarationSyntax>().Select(d => d.Identifier.ValueText))
                .Concat(root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                    .Where(m => m.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true)
                    .Select(m => m.Identifier.ValueText));
            var named = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText);
            var namespaces = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>()
                .Select(n => n.Name.ToString())
                .SelectMany(Enclosing);
            var imports = root.DescendantNodes().OfType<UsingDirectiveSyntax>()
                .Where(u => u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.Name is not null)
                .Select(u => u.Name!.ToString());
            return new SourceNames(
                path,
                declares.ToHashSet(StringComparer.Ordinal),
                named.ToHashSet(StringComparer.Ordinal),
                namespaces.ToHashSet(StringComparer.Ordinal),
                imports.ToHashSet(StringComparer.Ordinal));
        }

        private static IEnumerable<string> Enclosing(string name)
        {
            for (var end = name.Length; end > 0; end = name.LastIndexOf('.', end - 1))
            {
                yield return name[..end];
                if (name.LastIndexOf('.', end - 1) < 0)
                {
                    yield break;
                }
            }
        }
    }
}
