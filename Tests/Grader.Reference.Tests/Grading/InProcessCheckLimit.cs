namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The wall-clock limit per check (<see cref="GradeOptions.CheckTimeLimit"/>) of the tests that grade example hand-ins in
/// this process: a guard against a hang only, never the subject (no example, mutant or cheat is caught by timing out),
/// so it must hold on a loaded machine. It was 3 min, and the OdeSde Correct example's ODE training check hit it in a
/// cheat test beside the solution's build at load ≈ 44 (issue 49).
/// <para>
/// Derivation. The longest check these tests run is the ODE training check on its correct example. Its first run took
/// 9.0 s of CPU quiet and 10.6 s under load 30–110 (docs/measurements/2026-11-26-ode-sde-training-budget-response.md);
/// since its time-direction probe trains a model of its own (fifth stop there) it takes 1.8× that: 16.4–17.0 s side by
/// side under load ≈ 35, so ≈ 19 s loaded. The image, SDE, V and INN training checks take 2–4 s, every other check
/// under 2 s. On 2 cores at load L a runnable thread gets about 2/L of a core, so a check of c seconds of CPU takes
/// about c·L/2 of wall time (the ODE check's old 10.6 s × 22 = 233 s at load 44 was the failure above). The highest load
/// a whole-suite run on this machine has met is 130 (the lead's `.ci/run` beside seven helpers,
/// docs/measurements/2026-11-26-suite-time.md): 19 s × 65 = 1235 s. 27 min is 1.3 times that.
/// What can still break it: a sustained load above ≈ 170, or the ODE check's CPU growing by a third.
/// </para>
/// </summary>
internal static class InProcessCheckLimit
{
    /// <summary>The wall-clock limit per check: 27 min.</summary>
    public static readonly TimeSpan PerCheck = TimeSpan.FromMinutes(27);
}
