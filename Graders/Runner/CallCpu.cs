using System.Reflection;
using Grader.Remote.Channel;

namespace Grader.Runner;

/// <summary>
/// The CPU budget of one call into the hand-in (<see cref="WorkerLimits.CallCpuBudget"/>, and <see cref="BudgetOf"/> for
/// a training call): the host's CPU time (<see cref="Host.HostCpu"/>) while the call was in flight may not pass the budget; the
/// first call that does is stopped with its host, fails its check, and is blamed (<see cref="ExhaustedCall"/>, not made
/// again). CPU time, not wall time, so a loaded machine does not eat a hand-in's budget: waiting for a core, for the
/// grader, or in a sleep costs nothing. The wall clock is a hang guard only (a hand-in that blocks without computing):
/// the check's wall-clock limit (<see cref="WorkerLimits.CheckTime"/>) plus, for each training call the check makes,
/// that call's <see cref="HangGuard"/> (its CPU budget × <see cref="LoadFactor"/>), so a training slowed by load keeps
/// its points while an endless training loop still ends at its CPU budget. This type is the one place that says which
/// calls have which budget.
/// </summary>
public static class CallCpu
{
    /// <summary>
    /// 3 s: no check but the training checks used more than 0.48 s of host CPU, all its calls together, on any hand-in of
    /// the bundled cohort (the largest: a flows check's Forward on a 320×320 grid; ≤ 0.27 s on sheets 001–004's correct
    /// examples; see the README), so a correct hand-in whose one call is 6× slower than that whole check still passes; an
    /// endless loop costs 3 s of CPU (it cost 10 s, the whole pass waiting for it at the end of the queue).
    /// </summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The reference's CPU seconds for its largest call of each training member (contract.member) under the training
    /// checks' own budgets: every training check run in process on the reference, seed 1, the process's CPU time around
    /// each call (<c>TrainingCallCpuMeasurementTests</c>, 2026-11-27 on the project's shared 2-core machine at load 30–40;
    /// docs/measurements/2026-11-27-training-call-cpu.md). CPU time barely moves with load; the wall time of the same
    /// calls was 3–10× it.
    /// </summary>
    private static readonly Dictionary<string, double> ReferenceTrainingCpu = new(StringComparer.Ordinal)
    {
        ["IDiffusionTrainingRun.Train"] = 4.7,   // the grader's loop on the reference's parts at the V's 4000 steps, in process (docs/measurements/2026-11-27-grader-owned-training.md)
        ["IDtuTrainingRun.Train"] = 1.08,   // the grader's loop on the reference's parts at the toy data's 1500 steps (batch 1000), in process, seed 20231010, load ≈ 30 (the before-and-after measurement test, removed with the old toy-data contract); the Correct example's: 1.11 per data set
        ["IDtuTrainingRun.TrainOnImages"] = 3.04,   // 3.5's images on the grader's loop (issue 66): the reference's parts, one call (T = 100, 1000 steps, batch 64, first call of the process: JIT included), in process, seed 20231010, load ≈ 30 (DtuImageTrainingCpuMeasurementTests); per ReferenceTrainingSteps
        ["IInnTrainingRun.Train"] = 2.69,   // the grader's loop on the reference's parts at the INN check's 500 steps: not measured apart yet, the figure of the removed hand-in loop's Train (the loop's 500 steps and its own no-grad Forward per step are fewer passes than the old check's four calls, 500 + 3·~110 steps)
        ["IOdeTrainingRun.Train"] = 6.9,   // an upper bound: the whole 003 1.4 check on the grader's loop (48 steps, the verification, the scoring) on the reference's parts, seed 1, in process, JIT included (OdeTrainingPartsQualityTests.Cpu_per_hand_in, load 40-45)
        ["ISdeTrainingRun.Train"] = 4.5,   // an upper bound: the whole 003 2.3 check on the grader's loop (800 steps, the verification, the scoring) on the reference's parts, seed 1, in process, JIT included (SdeTrainingQualityTests.Cpu_per_hand_in, load 28-33); the Correct example's: 3.0
    };

