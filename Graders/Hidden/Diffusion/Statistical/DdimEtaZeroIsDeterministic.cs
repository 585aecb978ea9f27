using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (d) (task 000/1d/ddim): the DDIM step with η = 0 does not depend on z, and with η &gt; 0 it does.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> T = 250, β linear 1e-4 … 0.02; the ε-network is the exact predictor of data
/// N((0.5, −0.5), diag(0.25, 1)) (<see cref="LinearGaussianOracle"/>, raw integer t); 64 points x_t ~ N(0, I₂) and two
/// independent noise draws z¹, z² ~ N(0, I₂), all from the grading seed; code indices t ∈ {0, 1, T/2, T − 1}.
/// </para>
/// <para>
/// <b>Claims</b> (deterministic; false-fail probability 0):
/// <list type="number">
/// <item><description>η = 0: DdimStep(x_t, t, 0, z¹) = DdimStep(x_t, t, 0, z²) at every tested t, to
/// <see cref="Settings.RelativeTolerance"/> × (1 + |x|) (σ_t(0) = 0, so z must not enter; 0·z adds exactly 0 in
/// floating point, so a correct step is bit-identical).</description></item>
/// <item><description>η = <see cref="Settings.Eta"/> (1) at every tested t ≥ 1 (at t = 0, ᾱ_{t−1} = 1 makes σ_t = 0
/// for any η): ‖out¹ − out²‖ ≥ <see cref="Settings.MinimumDependence"/> × σ_t(η)‖z¹ − z²‖, where a correct step gives
/// exactly σ_t(η)‖z¹ − z²‖ with σ_t(η) = η√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1}) (eq. 16). The bound is
/// loose on purpose (1 %): it separates "η ignored" (0) from any σ formula, whose exact value is the exact check's
/// business.</description></item>
/// </list>
/// </para>
/// <para>
/// <b>Power</b>: η ignored / σ = 0 always (mutant ddim-ignores-eta) fails claim 2 (dependence 0); noise added with
/// σ ≠ 0 at η = 0 (e.g. σ = √(1 − ᾱ_t/ᾱ_{t−1}) without the η factor) fails claim 1 by σ_t‖Δz‖ ≈ 10⁴–10⁶ × the
/// tolerance. A wrong σ formula with the right η dependence (mutant ddim-sigma-beta: ratio √β_t ≈ 0.03–0.14 at the tested
/// t) and the wrong ᾱ (ddim-alpha-mixup, ddim-last-step-alphabar) pass here: the exact check catches them.
/// </para>
/// </remarks>
public sealed class DdimEtaZeroIsDeterministic : ICheck
{
    /// <summary>The check's design parameters.</summary>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="Points">Points x_t per call.</param>
    /// <param name="Eta">The η &gt; 0 of claim 2.</param>
    /// <param name="RelativeTolerance">Claim 1's tolerance relative to 1 + |x|.</param>
    /// <param name="MinimumDependence">Claim 2's lower bound on ‖Δout‖/(σ_t‖Δz‖).</param>
    public sealed record Settings(int Steps = 250, double BetaFirst = 1e-4, double BetaLast = 0.02, int Points = 64, double Eta = 1.0,
        double RelativeTolerance = 1e-6, double MinimumDependence = 0.01)
    {
        /// <summary>μ of the oracle's data law.</summary>
        public IReadOnlyList<double> DataMean { get; init; } = [0.5, -0.5];

        /// <summary>s² of the oracle's data law.</summary>
        public IReadOnlyList<double> DataVariance { get; init; } = [0.25, 1.0];

        /// <summary>The code indices tested; null for {0, 1, T/2, T − 1}.</summary>
        public IReadOnlyList<int>? Timesteps { get; init; }

        /// <summary>The schedule the hand-in is run with.</summary>
        public NoiseSchedule Schedule() => ScheduleTerms.Linear(Steps, BetaFirst, BetaLast);

        /// <summary>The tested code indices.</summary>
        public IReadOnlyList<int> TestedTimesteps() => Timesteps ?? [0, 1, Steps / 2, Steps - 1];
    }

    public DdimEtaZeroIsDeterministic(Settings? settings = null)
    {
        Design = settings ?? new Settings();
        if (!(Design.Eta > 0 && Design.Eta <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), Design.Eta, "η must lie in (0, 1].");
    }

