using Grader.Checks.Packs;
using Grader.Contracts.Sample;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Tests.SamplePack;

/// <summary>
/// A test exercise pack that lives entirely in this folder: its contract (<see cref="IScaler"/>, in an assembly of its own,
/// <c>Contracts/</c>, since a remote host receives a contract assembly whole), a visible and a hidden check, the
/// reference, the template, the correct example, two mutants and a snapshot. The course is one sheet, 900, with the bound
/// task and one task whose automatic share is pending.
/// </summary>
public static class SamplePack
{
    /// <summary>The task the pack binds.</summary>
    public const string TaskId = "900/1/scale";

    /// <summary>The snapshot folder under the snapshot root.</summary>
    public const string SnapshotFolder = "sample";

    /// <summary>This folder in the repository: the root the pack's folders are relative to.</summary>
    public static string Root { get; } = Path.Combine(RepositoryRoot(), "Tests", "Grader.Tests.SamplePack");

    /// <summary>Where the validator finds the pack's folders.</summary>
    public static CatalogFolders Folders { get; } = new(Root, Path.Combine(Root, "Snapshots"));

    /// <summary>The student side.</summary>
    public static ExercisePack Pack { get; } = new(
        "Sample",
        [typeof(IScaler)],
        [new(TaskId, [typeof(IScaler)], [Visible(new ScaleDoubles(), 2), Hidden("sample.scale-is-odd", "sheet 900, ex. 1: scale by two")])],
        new PackFolders("Template", "Examples", SnapshotFolder));

    /// <summary>The tutor side.</summary>
    public static TutorPack Tutor { get; } = new("Sample", [new ScaleIsOdd()], new Dictionary<Type, Func<object>> { [typeof(IScaler)] = () => new ReferenceScaler() });

    /// <summary>Sheet 900 of a test course.</summary>
    public static Sheet Sheet { get; } = new("900", "900_sample.txt", "Scaling", new Course("test-course", "Test University", "Sample course", "2025"), Total: 4, Bonus: 0, PrintsPoints: true, Note: "Printed per part.");

    /// <summary>Sheet 900's tasks: the bound one (3 points, 2 automatic) and one whose automatic point is pending.</summary>
    public static IReadOnlyList<TaskSpec> Tasks { get; } =
    [
        new("900", "1", TaskId, "Scale a number by two", 3, 2, [], [new ManualItem("explain", 1, "Why doubling is linear.")]),
        new("900", "2", "900/2/later", "A task whose checks are not written yet", 1, 1, [], []) { ChecksPending = true },
    ];

    /// <summary>The sample course with the pack joined in and, unless <paramref name="tutor"/> is false, the tutor side bound.</summary>
    public static CourseCatalog Catalog(ExercisePack? pack = null, TutorPack? tutorPack = null, IEnumerable<TaskSpec>? tasks = null, bool tutor = true)
    {
        var catalog = new CourseCatalog([Sheet], tasks ?? Tasks, [pack ?? Pack]);
        return tutor ? catalog.WithTutorPacks([tutorPack ?? Tutor]) : catalog;
    }

    private static string RepositoryRoot() => Grader.Tests.Support.RepositoryRoot.Path;
}
