using Grader.Checks.Hidden.Diffusion.Statistical;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class DdimEtaZeroIsDeterministicTests
{
    private static readonly DdimEtaZeroIsDeterministic Check = new();

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void The_correct_step_passes(ulong seed)
    {
        var result = FormulaHandins.Passes(Check, new FormulaDdim(), seed);
        result.Message.Should().Be("With η = 0 the DDIM step ignores z at every tested step: the deterministic sampler.");
    }

    [Test]
    public void A_step_that_ignores_eta_passes_it_is_what_the_sheet_asks_for()
    {
        FormulaHandins.Passes(Check, new FormulaDdim(DdimBug.IgnoresEta), 3);
    }

    [Test]
    public void A_step_with_noise_at_eta_zero_fails()
    {
        var result = FormulaHandins.Fails(Check, new FormulaDdim(DdimBug.NoiseWithoutEta), 3);
        result.Message.Should().StartWith("With η = 0 the DDIM step at t = 1 changes when only z changes: point ").And.Contain("must not use z");
    }
}