    /// <summary>
    /// The steps of the measured call of <see cref="ReferenceTrainingCpu"/>, for a training member whose check asks for
    /// more in some calls (issue 79, stop 90): a call asked for more steps than these gets its budget scaled by its steps
    /// over these (3.5's longer training of 8,000 steps: 8 ×), every other call the ordinary budget, so an endless loop in
    /// an ordinary call ends at the ordinary budget and only the longer call has the longer one.
    /// </summary>
    private static readonly Dictionary<string, int> ReferenceTrainingSteps = new(StringComparer.Ordinal)
    {
        ["IDtuTrainingRun.TrainOnImages"] = 1000,   // DtuImageTrainingQuality.Settings.Steps; its LongerSteps (8,000) is the call this scales for
    };

    /// <summary>
    /// The CPU seconds of the costliest network a sheet hands out for a training member's task, trained by the same call
    /// at the same steps (<see cref="ReferenceTrainingSteps"/>), where it is far above the reference's: 3.5's images,
    /// where the sheet says to "test a fully connected architecture and the provided U-Net architecture (in unet.py)";
    /// the reference is ddpm.py's fully connected network (3.04 s), the engine's copy of unet.py's U-Net
    /// (<c>Legit/images-unet</c>, a quarter of its channels) costs 49–70 ms a step, ≈ 70 s for 1,000 steps (measured on
    /// the shared 2-core machine at load ≈ 45, docs/measurements/2026-11-29-images-unet.md). A call's budget is at least
    /// <see cref="SheetNetworkFactor"/> × this, so the sheet's own network is never stopped for its cost.
    /// </summary>
    private static readonly Dictionary<string, double> SheetNetworkTrainingCpu = new(StringComparer.Ordinal)
    {
        ["IDtuTrainingRun.TrainOnImages"] = 70,   // Legit/images-unet: 1,000 steps at 49–70 ms of CPU each (forward, backward, Adam, batch 64), load ≈ 45
    };

    /// <summary>
    /// A training call's CPU budget over the sheet's own costliest network's cost (<see cref="SheetNetworkTrainingCpu"/>):
    /// 2. That network is the sheet's, not a student's variant of unknown constant, so the margin is for the machine (CPU
    /// time measured at load ≈ 45 already; a cold host's JIT) and a student's port of it, not for a loop of its own; an
    /// endless loop in 3.5's ordinary call then ends after ≈ 2.3 min of CPU, not 10 × 70 s.
    /// </summary>
    public const double SheetNetworkFactor = 2;

    /// <summary>
    /// A training call's CPU budget over the reference's measured cost: 10. The grader fixes the step budget, the data
    /// and the batch draws, so a correct training does the reference's work; what may differ is its constant: a loop
    /// written from the sheet without the reference's tuning (its batched products, in-place steps, no per-step graph
    /// rebuilt), and a host's cold start (the engine and the hand-in JIT-compiled, ≈ 0.2–0.5 s) that the in-process
    /// figure leaves out. How far above the reference a student's correct training lies was not measured; 10× is a wide
    /// margin for it, while an endless loop still ends after 10× the reference's cost (the ODE's: ≈ 7 min of CPU, the
    /// others' under a minute).
    /// </summary>
    public const double TrainingFactor = 10;

    /// <summary>
    /// The wall-clock hang guard of a training call over its CPU budget: 20. A host with one busy thread at load L on
    /// the 2 cores gets about 2/L of a core; at load 20 (the loaded machine) that is 1/10, so a call that used its
    /// whole CPU budget took about 10× it in wall time; 20 leaves 2× beyond that. A call that is still in flight after
    /// this much wall time without having used its CPU budget is not computing (blocked, or starved beyond load 40).
    /// </summary>
    public const double LoadFactor = 20;

    /// <summary>True for a training call: a member of a contract named <c>I…Training</c>, or a member named <c>Train</c> or <c>TrainOnImages</c> (the grader's runs beside the hand-in, such as 3.5's <c>IDtuTrainingRun.TrainOnImages</c>).</summary>
    public static bool IsTraining(Type contract, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        return contract.Name.EndsWith("Training", StringComparison.Ordinal) || method.Name is "Train" or "TrainOnImages";
    }

