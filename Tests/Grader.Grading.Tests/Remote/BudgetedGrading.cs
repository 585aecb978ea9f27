namespace Grader.Grading.Tests.Remote;

/// <summary>
/// A hand-in graded whole through real hosts (<see cref="HandinRunner"/>) under <see cref="TestSettings.LoadProofLimits"/>:
/// the CPU budget per call into the hand-in stops a call that computes without end, and no load reaches the wall limits,
/// so a loaded machine changes how long the test takes, not its verdicts (issue 83, item 1; was a 4–5 s wall-clock limit
/// per check with no CPU budget, which correct checks beside the subject passed at load 60). The training checks are left
/// out: each takes seconds of its own beside the subject. Every check's verdict is printed to the test's output.
/// </summary>
internal static class BudgetedGrading
{
    public static async Task<HandinRecord> GradeAsync(HandinSource handin, string sheet)
    {
        var settings = TestSettings.For(sheet, leftOut: [.. TutorCatalog.TrainingCheckIds], limits: TestSettings.LoadProofLimits);
        var record = await new HandinRunner(WorkerFactory.Create(out _), settings)
            .GradeAsync(new DiscoveredHandin(handin.Name, "/nonexistent/" + handin.Name, handin, "0000"), CancellationToken.None);
        TestContext.Out.WriteLine(string.Join("\n", record.Checks.Select(c => $"{c.TaskId} {c.CheckId}: {c.Result.Outcome}: {c.Result.Message} ({c.Elapsed.TotalSeconds:0.###} s, host CPU {c.HandinCpuSeconds:0.###} s)")));
        return record;
    }
}
