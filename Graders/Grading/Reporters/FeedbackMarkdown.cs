namespace Grader.Grading.Reporters;

/// <summary>
/// <c>feedback.md</c>: what a student reads about one hand-in. At the top the total and, when grading did not end
/// normally, why (timeout, crash, compile errors with file and line); then a score table (automatic, by hand, total per
/// task); then per task, under the sheet's heading (<see cref="Heading"/>), its checks in words (<see cref="CheckInWords"/>:
/// the check's title, its verdict and message, then what was expected and seen and what to re-read; visible and hidden
/// checks apart), its manual items in words and the tutors' comments on its lines (<see cref="CommentsOn"/>, placed as the
/// student's page places them; a helper file's after the tasks); ids stay where a tutor needs them (a task's, a failed check's), secondary
/// (issue 82). Text from the hand-in or a check sits in code fences or is escaped, so it is never read as Markdown.
/// The pieces are shared with <see cref="GradescopeResults"/> and <see cref="GitHubReporter"/>.
/// </summary>
public sealed class FeedbackMarkdown : StudentFileReporter
{
    /// <summary>The reporter.</summary>
    public static readonly FeedbackMarkdown Default = new();

    public override string FileName => HandinFeedback.MarkdownFile;

    protected override string Text(HandinReport report, RunInfo run) => Render(report, run);

