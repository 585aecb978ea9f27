using Grader.Grading.Discovery;
using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader serve student tokens --course … --out tokens.csv [--student NAME]</c>: a fresh sign-in token for each of the
/// course's students (or the named ones), written to a CSV (<c>student,token</c>) a tutor can mail-merge; the gradebook
/// keeps only each token's SHA-256 (as the tutors', <see cref="TutorToken"/>), and a new token ends the student's open
/// sessions. The file is created new (never over an existing one) and readable by its owner only.
/// </summary>
public static class ServeStudentCommand
{
    /// <summary>The command, for a given catalog.</summary>
    internal static Command Create(CourseCatalog catalog)
    {
        var course = new Option<string>("--course") { Description = $"The course file (a course's .toml with its [semester]).", Required = true };
        var output = new Option<string>("--out") { Description = "The CSV to write (student,token), e.g. tokens.csv; it must not exist yet.", Required = true };
        var only = new Option<string[]>("--student") { Description = "Only this student (repeat for several). Default: every student of the course." };
        var tokens = new Command("tokens", "Make each student's sign-in token for their page (released sheets, regrade requests) and write them to a CSV for a mail merge; the gradebook keeps only their hashes.") { course, output, only };
        tokens.SetAction(result => CommandFailures.Run<CourseFileException>(result, "grader serve", stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var chosen = result.GetValue(only) is { Length: > 0 } named ? named : file.Students.ToArray();
            foreach (var student in chosen.Where(s => !file.Students.Contains(s, StringComparer.Ordinal)))
            {
                throw new CourseFileException($"'{StudentName.Escape(student)}' is not one of the course's students in {file.Path}.");
            }

            var path = Path.GetFullPath(result.GetValue(output)!);
            var made = chosen.Distinct(StringComparer.Ordinal).Select(s => (Student: s, Token: TutorToken.New())).ToArray();
            try
            {
                // Created new, owner-only: the file holds every token in clear.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.Write(Csv.Table([["student", "token"], .. made.Select(m => new[] { m.Student, m.Token })]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CourseFileException($"--out {path}: {(File.Exists(path) ? "the file exists already; give a new name (its tokens would be lost)" : e.Message)}.");
            }

            using var gradebook = CourseGradebook.Open(file.Gradebook);
            gradebook.Releases.SetStudentTokens(made.Select(m => (m.Student, TutorToken.Hash(m.Token))).ToArray(), $"{Environment.UserName} (serve student tokens)");
            stdout.WriteLine($"Wrote {made.Length} student token(s) to {path} (give each student theirs privately; {file.Gradebook} keeps only their hashes; earlier tokens of these students no longer sign in).");
            return ExitCodes.Done;
        }));
        var student = new Command("student", "The students' sign-in to their page.");
        student.Add(tokens);
        return student;
    }
}
