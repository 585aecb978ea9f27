namespace Grader.Grading.Reporters;

/// <summary>
/// <c>feedback.html</c>: the same content as <see cref="FeedbackMarkdown"/> as one self-contained page (inline CSS,
/// plots as inline SVG drawn by <see cref="PlotSvg"/>, image grids as inline PNGs by <see cref="ImageGridHtml"/>, no
/// scripts, no external resources), in the sheet's words as the student's page (issue 82): each task under the sheet's
/// heading, each check by its title with its verdict, message and (failed) what was expected and seen and what to re-read,
/// each manual item in words, the tutors' comments on its lines under it (a helper file's after the tasks); a task's and
/// a failed check's id small and secondary. Every string from a hand-in or a
/// check is escaped with <see cref="Html.Escape"/>; each plot and image grid of a check is drawn under it.
/// </summary>
public sealed class FeedbackHtml : StudentFileReporter
{
    /// <summary>The reporter.</summary>
    public static readonly FeedbackHtml Default = new();

    public override string FileName => HandinFeedback.HtmlFile;

    protected override string Text(HandinReport report, RunInfo run) => Render(report, run);

    // "Grader marks": a monospace block's Greek letters and combining marks (μ̃, ε̂) from DejaVu Sans, which sets the mark
    // over its letter where DejaVu Sans Mono draws it beside (Graders/Web/serve.css says more; issue 82).
    private const string Style = """
        @font-face { font-family: "Grader marks"; src: local("DejaVu Sans"), local("DejaVuSans"); unicode-range: U+0300-036F, U+0370-03FF, U+1DC0-1DFF, U+1F00-1FFF, U+20D0-20FF; }
        pre, code { font-family: "Grader marks", ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8125rem; }
        pre code { font-size: inherit; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .3rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
        .total { font-size: 1.1rem; }
        .status { border-left: 4px solid #b00020; background: #fdecee; padding: .5rem .8rem; }
        .note { color: #555; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        tr.sum td { font-weight: bold; }
        pre { background: #f6f8fa; padding: .5rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: .3rem 0; }
        .check { border-left: 4px solid #2ca02c; padding-left: .6rem; margin: .6rem 0; }
        .check.failed { border-left-color: #d62728; }
        .check.errored { border-left-color: #ff7f0e; }
        .id { font-size: .75rem; color: #555; font-weight: normal; overflow-wrap: anywhere; }
        .check p.verdict { margin: .2rem 0; overflow-wrap: anywhere; }
        .badge { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: .6rem; background: #eee; margin-left: .3rem; }
        figure { margin: .5rem 0 1rem; }
        figcaption { font-weight: 600; max-width: 40rem; margin-bottom: .25rem; }
        figure svg { max-width: 100%; height: auto; }
        figure.images { overflow-x: auto; }
        table.image-grid { margin: .2rem 0; }
        table.image-grid th, table.image-grid td { border: none; padding: 2px 3px; text-align: center; vertical-align: middle; }
        table.image-grid th { text-align: right; font-weight: normal; font-size: .85rem; max-width: 9rem; }
        table.image-grid img { image-rendering: pixelated; display: block; margin: 0 auto; }
        table.image-grid .caption { display: block; font-size: .75rem; line-height: 1.1; color: #555; }
        ul.manual li { margin: .2rem 0; }
        footer { margin-top: 2rem; color: #666; font-size: .85rem; overflow-wrap: anywhere; }
        @media (max-width: 40rem) { body { margin: 1rem auto; padding: 0 .5rem; } th, td { padding: .2rem .3rem; overflow-wrap: anywhere; } }
        @media (max-width: 40rem) { table.scores { font-size: .85rem; } table.scores th { overflow-wrap: normal; } }
        """;

    /// <summary>The page.</summary>
    public static string Render(HandinReport report, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(run);
        var html = new StringBuilder();
        var student = Html.Escape(report.Student);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Feedback for ").Append(student).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>Feedback for ").Append(student).Append("</h1>\n");
        Head(html, report);
        html.Append("<h2 id=\"scores\">Scores</h2>\n");
        ScoreTable(html, report);
        int plots = 0;
        int taskIndex = 0;
        foreach (var task in report.Tasks)
        {
            TaskSection(html, report, task, ++taskIndex, ref plots);
        }

        Comments(html, FeedbackMarkdown.OtherComments(report), "h2", "Comments on your hand-in");

