using Grader.Grading.Discovery;
using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader semester</c>: the course's memory across a semester (<see cref="CourseGradebook"/>, set up by the course
/// file, <see cref="CourseFile"/>). <c>record</c> adds a finished <c>grader grade</c> run of a sheet
/// and its rubric CSV's manual scores (a regrade lists every changed automatic score; a run already recorded is refused)
/// and writes the run's files again from the semester's grades, so the late policy and the manual scores reach the
/// feedback and the run's gradebooks; <c>score</c> enters a manual score in the same store; <c>totals</c> prints the
/// totals per sheet and overall with the exam admission (<see cref="TotalsText"/>); <c>export</c> writes
/// <c>gradebook-lms.csv</c> with the run's LMS writer (<see cref="GradebookCsvReporter.RenderLms(IReadOnlyList{string}, IEnumerable{LmsRow})"/>).
/// Every number is a <see cref="HandinReport"/>'s, rebuilt from the recorded run (<see cref="SemesterGrades.Totals"/>).
/// Bad input gives one message on stderr and <see cref="ExitCodes.UsageError"/>.
/// </summary>
public static class SemesterCommand
{
    /// <summary>The file a regrade's list of changed automatic scores is written to, in the run's output folder.</summary>
    public const string ChangesFileName = "regrade.md";

    public static Command Create() => Create(CommonOptions.Catalog);

    /// <summary>The command, for a given catalog.</summary>
    internal static Command Create(CourseCatalog catalog)
    {
        var semester = new Command("semester", "The semester gradebook of a course (its .toml file): record runs, enter manual scores, totals and exam admission, LMS export, backup and restore.");
        semester.Add(Record(catalog));
        semester.Add(Score(catalog));
        semester.Add(Totals(catalog));
        semester.Add(Export(catalog));
        semester.Add(Web(catalog));
        semester.Add(SemesterReleaseCommand.Create(catalog));
        semester.Add(SemesterBackupCommand.Backup(catalog));
        semester.Add(SemesterBackupCommand.Restore(catalog));
        return semester;
    }

    private static Option<string> CourseOption() => new("--course") { Description = $"The course file (a course's .toml with its [semester]): students, sheets and deadlines, extensions, late policy, admission share, gradebook file.", Required = true };

