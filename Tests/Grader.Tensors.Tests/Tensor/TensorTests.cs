// Not "…Tests.Tensor": a namespace of that name would hide the Tensor type from every test in Grader.Tensors.Tests.
namespace Grader.Tensors.Tests.TensorType;

/// <summary>The Tensor type itself (Tensor/Tensor.cs, Tensor.InPlace.cs, ShapeUtil.cs): layout, element access, printing, leaves.</summary>
public class TensorTests
{
    [Test]
    public void Shape_strides_and_contiguity()
    {
        var x = zeros(2, 3, 4);
        Assert.That(x.shape, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(x.stride(), Is.EqualTo(new[] { 12, 4, 1 }));
        Assert.That((x.dim(), x.ndim, x.numel(), x.size(-1)), Is.EqualTo((3, 3, 24, 4)));
        Assert.That(x.is_contiguous());
        Assert.That(x.transpose(0, 2).is_contiguous(), Is.False);
        Assert.That(x.slice(1, 0, 3, 2).is_contiguous(), Is.False);
        Assert.That(x.narrow(0, 1, 1).is_contiguous(), "a slice of whole leading rows is contiguous (with an offset)");
        Assert.That(zeros(3, 1).expand(3, 1).is_contiguous());
        Assert.That(zeros(1, 3).expand(4, 3).is_contiguous(), Is.False);
        var shape = x.shape; shape[0] = 99;
        Assert.That(x.shape[0], Is.EqualTo(2), "shape returns a copy");
    }

    [Test]
    public void ToArray_reads_any_view_in_row_major_order()
    {
        var x = arange(24).reshape(2, 3, 4);
        var v = x.permute(2, 0, 1).slice(0, 1, 4, 2).select(2, 1);   // [2, 2]: x[0,1,1], x[1,1,1], x[0,1,3], x[1,1,3]
        Assert.That(v.ToArray(), Is.EqualTo(new float[] { 5, 17, 7, 19 }));
        Assert.That(v.ToDoubleArray(), Is.EqualTo(new double[] { 5, 17, 7, 19 }));
        Assert.That(v[1, 0], Is.EqualTo(7f));
        Assert.That(v[-1, -1], Is.EqualTo(19f));
        Assert.That(zeros(0, 3).ToArray(), Is.Empty);
    }

    [Test]
    public void Item_and_indexer_errors_say_what_is_wrong()
    {
        Assert.That(scalar(2.5f).item(), Is.EqualTo(2.5f));
        Assert.That(tensor([7f], 1, 1).item(), Is.EqualTo(7f));
        Assert.That(Assert.Throws<InvalidOperationException>(() => zeros(2).item())!.Message, Does.Contain("[2]"));
        var x = zeros(2, 3);
        Assert.Throws<ArgumentException>(() => _ = x[1]);
        Assert.Throws<IndexOutOfRangeException>(() => _ = x[2, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => _ = x[0, -4]);
    }

    [Test]
    public void ToString_is_culture_invariant_and_shows_the_graph()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            // The build runs in invariant-globalization mode, so a comma-decimal culture is made by hand (as de-DE formats).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "−";
            Thread.CurrentThread.CurrentCulture = comma;
            Assert.That(tensor([1.5f, -2f]).ToString(), Is.EqualTo("tensor([1.5, -2], shape=[2])"));
        }
        finally { Thread.CurrentThread.CurrentCulture = previous; }
        Assert.That(scalar(3f).ToString(), Is.EqualTo("tensor(3, shape=[])"));
        Assert.That(arange(10).ToString(), Does.Contain("…").And.EndWith("shape=[10])"));
        var w = tensor([1f]).requires_grad_();
        Assert.That(w.ToString(), Does.Contain("requires_grad=True"));
        Assert.That((w * 2f).ToString(), Does.Contain("grad_fn=mul"));
    }

    [Test]
    public void Detach_shares_storage_and_cuts_the_graph()
    {
        var x = tensor([1f, 2f]).requires_grad_();
        var y = x * 3f;
        var d = y.detach();
        Assert.That(ReferenceEquals(d.Storage, y.Storage));
        Assert.That(d.requires_grad || d.grad_fn != null, Is.False);
        (d * x).sum().backward();
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 3f, 6f }), "no gradient flows through the detached factor");
    }

    [Test]
    public void CopyFrom_writes_leaves_and_refuses_graph_results()
    {
        var p = zeros(2, 3);
        p.CopyFrom(arange(6));
        Assert.That(p.ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
        var view = p.transpose(0, 1);
        view.CopyFrom(tensor([10f, 11f, 12f, 13f, 14f, 15f]));
        Assert.That(p.ToArray(), Is.EqualTo(new float[] { 10, 12, 14, 11, 13, 15 }), "writing through a transposed view lands in the right places");
        Assert.Throws<ArgumentException>(() => p.CopyFrom(zeros(5)));
        var w = tensor([1f]).requires_grad_();
        Assert.Throws<InvalidOperationException>(() => (w * 2f).CopyFrom(tensor([3f])));
        var span = p.MutableSpan();
        span[0] = -1f;
        Assert.That(p[0, 0], Is.EqualTo(-1f));
        Assert.Throws<InvalidOperationException>(() => p.T.MutableSpan());
    }

    [Test]
    public void Broadcast_errors_name_the_op_both_shapes_and_the_dim()
    {
        var ex = Assert.Throws<ArgumentException>(() => ShapeUtil.Broadcast([2, 3], [4, 3], "mul"))!;
        Assert.That(ex.Message, Is.EqualTo("mul: shapes [2, 3] and [4, 3] cannot be broadcast together (dim 0: 2 vs 4)"));
        Assert.That(ShapeUtil.Broadcast([], [2, 1], "add"), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(ShapeUtil.Broadcast([5, 1, 3], [4, 1], "add"), Is.EqualTo(new[] { 5, 4, 3 }));
        Assert.That(ShapeUtil.NormDim(-1, 3, "op"), Is.EqualTo(2));
        Assert.That(ShapeUtil.NormDim(-1, 0, "op"), Is.EqualTo(0), "a 0-d tensor takes dim −1 like dim 0");
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapeUtil.NormDim(3, 3, "op"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapeUtil.NormDim(-4, 3, "op"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapeUtil.NormDim(1, 0, "op"));
    }

    [Test]
    public void Leaf_state()
    {
        var x = zeros(2);
        Assert.That((x.is_leaf, x.requires_grad, x.grad_fn), Is.EqualTo((true, false, (Node?)null)));
        x.requires_grad_();
        Assert.That(x.requires_grad && x.is_leaf);
        x.requires_grad_(false);
        Assert.That(x.requires_grad, Is.False);
        Assert.That(TensorGen.Leaf([1f], []).shape, Is.Empty);
    }
}
