using System.Numerics;

namespace Grader.Tensors.Tests.TensorType;

/// <summary>
/// Element counts, strides and offsets are computed in long with overflow checks (Tensor/ShapeUtil.cs, the Tensor
/// constructor's layout invariant): a shape whose size does not fit one float[] is an ArgumentException naming the op
/// and the shape, before anything is allocated, and no view can address past its storage. The sizes here are chosen
/// so that int arithmetic would wrap (3 · 1431655766 = 2 mod 2³²) or land just past the limit; nothing large is
/// allocated (the valid giants are stride-0 views).
/// </summary>
public class CheckedArithmeticTests
{
    private const int Max = ShapeUtil.MaxElements;

    private static void ShouldRefuse(Action act, string op, string shape)
    {
        var ex = Assert.Throws<ArgumentException>(() => act())!;
        Assert.That(ex.Message, Does.StartWith(op + ":").And.Contain(shape), ex.Message);
    }

    [Test]
    public void The_issues_example_is_refused_instead_of_getting_two_floats()
    {
        var ex = Assert.Throws<ArgumentException>(() => zeros(3, 1431655766))!;
        Assert.That(ex.Message, Is.EqualTo($"zeros: shape [3, 1431655766] is too large: 4294967298 elements, more than a tensor can hold ({Max})"));
        // The same shape through every route that takes one: the wrapped count (2) must not match two floats of data.
        ShouldRefuse(() => tensor([1f, 2f], 3, 1431655766), "tensor", "[3, 1431655766]");
        ShouldRefuse(() => tensor([1f, 2f]).reshape(3, 1431655766), "reshape", "[3, 1431655766]");
        ShouldRefuse(() => tensor([1f, 2f]).view(-1, 3, 1431655766), "reshape", "[-1, 3, 1431655766]");
        ShouldRefuse(() => zeros(1, 1).expand(3, 1431655766), "expand", "[3, 1431655766]");
        ShouldRefuse(() => ones(3, 1431655766), "ones", "[3, 1431655766]");
        ShouldRefuse(() => full([3, 1431655766], 1f), "full", "[3, 1431655766]");
        ShouldRefuse(() => randn([3, 1431655766], new Generator(1)), "randn", "[3, 1431655766]");
        ShouldRefuse(() => rand([3, 1431655766], new Generator(1)), "rand", "[3, 1431655766]");
        ShouldRefuse(() => randint(0, 2, [3, 1431655766], new Generator(1)), "randint", "[3, 1431655766]");
        ShouldRefuse(() => laplace([3, 1431655766], new Generator(1)), "laplace", "[3, 1431655766]");
    }

    [Test]
    public void Negative_dims_and_sizes_are_refused_with_the_op()
    {
        ShouldRefuse(() => zeros(2, -1), "zeros", "[2, -1]");
        ShouldRefuse(() => zeros(4).reshape(-2, -2), "reshape", "[-2, -2]");
        ShouldRefuse(() => zeros(1).expand(-3), "expand", "[-3]");
        ShouldRefuse(() => zeros(2).expand(-1, 2), "expand", "[-1, 2]");   // -1 may only keep an existing dim
        ShouldRefuse(() => linspace(0, 1, -1), "linspace", "[-1]");
        ShouldRefuse(() => eye(-2), "eye", "[-2, -2]");
        ShouldRefuse(() => randperm(-1, new Generator(1)), "randperm", "[-1]");
        Assert.Throws<ArgumentException>(() => zeros(6).split([7, -1]));
        Assert.Throws<ArgumentException>(() => zeros(6).split(0));
        Assert.Throws<ArgumentException>(() => zeros(6).chunk(0));
    }

    [Test]
    public void Sizes_computed_from_several_numbers_are_checked()
    {
        ShouldRefuse(() => eye(46341), "eye", "[46341, 46341]");   // 46341² = 2147488281 > the limit, < 2³²
        Assert.That(Assert.Throws<ArgumentException>(() => arange(0, 3e9))!.Message, Does.StartWith("arange:"));
        Assert.That(Assert.Throws<ArgumentException>(() => arange(0, 1, 0))!.Message, Does.StartWith("arange:"));
        // Broadcasting two valid stride-0 views to a result that does not fit: refused before the 10 GB allocation.
        var column = zeros(1, 1).expand(50000, 1);
        var row = zeros(1, 1).expand(1, 50000);
        ShouldRefuse(() => _ = column + row, "add", "[50000, 50000]");
        ShouldRefuse(() => where(column, column, row), "where", "[50000, 50000]");
        ShouldRefuse(() => column.matmul(row), "matmul", "[50000, 50000]");
        ShouldRefuse(() => zeros(1, 1, 1).expand(50000, 1, 1).matmul(zeros(1, 1, 1).expand(1, 1, 50000)), "matmul", "[50000, 1, 50000]");
        ShouldRefuse(() => Tensor.addmm(zeros(50000), column, row), "addmm", "[50000, 50000]");
        var half = zeros(1).expand(1_500_000_000);
        Assert.That(half.numel(), Is.EqualTo(1_500_000_000), "a valid stride-0 view of 1.5·10⁹ elements");
        Assert.That(Assert.Throws<ArgumentException>(() => cat([half, half]))!.Message, Does.StartWith("cat:").And.Contain("3000000000"));
        ShouldRefuse(() => zeros(1, 1).expand(1, 100_000).index_select(0, new int[30_000]), "index_select", "[30000, 100000]");
    }

