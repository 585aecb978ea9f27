using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Support;
using Grader.Checks.Properties;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, task 1.4, as a property: euler, rk2 and rk4 are methods of global order 1, 2 and 4, so one step's error
/// against the exact solution shrinks like h^{p+1}. On generated fields with a closed-form solution — linear y′ = λy,
/// time-dependent linear y′ = (a + b·t)·y, logistic y′ = r·y(1 − y) — from a generated (t₀, y₀), the slope of
/// log|error| over the step sizes h, h/2, h/4 (least squares) must lie within (p + 1)/4 of p + 1.
/// <para>
/// Why one step and not the global error: in float32 the global error of rk4 on such fields sinks to the rounding level
/// (n·ε·|y|) before its asymptotic slope shows. So per case and method the grader picks h in double: the smallest
/// power of 2 at which all three one-step errors exceed 100·ε·|y₀| (a correct float32 step rounds in at most ~8 places,
/// which then moves each log-error by ≤ 0.083 and the slope by ≤ 0.12), and the method is tested only when the exact
/// scheme's slope there lies within (p + 1)/8 of p + 1 (it does in ≈ 98 %, 87 % and 66 % of generated cases for euler,
/// rk2, rk4). The acceptance band, twice that, leaves (p + 1)/8 ≥ 0.25 for rounding: a correct step cannot fail.
/// Power: rk4 with equal weights (a method of order 2: one-step slope ≈ 3 against the band [3.75, 6.25]) fails 80 % of
/// the tested cases; rk2 with its midpoint read at t (order 1 on time-dependent fields: slope ≈ 2 against [2.25, 3.75])
/// fails 99.5 % of the tested time-dependent cases (a float32 simulation over 3,000 generated cases).
/// </para>
/// <para>
/// <b>Other tableaux.</b> The window is chosen for the notebook's method; another valid method of the same order (Heun's
/// or Ralston's rk2, the 3/8 rule for rk4) has other error constants and may show a steeper slope there (its h^{p+1}
/// term nearly cancels on that field), which the band took for a wrong order ("order ≈ 3.5, not 2"). So where the slope
/// leaves the band, the check first asks which known method (<see cref="ExplicitTableau.Known"/>) the three steps are
/// (<see cref="SameSteps"/>). A method of the asked order passes this case: the property is the order, and the sheet
/// (003, 1.4: "the program also implements two Runge-Kutta methods (rk2 and rk4)") asks for a second- and a
/// fourth-order Runge–Kutta method to compare with Euler; that the tableau is the notebook's is graded, and named, by
/// <see cref="SolverStepOnUnseenInputs"/>. A method of another order (classic rk4 handed in as rk2) fails, and the
/// message names the method and its order: it earns no points here, since the comparison the sheet asks for is
/// between orders 1, 2 and 4.
/// </para>
/// </summary>
public sealed class SolverConvergesWithItsOrder() : HandinCheck<IOdeSolver>(
    "ode.ku.solver-converges-with-its-order")
{
    private const double Eps = 5.960464477539063e-8;
    private static readonly string[] Methods = ["euler", "rk2", "rk4"];

    /// <summary>A field with its closed-form one-step solution, and the start of the step.</summary>
    public sealed record FieldCase(int Kind, double P1, double P2, double T0, double Y0)
    {
        public double F(double y, double t) => Kind switch
        {
            0 => P1 * y,
            1 => (P1 + P2 * t) * y,
            _ => P1 * y * (1 - y),
        };

        /// <summary>The exact state at T0 + h from Y0 at T0.</summary>
        public double Exact(double h) => Kind switch
        {
            0 => Y0 * Math.Exp(P1 * h),
            1 => Y0 * Math.Exp(P1 * h + P2 * ((T0 + h) * (T0 + h) - T0 * T0) / 2),
            _ => 1 / (1 + (1 / Y0 - 1) * Math.Exp(-P1 * h)),
        };

        public ClosedFormField Field() => new(ToString(), 1, (y, t) => [F(y[0], t)]);

        public override string ToString()
        {
            var c = CultureInfo.InvariantCulture;
            string field = Kind switch
            {
                0 => string.Create(c, $"y′ = {P1:G4}·y"),
                1 => string.Create(c, $"y′ = ({P1:G4} + {P2:G4}t)·y"),
                _ => string.Create(c, $"y′ = {P1:G4}·y(1 − y)"),
            };
            return field + string.Create(c, $", one step from y({T0:G4}) = {Y0:G4}");
        }
    }

    private static Gen<FieldCase> Cases { get; } =
        from kind in Gen.Choose(0, 2)
        from a in Gen.Choose(50, 250)
        from sign in Gen.Elements(-1, 1)
        from b in Gen.Choose(100, 300)
        from t0 in Gen.Choose(0, 100)
        from y0 in Gen.Choose(5, 200)
        select kind switch
        {
            0 => new FieldCase(0, sign * a / 100.0, 0, t0 / 100.0, y0 / 100.0),
            1 => new FieldCase(1, sign * (a - 150) / 75.0, sign * b / 100.0, t0 / 100.0, y0 / 100.0),
            _ => new FieldCase(2, a / 100.0, 0, t0 / 100.0, 0.05 + 0.45 * (y0 - 5) / 195.0),
        };

    protected override CheckResult Check(CheckContext context, HandinCall call, IOdeSolver solver)
    {
        string? why = null, order = null;
        bool Property(FieldCase c)
        {
            foreach (var method in Methods)
            {
                if (Window(c, method) is not { } h) continue;
                int q = Order(method) + 1;
                var errors = new double[3];
                var seen = new double[3];
                for (int i = 0; i < 3; i++)
                {
                    double step = h / (1 << i);
                    var next = solver.IntegrateStep(method, c.Field(), torch.tensor(new[] { (float)c.Y0 }, 1, 1), c.T0, step);
                    if (next is null || !next.shape.SequenceEqual([1, 1])) { why = $"{method}: IntegrateStep did not return a state of shape [1, 1]."; order = $"{method}: IntegrateStep did not return a state of the input's shape"; return false; }
                    seen[i] = next.item();
                    errors[i] = Math.Abs(seen[i] - c.Exact(step));
                }
                double slope = Slope(errors);
                if (!(Math.Abs(slope - q) <= q / 4.0) && SameSteps(c, h, seen) is { } tableau)
                {
                    // A valid method of another tableau: its order is what the property asks, whatever this field's slope.
                    if (tableau.Order == q - 1) continue;
                    why = string.Create(CultureInfo.InvariantCulture,
                        $"{method}'s steps over h = {h:G3}, {h / 2:G3}, {h / 4:G3} are those of {tableau.Name}, a method of order {tableau.Order}, not {q - 1}: the notebook's {method} is a method of order {q - 1} ({Notebook(method)}).");
                    order = string.Create(CultureInfo.InvariantCulture, $"your {method} takes the steps of {tableau.Name}, a method of order {tableau.Order}, not {q - 1}");
                    return false;
                }
                if (!(Math.Abs(slope - q) <= q / 4.0))
                {
                    why = string.Create(CultureInfo.InvariantCulture,
                        $"{method}'s one-step error shrinks like h^{slope:F2} over h = {h:G3}, {h / 2:G3}, {h / 4:G3} (errors {errors[0]:G3}, {errors[1]:G3}, {errors[2]:G3}); a method of order {q - 1} has one-step errors of order h^{q} (accepted: {q - q / 4.0:G3} … {q + q / 4.0:G3}), so your {method} converges with order ≈ {slope - 1:F1}, not {q - 1}.");
                    order = string.Create(CultureInfo.InvariantCulture, $"your {method}'s one-step error shrinks like h^{slope:F2} as h halves, so it converges with order ≈ {slope - 1:F1}, not {q - 1}");
                    return false;
                }
            }
            return true;
        }
        string Kind(FieldCase c) => c.Kind switch { 0 => "linear", 1 => "time-dependent linear", _ => "logistic" };
        var settings = new PropertyRunner.Settings(Id, SheetRef, "euler, rk2 and rk4 converge with orders 1, 2 and 4", context.Seed, MaxTest: 24, context.Hidden);
        return PropertyRunner.Check(settings, Arb.From(Cases), Property, _ => why ?? "", Kind,
            c => $"a {Kind(c)} field{(Property(c) || order is null ? "" : $": {order}")}");
    }

    /// <summary>The step h (a power of 2) where the exact scheme shows its order above the float32 rounding, or null.</summary>
    public static double? Window(FieldCase c, string method)
    {
        ArgumentNullException.ThrowIfNull(c);
        int q = Order(method) + 1;
        for (int k = 12; k >= -1; k--)
        {
            double h = Math.Pow(2, -k);
            var errors = Enumerable.Range(0, 3).Select(i => Math.Abs(Step64(c, method, h / (1 << i)) - c.Exact(h / (1 << i)))).ToArray();
            if (errors.Min() < 100 * Eps * Math.Abs(c.Y0)) continue;
            return Math.Abs(Slope(errors) - q) <= q / 8.0 ? h : null;
        }
        return null;
    }

    private static int Order(string method) => method switch { "euler" => 1, "rk2" => 2, _ => 4 };

    private static string Notebook(string method) => method switch { "euler" => "Euler's method", "rk2" => "the midpoint method", _ => "classic Runge–Kutta" };

    /// <summary>
    /// The known valid method (<see cref="ExplicitTableau.Known"/>) whose steps from the float32 start over h, h/2, h/4
    /// the hand-in's <paramref name="seen"/> equal, each within 8·ε·(|y₀| + |Δy|) (a few roundings of a float32 step;
    /// the methods differ there by their one-step errors, at least 100·ε·|y₀| in the window), the first in that list if
    /// several (on a linear field y′ = λy every method of s stages and order s takes the same steps); or null. Methods of
    /// one size share their order, so the verdict does not depend on which of them is named.
    /// </summary>
    public static ExplicitTableau? SameSteps(FieldCase c, double h, double[] seen)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(seen);
        double y0 = (float)c.Y0;
        double Worst(ExplicitTableau m) => Enumerable.Range(0, 3).Max(i =>
        {
            double next = m.Step(c.Field(), [y0], c.T0, h / (1 << i))[0];
            return Math.Abs(seen[i] - next) / (8 * Eps * (Math.Abs(y0) + Math.Abs(next - y0)));
        });
        return ExplicitTableau.Known.FirstOrDefault(m => Worst(m) <= 1);
    }

    private static double Step64(FieldCase c, string method, double h) =>
        TableauSteps.Step(method, c.Field(), [c.Y0], c.T0, h).Value[0];

    /// <summary>Least-squares slope of log error against log h for h, h/2, h/4 (positive: the error shrinks with h).</summary>
    public static double Slope(double[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var x = new[] { 0.0, -Math.Log(2), -2 * Math.Log(2) };
        var y = errors.Select(e => Math.Log(e)).ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }
}