    /// <summary>
    /// The CPU budget of one call of <paramref name="method"/> on <paramref name="contract"/>: <paramref name="budget"/>
    /// (<see cref="WorkerLimits.CallCpuBudget"/>) for every member but a training one; for a training member its
    /// reference's measured cost × <see cref="TrainingFactor"/> (a training member not measured: the largest measured
    /// cost), at least the sheet's own costliest network's × <see cref="SheetNetworkFactor"/> (3.5's U-Net), in proportion
    /// to the steps asked beyond the measured call's, scaled by <paramref name="budget"/> over <see cref="DefaultBudget"/> (a tutor who gives every call twice the
    /// CPU gives the trainings twice too; a test gives both a fraction), and never less than <paramref name="budget"/>.
    /// </summary>
    /// <param name="steps">The steps the call was asked for (<see cref="CallInFlight.Steps"/>), or null: beyond the measured call's (<see cref="ReferenceTrainingSteps"/>) the budget grows in proportion.</param>
    public static TimeSpan BudgetOf(Type contract, MethodInfo method, TimeSpan budget, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        if (!IsTraining(contract, method)) return budget;
        var member = $"{contract.Name}.{method.Name}";
        var cost = ReferenceTrainingCpu.ContainsKey(member) ? OrdinarySeconds(member) : ReferenceTrainingCpu.Keys.Max(OrdinarySeconds);
        if (steps is { } asked && ReferenceTrainingSteps.TryGetValue(member, out var measuredSteps) && asked > measuredSteps)
            cost *= asked / (double)measuredSteps;
        var training = TimeSpan.FromSeconds(cost * (budget / DefaultBudget));
        return training > budget ? training : budget;
    }

    /// <summary>
    /// The wall time a call adds to its check's wall-clock limit (<see cref="WorkerLimits.CheckTime"/>): a training call's
    /// CPU budget × <see cref="LoadFactor"/>; zero for any other call (its budget is seconds, inside the check's limit).
    /// </summary>
    public static TimeSpan HangGuard(Type contract, MethodInfo method, TimeSpan budget, int? steps = null) =>
        IsTraining(contract, method) ? BudgetOf(contract, method, budget, steps) * LoadFactor : TimeSpan.Zero;

    /// <summary>
    /// The largest <see cref="HangGuard"/> of any ordinary training call (at its measured steps): how long past the check's
    /// limit a check's thread in the grader may wait for a training host (3.5's, 140 s × 20 ≈ 47 min at the default
    /// budget, for the sheet's U-Net; the reference networks' largest, the ODE's, ≈ 23 min). A call asked for more steps
    /// (3.5's longer training) adds its own, larger hang guard to the watchdog's limits when it is seen
    /// (<see cref="HangGuard"/> with its steps); this backstop does not follow it, as it does not follow the sum of a
    /// check's several training calls.
    /// </summary>
    public static TimeSpan LongestHangGuard(TimeSpan budget) =>
        TimeSpan.FromSeconds(Math.Max(ReferenceTrainingCpu.Keys.Max(OrdinarySeconds) * (budget / DefaultBudget), budget.TotalSeconds) * LoadFactor);

    /// <summary>The CPU seconds of an ordinary call of a measured training member at the default budget: its reference's cost × <see cref="TrainingFactor"/>, at least its sheet's own costliest network's × <see cref="SheetNetworkFactor"/>.</summary>
    private static double OrdinarySeconds(string member) =>
        Math.Max(ReferenceTrainingCpu[member] * TrainingFactor, SheetNetworkTrainingCpu.TryGetValue(member, out var sheet) ? sheet * SheetNetworkFactor : 0);

    /// <summary>
    /// The innermost call of <paramref name="inFlight"/> (outermost first) that has used more than its budget
    /// (<see cref="BudgetOf"/> of <paramref name="budget"/>) since it started: the host's CPU time <paramref name="now"/>
    /// minus its reading when the call was first seen (<paramref name="started"/>); null when none has.
    /// </summary>
    public static CallInFlight? OverBudget(IReadOnlyList<CallInFlight> inFlight, IReadOnlyDictionary<CallInFlight, TimeSpan> started, TimeSpan now, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentNullException.ThrowIfNull(started);
        for (int i = inFlight.Count - 1; i >= 0; i--)
        {
            var call = inFlight[i];
            if (started.TryGetValue(call, out var at) && now - at > BudgetOf(call.Contract, call.Method, budget, call.Steps))
            {
                return call;
            }
        }

        return null;
    }
}