    private static Command Record(CourseCatalog catalog)
    {
        var folder = new Argument<string>("run") { Description = "The output folder of a finished 'grader grade' run." };
        var course = CourseOption();
        var handins = new Option<string[]>("--handins") { Description = "The folder(s) of hand-ins the run graded: the time each hand-in claims (a repository's last commit, a zip's file time) is read from there and shown to the tutor; it decides nothing." };
        var submitted = new Option<string?>("--submitted") { Description = "A CSV 'student,submitted' (an LMS export's timestamps, ISO 8601 with offset): the times the late policy counts from. Without it: when the grader first saw the hand-in's code (code already there at the sheet's first recorded run counts as on time: grade at the deadline)." };
        var command = new Command("record", "Record a finished 'grader grade' run of a sheet in the semester gradebook; a regrade lists every changed automatic score.") { folder, course, handins, submitted };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var recorded = RecordedRun.Load(result.GetValue(folder)!, catalog, file.Path);
            var sheet = recorded.Sheet;
            if (file.FindSheet(sheet) is null)
            {
                throw new CourseFileException($"'{recorded.Folder}' graded sheet {sheet}, which the course file '{file.Path}' does not list; add it with its deadline.");
            }

            var students = recorded.Records.Select(r => r.Student).ToArray();
            var csv = result.GetValue(submitted);
            var claimed = SubmissionTimes.Claimed(students, result.GetValue(handins) ?? []);
            var lms = SubmissionTimes.Lms(csv);
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            var changes = gradebook.Runs.Record(recorded, lms, claimed);
            gradebook.Students.AddStudents(file.Students);
            int count = gradebook.Runs.RunCount(sheet);
            stdout.WriteLine($"Recorded run {count} of sheet {sheet} ({students.Length} hand-in(s), seed {recorded.File.Run.Seed}) in {file.Gradebook}.");
            // A group's hand-in (g1) is its members' grade, not a stranger's.
            var roster = Grader.Grading.Groups.GroupRoster.Of(file.Semester, sheet);
            foreach (var stranger in students.Where(s => !file.Students.Contains(s, StringComparer.Ordinal) && roster?.GroupNamed(s) is null))
            {
                stdout.WriteLine($"  note: {stranger} is not one of the course's students in {file.Path}.");
            }

            var known = file.Students.Union(students, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in (csv is null ? [] : SubmissionTimes.ReadCsv(csv)).Select(r => r.Student).Where(s => !known.Contains(s)).Distinct(StringComparer.Ordinal))
            {
                stdout.WriteLine($"  note: {StudentName.Escape(unknown)} in {csv} is neither one of the course's students nor graded in this run; their time was not used.");
            }

            if (count > 1)
            {
                var text = Changes(sheet, changes);
                AtomicFile.WriteAllText(Path.Combine(recorded.Folder, ChangesFileName), text);
                stdout.Write(text.Replace("\n\n", "\n", StringComparison.Ordinal));
                stdout.WriteLine($"Manual scores and comments are kept ({gradebook.Scores.ManualScores().Count} in the gradebook).");
            }

            // The grades with the gradebook's manual scores and the late policy: the run's files are written again from them.
            var reports = gradebook.Grades.Render(file, catalog, recorded);
            foreach (var late in reports.Where(r => r.Late.Any(l => l.Late)))
            {
                stdout.WriteLine($"  late: {late.Student}: {FeedbackMarkdown.LateSentence(late).Trim()}");
            }

            return ExitCodes.Done;
        }));
        return command;
    }

    /// <summary>The regrade's list: "Regrade of sheet 000: 2 automatic scores changed (1 lower)", then one line per change.</summary>
    public static string Changes(string sheet, IReadOnlyList<ScoreChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Regrade of sheet {sheet}: {changes.Count} automatic score(s) changed ({changes.Count(c => c.Lower)} lower).\n\n");
        foreach (var change in changes)
        {
            text.Append("- ").Append(change).Append('\n');
        }

        return text.ToString();
    }

    private static Command Score(CourseCatalog catalog)
    {
        var course = CourseOption();
        var student = new Option<string>("--student") { Description = "The student.", Required = true };
        var task = new Option<string>("--task") { Description = "The task id, as the catalog writes it, e.g. 000/1a/train-and-sample (grader catalog lists them).", Required = true };
        var item = new Option<string>("--item") { Description = "The manual item's id within the task.", Required = true };
        var points = new Option<double>("--points") { Description = "The points given (0 … the item's points).", Required = true };
        var comment = new Option<string?>("--comment") { Description = "The tutor's comment." };
        var command = new Command("score", "Enter (or replace) a manual score; regrades keep it.") { course, student, task, item, points, comment };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var who = result.GetValue(student)!;
            if (!file.Students.Contains(who, StringComparer.Ordinal))
            {
                throw new CourseFileException($"{who} is not one of the course's students in {file.Path}.");
            }

            // A course's TOML file states its own tasks and manual items (a re-weighted or added item): the score is checked against them.
            var tasks = CourseTomlSemester.Names(file.Path) ? Grader.Grading.Courses.CourseOfFile.Load(file.Path, catalog).Catalog : catalog;
            var spec = tasks.FindTask(result.GetValue(task)!) ?? throw new CourseFileException($"There is no task '{result.GetValue(task)}' in the catalog ('grader catalog' lists them).");
            if (file.FindSheet(spec.Sheet) is null)
            {
                throw new CourseFileException($"The task {spec.Id} is on sheet {spec.Sheet}, which the course file does not list.");
            }

            var manual = spec.Manual.FirstOrDefault(m => m.Id == result.GetValue(item))
                ?? throw new CourseFileException($"The task {spec.Id} has no manual item '{result.GetValue(item)}' (it has {(spec.Manual.Count == 0 ? "none" : string.Join(", ", spec.Manual.Select(m => m.Id)))}).");
            var given = result.GetValue(points);
            if (!double.IsFinite(given) || given < 0 || given > manual.Points)
            {
                throw new CourseFileException(string.Create(CultureInfo.InvariantCulture, $"--points {given}: the item {manual.Id} of {spec.Id} gives 0 to {manual.Points} points."));
            }

            using var gradebook = CourseGradebook.Open(file.Gradebook);
            gradebook.Scores.SetManualScore(new ManualScore(who, spec.Id, manual.Id, given, result.GetValue(comment) ?? ""));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{who}: {spec.Id} {manual.Id} = {Csv.Number(given)} / {Csv.Number(manual.Points)} recorded in {file.Gradebook}."));
            // The sheet's latest run shows the new score once its files are written again from the semester's grades.
            if (gradebook.Grades.RenderLatestRun(file, catalog, spec.Sheet) is { } folder)
            {
                stdout.WriteLine($"Wrote the files of {folder} again with the score.");
            }
            return ExitCodes.Done;
        }));
        return command;
    }

    private static Command Totals(CourseCatalog catalog)
    {
        var course = CourseOption();
        var student = new Option<string?>("--student") { Description = "Only this student (default: the whole cohort)." };
        var tutorial = new Option<string?>("--tutorial") { Description = "Only the students of this tutorial ([[semester.tutorial]] of the course file)." };
        var command = new Command("totals", "Print each student's points per sheet (before → after the late policy), the total and the exam admission.") { course, student, tutorial };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            var totals = gradebook.Grades.Totals(file, catalog);
            if (result.GetValue(student) is { } who)
            {
                totals = totals.Where(t => t.Student == who).ToArray();
                if (totals.Count == 0)
                {
                    throw new CourseFileException($"{who} is neither one of the course's students nor graded in {file.Gradebook}.");
                }
            }

            if (result.GetValue(tutorial) is { } chosen)
            {
                var tutorials = file.Semester?.Tutorials ?? [];
                if (!tutorials.Any(t => t.Id == chosen))
                {
                    throw new CourseFileException(tutorials.Count == 0
                        ? $"--tutorial {Grader.Grading.Courses.CourseGroupRules.Shown(chosen)}: the course file has no tutorials."
                        : $"--tutorial {Grader.Grading.Courses.CourseGroupRules.Shown(chosen)}: the course's tutorials are {string.Join(", ", tutorials.Select(t => t.Id))}.");
                }

                totals = totals.Where(t => file.Semester!.TutorialOf(t.Student, StudentName.Key) == chosen).ToArray();
            }

            stdout.Write(TotalsText.Render(file, totals));
            return ExitCodes.Done;
        }));
        return command;
    }

    private static Command Export(CourseCatalog catalog)
    {
        var course = CourseOption();
        var output = new Option<string>("--out") { Description = "The CSV to write, e.g. gradebook-lms.csv.", Required = true };
        var sheets = new Option<string[]>("--sheet") { Description = "A sheet to export; repeat for several. Default: every sheet of the course." };
        var command = new Command("export", $"Write {GradebookCsvReporter.LmsFileName} (Moodle's and Canvas's grade import) from the semester gradebook: points after the late policy.") { course, output, sheets };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var selected = (result.GetValue(sheets) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
            foreach (var s in selected.Where(s => file.FindSheet(s) is null))
            {
                throw new CourseFileException($"--sheet {s}: the course file lists the sheets {string.Join(", ", file.Sheets.Select(x => x.Sheet))}.");
            }

            var chosen = selected.Length == 0 ? file.Sheets.Select(s => s.Sheet).ToArray() : file.Sheets.Select(s => s.Sheet).Where(selected.Contains).ToArray();
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            var path = Path.GetFullPath(result.GetValue(output)!);
            var totals = gradebook.Grades.Totals(file, catalog);
            AtomicFile.WriteAllText(path, GradebookCsvReporter.RenderLms(chosen, totals.Select(t => t.LmsRow() with { Section = file.Semester?.TutorialOf(t.Student, StudentName.Key) ?? "" })));
            stdout.WriteLine($"Wrote {totals.Count} student(s) × {chosen.Length} sheet(s) to {path}.");
            return ExitCodes.Done;
        }));
        return command;
    }

    private static Command Web(CourseCatalog catalog)
    {
        var course = CourseOption();
        var output = new Option<string>("--out") { Description = $"The folder to write {SemesterPage.FileName} into.", Required = true };
        var command = new Command("web", $"Write the static web view: {CohortPage.FileName} into each sheet's latest run folder, {SemesterPage.FileName} into --out.") { course, output };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            var totals = gradebook.Grades.Totals(file, catalog);
            var runs = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var sheet in file.Sheets)
            {
                var run = gradebook.Runs.LatestRun(sheet.Sheet);
                var folder = run is { } id ? gradebook.Runs.RunFolder(id) : null;
                if (folder is not null && !Directory.Exists(folder))
                {
                    throw new CourseFileException($"The latest run of sheet {sheet.Sheet} was graded into '{folder}', which no longer exists; record the run again from where it is now.");
                }

                runs[sheet.Sheet] = folder;
                if (folder is not null)
                {
                    AtomicFile.WriteAllText(Path.Combine(folder, CohortPage.FileName), CohortPage.Render(folder, sheet.Sheet, totals, gradebook.Runs.MostFailed(run!.Value), file));
                    stdout.WriteLine($"Wrote {Path.Combine(folder, CohortPage.FileName)}.");
                }
            }

            var target = Path.GetFullPath(result.GetValue(output)!);
            Directory.CreateDirectory(target);
            AtomicFile.WriteAllText(Path.Combine(target, SemesterPage.FileName), SemesterPage.Render(target, file, totals, runs));
            stdout.WriteLine($"Wrote {Path.Combine(target, SemesterPage.FileName)}.");
            return ExitCodes.Done;
        }));
        return command;
    }

    private static int Run(ParseResult result, Func<TextWriter, int> action) =>
        CommandFailures.Run<CourseFileException>(result, "grader semester", action);
}
