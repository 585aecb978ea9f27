#pragma warning disable IDE1006, CS8981 // the torch.linalg facade at the bottom uses PyTorch's names.
namespace Grader.Tensors;

/// <summary>
/// Determinants and inverses of [..., n, n] batches: three primitives, each an LU factorisation with partial pivoting
/// in double per matrix (Kernels/Lu.cs), rounded once. Backward rules in tensor ops, so they differentiate again:
/// d log|det A| = A⁻ᵀ, d det A = det A · A⁻ᵀ, d A⁻¹ = −A⁻ᵀ·G·A⁻ᵀ. At an exactly singular A the gradients of det and
/// logabsdet are NaN (PyTorch's det gradient is finite there); inv refuses a singular matrix.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The batch of square matrices in double, one array per matrix (row-major), or an error naming the op.</summary>
    private static (double[][] matrices, int n, int[] batch) SquareBatch(Tensor a, string op)
    {
        if (a.Shape.Length < 2 || a.Shape[^1] != a.Shape[^2])
            throw new ArgumentException($"{op}: expected a batch of square matrices [..., n, n], got shape {ShapeUtil.Format(a.Shape)}");
        int n = a.Shape[^1], nn = n * n;
        var batch = a.Shape[..^2];
        var values = a.Span;
        var matrices = new double[ShapeUtil.Numel(batch)][];
        for (int b = 0; b < matrices.Length; b++)
        {
            var m = matrices[b] = new double[nn];
            for (int i = 0; i < nn; i++) m[i] = values[b * nn + i];
        }
        return (matrices, n, batch);
    }

    /// <summary>sign(det A) (a constant: ±1, 0 when singular) and log|det A| (−∞ when singular) per matrix (torch.linalg.slogdet).</summary>
    internal static (Tensor sign, Tensor logabsdet) SlogDet(Tensor a)
    {
        var (matrices, n, batch) = SquareBatch(a, "linalg.slogdet");
        var sign = new float[matrices.Length];
        var log = new float[matrices.Length];
        var pivots = new int[n];
        for (int b = 0; b < matrices.Length; b++)
        {
            var (permutation, _) = Lu.Factor(matrices[b], n, pivots);
            var (s, l) = Lu.SignLogAbsDet(matrices[b], n, permutation);
            sign[b] = (float)s;
            log[b] = (float)l;
        }
        var logabsdet = Result("slogdet", log, batch, [a], (g, _) => [g.unsqueeze(-1).unsqueeze(-1) * Inv(a, "slogdet backward", nanIfSingular: true).t()], saved: [a]);
        return (new Tensor(sign, (int[])batch.Clone()), logabsdet);
    }

    /// <summary>det A per matrix (torch.linalg.det): the product of the pivots in double, rounded once.</summary>
    internal static Tensor Det(Tensor a)
    {
        var (matrices, n, batch) = SquareBatch(a, "linalg.det");
        var det = new float[matrices.Length];
        var pivots = new int[n];
        for (int b = 0; b < matrices.Length; b++)
        {
            var (permutation, _) = Lu.Factor(matrices[b], n, pivots);
            det[b] = (float)Lu.Det(matrices[b], n, permutation);
        }
        return ResultWithOutput("det", new TensorStorage(det), batch, [a], (g, y) => [(g * y).unsqueeze(-1).unsqueeze(-1) * Inv(a, "det backward", nanIfSingular: true).t()], saved: [a]);
    }

    /// <summary>
    /// A⁻¹ per matrix (torch.linalg.inv). A singular matrix (an exactly zero pivot) is an ArgumentException naming its
    /// batch index, or, for the backward rules of det and slogdet, a matrix of NaN.
    /// </summary>
    internal static Tensor Inv(Tensor a, string op, bool nanIfSingular = false)
    {
        var (matrices, n, batch) = SquareBatch(a, op);
        var data = new float[ShapeUtil.Numel(a.Shape)];
        var pivots = new int[n];
        var inverse = new double[n * n];
        for (int b = 0; b < matrices.Length; b++)
        {
            var (_, zeroPivot) = Lu.Factor(matrices[b], n, pivots);
            if (zeroPivot >= 0)
            {
                if (!nanIfSingular)
                    throw new ArgumentException($"{op}: the matrix at batch index [{string.Join(", ", ShapeUtil.Unravel(b, batch))}] is singular (pivot {zeroPivot + 1} of {n} is zero)");
                data.AsSpan(b * n * n, n * n).Fill(float.NaN);
                continue;
            }
            Lu.Inverse(matrices[b], n, pivots, inverse);
            for (int i = 0; i < inverse.Length; i++) data[b * n * n + i] = (float)inverse[i];
        }
        return ResultWithOutput("inv", new TensorStorage(data), a.shape, [a], (g, y) => [-(y.t().matmul(g).matmul(y.t()))]);
    }
}

public static partial class torch
{
    /// <summary>torch.linalg: determinants and inverses of [..., n, n] batches (https://pytorch.org/docs/stable/linalg.html).</summary>
    public static class linalg
    {
        /// <summary>det A for each matrix of a [..., n, n] batch (torch.linalg.det).</summary>
        public static Tensor det(Tensor A) => Tensor.Det(A);

        /// <summary>(sign, log|det A|) for each matrix of a [..., n, n] batch (torch.linalg.slogdet); the sign carries no gradient.</summary>
        public static (Tensor sign, Tensor logabsdet) slogdet(Tensor A) => Tensor.SlogDet(A);

        /// <summary>A⁻¹ for each matrix of a [..., n, n] batch (torch.linalg.inv); a singular matrix is an ArgumentException.</summary>
        public static Tensor inv(Tensor A) => Tensor.Inv(A, "linalg.inv");
    }
}