    public Settings Design { get; }

    public string Id => "diffusion.heidelberg.ddim-eta-zero-is-deterministic";

    public string SheetRef => "sheet 000, ex. 1 (d): DDIM (Song et al. 2021) eq. 12 with σ_t(η) from eq. 16; η = 0 is deterministic";

    /// <summary>σ_t(η) of DDIM eq. 16 on the full chain (ᾱ_{t−1} = 1 at t = 0).</summary>
    public static double Sigma(NoiseSchedule schedule, int t, double eta)
    {
        var terms = new ScheduleTerms(schedule);
        var abar = terms.AlphaBar[t];
        var prev = terms.AlphaBarPrevious[t];
        return eta * Math.Sqrt((1 - prev) / (1 - abar)) * Math.Sqrt(1 - abar / prev);
    }

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDdimStep>(context, out var ddim) is { } unresolved) return unresolved;

        var s = Design;
        var d = s.DataMean.Count;
        var schedule = s.Schedule();
        int[] shape = [s.Points, d];
        var xt = torch.randn(shape, context.NewGenerator(1));
        var z1 = torch.randn(shape, context.NewGenerator(2));
        var z2 = torch.randn(shape, context.NewGenerator(3));
        var oracle = new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex);
        var dz = Norm(z1.ToDoubleArray(), z2.ToDoubleArray());

        CheckResult? Call(int t, double eta, Tensor z, out double[] values)
        {
            values = [];
            var what = $"DdimStep(x_t [{s.Points}, {d}], t = {t}, η = {F(eta)}, z, schedule, network)";
            if (call.Run(what, () => ddim.DdimStep(xt.clone(), t, eta, z.clone(), schedule, oracle), out var output) is { } threw) return threw;
            if (call.Tensor(what, output, shape) is { } bad) return bad;
            values = output.contiguous().ToDoubleArray();
            return null;
        }

        var lines = new List<string>();
        foreach (var t in s.TestedTimesteps())
        {
            if (Call(t, 0, z1, out var a) is { } failedFirst) return failedFirst;
            if (Call(t, 0, z2, out var b) is { } failedSecond) return failedSecond;
            var worst = 0.0;
            var at = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var excess = Math.Abs(a[i] - b[i]) / (1 + Math.Abs(a[i]));
                if (excess > worst) { worst = excess; at = i; }
            }

            if (worst > s.RelativeTolerance)
            {
                return CheckResult.Fail(Id,
                    $"With η = 0 the DDIM step at t = {t} changes when only z changes: point {at / d}, coordinate {at % d + 1} is {F(a[at])} for one z and {F(b[at])} for another. σ_t(η = 0) = 0, so the step is deterministic and must not use z.",
                    expected: "the same output for any z when η = 0", seen: $"relative difference {F(worst)} at t = {t}", sheetRef: SheetRef);
            }

            if (t == 0) continue;
            if (Call(t, s.Eta, z1, out var c) is { } failedThird) return failedThird;
            if (Call(t, s.Eta, z2, out var e) is { } failedFourth) return failedFourth;
            var sigma = Sigma(schedule, t, s.Eta);
            var dependence = Norm(c, e) / (sigma * dz);
            lines.Add($"t = {t}: ‖Δout‖/(σ_t‖Δz‖) = {F(dependence)} at η = {F(s.Eta)}");
            if (dependence < s.MinimumDependence)
            {
                return CheckResult.Fail(Id,
                    $"With η = {F(s.Eta)} the DDIM step at t = {t} does not depend on z: changing z changes the output by {F(Norm(c, e))}, where σ_t(η) = {F(sigma)} makes it {F(sigma * dz)}. The step ignores η: σ_t(η) = η·√((1 − ᾱ_{{t−1}})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{{t−1}}) (eq. 16), and σ_t·z is added.",
                    expected: $"‖Δout‖ ≈ σ_t‖Δz‖ = {F(sigma * dz)}", seen: $"‖Δout‖ = {F(Norm(c, e))}", sheetRef: SheetRef);
            }
        }

        return CheckResult.Pass(Id,
            $"With η = 0 the DDIM step ignores z at t ∈ {{{string.Join(", ", s.TestedTimesteps())}}}, and with η > 0 it depends on z ({string.Join("; ", lines)}).",
            SheetRef);
    }

    private static double Norm(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
