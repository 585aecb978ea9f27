using System.Text.Json;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;

namespace Grader.Grading.Tests.Support;

/// <summary>The answer key of the bundled cohort, fixtures/cohort/cohort.json.</summary>
public static class CohortKey
{
    /// <summary>
    /// True when every check a mutant.json names is a training-quality check (the tutor packs' <c>TrainingChecks</c>): its
    /// bug is in its training, which only those checks see.
    /// </summary>
    public static bool NamesOnlyTrainingChecks(string mutantJson)
    {
        using var document = JsonDocument.Parse(mutantJson);
        if (!document.RootElement.TryGetProperty("check", out var check)) return false;
        string[] ids = check.ValueKind switch
        {
            JsonValueKind.Array => [.. check.EnumerateArray().Select(c => c.GetString()!)],
            JsonValueKind.String => [check.GetString()!],
            _ => [],
        };
        return ids.Length > 0 && ids.All(TrainingCheckIds.Contains);
    }

    /// <summary>The ids of every tutor pack's training-quality checks (the ones the cohort's non-training runs leave out).</summary>
    public static IReadOnlySet<string> TrainingCheckIds => TutorCatalog.TrainingCheckIds;

    public static IReadOnlyList<Entry> Entries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "fixtures", "cohort", "cohort.json")));
        return document.RootElement.EnumerateArray().Select(e =>
        {
            var example = e.GetProperty("example").GetString()!;
            var mutant = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", example, "mutant.json");
            bool trainingOnly = File.Exists(mutant) && NamesOnlyTrainingChecks(File.ReadAllText(mutant));
            return new Entry(
                e.GetProperty("student").GetString()!,
                example,
                e.GetProperty("expect").GetProperty("status").GetString()!,
                e.GetProperty("expect").GetProperty("full_marks_except").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                trainingOnly);
        }).ToArray();
    }

    /// <summary>
    /// The graded tasks whose every check is a training check: a run that leaves the training checks out grades nothing
    /// of them, so no hand-in loses them there.
    /// </summary>
    public static IReadOnlySet<string> OnlyTrainingTasks { get; } = TutorCatalog.Default.Tasks
        .Where(t => t.Graded && t.Checks.All(c => TrainingCheckIds.Contains(c.Check.Id)))
        .Select(t => t.Id)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The cohort hand-ins an end-to-end run of <paramref name="sheet"/> without the training checks grades (the whole
    /// cohort on <paramref name="whole"/>): those not plainly graded (the compile error, the endless loop), the correct
    /// examples, and those that lose a task of the sheet that a check other than a training check grades. A mutant of
    /// another sheet's task earns full marks here because no check of this sheet calls its code, which proves nothing
    /// end to end; that every mutant loses exactly its own tasks on every sheet is held in process by the reference
    /// tests (ExampleHandinsTests).
    /// </summary>
    public static IReadOnlyList<Entry> GradedEndToEndOn(string sheet, string? whole = null)
    {
        if (sheet == whole) return Entries();
        return [.. Entries().Where(e => e.Status != "Graded" || e.Example.EndsWith("/Correct", StringComparison.Ordinal)
            || (!e.TrainingOnly && e.FullMarksExcept.Any(t => t.StartsWith(sheet + "/", StringComparison.Ordinal) && !OnlyTrainingTasks.Contains(t))))];
    }

    /// <summary>
    /// Copies <paramref name="entries"/>' hand-ins from fixtures/handins (a zip, or a folder as delivered) into
    /// <paramref name="name"/> under <paramref name="scratch"/>, and returns that folder.
    /// </summary>
    internal static string CopyHandins(IEnumerable<Entry> entries, Scratch scratch, string name)
    {
        var cohort = Path.Combine(RepositoryRoot.Path, "fixtures", "handins");
        var folder = Path.Combine(scratch.Root, name);
        Directory.CreateDirectory(folder);
        foreach (var entry in entries)
        {
            var zip = Path.Combine(cohort, entry.Student + ".zip");
            if (File.Exists(zip))
            {
                File.Copy(zip, Path.Combine(folder, entry.Student + ".zip"));
                continue;
            }

            scratch.Copy(Path.Combine(cohort, entry.Student), Path.Combine(name, entry.Student));
        }

        return folder;
    }

    /// <summary>
    /// The tasks of <paramref name="lostHere"/> a run without the training checks still costs <paramref name="entry"/>:
    /// none for a bug only training checks see; else those a check other than a training check grades, and, for a
    /// mutant, only those its mutant.json's non-training checks are bound to (3.5's image training mutants that break
    /// 3.4's NegativeElbo lose 3.4's negative-ELBO task there, not 3.5, whose other check, the sampler's, they pass).
    /// </summary>
    public static string[] LostWithoutTraining(Entry entry, IReadOnlyList<string> lostHere)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.TrainingOnly) return [];
        var lost = lostHere.Where(t => !OnlyTrainingTasks.Contains(t));
        var mutant = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", entry.Example, "mutant.json");
        if (!File.Exists(mutant)) return [.. lost];
        using var document = JsonDocument.Parse(File.ReadAllText(mutant));
        if (!document.RootElement.TryGetProperty("check", out var check) || check.ValueKind != JsonValueKind.Array) return [.. lost];
        var named = check.EnumerateArray().Select(c => c.GetString()!).Where(id => !TrainingCheckIds.Contains(id)).ToHashSet(StringComparer.Ordinal);
        var bound = TutorCatalog.Default.Tasks.Where(t => t.Checks.Any(c => named.Contains(c.Check.Id))).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return [.. lost.Where(bound.Contains)];
    }

    /// <summary>One student: the example the hand-in is, and what grading it must give.</summary>
    /// <param name="TrainingOnly">True when the hand-in's bug is in its training (only the training-quality checks can see it).</param>
    public sealed record Entry(string Student, string Example, string Status, IReadOnlyList<string> FullMarksExcept, bool TrainingOnly)
    {
        /// <summary>
        /// What grading one assignment gives: the lost tasks that are that assignment's, and the status, which is the
        /// key's when the hand-in does not compile or loses a task here (a timeout or crash costs the tasks it hit),
        /// else Graded.
        /// </summary>
        public (string Status, IReadOnlyList<string> Lost) For(Grader.Checks.Catalog.Assignment assignment)
        {
            var lost = FullMarksExcept.Where(t => assignment.FindTask(t) is not null).ToArray();
            return (Status == "CompileFailed" || lost.Length > 0 ? Status : "Graded", lost);
        }

        /// <summary>
        /// The student's grade in <paramref name="summary"/> has the key's status and loses the key's tasks of this
        /// assignment, the training checks left out (<see cref="LostWithoutTraining"/>); a graded hand-in that loses a task
        /// is below the maximum. Returns the grade and the key's status.
        /// </summary>
        public (HandinReport Outcome, string Status) ShouldBeGradedAsKeyedIn(GradingSummary summary)
        {
            ArgumentNullException.ThrowIfNull(summary);
            var outcome = summary.Handins.SingleOrDefault(h => h.Student == Student);
            outcome.Should().NotBeNull($"{Student} is in the cohort");
            var (status, lostHere) = For(summary.Assignment);
            outcome!.Status.ToString().Should().Be(status, outcome.Reason);
            var lost = outcome.Tasks.Where(t => t.Checks.Count > 0 && !t.FullMarks).Select(t => t.Task.Id).ToArray();
            var expected = LostWithoutTraining(this, lostHere);
            lost.Should().BeEquivalentTo(expected, string.Join("\n", outcome.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).Select(c => $"{c.Result.Id}: {c.Result.Message}")));
            if (outcome.Status == HandinStatus.Graded && expected.Length > 0)
            {
                outcome.AutoTotal.Should().BeLessThan(outcome.Possible + outcome.BonusPossible);
            }

            return (outcome, status);
        }

        public override string ToString() => Student;
    }
}
