using Grader.Grading.Discovery;

namespace Grader.Grading.Reporters;

/// <summary>
/// <c>summary.md</c>: a tutor's one-page view of a run — the run's settings, how the hand-ins ended, a histogram of
/// the scores (10 bins of % of the maximum, as text bars), a group course's students by tutorial, the checks failed most often, the hidden set-up behind the
/// failed checks (<see cref="CheckResult.TutorDetail"/>, which no student's feedback shows), the hand-ins that crashed,
/// timed out or did not compile and why, the refused inputs, the written reports (who handed in none, what could not be
/// taken in), the submission times the late policy counted from beside the times the hand-ins claim (once
/// <c>semester record</c> wrote the run again), and manual scores that matched nothing. Numbers come from
/// the <see cref="GradebookTable"/>, so they agree with the gradebook.
/// </summary>
public sealed class SummaryMarkdown : IReporter
{
    /// <summary>The reporter.</summary>
    public static readonly SummaryMarkdown Default = new();

    /// <summary>The file name it writes in a run's folder.</summary>
    public const string FileName = "summary.md";

    public string Name => FileName;

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/>.</summary>
    public void Write(GradingSummary summary, string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), Render(summary, GradebookTable.From(summary)));

    /// <summary>How many of the most-failed checks are listed.</summary>
    public const int TopChecks = 10;

    /// <summary>How wide the longest histogram bar is, in characters.</summary>
    public const int BarWidth = 40;

    /// <summary>The page.</summary>
    public static string Render(GradingSummary summary, GradebookTable table)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        text.Append("# Grading run summary\n\n");
        text.Append(RunTable(summary)).Append('\n');
        text.Append(Scores(table)).Append('\n');
        if (Tutorials(table) is { } tutorials)
        {
            text.Append(tutorials).Append('\n');
        }

        text.Append(MostFailed(summary, table)).Append('\n');
        if (SetUpBehindFailures(summary) is { } setUp)
        {
            text.Append(setUp).Append('\n');
        }

        text.Append(Unfinished(summary)).Append('\n');
        text.Append(Refused(summary)).Append('\n');
        if (summary.Reports is { } reports)
        {
            text.Append(WrittenReports(reports)).Append('\n');
        }

        if (SubmissionTimeTable(summary) is { } times)
        {
            text.Append(times).Append('\n');
        }

        if (table.IgnoredManualScores.Count > 0)
        {
            text.Append(Ignored(table)).Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string RunTable(GradingSummary summary)
    {
        var run = summary.Run;
        var handins = summary.Handins;
        var counts = Enum.GetValues<HandinStatus>()
            .Select(s => (Status: s, Count: handins.Count(h => h.Status == s)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {HandinStatusText.Words(c.Status)}");
        var minutes = run.Elapsed.TotalMinutes;
        var rate = minutes > 0 ? (handins.Count / minutes).ToString("0.##", CultureInfo.InvariantCulture) : "–";
        var text = new StringBuilder();
        text.Append("| Run | |\n|---|---|\n");
        // A group member's own hand-in refused beside the group's has the group's row, not a zero row.
        var refused = RefusedHandin.Reports(summary).Count(r => GroupGraded(summary, r.Student) is null);
        Row(text, "Hand-ins", (handins.Count == 0 ? "0" : $"{handins.Count} ({string.Join(", ", counts)})")
            + (refused > 0 ? $"; {refused} refused (a zero row each in the gradebooks)" : ""));
        Row(text, "Refused inputs", summary.Problems.Count(p => !p.Ignored && !GroupNote(summary, p)).ToString(CultureInfo.InvariantCulture));
        var assignment = summary.Assignment;
        Row(text, "Assignment", Markdown.Inline($"sheet {assignment.Id}: {assignment.Sheet.Title}"));
        Row(text, "Course", Markdown.Inline(assignment.Course.ToString()));
        var maximum = RefusedHandin.Maximum(summary.Assignment, summary.Run);
        Row(text, "Maximum", $"{PointsText.Shown(maximum)} points" + (assignment.BonusPoints > 0 ? $" (+ {PointsText.Shown(assignment.BonusPoints)} bonus)" : "")
            + (Math.Abs(maximum - assignment.MaxPoints) > 1e-9 ? $"; the sheet has {PointsText.Shown(assignment.MaxPoints)}, the rest is in checks this run did not run" : ""));
        Row(text, "Checks", (run.VisibleOnly ? "visible only" : "visible and hidden") + (run.LeftOut.Count > 0 ? $"; left out: {string.Join(", ", run.LeftOut.Select(Markdown.Inline))}" : ""));
        Row(text, "Seed", run.Seed.ToString(CultureInfo.InvariantCulture));
        Row(text, "Shard", run.Shard is null ? "whole cohort" : Markdown.Inline(run.Shard));
        Row(text, "Jobs", run.Jobs.ToString(CultureInfo.InvariantCulture));
        Row(text, "Worker", Markdown.Inline(run.Worker));
        Row(text, "Started", run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        Row(text, "Elapsed", Duration(run.Elapsed));
        Row(text, "Hand-ins per minute", rate);
        Row(text, "Grader", Markdown.Inline(run.Version));
        return text.ToString();
    }


    private static string Scores(GradebookTable table)
    {
        var text = new StringBuilder("## Scores\n\n");
        var graded = table.Rows.Where(r => r.Status != HandinStatus.Refused).ToArray(); // refused hand-ins are listed under "Refused inputs"
        var rows = graded.Where(r => r.Max > 0).ToArray();
        if (rows.Length == 0)
        {
            return text.Append("No hand-in has a score.\n").ToString();
        }

        // While manual items are pending, the totals are mostly the points nobody has given yet: show the automatic part.
        bool pendingManual = graded.Any(r => r.ManualPending > 0);
        if (pendingManual)
        {
            rows = rows.Where(r => r.Possible > 0).ToArray();
            if (rows.Length == 0)
            {
                return text.Append("No hand-in has automatic points; the manual items are still to be graded.\n").ToString();
            }
        }

        var max = rows.Max(r => pendingManual ? r.Possible : r.Max);
        var percents = rows.Select(r => pendingManual ? 100 * r.AutoTotal / r.Possible : 100 * r.Total / r.Max).ToArray();
        var bins = new int[10];
        foreach (var p in percents)
        {
            bins[Math.Clamp((int)Math.Floor(p / 10), 0, 9)]++;
        }

        text.Append(pendingManual ? "Automatic points as % of the automatic maximum (" : "Total points (automatic plus by hand) as % of the maximum (")
            .Append(TextReport.Points(max)).Append("), one line per 10 %:\n\n");
        var widest = bins.Max();
        var lines = new StringBuilder();
        for (int i = 0; i < bins.Length; i++)
        {
            var label = i == 9 ? "90–100%" : $"{i * 10}–{(i + 1) * 10}%";
            var bar = widest == 0 ? "" : new string('█', (int)Math.Round((double)bins[i] * BarWidth / widest));
            var line = $"{label.PadLeft(7)} | {bar}{(bins[i] > 0 ? " " + bins[i].ToString(CultureInfo.InvariantCulture) : "")}";
            lines.Append(line.TrimEnd()).Append('\n');
        }

        text.Append(Markdown.Fence(lines.ToString()));
        var sorted = percents.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        text.Append('\n').Append(Invariant($"Mean {percents.Average():0.#} %, median {median:0.#} % over {rows.Length} hand-ins."));
        if (percents.Any(p => p > 100))
        {
            text.Append(" Scores above 100 % (bonus) are in the top line.");
        }

        var pending = graded.Sum(r => r.ManualPending);
        if (pending > 0)
        {
            var waiting = graded.Count(r => r.ManualPending > 0);
            var most = graded.Max(r => r.ManualPending);
            text.Append(' ').Append(Invariant($"{waiting} of {graded.Length} hand-ins still have manual items to grade (up to {TextReport.Points(most)} per hand-in); fill them in with 'grader rubric export' and --manual."));
        }

        return text.Append('\n').ToString();
    }

    /// <summary>
    /// A course's students by tutorial (issue 68): per tutorial its students, each one's group of the sheet, status and
    /// points, as the gradebooks have them; null for a course without tutorials.
    /// </summary>
    private static string? Tutorials(GradebookTable table)
    {
        if (table.Roster is not { Tutorials.Count: > 0 } roster)
        {
            return null;
        }

        var text = new StringBuilder("## By tutorial\n");
        var tutorials = roster.Tutorials.Select(t => (t.Id, Tutors: string.Join(", ", t.Tutors))).Append(("", "")).ToArray();
        foreach (var (id, tutors) in tutorials)
        {
            var rows = table.Rows.Where(r => roster.TutorialOf(r.Student) == id).ToArray();
            if (id.Length == 0 && rows.Length == 0)
            {
                continue;
            }

            text.Append("\n### ").Append(id.Length == 0 ? "No tutorial" : Markdown.Inline($"Tutorial {id}") + (tutors.Length > 0 ? Markdown.Inline($" (tutors: {tutors})") : ""))
                .Append("\n\n| Student | Group | Status | Points |\n|---|---|---|---:|\n");
            foreach (var row in rows)
            {
                var group = roster.GroupOf(row.Student);
                text.Append("| ").Append(Markdown.Inline(row.Student)).Append(" | ").Append(group is null ? "–" : Markdown.Inline(group.Id))
                    .Append(" | ").Append(Markdown.Inline(row.Note.Length > 0 ? row.Note : HandinStatusText.Words(row.Status)))
                    .Append(" | ").Append(Invariant($"{PointsText.Shown(row.Total)} of {PointsText.Shown(row.Max)}")).Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string MostFailed(GradingSummary summary, GradebookTable table)
    {
        var text = new StringBuilder("## Checks failed most often\n\n");
        var compiled = summary.Handins.Where(h => h.Compile.Success).ToArray();
        var order = table.Tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var verdicts = compiled
            .SelectMany(h => h.Tasks.SelectMany(t => t.Checks.Select(c => (Student: h.Student, Task: t.Task, Verdict: c))))
            .GroupBy(v => (TaskId: v.Task.Id, CheckId: v.Verdict.Result.Id))
            .Select(g => (
                g.Key,
                Task: g.First().Task,
                Failed: g.Where(v => !v.Verdict.Passed).Select(v => v.Student).Distinct(StringComparer.Ordinal).Count(),
                Ran: g.Select(v => v.Student).Distinct(StringComparer.Ordinal).Count()))
            .Where(g => g.Failed > 0)
            .OrderByDescending(g => g.Failed)
            .ThenBy(g => order.GetValueOrDefault(g.Key.TaskId, int.MaxValue))
            .ThenBy(g => g.Key.CheckId, StringComparer.Ordinal)
            .Take(TopChecks)
            .ToArray();
        if (verdicts.Length == 0)
        {
            text.Append(compiled.Length == 0 ? "No hand-in compiled.\n" : "No check failed.\n");
        }
        else
        {
            text.Append("| # | Task | Check | Failed in |\n|---:|---|---|---:|\n");
            int rank = 0;
            foreach (var v in verdicts)
            {
                text.Append("| ").Append(++rank).Append(" | ").Append(Markdown.Inline(FeedbackMarkdown.Name(v.Task)))
                    .Append(" | ").Append(Markdown.Inline(v.Key.CheckId))
                    .Append(" | ").Append(Invariant($"{v.Failed} of {v.Ran}")).Append(" |\n");
            }
        }

        int failedToCompile = summary.Handins.Count - compiled.Length;
        if (failedToCompile > 0)
        {
            text.Append('\n').Append(Invariant($"Counted over the {compiled.Length} hand-ins that compiled; hand-ins that did not compile ({failedToCompile}) are left out, since every check fails for them.\n"));
        }

        return text.ToString();
    }

    /// <summary>
    /// The tutor-only details of the failed checks (the hidden experiment's figures: steps, sizes, drawn inputs), one row
    /// per student and check; null when no failed check has one.
    /// </summary>
    private static string? SetUpBehindFailures(GradingSummary summary)
    {
        var rows = summary.Handins
            .SelectMany(h => h.Tasks.SelectMany(t => t.Checks
                .Where(c => !c.Passed && c.Result.TutorDetail is not null)
                .Select(c => (h.Student, Task: t.Task, c.Result))))
            .ToArray();
        if (rows.Length == 0)
        {
            return null;
        }

        var text = new StringBuilder("## Hidden set-up behind failed checks (tutor only)\n\n");
        text.Append("What these checks did, which the students' feedback leaves out so the next cohort cannot target it.\n\n");
        text.Append("| Student | Task | Check | Set-up and figures |\n|---|---|---|---|\n");
        foreach (var (student, task, result) in rows)
        {
            text.Append("| ").Append(Markdown.Inline(student)).Append(" | ").Append(Markdown.Inline(FeedbackMarkdown.Name(task)))
                .Append(" | ").Append(Markdown.Inline(result.Id)).Append(" | ").Append(Markdown.Inline(result.TutorDetail!)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Unfinished(GradingSummary summary)
    {
        var text = new StringBuilder("## Hand-ins that crashed or timed out\n\n");
        var broken = summary.Handins.Where(h => h.Status is HandinStatus.TimedOut or HandinStatus.Crashed).ToArray();
        if (broken.Length == 0)
        {
            text.Append("None.\n");
        }
        else
        {
            text.Append("| Student | Status | Why | Worker runs | Time |\n|---|---|---|---:|---:|\n");
            foreach (var h in broken)
            {
                text.Append("| ").Append(Markdown.Inline(h.Student)).Append(" | ").Append(HandinStatusText.Words(h.Status))
                    .Append(" | ").Append(string.IsNullOrWhiteSpace(h.Reason) ? "(no reason given)" : Markdown.Inline(h.Reason))
                    .Append(" | ").Append(h.Timing.WorkerRuns.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(Duration(h.Timing.Total)).Append(" |\n");
            }
        }

        var failed = summary.Handins.Where(h => h.Status == HandinStatus.CompileFailed || !h.Compile.Success).ToArray();
        text.Append("\n## Hand-ins that did not compile\n\n");
        if (failed.Length == 0)
        {
            text.Append("None.\n");
        }
        else
        {
            text.Append("| Student | Errors | First error |\n|---|---:|---|\n");
            foreach (var h in failed)
            {
                var errors = h.Compile.Errors;
                text.Append("| ").Append(Markdown.Inline(h.Student)).Append(" | ").Append(errors.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(errors.Count > 0 ? Markdown.Inline(errors[0].ToString()) : Markdown.Inline(h.Reason ?? "")).Append(" |\n");
            }
        }

        var partial = summary.Handins.Where(h => h.Compile.Partial).ToArray();
        if (partial.Length > 0)
        {
            text.Append("\nCompiled without the files that do not compile (each task such a file blocks scores 0):\n\n| Student | Left out | Tasks blocked | First error |\n|---|---|---|---|\n");
            foreach (var h in partial)
            {
                var blocked = h.Tasks.Where(t => t.Checks.Count > 0 && h.Compile.Blocking(t.Task.Contracts) is not null).Select(t => t.Task.Id).ToArray();
                text.Append("| ").Append(Markdown.Inline(h.Student))
                    .Append(" | ").Append(Markdown.Inline(string.Join(", ", h.Compile.Excluded.Select(f => f.Path))))
                    .Append(" | ").Append(blocked.Length == 0 ? "none" : Markdown.Inline(string.Join(", ", blocked)))
                    .Append(" | ").Append(h.Compile.Errors.Count > 0 ? Markdown.Inline(h.Compile.Errors[0].ToString()) : "").Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string Refused(GradingSummary summary)
    {
        var text = new StringBuilder("## Refused inputs\n\n");
        var ignored = summary.Problems.Where(p => p.Ignored).ToArray();
        var refused = summary.Problems.Where(p => !p.Ignored && !GroupNote(summary, p)).ToArray();
        var notes = summary.Problems.Where(p => GroupNote(summary, p)).ToArray();
        if (refused.Length == 0)
        {
            text.Append("None.\n");
        }
        else
        {
            text.Append("| Path | Student | Problem | Effect |\n|---|---|---|---|\n");
        }

        foreach (var p in refused)
        {
            text.Append("| ").Append(Markdown.Inline(p.Path)).Append(" | ").Append(p.Student is null ? "–" : Markdown.Inline(p.Student))
                .Append(" | ").Append(Markdown.Inline(p.Message)).Append(" | ").Append(!p.Skipped ? "partly left out"
                    : GroupGraded(summary, p.Handin) is { } group ? $"hand-in skipped; {Markdown.Inline(p.Handin)} has group {Markdown.Inline(group)}'s grade in the gradebooks"
                    : $"hand-in skipped; a zero row for {Markdown.Inline(p.Handin)} in the gradebooks").Append(" |\n");
        }

        if (notes.Length > 0)
        {
            text.Append("\n## Notes on groups' members.txt\n\nNothing was left out: each group's hand-in was graded as the course's group, whatever its members.txt says; check these with the students.\n\n");
            foreach (var p in notes)
            {
                text.Append("- ").Append(Markdown.Inline(p.Handin)).Append(": ").Append(Markdown.Inline(p.Message)).Append('\n');
            }
        }

        if (ignored.Length > 0)
        {
            text.Append("\n## Ignored: not hand-ins\n\nThese entries of the folder of hand-ins cannot be hand-ins (no folder with C# files, no .zip); they have no row in the gradebooks.\n\n");
            foreach (var p in ignored)
            {
                text.Append("- ").Append(Markdown.Inline(p.Path)).Append(": ").Append(Markdown.Inline(p.Message)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>True for a group hand-in's note on its members.txt (it differs, or was not read): the hand-in graded in full, nothing left out.</summary>
    private static bool GroupNote(GradingSummary summary, InputProblem problem) =>
        !problem.Ignored && !problem.Skipped && problem.Student is { } handin && summary.Roster?.GroupNamed(handin) is not null
        && problem.Message.Contains(Groups.MembersFile.FileName, StringComparison.Ordinal);

    /// <summary>The group whose graded hand-in is <paramref name="student"/>'s grade (they handed in alone too), or null.</summary>
    private static string? GroupGraded(GradingSummary summary, string student) =>
        summary.Roster?.GroupOf(student) is { } group && summary.Handins.Any(h => h.Student == group.Id) ? group.Id : null;

    /// <summary>
    /// The written reports: how many were handed in and in which form, the students without one (a line, not an error),
    /// and what could not be taken in, per student.
    /// </summary>
    private static string WrittenReports(IReadOnlyList<Reports.WrittenReport> reports)
    {
        var text = new StringBuilder("## Written reports\n\n");
        var handedIn = reports.Where(r => r.HandedIn).ToArray();
        int Count(string file) => handedIn.Count(r => r.Files.Contains(file));
        text.Append(CultureInfo.InvariantCulture, $"{handedIn.Length} of {reports.Count} hand-ins carry a written report ({Count(ReportLayout.MarkdownFile)} with report.md, {Count(ReportLayout.PdfFile)} with report.pdf); they are in `reports/`.\n");
        var missing = reports.Where(r => !r.HandedIn && r.Problems.Count == 0).Select(r => Markdown.Inline(r.Student)).ToArray();
        if (missing.Length > 0)
        {
            text.Append("\nno written report: ").Append(string.Join(", ", missing)).Append('\n');
        }

        var troubled = reports.Where(r => r.Problems.Count > 0).ToArray();
        if (troubled.Length > 0)
        {
            text.Append("\n| Student | What could not be taken in |\n|---|---|\n");
            foreach (var report in troubled)
            {
                text.Append("| ").Append(Markdown.Inline(report.Student)).Append(" | ")
                    .Append(string.Join("<br>", report.Problems.Select(Markdown.Inline))).Append(" |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The submission times the late policy read (a run written again by <c>semester record</c>): per hand-in the time it
    /// counted from and where that comes from, beside the time the hand-in claims, which decides nothing. Null when no
    /// hand-in has a time (a run as <c>grader grade</c> wrote it).
    /// </summary>
    private static string? SubmissionTimeTable(GradingSummary summary)
    {
        var rows = summary.Handins
            .SelectMany(h => h.Late.Where(l => l.Sheet == summary.Assignment.Id && (l.Submitted is not null || l.Claimed is not null)))
            .ToArray();
        if (rows.Length == 0)
        {
            return null;
        }

        static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "–";
        var text = new StringBuilder("## Submission times\n\n");
        text.Append("The late policy counts from the LMS file's time where `--submitted` gave one, else from when the grader first saw the hand-in's code. ")
            .Append("Code already there at the grader's first recorded run of the sheet has no observed time and counts as on time: grade at the deadline (and record that run) so that later code is seen arriving. ")
            .Append("The time a hand-in claims (its last commit's, its files') is set by the student and decides nothing.\n\n");
        text.Append("| Student | Counted from | Claimed by the hand-in | Late policy |\n|---|---|---|---|\n");
        foreach (var late in rows)
        {
            text.Append("| ").Append(Markdown.Inline(late.Student)).Append(" | ").Append(Time(late.Submitted))
                .Append(late.TimeSource.Length > 0 ? $" ({Markdown.Inline(late.TimeSource)})" : "")
                .Append(" | ").Append(Time(late.Claimed)).Append(" | ").Append(Markdown.Inline(late.Describe())).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Ignored(GradebookTable table)
    {
        var text = new StringBuilder("## Manual scores that matched nothing\n\n");
        text.Append("These rows of the rubric CSV name a student, task or item this run does not have; they count nowhere.\n\n");
        text.Append("| Student | Task | Item | Points |\n|---|---|---|---:|\n");
        foreach (var s in table.IgnoredManualScores)
        {
            text.Append("| ").Append(Markdown.Inline(s.Student)).Append(" | ").Append(Markdown.Inline(s.TaskId))
                .Append(" | ").Append(Markdown.Inline(s.ItemId)).Append(" | ").Append(PointsText.Shown(s.Points)).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>"42.5 s", "3 min 5 s", "1 h 2 min".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalSeconds < 60)
        {
            return Invariant($"{span.TotalSeconds:0.#} s");
        }

        if (span.TotalHours < 1)
        {
            return Invariant($"{span.Minutes} min {span.Seconds} s");
        }

        return Invariant($"{(int)span.TotalHours} h {span.Minutes} min");
    }

    private static void Row(StringBuilder text, string name, string value) => text.Append("| ").Append(name).Append(" | ").Append(value).Append(" |\n");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
