namespace Grader.Runner.Tests.Support;

/// <summary>What a test gives a host or a worker: one assignment of a catalog (default: the tutor's), the repository's snapshots, the limits.</summary>
internal static class TestConfig
{
    public static string Snapshots => Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    /// <summary>
    /// The limits of a run without the training checks that a loaded machine cannot break for a correct hand-in (issue
    /// 49): the tool's CPU budget per call into the hand-in, 3 s (<see cref="Grader.Runner.CallCpu.DefaultBudget"/>),
    /// bounds the checks, and the wall limit per check, 120 s, is only a hang guard. CPU time is what load does not eat:
    /// no check but the training checks uses more than 0.48 s of host CPU on any hand-in of the cohort (CallCpu's
    /// measurement), and a thread's CPU time grew at most 2.4× under load 26 on 2 cores (0.85 → 2.03 s, CallbackBudgetTests),
    /// so 3 s leaves 2.6 times the loaded figure. The wall limit: 0.48 s of CPU takes 120 s of wall time only with less
    /// than 0.4 % of a core, a load near 500 on 2 cores; and a CPU-burning endless loop reaches 3 s of CPU before 120 s
    /// unless it gets less than 2.5 % of a core (a load above 80), so the CPU budget, not the wall limit, names why it
    /// stopped. It was a 10 s wall limit alone, which a correct check of 0.48 s of CPU passes near load 40; and an endless
    /// loop now costs 3 s of CPU, as in the tool, instead of 10 s of wall time.
    /// </summary>
    public static WorkerLimits CpuBoundLimits { get; } = WorkerLimits.Default with { CheckTime = TimeSpan.FromSeconds(120), CallCpuBudget = Grader.Runner.CallCpu.DefaultBudget };

    /// <summary>
    /// <see cref="CpuBoundLimits"/> with wall limits no load reaches, for the tests whose subject a CPU budget stops (issue
    /// 83, item 1: "no wall-clock limit a busy machine breaks"): 10 min per check, 60 min per hand-in. The 120 s of
    /// <see cref="CpuBoundLimits"/> counts the wall time of the grader's own work in a check too (its callbacks, its
    /// scoring), not only the host's CPU; correct checks beside the subject reached it at load 60–70 on 2 cores (stop 90,
    /// docs/measurements/2026-11-29-test-rooms-worker-readytorun.md). A check of c CPU-seconds, grader and host together,
    /// takes about c·L/2 s of wall time at load L on 2 cores: 10 min holds a 2 s check (about the costliest non-training
    /// check, CallbackBudgetTests' figures) up to load 600. The budgets stop what the tests are about: 3 s of host CPU per
    /// call into the hand-in, the callbacks' <see cref="Grader.Remote.Channel.CallbackBudget.Default"/>; these wall limits
    /// are reached only by a hang (then the test takes 10 min to fail, and says so).
    /// </summary>
    public static WorkerLimits LoadProofLimits { get; } = CpuBoundLimits with { CheckTime = TimeSpan.FromMinutes(10), HandinTime = TimeSpan.FromMinutes(60) };

    /// <summary>Sheet <paramref name="sheet"/> of <paramref name="catalog"/> (the tutor's by default) graded with <paramref name="seed"/>, the checks in <paramref name="leftOut"/> left out.</summary>
    public static GradingConfig For(string sheet, ulong seed = 7, bool visibleOnly = false, IEnumerable<string>? leftOut = null, CourseCatalog? catalog = null)
    {
        catalog ??= TutorCatalog.Default;
        var assignment = catalog.FindAssignment(sheet) ?? throw new ArgumentException($"no sheet {sheet}", nameof(sheet));
        return new GradingConfig(catalog, assignment, seed, visibleOnly, (leftOut ?? []).ToHashSet(StringComparer.Ordinal), Snapshots);
    }
}
