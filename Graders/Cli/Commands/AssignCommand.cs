using Grader.Cli.Assign;
using Grader.Grading.Courses;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader assign --sheet &lt;id&gt; --out &lt;dir&gt; [--from &lt;grader repository&gt;]</c>: writes the repository a
/// student of one assignment receives (<see cref="StudentRepository"/>): the contracts, the assignment's template files
/// as the hand-in folder, the self-check with the visible checks and the snapshots they read, and the workflow that runs
/// it on every push; nothing of the reference, the hidden checks or their expected values.
/// </summary>
public static class AssignCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "The folder to write the student repository to (new or empty).",
            Required = true,
        };
        var sheet = CommonOptions.Sheet();
        sheet.Description = "The assignment the repository is for, by its sheet (" + string.Join(", ", CourseCatalog.Default.Sheets.Select(s => s.Id)) + ").";
        var from = new Option<string?>("--from")
        {
            Description = "The grader repository to copy from (default: what the installed tool carries, else the folder holding Grader.sln above the tool, else above the current folder).",
        };
        var course = CommonOptions.Course();
        course.Description = "A course file (courses/*.toml, 'grader course check' passes it) to assign from instead of the shipped courses: the repository receives its sheet's tasks and points (no rubric texts, no semester).";
        var command = new Command("assign", "Write the repository a student of one assignment receives: contracts, template, self-check, visible fixtures and CI workflow; no reference, no hidden checks.")
        {
            sheet,
            output,
            from,
            course,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(sheet),
            parseResult.GetValue(output)!,
            parseResult.GetValue(from),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            parseResult.GetValue(course)));
        return command;
    }

    /// <summary>Runs the command with the shipped courses.</summary>
    public static int Run(string? sheet, string output, string? from, TextWriter stdout, TextWriter stderr) => Run(sheet, output, from, stdout, stderr, course: null);

    /// <summary>Runs the command: writes the repository (of <paramref name="course"/>'s sheet when given), prints one summary line, and returns the exit code.</summary>
    public static int Run(string? sheet, string output, string? from, TextWriter stdout, TextWriter stderr, string? course)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var (catalog, courseFile, groups) = course is null ? (CourseCatalog.Default, null, false) : TutorCourse(course);
            var assignment = (sheet is null && catalog.Sheets.Count == 1 ? catalog.Assignments[0] : null)
                ?? (sheet is null ? null : catalog.FindAssignment(sheet))
                ?? throw new AssignException($"Say which assignment the repository is for: --sheet <id>, one of {string.Join(", ", catalog.Sheets.Select(s => $"{s.Id} ({s.Course})"))}.");
            var root = ToolContent.SourceOf(from, AppContext.BaseDirectory, Environment.CurrentDirectory);
            var result = StudentRepository.Write(root, output, assignment, catalog, courseFile is null ? null : StudentCourseFile.Of(assignment, courseFile.Value.Name, courseFile.Value.Text), membersSkeleton: groups);
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Wrote the student repository of {assignment} to {result.Folder} ({result.Files.Count} files, from {root}): {result.Points.VisibleTasks} tasks with visible checks worth {TextReport.Points(result.Points.VisiblePoints)}; hidden checks worth {TextReport.Points(result.Points.HiddenPoints)} are not in it."));
            return ExitCodes.Done;
        }
        catch (CourseProblemsException e)
        {
            stderr.WriteLine($"grader assign: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (AssignException e)
        {
            stderr.WriteLine($"grader assign: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"grader assign: could not write the student repository: {e.Message}");
            return ExitCodes.InfrastructureFailure;
        }
    }

    /// <summary>The students' catalog of a tutor's course file (refused with every located problem), and its name and text.</summary>
    private static (CourseCatalog Catalog, (string Name, string Text)? File, bool Groups) TutorCourse(string path)
    {
        var (document, bytes) = CourseSource.LoadWithBytes(path, CourseCatalog.Default.Packs);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return (CourseCatalog.FromCourses([document], CourseCatalog.Default.Packs), (path, reader.ReadToEnd()), document.Semester?.HasGroups == true);
    }
}
