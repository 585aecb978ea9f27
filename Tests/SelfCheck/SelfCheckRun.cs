using Grader.Checks.Catalog;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Results;

namespace Grader.SelfCheck;

/// <summary>
/// The one grading of the hand-in this test run makes (visible checks only), shared by every test; or the one
/// message why there is none (no folder, no sources, a grader failure). In a student repository the
/// <c>assignment.json</c> beside <c>Handin/</c> (written by <c>grader assign --sheet</c>) names the one assignment it
/// grades; in the grader's own repository there is none, and every sheet is graded.
/// </summary>
/// <param name="Folder">The hand-in folder graded (null when there is none).</param>
/// <param name="Report">The report, when the hand-in could be graded.</param>
/// <param name="Problem">Why it could not, when it could not.</param>
internal sealed record SelfCheckRun(string? Folder, HandinReport? Report, string? Problem)
{
    private static readonly Lazy<SelfCheckRun> Once = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The catalog the self-check grades against.</summary>
    public static CourseCatalog Catalog => CourseCatalog.Default;

    /// <summary>Grades on first use, then returns the same run.</summary>
    public static SelfCheckRun Current => Once.Value;

    /// <summary>The assignment of the repository's <c>assignment.json</c>; null when there is none (every sheet is graded).</summary>
    public static Assignment? Assignment { get; } = FindAssignment();

    /// <summary>The tasks graded here, visible checks or not: those of the assignment, or every sheet's.</summary>
    public static IEnumerable<TaskSpec> Tasks() => Assignment?.Tasks ?? Catalog.Tasks;

    /// <summary>The tasks the self-check has a test for: those of the assignment (or every sheet) with at least one visible check.</summary>
    public static IEnumerable<TaskSpec> VisibleTasks() =>
        Tasks().Where(t => t.Checks.Any(c => c.Visibility == Visibility.Visible));

    private static Assignment? FindAssignment()
    {
        var root = HandinLocation.Find().RepositoryRoot ?? AppContext.BaseDirectory;
        var file = Path.Combine(root, AssignmentFile.FileName);
        return File.Exists(file) ? AssignmentFile.Read(file, Catalog) : null;
    }

    /// <summary>The auto points of a task's visible checks: what its test can give.</summary>
    public static double VisiblePoints(TaskSpec task)
    {
        double total = task.Checks.Sum(c => c.Weight);
        return total == 0 ? 0 : task.AutoPoints * task.Checks.Where(c => c.Visibility == Visibility.Visible).Sum(c => c.Weight) / total;
    }

    /// <summary>
    /// Compiles the hand-in as the grader does (<see cref="HandinCompiler.Default"/> with the catalog's contracts), or
    /// loads the image that compiler emitted for exactly these sources in an earlier run (<see cref="HandinCompileCache"/>):
    /// a second <c>dotnet test</c> of an unchanged hand-in does not pay Roslyn's start again.
    /// </summary>
    private static CompileResult Compile(HandinSource source)
    {
        var compiler = HandinCompiler.Default.WithContracts(Catalog.Packs.SelectMany(p => p.Contracts));
        var emitted = HandinCompileCache.DefaultFolder is { } folder ? HandinCompileCache.For(compiler, folder).Emit(source) : compiler.Emit(source);
        return HandinCompiler.Load(source.Name, emitted, compiler.ContractAssemblies);
    }

    private static SelfCheckRun Run()
    {
        var location = HandinLocation.Find();
        if (!location.Exists)
        {
            return new SelfCheckRun(null, null, location.Problem());
        }

        if (AssignedAssemblies.Problem(location.RepositoryRoot ?? AppContext.BaseDirectory) is { } assemblies)
        {
            return new SelfCheckRun(location.Folder, null, assemblies);
        }

        try
        {
            var source = location.CorrectExamples
                ? Catalog.CorrectExamples(location.RepositoryRoot!, "correct examples")
                : HandinSource.Load(location.Folder!);
            var options = GradeOptions.Default with
            {
                Sheets = Assignment is { } assignment ? [assignment.Id] : null,
                VisibleOnly = true,
                SnapshotRoot = Path.Combine(location.RepositoryRoot ?? AppContext.BaseDirectory, "fixtures", "snapshots"),
            };
            return new SelfCheckRun(location.Folder, HandinGrader.Default.Grade(source.Name, Compile(source), Catalog, options), null);
        }
        catch (HandinSourceException e)
        {
            return new SelfCheckRun(location.Folder, null, e.Message + Environment.NewLine + HandinLocation.HowTo);
        }
        catch (Exception e)
        {
            return new SelfCheckRun(location.Folder, null, $"The self-check itself failed ({e.GetType().Name}: {e.Message}); please tell your tutor.");
        }
    }
}
