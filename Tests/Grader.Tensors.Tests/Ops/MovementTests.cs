namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// Movement ops (Ops/Movement.cs): which are views sharing storage, their values against index arithmetic done here,
/// round trips (split/chunk/cat), index_select/gather against loops, and gradients through chains of views.
/// </summary>
public class MovementTests
{
    private static Gen<TensorCase> Values(int minRank = 0, int maxRank = 4) => TensorGen.Of(TensorGen.Shape(minRank, maxRank), TensorGen.Uniform(-3, 3));

    private static Gen<(TensorCase X, int[] Perm)> Permuted =>
        from x in Values(1)
        from perm in Gen.Shuffle(Enumerable.Range(0, x.Shape.Length).ToArray())
        select (x, perm);

    [Test]
    public void Reshape_of_a_contiguous_tensor_is_a_view() =>
        PropertyCheck.ForAll(Values(1), c =>
        {
            var x = c.ToTensor();
            var y = x.reshape(-1);
            var z = y.reshape(c.Shape.Reverse().ToArray());
            Assert.That(ReferenceEquals(y.Storage, x.Storage) && ReferenceEquals(z.Storage, x.Storage), "shares storage");
            Assert.That(z.ToArray(), Is.EqualTo(c.Values), "row-major order is kept");
            Assert.That(x.view(c.Shape).shape, Is.EqualTo(c.Shape));
        });

    [Test]
    public void Shape_ops_backward_on_generated_shapes() =>
        PropertyCheck.ForAll(Values(0), c => GradCheck.Assert(xs =>
        {
            var r = xs[0].reshape(c.Shape.Reverse().ToArray()).flatten().unsqueeze(0).unsqueeze(-1);   // [1, n, 1]
            var e = r.expand(3, -1, 2).squeeze(0).view(3, -1).T;                                      // [2n, 3]
            var t = r.squeeze(0).squeeze(-1).expand_as(e.select(1, 0).reshape(2, -1)).reshape(-1);      // [2n]
            return stack([e.select(1, 2), e.clone().contiguous().exp().select(1, 1), t.sin()], 1).chunk(2, 0)[^1];
        }, c.ToTensor()));

    [Test]
    public void Reshape_infers_one_dim_and_rejects_bad_shapes()
    {
        Assert.That(zeros(2, 3, 4).reshape(4, -1).shape, Is.EqualTo(new[] { 4, 6 }));
        Assert.That(zeros(2, 3).flatten().shape, Is.EqualTo(new[] { 6 }));
        Assert.That(zeros(2, 3, 4, 5).flatten(1, 2).shape, Is.EqualTo(new[] { 2, 12, 5 }));
        Assert.That(Assert.Throws<ArgumentException>(() => zeros(2, 3).reshape(4, -1))!.Message, Does.Contain("reshape"));
        Assert.Throws<ArgumentException>(() => zeros(2, 3).reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => zeros(2, 3).reshape(7));
    }

