using Grader.Grading.Discovery;
using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader semester release SHEET --course …</c>: releases a sheet to its students (their page in <c>grader serve</c>
/// shows it from now on; nothing of a sheet is shown before), or with <c>--withdraw</c> takes it back; audited in the
/// gradebook (<see cref="AuditLog.ServeAudit"/>) as done by <c>--by</c>. A release writes the sheet's latest run's
/// files again, so the feedback a student opens carries every score given so far.
/// </summary>
public static class SemesterReleaseCommand
{
    /// <summary>The command, for a given catalog.</summary>
    internal static Command Create(CourseCatalog catalog)
    {
        var sheet = new Argument<string>("sheet") { Description = "The sheet id, e.g. 002." };
        var course = new Option<string>("--course") { Description = $"The course file (a course's .toml with its [semester]).", Required = true };
        var withdraw = new Option<bool>("--withdraw") { Description = "Take the release back: students no longer see the sheet." };
        var by = new Option<string?>("--by") { Description = "Who releases, for the audit list. Default: the user running the command." };
        var command = new Command("release", "Release a sheet's grades to its students' page in 'grader serve' (audited); --withdraw takes the release back.") { sheet, course, withdraw, by };
        command.SetAction(result => CommandFailures.Run<CourseFileException>(result, "grader semester", stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var id = result.GetValue(sheet)!;
            if (file.FindSheet(id) is null)
            {
                throw new CourseFileException($"The course file lists the sheets {string.Join(", ", file.Sheets.Select(s => s.Sheet))}, not '{StudentName.Escape(id)}'.");
            }

            var actor = $"{(result.GetValue(by) is { Length: > 0 } who ? who.Trim() : Environment.UserName)} (semester release)";
            var release = !result.GetValue(withdraw);
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            if (!gradebook.Releases.Release(id, actor, release))
            {
                stdout.WriteLine(release ? $"Sheet {id} was released already." : $"Sheet {id} was not released.");
                return ExitCodes.Done;
            }

            stdout.WriteLine(release ? $"Sheet {id} is released: its students see their grades in 'grader serve'." : $"Sheet {id} is withdrawn: its students no longer see it.");
            if (release && gradebook.Grades.RenderLatestRun(file, catalog, id) is { } folder)
            {
                stdout.WriteLine($"Wrote the files of {folder} again with every score given so far.");
            }

            return ExitCodes.Done;
        }));
        return command;
    }
}
