using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// The law of y = (x − shift)·scale, per dimension, for x ~ <see cref="Base"/>. By the change of variables,
/// log p_Y(y) = log p_X(y/scale + shift) − Σ_d ln|scale_d|. With shift ½ and scale 2 this is the DTU map to [−1, 1]
/// (Jacobian term −d·ln 2).
/// </summary>
public sealed class AffineTransformedDistribution(IToyDistribution baseDistribution, double[] shift, double[] scale) : IToyDistribution
{
    public IToyDistribution Base { get; } = baseDistribution.Dim == shift.Length && shift.Length == scale.Length && scale.All(s => s != 0)
        ? baseDistribution
        : throw new ArgumentException("AffineTransformedDistribution: shift and scale need one non-zero entry per dimension");

    public double[] Shift { get; } = (double[])shift.Clone();
    public double[] Scale { get; } = (double[])scale.Clone();

    public int Dim => Base.Dim;

    /// <summary>−Σ_d ln|scale_d|, the term added to the base log-density.</summary>
    public double LogDensityShift => -Scale.Sum(s => Math.Log(Math.Abs(s)));

    public Tensor Forward(Tensor x) => (x - tensor(Shift)) * tensor(Scale);

    public Tensor Inverse(Tensor y) => y / tensor(Scale) + tensor(Shift);

    public Tensor Sample(int n, Generator generator) => Forward(Base.Sample(n, generator));

    public Tensor LogProb(Tensor y) => Base.LogProb(Inverse(y)) + (float)LogDensityShift;
}