    [Test]
    public void Window_sizes_are_computed_in_long()
    {
        var x = zeros(1, 1, 1, 1);
        // padding 50000 on a 1×1 input: 100001² ≈ 10¹⁰ window positions.
        Assert.That(Assert.Throws<ArgumentException>(() => nn.functional.conv2d(x, zeros(1, 1, 1, 1), padding: 50000))!.Message,
            Does.StartWith("conv2d:").And.Contain("window positions"));
        // a padded size past int: every coordinate the kernels compute would overflow.
        Assert.That(Assert.Throws<ArgumentException>(() => nn.functional.unfold(x, 1, padding: 1_500_000_000))!.Message,
            Does.StartWith("unfold:").And.Contain("too large"));
        // a 70000×70000 kernel (4.9·10⁹ entries) on a padded input.
        Assert.That(Assert.Throws<ArgumentException>(() => nn.functional.unfold(x, 70000, padding: 35000))!.Message,
            Does.StartWith("unfold:").And.Contain("kernel"));
        // stride 2³¹ − 1 with two input rows: the output height (h − 1)·stride + k overflows int.
        Assert.That(Assert.Throws<ArgumentException>(() => nn.functional.conv_transpose2d(zeros(1, 1, 3, 3), zeros(1, 1, 2, 2), stride: int.MaxValue))!.Message,
            Does.StartWith("conv_transpose2d:").And.Contain("output height"));
        Assert.Throws<ArgumentException>(() => nn.functional.fold(zeros(1, 1, 4), (50000, 50000), 1));
    }

