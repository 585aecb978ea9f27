using System.Text.RegularExpressions;
using Shouldly;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Shouldly's approved-file workflow for the snapshots under fixtures/snapshots: <c>{name}.approved.json</c> is the
/// reviewed file, a mismatch writes <c>{name}.received.json</c> beside it and fails (no diff tool is started).
/// The numbers a snapshot holds come from float32 arithmetic whose last bits depend on the matrix kernel and the CPU
/// (OpenBLAS or the managed SIMD kernel, the vector width); so that a snapshot does not churn between machines, a
/// produced text whose words equal the approved file's and whose every number lies within 1e-4·(1 + |approved|) of it
/// counts as the approved text (integers — seeds, sizes, steps — must be equal). Any other change — a word, a seed, a number beyond that — shows as a received file to review.
/// </summary>
internal static partial class SnapshotApproval
{
    public const string Folder = "diffusion";

    /// <summary>Matches <paramref name="produced"/> against <c>fixtures/snapshots/{folder}/{name}.approved.json</c>.</summary>
    public static void ShouldMatchApprovedSnapshot(this string produced, string name, string folder = Folder)
    {
        var approvedPath = Path.Combine(RepositoryRoot(), "fixtures", "snapshots", folder, $"{name}.approved.json");
        var text = File.Exists(approvedPath) && SameUpToRounding(produced, File.ReadAllText(approvedPath)) ? File.ReadAllText(approvedPath) : produced;
        text.ShouldMatchApproved(c => c
            .SubFolder(Path.Combine("..", "..", "..", "fixtures", "snapshots", folder))
            .WithFileExtension("json")
            .WithFilenameGenerator((_, _, type, extension) => $"{name}.{type}.{extension}")
            .NoDiff()
            .UseCallerLocation());
    }

    /// <summary>The folder holding Grader.sln, above the test assembly.</summary>
    public static string RepositoryRoot() => Grader.Tests.Support.RepositoryRoot.Path;

    /// <summary>The snapshot root, fixtures/snapshots.</summary>
    public static string SnapshotRoot() => Path.Combine(RepositoryRoot(), "fixtures", "snapshots");

    /// <summary>True when the words and the integers are equal and every other number is within 1e-4·(1 + |approved|).</summary>
    internal static bool SameUpToRounding(string produced, string approved)
    {
        var a = Number().Split(produced.Replace("\r\n", "\n", StringComparison.Ordinal));
        var b = Number().Split(approved.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (a.Length != b.Length) return false;
        var numbersA = Number().Matches(produced).Select(m => m.Value).ToArray();
        var numbersB = Number().Matches(approved).Select(m => m.Value).ToArray();
        if (!a.SequenceEqual(b) || numbersA.Length != numbersB.Length) return false;
        for (var i = 0; i < numbersA.Length; i++)
        {
            // Seeds, sizes and steps are integers on both sides and must be equal; a float may print as an integer on one side.
            if (IsInteger(numbersA[i]) && IsInteger(numbersB[i]))
            {
                if (numbersA[i] != numbersB[i]) return false;
                continue;
            }

            var x = double.Parse(numbersA[i], CultureInfo.InvariantCulture);
            var y = double.Parse(numbersB[i], CultureInfo.InvariantCulture);
            if (Math.Abs(x - y) > 1e-4 * (1 + Math.Abs(y))) return false;
        }

        return true;
    }

    private static bool IsInteger(string token) => !token.Contains('.') && !token.Contains('E') && !token.Contains('e');

    [GeneratedRegex(@"(?<![\w""])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w""])")]
    private static partial Regex Number();
}