        html.Append("<footer>").Append(Html.Escape(FeedbackMarkdown.RunSentence(run))).Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Tutors' comments on lines of the hand-in under <paramref name="title"/>: where (the file and the line's number),
    /// the line (escaped, verbatim) and the comment (escaped); a comment whose line changed since says so.
    /// </summary>
    private static void Comments(StringBuilder html, IReadOnlyList<InlineComment> comments, string heading, string title)
    {
        if (comments.Count == 0)
        {
            return;
        }

        html.Append('<').Append(heading).Append(heading == "h2" ? " id=\"comments\">" : ">").Append(title).Append("</").Append(heading).Append(">\n<ul class=\"comments\">\n");
        foreach (var comment in comments)
        {
            html.Append("<li class=\"comment").Append(comment.Outdated ? " outdated" : "").Append("\"><strong>").Append(Html.Escape(comment.Where)).Append("</strong>");
            if (comment.Outdated)
            {
                html.Append("<p class=\"changed\">").Append(Html.Escape(InlineComment.ChangedSentence)).Append("</p>");
            }

            html.Append("<pre>").Append(Html.Escape(comment.LineText)).Append("</pre>")
                .Append("<p>").Append(Html.Escape(comment.Body)).Append("</p></li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void Head(StringBuilder html, HandinReport report)
    {
        var (lead, rest) = FeedbackMarkdown.TotalParts(report);
        html.Append("<p class=\"total\"><strong>").Append(Html.Escape(lead)).Append("</strong>").Append(Html.Escape(rest)).Append("</p>\n");
        if (HandinStatusText.Title(report.Status) is { } title)
        {
            html.Append("<p class=\"status\"><strong>").Append(Html.Escape(title)).Append("</strong> ")
                .Append(Html.Escape(HandinStatusText.Detail(report))).Append("</p>\n");
        }

        var compile = report.Compile;
        if (!compile.Success)
        {
            html.Append("<h3>Compile errors (").Append(compile.Errors.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h3>\n<pre class=\"compile-errors\">")
                .Append(Html.Escape(compile.Errors.Count == 0
                    ? "(the compiler reported no error with a location)"
                    : string.Join("\n", compile.Errors.Select(e => e.ToString()))))
                .Append("</pre>\n");
        }
        else if (compile.Partial)
        {
            html.Append("<h3>Files left out: they do not compile</h3>\n<ul class=\"left-out\">\n");
            foreach (var line in TextReport.LeftOut(report))
            {
                html.Append("<li>").Append(Html.Escape(line)).Append("</li>\n");
            }

            html.Append("</ul>\n<pre class=\"compile-errors\">").Append(Html.Escape(string.Join("\n", compile.Errors.Select(e => e.ToString())))).Append("</pre>\n");
        }

    }

    private static void ScoreTable(StringBuilder html, HandinReport report)
    {
        bool hidden = report.Tasks.Any(t => t.NotRun > 0);
        html.Append("<table class=\"scores\">\n<thead><tr><th>Task</th><th>Automatic</th><th>By hand</th><th>Total</th>")
            .Append(hidden ? "<th>Hidden checks (tutor's run)</th>" : "").Append("</tr></thead>\n<tbody>\n");
        int index = 0;
        foreach (var task in report.Tasks)
        {
            html.Append("<tr><td><a href=\"#task-").Append(++index).Append("\">").Append(Html.Escape(FeedbackMarkdown.Heading(task.Task))).Append("</a></td>")
                .Append("<td>").Append(FeedbackMarkdown.AutoCell(task)).Append("</td>")
                .Append("<td>").Append(Html.Escape(FeedbackMarkdown.ManualCell(task))).Append("</td>")
                .Append("<td>").Append(FeedbackMarkdown.TotalCell(task)).Append("</td>");
            if (hidden)
            {
                html.Append("<td>").Append(task.NotRun > 0 ? TextReport.Points(task.NotRun) : "–").Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("<tr class=\"sum\"><td>Total</td><td>").Append(FeedbackMarkdown.Of(report.AutoTotal, report.Possible))
            .Append("</td><td>").Append(Html.Escape(FeedbackMarkdown.ManualTotalCell(report)))
            .Append("</td><td>").Append(FeedbackMarkdown.Of(report.Total, report.Max)).Append("</td>");
        if (hidden)
        {
            html.Append("<td>").Append(TextReport.Points(report.NotRun)).Append("</td>");
        }

        html.Append("</tr>\n</tbody>\n</table>\n");
        if (report.Tasks.Any(t => t.Task.Bonus))
        {
            html.Append("<p class=\"note\">Bonus tasks count towards the total but not towards the maximum.</p>\n");
        }
    }

    private static void TaskSection(StringBuilder html, HandinReport report, TaskResult task, int index, ref int plots)
    {
        html.Append("<section class=\"task\" id=\"task-").Append(index).Append("\">\n<h2>").Append(Html.Escape(FeedbackMarkdown.Heading(task.Task)))
            .Append(": ").Append(FeedbackMarkdown.TotalCell(task)).Append(" points</h2>\n");
        html.Append("<p class=\"id\">Task ").Append(Html.Escape(task.Task.Id)).Append("</p>\n");
        if (task is { Checks.Count: > 0 } result)
        {
            if (TextReport.Withheld(result) is { } withheld)
            {
                html.Append("<p class=\"note\">").Append(Html.Escape(withheld)).Append("</p>\n");
            }

            foreach (var (visibility, heading) in new[] { (Visibility.Visible, "Checks (also in your self-check)"), (Visibility.Hidden, "Hidden checks (run only in your tutor's grading)") })
            {
                var verdicts = result.Checks.Where(c => result.SpecOf(c).Visibility == visibility).ToArray();
                if (verdicts.Length == 0)
                {
                    continue;
                }

                var earned = verdicts.Sum(result.Earned);
                var worth = verdicts.Sum(result.PointsOf);
                html.Append("<h3>").Append(heading).Append(", ").Append(FeedbackMarkdown.Of(earned, worth)).Append(" points</h3>\n");
                foreach (var verdict in verdicts)
                {
                    Check(html, result, verdict, !report.Compile.Success, ref plots);
                }
            }
        }
        else if (task.NotGradedYet)
        {
            html.Append("<p class=\"note\">Automatic points: ").Append(TextReport.NotGradedYet).Append("; they (").Append(TextReport.Points(task.Task.AutoPoints)).Append(") count in full.</p>\n");
        }
        else if (task.Task.AutoPoints > 0)
        {
            html.Append("<p class=\"note\">No check of this task ran here; its ").Append(TextReport.Points(task.Task.AutoPoints)).Append(" come from hidden checks.</p>\n");
        }

        if (task.NotRun > 0 && task.Checks.Count > 0)
        {
            html.Append("<p class=\"note\">Hidden checks worth ").Append(TextReport.Points(task.NotRun)).Append(" run when your tutor grades.</p>\n");
        }

        if (task.Items.Count > 0)
        {
            html.Append("<h3>Graded by hand, ").Append(Html.Escape(FeedbackMarkdown.ManualCell(task))).Append("</h3>\n<ul class=\"manual\">\n");
            foreach (var item in task.Items)
            {
                html.Append("<li data-item=\"").Append(Html.Escape(item.Item.Id)).Append("\"><strong>").Append(Html.Escape(TextReport.InWords(item.Item.Id))).Append("</strong> (").Append(TextReport.Points(item.Item.Points)).Append("): ")
                    .Append(item.Points is { } p ? FeedbackMarkdown.Of(p, item.Item.Points) : "graded by hand, pending");
                if (item.Comment.Length > 0)
                {
                    html.Append(" — ").Append(Html.Escape(item.Comment));
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        Comments(html, FeedbackMarkdown.CommentsOn(report, task), "h3", "Comments on your lines");
        html.Append("</section>\n");
    }

    private static void Check(StringBuilder html, TaskResult task, CheckVerdict verdict, bool compileFailed, ref int plots)
    {
        var outcome = verdict.Result.Outcome switch
        {
            CheckOutcome.Passed => "passed",
            CheckOutcome.Failed => "failed",
            _ => "errored",
        };
        var (line, detail) = FeedbackMarkdown.CheckInWords(task, verdict, compileFailed);
        html.Append("<div class=\"check ").Append(outcome).Append("\" data-check=\"").Append(Html.Escape(verdict.Result.Id)).Append("\">\n<p class=\"verdict\"><strong>")
            .Append(Html.Escape(line.Title)).Append("</strong> (").Append(Html.Escape(line.Points)).Append("): ").Append(line.Verdict)
            .Append(line.Message.Length > 0 ? " — " + Html.Escape(line.Message) : "").Append("</p>\n");
        if (detail.Length > 0)
        {
            html.Append("<pre>").Append(Html.Escape(detail)).Append("</pre>\n");
        }

        foreach (var plot in verdict.Result.Plots ?? [])
        {
            plots++;
            html.Append("<figure class=\"plot\" role=\"img\" aria-label=\"").Append(Html.Escape(plot.Title)).Append("\">\n")
                .Append("<figcaption>").Append(Html.Escape(plot.Title)).Append("</figcaption>\n");
            try
            {
                html.Append(PlotSvg.Render(plot, $"plot{plots}", withTitle: false));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                html.Append("<p class=\"note\">This plot could not be drawn: ").Append(Html.Escape(e.Message)).Append("</p>\n");
            }

            html.Append("</figure>\n");
        }

        foreach (var grid in (verdict.Result.Images ?? []).OfType<ImageGrid>())
        {
            html.Append(ImageGridHtml.Render(grid));
        }

        html.Append("</div>\n");
    }
}
