using Grader.Checks.Checking;
using Grader.Checks.OdeSde.Support;
using Grader.Checks.Results;
using Grader.Contracts.Ode;
using Grader.Tensors;
using static Grader.Checks.Diffusion.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, task 1.4: one step of "euler", "rk2" (the midpoint method) and "rk4" (classic Runge–Kutta) from t to
/// t + dt, forwards and backwards, on closed-form fields (time-dependent, with 1 and 2 state columns), against the
/// notebook's tableaux worked out in double here. Tolerance per entry: 32·ε·(|s| + |dt|·Σ_i b̄_i|k_i|) with ε = 2⁻²⁴ —
/// a few roundings of the state and of each stage, doubled for the field's response (|dt|·‖∂F/∂s‖ ≤ 1 on these
/// inputs) and twice for safety. The visible instance uses public inputs; the hidden one draws the fields, states,
/// times and steps from the run's seed. Known wrong tableaux are named.
/// </summary>
public sealed class SolverStepMatchesTableau(bool unseen) : ICheck
{
    private const double Eps = 5.960464477539063e-8;

    private static readonly Dictionary<string, string> Explanations = new()
    {
        ["euler-at-end"] = "Your Euler step evaluates the field at the end of the step, F(s, t + dt): Euler takes the slope at the start, s + dt·F(s, t).",
        ["rk2-midpoint-at-start"] = "Your rk2 step evaluates the midpoint stage at time t: the midpoint method reads F(s + ½dt·k₁, t + ½dt).",
        ["rk2-heun"] = "Your rk2 step is Heun's method (the trapezoid of the slopes at both ends): the notebook's rk2 is the midpoint method, s + dt·F(s + ½dt·k₁, t + ½dt).",
        ["rk4-equal-weights"] = "Your rk4 step weights the four stages equally, (k₁ + k₂ + k₃ + k₄)/4: the classic Runge–Kutta weights are (1, 2, 2, 1)/6.",
        ["rk4-three-eighths"] = "Your rk4 step is the 3/8 rule (stages at t, t + dt/3, t + 2dt/3, t + dt; torchdiffeq's rk4): the notebook's rk4 is the classic method with stages at t, t + ½dt, t + ½dt, t + dt and weights (1, 2, 2, 1)/6.",
    };

    public string Id => unseen ? "ode.ku.solver-step-matches-tableau-unseen" : "ode.ku.solver-step-matches-tableau";

