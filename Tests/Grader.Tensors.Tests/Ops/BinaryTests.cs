namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// Binary primitives (Ops/Binary.cs): broadcasting laws as FsCheck properties, forward values against an explicit
/// loop, backward (which sums the broadcast gradient back with sum_to) against finite differences.
/// </summary>
public class BinaryTests
{
    public sealed record BinaryCase(string Name, Func<Tensor, Tensor, Tensor> Op, Func<float, float, float> Scalar)
    {
        public override string ToString() => Name;
    }

    /// <summary>The ops with their float32 scalar meaning; add/sub/mul/div are correctly rounded, so the comparison is exact.</summary>
    public static IEnumerable<BinaryCase> Ops()
    {
        yield return new("add", (a, b) => a + b, (x, y) => x + y);
        yield return new("sub", (a, b) => a - b, (x, y) => x - y);
        yield return new("mul", (a, b) => a * b, (x, y) => x * y);
        yield return new("div", (a, b) => a / b, (x, y) => x / y);
        yield return new("maximum", (a, b) => a.maximum(b), MathF.Max);
        yield return new("minimum", (a, b) => a.minimum(b), MathF.Min);
    }

    private static Gen<(TensorCase A, TensorCase B)> Pair(Gen<float> a, Gen<float> b) =>
        from shapes in TensorGen.BroadcastPair()
        from x in TensorGen.Of(shapes.A, a)
        from y in TensorGen.Of(shapes.B, b)
        select (x, y);

    private static Gen<(TensorCase A, TensorCase B)> Pair() => Pair(TensorGen.Uniform(-3, 3), TensorGen.AwayFromZero(0.5, 3));

    [TestCaseSource(nameof(Ops))]
    public void Forward_equals_an_explicit_loop_over_the_broadcast_shape(BinaryCase op) =>
        PropertyCheck.ForAll(Pair(), p =>
        {
            var y = op.Op(p.A.ToTensor(), p.B.ToTensor());
            var outShape = BroadcastShape(p.A.Shape, p.B.Shape);
            Assert.That(y.shape, Is.EqualTo(outShape), "result shape is the broadcast shape");
            var actual = y.ToArray();
            for (int i = 0; i < actual.Length; i++)
            {
                var ix = Unravel(i, outShape);
                float expected = op.Scalar(p.A.Values[BroadcastFlat(ix, p.A.Shape)], p.B.Values[BroadcastFlat(ix, p.B.Shape)]);
                Assert.That(actual[i], Is.EqualTo(expected), $"{op.Name} at [{string.Join(", ", ix)}]");
            }
        });

    [TestCaseSource(nameof(Ops))]
    public void Forward_on_strided_views_equals_forward_on_copies(BinaryCase op) =>
        PropertyCheck.ForAll(Pair(), p =>
        {
            // Transposed (non-contiguous) operands go through the strided kernel path.
            var a = p.A.ToTensor(); var b = p.B.ToTensor();
            var at = a.ndim >= 2 ? a.transpose(0, -1) : a;
            var bt = b.ndim >= 2 ? b.transpose(0, -1) : b;
            if (at.ndim != bt.ndim) return;   // transposing operands of different ranks changes the alignment
            var viaViews = op.Op(at, bt);
            var viaCopies = op.Op(at.contiguous().clone(), bt.contiguous().clone());
            Assert.That(viaViews.ToArray(), Is.EqualTo(viaCopies.ToArray()));
        });

    [Test]
    public void Addition_commutes_under_broadcasting() =>
        PropertyCheck.ForAll(Pair(), p =>
        {
            var ab = p.A.ToTensor() + p.B.ToTensor();
            var ba = p.B.ToTensor() + p.A.ToTensor();
            Assert.That(ab.shape, Is.EqualTo(ba.shape));
            Assert.That(ab.ToArray(), Is.EqualTo(ba.ToArray()));
        });

    [Test]
    public void Result_shape_is_the_broadcast_of_both_shapes() =>
        PropertyCheck.ForAll(TensorGen.BroadcastPair(), s =>
            Assert.That((zeros(s.A) + zeros(s.B)).shape, Is.EqualTo(BroadcastShape(s.A, s.B))));

