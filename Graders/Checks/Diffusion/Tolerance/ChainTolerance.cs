namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// The tolerance of a whole reverse chain (a sampler's samples, a trajectory's rows). A rigorous first-order bound
/// over T steps — every step's float32 error bound (<see cref="StepBounds"/>) propagated with aligned signs — is
/// 100–1000× wider than the bugs it must catch, because it charges every step with the worst form's coefficient error
/// and every later step with the worst amplification. So the propagated part is measured instead: the snapshot stores
/// the <b>spread</b>, the largest deviation from the reference of four float32 implementations of the sheet's own
/// formulas run on the same inputs (Algorithm 2's ε form and the posterior-mean form of the notebook, each once with a
/// float32 schedule — ᾱ a float32 running product, as torch computes it — and once with double coefficients cast to
/// float32). The largest share of it is real and known: the posterior form with a float32 schedule computes 1 − ᾱ_t
/// near t = 0 with relative error ≈ u/β₀ ≈ 6e-4, which scales the last steps' means. The tolerance is four times the
/// spread, plus (where the previous state is known) twice the derived error bound of the step itself, plus 4u·|x|.
/// </summary>
public static class ChainTolerance
{
    public const double SpreadFactor = 4;

    /// <param name="spread">The measured spread of the row.</param>
    /// <param name="localBound">The derived float32 bound of the step that produced the element (0 when unknown).</param>
    /// <param name="expected">The reference's value.</param>
    public static double Of(double spread, double localBound, double expected) =>
        SpreadFactor * spread + 2 * localBound + 4 * Float32Bound.U * Math.Abs(expected);
}
