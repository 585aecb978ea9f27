using MathNet.Numerics.LinearAlgebra;

namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// torch.linalg.det, slogdet and inv (Ops/LinearAlgebra.cs) on [..., n, n] batches: forward against MathNet.Numerics
/// in double (an independent LU), the edge cases (0×0, singular, non-square), and the backward rules against finite
/// differences, first and second order.
/// </summary>
public class LinearAlgebraTests
{
    private const double Eps64 = 1.1102230246251565e-16;

    public sealed record MatrixBatch(int[] Batch, int N, float[] Values)
    {
        public Tensor ToTensor() => TensorGen.Leaf(Values, Batch.Append(N).Append(N).ToArray());
        public int Count => Batch.Aggregate(1, (p, d) => p * d);

        public Matrix<double> Matrix(int b) =>
            Matrix<double>.Build.Dense(N, N, (i, j) => Values[b * N * N + i * N + j]);

        public override string ToString() => $"batch [{string.Join(", ", Batch)}] of {N}×{N}: {{{string.Join(", ", Values)}}}";
    }

    /// <summary>Batches of rank 0–2 of n×n matrices with entries uniform on [−1, 1], plus <paramref name="shift"/> on the diagonal; a random half get their first row negated (det &lt; 0).</summary>
    private static Gen<MatrixBatch> Batches(int maxN, double shift) =>
        from batch in TensorGen.Shape(0, 2, 3)
        from n in Gen.Choose(1, maxN)
        let count = batch.Aggregate(1, (p, d) => p * d)
        from values in TensorGen.Uniform(-1, 1).ArrayOf(count * n * n)
        from flips in Gen.Elements(false, true).ArrayOf(count)
        select new MatrixBatch(batch, n, values.Select((v, k) =>
        {
            int b = k / (n * n), i = k % (n * n) / n, j = k % n;
            float w = i == j ? v + (float)shift : v;
            return flips[b] && i == 0 ? -w : w;
        }).ToArray());

    /// <summary>
    /// The forward error: ours is the double LU result rounded once (½ ulp), and LU with partial pivoting is backward
    /// stable, δA ≲ 2ⁿ⁻¹·n·ε₆₄·|A| (growth factor bound), which moves log|det| by at most κ(A) times that; MathNet errs
    /// the same way. So |Δ log|det|| ≤ ½ ulp + 2·2ⁿ·n·ε₆₄·κ(A), and relative errors of det and A⁻¹ likewise.
    /// </summary>
    [Test]
    public void Forward_matches_MathNet_in_double() =>
        PropertyCheck.ForAll(Batches(maxN: 6, shift: 0), m =>
        {
            var a = m.ToTensor();
            var (sign, logabsdet) = linalg.slogdet(a);
            var det = linalg.det(a);
            Assert.That(sign.shape, Is.EqualTo(m.Batch));
            Assert.That(logabsdet.shape, Is.EqualTo(m.Batch));
            Assert.That(det.shape, Is.EqualTo(m.Batch));
            var (s, l, d) = (sign.ToArray(), logabsdet.ToArray(), det.ToArray());
            for (int b = 0; b < m.Count; b++)
            {
                var A = m.Matrix(b);
                double refDet = A.Determinant(), kappa = A.ConditionNumber();
                double lu = 2 * Math.Pow(2, m.N) * m.N * Eps64 * kappa;
                Assert.That(s[b], Is.EqualTo(Math.Sign(refDet)), $"sign of {m} [{b}]");
                Assert.That(Math.Abs(l[b] - Math.Log(Math.Abs(refDet))), Is.LessThanOrEqualTo(0.5 * Eps32 * Math.Abs(Math.Log(Math.Abs(refDet))) + lu + 1e-300), $"logabsdet of {m} [{b}]");
                Assert.That(Math.Abs(d[b] - refDet), Is.LessThanOrEqualTo((0.5 * Eps32 + lu) * Math.Abs(refDet)), $"det of {m} [{b}]");
            }
            var inv = linalg.inv(a);
            Assert.That(inv.shape, Is.EqualTo(a.shape));
            var values = inv.ToArray();
            for (int b = 0; b < m.Count; b++)
            {
                var R = m.Matrix(b).Inverse();
                double kappa = m.Matrix(b).ConditionNumber(), scale = R.Enumerate().Max(Math.Abs);
                double lu = 2 * Math.Pow(2, m.N) * m.N * Eps64 * kappa * scale;
                for (int i = 0; i < m.N; i++)
                    for (int j = 0; j < m.N; j++)
                        Assert.That(Math.Abs(values[b * m.N * m.N + i * m.N + j] - R[i, j]), Is.LessThanOrEqualTo(0.5 * Eps32 * Math.Abs(R[i, j]) + lu), $"inv of {m} [{b}] at ({i}, {j})");
            }
        }, cases: 40);

