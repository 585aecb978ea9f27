namespace Grader.Grading.Tests.Remote;

/// <summary>
/// A hand-in graded through real hosts (<see cref="HandinRunner"/>) where only the wall-clock limit of a check can stop
/// a call: no CPU budget per call, since the wall-clock limit is the subject. The training checks are left out: each
/// takes seconds of its own (the image check trains twice), so within a few seconds of wall time they would time out
/// beside the subject. Every check's verdict is printed to the test's output.
/// </summary>
internal static class WallClockGrading
{
    public static async Task<HandinRecord> GradeAsync(HandinSource handin, string sheet, int checkSeconds)
    {
        var limits = WorkerLimits.Default with { CheckTime = TimeSpan.FromSeconds(checkSeconds), CallCpuBudget = null };
        var settings = TestSettings.For(sheet, leftOut: [.. TutorCatalog.TrainingCheckIds], limits: limits);
        var record = await new HandinRunner(WorkerFactory.Create(out _), settings)
            .GradeAsync(new DiscoveredHandin(handin.Name, "/nonexistent/" + handin.Name, handin, "0000"), CancellationToken.None);
        TestContext.Out.WriteLine(string.Join("\n", record.Checks.Select(c => $"{c.TaskId} {c.CheckId}: {c.Result.Outcome}: {c.Result.Message}")));
        return record;
    }
}
