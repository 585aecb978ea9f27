namespace Grader.Cli.Assign;

/// <summary>
/// What the student repository written by <c>grader assign</c> holds, and what it must never hold. Every path is
/// relative to a repository root and uses '/' separators. The projects keep their relative paths, so their project
/// references resolve in the copy exactly as here.
/// </summary>
public static class AssignmentLayout
{
    /// <summary>The student's hand-in folder in the student repository (the self-check's default hand-in).</summary>
    public const string HandinFolder = "Handin";

    /// <summary>The template the hand-in folder is copied from.</summary>
    public const string TemplateFolder = "Submissions/Template/Diffusion";

    /// <summary>The workflow the student repository runs on every push.</summary>
    public const string WorkflowPath = ".github/workflows/selfcheck.yml";

    /// <summary>
    /// The projects copied, in build order: the tensor engine and figures the checks use, the contracts a hand-in
    /// implements, hand-in loading (Grader.Remote), the catalog with the visible checks (hidden ones are only declared
    /// there, by id), and the self-check.
    /// </summary>
    public static IReadOnlyList<CopiedProject> Projects { get; } =
    [
        new("Reference/Tensors", "Grader.Tensors.csproj"),
        new("Reference/Figures", "Grader.Figures.csproj"),
        new("Submissions/Contracts", "Grader.Contracts.csproj"),
        new("Graders/Remote", "Grader.Remote.csproj"),
        new("Graders/Checks", "Grader.Checks.csproj"),
        new("Tests/SelfCheck", "Grader.SelfCheck.csproj"),
    ];

    /// <summary>The files of the repository root copied as they are (build settings, SDK pin, ignore list).</summary>
    public static IReadOnlyList<string> RootFiles { get; } =
        ["Directory.Build.props", "Directory.Packages.props", "global.json", ".gitignore"];

    /// <summary>
    /// The fixtures the visible checks read: the approved snapshots of the exact diffusion checks (reverse step, DDIM
    /// step, same-noise trajectory, negative ELBO, DTU sample). No hidden check reads a snapshot.
    /// </summary>
    public static IReadOnlyList<string> VisibleFixtureFolders { get; } = ["fixtures/snapshots/diffusion"];

    /// <summary>
    /// Folders whose content must never reach a student: the reference solutions and demos, the hidden checks and the
    /// tool that runs them, the example and mutant hand-ins, the harness's own tests, the trained models, the PyTorch
    /// vectors and the bundled hand-ins.
    /// </summary>
    public static IReadOnlyList<string> ForbiddenFolders { get; } =
    [
        "Reference/Solutions",
        "Reference/Demo",
        "Graders/Hidden",
        "Graders/Cli",
        "Submissions/Examples",
        "Tests/Grader.Checks.Tests",
        "Tests/Grader.Reference.Tests",
        "Tests/Grader.Tensors.Tests",
        "Tests/Grader.Figures.Tests",
        "Tests/Grader.Cli.Tests",
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

    /// <summary>Whether a file is never copied: trained weights, unapproved snapshots, editor swap files.</summary>
    public static bool IsSkippedFile(string fileName) =>
        fileName.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
        || fileName.Contains(".received.", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".swp", StringComparison.OrdinalIgnoreCase);
}