    /// <summary>The whole feedback.</summary>
    public static string Render(HandinReport report, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append("# Feedback for ").Append(Markdown.Inline(report.Student)).Append("\n\n");
        text.Append(Head(report));
        text.Append("## Scores\n\n").Append(ScoreTable(report)).Append('\n');
        foreach (var task in report.Tasks)
        {
            text.Append(TaskSection(report, task));
        }

        text.Append(CommentsSection(report));
        text.Append("---\n\n").Append(RunLine(run)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The tutors' comments on lines of the hand-in (<see cref="HandinReport.Comments"/>) no task claims (a helper file's,
    /// <see cref="OtherComments"/>), after the tasks: each with where it is, the line it is about (fenced, verbatim) and the
    /// comment (inline, escaped); empty without such comments. A task's own follow it (<see cref="TaskSection"/>).
    /// </summary>
    public static string CommentsSection(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var others = OtherComments(report);
        return others.Count == 0 ? "" : "## Comments on your hand-in\n\n" + CommentList(others);
    }

    /// <summary>The comments on lines of <paramref name="task"/> (<see cref="InlineComment.Task"/>), shown under it as the student's page shows them.</summary>
    public static IReadOnlyList<InlineComment> CommentsOn(HandinReport report, TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(task);
        return report.Comments.Where(c => c.Task == task.Task.Id).ToArray();
    }

    /// <summary>The comments on lines no task of the report claims (a helper file's, or a hand-in without its kept code): they follow the tasks.</summary>
    public static IReadOnlyList<InlineComment> OtherComments(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Comments.Where(c => c.Task is null || report.Find(c.Task) is null).ToArray();
    }

    private static string CommentList(IReadOnlyList<InlineComment> comments)
    {
        var text = new StringBuilder();
        foreach (var comment in comments)
        {
            text.Append("**").Append(Markdown.Inline(comment.Where)).Append("**: ").Append(Markdown.Inline(comment.Body)).Append("\n\n");
            if (comment.Outdated)
            {
                text.Append(Markdown.Inline(InlineComment.ChangedSentence)).Append("\n\n");
            }

            text.Append(Markdown.Fence(comment.LineText)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The head: the total line, the status headline (timeout, crash, compile failure) as a quote, the compile errors
    /// with file and line in a fence, and the note on hidden checks that did not run.
    /// </summary>
    public static string Head(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(TotalLine(report)).Append("\n\n");
        if (HandinStatusText.Title(report.Status) is { } title)
        {
            text.Append("> **").Append(Markdown.Inline(title)).Append("** ").Append(Markdown.Inline(HandinStatusText.Detail(report))).Append("\n\n");
        }

        var compile = report.Compile;
        if (!compile.Success)
        {
            var errors = compile.Errors.Count == 1 ? "1 error" : $"{compile.Errors.Count} errors";
            text.Append("### Compile errors (").Append(errors).Append(")\n\n");
            text.Append(Markdown.Fence(compile.Errors.Count == 0
                ? "(the compiler reported no error with a location)"
                : string.Join("\n", compile.Errors.Select(e => e.ToString())))).Append('\n');
        }
        else if (compile.Partial)
        {
            text.Append("### Files left out: they do not compile\n\n");
            foreach (var line in TextReport.LeftOut(report))
            {
                text.Append("- ").Append(Markdown.Inline(line)).Append('\n');
            }

            text.Append('\n').Append(Markdown.Fence(string.Join("\n", compile.Errors.Select(e => e.ToString())))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The total in one sentence, e.g. "**8.17 / 11 points so far**: automatic 3.67 / 5, by hand 4.5 / 6; 0.5 pts still to
    /// be graded by hand." In a visible-only run (the student's self-check) where hidden checks did not run: "**2 / 2.33 automatic points from the checks that ran
    /// here.** Your tutor's grading adds hidden checks worth 2.67 pts and 6 pts graded by hand."
    /// </summary>
    public static string TotalLine(HandinReport report)
    {
        var (lead, rest) = TotalParts(report);
        return $"**{lead}**{rest}";
    }

    /// <summary><see cref="TotalLine"/> as its bold lead and the rest (numbers and fixed words only, nothing to escape).</summary>
    public static (string Lead, string Tail) TotalParts(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.VisibleOnly && report.NotRun > 0)
        {
            var lead = $"{Of(report.AutoTotal, report.Possible)} automatic points from the checks that ran here.";
            var adds = $" Your tutor's grading adds hidden checks worth {TextReport.Points(report.NotRun)}";
            if (report.ManualTotal is { } given)
            {
                adds += $". By hand so far: {Of(given, report.ManualMax)}";
                if (report.ManualPending > 0)
                {
                    adds += $", {TextReport.Points(report.ManualPending)} still to be graded";
                }
            }
            else if (report.ManualPending > 0)
            {
                adds += $" and {TextReport.Points(report.ManualPending)} graded by hand";
            }

            return (lead, adds + "." + LateSentence(report));
        }

        var pending = report.ManualPending > 0;
        var rest = new StringBuilder($": automatic {Of(report.AutoTotal, report.Possible)}");
        if (report.Tasks.Any(t => t.Items.Count > 0))
        {
            if (report.ManualTotal is not { } manual)
            {
                rest.Append($"; the {TextReport.Points(report.ManualPending)} graded by hand {(report.ManualPending == 1 ? "is" : "are")} still pending");
            }
            else
            {
                rest.Append($", by hand {Of(manual, report.ManualMax)}");
                if (pending)
                {
                    rest.Append($"; {TextReport.Points(report.ManualPending)} still to be graded by hand");
                }
            }
        }

        return ($"{Of(report.Total, report.Max)} points{(pending ? " so far" : "")}", rest.Append('.').Append(LateSentence(report)).ToString());
    }

    /// <summary>
    /// " Late policy: 2 days late, … Before the late policy 8 pts, after it 4 pts." for a hand-in the late
    /// policy judged late; empty otherwise (numbers, dates and fixed words only).
    /// </summary>
    public static string LateSentence(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var late = report.Late.Where(l => l.Late).ToArray();
        return late.Length == 0
            ? ""
            : $" Late policy: {string.Join("; ", late.Select(l => late.Length == 1 ? l.Describe() : $"sheet {l.Sheet}: {l.Describe()}"))}. Before the late policy {TextReport.Points(report.BeforeLate)}, after it {TextReport.Points(report.Total)}.";
    }

    /// <summary>
    /// The score table: one line per task (automatic, by hand, total) and a total line. With hidden checks that did not
    /// run, a column says what the tutor's run adds.
    /// </summary>
    public static string ScoreTable(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool hidden = report.Tasks.Any(t => t.NotRun > 0);
        var text = new StringBuilder();
        text.Append("| Task | Automatic | By hand | Total |").Append(hidden ? " Hidden checks (tutor's run) |" : "").Append('\n');
        text.Append("|---|---:|---:|---:|").Append(hidden ? "---:|" : "").Append('\n');
        foreach (var task in report.Tasks)
        {
            text.Append("| ").Append(Markdown.Inline(Heading(task.Task)))
                .Append(" | ").Append(AutoCell(task))
                .Append(" | ").Append(ManualCell(task))
                .Append(" | ").Append(TotalCell(task))
                .Append(" |");
            if (hidden)
            {
                text.Append(' ').Append(task.NotRun > 0 ? TextReport.Points(task.NotRun) : "–").Append(" |");
            }

            text.Append('\n');
        }

        text.Append("| **Total** | **").Append(Of(report.AutoTotal, report.Possible))
            .Append("** | **").Append(ManualTotalCell(report))
            .Append("** | **").Append(Of(report.Total, report.Max)).Append("** |");
        if (hidden)
        {
            text.Append(" **").Append(TextReport.Points(report.NotRun)).Append("** |");
        }

        text.Append('\n');
        if (report.Tasks.Any(t => t.Task.Bonus))
        {
            text.Append("\nBonus tasks count towards the total but not towards the maximum.\n");
        }

        return text.ToString();
    }

    /// <summary>One task: its heading with the score, its title, its checks and its manual items.</summary>
    public static string TaskSection(HandinReport report, TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(task);
        var text = new StringBuilder();
        text.Append("## ").Append(Markdown.Inline(Heading(task.Task))).Append(": ").Append(TotalCell(task)).Append(" points\n\n");
        text.Append("Task `").Append(task.Task.Id).Append("`\n\n");
        if (task is { Checks.Count: > 0 } result)
        {
            var visible = result.Checks.Where(c => result.SpecOf(c).Visibility == Visibility.Visible).ToArray();
            var hidden = result.Checks.Where(c => result.SpecOf(c).Visibility == Visibility.Hidden).ToArray();
            if (TextReport.Withheld(result) is { } withheld)
            {
                text.Append(Markdown.Inline(withheld)).Append("\n\n");
            }

            if (visible.Length > 0)
            {
                text.Append("Checks (also in your self-check), ").Append(Of(Earned(result, visible), Worth(result, visible))).Append(" points:\n\n");
                text.Append(ChecksInWords(result, visible, !report.Compile.Success)).Append('\n');
            }

            if (hidden.Length > 0)
            {
                text.Append("Hidden checks (run only in your tutor's grading), ").Append(Of(Earned(result, hidden), Worth(result, hidden))).Append(" points:\n\n");
                text.Append(ChecksInWords(result, hidden, !report.Compile.Success)).Append('\n');
            }

            if (PicturesLine(result) is { } pictures)
            {
                text.Append(pictures).Append("\n\n");
            }
        }
        else if (task.NotGradedYet)
        {
            text.Append($"Automatic points: {TextReport.NotGradedYet}; they ({TextReport.Points(task.Task.AutoPoints)}) count in full.\n\n");
        }
        else if (task.Task.AutoPoints > 0)
        {
            text.Append($"No check of this task ran here; its {TextReport.Points(task.Task.AutoPoints)} come from hidden checks.\n\n");
        }

        if (task.NotRun > 0 && task.Checks.Count > 0)
        {
            text.Append("Hidden checks worth ").Append(TextReport.Points(task.NotRun)).Append(" run when your tutor grades.\n\n");
        }

        if (task.Items.Count > 0)
        {
            text.Append("Graded by hand, ").Append(ManualCell(task)).Append(":\n\n");
            foreach (var item in task.Items)
            {
                text.Append("- ").Append(ManualItemLine(item)).Append('\n');
            }

            text.Append('\n');
        }

        if (CommentsOn(report, task) is { Count: > 0 } remarks)
        {
            text.Append("Comments on your lines:\n\n").Append(CommentList(remarks));
        }

        return text.ToString();
    }

    /// <summary>"The pictures of this task's checks (…) are in feedback.html." for a task whose checks drew image grids, else null.</summary>
    public static string? PicturesLine(TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var grids = task.Checks.Sum(c => c.Result.Images?.Count ?? 0);
        return grids == 0 ? null : $"The pictures of this task's checks ({grids} image grid{(grids == 1 ? "" : "s")}) are in {HandinFeedback.HtmlFile}.";
    }

    /// <summary>
    /// The checks as plain text, one <see cref="TextReport.RenderCheck"/> block each; after a compile failure one line
    /// each (the head lists the errors).
    /// </summary>
    public static string ChecksText(TaskResult task, IEnumerable<CheckVerdict> verdicts, bool compileFailed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(verdicts);
        var text = new StringBuilder();
        foreach (var verdict in verdicts)
        {
            text.Append(compileFailed
                ? $"  FAILED {verdict.Result.Id} ({TextReport.Points(task.PointsOf(verdict))}): the hand-in does not compile\n"
                : TextReport.RenderCheck(task, verdict).ReplaceLineEndings("\n"));
        }

        return text.ToString();
    }

    /// <summary>
    /// The checks as a list in words: "- **Reverse step matches reference** (1 pt): failed — message", a failed check's
    /// expected, seen, counterexample and re-read lines in a fence under it with its id (what a tutor looks it up by);
    /// after a compile failure one line each (the head lists the errors).
    /// </summary>
    public static string ChecksInWords(TaskResult task, IEnumerable<CheckVerdict> verdicts, bool compileFailed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(verdicts);
        var text = new StringBuilder();
        foreach (var verdict in verdicts)
        {
            var (line, detail) = CheckInWords(task, verdict, compileFailed);
            text.Append("- ").Append("**").Append(Markdown.Inline(line.Title)).Append("** (").Append(line.Points).Append("): ").Append(line.Verdict);
            if (line.Message.Length > 0)
            {
                text.Append(" — ").Append(Markdown.Inline(line.Message));
            }

            text.Append('\n');
            if (detail.Length > 0)
            {
                text.Append('\n').Append(string.Concat(Markdown.Fence(detail).Split('\n').Select(l => l.Length == 0 ? "\n" : "  " + l + "\n")).TrimEnd('\n')).Append("\n\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// One check in the sheet's words, for <see cref="ChecksInWords"/> and <c>feedback.html</c>: its title
    /// (<see cref="TextReport.InWords"/>, as the student's page names it), points, verdict and message, and the detail a
    /// failed check carries (<see cref="TextReport.RenderCheck"/>'s expected, seen, counterexample and re-read lines, then
    /// the check's id); after a compile failure the message says so and there is no detail.
    /// </summary>
    public static ((string Title, string Points, string Verdict, string Message) Line, string Detail) CheckInWords(TaskResult task, CheckVerdict verdict, bool compileFailed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(verdict);
        var r = verdict.Result;
        var line = (TextReport.InWords(r.Id), TextReport.Points(task.PointsOf(verdict)), TextReport.Verdict(r.Outcome), compileFailed ? "the hand-in does not compile" : r.Message.ReplaceLineEndings("\n").Split('\n')[0]);
        if (compileFailed || r.Passed)
        {
            return (line, "");
        }

        // RenderCheck's lines after its first (the message's further lines, expected, seen, …), their indent taken off.
        var rest = TextReport.RenderCheck(task, verdict).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Trim());
        return (line, string.Join("\n", [.. rest, $"check: {r.Id}"]));
    }

    /// <summary>"Sheet 000 · 1 (a) Train and sample": a task under the sheet's own heading (<see cref="TextReport.TaskHeading"/>, as the student's page heads it), " (bonus)" for a bonus task.</summary>
    public static string Heading(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return $"Sheet {task.Sheet} · {TextReport.TaskHeading(task)}" + (task.Bonus ? " (bonus)" : "");
    }

    /// <summary>"**Explain** (2 pts): 1.5 / 2 — comment" or "… : graded by hand, pending": the item in words, as the student's page names it.</summary>
    public static string ManualItemLine(ManualItemResult item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var line = new StringBuilder();
        line.Append("**").Append(Markdown.Inline(TextReport.InWords(item.Item.Id))).Append("** (").Append(TextReport.Points(item.Item.Points)).Append("): ");
        line.Append(item.Points is { } p ? Of(p, item.Item.Points) : "graded by hand, pending");
        if (item.Comment.Length > 0)
        {
            line.Append(" — ").Append(Markdown.Inline(item.Comment));
        }

        return line.ToString();
    }

    /// <summary>"Graded with seed 42 by grader 1.0.0 on 2025-02-03 14:05 UTC.", escaped for Markdown.</summary>
    public static string RunLine(RunInfo run) => Markdown.Inline(RunSentence(run));

    /// <summary>"Graded with seed 42 by grader 1.0.0 on 2025-02-03 14:05 UTC." as plain text.</summary>
    public static string RunSentence(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var when = run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var mode = run.VisibleOnly ? ", visible checks only" : "";
        return $"Graded with seed {run.Seed.ToString(CultureInfo.InvariantCulture)} by grader {run.Version} on {when} UTC{mode}.";
    }

    /// <summary>"Sheet 004 · 3.4 negative-elbo", with " (bonus)" for a bonus task.</summary>
    public static string Name(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return TextReport.TaskName(task) + (task.Bonus ? " (bonus)" : "");
    }

    /// <summary>"1.5 / 2".</summary>
    public static string Of(double earned, double max) => $"{PointsText.Shown(earned)} / {PointsText.Shown(max)}";

    /// <summary>A task's total: "1.5 / 2", or "– / 2" while nothing of it is scored.</summary>
    public static string TotalCell(TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Total is { } total ? Of(total, task.Max) : $"– / {PointsText.Shown(task.Max)}";
    }

    /// <summary>The manual total: "4.5 / 6", "pending (6 pts)" while nothing is scored, "–" without manual items.</summary>
    public static string ManualTotalCell(HandinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Tasks.Any(t => t.Items.Count > 0))
        {
            return "–";
        }

        return report.ManualTotal is { } given ? Of(given, report.ManualMax) : $"pending ({TextReport.Points(report.ManualPending)})";
    }

    /// <summary>The automatic cell: "1 / 2", or "–" when no check of the task ran.</summary>
    public static string AutoCell(TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Auto is { } auto ? Of(auto, task.MaxAuto) + (task.NotGradedYet ? $" ({TextReport.NotGradedYet})" : "") : "–";
    }

    /// <summary>The manual cell: "1.5 / 2", "pending (2 pts)", "1 / 2 (1 pt pending)", or "–" without manual items.</summary>
    public static string ManualCell(TaskResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Items.Count == 0)
        {
            return "–";
        }

        if (task.Manual is not { } given)
        {
            return $"pending ({TextReport.Points(task.ManualMax)})";
        }

        return task.ManualPending > 0
            ? $"{Of(given, task.ManualMax)} ({TextReport.Points(task.ManualPending)} pending)"
            : Of(given, task.ManualMax);
    }

    private static double Earned(TaskResult task, IEnumerable<CheckVerdict> verdicts) => verdicts.Sum(task.Earned);

    private static double Worth(TaskResult task, IEnumerable<CheckVerdict> verdicts) => verdicts.Sum(task.PointsOf);
}
