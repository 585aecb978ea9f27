using System.Text.Encodings.Web;

namespace Grader.Grading.Reporters;

/// <summary>
/// <c>results.json</c> in Gradescope's autograder format (<c>gradescope/autograder_samples/docs/specs.md</c>): the score,
/// the run time, a Markdown summary, and one test per check and per manual item.
/// <list type="bullet">
/// <item>A check's test is named "Sheet 004 · 3.4 negative-elbo — &lt;check id&gt;", numbered
/// "&lt;sheet&gt;.&lt;task&gt;.&lt;n&gt;" (the task's place on its sheet and the check's place in the task, two digits each, so
/// the numbers are unique and sort as text and as versions), scored <see cref="TaskResult.PointsOf"/> when it passed,
/// "visible" for a visible check and "after_published" for a hidden one.</item>
/// <item>A manual item's test comes after its task's checks, "after_published" (the tutor's points show when the tutor
/// publishes). A pending item scores 0 of its points with status "failed" and the output "graded by hand, pending": it
/// counts as 0 until the tutor's score is merged and the file written again, so <c>score</c> is always Σ tests' scores
/// and never includes points nobody has given.</item>
/// <item>The top-level <c>score</c> is Σ tests' scores. The spec has no top-level maximum; it is in <c>extra_data</c>
/// (<c>max_score</c>, without bonus tasks), with the status and the pending manual points.</item>
/// </list>
/// Numbers are JSON numbers; text is UTF-8 with control characters escaped.
/// </summary>
public sealed class GradescopeResults : StudentFileReporter
{
    /// <summary>The reporter.</summary>
    public static readonly GradescopeResults Default = new();

    public override string FileName => HandinFeedback.ResultsFile;

    protected override string Text(HandinReport report, RunInfo run) => Render(report, run);

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON text.</summary>
    public static string Render(HandinReport report, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(run);
        var tests = Tests(report).ToArray();

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("score", report.Total);
            json.WriteNumber("execution_time", Math.Round(report.Timing.Total.TotalSeconds, 3));
            json.WriteString("output", Output(report));
            json.WriteString("output_format", "md");
            json.WriteString("test_output_format", "md");
            json.WriteString("stdout_visibility", "hidden");
            json.WriteStartObject("extra_data");
            json.WriteString("student", report.Student);
            json.WriteString("status", HandinStatusText.Token(report.Status));
            json.WriteNumber("max_score", PointsText.Json(report.Max));
            json.WriteNumber("manual_pending", PointsText.Json(report.ManualPending));
            json.WriteNumber("hidden_not_run", PointsText.Json(report.NotRun));
            json.WriteString("seed", run.Seed.ToString(CultureInfo.InvariantCulture));
            json.WriteString("grader_version", run.Version);
            json.WriteEndObject();
            json.WriteStartArray("tests");
            foreach (var test in tests)
            {
                json.WriteStartObject();
                json.WriteString("name", test.Name);
                json.WriteString("number", test.Number);
                json.WriteNumber("score", PointsText.Json(test.Score));
                json.WriteNumber("max_score", PointsText.Json(test.MaxScore));
                json.WriteString("status", test.Passed ? "passed" : "failed");
                json.WriteString("output", test.Output);
                json.WriteString("output_format", "md");
                json.WriteString("visibility", test.Visibility);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The tests in order: per task (table order) its checks in catalog order, then its manual items.</summary>
    private static IEnumerable<Test> Tests(HandinReport report)
    {
        bool compileFailed = !report.Compile.Success;
        foreach (var sheet in report.Tasks.GroupBy(t => t.Task.Sheet, StringComparer.Ordinal))
        {
            int taskNumber = 0;
            foreach (var task in sheet)
            {
                taskNumber++;
                int n = 0;
                var name = TextReport.TaskName(task.Task);
                foreach (var verdict in task.Checks)
                {
                    n++;
                    var worth = task.PointsOf(verdict);
                    yield return new Test(
                        $"{name} — {verdict.Result.Id}",
                        Number(sheet.Key, taskNumber, n),
                        task.Earned(verdict),
                        worth,
                        verdict.Passed,
                        Markdown.Fence(FeedbackMarkdown.ChecksText(task, [verdict], compileFailed)),
                        task.SpecOf(verdict).Visibility == Visibility.Visible ? "visible" : "after_published");
                }

                if (task is { NotGradedYet: true } pending)
                {
                    n++;
                    yield return new Test(
                        $"{name} — automatic points",
                        Number(sheet.Key, taskNumber, n),
                        pending.Score,
                        pending.MaxAuto,
                        true,
                        $"{TextReport.NotGradedYet}: they count in full",
                        "visible");
                }

                foreach (var item in task.Items)
                {
                    n++;
                    var output = item.Points is { } given
                        ? $"Graded by hand: {FeedbackMarkdown.Of(given, item.Item.Points)}" + (item.Comment.Length > 0 ? "\n\n" + Markdown.Inline(item.Comment) : "")
                        : "graded by hand, pending";
                    yield return new Test(
                        $"{name} — {item.Item.Id} (graded by hand)",
                        Number(sheet.Key, taskNumber, n),
                        item.Points ?? 0,
                        item.Item.Points,
                        item.Points is { } p && p >= item.Item.Points,
                        output,
                        "after_published");
                }
            }
        }

        if (report.LatePenalty > 0)
        {
            // The late policy as a test of its own, so that the tests add up to the report's total.
            yield return new Test(
                "Late policy",
                "late",
                -report.LatePenalty,
                0,
                false,
                Markdown.Inline(FeedbackMarkdown.LateSentence(report).Trim()),
                "visible");
        }
    }

    private static string Output(HandinReport report) =>
        $"{FeedbackMarkdown.Head(report)}{FeedbackMarkdown.ScoreTable(report)}";

    private static string Number(string sheet, int task, int item) =>
        string.Create(CultureInfo.InvariantCulture, $"{sheet}.{task:00}.{item:00}");


    private sealed record Test(string Name, string Number, double Score, double MaxScore, bool Passed, string Output, string Visibility);
}
