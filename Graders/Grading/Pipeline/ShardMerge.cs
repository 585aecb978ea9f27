using Grader.Grading.Discovery;

namespace Grader.Grading.Pipeline;

/// <summary>
/// Joins the output folders of shard runs (<c>grade --shard k/N</c>) into one: every student's folder and record is
/// copied (so the joined folder resumes like a full run's), and the run's reports are written over all of them, as one
/// full run would have written them. Refuses folders that are not grading output, folders of the earlier layout (records
/// in the students' folders), a student graded in two folders, and shards graded with different settings.
/// </summary>
public sealed class ShardMerge(CourseCatalog catalog, GradingOutputs outputs)
{
    /// <summary>Joins <paramref name="folders"/> into <paramref name="output"/>.</summary>
    /// <param name="folders">The shards' output folders.</param>
    /// <param name="output">The joined folder (new, or a former merge's).</param>
    /// <param name="course">A course file given for the shards' own (used when its SHA-256 is theirs; an edited one is refused).</param>
    public GradingSummary Merge(IReadOnlyList<string> folders, string output, string? course = null)
    {
        if (folders.Count == 0)
        {
            throw new MergeException("Give at least one output folder of 'grader grade' to merge.");
        }

        var target = Path.GetFullPath(output);
        var runs = new List<(string Folder, RunFile Run)>();
        foreach (var folder in folders.Select(Path.GetFullPath))
        {
            if (string.Equals(folder, target, StringComparison.Ordinal))
            {
                throw new MergeException($"'{folder}' is both a folder to merge and the output; merge into a new folder.");
            }

            var run = (Directory.Exists(folder) ? RunFile.Load(folder) : null)
                ?? throw new MergeException($"'{folder}' is not the output folder of a finished 'grader grade' run (it has no readable {RunFile.FileName}).");
            runs.Add((folder, run));
        }

        var first = runs[0].Run.Run;
        foreach (var (folder, run) in runs.Skip(1))
        {
            var r = run.Run;
            if (r.Seed != first.Seed || r.VisibleOnly != first.VisibleOnly || r.Assignment != first.Assignment || !r.LeftOut.SequenceEqual(first.LeftOut, StringComparer.Ordinal)
                || !SameCourse(r, first))
            {
                throw new MergeException($"'{folder}' was graded with other settings (sheet {r.Assignment}, seed {r.Seed}, visible only {r.VisibleOnly}, left out {LeftOut(r)}, course {CourseOf(r)}) than '{runs[0].Folder}' (sheet {first.Assignment}, seed {first.Seed}, visible only {first.VisibleOnly}, left out {LeftOut(first)}, course {CourseOf(first)}); grade all shards alike.");
            }
        }

        // The shards' points are rebuilt with the course file they were graded with (gone or edited: refused).
        // A group course's shards are merged with its groups, so the merged gradebooks have one row per student as an
        // unsharded run's have.
        var file = RunCourse.FileOf(first, runs[0].Folder, given: course, m => new MergeException(m), catalog);
        var graded = file?.Catalog ?? catalog;
        var assignment = graded.FindAssignment(first.Assignment)
            ?? throw new MergeException($"'{runs[0].Folder}' was graded for sheet {first.Assignment}, which this grader's catalog does not have.");
        var config = new GradingConfig(graded, assignment, first.Seed, first.VisibleOnly, first.LeftOut.ToHashSet(StringComparer.Ordinal), SnapshotRoot: "");
        var roster = Groups.GroupRoster.Of(file?.Semester, assignment.Id);

        var records = new Dictionary<string, (string Folder, HandinRecord Record)>(StringComparer.Ordinal);
        foreach (var (folder, run) in runs)
        {
            var store = new ResultStore(folder);
            if (store.OldLayoutProblem() is { } oldLayout)
            {
                throw new MergeException(oldLayout);
            }

            foreach (var student in run.Students)
            {
                var record = store.Load(student) ?? throw new MergeException($"'{folder}' lists {student}, but {store.RecordPath(student)} is missing or unreadable.");
                if (records.TryGetValue(student, out var other))
                {
                    throw new MergeException($"{student} was graded in both '{other.Folder}' and '{folder}'; each student belongs to exactly one shard (were the shards given as k/N with the same N?).");
                }

                records[student] = (folder, record);
            }
        }

        // A member who handed in alone in one shard while the group handed in in another: GroupIntake's rule over all
        // shards (each shard's intake saw only its own hand-ins), so the member's own hand-in is not the grade.
        var twice = new List<InputProblem>();
        if (roster is not null)
        {
            var groups = records.Keys.Select(roster.GroupNamed).OfType<Courses.CourseGroup>().ToHashSet();
            foreach (var student in records.Keys.Where(s => roster.GroupNamed(s) is null && roster.GroupOf(s) is { } own && groups.Contains(own)).ToArray())
            {
                twice.Add(Groups.GroupIntake.HandedInTwice(ResultStore.StudentFolderIn(records[student].Folder, student), student, roster, roster.GroupOf(student)!));
                records.Remove(student);
            }
        }

        var merged = new ResultStore(target);
        if (merged.OldLayoutProblem() is { } oldTarget)
        {
            throw new MergeException(oldTarget);
        }

        Directory.CreateDirectory(target);
        foreach (var (student, (folder, record)) in records)
        {
            CopyFolder(ResultStore.StudentFolderIn(folder, student), ResultStore.StudentFolderIn(target, student));
            merged.Save(record);
        }

        var manual = new ManualGrades(runs.SelectMany(r => r.Run.Manual).Distinct());
        var outcomes = records.Values.Select(v => v.Record).OrderBy(r => r.Student, StringComparer.Ordinal).Select(r => r.ToReport(config, manual)).ToArray();
        var problems = runs.SelectMany(r => r.Run.Problems).Concat(twice).Distinct().ToArray();
        var info = first with
        {
            Shard = null,
            Jobs = runs.Sum(r => r.Run.Run.Jobs),
            Started = runs.Min(r => r.Run.Run.Started),
            Elapsed = runs.Max(r => r.Run.Run.Elapsed),
        };
        var summary = new GradingSummary(assignment, outcomes, problems, manual, info) { Roster = roster };
        outputs.WriteRun(summary, target);
        new RunFile(info, outcomes.Select(o => o.Student).ToArray(), problems, manual.All).Save(target);
        return summary;
    }

    private static string CourseOf(RunInfo run) => run.Course is null ? "the shipped ones"
        : run.CourseCatalog is { } pin ? $"{run.Course} (catalog {pin.Sha256[..12]})" : $"{run.Course} (SHA-256 {run.CourseSha256})";

    /// <summary>Whether two shards were graded with one catalog: the same pin (a regroup between them is the semester's), else, for runs older than pins, the same file's bytes.</summary>
    private static bool SameCourse(RunInfo a, RunInfo b) => a.CourseCatalog is { } pin && b.CourseCatalog is { } other
        ? string.Equals(pin.Sha256, other.Sha256, StringComparison.OrdinalIgnoreCase)
        : string.Equals(a.CourseSha256, b.CourseSha256, StringComparison.OrdinalIgnoreCase);

    private static string LeftOut(RunInfo run) => run.LeftOut.Count == 0 ? "none" : string.Join(",", run.LeftOut);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var sub in Directory.EnumerateDirectories(from))
        {
            CopyFolder(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }
}
