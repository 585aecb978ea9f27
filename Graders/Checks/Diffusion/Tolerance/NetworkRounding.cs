namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// An allowance for the ε-network's own float32 evaluation, 64u·(1 + |ε̂|) per output. The same network on the same
/// input gives the same bits on one machine, but the matrix kernel (OpenBLAS or the managed SIMD kernel) and the CPU's
/// vector width change the order of its sums, and the snapshots may have been made on another machine. The grader's
/// networks sum at most 16 products per output through one tanh layer, so their float32 error is far below 64u·(1 + |ε̂|).
/// </summary>
public static class NetworkRounding
{
    public const double Relative = 64 * Float32Bound.U;

    public static double Of(double epsilonHat) => Relative * (1 + Math.Abs(epsilonHat));
}
