using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The exact log-likelihood by the backward solve of the augmented ODE: against the same scheme in double, against the
/// closed form of affine drifts, and the density's normalisation by quadrature.
/// </summary>
public sealed class OdeLogLikelihoodTests
{
    private const double Eps32 = 5.96e-8;

    public static IEnumerable<object[]> Drifts() =>
    [
        [new AffineDrift(0.8, 0, 0, 0)],
        [new AffineDrift(-0.9, 0.6, 0.3, -0.6)],
        [new AffineDrift(1.2, -1.5, -0.4, 1.1)],
    ];

    private static readonly double[] Ys = [-3.1, -1.2, -0.3, 0, 0.45, 1.7, 2.9];

    /// <summary>
    /// The reference (float32) equals the same backward solve written out in double, for each method on the notebook's
    /// grid. Tolerance, derived: each of the 99 steps rounds the state once per update (ε = 2⁻²⁴ relative to |x| and
    /// |ℓ|), the network's arithmetic adds rounding of order h·|f|; errors in x grow by at most e^{∫|a|} on the way,
    /// and log p₀ turns an error δ in x₀ into |x₀|·δ. So |Δ log p| ≤ 4·99·ε·(|x₀|·max|x|·e^{∫|a|} + max|ℓ| + 1) with a
    /// safety factor 2 on the 2 roundings per step.
    /// </summary>
    [TestCaseSource(nameof(Drifts))]
    public void The_float32_solve_equals_the_scheme_in_double(AffineDrift drift)
    {
        var y = tensor(Ys, Ys.Length, 1);
        foreach (var method in OdeMethods.All)
        {
            var reference = OdeLogLikelihood.Compute(ContractNetwork.Of(drift), y, method).ToDoubleArray();
            for (int i = 0; i < Ys.Length; i++)
            {
                var (logp, x0, maxX, maxL) = Scheme64(drift, Ys[i], method, 100);
                double growth = Math.Exp(Math.Abs(drift.A0) + Math.Abs(drift.A1));
                double tol = 4 * 99 * Eps32 * (Math.Abs(x0) * maxX * growth + maxL + 1);
                reference[i].Should().BeApproximately(logp, tol, $"{method.Name()}, y = {Ys[i]}");
            }
        }
    }

    /// <summary>
    /// log p(y) matches the closed form within the solver's error bound: the bound is the Richardson estimate
    /// 2·|L_h − L_{h/2}|·2^p/(2^p − 1) of the scheme's own error (computed in double on 100 and 199 points, factor 2 for
    /// safety) plus the float32 tolerance above. On the notebook's grid the bounds reach 0.35 for Euler (at |y| ≈ 3,
    /// where x₀ is large), 1e-3 for rk2 and 1e-9 for rk4 over these drifts and points (printed), so with rk2 or rk4 a
    /// wrong sign of the trace (an error of 2|A(1)| ≥ 0.9 here) or a missing base density (≥ ½ln 2π) cannot hide in them.
    /// </summary>
    [TestCaseSource(nameof(Drifts))]
    public void Log_likelihood_matches_the_closed_form_within_the_solvers_error(AffineDrift drift)
    {
        var y = tensor(Ys, Ys.Length, 1);
        foreach (var method in OdeMethods.All)
        {
            int p = method.Order();
            double worst = 0;
            var reference = OdeLogLikelihood.Compute(ContractNetwork.Of(drift), y, method).ToDoubleArray();
            for (int i = 0; i < Ys.Length; i++)
            {
                double exact = drift.ExactLogLikelihood(Ys[i]);
                var coarse = Scheme64(drift, Ys[i], method, 100);
                double fine = Scheme64(drift, Ys[i], method, 199).LogP;
                double bound = 2 * Math.Abs(coarse.LogP - fine) * Math.Pow(2, p) / (Math.Pow(2, p) - 1);
                double tol32 = 4 * 99 * Eps32 * (Math.Abs(coarse.X0) * coarse.MaxX * Math.Exp(Math.Abs(drift.A0) + Math.Abs(drift.A1)) + coarse.MaxL + 1);
                worst = Math.Max(worst, bound);
                bound.Should().BeLessThan(method switch { OdeMethod.Euler => 0.5, OdeMethod.Rk2 => 2e-3, _ => 1e-8 });
                Math.Abs(coarse.LogP - exact).Should().BeLessThanOrEqualTo(bound, "the Richardson estimate bounds the scheme's error");
                reference[i].Should().BeApproximately(exact, bound + tol32, $"{method.Name()}, y = {Ys[i]}");
            }
            TestContext.Out.WriteLine($"{drift}, {method.Name()}: largest error bound {worst:E2}");
        }
    }

