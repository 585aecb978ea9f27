using Grader.Checks.Grading;
using Grader.Checks.Results;

namespace Grader.SelfCheck;

/// <summary>
/// The student's self-check: first a test that every file of the hand-in compiles (it names each file the grader left
/// out, with the compiler's errors and the tasks it blocks); one test per graded task with visible checks, named with
/// sheet, exercise and points, each asserting the task got all its visible points; then the total, which <c>dotnet test</c> also prints last
/// (<see cref="SelfCheckTotal"/>). The hand-in is graded once per run
/// (<see cref="SelfCheckRun"/>); <see cref="HandinLocation"/> says which one. This is the only NUnit-aware code of
/// the grader.
/// </summary>
public sealed class SelfCheckTests
{
    public static IEnumerable<TestCaseData> VisibleTasks() =>
        SelfCheckRun.VisibleTasks().Select(task =>
            new TestCaseData(task.Id).SetName($"{TextReport.TaskName(task)} ({TextReport.Points(SelfCheckRun.VisiblePoints(task))})"));

    /// <summary>The one case of <see cref="Every_file_compiles"/>, named as a student reads it.</summary>
    public static IEnumerable<TestCaseData> Compilation() => [new TestCaseData().SetName(CompilationTestName)];

    /// <summary>The name of the test that fails for every file left out of the compilation.</summary>
    public const string CompilationTestName = "Every file of the hand-in compiles";

    /// <summary>
    /// Fails naming every file the grader left out of the compilation (it does not compile, or uses one that does not),
    /// with the compiler's errors (file, line, id, text) and the tasks it blocks, whether or not those tasks have a
    /// visible check: without it, a file that blocks only hidden-checked tasks would cost points no test shows.
    /// </summary>
    [TestCaseSource(nameof(Compilation))]
    [Order(0)]
    public void Every_file_compiles()
    {
        var run = SelfCheckRun.Current;
        if (run.Problem is { } problem)
        {
            Fail(problem);
        }

        if (TextReport.LeftOutFiles(run.Report!.Compile, SelfCheckRun.Tasks()) is { } leftOut)
        {
            Fail(leftOut);
        }
    }

    [TestCaseSource(nameof(VisibleTasks))]
    [Order(1)]
    public void Visible_task(string taskId)
    {
        var report = Graded();
        var result = report.Find(taskId) ?? throw new InvalidOperationException($"The report has no task {taskId}.");
        if (!result.FullMarks)
        {
            Fail(TextReport.RenderTask(result));
        }

        TestContext.Out.WriteLine($"{PointsText.Shown(result.Score)} / {PointsText.Shown(result.MaxAuto)} visible points");
    }

    [Test]
    [Order(2)]
    public void Visible_total()
    {
        if (SelfCheckRun.Current.Report is { Compile.Success: false } broken)
        {
            var most = broken.Tasks.Where(t => t.Task.Graded && !t.Task.Bonus).Sum(t => t.MaxAuto);
            SelfCheckTotal.Write($"Visible: 0 / {PointsText.Shown(most)} points: the hand-in does not compile (its errors, with file and line, are above).");
        }

        var report = Graded();
        var checkedTasks = report.Tasks.Where(t => t.Task.Graded).ToArray();
        double earned = checkedTasks.Sum(t => t.Score), possible = checkedTasks.Where(t => !t.Task.Bonus).Sum(t => t.MaxAuto), hidden = report.NotRun;
        var total = $"Visible: {PointsText.Shown(earned)} / {PointsText.Shown(possible)} points; "
            + $"hidden checks worth {PointsText.Shown(hidden)} {(hidden == 1 ? "point" : "points")} run when your tutor grades.";
        if (report.Compile.Partial)
        {
            var left = report.Compile.Excluded.Select(f => f.Path).ToArray();
            total += $" Left out because {(left.Length == 1 ? "it does" : "they do")} not compile: {string.Join(", ", left)} (the failed test \"{CompilationTestName}\" says why and what {(left.Length == 1 ? "it blocks" : "they block")}).";
        }

        Assert.That(possible, Is.GreaterThan(0), "no visible graded task ran: the catalog has no visible checks for this hand-in");
        var text = $"Hand-in {SelfCheckRun.Current.Folder}{Environment.NewLine}{total}";
        TestContext.Out.WriteLine(text);
        SelfCheckTotal.Write(text);
    }

    private static HandinReport Graded()
    {
        var run = SelfCheckRun.Current;
        if (run.Problem is { } problem)
        {
            Fail(problem);
        }

        var report = run.Report!;
        if (!report.Compile.Success)
        {
            Fail(report.Compile.Summary());
        }

        return report;
    }

    /// <summary>
    /// Fails the test with <paramref name="message"/> alone: no stack trace (it would point into this file, which is
    /// not the student's; the message says what was expected, what was seen and where to re-read). Assert.Fail would
    /// record an assertion result besides the exception, each printed with a stack trace.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Diagnostics.StackTraceHidden]
    private static void Fail(string message) => throw new SelfCheckFailure(message);

    /// <summary>A failed check of the student's hand-in: its message is the whole story, so it has no stack trace.</summary>
    private sealed class SelfCheckFailure(string message) : AssertionException(message)
    {
        public override string? StackTrace => null;
    }
}