    [Test]
    public void Permute_is_a_view_with_permuted_values() =>
        PropertyCheck.ForAll(Permuted, c =>
        {
            var x = c.X.ToTensor();
            var y = x.permute(c.Perm);
            Assert.That(ReferenceEquals(y.Storage, x.Storage));
            var yShape = c.Perm.Select(p => c.X.Shape[p]).ToArray();
            Assert.That(y.shape, Is.EqualTo(yShape));
            var values = y.contiguous().ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                var iy = Unravel(i, yShape);
                var ix = new int[iy.Length];
                for (int k = 0; k < iy.Length; k++) ix[c.Perm[k]] = iy[k];
                Assert.That(values[i], Is.EqualTo(x[ix]));
            }
            GradCheck.Assert(xs => xs[0].permute(c.Perm) * arange(values.Length).reshape(yShape), c.X.ToTensor());
        });

    [Test]
    public void Transpose_then_contiguous_gives_the_transposed_matrix() =>
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(2, 2, 7), TensorGen.Uniform(-3, 3)), c =>
        {
            int r = c.Shape[0], k = c.Shape[1];
            var t = c.ToTensor().transpose(0, 1);
            Assert.That(t.is_contiguous(), Is.EqualTo(r == 1 || k == 1), "a transpose is a strided view");
            var tc = t.contiguous();
            Assert.That(tc.is_contiguous());
            var v = tc.ToArray();
            for (int i = 0; i < k; i++)
                for (int j = 0; j < r; j++)
                    Assert.That(v[i * r + j], Is.EqualTo(c.Values[j * k + i]));
            Assert.That(c.ToTensor().T.shape, Is.EqualTo(new[] { k, r }));
        });

    [Test]
    public void Contiguous_of_a_contiguous_tensor_is_itself()
    {
        var x = zeros(2, 3);
        Assert.That(ReferenceEquals(x.contiguous(), x));
        Assert.That(ReferenceEquals(x.clone().Storage, x.Storage), Is.False, "clone copies");
    }

    [Test]
    public void Slicing_with_a_step_is_a_view_with_the_right_elements() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Of(TensorGen.Shape(1, 3, 7), TensorGen.Uniform(-3, 3))
            from d in Gen.Choose(0, x.Shape.Length - 1)
            from start in Gen.Choose(-x.Shape[d], x.Shape[d] - 1)
            from end in Gen.Choose(-x.Shape[d], x.Shape[d] + 2)
            from step in Gen.Choose(1, 3)
            select (x, d, start, end, step),
            c =>
            {
                var x = c.x.ToTensor();
                var y = x.slice(c.d, c.start, c.end, c.step);
                Assert.That(ReferenceEquals(y.Storage, x.Storage));
                int n = c.x.Shape[c.d];
                int s = Math.Clamp(c.start < 0 ? c.start + n : c.start, 0, n), e = Math.Clamp(c.end < 0 ? c.end + n : c.end, s, n);
                var picked = Enumerable.Range(0, n).Where(i => i >= s && i < e && (i - s) % c.step == 0).ToArray();
                Assert.That(y.size(c.d), Is.EqualTo(picked.Length));
                var v = y.ToArray();
                var yShape = y.shape;
                for (int i = 0; i < v.Length; i++)
                {
                    var iy = Unravel(i, yShape);
                    iy[c.d] = picked[iy[c.d]];
                    Assert.That(v[i], Is.EqualTo(x[iy]));
                }
                if (picked.Length > 0)
                    GradCheck.Assert(xs => xs[0].slice(c.d, c.start, c.end, c.step).exp(), c.x.ToTensor());
            });

    [Test]
    public void Select_removes_the_dim_and_takes_one_index()
    {
        var x = arange(24).reshape(2, 3, 4);
        var s = x.select(1, -1);
        Assert.That(s.shape, Is.EqualTo(new[] { 2, 4 }));
        Assert.That(s.ToArray(), Is.EqualTo(new float[] { 8, 9, 10, 11, 20, 21, 22, 23 }));
        Assert.That(ReferenceEquals(s.Storage, x.Storage));
        Assert.That(x.select(0, 1).select(0, 2).select(0, 3).item(), Is.EqualTo(23f));
        Assert.Throws<IndexOutOfRangeException>(() => x.select(1, 3));
        Assert.Throws<IndexOutOfRangeException>(() => x.select(1, -4));
        GradCheck.Assert(xs => xs[0].select(2, 1) * xs[0].select(0, 0).select(1, 3).unsqueeze(0), tensor(Enumerable.Range(0, 24).Select(i => 0.1f * i - 1).ToArray(), 2, 3, 4));
    }

    [Test]
    public void Split_chunk_and_cat_round_trip() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Of(TensorGen.Shape(1, 3, 6), TensorGen.Uniform(-3, 3))
            from d in Gen.Choose(0, x.Shape.Length - 1)
            from size in Gen.Choose(1, 6)
            from chunks in Gen.Choose(1, 6)
            select (x, d, size, chunks),
            c =>
            {
                var x = c.x.ToTensor();
                int n = c.x.Shape[c.d];
                var parts = x.split(c.size, c.d);
                Assert.That(parts.Select(p => p.size(c.d)), Is.EqualTo(Enumerable.Range(0, (n + c.size - 1) / c.size).Select(i => Math.Min(c.size, n - i * c.size))));
                Assert.That(parts.All(p => ReferenceEquals(p.Storage, x.Storage)), "split gives views");
                Assert.That(cat(parts, c.d).ToArray(), Is.EqualTo(c.x.Values));
                var chunks = x.chunk(c.chunks, c.d);
                Assert.That(chunks.Length, Is.LessThanOrEqualTo(c.chunks));
                Assert.That(cat(chunks, c.d - c.x.Shape.Length).ToArray(), Is.EqualTo(c.x.Values), "cat with a negative dim");
                GradCheck.Assert(xs => cat(xs[0].split(c.size, c.d).Select((p, i) => p * (i + 1f)).Reverse().ToArray(), c.d), c.x.ToTensor());
            });

    [Test]
    public void Split_by_sizes_and_cat_errors()
    {
        var x = arange(10).reshape(2, 5);
        var parts = x.split([1, 4], 1);
        Assert.That(parts[1].ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4, 6, 7, 8, 9 }));
        Assert.That(Assert.Throws<ArgumentException>(() => x.split([2, 2], 1))!.Message, Does.Contain("split").And.Contain("[2, 5]"));
        Assert.That(Assert.Throws<ArgumentException>(() => cat([zeros(2, 3), zeros(3, 3)], 1))!.Message, Does.Contain("cat").And.Contain("[2, 3]").And.Contain("[3, 3]"));
        Assert.Throws<ArgumentException>(() => cat([zeros(2, 3), zeros(3)]));
        Assert.Throws<ArgumentException>(() => cat([]));
        Assert.Throws<ArgumentException>(() => cat([scalar(1f), scalar(2f)]));
        Assert.That(stack([scalar(1f), scalar(2f)]).ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(stack([zeros(2, 3), ones(2, 3)], 1).shape, Is.EqualTo(new[] { 2, 2, 3 }));
    }

    [Test]
    public void Unsqueeze_squeeze_expand_views()
    {
        var x = arange(6).reshape(2, 3);
        Assert.That(x.unsqueeze(0).shape, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(x.unsqueeze(-1).shape, Is.EqualTo(new[] { 2, 3, 1 }));
        Assert.That(x.unsqueeze(1).squeeze(1).shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(x.squeeze(0).shape, Is.EqualTo(new[] { 2, 3 }), "squeezing a dim that is not 1 is a no-op");
        var e = x.unsqueeze(0).expand(4, -1, -1);
        Assert.That(e.shape, Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That(e.stride()[0], Is.EqualTo(0), "expand repeats with stride 0");
        Assert.That(e.ToArray().Skip(6 * 3), Is.EqualTo(x.ToArray()));
        Assert.Throws<ArgumentException>(() => x.expand(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.unsqueeze(3));
        GradCheck.Assert(xs => xs[0].unsqueeze(1).expand(2, 4, 3).sin(), tensor([0.1f, 0.5f, -0.3f, 1f, 2f, -2f], 2, 3));
    }

    [Test]
    public void Index_select_matches_a_loop() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Of(TensorGen.Shape(1, 3, 5), TensorGen.Uniform(-3, 3))
            from d in Gen.Choose(0, x.Shape.Length - 1)
            from index in Gen.Choose(0, x.Shape[d] - 1).ArrayOf().Where(ix => ix.Length > 0 && ix.Length <= 6)
            select (x, d, index),
            c =>
            {
                var x = c.x.ToTensor();
                var y = x.index_select(c.d, c.index);
                var yShape = (int[])c.x.Shape.Clone(); yShape[c.d] = c.index.Length;
                Assert.That(y.shape, Is.EqualTo(yShape));
                var v = y.ToArray();
                for (int i = 0; i < v.Length; i++)
                {
                    var iy = Unravel(i, yShape);
                    iy[c.d] = c.index[iy[c.d]];
                    Assert.That(v[i], Is.EqualTo(x[iy]));
                }
                Assert.That(x.index_select(c.d, tensor(c.index.Select(i => (float)i).ToArray())).ToArray(), Is.EqualTo(v));
                // Repeated indices: the backward adds up every use.
                GradCheck.Assert(xs => xs[0].index_select(c.d, c.index), c.x.ToTensor());
            });

    [Test]
    public void Gather_matches_a_loop() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Of(TensorGen.Shape(1, 3, 4), TensorGen.Uniform(-3, 3))
            from d in Gen.Choose(0, x.Shape.Length - 1)
            from shape in Gen.CollectToArray(x.Shape.Select(s => Gen.Choose(1, s)))
            from rows in Gen.Choose(1, 5)
            let indexShape = shape.Select((s, i) => i == d ? rows : s).ToArray()
            from index in Gen.Choose(0, x.Shape[d] - 1).ArrayOf(ShapeUtil.Numel(indexShape))
            select (x, d, indexShape, index),
            t =>
            {
                var x = t.x.ToTensor();
                var index = tensor(t.index.Select(i => (float)i).ToArray(), t.indexShape);
                var y = x.gather(t.d, index);
                Assert.That(y.shape, Is.EqualTo(t.indexShape));
                var v = y.ToArray();
                for (int i = 0; i < v.Length; i++)
                {
                    var ix = Unravel(i, t.indexShape);
                    ix[t.d] = t.index[i];
                    Assert.That(v[i], Is.EqualTo(x[ix]));
                }
                GradCheck.Assert(xs => xs[0].gather(t.d, index), t.x.ToTensor());
            });

    [Test]
    public void Index_errors_name_the_op()
    {
        var x = zeros(2, 3);
        Assert.That(Assert.Throws<IndexOutOfRangeException>(() => x.index_select(1, [3]))!.Message, Does.Contain("index_select"));
        Assert.That(Assert.Throws<IndexOutOfRangeException>(() => x.gather(1, tensor([0f, 5f], 2, 1)))!.Message, Does.Contain("gather"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.gather(1, tensor([0f, 1f])))!.Message, Does.Contain("gather"));
        Assert.Throws<ArgumentException>(() => x.index_select(0, tensor([0.5f])));
    }

    /// <summary>A chain of views (permute, slice with step, expand, reshape of a non-contiguous view) differentiates correctly.</summary>
    [Test]
    public void Gradient_flows_through_chains_of_views() =>
        PropertyCheck.ForAll(TensorGen.Of(new[] { 3, 4, 5 }, TensorGen.Uniform(-2, 2)), c =>
            GradCheck.Assert(xs =>
            {
                var v = xs[0].permute(2, 0, 1).slice(0, 1, 5, 2).transpose(1, 2);   // [2, 4, 3], non-contiguous
                var w = v.reshape(8, 3).unsqueeze(0).expand(2, 8, 3);               // reshape copies, expand repeats
                return (w.flatten() * (arange(48) / 48f)).tanh() + v.sum(1).select(1, 2).sum();
            }, c.ToTensor()));
}
