using Grader.Runner.Host;
using Grader.Remote.Channel;

namespace Grader.Grading.Tests.Remote;

/// <summary>
/// Every callback argument is an input: what the correct example asks of the grader's callbacks, check by check, is
/// far inside <see cref="CallbackBudget.Default"/>; hostile samplers (a [30000, 30000] latent, million-row batches to
/// the grader's network in a loop, a shape whose element count overflows) fail the checks that call them with the
/// reason, the hand-in's other checks pass, and the grader's managed heap stays within a stated bound while they run.
/// </summary>
[NonParallelizable]
public class CallbackBudgetTests
{
    /// <summary>
    /// How far the grader's managed heap, garbage included, may grow above its level before the run: issue 17's bound
    /// (1 GiB above a clean run). Measured: +224 MiB with the diffusion checks of the first round, +478 MiB in the loop
    /// since the unseen-input checks added sampling checks (each runs the loop to its own budget); see the output.
    /// </summary>
    private const long HeapBound = 1L << 30;

    /// <summary>
    /// The wall-clock limit per check of the first test: only a guard against a hang, never the subject, so it must hold
    /// on a loaded machine. The test failed under load 15 while passing alone (issue 49; which assertion was not
    /// recorded). It ran every training check but two (ODE, SDE, image, INN training: the longest checks, none of which
    /// calls a callback) under a 2 min limit; now it leaves out every training check
    /// (<see cref="TutorCatalog.TrainingCheckIds"/>). Measured on 2 cores (2026-11-25), the slowest remaining check,
    /// ode.ku.log-likelihood-on-unseen-inputs, took 8.6 s of wall time at load 20 and 15 s at load 26 (every other
    /// check at most 1.4 s); 2 min was 8 times the load-26 figure, and a loaded machine still reached it (stop 90, load
    /// 60–70). Now the wall limit per check of <see cref="TestSettings.LoadProofLimits"/>, 10 min: a 2 s check reaches it
    /// only beyond load 600 on 2 cores (issue 83, item 1).
    /// </summary>
    private static readonly TimeSpan HangGuard = TestSettings.LoadProofLimits.CheckTime;

    private static readonly HandinSource Correct = CorrectExamples.All();

