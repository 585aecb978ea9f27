using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class DdimStepMatchesReferenceTests
{
    private static readonly DdimStepMatchesReference Check = new();

    /// <summary>The snapshot's steps with η &gt; 0: beyond the sheet, a lightly weighted extension of 1 (d).</summary>
    private static readonly DdimStepMatchesReference WithNoise = new(withNoise: true);

    [TestCase(false)]
    [TestCase(true)]
    public void PassesEquation12InDoubleAndInFloat32(bool float32) =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.None, float32)).ShouldPass();

    [Test]
    public void IgnoringEtaIsNamed() =>
        DiffusionCheckHarness.Run(WithNoise, new FormulaDdimStep(DdimBug.EtaIgnored))
            .ShouldFailInOrder("differs from the reference at t = 1, η = 0.5", "expected", "seen", "deterministic step (η = 0) for every η", "Smallest counterexample: t = 1, η = 0.5", "Re-read ex. 1 (d)");

    [Test]
    public void TheAlphaMixUpIsNamed() =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.AlphaForAlphaBar)).ShouldFailWith("DDIM's α_t means DDPM's cumulative ᾱ_t");

    [Test]
    public void TheMissingSquareRootInSigmaIsNamed() =>
        DiffusionCheckHarness.Run(WithNoise, new FormulaDdimStep(DdimBug.SigmaWithoutSquareRoot)).ShouldFailWith("the last factor is a square root");

    [Test]
    public void The_deterministic_step_is_all_the_sheet_asks_so_ignoring_eta_passes_it() =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.EtaIgnored)).ShouldPass();

    [TestCase(false)]
    [TestCase(true)]
    public void The_steps_with_noise_pass_equation_12(bool float32) =>
        DiffusionCheckHarness.Run(WithNoise, new FormulaDdimStep(DdimBug.None, float32)).ShouldPass();

    [Test]
    public void TheLastStepWithoutAlphaBarOneIsNamed() =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.LastStepAlphaBar)).ShouldFailWith("ᾱ_{−1} = ᾱ₀ at the last step", "t = 0");

    /// <summary>Output-equal to ᾱ_{−1} = ᾱ₀ at η = 0, but what the hand-in did is named: it skipped the step.</summary>
    [Test]
    public void AStepSkippedAtTZeroIsNamedBeforeTheVariantItEquals() =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.SkipsLastStep))
            .ShouldFailInOrder("differs from the reference at t = 0", "At t = 0 your step never evaluated the network or returned x_t unchanged: the last DDIM step", "Smallest counterexample");

    [Test]
    public void NaNFailsWithItsIndex() =>
        DiffusionCheckHarness.Run(Check, new FormulaDdimStep(DdimBug.NaNAtLastStep)).ShouldFailWith("returned NaN at index [0, 0]", "t = 0");
}

internal enum DdimBug { None, EtaIgnored, AlphaForAlphaBar, SigmaWithoutSquareRoot, LastStepAlphaBar, NaNAtLastStep, SkipsLastStep }

/// <summary>Heidelberg 1 (d): a DDIM step written from Song et al. eqs. (12) and (16), with at most one bug.</summary>
internal sealed class FormulaDdimStep(DdimBug bug, bool float32 = false) : IDdimStep
{
    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        if (bug == DdimBug.SkipsLastStep && t == 0) return xt;
        using var _ = no_grad();
        var s = new FormulaSchedule(schedule, float32);
        var n = xt.size(0);
        var epsilonHat = network.Forward(xt, full([n], t));
        if (bug == DdimBug.EtaIgnored) eta = 0;
        double abar = s.AlphaBar[t], previous = s.Previous(t);
        if (bug == DdimBug.AlphaForAlphaBar) (abar, previous) = (s.Alpha[t], t > 0 ? s.Alpha[t - 1] : 1);
        if (bug == DdimBug.LastStepAlphaBar && t == 0) previous = s.AlphaBar[0];
        var x0 = (xt - epsilonHat * (float)s.Sqrt(s.R(1 - abar))) / (float)s.Sqrt(abar);
        var ratio = s.Sqrt(s.R(s.R(1 - previous) / s.R(1 - abar)));
        var last = bug == DdimBug.SigmaWithoutSquareRoot ? s.R(1 - s.R(abar / previous)) : s.Sqrt(Math.Max(0, s.R(1 - s.R(abar / previous))));
        var sigma = s.R(s.R(eta * ratio) * last);
        var direction = s.Sqrt(Math.Max(0, s.R(s.R(1 - previous) - s.R(sigma * sigma))));
        var next = x0 * (float)s.Sqrt(previous) + epsilonHat * (float)direction;
        if (sigma > 0) next = next + z * (float)sigma;
        if (bug == DdimBug.NaNAtLastStep && t == 0) next = next / zeros_like(next) * zeros_like(next);
        return next;
    }
}
