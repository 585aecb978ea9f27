namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// Reductions (Ops/Reduce.cs): gradients against finite differences on generated shapes and dims, forward values
/// against double references, and the numerically delicate cases (logsumexp of large values, log_softmax at ±100).
/// </summary>
public class ReduceTests
{
    /// <summary>A tensor of rank 1–4 and one of its dims (negative half the time) with keepdim.</summary>
    public sealed record DimCase(TensorCase X, int Dim, bool KeepDim)
    {
        public override string ToString() => $"{X} dim {Dim} keepdim {KeepDim}";
    }

    /// <summary>A tensor of rank 1–4 and a non-empty subset of its dims.</summary>
    public sealed record DimsCase(TensorCase X, int[] Dims, bool KeepDim)
    {
        public override string ToString() => $"{X} dims [{string.Join(", ", Dims)}] keepdim {KeepDim}";
    }

    private static Gen<DimCase> OneDim(Gen<TensorCase> tensors) =>
        from x in tensors
        from d in Gen.Choose(0, x.Shape.Length - 1)
        from negative in Gen.Elements(false, true)
        from keep in Gen.Elements(false, true)
        select new DimCase(x, negative ? d - x.Shape.Length : d, keep);

    private static Gen<DimsCase> SomeDims(Gen<TensorCase> tensors) =>
        from x in tensors
        from pick in Gen.Elements(false, true).ArrayOf(x.Shape.Length).Where(p => p.Any(b => b))
        from keep in Gen.Elements(false, true)
        select new DimsCase(x, Enumerable.Range(0, x.Shape.Length).Where(i => pick[i]).ToArray(), keep);

    private static Gen<TensorCase> Values(int minDim = 1) =>
        TensorGen.Of(TensorGen.Shape(1, 4).Select(s => s.Select(d => Math.Max(d, minDim)).ToArray()), TensorGen.Uniform(-3, 3));

    private static Gen<TensorCase> Distinct => TensorGen.Distinct(TensorGen.Shape(1, 4, 3));

    private static int[] Reduced(int[] shape, int[] dims, bool keep) =>
        keep ? shape.Select((s, i) => dims.Contains(i) ? 1 : s).ToArray() : shape.Where((_, i) => !dims.Contains(i)).ToArray();

    private static int Norm(int d, int rank) => d < 0 ? d + rank : d;

    // ---- gradients ----

