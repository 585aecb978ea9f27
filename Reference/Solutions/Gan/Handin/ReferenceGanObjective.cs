using Grader.Contracts.Gan;
using Grader.Tensors;

namespace Grader.Reference.Gan.Handin;

/// <summary>The reference as a hand-in of TUM P3, the GAN objective on a grid: <see cref="GanObjective.Value"/> and <see cref="GanObjective.AtOptimum"/> in double.</summary>
public sealed class ReferenceGanObjective : IGanObjective
{
    public double Value(Tensor discriminator, Tensor dataDensity, Tensor modelDensity, double cellVolume)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(dataDensity);
        ArgumentNullException.ThrowIfNull(modelDensity);
        if (!discriminator.shape.SequenceEqual(dataDensity.shape) || !modelDensity.shape.SequenceEqual(dataDensity.shape))
            throw new ArgumentException("The discriminator and both densities must have the same shape.");
        return GanObjective.Value(discriminator.ToDoubleArray(), dataDensity.ToDoubleArray(), modelDensity.ToDoubleArray(), cellVolume);
    }

    public double ValueAtOptimum(Tensor dataDensity, Tensor modelDensity, double cellVolume)
    {
        ArgumentNullException.ThrowIfNull(dataDensity);
        ArgumentNullException.ThrowIfNull(modelDensity);
        if (!modelDensity.shape.SequenceEqual(dataDensity.shape))
            throw new ArgumentException("Both densities must have the same shape.");
        return GanObjective.AtOptimum(dataDensity.ToDoubleArray(), modelDensity.ToDoubleArray(), cellVolume);
    }
}
