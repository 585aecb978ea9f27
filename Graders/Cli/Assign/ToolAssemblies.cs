using System.Reflection;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Grader.Cli.Assign;

/// <summary>
/// The tool's own compiled assemblies a student repository builds against instead of their projects' sources (issue 49
/// item 4): the assemblies of <see cref="AssignmentLayout.Prebuilt"/> as they lie beside the running program, and the
/// allowlist analyzer (<see cref="AssignmentLayout.Analyzer"/>) from its <see cref="AnalyzerFolder"/> there
/// (<c>Graders/Cli/ToolContent.targets</c> puts it there). <c>grader assign</c> copies them into <see cref="Folder"/> with
/// <see cref="ManifestFile"/>: the tool's version and each file's SHA-256, so the self-check tells assemblies that are not
/// the assigning tool's, and a tutor compares a repository with their tool. The copied projects' references to the
/// prebuilt projects become references to these files (<see cref="RewriteProject"/>). They hold nothing of the hidden
/// checks or the reference: the tool's engine, contracts and hand-in loading never reference either
/// (<c>NoAnswersForStudentsTests</c> reads their metadata).
/// </summary>
public sealed class ToolAssemblies
{
    /// <summary>The student repository's folder of the tool's assemblies.</summary>
    public const string Folder = "lib";

    /// <summary>The folder, beside the program and under <see cref="Folder"/>, that holds the analyzer.</summary>
    public const string AnalyzerFolder = "analyzers";

    /// <summary>The manifest's path in the student repository.</summary>
    public const string ManifestFile = Folder + "/assemblies.json";

    private ToolAssemblies(IReadOnlyList<(string Source, string Relative)> files, string version)
    {
        Files = files;
        Version = version;
    }

    /// <summary>Each assembly's path beside the program and its path in the student repository ('/' separators).</summary>
    public IReadOnlyList<(string Source, string Relative)> Files { get; }

    /// <summary>The tool's version (its informational version, which names the commit it was built from).</summary>
    public string Version { get; }

    /// <summary>The repository-relative path of <paramref name="project"/>'s assembly.</summary>
    public static string PathOf(CopiedProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project == AssignmentLayout.Analyzer ? $"{Folder}/{AnalyzerFolder}/{project.Name}.dll" : $"{Folder}/{project.Name}.dll";
    }

    /// <summary>The assemblies beside the program in <paramref name="baseDirectory"/> (the running tool's: <see cref="AppContext.BaseDirectory"/>).</summary>
    /// <exception cref="AssignException">One is missing.</exception>
    public static ToolAssemblies Of(string baseDirectory)
    {
        var files = AssignmentLayout.Prebuilt.Append(AssignmentLayout.Analyzer)
            .Select(p => (Source: Path.Combine(baseDirectory, Path.GetRelativePath(Folder, PathOf(p))), Relative: PathOf(p)))
            .ToList();
        var missing = files.Where(f => !File.Exists(f.Source)).Select(f => f.Source).ToList();
        if (missing.Count > 0)
        {
            throw new AssignException($"The tool's folder '{baseDirectory}' lacks the assemblies a student repository builds against: {string.Join(", ", missing)}. Build Graders/Cli (it puts them there) or reinstall the tool.");
        }

        var version = typeof(ToolAssemblies).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        return new ToolAssemblies(files, version);
    }

