using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader semester backup</c> and <c>grader semester restore</c> (issue 81, item 4): the course's gradebook copied by
/// SQLite's online backup while <c>grader serve</c> may be writing, integrity-checked, never over an existing file; and a
/// backup put back, the replaced gradebook kept beside it, the sheets' latest run files written again from the restored
/// state (<see cref="GradebookBackup"/>; docs/operations.md, "Backup and restore").
/// </summary>
public static class SemesterBackupCommand
{
    /// <summary><c>grader semester backup --course … --out FILE|FOLDER</c>.</summary>
    internal static Command Backup(CourseCatalog catalog)
    {
        var course = Course();
        var output = new Option<string>("--out")
        {
            Description = $"The backup file to write (never an existing one), or an existing folder to write '{GradebookBackup.DefaultName(DateTimeOffset.UnixEpoch).Replace("19700101T000000Z", "<UTC time>", StringComparison.Ordinal)}' into.",
            Required = true,
        };
        var command = new Command("backup", "Back up the course's semester gradebook (scores, comments, regrade requests, releases, audit) while 'grader serve' runs: SQLite's online backup, integrity-checked, never over an existing file.") { course, output };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var target = Path.GetFullPath(result.GetValue(output)!);
            if (Directory.Exists(target)) target = GradebookBackup.NewIn(target, DateTimeOffset.UtcNow);
            var contents = GradebookBackup.Backup(file.Gradebook, target);
            stdout.WriteLine($"Backed up {file.Gradebook} to {target} ({contents}); SQLite's integrity check: ok.");
            return ExitCodes.Done;
        }));
        return command;
    }

    /// <summary><c>grader semester restore --course … --from FILE</c>.</summary>
    internal static Command Restore(CourseCatalog catalog)
    {
        var course = Course();
        var from = new Option<string>("--from") { Description = "The backup to restore (a file 'grader semester backup' wrote).", Required = true };
        var command = new Command("restore", "Restore the course's semester gradebook from a backup: the backup is checked first, the gradebook it replaces is kept beside it, and each sheet's latest run files are written again from the restored state. Stop 'grader serve' first.") { course, from };
        command.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var (contents, kept) = GradebookBackup.Restore(result.GetValue(from)!, file.Gradebook, DateTimeOffset.UtcNow);
            stdout.WriteLine(kept is null
                ? $"Restored {file.Gradebook} ({contents})."
                : $"Restored {file.Gradebook} ({contents}); the gradebook it replaced is kept as {kept}.");
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            foreach (var sheet in file.Sheets)
            {
                if (gradebook.Grades.RenderLatestRun(file, catalog, sheet.Sheet) is { } folder)
                    stdout.WriteLine($"Wrote the files of {folder} again from the restored gradebook.");
            }

            stdout.WriteLine("Start 'grader serve' again (if it ran) so that its pages read the restored gradebook.");
            return ExitCodes.Done;
        }));
        return command;
    }

    private static Option<string> Course() =>
        new("--course") { Description = $"The course file (a course's .toml with its [semester]); its gradebook is the one backed up or restored.", Required = true };

    private static int Run(ParseResult result, Func<TextWriter, int> action) =>
        CommandFailures.Run<CourseFileException>(result, "grader semester", action);
}
