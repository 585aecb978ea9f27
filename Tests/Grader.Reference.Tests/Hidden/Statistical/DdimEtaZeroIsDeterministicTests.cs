using Grader.Checks.Hidden.Diffusion.Statistical;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class DdimEtaZeroIsDeterministicTests
{
    private static readonly DdimEtaZeroIsDeterministic Check = new();

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
