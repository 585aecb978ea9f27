using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The notebook's three integrators: one step against the tableaux worked out by hand, and the order of convergence
/// on fields with closed-form solutions.
/// </summary>
public sealed class OdeSolverTests
{
    /// <summary>
    /// One step of y′ = t·y + t² from (t, y) = (0.5, 2) with h = 0.2, every stage by hand in double: Euler uses only
    /// the start (so a step evaluated at t + h, the wrong end, gives a different number), rk2 the midpoint, rk4 the
    /// classic (1, 2, 2, 1)/6 weights. The same step backwards (h = −0.2) runs the tableaux with t + h/2 &lt; t.
    /// </summary>
    [TestCase(0.2)]
    [TestCase(-0.2)]
    public void One_step_matches_the_tableaux_by_hand(double h)
    {
        static double F(double y, double t) => t * y + t * t;
        double t0 = 0.5, y0 = 2;
        double euler = y0 + h * F(y0, t0);
        double rk2 = y0 + h * F(y0 + 0.5 * h * F(y0, t0), t0 + 0.5 * h);
        double k1 = F(y0, t0), k2 = F(y0 + 0.5 * h * k1, t0 + 0.5 * h), k3 = F(y0 + 0.5 * h * k2, t0 + 0.5 * h), k4 = F(y0 + h * k3, t0 + h);
        double rk4 = y0 + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);

        Tensor Field(Tensor s, double t) => s * (float)t + (float)(t * t);
        var state = tensor([(float)y0], 1, 1);
        Step(OdeMethod.Euler).Should().BeApproximately(euler, 1e-6);
        Step(OdeMethod.Rk2).Should().BeApproximately(rk2, 1e-6);
        Step(OdeMethod.Rk4).Should().BeApproximately(rk4, 1e-6);

