using System.Collections.Concurrent;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// One student repository per sheet for the Assign tests that only read it (the families it holds, its course file,
/// the answers it must not hold), written on first use and deleted after the namespace's last fixture, as
/// <c>Grading/GradedCohort</c> shares the graded cohort: the same repository was written three times per sheet.
/// A test that writes into a repository makes its own <see cref="AssignedTree"/>.
/// </summary>
[SetUpFixture]
public sealed class SharedAssignedTrees
{
    private static readonly ConcurrentDictionary<string, Lazy<AssignedTree>> Trees = new(StringComparer.Ordinal);

    /// <summary>The repository of <paramref name="sheet"/>, shared: to be read, never written to nor disposed.</summary>
    internal static AssignedTree For(string sheet) =>
        Trees.GetOrAdd(sheet, s => new Lazy<AssignedTree>(() => new AssignedTree(s))).Value;

    [OneTimeTearDown]
    public void CleanUp()
    {
        foreach (var tree in Trees.Values.Where(t => t.IsValueCreated))
        {
            tree.Value.Dispose();
        }

        Trees.Clear();
    }
}
