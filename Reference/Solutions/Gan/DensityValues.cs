using Grader.Tensors;

namespace Grader.Reference.Gan;

/// <summary>Validation of density values given to the GAN reference: finite, ≥ 0, matching shapes.</summary>
internal static class DensityValues
{
    public static void Require(Tensor density, string name)
    {
        ArgumentNullException.ThrowIfNull(density, name);
        Require(density.ToDoubleArray(), name);
    }

    public static void Require(double[] density, string name)
    {
        ArgumentNullException.ThrowIfNull(density, name);
        for (int i = 0; i < density.Length; i++)
            if (!(density[i] >= 0) || !double.IsFinite(density[i]))
                throw new ArgumentException($"{name}[{i}] = {density[i]}: a density value must be finite and ≥ 0.", name);
    }

    public static void RequireSameShape(Tensor a, Tensor b, string name)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"{name} has shape [{string.Join(", ", b.shape)}], the other density [{string.Join(", ", a.shape)}]; they must match.", name);
    }

    public static void RequireSameLength(double[] a, double[] b, string name)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"{name} has {b.Length} values, the other density {a.Length}; they must match.", name);
    }

    public static void RequireCellVolume(double cellVolume)
    {
        if (!(cellVolume > 0) || !double.IsFinite(cellVolume))
            throw new ArgumentOutOfRangeException(nameof(cellVolume), cellVolume, "The cell volume must be finite and > 0.");
    }
}