        // The variants the checks must tell apart differ by far more than float32 rounding here.
        Math.Abs(euler - (y0 + h * F(y0, t0 + h))).Should().BeGreaterThan(1e-2, "Euler at the wrong end of the step");
        Math.Abs(rk4 - (y0 + h / 4 * (k1 + k2 + k3 + k4))).Should().BeGreaterThan(1e-4, "rk4 with equal weights");
        double Step(OdeMethod m) => OdeSolver.IntegrateStep(m, Field, state, t0, h).item();
    }

    [Test]
    public void A_step_acts_on_every_row_and_column_of_the_state()
    {
        var state = tensor(new[] { 1.0, 2.0, -1.0, 0.5, 3.0, 0.0 }, 3, 2);
        Tensor Field(Tensor s, double t) => -s * 0.5f;
        foreach (var m in OdeMethods.All)
        {
            var next = OdeSolver.IntegrateStep(m, Field, state, 0, 0.1);
            next.shape.Should().Equal(3, 2);
            double factor = m switch { OdeMethod.Euler => 1 - 0.05, OdeMethod.Rk2 => 1 - 0.05 + 0.00125, _ => Rk4Factor(-0.05) };
            next.ToDoubleArray().Should().Equal(state.ToDoubleArray().Select(v => v * factor), (a, b) => Math.Abs(a - b) < 1e-6);
        }
    }

    [Test]
    public void Method_names_are_the_notebooks()
    {
        OdeMethods.All.Select(m => m.Name()).Should().Equal("euler", "rk2", "rk4");
        OdeMethods.All.Select(m => OdeMethods.Parse(m.Name())).Should().Equal(OdeMethods.All);
        FluentActions.Invoking(() => OdeMethods.Parse("RK4")).Should().Throw<ArgumentException>().WithMessage("*\"euler\", \"rk2\" and \"rk4\"*");
    }

    /// <summary>A field with a closed-form solution y(T) from y(0).</summary>
    public sealed record ClosedForm(string Name, Func<double, double, double> F, double Y0, double T, Func<double, double> Exact)
    {
        public override string ToString() => Name;
    }

    /// <summary>Linear, time-dependent linear and logistic fields (longer intervals than [0, 1], so that the truncation error stays above float32 rounding at every step size used).</summary>
    public static IEnumerable<ClosedForm> Fields() =>
    [
        new("linear y′ = −y on [0, 4]", (y, _) => -y, 1, 4, T => Math.Exp(-T)),
        new("time-dependent linear y′ = −(1 + t)·y on [0, 2]", (y, t) => -(1 + t) * y, 1, 2, T => Math.Exp(-T - T * T / 2)),
        new("logistic y′ = y(1 − y) on [0, 6]", (y, _) => y * (1 - y), 0.1, 6, T => 1 / (1 + 9 * Math.Exp(-T))),
    ];

    /// <summary>
    /// The error's slope over step sizes is the method's order. Steps n = 32…256 (Euler), 16…128 (rk2), 4…32 (rk4):
    /// the slope of log|y_n(T) − y(T)| against log(T/n) by least squares over the four halvings must lie within p/8 of p
    /// (1 ± 0.125, 2 ± 0.25, 4 ± 0.5). In exact arithmetic (the same scheme in double, here) the slopes are 0.98–1.02,
    /// 2.08–2.10 and 4.36–4.43: the coarse rk4 steps are not yet asymptotic, but finer ones would sink the rk4 error
    /// (down to 6e-7 at n = 32) into float32 rounding (at most n·ε ≈ 2e-6 there). The test holds float32's slope to within
    /// 0.05 of double's, which bounds what rounding does to it.
    /// A method of the next lower order (RK4 with equal weights is order 1; a midpoint rule at the wrong time, order 1)
    /// lies outside every band.
    /// </summary>
    [TestCaseSource(nameof(Fields))]
    public void Each_method_converges_with_its_order(ClosedForm field)
    {
        foreach (var method in OdeMethods.All)
        {
            int p = method.Order();
            int[] steps = method switch { OdeMethod.Euler => [32, 64, 128, 256], OdeMethod.Rk2 => [16, 32, 64, 128], _ => [4, 8, 16, 32] };
            var errors32 = steps.Select(n => Math.Abs(Solve32(method, field, n) - field.Exact(field.T))).ToArray();
            var errors64 = steps.Select(n => Math.Abs(Solve64(method, field, n) - field.Exact(field.T))).ToArray();
            double slope32 = Slope(steps, errors32), slope64 = Slope(steps, errors64);
            TestContext.Out.WriteLine($"{field.Name}, {method.Name()}: slope {slope32:F3} (float32), {slope64:F3} (double); errors {string.Join(", ", errors32.Select(e => e.ToString("E2")))}");
            slope32.Should().BeApproximately(p, p / 8.0, $"{method.Name()} on {field.Name}");
            slope32.Should().BeApproximately(slope64, 0.05, "float32 rounding stays below the truncation error");
        }
    }

    /// <summary>Backwards (dt &lt; 0, as the log-likelihood integrates), from the exact y(T) to 0, the orders are the same.</summary>
    [Test]
    public void Backward_integration_converges_with_the_same_order()
    {
        var field = Fields().ElementAt(1);
        foreach (var method in OdeMethods.All)
        {
            int[] steps = method switch { OdeMethod.Euler => [32, 64, 128, 256], OdeMethod.Rk2 => [16, 32, 64, 128], _ => [4, 8, 16, 32] };
            var errors = steps.Select(n => Math.Abs(Solve32(method, field with { Y0 = field.Exact(field.T) }, n, backward: true) - field.Exact(0))).ToArray();
            Slope(steps, errors).Should().BeApproximately(method.Order(), method.Order() / 8.0, method.Name());
        }
    }

    /// <summary>
    /// The order property has power: rk4 with equal weights (k₁ + k₂ + k₃ + k₄)/4, and rk2 with its midpoint evaluated
    /// at the start time t, converge with order 1 on the time-dependent field, far outside the bands of 4 and 2.
    /// </summary>
    [Test]
    public void Wrong_tableaux_fall_outside_the_order_bands()
    {
        var field = Fields().ElementAt(1);
        int[] steps = [16, 32, 64, 128];
        Tensor EqualWeights(Func<Tensor, double, Tensor> f, Tensor s, double t, double h)
        {
            var k1 = f(s, t);
            var k2 = f(s + k1 * (float)(0.5 * h), t + 0.5 * h);
            var k3 = f(s + k2 * (float)(0.5 * h), t + 0.5 * h);
            var k4 = f(s + k3 * (float)h, t + h);
            return s + (k1 + k2 + k3 + k4) * (float)(h / 4);
        }
        Tensor MidpointAtStart(Func<Tensor, double, Tensor> f, Tensor s, double t, double h) => s + f(s + f(s, t) * (float)(0.5 * h), t) * (float)h;
        foreach (var (name, step, claimed) in new[] { ("rk4 with equal weights", (Func<Func<Tensor, double, Tensor>, Tensor, double, double, Tensor>)EqualWeights, 4), ("rk2 midpoint at t", MidpointAtStart, 2) })
        {
            var errors = steps.Select(n => Math.Abs(SolveWith(step, field, n) - field.Exact(field.T))).ToArray();
            double slope = Slope(steps, errors);
            TestContext.Out.WriteLine($"{name}: slope {slope:F3}");
            Math.Abs(slope - claimed).Should().BeGreaterThan(claimed / 8.0, name);
        }
    }

    private static double SolveWith(Func<Func<Tensor, double, Tensor>, Tensor, double, double, Tensor> step, ClosedForm field, int n)
    {
        double h = field.T / n;
        var state = tensor([(float)field.Y0], 1, 1);
        Tensor Field(Tensor s, double t) => tensor([(float)field.F(s.item(), t)], 1, 1);
        for (int i = 0; i < n; i++) state = step(Field, state, i * h, h);
        return state.item();
    }

    private static double Solve32(OdeMethod method, ClosedForm field, int n, bool backward = false)
    {
        double h = field.T / n;
        var state = tensor([(float)field.Y0], 1, 1);
        Tensor Field(Tensor s, double t) => tensor([(float)field.F(s.item(), t)], 1, 1);
        for (int i = 0; i < n; i++)
            state = backward
                ? OdeSolver.IntegrateStep(method, Field, state, field.T - i * h, -h)
                : OdeSolver.IntegrateStep(method, Field, state, i * h, h);
        return state.item();
    }

    /// <summary>The same tableaux in double, written out here (the independent route).</summary>
    private static double Solve64(OdeMethod method, ClosedForm field, int n)
    {
        double h = field.T / n, y = field.Y0;
        var f = field.F;
        for (int i = 0; i < n; i++)
        {
            double t = i * h;
            y = method switch
            {
                OdeMethod.Euler => y + h * f(y, t),
                OdeMethod.Rk2 => y + h * f(y + 0.5 * h * f(y, t), t + 0.5 * h),
                _ => Rk4(y, t),
            };
        }
        return y;

        double Rk4(double y0, double t)
        {
            double k1 = f(y0, t), k2 = f(y0 + 0.5 * h * k1, t + 0.5 * h), k3 = f(y0 + 0.5 * h * k2, t + 0.5 * h), k4 = f(y0 + h * k3, t + h);
            return y0 + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
    }

    /// <summary>Least-squares slope of log(error) against log(step size).</summary>
    internal static double Slope(int[] steps, double[] errors)
    {
        var x = steps.Select(n => -Math.Log(n)).ToArray();
        var y = errors.Select(e => Math.Log(e)).ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }

    /// <summary>The classic RK4 stability polynomial R(z) = 1 + z + z²/2 + z³/6 + z⁴/24.</summary>
    internal static double Rk4Factor(double z) => 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
}
