using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden.Statistical;

/// <summary>
/// <see cref="DdimNoiseResponse"/>: two-sided. The sheet's step passes; η ignored (response 0), a response a hundred
/// times too large, and σ without its last square root fail, each with the direction named.
/// </summary>
public sealed class DdimNoiseResponseTests
{
    private static readonly DdimNoiseResponse Check = new();

    [Test]
    public void A_step_that_ignores_eta_fails()
    {
        var result = FormulaHandins.Fails(Check, new FormulaDdim(DdimBug.IgnoresEta), 3);
        result.Message.Should().StartWith("With η = 1 the DDIM step at t = 1 does not depend on z at all: the step ignores η");
    }

    [Test]
    public void A_response_a_hundred_times_too_large_fails()
    {
        var result = FormulaHandins.Fails(Check, new ScaledNoise(new FormulaDdim(), 100), 3);
        result.Message.Should().StartWith("With η = 1 the DDIM step at t = 1 responds to z 100 times too strongly");
    }

    [Test]
    public void A_response_a_tenth_too_small_fails()
    {
        var result = FormulaHandins.Fails(Check, new ScaledNoise(new FormulaDdim(), 0.9), 3);
        result.Message.Should().StartWith("With η = 1 the DDIM step at t = 1 responds to z 1.111 times too weakly");
    }

    /// <summary>The sheet's step with its noise term scaled by <paramref name="factor"/> (the step is affine in z: step(z) + (factor − 1)·(step(z) − step(0))).</summary>
    private sealed class ScaledNoise(IDdimStep inner, double factor) : IDdimStep
    {
        public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            var withNoise = inner.DdimStep(xt, t, eta, z, schedule, network);
            var without = inner.DdimStep(xt, t, eta, torch.zeros(z.shape), schedule, network);
            return without + (withNoise - without) * (float)factor;
        }
    }
}