    [Test]
    public void Small_cases_by_hand()
    {
        var swap = tensor([0f, 1f, 1f, 0f], 2, 2);
        var (s, l) = linalg.slogdet(swap);
        Assert.That((s.item(), l.item(), linalg.det(swap).item()), Is.EqualTo((-1f, 0f, -1f)), "a row swap: det −1");
        Assert.That(linalg.inv(swap).ToArray(), Is.EqualTo(new[] { 0f, 1f, 1f, 0f }));
        var diag = tensor([2f, 0f, 0f, 0f, -3f, 0f, 0f, 0f, 0.5f], 3, 3);
        Assert.That(linalg.det(diag).item(), Is.EqualTo(-3f));
        Assert.That(linalg.slogdet(diag).logabsdet.item(), Is.EqualTo((float)Math.Log(3)));
        Assert.That(linalg.inv(diag).ToArray(), Is.EqualTo(new[] { 0.5f, 0f, 0f, 0f, -1f / 3, 0f, 0f, 0f, 2f }));
        // 1×1 and 0×0 (PyTorch: det of an empty matrix is 1, its inverse is empty).
        Assert.That(linalg.det(tensor([-4f], 1, 1)).item(), Is.EqualTo(-4f));
        var empty = zeros(2, 0, 0);
        Assert.That(linalg.det(empty).ToArray(), Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(linalg.slogdet(empty).logabsdet.ToArray(), Is.EqualTo(new[] { 0f, 0f }));
        Assert.That(linalg.inv(empty).shape, Is.EqualTo(new[] { 2, 0, 0 }));
    }

    [Test]
    public void Singular_matrices_give_sign_zero_and_minus_infinity_and_inv_names_the_matrix()
    {
        var batch = tensor([1f, 0f, 0f, 1f, 1f, 2f, 2f, 4f], 2, 2, 2);   // I, then a rank-1 matrix
        var (s, l) = linalg.slogdet(batch);
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 1f, 0f }));
        Assert.That(l.ToArray(), Is.EqualTo(new[] { 0f, float.NegativeInfinity }));
        Assert.That(linalg.det(batch).ToArray(), Is.EqualTo(new[] { 1f, 0f }));
        var ex = Assert.Throws<ArgumentException>(() => linalg.inv(batch))!;
        Assert.That(ex.Message, Is.EqualTo("linalg.inv: the matrix at batch index [1] is singular (pivot 2 of 2 is zero)"));
        var x = batch.detach().requires_grad_();
        linalg.slogdet(x).logabsdet.sum().backward();
        Assert.That(x.grad!.ToArray()[4..], Is.All.NaN, "the gradient of −∞ at a singular matrix is NaN, not an exception");
        Assert.That(linalg.slogdet(tensor([float.NaN, 1f, 1f, 1f], 2, 2)).logabsdet.item(), Is.NaN, "NaN propagates");
    }

    [Test]
    public void Non_square_input_is_refused_naming_the_op_and_shape()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => linalg.det(zeros(2, 3)))!.Message, Does.StartWith("linalg.det:").And.Contain("[2, 3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => linalg.slogdet(zeros(3)))!.Message, Does.StartWith("linalg.slogdet:").And.Contain("[3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => linalg.inv(zeros(4, 2, 3)))!.Message, Does.StartWith("linalg.inv:").And.Contain("[4, 2, 3]"));
    }

    [Test]
    public void The_sign_carries_no_gradient()
    {
        var a = tensor([2f, 1f, 1f, 3f], 2, 2).requires_grad_();
        var (s, l) = linalg.slogdet(a);
        Assert.That(s.requires_grad, Is.False);
        Assert.That(l.requires_grad);
        // d log|det A|/dA = A⁻ᵀ: for [[2, 1], [1, 3]] (det 5) that is [[3, −1], [−1, 2]]/5.
        var g = autograd.grad(l, a);
        AssertClose(g.ToArray(), [0.6, -0.2, -0.2, 0.4], 2, 1e-7, "A⁻ᵀ");
    }

    // Well-conditioned batches (diagonal shifted by 2.5, so κ stays small) for the finite-difference checks.
    private static Gen<MatrixBatch> WellConditioned => Batches(maxN: 4, shift: 2.5);

    [Test]
    public void Backward_matches_finite_differences() =>
        PropertyCheck.ForAll(WellConditioned, m =>
            GradCheck.Assert(xs => linalg.det(xs[0]) + linalg.slogdet(xs[0]).logabsdet * 3f, m.ToTensor()), cases: 20);

    [Test]
    public void Inv_backward_matches_finite_differences() =>
        PropertyCheck.ForAll(WellConditioned, m => GradCheck.Assert(xs => linalg.inv(xs[0]), m.ToTensor()), cases: 20);

    [Test]
    public void Second_order_matches_finite_differences() =>
        PropertyCheck.ForAll(WellConditioned, m =>
            GradCheck.AssertSecondOrder(xs => linalg.det(xs[0]) * 0.1f + linalg.slogdet(xs[0]).logabsdet + linalg.inv(xs[0]).sum([-2, -1]), m.ToTensor()), cases: 10);
}
