using System.Text;
using Grader.Checks.Catalog;

namespace Grader.Checks.Grading;

/// <summary>
/// A <see cref="HandinReport"/> as plain text: each task with its score, each check with its message, expected, seen,
/// counterexample and sheet reference, and the totals. Returns strings; never writes to a console. The whole report
/// (<see cref="Render"/>, what <c>grader check</c> prints) adds each check's <see cref="CheckResult.TutorDetail"/>;
/// the pieces a student's feedback is made of (<see cref="RenderCheck"/>) leave it out unless asked.
/// </summary>
public static class TextReport
{
    /// <summary>The whole report; with <paramref name="tutor"/> (the default: a tutor's terminal) each check's tutor-only detail too.</summary>
    public static string Render(HandinReport report, bool tutor = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine($"Hand-in {report.Student}: {FirstLine(report.Compile.Summary())}");
        if (!report.Compile.Success || report.Compile.Partial)
        {
            foreach (var line in report.Compile.Summary().Split(Environment.NewLine).Skip(1))
            {
                text.AppendLine(line);
            }
        }

        foreach (var line in LeftOut(report))
        {
            text.AppendLine(line);
        }

        if (report.VisibleOnly)
        {
            text.AppendLine("Visible checks only; hidden checks run when your tutor grades.");
        }

        foreach (var task in report.Tasks.Where(t => t.Checks.Count > 0 || t.NotGradedYet))
        {
            text.AppendLine();
            text.Append(RenderTask(task, compileFailed: !report.Compile.Success, tutor));
        }

        text.AppendLine();
        text.AppendLine(TotalLine(report));
        return text.ToString();
    }

    /// <summary>
    /// One sentence per file left out of the compilation (<see cref="CompileResult.Excluded"/>) naming the tasks it
    /// blocks and what that costs: "DtuDdpm.cs does not compile and was left out: the tasks it blocks get no points until it
    /// compiles: Sheet 004 · 3.4 negative-elbo."
    /// </summary>
    public static IReadOnlyList<string> LeftOut(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checkedTasks = report.Tasks.Where(t => t.Checks.Count > 0).Select(t => t.Task).ToArray();
        return report.Compile.Excluded.Select(file => LeftOut(report.Compile, file, checkedTasks)).ToArray();
    }

