using System.Globalization;

namespace Grader.Tensors.Tests.Support;

/// <summary>A generated tensor: its shape and its values in row-major order. Printed in full when a property fails.</summary>
public sealed record TensorCase(int[] Shape, float[] Values)
{
    /// <summary>A fresh leaf with these values (rank 0 stays rank 0).</summary>
    public Tensor ToTensor() => TensorGen.Leaf(Values, Shape);

    public override string ToString() =>
        "[" + string.Join(", ", Shape) + "] {" + string.Join(", ", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "}";
}

/// <summary>
/// FsCheck generators for the engine's tests, composed from <see cref="Gen"/> (never the default double arbitrary,
/// which emits NaN and ∞). Values are drawn on a fine grid inside a bounded domain, so each generator says exactly
/// where it samples: away from kinks for abs/relu/clamp/max, positive for log/sqrt/fractional powers.
/// </summary>
public static class TensorGen
{
    /// <summary>A leaf of the given shape holding a copy of <paramref name="values"/>; an empty shape gives a 0-d tensor.</summary>
    public static Tensor Leaf(float[] values, int[] shape) => Tensor.FromArray((float[])values.Clone(), (int[])shape.Clone());

    /// <summary>Shapes of rank <paramref name="minRank"/>..<paramref name="maxRank"/> with every dim in 1..<paramref name="maxDim"/>.</summary>
    public static Gen<int[]> Shape(int minRank = 0, int maxRank = 4, int maxDim = 4) =>
        from rank in Gen.Choose(minRank, maxRank)
        from dims in Gen.Choose(1, maxDim).ArrayOf(rank)
        select dims;

    /// <summary>Uniform on [lo, hi] on a grid of 2²⁰ steps (float32-exact grid points).</summary>
    public static Gen<float> Uniform(double lo, double hi) =>
        Gen.Choose(0, 1 << 20).Select(i => (float)(lo + (hi - lo) * i / (1 << 20)));

    /// <summary>Values with lo ≤ |x| ≤ hi and a random sign: keeps a margin of lo around a kink at 0.</summary>
    public static Gen<float> AwayFromZero(double lo, double hi) =>
        from m in Uniform(lo, hi)
        from negative in Gen.Elements(false, true)
        select negative ? -m : m;

    /// <summary>Values in [lo, hi] at least <paramref name="margin"/> away from each point in <paramref name="kinks"/>.</summary>
    public static Gen<float> AwayFrom(double lo, double hi, double margin, params double[] kinks) =>
        Uniform(lo, hi).Where(x => kinks.All(k => Math.Abs(x - k) >= margin));

    public static Gen<TensorCase> Of(Gen<int[]> shape, Gen<float> value) =>
        from s in shape
        from v in value.ArrayOf(ShapeUtil.Numel(s))
        select new TensorCase(s, v);

    public static Gen<TensorCase> Of(int[] shape, Gen<float> value) => Of(Gen.Constant(shape), value);

    /// <summary>
    /// Pairwise distinct values: a random subset of the grid −2, −1.95, …, 2 (81 points, spacing 0.05), shuffled.
    /// GradCheck perturbs by at most h = 0.02 here, so no perturbation reorders two elements and max/argmax are
    /// smooth in the whole finite-difference window. At most 81 elements.
    /// </summary>
    public static Gen<TensorCase> Distinct(Gen<int[]> shape) =>
        from s in shape.Where(s => ShapeUtil.Numel(s) <= 81)
        from grid in Gen.Shuffle(Enumerable.Range(-40, 81).ToArray())
        select new TensorCase(s, grid.Take(ShapeUtil.Numel(s)).Select(i => (float)(i * 0.05)).ToArray());

    /// <summary>
    /// Two shapes that broadcast: start from an output shape, drop some leading dims of each operand and turn some of
    /// the remaining dims into 1.
    /// </summary>
    public static Gen<(int[] A, int[] B)> BroadcastPair(int maxRank = 4, int maxDim = 4) =>
        from outShape in Shape(0, maxRank, maxDim)
        from a in Operand(outShape)
        from b in Operand(outShape)
        select (a, b);

    private static Gen<int[]> Operand(int[] outShape) =>
        from drop in Gen.Choose(0, outShape.Length)
        from ones in Gen.Elements(false, false, true).ArrayOf(outShape.Length)
        select outShape.Skip(drop).Select((d, i) => ones[i + drop] ? 1 : d).ToArray();

    /// <summary>
    /// Two shapes that do not broadcast: some aligned dim has sizes that differ and are both larger than 1.
    /// </summary>
    public static Gen<(int[] A, int[] B)> IncompatiblePair() =>
        from a in Shape(1, 4, 4).Select(s => s.Select(d => d + 1).ToArray())   // dims 2..5
        from drop in Gen.Choose(0, a.Length - 1)
        from at in Gen.Choose(drop, a.Length - 1)
        from delta in Gen.Choose(1, 3)
        select (a, a.Skip(drop).Select((d, i) => i + drop == at ? 2 + (d - 2 + delta) % 4 : d).ToArray());

    /// <summary>Values of a case pair on two disjoint grids (odd and even multiples of 0.1 in [−2, 2]): |a − b| ≥ 0.1 everywhere.</summary>
    public static Gen<float> OddTenths => Gen.Choose(-10, 9).Select(i => (float)((2 * i + 1) * 0.1));
    public static Gen<float> EvenTenths => Gen.Choose(-10, 10).Select(i => (float)(2 * i * 0.1));
}