    [Test]
    public void Views_with_extreme_steps_and_ranges_stay_inside_their_storage()
    {
        var x = arange(10).reshape(2, 5);
        var s = x.slice(1, 0, 5, int.MaxValue);   // one column: the step's stride is never taken
        Assert.That(s.shape, Is.EqualTo(new[] { 2, 1 }));
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 0f, 5f }));
        Assert.That(s.unsqueeze(2).unsqueeze(1).ToArray(), Is.EqualTo(new[] { 0f, 5f }));
        Assert.That(x.slice(1, int.MinValue, int.MaxValue).shape, Is.EqualTo(new[] { 2, 5 }), "slice clamps its range as PyTorch's indexing does");
        Assert.Throws<ArgumentOutOfRangeException>(() => x.narrow(1, 1, int.MaxValue), "start + length overflowing int is out of range, not a short view");
        Assert.Throws<ArgumentOutOfRangeException>(() => x.narrow(1, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.narrow(1, 0, -1));
        Assert.That(x.narrow(1, -2, 2).ToArray(), Is.EqualTo(new[] { 3f, 4f, 8f, 9f }), "a negative start counts from the end");
        Assert.That(Assert.Throws<ArgumentException>(() => tensor([3e9f]).ToIndices())!.Message, Does.Contain("not an integer index"));
    }

    /// <summary>The constructor's invariant, for internal callers: a layout that would address past the storage throws.</summary>
    [Test]
    public void The_constructor_refuses_layouts_that_leave_the_storage()
    {
        Assert.Throws<InvalidOperationException>(() => _ = new Tensor(new float[6], [2, 3], null, 1));
        Assert.Throws<InvalidOperationException>(() => _ = new Tensor(new float[6], [2, 3], [4, 1]));
        Assert.Throws<InvalidOperationException>(() => _ = new Tensor(new float[6], [2], [-1]));
        Assert.Throws<InvalidOperationException>(() => _ = new Tensor(new float[6], [1], [1], -1));
        Assert.Throws<ArgumentException>(() => _ = new Tensor(new float[2], [3, 1431655766]));
        Assert.That(new Tensor(new float[6], [2, 2], [3, 1], 1).ToArray(), Is.EqualTo(new float[4]), "the last element addressed is storage[5]");
        Assert.That(new Tensor([], [0, 5], null, 0).numel(), Is.EqualTo(0), "an empty view addresses nothing");
    }

    [Test]
    public void Gemm_refuses_spans_shorter_than_the_matrices_they_describe()
    {
        // A 2×3 by 3×2 product needs 6 + 6 floats of operands and 4 of output.
        Assert.DoesNotThrow(() => Gemm.CheckOperands(false, false, 2, 2, 3, 6, 3, 6, 2, 4));
        Assert.DoesNotThrow(() => Gemm.CheckOperands(true, true, 2, 2, 3, 6, 2, 6, 3, 4));
        Assert.Throws<ArgumentException>(() => Gemm.CheckOperands(false, false, 2, 2, 3, 5, 3, 6, 2, 4), "A one float short");
        Assert.Throws<ArgumentException>(() => Gemm.CheckOperands(false, false, 2, 2, 3, 6, 3, 6, 2, 3), "C one float short");
        Assert.Throws<ArgumentException>(() => Gemm.CheckOperands(false, false, 2, 2, 3, 6, 2, 6, 2, 4), "lda below the row length");
        Assert.Throws<ArgumentException>(() => Gemm.CheckOperands(false, false, 1_431_655_766, 1, 3, 6, 3, 3, 1, 2), "sizes whose int product wraps");
        if (Gemm.NativeAvailable)
            Assert.Throws<ArgumentException>(() => Gemm.RunNative(false, false, 2, 2, 3, new float[5], 3, new float[6], 2, new float[4]));
    }

    // ---- the property: random shapes near the limit ----

    public sealed record ShapeCase(int[] Shape)
    {
        public BigInteger Product => Shape.Aggregate(BigInteger.One, (p, d) => p * d);
        public override string ToString() => ShapeUtil.Format(Shape);
    }

    /// <summary>
    /// Shapes of rank 1–4 with dims ≥ 1 whose exact product lies near the limit: the leading dims are log-uniform in
    /// [1, 2¹⁶], the last one is ⌊limit / rest⌋ + δ with δ ∈ [−2, 2] (so the product straddles the limit), or
    /// ⌊k·2³² / rest⌋ + 1 (so in int arithmetic it wraps to a small number), or a uniform dim below 2³¹.
    /// </summary>
    private static Gen<ShapeCase> NearTheLimit =>
        from rank in Gen.Choose(1, 4)
        from bits in Gen.Choose(0, 16).ArrayOf(rank - 1)
        from fraction in Gen.Choose(0, 1 << 16).ArrayOf(rank - 1)
        let lead = bits.Select((b, i) => Math.Max(1, (int)Math.Min(1L << b, (long)((1L << b) * (1 + fraction[i] / 65536.0))))).ToArray()
        let rest = lead.Aggregate(1L, (p, d) => p * d)
        from kind in Gen.Choose(0, 2)
        from delta in Gen.Choose(-2, 2)
        from k in Gen.Choose(1, 3)
        from free in Gen.Choose(0, int.MaxValue)
        let last = kind switch
        {
            0 => Max / rest + delta,
            1 => ((long)k << 32) / rest + 1,
            _ => free,
        }
        where last >= 1 && last <= int.MaxValue
        select new ShapeCase(lead.Append((int)last).ToArray());

    /// <summary>
    /// 200 cases; about a fifth fit (kind 0 with δ ≤ 0), so each branch is asserted to have run at least 10 times
    /// (for a binomial(200, 0.2) that fails with probability below 10⁻⁸).
    /// </summary>
    [Test]
    public void Every_shape_near_the_limit_is_either_exactly_counted_or_refused_naming_op_and_shape()
    {
        int refused = 0, counted = 0;
        PropertyCheck.ForAll(NearTheLimit, c =>
        {
            var shape = c.Shape;
            string text = ShapeUtil.Format(shape);
            var ones = Enumerable.Repeat(1, shape.Length).ToArray();
            if (c.Product > Max)
            {
                ShouldRefuse(() => zeros(shape), "zeros", text);
                ShouldRefuse(() => full(shape, 2f), "full", text);
                ShouldRefuse(() => randn(shape, new Generator(3)), "randn", text);
                ShouldRefuse(() => tensor(new float[2], shape), "tensor", text);
                ShouldRefuse(() => zeros(ones).expand(shape), "expand", text);
                ShouldRefuse(() => zeros(1).reshape(shape), "reshape", text);
                refused++;
            }
            else
            {
                // A valid giant as a stride-0 view (no allocation): its count is exact, and so are the counts of its views.
                var v = zeros(ones).expand(shape);
                Assert.That((BigInteger)v.numel(), Is.EqualTo(c.Product), text);
                Assert.That((BigInteger)ShapeUtil.Numel(shape, "test"), Is.EqualTo(c.Product));
                var strides = Tensor.ContiguousStrides(shape);
                for (int i = 0; i < shape.Length; i++)
                    Assert.That((BigInteger)strides[i], Is.EqualTo(shape.Skip(i + 1).Aggregate(BigInteger.One, (p, d) => p * d)), $"stride {i} of {text}");
                var last = v.narrow(-1, shape[^1] - 1, 1).unsqueeze(0).transpose(0, -1);
                Assert.That((BigInteger)last.numel(), Is.EqualTo(c.Product / shape[^1]));
                counted++;
            }
        }, cases: 200);
        TestContext.Out.WriteLine($"{refused} shapes refused, {counted} counted exactly");
        Assert.That(refused, Is.GreaterThanOrEqualTo(10));
        Assert.That(counted, Is.GreaterThanOrEqualTo(10));
    }
}