    /// <summary>
    /// Every file left out of <paramref name="compile"/>, each with the tasks of <paramref name="tasks"/> it blocks
    /// (whichever of their checks run here, visible or hidden) and its compiler errors (file, line, id and text), as the
    /// self-check fails with it; on a failed compilation, its summary. Null when every file compiled.
    /// </summary>
    public static string? LeftOutFiles(CompileResult compile, IEnumerable<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(compile);
        ArgumentNullException.ThrowIfNull(tasks);
        if (!compile.Success)
        {
            return compile.Summary();
        }

        if (compile.Excluded.Count == 0)
        {
            return null;
        }

        var graded = tasks.Where(t => t.Graded).ToArray();
        var paths = string.Join(", ", compile.Excluded.Select(f => f.Path));
        var head = compile.Excluded.Count == 1
            ? $"1 file of the hand-in was left out of the compilation ({paths}); the tasks it blocks get 0 points until it compiles:"
            : $"{compile.Excluded.Count} files of the hand-in were left out of the compilation ({paths}); the tasks they block get 0 points until they compile:";
        var lines = new List<string> { head };
        foreach (var file in compile.Excluded)
        {
            lines.Add(LeftOut(compile, file, graded));
            lines.AddRange(CompileResult.ErrorLines(file.Errors));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string LeftOut(CompileResult compile, ExcludedFile file, IEnumerable<TaskSpec> tasks)
    {
        var blocked = tasks.Where(t => compile.Blocking(t.Contracts) == file).Select(TaskName).ToArray();
        var why = file.Errors.Count > 0
            ? $"{file.Path} does not compile and was left out"
            : $"{file.Path} uses {string.Join(", ", file.Uses)}, left out, so it was left out too";
        var until = file.Errors.Count > 0 ? "it compiles" : $"{string.Join(" and ", file.Uses)} compile{(file.Uses.Count == 1 ? "s" : "")}";
        return blocked.Length == 0
            ? $"{why}: no task graded here needs it."
            : $"{why}: the tasks it blocks get no points until {until}: {string.Join(", ", blocked)}.";
    }

    /// <summary>One task: "Sheet 004 · 3.4 negative-elbo: 1 / 2 points", then one block per check.</summary>
    public static string RenderTask(TaskResult task) => RenderTask(task, compileFailed: false, tutor: false);

    /// <summary>
    /// One check: status, id, points and message, then expected, seen, counterexample and where to re-read; with
    /// <paramref name="tutor"/>, also the tutor-only detail (the hidden set-up).
    /// </summary>
    public static string RenderCheck(TaskResult task, CheckVerdict verdict, bool tutor = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(verdict);
        var r = verdict.Result;
        var status = r.Outcome switch
        {
            CheckOutcome.Passed => "passed",
            CheckOutcome.Failed => "FAILED",
            _ => "ERROR ",
        };
        var text = new StringBuilder();
        text.AppendLine($"  {status} {r.Id} ({Points(task.PointsOf(verdict))}): {r.Message}");
        const string indent = "         ";
        if (!r.Passed)
        {
            if (r.Expected is not null)
            {
                text.AppendLine($"{indent}expected: {r.Expected}");
            }

            if (r.Seen is not null)
            {
                text.AppendLine($"{indent}seen:     {r.Seen}");
            }

            if (r.Counterexample is { } c)
            {
                var shrinks = c.Shrinks == 1 ? "1 shrink" : $"{c.Shrinks} shrinks";
                text.AppendLine($"{indent}smallest counterexample (after {shrinks}): {c.Shrunk}");
                if (c.Original != c.Shrunk)
                {
                    text.AppendLine($"{indent}first found: {c.Original}");
                }

                text.AppendLine($"{indent}replay: {c.Replay}");
            }

            if (r.SheetRef is not null)
            {
                text.AppendLine($"{indent}re-read: {r.SheetRef}");
            }
        }

        if (tutor && r.TutorDetail is { } detail)
        {
            text.AppendLine($"{indent}tutor:    {detail}");
        }

        return text.ToString();
    }

    /// <summary>What a task whose automatic share has no check yet says in every report.</summary>
    public const string NotGradedYet = "not graded automatically yet";

    /// <summary>"Sheet 004 · 3.4 negative-elbo": the sheet, the exercise and the last part of the task's id.</summary>
    public static string TaskName(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var slug = task.Id[(task.Id.LastIndexOf('/') + 1)..];
        return $"Sheet {task.Sheet} · {task.Exercise} {slug}";
    }

    /// <summary>"1 (a) Train on the 'V' data set; …": a task as its sheet heads it (the exercise and the title), for pages that show a sheet's tasks under the sheet's own headings.</summary>
    public static string TaskHeading(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return $"{task.Exercise} {task.Title}";
    }

    /// <summary>"reverse step matches reference": a check's or a manual item's id in words (its last part), for pages that list them by what they look at rather than by id.</summary>
    public static string InWords(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var last = id[(id.LastIndexOfAny(['.', '/']) + 1)..].Replace('-', ' ');
        return last.Length == 0 ? id : char.ToUpperInvariant(last[0]) + last[1..];
    }

    /// <summary>"passed", "failed", "could not run": a check's outcome in words, for the pages and files a student reads.</summary>
    public static string Verdict(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        _ => "could not run",
    };

    /// <summary>"2 pts", "1 pt", "0.5 pts".</summary>
    public static string Points(double points) => points == 1 ? "1 pt" : $"{PointsText.Shown(points)} pts";

    /// <summary>"Total: 3 / 4 automatic points; 2 pts graded by hand; hidden checks worth 1 pt not run."</summary>
    public static string TotalLine(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var line = new StringBuilder($"Total: {PointsText.Shown(report.AutoTotal)} / {PointsText.Shown(report.Possible)} automatic points");
        if (report.BonusPossible > 0)
        {
            line.Append($" (+ {Points(report.BonusPossible)} bonus)");
        }

        if (report.ManualPending > 0)
        {
            line.Append($"; {Points(report.ManualPending)} graded by hand");
        }

        if (report.NotRun > 0)
        {
            line.Append($"; hidden checks worth {Points(report.NotRun)} not run");
        }

        return line.Append('.').ToString();
    }

    private static string RenderTask(TaskResult task, bool compileFailed, bool tutor)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = new StringBuilder();
        text.AppendLine($"{TaskName(task.Task)}: {PointsText.Shown(task.Score)} / {PointsText.Shown(task.MaxAuto)} points");
        if (task.NotGradedYet)
        {
            text.AppendLine($"  {NotGradedYet}: its automatic points ({Points(task.Task.AutoPoints)}) count in full.");
        }

        if (Withheld(task) is { } withheld)
        {
            text.AppendLine($"  {withheld}");
        }

        foreach (var verdict in task.Checks)
        {
            // After a compile failure every check says the same; the report's head already lists the errors.
            text.Append(compileFailed
                ? $"  FAILED {verdict.Result.Id} ({Points(task.PointsOf(verdict))}): the hand-in does not compile{Environment.NewLine}"
                : RenderCheck(task, verdict, tutor));
        }

        return text.ToString();
    }

    /// <summary>
    /// "withheld by …" when a failed hidden check keeps the points of checks that passed (<see cref="TaskResult.WithheldBy"/>);
    /// null when nothing that passed was withheld.
    /// </summary>
    public static string? Withheld(TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.WithheldBy is not { } by || !task.Checks.Any(c => c.Passed)) return null;
        var kept = task.Checks.Where(c => c.Passed).Sum(task.PointsOf);
        return $"withheld by {by.Result.Id}: the checks that passed ({Points(kept)}) earn nothing while a check on inputs drawn for this run fails; a task's points certify its computation on inputs no one was shown.";
    }

    private static string FirstLine(string text) => text.Split(Environment.NewLine)[0];
}
