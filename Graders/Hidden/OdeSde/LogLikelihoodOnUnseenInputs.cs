using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.1–1.3, on inputs drawn from the run's seed: (1) the hand-in's log p(y) equals the reference's,
/// computed live, for random affine and tanh drifts in closed form and a random drift network of the notebook (output
/// layer scaled so the flow moves mass), with random data, sizes, methods and grids, and each method once on a strongly
/// curved drift on 3 … 6 grid points, where the methods differ by over 100 tolerances (<see cref="DrawClosedForm"/>; tolerance
/// <see cref="LogLikelihoodScheme.Tolerance"/> along the path); (2) for the affine drifts, the hand-in's values match
/// the closed form log N(x₀; 0, 1) − ∫₀¹ a(t) dt within the scheme's own error (a Richardson estimate from the grid and its
/// refinement in double, ×2) plus the float32 tolerance; (3) its density integrates to 1: the trapezoid rule of
/// exp(log p) over a grid of step 0.05 on [−15, 15] (rk4, 100 points) is within 2e-3 of 1 (the reference's own integral
/// is within 1e-3; a flipped trace or a missing base density misses by more than 0.05). Values that differ from the
/// reference only through the hand-in's own integrator pass after (1) (<see cref="LogLikelihoodWithOwnSolver"/>):
/// the integrator is graded in task 1.4.
/// </summary>
public sealed class LogLikelihoodOnUnseenInputs() : HandinCheck<IOdeLogLikelihood>(
    "ode.ku.log-likelihood-on-unseen-inputs"), IDrawsCaseClasses
{
    protected override CheckResult Check(CheckContext context, HandinCall call, IOdeLogLikelihood handin)
    {
        var g = context.NewGenerator(0x11);
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var cases = new List<LogLikelihoodCase>();
        var affine = new List<(DriftSpec Spec, int Case)>();
        foreach (var drawn in DrawClosedForm(g))
        {
            cases.Add(ClosedFormCase(drawn.Spec, drawn.Method, drawn.Points, drawn.Y));
            if (drawn.Spec.IsAffine) affine.Add((drawn.Spec, cases.Count - 1));
        }
        var network = ScaledNetwork(g, U(1.5, 4));
        string networkMethod = Methods[(int)g.NextInt(0, 3)];
        int networkPoints = (int)g.NextInt(12, 61);
        var yn = Enumerable.Range(0, (int)g.NextInt(5, 12)).Select(_ => (float)(3 * g.NextNormal())).ToArray();
        cases.Add(NetworkCase(network, networkMethod, networkPoints, yn));
        // From a generator of their own, so every draw above is as before: a grid whose countdown port flips, per port.
        foreach (var edge in DrawGridEdges(context.NewGenerator(GridEdgeSalt))) cases.Add(ClosedFormCase(edge.Spec, edge.Method, edge.Points, edge.Y));

        IOdeSolver? solver = call.Resolve<IOdeSolver>(context, out var ownSolver) is null ? ownSolver : null;
        const string inputs = "unseen drifts, data and grids";
        var compared = LogLikelihoodComparison.Grade(call, handin, cases, inputs, LogLikelihoodWithOwnSolver.Explains(call, solver, cases, inputs), out bool onlyTheSolverDiffers);
        // A wrong integrator is graded in task 1.4; the closed form and the density below measure the integrator's error, so they are left to it.
        if (!compared.Passed || onlyTheSolverDiffers) return compared;

        foreach (var (spec, index) in affine)
        {
            var c = cases[index];
            if (call.Run("LogLikelihood", () => handin.LogLikelihood(torch.tensor(c.Y, c.Y.Length, 1), spec.Network(), c.Method, c.TimePoints), out var again) is { } threw) return threw;
            var seen = again.ToDoubleArray();
            for (int i = 0; i < c.Y.Length; i++)
            {
                double exact = LogLikelihoodScheme.ExactForAffine(spec, c.Y[i]);
                double coarse = LogLikelihoodScheme.Run(spec.F, spec.DfDx, spec.D2fDx2, c.Y[i], c.Method, c.TimePoints).LogP;
                double fine = LogLikelihoodScheme.Run(spec.F, spec.DfDx, spec.D2fDx2, c.Y[i], c.Method, 2 * c.TimePoints - 1).LogP;
                int p = c.Method == "euler" ? 1 : c.Method == "rk2" ? 2 : 4;
                double bound = 2 * Math.Abs(coarse - fine) * Math.Pow(2, p) / (Math.Pow(2, p) - 1) + c.Tolerance[i];
                if (Math.Abs(seen[i] - exact) > bound)
                    return call.Fail($"For the affine drift {spec}, whose flow maps N(0, 1) to a Gaussian, log p(y = {F(c.Y[i])}) is {F(exact)} in closed form; your {c.Method} solve on {c.TimePoints} points gives {F(seen[i])}, further than the method's own error ({E(bound)}). Re-read {SheetRef}.",
                        expected: F(exact), seen: F(seen[i]))
                        .Concealed($"For an affine drift drawn for this grading run, whose flow maps N(0, 1) to a Gaussian, log p(y) is {F(exact)} in closed form; your {c.Method} solve gives {F(seen[i])}, " +
                                   $"{E(Math.Abs(seen[i] - exact) / bound)} times the method's own error (with the float32 tolerance) away. Re-read {SheetRef}.",
                            expected: F(exact), seen: F(seen[i]));
            }
        }

        var density = Density(call, handin, network);
        return density ?? CheckResult.Pass(Id, "LogLikelihood matches the reference on unseen examples drawn for this grading run, the closed form of affine drifts within the solvers' error, and its density integrates to 1.", SheetRef);
    }

    /// <summary>One closed-form drift's solve as drawn: the drift, the method, the grid's points and the data.</summary>
    public sealed record ClosedFormDraw(DriftSpec Spec, string Method, int Points, float[] Y);

    /// <summary>Curved drifts per run solved on few steps, one per method (<see cref="DrawClosedForm"/>).</summary>
    private static readonly string[] Methods = ["euler", "rk2", "rk4"];

    /// <summary>
    /// The closed-form drifts of one run, drawn first from the check's generator: two affine drifts (rk4, rk2) and two
    /// tanh drifts (method drawn) on 12 … 120 points, then one strongly curved tanh drift (|S|, |W| ∈ [1, 2]) per method,
    /// in a drawn order, on 3 … 6 points, drawn again until at some y its method's value differs from the other two
    /// methods' by over 100 float32 tolerances (<see cref="CaseClasses"/>), so a hand-in that runs one method when asked
    /// for another fails every run. On fine grids the difference of rk2 and rk4 shrinks like h² while the tolerance
    /// grows with the steps: the affine and fine cases alone could not tell them apart.
    /// </summary>
    public static IReadOnlyList<ClosedFormDraw> DrawClosedForm(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        double Signed(double lo, double hi) => (g.NextInt(0, 2) == 0 ? -1 : 1) * U(lo, hi);
        float[] Data(int most) => Enumerable.Range(0, (int)g.NextInt(5, most)).Select(_ => (float)(2.5 * g.NextNormal())).ToArray();
        var drawn = new List<ClosedFormDraw>();
        for (int c = 0; c < 4; c++)
        {
            var spec = c < 2
                ? new DriftSpec(U(-1.2, 1.2), U(-1.5, 1.5), U(-0.8, 0.8), U(-1, 1))
                : new DriftSpec(U(-0.8, 0.8), U(-1, 1), U(-0.5, 0.5), U(-0.8, 0.8), U(0.5, 1.5), U(-1.5, 1.5), U(-2, 2), U(-1, 1));
            string method = Methods[(int)g.NextInt(0, 3)];
            if (c < 2) method = c == 0 ? "rk4" : "rk2";
            int points = (int)g.NextInt(12, 121);
            drawn.Add(new ClosedFormDraw(spec, method, points, Data(40)));
        }
        var order = Methods.ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)g.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        foreach (var method in order)
        {
            // Drawn again until the methods' values differ by over 100 tolerances (about 1 draw in 40 does not; 20 tries all fail with probability below 1e-30).
            ClosedFormDraw curved;
            int tries = 0;
            do
            {
                var spec = new DriftSpec(U(-0.8, 0.8), U(-1, 1), U(-0.5, 0.5), U(-0.8, 0.8), Signed(1, 2), Signed(1, 2), U(-2, 2), U(-1, 1));
                curved = new ClosedFormDraw(spec, method, (int)g.NextInt(3, 7), Data(20));
            }
            while (!Distinguishes(curved) && ++tries < 20);
            drawn.Add(curved);
        }
        return drawn;
    }

    /// <summary>
    /// The case classes, one per method: a solve with that method whose value, at some drawn y, differs from each other
    /// method's on the same grid by more than 100 float32 tolerances (<see cref="LogLikelihoodScheme.Tolerance"/>).
    /// </summary>
    public static CaseClasses<ClosedFormDraw> MethodClasses { get; } = new(Methods.Select(m => new CaseClass<ClosedFormDraw>(
        $"{m}-told-from-the-others", $"a solve that runs another method when asked for {m} (or rk2 for rk4: their difference shrinks like h² on fine grids)", d => d.Method == m && Distinguishes(d))).ToArray());

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => [.. MethodClasses.All, .. GridClasses.All];

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed)
    {
        var context = new CheckContext(_ => null, seed, "");
        return MethodClasses.PresentIn(DrawClosedForm(context.NewGenerator(0x11)))
            .Concat(GridClasses.PresentIn(DrawGridEdges(context.NewGenerator(GridEdgeSalt)))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The salt of <see cref="DrawGridEdges"/>'s generator, apart from the check's other draws (0x11).</summary>
    private const ulong GridEdgeSalt = 0x12;

    /// <summary>
    /// Natural ports of the contract's grid (<c>torch.linspace(0, 1, timePoints)</c>, walked from t = 1 down to 0) that
    /// count t down by dt = 1/(timePoints − 1) while t &gt; 0 instead of taking t_k = k/(timePoints − 1): the sum lands a
    /// hair above 0 at some grid sizes, and one step more, to t = −dt, is taken (issue 79 item 5).
    /// </summary>
    public enum GridPort
    {
        /// <summary><c>for (double t = 1; t &gt; 0; t -= dt)</c>: flips at 59 of the sizes 12 … 120, the notebook's 100 among them.</summary>
        DoubleCountdown,
        /// <summary>The same in float32: flips at 64 of the sizes 12 … 120 (not at 100).</summary>
        FloatCountdown,
    }

    /// <summary>The steps <paramref name="port"/> takes on a grid of <paramref name="points"/> points (points − 1 when it is right).</summary>
    public static int GridSteps(GridPort port, int points)
    {
        int n = 0;
        if (port == GridPort.DoubleCountdown)
        {
            double dt = 1.0 / (points - 1);
            for (double t = 1; t > 0 && n <= points; t -= dt) n++;
        }
        else
        {
            float dt = 1f / (points - 1);
            for (float t = 1f; t > 0f && n <= points; t -= dt) n++;
        }
        return n;
    }

    /// <summary>
    /// One tanh drift per <see cref="GridPort"/> (drawn as <see cref="DrawClosedForm"/>'s, method drawn) on a grid of
    /// 12 … 120 points where that port takes one step more (rejection: about half the sizes flip, so a few draws), so a
    /// solve that walks the grid by a countdown meets such a size in every run. The old draw's eight solves met one in
    /// all but about 1 run in 200–300 (the float port) — in every run now.
    /// </summary>
    public static IReadOnlyList<ClosedFormDraw> DrawGridEdges(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var drawn = new List<ClosedFormDraw>();
        foreach (var port in Enum.GetValues<GridPort>())
        {
            int points;
            do points = (int)g.NextInt(12, 121);
            while (GridSteps(port, points) == points - 1);
            var spec = new DriftSpec(U(-0.8, 0.8), U(-1, 1), U(-0.5, 0.5), U(-0.8, 0.8), U(0.5, 1.5), U(-1.5, 1.5), U(-2, 2), U(-1, 1));
            drawn.Add(new ClosedFormDraw(spec, Methods[(int)g.NextInt(0, 3)], points, Enumerable.Range(0, (int)g.NextInt(5, 40)).Select(_ => (float)(2.5 * g.NextNormal())).ToArray()));
        }
        return drawn;
    }

    /// <summary>The grid classes: a solve on a grid size where a countdown port takes one step more, one class per port.</summary>
    public static CaseClasses<ClosedFormDraw> GridClasses { get; } = new(Enum.GetValues<GridPort>().Select(port => new CaseClass<ClosedFormDraw>(
        port == GridPort.DoubleCountdown ? "grid-countdown-flips-double" : "grid-countdown-flips-float",
        $"the grid walked by counting t down from 1 by dt while t > 0 ({(port == GridPort.DoubleCountdown ? "double" : "float32")}): one step more, to t = −dt, at some grid sizes",
        d => GridSteps(port, d.Points) != d.Points - 1)).ToArray());

    /// <summary>At some y, the drawn method's value is over 100 tolerances from each other method's on the same grid.</summary>
    private static bool Distinguishes(ClosedFormDraw d) => d.Y.Any(y =>
    {
        var own = LogLikelihoodScheme.Run(d.Spec.F, d.Spec.DfDx, d.Spec.D2fDx2, y, d.Method, d.Points);
        double tolerance = LogLikelihoodScheme.Tolerance(own, d.Points);
        return Methods.Where(m => m != d.Method).All(m => Math.Abs(LogLikelihoodScheme.Run(d.Spec.F, d.Spec.DfDx, d.Spec.D2fDx2, y, m, d.Points).LogP - own.LogP) > 100 * tolerance);
    });

    /// <summary>The trapezoid rule of the hand-in's exp(log p) on [−15, 15] (rk4, 100 points) must be within 2e-3 of 1.</summary>
    private CheckResult? Density(HandinCall call, IOdeLogLikelihood handin, DriftNetwork network)
    {
        const double half = 15, step = 0.05;
        int n = (int)Math.Round(2 * half / step) + 1;
        var y = torch.linspace(-half, half, n).reshape(n, 1);
        if (call.Run("LogLikelihood(y grid, drift, \"rk4\", 100)", () => handin.LogLikelihood(y, network, "rk4", 100), out var logp) is { } threw) return threw;
        if (call.Tensor("LogLikelihood(y grid, drift, \"rk4\", 100)", logp, [n]) is { } bad) return bad;
        var values = logp.ToDoubleArray();
        double total = values.Select((v, i) => (i == 0 || i == n - 1 ? 0.5 : 1) * Math.Exp(v)).Sum() * step;
        return Math.Abs(total - 1) <= 2e-3 ? null : call.Fail(
            $"Your model density does not integrate to 1: ∫ exp(log p(y)) dy = {F(total)} over y ∈ [−15, 15] for a drift network of the notebook (rk4, 100 time points). The change of variables makes p(y) = p₀(x₀)·exp(−∫₀¹ ∂f/∂x dt) a density; a wrong sign of the trace or a missing base density p₀ breaks that. Re-read {SheetRef}.",
            expected: "1", seen: F(total));
    }

    /// <summary>A closed-form drift's case: the reference live, tolerance and variants from the scheme in double.</summary>
    private static LogLikelihoodCase ClosedFormCase(DriftSpec spec, string method, int points, float[] y)
    {
        var expected = Reference(spec.Network(), method, points, y);
        return new LogLikelihoodCase(spec.Network(), $"the drift {spec}", method, points, y, expected,
            LogLikelihoodScheme.Tolerances(spec.F, spec.DfDx, spec.D2fDx2, y, method, points), LogLikelihoodScheme.Variants(spec.F, spec.DfDx, spec.D2fDx2, y, method, points));
    }

    /// <summary>A drift network's case: the reference live; the path, tolerance and variants from the scheme in double with the network's values.</summary>
    private static LogLikelihoodCase NetworkCase(DriftNetwork network, string method, int points, float[] y)
    {
        var expected = Reference(network, method, points, y);
        double F(double x, double t) => Eval(network, x, t, 0);
        double Fx(double x, double t) => Eval(network, x, t, 1);
        double Fxx(double x, double t) => (Eval(network, x + 1e-2, t, 1) - Eval(network, x - 1e-2, t, 1)) / 2e-2;
        return new LogLikelihoodCase(network, "a drift network of the notebook (3 hidden layers of 64, Tanh)", method, points, y, expected,
            LogLikelihoodScheme.Tolerances(F, Fx, Fxx, y, method, points), LogLikelihoodScheme.Variants(F, Fx, Fxx, y, method, points));
    }

    private static float[] Reference(IDifferentiableNetwork drift, string method, int points, float[] y)
    {
        using var _ = torch.no_grad();
        return OdeLogLikelihood.Compute(ContractNetwork.Of(drift), torch.tensor(y, y.Length, 1), OdeMethods.Parse(method), new TimeGrid(points)).ToArray();
    }

    private static double Eval(DriftNetwork network, double x, double t, int order)
    {
        var xs = torch.tensor(new[] { (float)x }, 1, 1);
        var ts = torch.tensor(new[] { (float)t }, 1, 1);
        IDifferentiableNetwork n = network;
        return (order == 0 ? n.Forward(xs, ts) : n.PartialX(xs, ts)).item();
    }

    /// <summary>The notebook's drift network from the run's generator, its output layer scaled so that the flow moves mass.</summary>
    internal static DriftNetwork ScaledNetwork(Generator g, double scale)
    {
        var drift = new DriftNetwork(g.Fork());
        var (_, last) = drift.named_parameters().Last(p => p.name.EndsWith("weight", StringComparison.Ordinal));
        using var _ = torch.no_grad();
        last.CopyFrom(last * (float)scale);
        return drift;
    }
}