    /// <summary>
    /// The diffusion family's correct example, which the hostile samplers are laid over: sheet 004's tasks are all the
    /// diffusion pack's (every family's correct example, as before, was compiled and loaded for them in each case).
    /// </summary>
    private static readonly HandinSource DiffusionCorrect = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));

    [Test]
    public async Task The_correct_example_uses_a_small_part_of_the_budget_in_every_check()
    {
        using var session = await LoadedHost.StartAsync(Correct);
        var used = new List<(string Check, long Calls, long Elements, long Largest, TimeSpan Cpu, TimeSpan Wall)>();
        var options = GradeOptions.Default with
        {
            SnapshotRoot = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots"),
            CheckTimeLimit = HangGuard,
            Include = (_, c) => !TutorCatalog.TrainingCheckIds.Contains(c.Check.Id),
            OnCheckStarting = (_, _) => session.BeginCheck(CallbackBudget.Default),
            OnCheckFinished = (_, v) => used.Add((v.CheckId, session.Meter!.Calls, session.Meter.Elements, session.Meter.LargestCall, session.Meter.Cpu, v.Elapsed)),
        };

        var report = HandinGrader.Default.Grade(Correct.Name, new CompileResult(true, [], 0, TimeSpan.Zero, null), session.Resolve, session.Bind,
            TutorCatalog.Default, options);

        report.Tasks.SelectMany(t => t.Checks).Should().OnlyContain(c => c.Passed);
        foreach (var u in used.OrderByDescending(u => u.Elements))
        {
            TestContext.Out.WriteLine($"{u.Check}: {u.Calls:N0} calls, {u.Elements:N0} elements, largest call {u.Largest:N0}, {u.Cpu.TotalMilliseconds:N0} ms of the grader's processor time, {u.Wall.TotalMilliseconds:N0} ms of wall time");
        }

        var budget = CallbackBudget.Default;
        used.Should().Contain(u => u.Calls > 0, "the samplers call the grader's networks and noise sources");
        used.Max(u => u.Largest).Should().BeLessThan(budget.ElementsPerCall / 4, "a correct hand-in stays a factor of four inside every part of the budget");
        used.Max(u => u.Elements).Should().BeLessThan(budget.Elements / 4);
        used.Max(u => u.Calls).Should().BeLessThan(budget.Calls / 4);
        // Processor time, not wall time, but a thread's processor time grows under load too (shared caches and cores):
        // the largest, ode.ku.log-likelihood-on-unseen-inputs, took 0.85 s quiet, 1.72 s at load 20 and 2.03 s at load
        // 26 on 2 cores (2026-11-25). A factor four (2.5 s) left 1.2 times the loaded figure; a factor two (5 s) leaves
        // 2.5 times it, and still 5.9 times the quiet figure.
        used.Max(u => u.Cpu).Should().BeLessThan(budget.Cpu!.Value / 2, "the grader's processor time, with a margin for a loaded machine");
    }

    [TestCase("Tensor giant = noise.Latent(new[] { 30000, 30000 });", "for 900,000,000 elements in one call", TestName = "A sampler asking for a [30000, 30000] latent fails its checks with the reason")]
    [TestCase("for (int i = 0; i < 100000; i++) network.Forward(zeros(1_000_000, 2), zeros(1_000_000, 1));", "for 3,000,000 elements in one call", TestName = "A sampler calling the network with million-row batches fails its checks with the reason")]
    [TestCase("for (int i = 0; i < 100000; i++) network.Forward(zeros(80_000, 2), zeros(80_000, 1));", "elements in all", TestName = "A sampler calling the network in a loop past the check's budget fails its checks with the reason")]
    [TestCase("Tensor giant = noise.Latent(new[] { int.MaxValue, int.MaxValue, int.MaxValue });", "does not fit a long", TestName = "A sampler asking for a shape whose element count overflows fails its checks with the reason")]
    [TestCase("Tensor giant = noise.Latent(new[] { 3, 1431655766 });", "for 4,294,967,298 elements in one call", TestName = "A sampler asking for a shape whose element count overflows int fails its checks with the reason")]
    public async Task A_hostile_sampler_fails_the_checks_that_call_it_and_the_grader_stays_flat(string attack, string reason)
    {
        var hostile = new HandinSource("hostile", DiffusionCorrect.Files.Select(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)
            ? f with { Text = f.Text.Replace("        using var noGrad = no_grad();\n        int n = shape[0];", "        " + attack + "\n        using var noGrad = no_grad();\n        int n = shape[0];", StringComparison.Ordinal) }
            : f).ToArray());
        hostile.Files.Single(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)).Text.Should().Contain(attack);
        // CPU-bound limits with wall limits no load reaches (was a 30 s wall limit, then 120 s, which the hand-in's correct
        // checks beside the attack passed under load; issue 83, item 1).
        var settings = TestSettings.For("004", limits: TestSettings.LoadProofLimits, leftOut: [.. TutorCatalog.TrainingCheckIds]);
        var runner = new HandinRunner(WorkerFactory.Create(out _), settings);

        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var record = await runner.GradeAsync(new DiscoveredHandin(hostile.Name, "/nonexistent/hostile", hostile, "0000"), CancellationToken.None);
        stop.Cancel();
        await sampler;

        TestContext.Out.WriteLine(string.Join("\n", record.Checks.Select(c => $"{c.TaskId} {c.CheckId}: {c.Result.Outcome}: {c.Result.Message}")));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grader's managed heap: {baseline / 1048576.0:0.0} MiB before, peak {peak / 1048576.0:0.0} MiB (+{(peak - baseline) / 1048576.0:0.0} MiB); {clock.Elapsed.TotalSeconds:0.0} s, {record.Timing.WorkerRuns} host(s)"));
        var sampling = record.Checks.Where(c => c.Result.Outcome != CheckOutcome.Passed).ToArray();
        // A check whose set-up the attack's fixed shapes do not fit (the unseen-input check may draw 3-D data) fails on
        // the shape before the budget; every other failing check names the refusal.
        // An unseen-input check's failure tells the tutor alone how the call failed (UnseenResult: the message there names the drawn set-up).
        sampling.Should().NotBeEmpty().And.OnlyContain(c => ((c.Result.Message + " " + c.Result.TutorDetail).Contains(reason, StringComparison.Ordinal) && (c.Result.Message + " " + c.Result.TutorDetail).Contains("the grader refused the call", StringComparison.Ordinal))
            || (c.CheckId.EndsWith("-on-unseen-inputs", StringComparison.Ordinal) && (c.Result.Message + " " + c.Result.TutorDetail).Contains("do not align", StringComparison.Ordinal)));
        sampling.Should().Contain(c => c.Result.Message.Contains("the grader refused the call", StringComparison.Ordinal));
        sampling.Should().OnlyContain(c => c.CheckId.Contains("sample", StringComparison.OrdinalIgnoreCase), "only the checks that call Sample fail");
        record.Checks.Where(c => c.CheckId.Contains("elbo", StringComparison.OrdinalIgnoreCase)).Should().NotBeEmpty()
            .And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, "the hand-in's other checks are unaffected");
        record.Status.Should().Be(HandinStatus.Graded, record.Reason);
        (peak - baseline).Should().BeLessThan(HeapBound);
    }
}
