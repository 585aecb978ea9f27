using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Gan;

/// <summary>
/// TUM exam 2023, problem 3 (b): the discriminator that maximises ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)] pointwise,
/// D*(x) = p*(x)/(p*(x) + p_θ(x)) (the sample solution's "general form of the optimal discriminator"). Where both
/// densities are 0 no D changes the objective; the reference returns ½ there.
/// </summary>
public static class OptimalDiscriminator
{
    /// <summary>D* from the two densities at the same points (any shape, values ≥ 0).</summary>
    public static Tensor Of(Tensor dataDensity, Tensor modelDensity)
    {
        DensityValues.Require(dataDensity, nameof(dataDensity));
        DensityValues.Require(modelDensity, nameof(modelDensity));
        DensityValues.RequireSameShape(dataDensity, modelDensity, nameof(modelDensity));
        var total = dataDensity + modelDensity;
        var positive = total.gt(0f);
        return where(positive, dataDensity / where(positive, total, ones_like(total)), full_like(total, 0.5f));
    }

    /// <summary>D* in double.</summary>
    public static double[] Of(double[] dataDensity, double[] modelDensity)
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
