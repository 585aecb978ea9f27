using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The notebook's integrator steps worked out in double (the tutor's side): "euler", "rk2" (the midpoint method) and
/// "rk4" (classic Runge–Kutta), the known wrong tableaux, and a <see cref="SolverStepCase"/> with the expected states
/// and their tolerances. Tolerance per entry: 32·ε·(|s| + |dt|·Σ_i b̄_i|k_i|) with ε = 2⁻²⁴, a few roundings of the
/// state and of each stage, doubled for the field's response (|dt|·‖∂F/∂s‖ ≤ 1 on the inputs graded) and twice for
/// safety. The visible check reads the same quantities from its approved snapshot.
/// </summary>
public static class TableauSteps
{
    private const double Eps = 5.960464477539063e-8;

    /// <summary>The methods a case holds, in order.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["euler", "rk2", "rk4"];

    /// <summary>One step of each method on every row of <paramref name="state"/> (row-major [rows, d]), with tolerances and the wrong tableaux.</summary>
    public static SolverStepCase Case(FieldSpec spec, int rows, double[] state, double t, double dt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        var field = spec.Field();
        int d = field.Columns;
        var rowsOf = Enumerable.Range(0, rows).Select(i => state.AsSpan(i * d, d).ToArray()).ToArray();
        var methods = Methods.Select(method =>
        {
            var steps = rowsOf.Select(r => Step(method, field, r, t, dt)).ToArray();
            var value = steps.SelectMany(s => s.Value).ToArray();
            var tolerance = Enumerable.Range(0, rows * d).Select(i => 32 * Eps * (Math.Abs(state[i]) + steps[i / d].Scale[i % d]) + 1e-30).ToArray();
            var variants = Variants(method, field, rowsOf, t, dt).Select(v => new StepVariant(v.Name, v.Values.SelectMany(r => r).ToArray())).ToList();
            return new SolverStepExpected(method, value, tolerance, variants);
        }).ToList();
        return new SolverStepCase(spec, rows, state, t, dt, methods);
    }

    /// <summary>One step in double and, per column, |dt|·Σ_i b̄_i|k_i| (what the stages' rounding scales with).</summary>
    public static (double[] Value, double[] Scale) Step(string method, ClosedFormField field, double[] s, double t, double h)
    {
        ArgumentNullException.ThrowIfNull(field);
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
    public static IEnumerable<(string Name, double[][] Values)> Variants(string method, ClosedFormField field, double[][] rows, double t, double h)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(rows);
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
}