    /// <summary>expand then sum_to is the adjoint pair of broadcasting: summing k copies back gives k·x.</summary>
    [Test]
    public void Expand_then_sum_to_returns_k_times_x() =>
        PropertyCheck.ForAll(
            from shapes in TensorGen.BroadcastPair()
            from x in TensorGen.Of(shapes.A, TensorGen.Uniform(-3, 3))
            select (x, Target: BroadcastShape(shapes.A, shapes.B)),
            c =>
            {
                var x = c.x.ToTensor();
                int k = ShapeUtil.Numel(c.Target) / Math.Max(1, x.numel());
                var back = x.expand(c.Target).sum_to(c.x.Shape);
                Assert.That(back.shape, Is.EqualTo(c.x.Shape));
                AssertClose(back.ToArray(), c.x.Values.Select(v => (double)k * v).ToArray(), 2 * k, 0, "sum_to(expand(x))");
                // Each is the other's backward; differentiate the pair and sum_to alone on a broadcast-shaped input.
                GradCheck.Assert(xs => xs[0].expand(c.Target).sin().sum_to(c.x.Shape), c.x.ToTensor());
                GradCheck.Assert(xs => xs[0].sum_to(c.x.Shape), randn(c.Target, new Generator(k)));
            });

    [Test]
    public void Column_plus_row_is_the_outer_loop()
    {
        PropertyCheck.ForAll(
            from n in Gen.Choose(1, 9)
            from m in Gen.Choose(1, 9)
            from u in TensorGen.Uniform(-3, 3).ArrayOf(n)
            from v in TensorGen.Uniform(-3, 3).ArrayOf(m)
            select (u, v),
            c =>
            {
                int n = c.u.Length, m = c.v.Length;
                var col = tensor(c.u, n, 1); var row = tensor(c.v, 1, m);
                var sum = (col + row).ToArray();
                var prod = (col * row).ToArray();
                Assert.That((col * row).shape, Is.EqualTo(new[] { n, m }));
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++)
                    {
                        Assert.That(sum[i * m + j], Is.EqualTo(c.u[i] + c.v[j]));
                        Assert.That(prod[i * m + j], Is.EqualTo(c.u[i] * c.v[j]));
                    }
            });
    }

    [TestCaseSource(nameof(Ops))]
    public void Incompatible_shapes_throw_naming_the_op_and_both_shapes(BinaryCase op) =>
        PropertyCheck.ForAll(TensorGen.IncompatiblePair(), s =>
        {
            var ex = Assert.Throws<ArgumentException>(() => op.Op(zeros(s.A), zeros(s.B)))!;
            Assert.That(ex.Message, Does.Contain(op.Name).And.Contain(ShapeUtil.Format(s.A)).And.Contain(ShapeUtil.Format(s.B)));
        });

    [TestCaseSource(nameof(Ops))]
    public void Backward_sums_the_broadcast_gradient_and_matches_finite_differences(BinaryCase op)
    {
        // maximum/minimum: operands on disjoint grids so that |a − b| ≥ 0.1 and no finite-difference step crosses the tie.
        var gen = op.Name is "maximum" or "minimum" ? Pair(TensorGen.OddTenths, TensorGen.EvenTenths) : Pair();
        PropertyCheck.ForAll(gen, p => GradCheck.Assert(xs => op.Op(xs[0], xs[1]), p.A.ToTensor(), p.B.ToTensor()));
    }

    [Test]
    public void Scalar_operands_on_either_side()
    {
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(), TensorGen.AwayFromZero(0.5, 3)), c =>
            GradCheck.Assert(xs => (xs[0] + 2f) * 3f - 1.5f / xs[0] + (2f - xs[0]) / 4f - 0.5f * xs[0] + xs[0] / 0.25f, c.ToTensor()));
        var x = tensor([2f, -4f]);
        Assert.That((1f / x).ToArray(), Is.EqualTo(new[] { 0.5f, -0.25f }));
        Assert.That((1f - x).ToArray(), Is.EqualTo(new[] { -1f, 5f }));
        Assert.That((x - 1f).ToArray(), Is.EqualTo(new[] { 1f, -5f }));
        Assert.That((-x).ToArray(), Is.EqualTo(new[] { -2f, 4f }));
    }

    [Test]
    public void Maximum_and_minimum_split_the_gradient_evenly_at_ties()
    {
        var a = tensor([1f, 2f, 3f]).requires_grad_();
        var b = tensor([1f, 0f, 5f]).requires_grad_();
        (a.maximum(b) + 2f * a.minimum(b)).sum().backward();
        Assert.That(a.grad!.ToArray(), Is.EqualTo(new[] { 1.5f, 1f, 2f }));
        Assert.That(b.grad!.ToArray(), Is.EqualTo(new[] { 1.5f, 2f, 1f }));
    }

    [Test]
    public void Where_picks_by_condition_and_routes_the_gradient() =>
        PropertyCheck.ForAll(
            from shapes in TensorGen.BroadcastPair()
            from c in TensorGen.Of(shapes.A, Gen.Elements(0f, 1f))
            from x in TensorGen.Of(shapes.B, TensorGen.Uniform(-3, 3))
            from y in TensorGen.Of(shapes.A, TensorGen.Uniform(-3, 3))
            select (c, x, y),
            t =>
            {
                var cond = t.c.ToTensor();
                var r = where(cond, t.x.ToTensor(), t.y.ToTensor());
                var outShape = BroadcastShape(t.c.Shape, t.x.Shape);
                var actual = r.ToArray();
                for (int i = 0; i < actual.Length; i++)
                {
                    var ix = Unravel(i, outShape);
                    float expected = t.c.Values[BroadcastFlat(ix, t.c.Shape)] != 0 ? t.x.Values[BroadcastFlat(ix, t.x.Shape)] : t.y.Values[BroadcastFlat(ix, t.y.Shape)];
                    Assert.That(actual[i], Is.EqualTo(expected));
                }
                GradCheck.Assert(xs => where(cond, xs[0], xs[1]), t.x.ToTensor(), t.y.ToTensor());
            });

    [Test]
    public void Comparisons_between_tensors_broadcast_and_carry_no_gradient()
    {
        var a = tensor([1f, 2f, 3f], 3, 1).requires_grad_();
        var b = tensor([2f, 2f], 1, 2);
        Assert.That(a.gt(b).ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 0f, 1f, 1f }));
        Assert.That(a.ge(b).ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 1f, 1f, 1f }));
        Assert.That(a.lt(b).ToArray(), Is.EqualTo(new[] { 1f, 1f, 0f, 0f, 0f, 0f }));
        Assert.That(a.le(b).ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 0f, 0f }));
        Assert.That(a.eq(b).ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 1f, 0f, 0f }));
        Assert.That(a.gt(b).requires_grad, Is.False);
        var ex = Assert.Throws<ArgumentException>(() => tensor([1f, 2f, 3f]).lt(tensor([1f, 2f])))!;
        Assert.That(ex.Message, Does.Contain("lt").And.Contain("[3]").And.Contain("[2]"));
    }

    [Test]
    public void Sum_to_rejects_shapes_it_cannot_reach()
    {
        Assert.Throws<ArgumentException>(() => zeros(2, 3).sum_to([4]));
        Assert.Throws<ArgumentException>(() => zeros(3).sum_to([2, 3]));
        Assert.That(zeros(2, 3).sum_to([1, 3]).shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(ones(2, 3).sum_to([]).item(), Is.EqualTo(6f));
    }

    // ---- logaddexp: correctly rounded against double, infinities, and its smooth backward ----

    private static Gen<(TensorCase A, TensorCase B)> LogAddExpPair(double range) =>
        from shapes in TensorGen.BroadcastPair(maxRank: 3)
        from x in TensorGen.Of(shapes.A, TensorGen.Uniform(-range, range))
        from y in TensorGen.Of(shapes.B, TensorGen.Uniform(-range, range))
        select (x, y);

    /// <summary>Computed in double and rounded once: within ½ ulp of max + log1p(e^{−|a−b|}) evaluated in double (plus 1e-15 relative).</summary>
    [Test]
    public void Logaddexp_matches_double_and_broadcasts() =>
        PropertyCheck.ForAll(LogAddExpPair(40), p =>
        {
            var y = p.A.ToTensor().logaddexp(p.B.ToTensor());
            var shape = BroadcastShape(p.A.Shape, p.B.Shape);
            Assert.That(y.shape, Is.EqualTo(shape));
            var expected = Enumerable.Range(0, y.numel()).Select(i =>
            {
                var ix = Unravel(i, shape);
                double a = p.A.Values[BroadcastFlat(ix, p.A.Shape)], b = p.B.Values[BroadcastFlat(ix, p.B.Shape)];
                double m = Math.Max(a, b);
                return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
            }).ToArray();
            AssertClose(y.ToArray(), expected, i => 0.5 * Eps32 * Math.Abs(expected[i]) + 1e-15 * (Math.Abs(expected[i]) + 40) + 1e-45, "logaddexp");
        });

    [Test]
    public void Logaddexp_keeps_small_results_and_infinities()
    {
        // log(1 + e⁻²⁰) = 2.0611536e-9: a formula without log1p returns 0 here.
        Assert.That(logaddexp(tensor([0f]), tensor([-20f])).item(), Is.EqualTo(2.0611537e-9f).Within(2e-16));
        var inf = float.PositiveInfinity;
        var y = logaddexp(tensor([-inf, inf, -inf, 3f, float.NaN]), tensor([-inf, inf, 3f, -inf, 0f])).ToArray();
        Assert.That(y[..4], Is.EqualTo(new[] { -inf, inf, 3f, 3f }));
        Assert.That(y[4], Is.NaN);
    }

    [Test]
    public void Logaddexp_backward_matches_finite_differences_to_second_order_also_at_ties() =>
        PropertyCheck.ForAll(LogAddExpPair(3), p =>
        {
            GradCheck.Assert(xs => xs[0].logaddexp(xs[1]), p.A.ToTensor(), p.B.ToTensor());
            GradCheck.AssertSecondOrder(xs => xs[0].logaddexp(xs[1]), p.A.ToTensor(), p.B.ToTensor());
            GradCheck.AssertSecondOrder(xs => xs[0].logaddexp(xs[0]), p.A.ToTensor());   // a tie everywhere: σ(0)(1 − σ(0)) = ¼
        }, cases: 15);

    /// <summary>
    /// A row-major operand against the transpose of one (a weight's gradient through t(), accumulated with another):
    /// the kernel copies the transposed one by 8 × 8 blocks before one pass (Elementwise.TransposedAgainstRows). Every
    /// element equals the scalar op on the pair at its index, on either side, with shapes that fill the blocks and
    /// shapes with edges, and with ±0, ±∞ and NaN among the values; the in-place accumulation gives the same.
    /// </summary>
    [TestCaseSource(nameof(Ops))]
    public void A_transposed_operand_gives_the_scalar_op_at_every_index(BinaryCase op)
    {
        var g = new Generator(7);
        float[] specials = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f];
        foreach (var (rows, cols) in new[] { (8, 8), (64, 64), (64, 2), (13, 21), (9, 70), (70, 9), (125, 64) })
        {
            var rowMajor = randn([rows, cols], g).ToArray();
            var stored = randn([cols, rows], g).ToArray();   // the transposed operand's memory, row-major [cols, rows]
            for (int i = 0; i < specials.Length; i++) { rowMajor[(i * 37) % rowMajor.Length] = specials[i]; stored[(i * 53 + 1) % stored.Length] = specials[(i + 2) % specials.Length]; }
            var a = tensor(rowMajor, rows, cols);
            var bt = tensor(stored, cols, rows).t();
            Assert.That(bt.is_contiguous(), Is.False);
            var right = op.Op(a, bt).ToArray();
            var left = op.Op(bt, a).ToArray();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    float x = rowMajor[r * cols + c], y = stored[c * rows + r];
                    Assert.That(right[r * cols + c], Is.EqualTo(op.Scalar(x, y)), $"{op.Name} [{rows}, {cols}] at [{r}, {c}], transposed on the right");
                    Assert.That(left[r * cols + c], Is.EqualTo(op.Scalar(y, x)), $"{op.Name} [{rows}, {cols}] at [{r}, {c}], transposed on the left");
                }
            if (op.Name != "add") continue;
            var acc = tensor((float[])rowMajor.Clone(), rows, cols);
            Assert.That(acc.TryAddInPlace(bt), Is.True);
            Assert.That(acc.ToArray(), Is.EqualTo(right), $"in-place accumulation [{rows}, {cols}]");
        }
    }
}
