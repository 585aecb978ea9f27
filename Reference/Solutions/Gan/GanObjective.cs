namespace Grader.Reference.Gan;

/// <summary>
/// TUM exam 2023, problem 3: the GAN objective for π = ½, V(D) = ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)], on a grid by the
/// midpoint rule, in double. A cell where a density is 0 adds nothing to its expectation. At D = D* (the maximiser)
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
}