    [Test]
    public void Sum_over_all_elements_backward() =>
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(), TensorGen.Uniform(-3, 3)), x => GradCheck.Assert(xs => xs[0].sum(), x.ToTensor()));

    [Test]
    public void Sum_over_dims_backward_and_shape() =>
        PropertyCheck.ForAll(SomeDims(Values()), c =>
        {
            Assert.That(c.X.ToTensor().sum(c.Dims, c.KeepDim).shape, Is.EqualTo(Reduced(c.X.Shape, c.Dims, c.KeepDim)));
            GradCheck.Assert(xs => xs[0].sum(c.Dims, c.KeepDim), c.X.ToTensor());
        });

    [Test]
    public void Mean_backward() =>
        PropertyCheck.ForAll(SomeDims(Values()), c =>
        {
            GradCheck.Assert(xs => xs[0].mean(c.Dims, c.KeepDim), c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].mean(), c.X.ToTensor());
        });

    [Test]
    public void Var_backward() =>
        PropertyCheck.ForAll(OneDim(Values(minDim: 2)), c =>
        {
            GradCheck.Assert(xs => xs[0].var(c.Dim, unbiased: true, keepdim: c.KeepDim), c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].var([c.Dim], unbiased: false, keepdim: c.KeepDim), c.X.ToTensor());
        });

    /// <summary>
    /// std has a kink where all values along the dim coincide (for two values it is |x₁ − x₂|/√2), so it is checked on
    /// distinct grid values: spacing 0.05 against steps ≤ 0.02 keeps every spread well away from 0.
    /// </summary>
    [Test]
    public void Std_backward() =>
        PropertyCheck.ForAll(OneDim(TensorGen.Distinct(TensorGen.Shape(1, 4, 3).Select(s => s.Select(d => Math.Max(d, 2)).ToArray()))), c =>
            GradCheck.Assert(xs => xs[0].std(c.Dim, keepdim: c.KeepDim), c.X.ToTensor()));

    /// <summary>max/min along a dim: distinct values (grid spacing 0.05 against steps ≤ 0.02), so the argmax is stable.</summary>
    [Test]
    public void Max_and_min_along_a_dim_backward() =>
        PropertyCheck.ForAll(OneDim(Distinct), c =>
        {
            GradCheck.Assert(xs => xs[0].max(c.Dim, c.KeepDim).values, c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].min(c.Dim, c.KeepDim).values, c.X.ToTensor());
        });

    [Test]
    public void Amax_and_global_max_min_backward() =>
        PropertyCheck.ForAll(SomeDims(Distinct), c =>
        {
            GradCheck.Assert(xs => xs[0].amax(c.Dims, c.KeepDim), c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].max() + xs[0].min(), c.X.ToTensor());
        });

    [Test]
    public void Logsumexp_softmax_log_softmax_backward() =>
        PropertyCheck.ForAll(OneDim(Values()), c =>
        {
            GradCheck.Assert(xs => xs[0].logsumexp(c.Dim, c.KeepDim), c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].softmax(c.Dim), c.X.ToTensor());
            GradCheck.Assert(xs => xs[0].log_softmax(c.Dim), c.X.ToTensor());
        });

    // ---- forward values ----

    [Test]
    public void Sum_and_mean_match_double() =>
        PropertyCheck.ForAll(SomeDims(Values()), c =>
        {
            var x = c.X.ToTensor();
            var (expectedSum, absSum, count) = ReduceDouble(c.X, c.Dims);
            // Float summation of n terms in any order: |error| ≤ (n−1)·u·Σ|xᵢ| with u = ε₃₂/2.
            AssertClose(x.sum(c.Dims, c.KeepDim).ToArray(), expectedSum, i => count * Eps32 * absSum[i] + 1e-30, "sum");
            AssertClose(x.mean(c.Dims, c.KeepDim).ToArray(), expectedSum.Select(s => s / count).ToArray(),
                i => (count + 1) * Eps32 * absSum[i] / count + 1e-30, "mean");
        });

    /// <summary>Σ over the dims, in double, with Σ|x| for the error bound; output in the row-major order of the reduced shape.</summary>
    private static (double[] sum, double[] absSum, int count) ReduceDouble(TensorCase x, int[] dims)
    {
        var keepShape = Reduced(x.Shape, dims, keep: true);
        int n = ShapeUtil.Numel(keepShape), count = ShapeUtil.Numel(x.Shape) / n;
        var sum = new double[n]; var abs = new double[n];
        for (int i = 0; i < x.Values.Length; i++)
        {
            int o = BroadcastFlat(Unravel(i, x.Shape), keepShape);
            sum[o] += x.Values[i]; abs[o] += Math.Abs(x.Values[i]);
        }
        return (sum, abs, count);
    }

    [Test]
    public void Var_unbiased_and_biased_match_double() =>
        PropertyCheck.ForAll(OneDim(Values(minDim: 2)), c =>
        {
            int d = Norm(c.Dim, c.X.Shape.Length), n = c.X.Shape[d];
            var keepShape = Reduced(c.X.Shape, [d], keep: true);
            int m = ShapeUtil.Numel(keepShape);
            var groups = Enumerable.Range(0, m).Select(_ => new List<double>()).ToArray();
            for (int i = 0; i < c.X.Values.Length; i++) groups[BroadcastFlat(Unravel(i, c.X.Shape), keepShape)].Add(c.X.Values[i]);
            double[] Ss(out double[] scale)
            {
                var ss = new double[m]; scale = new double[m];
                for (int g = 0; g < m; g++)
                {
                    double mu = groups[g].Average();
                    ss[g] = groups[g].Sum(v => (v - mu) * (v - mu));
                    scale[g] = groups[g].Sum(v => v * v);
                }
                return ss;
            }
            var sumSq = Ss(out var sq);
            var x = c.X.ToTensor();
            // Two-pass variance in float: the mean carries (n+1)u·|x| error, squares and sums another (n+2)u·Σx²; 4n·ε₃₂·Σx² covers both.
            AssertClose(x.var(c.Dim, unbiased: true, keepdim: c.KeepDim).ToArray(), sumSq.Select(s => s / (n - 1)).ToArray(),
                i => 4 * n * Eps32 * sq[i] / (n - 1) + 1e-30, "var unbiased");
            AssertClose(x.var([c.Dim], unbiased: false, keepdim: c.KeepDim).ToArray(), sumSq.Select(s => s / n).ToArray(),
                i => 4 * n * Eps32 * sq[i] / n + 1e-30, "var biased");
            Assert.That(x.std(c.Dim, keepdim: c.KeepDim).ToArray(), Is.EqualTo(x.var(c.Dim, keepdim: c.KeepDim).sqrt().ToArray()));
        });

    [Test]
    public void Var_of_known_values()
    {
        var x = tensor([1f, 2f, 4f, 7f]);
        Assert.That(x.var(0).item(), Is.EqualTo(7f).Within(1e-6f), "unbiased: Σ(x − 3.5)² / 3 = 21/3");
        Assert.That(x.var(0, unbiased: false).item(), Is.EqualTo(5.25f).Within(1e-6f), "biased: 21/4");
    }

    [Test]
    public void Logsumexp_of_large_values_matches_double()
    {
        var rows = new[]
        {
            new[] { 1000f, 1000f, 999f },
            new[] { -1000f, -1001f, -1002f },
            new[] { 88f, 89f, 90f },          // e⁹⁰ overflows float without the shift
            new[] { 0f, -200f, 50f },
            new[] { float.NegativeInfinity, 3f, float.NegativeInfinity },
        };
        var x = tensor(rows.SelectMany(r => r).ToArray(), rows.Length, 3);
        var expected = rows.Select(r =>
        {
            double m = r.Max();
            return m + Math.Log(r.Sum(v => Math.Exp(v - m)));
        }).ToArray();
        AssertClose(x.logsumexp(1).ToArray(), expected, 4, 0, "logsumexp");
        Assert.That(x.logsumexp(1, keepdim: true).shape, Is.EqualTo(new[] { 5, 1 }));
        Assert.That(tensor([float.NegativeInfinity, float.NegativeInfinity]).logsumexp(0).item(), Is.EqualTo(float.NegativeInfinity),
            "a row of −∞ has logsumexp −∞, not NaN");
    }

    [Test]
    public void Softmax_rows_sum_to_one() =>
        PropertyCheck.ForAll(OneDim(TensorGen.Of(TensorGen.Shape(1, 4), TensorGen.Uniform(-30, 30))), c =>
        {
            var p = c.X.ToTensor().softmax(c.Dim);
            Assert.That(p.shape, Is.EqualTo(c.X.Shape));
            Assert.That(p.ToArray(), Is.All.InRange(0f, 1f));
            int n = c.X.Shape[Norm(c.Dim, c.X.Shape.Length)];
            // n rounded exponentials, a rounded sum and a rounded division: |Σp − 1| ≤ (n + 2)·ε₃₂.
            // Compared in double: NUnit's Is.All.EqualTo(1f).Within(tolerance) fails even on sums of exactly 1f on this
            // SDK (measured 2026-11-25), so the largest deviation is asserted instead.
            Assert.That(p.sum(c.Dim).ToArray().Max(s => Math.Abs(s - 1.0)), Is.LessThanOrEqualTo((n + 2) * Eps32));
        });

    [Test]
    public void Softmax_and_log_softmax_match_double_and_are_stable_at_plus_minus_100()
    {
        var rows = new[] { new[] { 100f, -100f, 0f, 99f }, new[] { -100f, -100f, -100f, -100f }, new[] { 1f, 2f, 3f, 4f }, new[] { 100f, 100f, -100f, -99f } };
        var x = tensor(rows.SelectMany(r => r).ToArray(), rows.Length, 4);
        var logp = rows.SelectMany(r =>
        {
            double m = r.Max(), lse = m + Math.Log(r.Sum(v => Math.Exp(v - m)));
            return r.Select(v => v - lse);
        }).ToArray();
        var ls = x.log_softmax(1).ToArray();
        Assert.That(ls.All(float.IsFinite), "log_softmax stays finite at ±100");
        AssertClose(ls, logp, i => 4 * Eps32 * (Math.Abs(logp[i]) + 100), "log_softmax");
        AssertClose(x.softmax(1).ToArray(), logp.Select(Math.Exp).ToArray(), i => 8 * Eps32 * Math.Exp(logp[i]) + 1e-44, "softmax");
    }

    [Test]
    public void Max_returns_first_index_of_ties_and_nan_wins()
    {
        var x = tensor([1f, 3f, 3f, 2f, 5f, 5f], 2, 3);
        var (v, i) = x.max(1);
        Assert.That(v.ToArray(), Is.EqualTo(new[] { 3f, 5f }));
        Assert.That(i.ToArray(), Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(x.argmax(0).ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f }));
        Assert.That(float.IsNaN(tensor([1f, float.NaN, 3f]).max().item()));
        var (mn, mi) = x.min(0, keepdim: true);
        Assert.That(mn.ToArray(), Is.EqualTo(new[] { 1f, 3f, 3f }));
        Assert.That(mi.shape, Is.EqualTo(new[] { 1, 3 }));
        var g = x.requires_grad_();
        g.max(1).values.sum().backward();
        Assert.That(g.grad!.ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f, 0f, 1f, 0f }), "max(dim) sends the gradient to the first maximum only");
    }

    [Test]
    public void Max_reductions_match_loops() =>
        PropertyCheck.ForAll(OneDim(Distinct), c =>
        {
            int d = Norm(c.Dim, c.X.Shape.Length);
            var keepShape = Reduced(c.X.Shape, [d], keep: true);
            var best = Enumerable.Repeat(double.NegativeInfinity, ShapeUtil.Numel(keepShape)).ToArray();
            var arg = new double[best.Length];
            for (int i = 0; i < c.X.Values.Length; i++)
            {
                var ix = Unravel(i, c.X.Shape);
                int o = BroadcastFlat(ix, keepShape);
                if (c.X.Values[i] > best[o]) { best[o] = c.X.Values[i]; arg[o] = ix[d]; }
            }
            var (v, idx) = c.X.ToTensor().max(c.Dim, c.KeepDim);
            Assert.That(v.shape, Is.EqualTo(Reduced(c.X.Shape, [d], c.KeepDim)));
            Assert.That(v.ToDoubleArray(), Is.EqualTo(best));
            Assert.That(idx.ToDoubleArray(), Is.EqualTo(arg));
            Assert.That(c.X.ToTensor().max().item(), Is.EqualTo((float)best.Max()));
        });

    /// <summary>A 0-d tensor takes dim 0 or −1 as PyTorch does: reducing over it leaves it unchanged, softmax gives 1.</summary>
    [Test]
    public void Reductions_of_a_rank_zero_tensor()
    {
        var x = TensorGen.Leaf([2.5f], []).requires_grad_();
        Assert.That(x.sum(0).item(), Is.EqualTo(2.5f));
        Assert.That(x.sum(-1).shape, Is.Empty);
        Assert.That(x.mean(0).item(), Is.EqualTo(2.5f));
        var (v, i) = x.max(0);
        Assert.That((v.item(), i.item()), Is.EqualTo((2.5f, 0f)));
        Assert.That(x.max(0, keepdim: true).values.shape, Is.Empty);
        Assert.That(x.softmax(0).item(), Is.EqualTo(1f));
        Assert.That(x.log_softmax(-1).item(), Is.EqualTo(0f));
        Assert.That(x.logsumexp(0).item(), Is.EqualTo(2.5f));
        Assert.That(x.logsumexp(0).shape, Is.Empty);
        Assert.That(x.amax([0]).item(), Is.EqualTo(2.5f));
        GradCheck.Assert(xs => xs[0].logsumexp(0) * xs[0].max(0).values + xs[0].mean(0), x);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.sum(1));
    }

    [Test]
    public void Reducing_a_dim_out_of_range_throws_naming_the_op()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => zeros(2, 3).sum(2))!;
        Assert.That(ex.Message, Does.Contain("sum").And.Contain("rank 2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => zeros(2, 3).max(-3));
    }
}
