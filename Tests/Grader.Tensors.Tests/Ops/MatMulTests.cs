namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// matmul (Ops/MatMul.cs): batched broadcasting against loops in double, the 1-D promotions, strided operands, the
/// error for misaligned shapes, and the backward (itself two matmuls) against finite differences.
/// </summary>
public class MatMulTests
{
    /// <summary>Operand shapes [..batchA, m, k] and [..batchB, k, n] whose batch dims broadcast.</summary>
    private static Gen<(TensorCase A, TensorCase B)> Operands(int maxDim = 4) =>
        from batch in TensorGen.BroadcastPair(maxRank: 2, maxDim: 3)
        from m in Gen.Choose(1, maxDim)
        from k in Gen.Choose(1, maxDim)
        from n in Gen.Choose(1, maxDim)
        from a in TensorGen.Of(batch.A.Concat(new[] { m, k }).ToArray(), TensorGen.Uniform(-2, 2))
        from b in TensorGen.Of(batch.B.Concat(new[] { k, n }).ToArray(), TensorGen.Uniform(-2, 2))
        select (a, b);

    /// <summary>C = A·B in double by loops over the broadcast batch, and Σ|a||b| per element for the error bound.</summary>
    private static (int[] shape, double[] c, double[] abs) Loops(TensorCase a, TensorCase b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batch = BroadcastShape(a.Shape[..^2], b.Shape[..^2]);
        int nb = ShapeUtil.Numel(batch);
        var c = new double[nb * m * n]; var abs = new double[c.Length];
        for (int t = 0; t < nb; t++)
        {
            var bi = Unravel(t, batch);
            int oa = BroadcastFlat(bi, a.Shape[..^2]) * m * k, ob = BroadcastFlat(bi, b.Shape[..^2]) * k * n;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    for (int p = 0; p < k; p++)
                    {
                        double prod = (double)a.Values[oa + i * k + p] * b.Values[ob + p * n + j];
                        c[(t * m + i) * n + j] += prod;
                        abs[(t * m + i) * n + j] += Math.Abs(prod);
                    }
        }
        return (batch.Concat(new[] { m, n }).ToArray(), c, abs);
    }

    [Test]
    public void Batched_broadcast_matmul_matches_loops() =>
        PropertyCheck.ForAll(Operands(maxDim: 9), p =>
        {
            var (shape, expected, abs) = Loops(p.A, p.B);
            var y = p.A.ToTensor().matmul(p.B.ToTensor());
            Assert.That(y.shape, Is.EqualTo(shape));
            int k = p.A.Shape[^1];
            // A float dot product of length k, in any order and with or without FMA: |error| ≤ k·u·Σ|a||b| ≤ k·ε₃₂·Σ|a||b|.
            AssertClose(y.ToArray(), expected, i => k * Eps32 * abs[i] + 1e-30, "matmul");
        });

    [Test]
    public void Transposed_and_strided_operands_give_the_same_product() =>
        PropertyCheck.ForAll(Operands(maxDim: 9), p =>
        {
            var a = p.A.ToTensor(); var b = p.B.ToTensor();
            // Aᵀ stored contiguously, then viewed back through a transpose: BLAS reads it with its transpose flag.
            var aT = a.transpose(-2, -1).contiguous().transpose(-2, -1);
            var bT = b.transpose(-2, -1).contiguous().transpose(-2, -1);
            var (_, expected, abs) = Loops(p.A, p.B);
            int k = p.A.Shape[^1];
            AssertClose(aT.matmul(bT).ToArray(), expected, i => k * Eps32 * abs[i] + 1e-30, "Aᵀᵀ·Bᵀᵀ");
            AssertClose(aT.matmul(b).ToArray(), expected, i => k * Eps32 * abs[i] + 1e-30, "Aᵀᵀ·B");
            // Rows with a gap (lda = 2k): the left half of a wider matrix.
            var padded = cat([a, a * 0f - 7f], -1).narrow(-1, 0, k);
            Assert.That(padded.shape, Is.EqualTo(p.A.Shape));
            AssertClose(padded.matmul(b).ToArray(), expected, i => k * Eps32 * abs[i] + 1e-30, "row-strided A·B");
            // Every other column (column stride 2): no BLAS layout fits, so the operand is copied first.
            var interleaved = stack([a, a * 0f - 7f], -1).select(-1, 0);
            Assert.That(interleaved.stride()[^1], Is.EqualTo(2));
            AssertClose(interleaved.matmul(b).ToArray(), expected, i => k * Eps32 * abs[i] + 1e-30, "column-strided A·B");
        });

    [Test]
    public void Backward_matches_finite_differences() =>
        PropertyCheck.ForAll(Operands(), p => GradCheck.Assert(xs => xs[0].matmul(xs[1]), p.A.ToTensor(), p.B.ToTensor()), cases: 20);

    [Test]
    public void One_dimensional_operands_follow_pytorch()
    {
        var v = tensor([1f, 2f, 3f]);
        var w = tensor([4f, -1f, 0.5f]);
        var m = arange(6).reshape(3, 2);
        Assert.That(v.matmul(w).shape, Is.Empty, "vector·vector is a 0-d dot product");
        Assert.That(v.matmul(w).item(), Is.EqualTo(3.5f));
        Assert.That(v.matmul(m).ToArray(), Is.EqualTo(new[] { 16f, 22f }), "vector·matrix: [3]·[3,2] → [2]");
        Assert.That(m.T.matmul(v).ToArray(), Is.EqualTo(new[] { 16f, 22f }), "matrix·vector: [2,3]·[3] → [2]");
        Assert.That((arange(12).reshape(2, 2, 3) % v).shape, Is.EqualTo(new[] { 2, 2 }), "batched matrix·vector");
        GradCheck.Assert(xs => xs[0].matmul(xs[1]) + xs[1].matmul(xs[2]).sum() + xs[2].matmul(xs[1].T).sum(), tensor([0.5f, -1f, 2f]), tensor([1f, 2f, 3f, -1f, 0f, 0.5f], 3, 2), tensor([0.3f, -0.7f]));
    }

    [Test]
    public void Misaligned_shapes_throw_naming_matmul_and_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => zeros(2, 3).matmul(zeros(4, 5)))!;
        Assert.That(ex.Message, Does.Contain("matmul").And.Contain("[2, 3]").And.Contain("[4, 5]"));
        ex = Assert.Throws<ArgumentException>(() => zeros(2, 2, 3).matmul(zeros(3, 3, 4)))!;
        Assert.That(ex.Message, Does.Contain("matmul").And.Contain("[2]").And.Contain("[3]"));
        Assert.Throws<ArgumentException>(() => scalar(2f).matmul(zeros(2)));
    }

    [Test]
    public void Empty_inner_dimension_gives_zeros()
    {
        var y = zeros(3, 0).matmul(zeros(0, 2));
        Assert.That(y.shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(y.ToArray(), Is.All.EqualTo(0f));
    }
}
