using Grader.Checks.Hidden;
using Grader.Grading.Courses;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader course check FILE [--now TIME]</c>: every problem of a course file at once, each as
/// "file:line:column: message", exit 1 when there is any; <c>grader course new [--sheet S] [--out FILE]</c>: a commented
/// starting file from the packs' tasks (<see cref="CourseTemplate"/>); <c>grader course convert FILE.json</c>: an old
/// <c>course.json</c> as a course's TOML file, once (<see cref="CourseTomlWriter"/>).
/// </summary>
public static class CourseCommand
{
    public static Command Create()
    {
        var course = new Command("course", "A course file (courses/*.toml): check one, write a starting one, or convert an old course.json.");
        course.Add(Check());
        course.Add(New());
        course.Add(Convert());
        return course;
    }

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "The course file (TOML)." };
        var now = new Option<string?>("--now") { Description = "The time the deadlines must not be before, with its offset, e.g. 2026-10-01T00:00Z (default: now)." };
        var command = new Command("check", "Report every problem of a course file with its line and column; exit 1 if there is any.") { file, now };
        command.SetAction(result => RunCheck(result.GetValue(file)!, result.GetValue(now), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Checks <paramref name="path"/>; returns the exit code.</summary>
    public static int RunCheck(string path, string? now, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var at = DateTimeOffset.UtcNow;
        if (now is not null && !DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            stderr.WriteLine($"grader course check: --now \"{now}\" is not a time, e.g. 2026-10-01T00:00Z.");
            return ExitCodes.UsageError;
        }

        Grader.Grading.Courses.TutorCourseDocument course;
        try
        {
            course = CourseSource.Read(path, CourseCatalog.Default.Packs, at);
        }
        catch (CourseProblemsException e)
        {
            stderr.WriteLine($"grader course check: {e.Message}");
            return ExitCodes.UsageError;
        }

        foreach (var problem in course.Problems)
        {
            stdout.WriteLine(problem);
        }

        foreach (var warning in course.Warnings)
        {
            stdout.WriteLine($"{warning.File}:{warning.Line}:{warning.Column}: warning: {warning.Message}");
        }

        stdout.WriteLine(course.IsValid
            ? $"{path}: the course {course.Course} is valid: {course.Sheets.Count} sheet(s), {course.Tasks.Count} tasks, {course.Tasks.Sum(t => t.Manual.Count)} manual items{(course.Semester is { } s ? $", {s.Students.Count} students" : "")}{(course.Semester is { HasGroups: true } g ? $", {g.Groups.Count} groups" : "")}{(course.Semester is { Tutorials.Count: > 0 } t ? $", {t.Tutorials.Count} tutorials" : "")}."
            : $"{path}: {course.Problems.Count} problem(s).");
        return course.IsValid ? ExitCodes.Done : ExitCodes.UsageError;
    }

    private static Command New()
    {
        var sheets = new Option<string[]>("--sheet") { Description = "A shipped sheet to start from (\"000\" … \"004\"); repeat for several. Default: every sheet." };
        var output = new Option<string?>("--out") { Description = "The file to write (it must not exist); default: standard output." };
        var command = new Command("new", "Write a commented starting course file from the exercise packs' tasks, with the shipped courses' points and rubric levels.") { sheets, output };
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            string text;
            try
            {
                text = CourseTemplate.Render(TutorCatalog.Default, [.. (result.GetValue(sheets) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))]);
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"grader course new: {e.Message}");
                return ExitCodes.UsageError;
            }

            if (result.GetValue(output) is not { } path)
            {
                stdout.Write(text);
                return ExitCodes.Done;
            }

            var full = Path.GetFullPath(path);
            if (File.Exists(full) || Directory.Exists(full))
            {
                stderr.WriteLine($"grader course new: '{full}' exists; give a new file, so no course is overwritten.");
                return ExitCodes.UsageError;
            }

            try
            {
                File.WriteAllText(full, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"grader course new: '{full}' could not be written: {e.Message}");
                return ExitCodes.UsageError;
            }

            stdout.WriteLine($"Wrote {full}; edit it, then run 'grader course check {path}'.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Convert()
    {
        var file = new Argument<string>("FILE") { Description = "The old course.json." };
        var output = new Option<string?>("--out") { Description = "The course file to write (it must not exist); default: the .toml beside FILE." };
        var institution = new Option<string>("--institution") { Description = "The course's institution (course.json had none).", DefaultValueFactory = _ => "Unknown institution" };
        var year = new Option<string?>("--year") { Description = "The course's year, e.g. \"2026/27\" (course.json had none); default: the year of the first deadline." };
        var command = new Command("convert", "Write an old course.json as a course's TOML file (the same students, deadlines, extensions, late policy, admission and gradebook; each sheet's tasks as the shipped course files give them), then check it.") { file, output, institution, year };
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var source = Path.GetFullPath(result.GetValue(file)!);
            var target = Path.GetFullPath(result.GetValue(output) ?? Path.ChangeExtension(source, ".toml"));
            try
            {
                var semester = Grader.Semester.CourseJsonFile.Read(source, TutorCatalog.Default);
                if (File.Exists(target) || Directory.Exists(target))
                {
                    throw new Grader.Semester.CourseFileException($"'{target}' exists; give a new file with --out, so no course is overwritten.");
                }

                var first = semester.Sheets.Count > 0 ? semester.Sheets.Min(s => s.Deadline).Year.ToString(CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
                var text = Grader.Semester.CourseTomlWriter.Write(semester, result.GetValue(institution)!, result.GetValue(year) ?? first, Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                var converted = Grader.Semester.CourseFile.Load(target, TutorCatalog.Default);
                var same = converted.Students.SequenceEqual(semester.Students, StringComparer.Ordinal) && converted.Sheets.SequenceEqual(semester.Sheets)
                    && converted.Extensions.SequenceEqual(semester.Extensions) && converted.Late == semester.Late && converted.Admission == semester.Admission
                    && converted.Gradebook == semester.Gradebook;
                if (!same)
                {
                    throw new Grader.Semester.CourseFileException($"'{target}' was written but does not read back as the same semester as '{source}'; it is left for you to compare.");
                }

                stdout.WriteLine($"Wrote {target}: {converted.Students.Count} students, {converted.Sheets.Count} sheet(s) with their deadlines, the same gradebook ({converted.Gradebook}). Check its institution and year, then give it as --course.");
                return ExitCodes.Done;
            }
            catch (Exception e) when (e is Grader.Semester.CourseFileException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"grader course convert: {e.Message}");
                return ExitCodes.UsageError;
            }
        });
        return command;
    }
}
