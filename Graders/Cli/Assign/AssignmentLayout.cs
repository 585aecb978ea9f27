using Grader.Checks.Checking;
using Grader.Checks.Packs;
using Grader.Grading.Discovery;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Cli.Assign;

/// <summary>
/// What the student repository of one assignment written by <c>grader assign</c> holds, and what it must never hold.
/// Every path is relative to a repository root and uses '/' separators. The projects built from source keep their
/// relative paths; their references to the projects shipped compiled (<see cref="Prebuilt"/>) become references to the
/// tool's assemblies in <see cref="ToolAssemblies.Folder"/>. What depends on the assignment comes from its packs:
/// the template files of its contracts (<see cref="TemplateFiles"/>) and the snapshots its visible checks read
/// (<see cref="Snapshots"/>).
/// </summary>
public sealed class AssignmentLayout
{
    /// <summary>The student's hand-in folder in the student repository (the self-check's default hand-in).</summary>
    public const string HandinFolder = StudentRepositoryFolder.HandinFolder;

    /// <summary>The hand-in folder's project (<see cref="Assign.HandinProject"/>), written, not copied: it makes <c>dotnet build</c> and an editor compile <see cref="HandinFolder"/>.</summary>
    public static CopiedProject HandinProject { get; } = new(HandinFolder, StudentRepositoryFolder.HandinProjectFile);

    /// <summary>Where the snapshot root lies in the grader repository and in the student repository.</summary>
    public const string SnapshotRoot = "fixtures/snapshots";

    private AssignmentLayout(IReadOnlyList<ExercisePack> packs, IReadOnlyList<string> templateFiles, IReadOnlyList<string> snapshots)
    {
        Packs = packs;
        TemplateFiles = templateFiles;
        Snapshots = snapshots;
    }

    /// <summary>The packs that bind the assignment's tasks.</summary>
    public IReadOnlyList<ExercisePack> Packs { get; }

    /// <summary>Their template folders.</summary>
    public IEnumerable<string> TemplateFolders => Packs.Select(p => p.Folders.Template);

    /// <summary>
    /// The template files copied into <see cref="HandinFolder"/>: every file of a pack's template that declares a class
    /// implementing one of the assignment's contracts, and every file that implements none (a helper).
    /// </summary>
    public IReadOnlyList<string> TemplateFiles { get; }

    /// <summary>The approved snapshots the assignment's visible checks read (<see cref="ISnapshotReader"/>), under <see cref="SnapshotRoot"/>.</summary>
    public IReadOnlyList<string> Snapshots { get; }