    public string SheetRef => "sheet 003, task 1.4 (ODE.ipynb, integrate_step): euler, rk2 (midpoint) and rk4 (classic Runge–Kutta), one step from t to t + dt";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IOdeSolver>(context, out var solver) is { } unresolved) return unresolved;
        var cases = unseen ? Drawn(context.NewGenerator(0x501)) : Public();
        int compared = 0;
        double largest = 0;
        foreach (var (field, state, t, dt) in cases)
        {
            foreach (var method in new[] { "euler", "rk2", "rk4" })
            {
                int n = state.GetLength(0), d = field.Columns;
                var flat = Enumerable.Range(0, n * d).Select(i => state[i / d, i % d]).ToArray();
                string what = $"IntegrateStep(\"{method}\", F, state, t = {F(t)}, dt = {F(dt)})";
                if (call.Run(what, () => solver.IntegrateStep(method, field, torch.tensor(flat, n, d), t, dt), out var result) is { } threw) return threw;
                if (call.Tensor(what, result, [n, d], $"expected the state at t + dt, shape [N, d] = [{n}, {d}]") is { } bad) return bad;
                var seen = result.ToDoubleArray();
                var rows = Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
                var steps = rows.Select(r => Step(method, field, r, t, dt)).ToArray();
                for (int i = 0; i < n * d; i++)
                {
                    var (value, scale) = steps[i / d];
                    double tolerance = 32 * Eps * (Math.Abs(flat[i]) + scale[i % d]) + 1e-30;
                    double deviation = Math.Abs(seen[i] - value[i % d]);
                    largest = Math.Max(largest, deviation);
                    compared++;
                    if (deviation <= tolerance) continue;
                    var diagnosis = Variants(method, field, rows, t, dt)
                        .FirstOrDefault(v => Enumerable.Range(0, n * d).All(j => Math.Abs(seen[j] - v.Values[j / d][j % d]) <= 2 * tolerance + 1e-6 * Math.Abs(v.Values[j / d][j % d])));
                    string explanation = diagnosis.Name is null ? "" : Explanations[diagnosis.Name] + " ";
                    return call.Fail(
                        $"{what} differs from the notebook's {method} step: expected {F(value[i % d])}, seen {F(seen[i])} at {HandinCall.Index(i, [n, d])} (|Δ| = {E(deviation)} > tolerance {E(tolerance)}). {explanation}" +
                        $"Smallest counterexample: the field {field.Description}, state row {Row(flat.Select(v => (float)v).ToArray(), i / d, d)}, t = {F(t)}, dt = {F(dt)}. Re-read {SheetRef}.",
                        expected: F(value[i % d]), seen: F(seen[i]));
                }
            }
        }
        return CheckResult.Pass(Id, $"euler, rk2 and rk4 match the notebook's tableaux on {compared} state entries ({(unseen ? "unseen" : "public")} fields, forwards and backwards): largest |Δ| = {E(largest)}.", SheetRef);
    }

    /// <summary>One step in double and, per column, |dt|·Σ_i b̄_i|k_i| (what the stages' rounding scales with).</summary>
    public static (double[] Value, double[] Scale) Step(string method, ClosedFormField field, double[] s, double t, double h)
    {
        double[] Add(double[] a, double[] k, double c) => a.Select((v, j) => v + c * k[j]).ToArray();
        var k1 = field.At(s, t);
        switch (method)
        {
            case "euler":
                return (Add(s, k1, h), k1.Select(v => Math.Abs(h * v)).ToArray());
            case "rk2":
            {
                var k2 = field.At(Add(s, k1, 0.5 * h), t + 0.5 * h);
                return (Add(s, k2, h), k1.Select((v, j) => Math.Abs(h) * (Math.Abs(v) + Math.Abs(k2[j]))).ToArray());
            }
            default:
            {
                var k2 = field.At(Add(s, k1, 0.5 * h), t + 0.5 * h);
                var k3 = field.At(Add(s, k2, 0.5 * h), t + 0.5 * h);
                var k4 = field.At(Add(s, k3, h), t + h);
                var value = s.Select((v, j) => v + h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j])).ToArray();
                return (value, s.Select((_, j) => Math.Abs(h) * (Math.Abs(k1[j]) + Math.Abs(k2[j]) + Math.Abs(k3[j]) + Math.Abs(k4[j]))).ToArray());
            }
        }
    }

    /// <summary>The known wrong tableaux of <paramref name="method"/>, row by row.</summary>
    private static IEnumerable<(string Name, double[][] Values)> Variants(string method, ClosedFormField field, double[][] rows, double t, double h)
    {
        double[] Add(double[] a, double[] k, double c) => a.Select((v, j) => v + c * k[j]).ToArray();
        double[][] Each(Func<double[], double[]> step) => rows.Select(step).ToArray();
        switch (method)
        {
            case "euler":
                yield return ("euler-at-end", Each(s => Add(s, field.At(s, t + h), h)));
                break;
            case "rk2":
                yield return ("rk2-midpoint-at-start", Each(s => Add(s, field.At(Add(s, field.At(s, t), 0.5 * h), t), h)));
                yield return ("rk2-heun", Each(s =>
                {
                    var k1 = field.At(s, t);
                    var k2 = field.At(Add(s, k1, h), t + h);
                    return s.Select((v, j) => v + h / 2 * (k1[j] + k2[j])).ToArray();
                }));
                break;
            default:
                yield return ("rk4-equal-weights", Each(s =>
                {
                    var k1 = field.At(s, t);
                    var k2 = field.At(Add(s, k1, 0.5 * h), t + 0.5 * h);
                    var k3 = field.At(Add(s, k2, 0.5 * h), t + 0.5 * h);
                    var k4 = field.At(Add(s, k3, h), t + h);
                    return s.Select((v, j) => v + h / 4 * (k1[j] + k2[j] + k3[j] + k4[j])).ToArray();
                }));
                yield return ("rk4-three-eighths", Each(s =>
                {
                    var k1 = field.At(s, t);
                    var k2 = field.At(Add(s, k1, h / 3), t + h / 3);
                    var k3 = field.At(s.Select((v, j) => v + h * (k2[j] - k1[j] / 3)).ToArray(), t + 2 * h / 3);
                    var k4 = field.At(s.Select((v, j) => v + h * (k1[j] - k2[j] + k3[j])).ToArray(), t + h);
                    return s.Select((v, j) => v + h / 8 * (k1[j] + 3 * k2[j] + 3 * k3[j] + k4[j])).ToArray();
                }));
                break;
        }
    }

    private static List<(ClosedFormField Field, double[,] State, double T, double Dt)> Public() =>
    [
        (ClosedFormField.TimeDependentLinear(-0.7, 1.6, 0.9), new double[,] { { 1.5 }, { -0.4 }, { 2.2 }, { 0.05 } }, 0.3, 0.25),
        (ClosedFormField.TimeDependentLinear(0.8, -1.3, -1.1), new double[,] { { -2.0 }, { 0.7 }, { 1.3 } }, 0.9, -0.2),
        (ClosedFormField.Rotating(1.7, 2.5, 0.6), new double[,] { { 1.0, -0.5 }, { -0.3, 0.8 }, { 0.4, 1.4 } }, 1.1, 0.2),
        (ClosedFormField.Rotating(-1.2, -1.9, 0.9), new double[,] { { 0.6, 0.6 }, { -1.1, -0.2 } }, 0.6, -0.25),
    ];

    private static List<(ClosedFormField Field, double[,] State, double T, double Dt)> Drawn(Generator g)
    {
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var cases = new List<(ClosedFormField, double[,], double, double)>();
        for (int c = 0; c < 4; c++)
        {
            bool twoD = c % 2 == 1;
            var field = twoD ? ClosedFormField.Rotating(U(-2, 2), U(-2.5, 2.5), U(0.2, 1)) : ClosedFormField.TimeDependentLinear(U(-1.5, 1.5), U(-2, 2), U(-1.5, 1.5));
            int n = (int)g.NextInt(1, 9), d = twoD ? 2 : 1;
            var state = new double[n, d];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) state[i, j] = (float)U(-1.5, 1.5);
            double dt = (g.NextDouble() < 0.5 ? -1 : 1) * U(0.08, 0.25);
            cases.Add((field, state, U(0, 1), dt));
        }
        return cases;
    }
}
