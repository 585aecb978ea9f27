using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class DdimStepMatchesReferenceTests
{
    private static readonly DdimStepMatchesReference Check = new();

    /// <summary>The snapshot's steps with η &gt; 0: beyond the sheet, a lightly weighted extension of 1 (d).</summary>
    private static readonly DdimStepMatchesReference WithNoise = new(withNoise: true);

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(DdimBug.AlphaForAlphaBar, false, "DDIM's α_t means DDPM's cumulative ᾱ_t", TestName = "TheAlphaMixUpIsNamed")]
    [TestCase(DdimBug.SigmaWithoutSquareRoot, true, "the last factor is a square root", TestName = "TheMissingSquareRootInSigmaIsNamed")]
    [TestCase(DdimBug.LastStepAlphaBar, false, "ᾱ_{−1} = ᾱ₀ at the last step", "t = 0", TestName = "TheLastStepWithoutAlphaBarOneIsNamed")]
    [TestCase(DdimBug.NaNAtLastStep, false, "returned NaN at index [0, 0]", "t = 0", TestName = "NaNFailsWithItsIndex")]
    public void ABugFailsNamingIt(DdimBug bug, bool withNoise, params string[] parts) =>
        DiffusionCheckHarness.Run(withNoise ? WithNoise : Check, new FormulaDdimStep(bug)).ShouldFailWith(parts);
}

public enum DdimBug { None, EtaIgnored, AlphaForAlphaBar, SigmaWithoutSquareRoot, LastStepAlphaBar, NaNAtLastStep, SkipsLastStep }

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
