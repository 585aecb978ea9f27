using System.Security.Cryptography;
using System.Text;
using Grader.Checks.Catalog;
using Grader.Checks.Handins;

namespace Grader.Checks.Grading;

/// <summary>
/// What decides a run's verdicts, frozen once by the command and passed by reference to every hand-in's checks: the
/// catalog (hidden checks bound or not), the one assignment graded, which checks are due, the seed and the snapshots.
/// </summary>
/// <param name="Catalog">The catalog the checks come from.</param>
/// <param name="Assignment">The assignment graded: its tasks are the run's tasks.</param>
/// <param name="Seed">The grader's seed; each check's seed is derived from it and the check's id.</param>
/// <param name="VisibleOnly">True runs only visible checks (a student's own run).</param>
/// <param name="LeftOut">Check ids the tutor chose not to run (<c>--skip-check</c>); their points count as not run.</param>
/// <param name="SnapshotRoot">The folder of approved snapshots.</param>
public sealed record GradingConfig(CourseCatalog Catalog, Assignment Assignment, ulong Seed, bool VisibleOnly, IReadOnlySet<string> LeftOut, string SnapshotRoot)
{
    /// <summary>The tutor's folder of image data (<c>--data DIR</c>), or null for the installed Fashion-MNIST.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The course file the catalog was read from (<c>--course FILE</c>, full path), or null for the shipped courses.</summary>
    public string? CourseFile { get; init; }

    /// <summary>The SHA-256 of <see cref="CourseFile"/>'s bytes as read (lower-case hex), so a regrade after an edit shows.</summary>
    public string? CourseSha256 { get; init; }

    /// <summary>The catalog fingerprint of <see cref="CourseFile"/> for the graded sheet (the part that decides its points), which the run pins.</summary>
    public Grader.Checks.Courses.CatalogFingerprint? CoursePin { get; init; }

    /// <summary>The checks a hand-in must get a verdict for, in task order (a check shared by two tasks once per task).</summary>
    public IEnumerable<(TaskSpec Task, CheckSpec Check)> Due =>
        Assignment.Tasks.SelectMany(t => t.Checks.Where(c => IsDue(c)).Select(c => (t, c)));

    /// <summary>Whether a check of the assignment runs in this configuration.</summary>
    public bool IsDue(CheckSpec check) => (!VisibleOnly || check.Visibility == Visibility.Visible) && !LeftOut.Contains(check.Check.Id);

    /// <summary>The compiler for this run's hand-ins: <paramref name="compiler"/> (default: <see cref="HandinCompiler.Default"/>) with the catalog's contracts.</summary>
    public HandinCompiler Compiler(HandinCompiler? compiler = null) =>
        (compiler ?? HandinCompiler.Default).WithContracts(Catalog.Packs.SelectMany(p => p.Contracts));

    /// <summary>The options <see cref="HandinGrader"/> grades this configuration with; <paramref name="include"/> narrows the due checks further.</summary>
    public GradeOptions Options(TimeSpan checkTimeLimit, Func<TaskSpec, CheckSpec, bool>? include = null) => new()
    {
        Sheets = [Assignment.Id],
        VisibleOnly = VisibleOnly,
        Seed = Seed,
        SnapshotRoot = SnapshotRoot,
        DataDirectory = DataDirectory,
        CheckTimeLimit = checkTimeLimit,
        Include = (task, check) => !LeftOut.Contains(check.Check.Id) && (include?.Invoke(task, check) ?? true),
    };

    /// <summary>
    /// A hash of everything a stored verdict depends on: this configuration, the assignment's tasks, points and checks,
    /// the build of the checks (their assemblies' module ids) and <paramref name="extra"/> (e.g. the time limit).
    /// </summary>
    public string Fingerprint(string extra = "")
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"assignment={Assignment.Id};seed={Seed};visible={VisibleOnly};left-out={string.Join(',', LeftOut.Order(StringComparer.Ordinal))};{extra};");
        if (DataDirectory is not null) text.Append(CultureInfo.InvariantCulture, $"data={DataDirectory};");
        foreach (var task in Assignment.Tasks)
        {
            text.Append(CultureInfo.InvariantCulture, $"{task.Id}:{task.Points}:{task.AutoPoints}:{task.ChecksPending}:");
            foreach (var check in task.Checks)
            {
                text.Append(CultureInfo.InvariantCulture, $"{check.Check.Id}/{check.Weight}/{check.Visibility},");
                text.Append(check.Check.GetType().Assembly.ManifestModule.ModuleVersionId).Append(',');
            }
        }

        text.Append(typeof(GradingConfig).Assembly.ManifestModule.ModuleVersionId);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }
}
