using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>The notebooks' prior p(x₀) = N(0, 1): <c>gaussian_log_pdf</c>, log p(x) = −½ ln 2π − ½x².</summary>
public static class StandardNormal
{
    /// <summary>½ ln 2π.</summary>
    public static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log N(x; 0, 1), elementwise.</summary>
    public static Tensor LogProb(Tensor x) => x.pow(2) * -0.5f - (float)HalfLog2Pi;

    /// <summary>log N(x; 0, 1) in double.</summary>
    public static double LogProb(double x) => -0.5 * x * x - HalfLog2Pi;
}
