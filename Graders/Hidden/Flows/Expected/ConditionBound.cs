namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// A tolerance for a float32 evaluation of a smooth map of a few inputs, from its conditioning: an evaluation whose every
/// step is backward stable perturbs each input and the result by at most K·u relatively, so its error is at most
/// K·u·(Σ_k |∂f/∂x_k|·|x_k| + |f|) to first order. K = 64 covers the sheet's formulas and their common rewritings (η
/// as asinh(pz/pT) or ½·ln((|p| + pz)/(|p| − pz)), whose cancellation costs up to ≈ 40u at |η| = 2.5): no feature or event
/// entry takes more than a dozen operations of at most 4u each. The derivatives are central differences in double at a
/// relative step of 10⁻⁹ (their own error is far below the factor of safety).
/// </summary>
public static class ConditionBound
{
    /// <summary>The K of the type's summary.</summary>
    public const double K = 64;

    /// <summary>Per output of <paramref name="f"/> at <paramref name="inputs"/>: K·u·(Σ_k |∂f_i/∂x_k|·|x_k| + |f_i|).</summary>
    public static double[] Of(Func<double[], double[]> f, double[] inputs, double u = 5.9604644775390625e-8)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        var value = f(inputs);
        var bound = value.Select(v => K * u * Math.Abs(v)).ToArray();
        for (int k = 0; k < inputs.Length; k++)
        {
            double h = 1e-9 * (Math.Abs(inputs[k]) + 1e-6);
            var plus = (double[])inputs.Clone();
            var minus = (double[])inputs.Clone();
            plus[k] += h;
            minus[k] -= h;
            var fp = f(plus);
            var fm = f(minus);
            for (int i = 0; i < value.Length; i++)
            {
                double derivative = (fp[i] - fm[i]) / (plus[k] - minus[k]);
                bound[i] += K * u * Math.Abs(derivative) * Math.Abs(inputs[k]);
            }
        }
        return bound;
    }
}
