namespace Grader.Grading.Reporters;

/// <summary>
/// What <c>grader check --ci</c> gives GitHub Actions for each hand-in of a summary: a job summary in Markdown appended to
/// the step's summary file (<c>$GITHUB_STEP_SUMMARY</c>) with the score table, and at most a few workflow-command
/// annotations (GitHub shows 10 errors per step) for the compile errors, with file and line, and for the failed checks,
/// written to the step's output (stdout). An <see cref="IReporter"/> like every other: it reads the summary and never
/// computes a verdict. GitHub, not the output folder, says where its two outputs go, so they are given when the reporter
/// is made and <see cref="Write"/> leaves its folder unused.
/// </summary>
/// <param name="annotations">Where the workflow commands go (the step's stdout).</param>
/// <param name="stepSummary">The file the job summary is appended to (<c>$GITHUB_STEP_SUMMARY</c>); null writes none.</param>
/// <param name="pathPrefix">The hand-in folder's path in the repository (<see cref="PathPrefix"/>), before each compile error's file.</param>
public sealed class GitHubReporter(TextWriter annotations, string? stepSummary, string pathPrefix = "") : IReporter
{
    public string Name => "job summary ($GITHUB_STEP_SUMMARY), annotations (stdout)";

    /// <summary>
    /// For each hand-in of <paramref name="summary"/>: its <see cref="Annotations"/> (at most 10) to the step's output, and
    /// its <see cref="JobSummary"/>, read from its <see cref="HandinReport"/> as the student's files are, appended to the
    /// step summary. <paramref name="folder"/> is not used (GitHub names both targets).
    /// </summary>
    public void Write(GradingSummary summary, string folder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var outcome in summary.Handins)
        {
            foreach (var annotation in Annotations(outcome, pathPrefix: pathPrefix))
            {
                annotations.WriteLine(annotation);
            }

            if (stepSummary is not null)
            {
                File.AppendAllText(stepSummary, JobSummary(outcome, summary.Run));
            }
        }
    }

    /// <summary>
    /// The job summary: the total, why grading did not end normally, the compile errors, the score table per task
    /// (with the points of hidden checks the tutor's run adds when <see cref="RunInfo.VisibleOnly"/>), and the failed
    /// checks with their messages.
    /// </summary>
    public static string JobSummary(HandinReport report, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append("## Grader: ").Append(Markdown.Inline(report.Student)).Append("\n\n");
        text.Append(FeedbackMarkdown.Head(report));
        text.Append(FeedbackMarkdown.ScoreTable(report)).Append('\n');

        var failed = report.Tasks
            .SelectMany(t => t.Checks.Where(c => !c.Passed).Select(c => (Task: t, Verdict: c)))
            .ToArray();
        if (failed.Length > 0 && report.Compile.Success)
        {
            text.Append("### Failed checks\n\n");
            foreach (var group in failed.GroupBy(f => f.Task))
            {
                text.Append("**").Append(Markdown.Inline(FeedbackMarkdown.Name(group.Key.Task))).Append("**\n\n");
                text.Append(Markdown.Fence(FeedbackMarkdown.ChecksText(group.Key, group.Select(g => g.Verdict), compileFailed: false))).Append('\n');
            }
        }

        text.Append(FeedbackMarkdown.RunLine(run)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The path of <paramref name="handinFolder"/> inside <paramref name="repository"/> (GitHub's workspace, the
    /// repository's root), '/'-separated with a trailing '/' ("Handin/"); empty when the hand-in is the repository's root
    /// or lies outside it.
    /// </summary>
    public static string PathPrefix(string handinFolder, string repository)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(repository), Path.TrimEndingDirectorySeparator(Path.GetFullPath(handinFolder)));
        return relative == "." || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? ""
            : relative.Replace(Path.DirectorySeparatorChar, '/') + "/";
    }

    /// <summary>
    /// Workflow commands, at most <paramref name="max"/>: first why grading did not end normally (timeout, crash), then
    /// <c>::error file=&lt;path&gt;,line=&lt;n&gt;,col=&lt;c&gt;,title=&lt;id&gt;::&lt;message&gt;</c> per compile error, then
    /// <c>::error title=&lt;task — check&gt;::&lt;message&gt;</c> per failed check (none after a compile failure: every check
    /// fails for the same reason). Paths are the hand-in's, relative to its folder, after <paramref name="pathPrefix"/>
    /// (the hand-in folder's path in the repository, <see cref="PathPrefix"/>: "Handin/" in a student repository), so
    /// GitHub can attach them to the file. Data and properties are escaped as GitHub's toolkit does ('%', CR, LF; in
    /// properties also ':' and ',').
    /// </summary>
    public static IReadOnlyList<string> Annotations(HandinReport outcome, int max = 10, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var lines = new List<string>();
        if (HandinStatusText.Title(outcome.Status) is { } title && outcome.Status is HandinStatus.TimedOut or HandinStatus.Crashed)
        {
            lines.Add($"::error title={Property(title.TrimEnd('.'))}::{Data(HandinStatusText.Detail(outcome) ?? title)}");
        }

        var compile = outcome.Compile;
        if (!compile.Success && compile.Errors.Count == 0)
        {
            lines.Add($"::error title={Property("The hand-in did not compile")}::{Data(HandinStatusText.Detail(outcome with { Status = HandinStatus.CompileFailed }) ?? compile.Summary())}");
        }

        foreach (var error in compile.Errors)
        {
            lines.Add($"::error file={Property(pathPrefix + error.File)},line={error.Line},col={error.Column},title={Property("Compile error " + error.Id)}::{Data(error.Message)}");
        }

        if (compile.Success)
        {
            foreach (var task in outcome.Tasks)
            {
                foreach (var verdict in task.Checks.Where(c => !c.Passed))
                {
                    var r = verdict.Result;
                    var message = new StringBuilder(r.Message);
                    if (r.Expected is not null)
                    {
                        message.Append("\nexpected: ").Append(r.Expected);
                    }

                    if (r.Seen is not null)
                    {
                        message.Append("\nseen: ").Append(r.Seen);
                    }

                    if (r.SheetRef is not null)
                    {
                        message.Append("\nre-read: ").Append(r.SheetRef);
                    }

                    var kind = r.Outcome == CheckOutcome.Errored ? "error" : "failed";
                    lines.Add($"::error title={Property($"{TextReport.TaskName(task.Task)} — {r.Id} ({kind}, {TextReport.Points(task.PointsOf(verdict))})")}::{Data(message.ToString())}");
                }
            }
        }

        return lines.Take(max).ToArray();
    }

    /// <summary>A workflow command's message: '%' → %25, CR → %0D, LF → %0A.</summary>
    public static string Data(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Markdown.Clean(text).Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>A workflow command's property value: as <see cref="Data"/>, and ':' → %3A, ',' → %2C.</summary>
    public static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
