using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (d) (task 000/1d/ddim): the deterministic DDIM step the sheet asks for (η = 0) does not depend on z.
/// How the step responds to z when η &gt; 0 (beyond the sheet) is <see cref="DdimNoiseResponse"/>'s claim.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> T = 250, β linear 1e-4 … 0.02; the ε-network is the exact predictor of a Gaussian data law
/// (<see cref="LinearGaussianOracle"/>, raw integer t); 64 points x_t ~ N(0, I₂) and two independent noise draws
/// z¹, z² ~ N(0, I₂), all from the grading seed; code indices t ∈ {0, 1, T/2, T − 1}.
/// </para>
/// <para>
/// <b>Claim</b> (deterministic; false-fail probability 0): DdimStep(x_t, t, 0, z¹) = DdimStep(x_t, t, 0, z²) at every
/// tested t, to <see cref="Settings.RelativeTolerance"/> × (1 + |x|) (σ_t(0) = 0, so z must not enter; 0·z adds exactly
/// 0 in floating point, so a correct step is bit-identical).
/// </para>
/// <para>
/// <b>Power</b>: noise added with σ ≠ 0 at η = 0 (e.g. σ = √(1 − ᾱ_t/ᾱ_{t−1}) without the η factor) fails by
/// σ_t‖Δz‖ ≈ 10⁴–10⁶ × the tolerance. A wrong σ formula or the wrong ᾱ pass here: the exact checks and
/// <see cref="DdimNoiseResponse"/> catch them.
/// </para>
/// </remarks>
public sealed class DdimEtaZeroIsDeterministic : HandinCheck<IDdimStep>
{
    /// <summary>The check's design parameters.</summary>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="Points">Points x_t per call.</param>
    /// <param name="Eta">The η &gt; 0 of <see cref="DdimNoiseResponse"/>.</param>
    /// <param name="RelativeTolerance">Claim 1's tolerance relative to 1 + |x|.</param>
    /// <param name="ResponseTolerance"><see cref="DdimNoiseResponse"/>'s bound on |‖Δout‖/(σ_t‖Δz‖) − 1|.</param>
    public sealed record Settings(int Steps = 250, double BetaFirst = 1e-4, double BetaLast = 0.02, int Points = 64, double Eta = 1.0,
        double RelativeTolerance = 1e-6, double ResponseTolerance = 0.05) : OracleDesign(Steps, BetaFirst, BetaLast)
    {
        /// <summary>The code indices tested; null for {0, 1, T/2, T − 1}.</summary>
        public IReadOnlyList<int>? Timesteps { get; init; }

        /// <summary>The tested code indices.</summary>
        public IReadOnlyList<int> TestedTimesteps() => Timesteps ?? [0, 1, Steps / 2, Steps - 1];
    }

    public DdimEtaZeroIsDeterministic(Settings? settings = null)
        : base("diffusion.heidelberg.ddim-eta-zero-is-deterministic")
    {
        Design = settings ?? new Settings();
        if (!(Design.Eta > 0 && Design.Eta <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), Design.Eta, "η must lie in (0, 1].");
    }

    public Settings Design { get; }

    /// <summary>σ_t(η) of DDIM eq. 16 on the full chain (ᾱ_{t−1} = 1 at t = 0).</summary>
    public static double Sigma(NoiseSchedule schedule, int t, double eta)
    {
        var terms = new ScheduleTerms(schedule);
        var abar = terms.AlphaBar[t];
        var prev = terms.AlphaBarPrevious[t];
        return eta * Math.Sqrt((1 - prev) / (1 - abar)) * Math.Sqrt(1 - abar / prev);
    }

    /// <summary>
    /// One run's draws, shared with <see cref="DdimNoiseResponse"/>: the settings' schedule, x_t and two noises z of shape
    /// [Points, d] from the run's seed, and the oracle network of the settings' Gaussian data law.
    /// </summary>
    internal sealed record EtaStepDraws(NoiseSchedule Schedule, int[] Shape, Tensor Xt, Tensor Z1, Tensor Z2, LinearGaussianOracle Oracle)
    {
        public static EtaStepDraws For(Settings s, CheckContext context)
        {
            ArgumentNullException.ThrowIfNull(s);
            ArgumentNullException.ThrowIfNull(context);
            var schedule = s.Schedule();
            int[] shape = [s.Points, s.DataMean.Count];
            return new EtaStepDraws(schedule, shape, torch.randn(shape, context.NewGenerator(1)), torch.randn(shape, context.NewGenerator(2)),
                torch.randn(shape, context.NewGenerator(3)), new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex));
        }
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IDdimStep ddim)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var (schedule, shape, xt, z1, z2, oracle) = EtaStepDraws.For(s, context);

        CheckResult? Call(int t, double eta, Tensor z, out double[] values)
        {
            values = [];
            var what = $"DdimStep(x_t [N, d], t, η = {F(eta)}, z, schedule, network) at {StepName.Of(t, schedule.T)}";
            var tutor = $"{s.Points} points of dimension {d}, T = {schedule.T}, t = {t}";
            if (call.Run(what, () => ddim.DdimStep(xt.clone(), t, eta, z.clone(), schedule, oracle), out var output) is { } threw) return threw.WithTutorDetail(tutor);
            if (call.Tensor(what, output, shape, "x_{t−1} has the shape of x_t") is { } bad) return bad.WithTutorDetail(tutor);
            values = output.contiguous().ToDoubleArray();
            return null;
        }

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
                    $"With η = 0 the DDIM step at {StepName.Of(t, schedule.T)} changes when only z changes: point {at / d}, coordinate {at % d + 1} is {F(a[at])} for one z and {F(b[at])} for another. σ_t(η = 0) = 0, so the step is deterministic and must not use z.",
                    expected: "the same output for any z when η = 0", seen: $"relative difference {F(worst)} at {StepName.Of(t, schedule.T)}", sheetRef: SheetRef) with
                {
                    TutorDetail = $"{s.Points} points of dimension {d}, T = {schedule.T}, t = {t}",
                };
            }
        }

        return CheckResult.Pass(Id,
            "With η = 0 the DDIM step ignores z at every tested step: the deterministic sampler.",
            SheetRef);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