    /// <summary>The manifest's text: the tool's version and each copied file's SHA-256 (lower-case hex), in <see cref="Files"/> order.</summary>
    public string ManifestText()
    {
        var hashes = Files.ToDictionary(f => f.Relative, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f.Source))));
        return JsonSerializer.Serialize(new { tool = $"grader {Version}", assemblies = hashes },
            new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>
    /// The text of the copied project <paramref name="relativeProject"/> (read from <paramref name="root"/>) for the
    /// student repository: its project references to <see cref="AssignmentLayout.Prebuilt"/> projects taken out, and a
    /// reference to the assembly in <see cref="Folder"/> of every prebuilt project it needs directly or through another
    /// (a referenced assembly's own references do not flow to the project that references it), with the package references
    /// of those projects (what their assemblies need at run time). A project that needs none is returned as it is.
    /// </summary>
    /// <exception cref="AssignException">A project file is not valid XML.</exception>
    public static string RewriteProject(string root, string relativeProject)
    {
        var path = Path.Combine(root, relativeProject);
        var needed = Needed(root, relativeProject);
        if (needed.Count == 0)
        {
            return File.ReadAllText(path);
        }

        var document = Load(path, LoadOptions.PreserveWhitespace);
        var prebuilt = AssignmentLayout.Prebuilt.Select(p => Path.GetFullPath(Path.Combine(root, p.RelativePath))).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in References(document, path).Where(r => prebuilt.Contains(r.Resolved)).Select(r => r.Element).ToList())
        {
            var group = reference.Parent!;
            (reference.PreviousNode as XText)?.Remove();
            reference.Remove();
            if (!group.Elements().Any())
            {
                (group.PreviousNode as XText)?.Remove();
                group.Remove();
            }
        }

        var folder = Path.GetDirectoryName(relativeProject.Replace('/', Path.DirectorySeparatorChar)) ?? "";
        var packages = needed.SelectMany(p => Load(Path.Combine(root, p.RelativePath), LoadOptions.None).Descendants()
                .Where(e => e.Name.LocalName == "PackageReference" && (string?)e.Attribute("PrivateAssets") != "all")
                .Select(e => (string?)e.Attribute("Include")).OfType<string>())
            .Except(document.Descendants().Where(e => e.Name.LocalName == "PackageReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var items = new XElement("ItemGroup");
        items.Add(new XText("\n    "), new XComment(" The tool's assemblies (grader assign copied them into lib/; assemblies.json there names the tool): built by your tutor's grader, not here. "));
        foreach (var project in needed)
        {
            var hint = Path.GetRelativePath(folder.Length == 0 ? "." : folder, PathOf(project)).Replace(Path.DirectorySeparatorChar, '/');
            items.Add(new XText("\n    "), new XElement("Reference", new XAttribute("Include", project.Name), new XElement("HintPath", hint)));
        }

        foreach (var package in packages)
        {
            items.Add(new XText("\n    "), new XElement("PackageReference", new XAttribute("Include", package)));
        }

        items.Add(new XText("\n  "));
        var last = document.Root!.Elements().LastOrDefault(e => e.Name.LocalName == "ItemGroup");
        if (last is null)
        {
            document.Root.Add(new XText("  "), items, new XText("\n"));
        }
        else
        {
            last.AddAfterSelf(new XText("\n  "), items);
        }

        return document.Declaration is null ? document.ToString(SaveOptions.DisableFormatting) + "\n" : document.Declaration + "\n" + document.ToString(SaveOptions.DisableFormatting) + "\n";
    }

    /// <summary>The prebuilt projects <paramref name="relativeProject"/> references directly or through other projects, in <see cref="AssignmentLayout.Prebuilt"/> order.</summary>
    private static List<CopiedProject> Needed(string root, string relativeProject)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(root, relativeProject))]);
        while (pending.TryPop(out var project))
        {
            if (!File.Exists(project))
            {
                continue;
            }

            foreach (var (_, resolved) in References(Load(project, LoadOptions.None), project))
            {
                if (seen.Add(resolved))
                {
                    pending.Push(resolved);
                }
            }
        }

        return AssignmentLayout.Prebuilt.Where(p => seen.Contains(Path.GetFullPath(Path.Combine(root, p.RelativePath)))).ToList();
    }

    private static IEnumerable<(XElement Element, string Resolved)> References(XDocument document, string projectFile) =>
        document.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (Element: e, Include: (string?)e.Attribute("Include")))
            .Where(r => r.Include is not null)
            .Select(r => (r.Element, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectFile)!, r.Include!.Replace('\\', '/')))))
            .ToList();

    private static XDocument Load(string projectFile, LoadOptions options)
    {
        try
        {
            return XDocument.Load(projectFile, options);
        }
        catch (System.Xml.XmlException e)
        {
            throw new AssignException($"The project file {projectFile} is not valid XML ({e.Message}).");
        }
    }
}