    /// <summary>
    /// The model's density integrates to 1. A random <see cref="DriftNetwork"/> with its output layer scaled by 6 (so
    /// the flow moves mass: |ℓ| = |∫∂f/∂x dt| reaches 0.44) gives p(y) by rk4 on a grid of step 0.04 over [−12, 12]; the
    /// trapezoid rule there is exact to far below float32's ≈ 1e-5 relative error of p, and the mass outside is below
    /// 1e-12. Accepted: |∫p − 1| ≤ 1e-4. With the trace's sign flipped (log p₀(x₀) + ℓ instead of − ℓ) or the base
    /// density left out, the same integral misses 1 by more than 0.05.
    /// </summary>
    [Test]
    public void The_model_density_integrates_to_one()
    {
        var drift = ScaledDrift(new Generator(31), 6f);
        const double step = 0.04, half = 12;
        int n = (int)Math.Round(2 * half / step) + 1;
        var y = linspace(-half, half, n).reshape(n, 1);
        var (x0, trace) = OdeLogLikelihood.SolveBackward(drift, y, OdeMethod.Rk4);
        var logp0 = StandardNormal.LogProb(x0).ToDoubleArray();
        var l = trace.ToDoubleArray();
        double Integral(Func<int, double> logDensity)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += (i == 0 || i == n - 1 ? 0.5 : 1) * Math.Exp(logDensity(i));
            return sum * step;
        }
        double total = Integral(i => logp0[i] - l[i]);
        TestContext.Out.WriteLine($"∫p = {total:R}; max |ℓ| = {l.Max(Math.Abs):F3}; tails p(±12) = {Math.Exp(logp0[0] - l[0]):E2}, {Math.Exp(logp0[^1] - l[^1]):E2}");
        total.Should().BeApproximately(1, 1e-4);
        l.Max(Math.Abs).Should().BeGreaterThan(0.3, "the test drift moves mass, so the trace matters");
        Math.Abs(Integral(i => logp0[i] + l[i]) - 1).Should().BeGreaterThan(0.05, "a flipped trace is not a density");
        Math.Abs(Integral(i => -l[i]) - 1).Should().BeGreaterThan(0.05, "without the base density it is not one either");
    }

    /// <summary>
    /// Euler's density is normalised only to O(h): the log-det it accumulates is −h·Σ∂f/∂x where the discrete map's is
    /// Σ ln(1 − h·∂f/∂x). For the same drift the miss is small but far above rk4's.
    /// </summary>
    [Test]
    public void Euler_density_is_normalised_only_to_first_order()
    {
        var drift = ScaledDrift(new Generator(31), 6f);
        int n = 601;
        var y = linspace(-12, 12, n).reshape(n, 1);
        double Total(OdeMethod m) => OdeLogLikelihood.Compute(drift, y, m).ToDoubleArray().Select((v, i) => (i == 0 || i == n - 1 ? 0.5 : 1) * Math.Exp(v)).Sum() * 0.04;
        double euler = Total(OdeMethod.Euler), rk2 = Total(OdeMethod.Rk2);
        TestContext.Out.WriteLine($"∫p: euler {euler:R}, rk2 {rk2:R}");
        Math.Abs(euler - 1).Should().BeLessThan(0.05).And.BeGreaterThan(1e-4);
        Math.Abs(rk2 - 1).Should().BeLessThan(1e-3);
    }

    /// <summary>
    /// The notebook's stored backward loop starts each step one grid point early (<see cref="ReverseTimes.NotebookShifted"/>):
    /// for a time-dependent drift that is an O(h) error for every method, so rk4 then misses the closed form by ≈ 1e-2
    /// instead of 1e-7; for a drift without t it changes nothing.
    /// </summary>
    [Test]
    public void The_notebooks_shifted_backward_times_are_an_order_one_error()
    {
        var y = tensor(Ys, Ys.Length, 1);
        var timeDependent = new AffineDrift(-0.5, 1.0, 0.3, -0.6);
        var exact = Ys.Select(timeDependent.ExactLogLikelihood).ToArray();
        var shifted = OdeLogLikelihood.Compute(ContractNetwork.Of(timeDependent), y, OdeMethod.Rk4, times: ReverseTimes.NotebookShifted).ToDoubleArray();
        var grid = OdeLogLikelihood.Compute(ContractNetwork.Of(timeDependent), y, OdeMethod.Rk4).ToDoubleArray();
        shifted.Zip(exact).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(1e-3);
        grid.Zip(exact).Max(p => Math.Abs(p.First - p.Second)).Should().BeLessThan(1e-4);

        var autonomous = new AffineDrift(0.8, 0, 0.2, 0);
        var a = OdeLogLikelihood.Compute(ContractNetwork.Of(autonomous), y, OdeMethod.Rk4, times: ReverseTimes.NotebookShifted).ToDoubleArray();
        var b = OdeLogLikelihood.Compute(ContractNetwork.Of(autonomous), y, OdeMethod.Rk4).ToDoubleArray();
        a.Should().Equal(b);
    }

    /// <summary>The trace ∂f/∂x by autograd equals central finite differences of the network (float32, h = 1e-2: error ≤ 2e-3).</summary>
    [Test]
    public void The_exact_trace_is_the_derivative_of_the_drift()
    {
        var drift = ScaledDrift(new Generator(32), 3f);
        var x = linspace(-4, 4, 41).reshape(41, 1);
        var t = full([41, 1], 0.37f);
        var (_, dfdx) = drift.WithPartialX(x, t, createGraph: false);
        using var _ = no_grad();
        var fd = (drift.forward(x + 1e-2f, t) - drift.forward(x - 1e-2f, t)) / 2e-2f;
        (dfdx - fd).abs().max().item().Should().BeLessThan(2e-3f);
        var (_, dfdt) = drift.WithPartialT(x, t, createGraph: false);
        var fdt = (drift.forward(x, t + 1e-2f) - drift.forward(x, t - 1e-2f)) / 2e-2f;
        (dfdt - fdt).abs().max().item().Should().BeLessThan(2e-3f);
    }

    /// <summary>Euler's backward path from y ends where the Euler log-likelihood solve puts x₀ (same steps, same times).</summary>
    [Test]
    public void The_backward_path_ends_at_the_solves_x0()
    {
        var drift = ScaledDrift(new Generator(33), 2f);
        var y = tensor(Ys, Ys.Length, 1);
        var path = OdePaths.Backward(drift, y);
        path.shape.Should().Equal(100, Ys.Length, 1);
        var (x0, _) = OdeLogLikelihood.SolveBackward(drift, y, OdeMethod.Euler);
        (path.select(0, 0) - x0).abs().max().item().Should().BeLessThan(1e-5f);
        (path.select(0, 99) - y).abs().max().item().Should().Be(0);
    }

    /// <summary>Forward Euler paths from x₀ and backward Euler paths from their ends return to x₀ up to O(h) (the two Euler schemes are not inverse).</summary>
    [Test]
    public void Forward_and_backward_paths_invert_each_other_to_first_order()
    {
        var drift = ScaledDrift(new Generator(34), 2f);
        var x0 = randn([50, 1], new Generator(5));
        var forward = OdePaths.Forward(drift, x0);
        var back = OdePaths.Backward(drift, forward.select(0, 99));
        (back.select(0, 0) - x0).abs().max().item().Should().BeLessThan(0.05f);
        OdePaths.Sample(drift, 7, new Generator(1)).shape.Should().Equal(7, 1);
    }

    [Test]
    public void Bad_shapes_and_grids_are_refused_with_a_message()
    {
        var drift = ContractNetwork.Of(new AffineDrift(1, 0, 0, 0));
        FluentActions.Invoking(() => OdeLogLikelihood.Compute(drift, zeros(4), OdeMethod.Euler)).Should().Throw<ArgumentException>().WithMessage("*[N, 1]*");
        FluentActions.Invoking(() => new TimeGrid(1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>A random ODE drift network whose last layer's weights are multiplied by <paramref name="scale"/>.</summary>
    internal static DriftNetwork ScaledDrift(Generator generator, float scale)
    {
        var drift = new DriftNetwork(generator);
        var (name, last) = drift.named_parameters().Last(p => p.name.EndsWith("weight", StringComparison.Ordinal));
        last.CopyFrom(last * scale);
        return drift;
    }

    /// <summary>
    /// The backward solve in double, written out here: s = [x, ℓ] from [y, 0], steps k = n−1 … 1 from t_k with −h,
    /// F = [f, −∂f/∂x]; returns log p, x₀, max|x| and max|ℓ| along the way.
    /// </summary>
    private static (double LogP, double X0, double MaxX, double MaxL) Scheme64(AffineDrift drift, double y, OdeMethod method, int points)
    {
        double h = 1.0 / (points - 1), x = y, l = 0, maxX = Math.Abs(y), maxL = 0;
        (double, double) F(double xs, double t) => (drift.F(xs, t), -(drift.A0 + drift.A1 * t));
        for (int k = points - 1; k >= 1; k--)
        {
            double t = (double)k / (points - 1), dt = -h;
            var (k1x, k1l) = F(x, t);
            switch (method)
            {
                case OdeMethod.Euler:
                    x += dt * k1x; l += dt * k1l;
                    break;
                case OdeMethod.Rk2:
                {
                    var (k2x, k2l) = F(x + 0.5 * dt * k1x, t + 0.5 * dt);
                    x += dt * k2x; l += dt * k2l;
                    break;
                }
                default:
                {
                    var (k2x, k2l) = F(x + 0.5 * dt * k1x, t + 0.5 * dt);
                    var (k3x, k3l) = F(x + 0.5 * dt * k2x, t + 0.5 * dt);
                    var (k4x, k4l) = F(x + dt * k3x, t + dt);
                    x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
                    l += dt / 6 * (k1l + 2 * k2l + 2 * k3l + k4l);
                    break;
                }
            }
            maxX = Math.Max(maxX, Math.Abs(x));
            maxL = Math.Max(maxL, Math.Abs(l));
        }
        return (-0.5 * x * x - 0.5 * Math.Log(2 * Math.PI) - l, x, maxX, maxL);
    }
}