    /// <summary>The layout of <paramref name="assignment"/>'s repository, the template files found under <paramref name="graderRoot"/>.</summary>
    public static AssignmentLayout Of(Assignment assignment, CourseCatalog catalog, string graderRoot)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(catalog);
        var taskIds = assignment.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var packs = catalog.Packs.Where(p => p.Bindings.Any(b => taskIds.Contains(b.TaskId))).ToArray();
        var wanted = assignment.Contracts.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var templates = new List<string>();
        foreach (var pack in packs)
        {
            var folder = Path.Combine(graderRoot, pack.Folders.Template);
            if (!Directory.Exists(folder))
            {
                throw new AssignException($"The template folder {pack.Folders.Template} of pack {pack.Family} is missing from '{graderRoot}'.");
            }

            var contracts = pack.Contracts.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal))
            {
                var implemented = Implemented(File.ReadAllText(file)).Where(contracts.Contains).ToArray();
                if (implemented.Length == 0 || implemented.Any(wanted.Contains))
                {
                    templates.Add($"{pack.Folders.Template}/{Path.GetFileName(file)}");
                }
            }
        }

        var snapshots = assignment.Tasks.SelectMany(t => t.Checks)
            .Where(c => c.Visibility == Visibility.Visible)
            .Select(c => c.Check).OfType<ISnapshotReader>()
            .SelectMany(r => r.Snapshots)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(s => $"{SnapshotRoot}/{s}")
            .ToArray();
        return new AssignmentLayout(packs, templates, snapshots);
    }

    /// <summary>
    /// The hand-in folder's README: each pack's template README, its table of files reduced to the files copied (rows
    /// that start with a file name in backquotes).
    /// </summary>
    public string HandinReadme(string graderRoot)
    {
        var copied = TemplateFiles.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var pack in Packs)
        {
            var readme = Path.Combine(graderRoot, pack.Folders.Template, "README.md");
            if (!File.Exists(readme))
            {
                continue;
            }

            var lines = File.ReadAllText(readme).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
                .Where(line => !(line.StartsWith("| `", StringComparison.Ordinal) && line.IndexOf("` |", StringComparison.Ordinal) is > 3 and var end
                    && line[3..end].EndsWith(".cs", StringComparison.Ordinal) && !copied.Contains(line[3..end])));
            parts.Add(string.Join('\n', lines).TrimEnd('\n') + "\n");
        }

        return string.Join('\n', parts);
    }

    /// <summary>The simple names of the types each class of <paramref name="source"/> declares as base types.</summary>
    private static IEnumerable<string> Implemented(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .SelectMany(c => c.BaseList?.Types ?? [])
            .Select(t => t.Type switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.Text,
                SimpleNameSyntax n => n.Identifier.Text,
                _ => t.Type.ToString(),
            });

    /// <summary>The workflow the student repository runs on every push.</summary>
    public const string WorkflowPath = ".github/workflows/selfcheck.yml";

    /// <summary>
    /// The projects the student repository builds from source, in build order: the catalog with the visible checks of
    /// the assignment's families (hidden ones are only declared there, by id; <see cref="CheckSources"/>), and the
    /// self-check. The catalog stays source because it differs per assignment (its families, its pack registration, the
    /// course file it embeds without the rubric texts), while the tool's own <c>Grader.Checks.dll</c> embeds every course
    /// file with its rubrics; and the student reads the visible checks they are graded by.
    /// </summary>
    public static IReadOnlyList<CopiedProject> Projects { get; } =
    [
        new("Graders/Checks", "Grader.Checks.csproj"),
        new("Tests/SelfCheck", "Grader.SelfCheck.csproj"),
    ];

    /// <summary>
    /// The projects the student repository holds as the tool's own compiled assemblies (<see cref="ToolAssemblies"/>),
    /// not built there: the tensor engine, the contracts a hand-in implements and hand-in loading (Grader.Remote).
    /// Referenced from <see cref="ToolAssemblies.Folder"/> by the projects of <see cref="Projects"/> and the hand-in's.
    /// </summary>
    public static IReadOnlyList<CopiedProject> Prebuilt { get; } =
    [
        new("Reference/Tensors", "Grader.Tensors.csproj"),
        new("Submissions/Contracts", "Grader.Contracts.csproj"),
        new("Graders/Remote", "Grader.Remote.csproj"),
    ];

    /// <summary>The grader's API allowlist as a Roslyn analyzer, shipped compiled and run on the hand-in's project (<see cref="HandinProject"/>).</summary>
    public static CopiedProject Analyzer { get; } = new("Graders/HandinAnalyzer", "Grader.HandinAnalyzer.csproj");

    /// <summary>
    /// Sources of <see cref="Prebuilt"/> projects the repository holds for reading only (no project file, so nothing
    /// compiles them): the contracts, whose documentation says what each method of the hand-in must do, and the tensor
    /// engine the hand-in computes with. Their assemblies are what the build uses.
    /// </summary>
    public static IReadOnlyList<string> ReadOnlySources { get; } = ["Submissions/Contracts", "Reference/Tensors"];

    /// <summary>The files of the repository root copied as they are (build settings, SDK pin, ignore list).</summary>
    public static IReadOnlyList<string> RootFiles { get; } =
        ["Directory.Build.props", "Directory.Packages.props", "global.json", ".gitignore"];

    /// <summary>
    /// Folders whose content must never reach a student: the reference solutions and demos, the hidden checks and the
    /// tool that runs them, the example and mutant hand-ins, the harness's own tests, the trained models, the PyTorch
    /// vectors and the bundled hand-ins.
    /// </summary>
    public static IReadOnlyList<string> ForbiddenFolders { get; } =
    [
        "Reference/Solutions",
        "Reference/Demo",
        "Reference/Metrics",
        "Graders/Hidden",
        "Graders/Cli",
        "Graders/Runner",
        "Graders/Grading",
        "Graders/Semester",
        "Graders/Web",
        "Submissions/Examples",
        "Tests/Grader.Checks.Tests",
        "Tests/Grader.Reference.Tests",
        "Tests/Grader.Tensors.Tests",
        "Tests/Grader.Figures.Tests",
        "Tests/Grader.Cli.Tests",
        "Tests/Grader.Grading.Tests",
        "Tests/Grader.Semester.Tests",
        "Tests/Grader.Runner.Tests",
        "Tests/Benchmarks",
        "fixtures/models",
        "fixtures/torch",
        "fixtures/handins",
    ];

    /// <summary>Projects no copied project may reference: the reference solution and the hidden checks.</summary>
    public static IReadOnlyList<string> ForbiddenProjects { get; } = ["Grader.Reference", "Grader.Checks.Hidden"];

    /// <summary>Folder names never copied (build output, test results, editor state).</summary>
    public static IReadOnlySet<string> SkippedFolderNames { get; } =
        new HashSet<string>(["bin", "obj", "TestResults", ".vs", ".idea"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Files of copied projects never copied: the grader developers' how-to for packs (it names the tutor side's types).</summary>
    public static IReadOnlySet<string> SkippedFiles { get; } = new HashSet<string>(["Graders/Checks/README.md"], StringComparer.Ordinal);

    /// <summary>Whether a file is never copied: trained weights, unapproved snapshots, editor swap files.</summary>
    public static bool IsSkippedFile(string fileName) =>
        fileName.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
        || fileName.Contains(".received.", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".swp", StringComparison.OrdinalIgnoreCase);
}
