using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (d), beyond the sheet (a lightly weighted extension: the sheet asks for the deterministic DDIM):
/// with η &gt; 0 the DDIM step responds to its noise exactly as σ_t(η)·z, neither less nor more.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b>: that of <see cref="DdimEtaZeroIsDeterministic"/> (its <see cref="DdimEtaZeroIsDeterministic.Settings"/>),
/// η = <see cref="DdimEtaZeroIsDeterministic.Settings.Eta"/>, at the tested t ≥ 1 (at t = 0, ᾱ_{−1} = 1 makes σ_0 = 0 for
/// any η).
/// </para>
/// <para>
/// <b>Claim</b> (two-sided, deterministic): r = ‖out¹ − out²‖/(σ_t(η)‖z¹ − z²‖) lies within 1 ± <c>ResponseTolerance</c>
/// (0.05). The step is affine in z, so out¹ − out² = σ_t(η)(z¹ − z²) exactly for the sheet's formula and r = 1 up to
/// rounding. <b>False-fail rate 0</b>: the largest float32 error of σ_t(η) is at t = 1, where 1 − ᾱ₀ = β₀ and
/// 1 − ᾱ₁/ᾱ₀ = β₁ are computed by cancellation with relative error ≤ 2u/β each (≈ 1.2e-3 for β = 1e-4), so |r − 1| ≤
/// 3e-3 for any float32 implementation of eq. 16, a 15× margin; the rounding of out¹ − out² adds ≤ 2u·|x|/(σ_t|Δz|) ≈ 1e-5.
/// </para>
/// <para>
/// <b>Power</b> (measured on the mutants at t = 1): η ignored (r = 0, mutant ddim-ignores-eta); σ without its last
/// square root, η·√ratio·(1 − ᾱ_t/ᾱ_{t−1}) (r = 1/74.6, mutant ddim-sigma-beta); DDIM's α read as DDPM's α = 1 − β
/// (r = 1/1.20, mutant ddim-alpha-mixup); a response a hundred times too large (r = 100), which the one-sided bound
/// this check replaces (r ≥ 0.01) let pass; a response 10 % too weak (r = 0.9; tests).
/// </para>
/// </remarks>
public sealed class DdimNoiseResponse(DdimEtaZeroIsDeterministic.Settings? settings = null) : HandinCheck<IDdimStep>(
    "diffusion.heidelberg.ddim-noise-response")
{
    public DdimEtaZeroIsDeterministic.Settings Design { get; } = settings ?? new DdimEtaZeroIsDeterministic.Settings();

    protected override CheckResult Check(CheckContext context, HandinCall call, IDdimStep ddim)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var (schedule, shape, xt, z1, z2, oracle) = DdimEtaZeroIsDeterministic.EtaStepDraws.For(s, context);
        var dz = Norm(z1.ToDoubleArray(), z2.ToDoubleArray());

        CheckResult? Call(int t, Tensor z, out double[] values)
        {
            values = [];
            var what = $"DdimStep(x_t, t, η = {F(s.Eta)}, z, schedule, network) at {StepName.Of(t, schedule.T)}";
            var tutor = $"{s.Points} points, T = {schedule.T}, t = {t}";
            if (call.Run(what, () => ddim.DdimStep(xt.clone(), t, s.Eta, z.clone(), schedule, oracle), out var output) is { } threw) return threw.WithTutorDetail(tutor);
            if (call.Tensor(what, output, shape, "x_{t−1} has the shape of x_t") is { } bad) return bad.WithTutorDetail(tutor);
            values = output.contiguous().ToDoubleArray();
            return null;
        }

        foreach (var t in s.TestedTimesteps().Where(t => t > 0))
        {
            if (Call(t, z1, out var a) is { } failedFirst) return failedFirst;
            if (Call(t, z2, out var b) is { } failedSecond) return failedSecond;
            var sigma = DdimEtaZeroIsDeterministic.Sigma(schedule, t, s.Eta);
            var response = Norm(a, b) / (sigma * dz);
            if (Math.Abs(response - 1) <= s.ResponseTolerance) continue;
            var how = response == 0
                ? "does not depend on z at all: the step ignores η; σ_t(η) = η·√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1}) (eq. 16) and σ_t·z is added"
                : response < 1
                    ? $"responds to z {F(1 / response)} times too weakly: the noise term is σ_t(η)·z with σ_t(η) = η·√((1 − ᾱ_{{t−1}})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{{t−1}}) (eq. 16)"
                    : $"responds to z {F(response)} times too strongly: the noise term is σ_t(η)·z with σ_t(η) = η·√((1 − ᾱ_{{t−1}})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{{t−1}}) (eq. 16)";
            return call.Fail(
                $"With η = {F(s.Eta)} the DDIM step at {StepName.Of(t, schedule.T)} {how}. Changing only z changes the output {F(response)} times as much as σ_t(η)·z does. Re-read {SheetRef}.",
                expected: "‖Δout‖ / σ_t‖Δz‖ = 1", seen: $"‖Δout‖ / σ_t‖Δz‖ = {F(response)}") with
            {
                TutorDetail = $"{s.Points} points, T = {schedule.T}, t = {t}: ‖Δout‖ = {F(Norm(a, b))}, σ_t‖Δz‖ = {F(sigma * dz)}",
            };
        }

        return CheckResult.Pass(Id, $"With η = {F(s.Eta)} the DDIM step responds to its noise as σ_t(η)·z at every tested step.", SheetRef);
    }

    private static double Norm(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
