using Grader.Checks.OdeSde.Support;
using VariantValues = Grader.Checks.Comparison.Variant;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The backward solve of <c>compute_log_likelihood_ode</c> written out in double for a drift given as functions (the
/// grader's independent route): the state [x, ℓ] from [y, 0] at t = 1 back to t = 0 under d[x, ℓ]/dt = [f, −∂f/∂x] on
/// <c>linspace(0, 1, points)</c>, each step from t_k to t_{k−1} starting at t_k; log p(y) = log N(x₀; 0, 1) − ℓ(0).
/// Besides the value it returns what the float32 tolerance needs (the path's size and the growth of errors along it),
/// and it computes the known wrong variants a hand-in's output is matched against. The tutor's side only: the visible
/// check reads the tolerances and the variants' values from its approved snapshot (<c>ode-sde/log-likelihood</c>).
/// </summary>
public static class LogLikelihoodScheme
{
    /// <summary>How a wrong port of the notebook solves the ODE (<see cref="Correct"/> is the notebook's intent).</summary>
    public enum Variant
    {
        Correct,
        /// <summary>log N(x₀) + ℓ(0): the trace integrated with the wrong sign.</summary>
        TraceSign,
        /// <summary>−ℓ(0): the base density log p₀(x₀) left out.</summary>
        NoBaseDensity,
        /// <summary>Integrated forwards from y at t = 0 to t = 1 instead of backwards from t = 1.</summary>
        Forward,
        /// <summary>Backward steps that start at t_{k−1} (the stored notebook's <c>reversed(t[:-1])</c>).</summary>
        ShiftedTimes,
    }

    /// <summary>One solve in double.</summary>
    /// <param name="LogP">log p(y) (or the variant's value).</param>
    /// <param name="X0">The point y flows back to.</param>
    /// <param name="MaxX">max |x| + max |f| along the path (what the state's rounding scales with).</param>
    /// <param name="MaxTrace">max |ℓ| along the path.</param>
    /// <param name="Growth">e^{∫|∂f/∂x| dt}·(1 + ∫|∂²f/∂x²| dt) along the path: how much an error in x grows into x₀ and ℓ.</param>
    public sealed record Solve(double LogP, double X0, double MaxX, double MaxTrace, double Growth);

    /// <summary>Solves for one y with <paramref name="method"/> ("euler", "rk2", "rk4") on <paramref name="points"/> grid points.</summary>
    public static Solve Run(Func<double, double, double> f, Func<double, double, double> dfdx, Func<double, double, double> d2fdx2,
        double y, string method, int points, Variant variant = Variant.Correct)
    {
        int steps = points - 1;
        double h = 1.0 / steps;
        double x = y, l = 0, maxX = Math.Abs(y), maxL = 0, maxF = 0, lipschitz = 0, curvature = 0;
        (double, double) F(double xs, double t) => (f(xs, t), -dfdx(xs, t));
        for (int j = 0; j < steps; j++)
        {
            bool forward = variant == Variant.Forward;
            int k = forward ? j : steps - j;
            double t = forward ? Grid(k, steps) : variant == Variant.ShiftedTimes ? Grid(k - 1, steps) : Grid(k, steps);
            double dt = forward ? h : -h;
            maxF = Math.Max(maxF, Math.Abs(f(x, t)));
            lipschitz += h * Math.Abs(dfdx(x, t));
            curvature += h * Math.Abs(d2fdx2(x, t));
            var (k1x, k1l) = F(x, t);
            switch (method)
            {
                case "euler":
                    x += dt * k1x; l += dt * k1l;
                    break;
                case "rk2":
                {
                    var (k2x, k2l) = F(x + 0.5 * dt * k1x, t + 0.5 * dt);
                    x += dt * k2x; l += dt * k2l;
                    break;
                }
                case "rk4":
                {
                    var (k2x, k2l) = F(x + 0.5 * dt * k1x, t + 0.5 * dt);
                    var (k3x, k3l) = F(x + 0.5 * dt * k2x, t + 0.5 * dt);
                    var (k4x, k4l) = F(x + dt * k3x, t + dt);
                    x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
                    l += dt / 6 * (k1l + 2 * k2l + 2 * k3l + k4l);
                    break;
                }
                default:
                    throw new ArgumentException($"unknown method '{method}'", nameof(method));
            }
            maxX = Math.Max(maxX, Math.Abs(x));
            maxL = Math.Max(maxL, Math.Abs(l));
        }
        double logPrior = -0.5 * x * x - 0.5 * Math.Log(2 * Math.PI);
        double value = variant switch
        {
            Variant.TraceSign => logPrior + l,
            Variant.NoBaseDensity => -l,
            _ => logPrior - l,
        };
        return new Solve(value, x, maxX + maxF, maxL, Math.Exp(lipschitz) * (1 + curvature));
    }

    /// <summary>
    /// For an affine drift: A(t) = a₀t + a₁t²/2, y flows back to x₀ = e^{−A(1)}·y − ∫₀¹ e^{−A(s)}(c₀ + c₁s) ds and
    /// log p(y) = log N(x₀; 0, 1) − A(1) (the integral by composite Simpson, exact to 1e-13 here).
    /// </summary>
    public static double ExactForAffine(DriftSpec spec, double y)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (a0, a1, c0, c1) = (spec.A0, spec.A1, spec.C0, spec.C1);
        if (!spec.IsAffine) throw new InvalidOperationException("only an affine drift has a closed-form log-likelihood");
        double A(double t) => a0 * t + a1 * t * t / 2;
        double shift = Simpson.Integrate(s => Math.Exp(-A(s)) * (c0 + c1 * s), 0, 1);
        double x0 = Math.Exp(-A(1)) * y - shift;
        return -0.5 * x0 * x0 - 0.5 * Math.Log(2 * Math.PI) - A(1);
    }

    /// <summary>Per example, the float32 tolerance of the correct solve (<see cref="Tolerance(Solve, int)"/>).</summary>
    public static double[] Tolerances(Func<double, double, double> f, Func<double, double, double> dfdx, Func<double, double, double> d2fdx2,
        float[] y, string method, int points) =>
        y.Select(v => Tolerance(Run(f, dfdx, d2fdx2, v, method, points), points)).ToArray();

    /// <summary>The wrong variants' values per example, keyed as <see cref="Key"/> names them (what the comparison's explanations are keyed by).</summary>
    public static IReadOnlyList<VariantValues> Variants(Func<double, double, double> f, Func<double, double, double> dfdx, Func<double, double, double> d2fdx2,
        float[] y, string method, int points) =>
        Enum.GetValues<Variant>().Where(v => v != Variant.Correct)
            .Select(v => new VariantValues(Key(v), y.Select(yv => (float)Run(f, dfdx, d2fdx2, yv, method, points, v).LogP).ToArray()))
            .ToList();

    /// <summary>A variant's key: its name in kebab case ("trace-sign").</summary>
    public static string Key(Variant variant) =>
        string.Concat(variant.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    /// <summary>
    /// The float32 tolerance of one example: 16·S·ε·(1 + |x₀|·max|x| + max|ℓ|)·growth, with S steps and ε = 2⁻²⁴. Each
    /// step rounds the state in at most 8 places (rk4's four stages and the combination; the network's output once per
    /// stage), each by ε relative to |x|, |f| or |ℓ|; an error in x grows by at most the path's growth factor into x₀
    /// and into ℓ; log N(x₀; 0, 1) turns an error δ of x₀ into |x₀|·δ. Factor 2 for safety.
    /// </summary>
    public static double Tolerance(Solve solve, int points)
    {
        ArgumentNullException.ThrowIfNull(solve);
        const double eps = 5.960464477539063e-8;
        return 16.0 * (points - 1) * eps * (1 + Math.Abs(solve.X0) * solve.MaxX + solve.MaxTrace) * solve.Growth;
    }

    private static double Grid(int k, int steps) => k >= steps ? 1.0 : (double)k / steps;
}
