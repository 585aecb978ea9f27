namespace Grader.Benchmarks.MatMul;

/// <summary>
/// One matrix product C[m,n] = op(A)·op(B) as the engine issues it (a Linear layer's forward multiplies by a
/// transposed weight, so transB; the weight gradient Aᵀ·dC is transA). Named by the operand shapes.
/// </summary>
public sealed record MatMulCase(string Workload, int M, int N, int K, bool TransA, bool TransB)
{
    /// <summary>Floating-point operations of one product: 2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>"W1 fwd [128,256]x[256,128] NT": the logical shapes op(A)·op(B), then BLAS's transpose flags (T: stored transposed).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Workload} [{M},{K}]x[{K},{N}] {(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')}");
}
