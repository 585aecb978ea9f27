using Grader.Checks.OdeSde.Snapshots;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Calls a hand-in's <see cref="IOdeSolver.IntegrateStep"/> for each method of each <see cref="SolverStepCase"/> and
/// compares every entry with the expected state at t + dt under its tolerance; on a failure names the known wrong
/// tableau whose states the hand-in's match (within twice the tolerance plus 1e-6 relative). The expected states,
/// tolerances and variants come with the cases (the approved snapshot, or the tutor's side live): nothing here takes a
/// step.
/// </summary>
public static class SolverStepComparison
{
    /// <summary>What to tell a student whose step matches a known wrong tableau, by the variant's key.</summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("OdeSde", "solver-step");

    /// <param name="inputs">"public" or "unseen", for the pass message.</param>
    public static CheckResult Grade(HandinCall call, IOdeSolver solver, IReadOnlyList<SolverStepCase> cases, string inputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(cases);
        int compared = 0;
        double largest = 0;
        foreach (var c in cases)
        {
            var field = c.Field.Field();
            int n = c.Rows, d = field.Columns;
            foreach (var expected in c.Methods)
            {
                string what = $"IntegrateStep(\"{expected.Method}\", F, state, t = {F(c.T)}, dt = {F(c.Dt)})";
                if (call.Run(what, () => solver.IntegrateStep(expected.Method, field, torch.tensor(c.State, n, d), c.T, c.Dt), out var result) is { } threw) return threw;
                if (call.Tensor(what, result, [n, d], $"expected the state at t + dt, shape [N, d] = [{n}, {d}]") is { } bad) return bad;
                var seen = result.ToDoubleArray();
                for (int i = 0; i < n * d; i++)
                {
                    double tolerance = expected.Tolerance[i];
                    double deviation = Math.Abs(seen[i] - expected.Value[i]);
                    largest = Math.Max(largest, deviation);
                    compared++;
                    if (deviation <= tolerance) continue;
                    var diagnosis = expected.Variants.FirstOrDefault(v => Explanations.ContainsKey(v.Name) && v.Values.Length == n * d
                        && Enumerable.Range(0, n * d).All(j => Math.Abs(seen[j] - v.Values[j]) <= 2 * expected.Tolerance[j] + 1e-6 * Math.Abs(v.Values[j])));
                    string explanation = diagnosis is null ? "" : Explanations[diagnosis.Name] + " ";
                    return call.Fail(
                        $"{what} differs from the notebook's {expected.Method} step: expected {F(expected.Value[i])}, seen {F(seen[i])} at {HandinCall.Index(i, [n, d])} (|Δ| = {E(deviation)} > tolerance {E(tolerance)}). {explanation}" +
                        $"Smallest counterexample: the field {field.Description}, state row {Row(c.State.Select(v => (float)v).ToArray(), i / d, d)}, t = {F(c.T)}, dt = {F(c.Dt)}. Re-read {call.SheetRef}.",
                        expected: F(expected.Value[i]), seen: F(seen[i]));
                }
            }
        }
        return CheckResult.Pass(call.CheckId, $"euler, rk2 and rk4 match the notebook's tableaux on {compared} state entries ({inputs} fields, forwards and backwards): largest |Δ| = {E(largest)}.", call.SheetRef);
    }
}
