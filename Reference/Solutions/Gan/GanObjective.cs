using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Gan;

/// <summary>
/// TUM exam 2023, problem 3: the GAN objective for π = ½, V(D) = ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)], on a grid by the
/// midpoint rule, in double, and its maximiser (problem 3 (b)): D*(x) = p*(x)/(p*(x) + p_θ(x)), the sample solution's
/// "general form of the optimal discriminator"; where both densities are 0 no D changes V, and the reference returns ½.
/// A cell where a density is 0 adds nothing to its expectation. At D = D* (the maximiser)
/// V(D*) = JSD(p*, p_θ) − ln 2 exactly when both densities have grid mass 1 (sample solution eqs. 3.3–3.7); on a grid
/// with masses m*, m_θ it is JSD − ½(m* + m_θ)·ln 2.
/// </summary>
public static class GanObjective
{
    /// <summary>V(D) = Σ ΔV·[½ p* log D + ½ p_θ log(1 − D)]; −∞ when D = 0 where p* &gt; 0 or D = 1 where p_θ &gt; 0.</summary>
    public static double Value(double[] discriminator, double[] dataDensity, double[] modelDensity, double cellVolume)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        DensityValues.Require(dataDensity, nameof(dataDensity));
        DensityValues.Require(modelDensity, nameof(modelDensity));
        DensityValues.RequireSameLength(dataDensity, modelDensity, nameof(modelDensity));
        DensityValues.RequireSameLength(dataDensity, discriminator, nameof(discriminator));
        DensityValues.RequireCellVolume(cellVolume);
        double sum = 0;
        for (int i = 0; i < discriminator.Length; i++)
        {
            var d = discriminator[i];
            if (!(d >= 0 && d <= 1)) throw new ArgumentException($"discriminator[{i}] = {d}: D must lie in [0, 1].", nameof(discriminator));
            sum += 0.5 * (PLogD(dataDensity[i], d) + PLogD(modelDensity[i], 1 - d));
        }
        return sum * cellVolume;
    }

    /// <summary>
    /// V(D*) = Σ ΔV·[½ p* log(p*/(p* + p_θ)) + ½ p_θ log(p_θ/(p* + p_θ))], D* = p*/(p* + p_θ) plugged in with its
    /// logarithms taken as log-ratios, so a cell where one density is 10⁻¹⁶ times the other is not rounded to log 0.
    /// </summary>
    public static double AtOptimum(double[] dataDensity, double[] modelDensity, double cellVolume)
    {
        DensityValues.Require(dataDensity, nameof(dataDensity));
        DensityValues.Require(modelDensity, nameof(modelDensity));
        DensityValues.RequireSameLength(dataDensity, modelDensity, nameof(modelDensity));
        DensityValues.RequireCellVolume(cellVolume);
        double sum = 0;
        for (int i = 0; i < dataDensity.Length; i++)
        {
            var total = dataDensity[i] + modelDensity[i];
            sum += 0.5 * (JensenShannon.PLogPOverM(dataDensity[i], total) + JensenShannon.PLogPOverM(modelDensity[i], total));
        }
        return sum * cellVolume;
    }

    /// <summary>p·ln D: 0 where p = 0, −∞ where p &gt; 0 = D.</summary>
    private static double PLogD(double p, double d) => p == 0 ? 0 : d == 0 ? double.NegativeInfinity : p * Math.Log(d);

    /// <summary>D* from the two densities at the same points (any shape, values ≥ 0).</summary>
    public static Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity)
    {
        DensityValues.Require(dataDensity, nameof(dataDensity));
        DensityValues.Require(modelDensity, nameof(modelDensity));
        DensityValues.RequireSameShape(dataDensity, modelDensity, nameof(modelDensity));
        var total = dataDensity + modelDensity;
        var positive = total.gt(0f);
        return where(positive, dataDensity / where(positive, total, ones_like(total)), full_like(total, 0.5f));
    }

    /// <summary>D* in double.</summary>
    public static double[] OptimalDiscriminator(double[] dataDensity, double[] modelDensity)
    {
        DensityValues.Require(dataDensity, nameof(dataDensity));
        DensityValues.Require(modelDensity, nameof(modelDensity));
        DensityValues.RequireSameLength(dataDensity, modelDensity, nameof(modelDensity));
        var d = new double[dataDensity.Length];
        for (int i = 0; i < d.Length; i++)
        {
            var total = dataDensity[i] + modelDensity[i];
            d[i] = total > 0 ? dataDensity[i] / total : 0.5;
        }
        return d;
    }
}
