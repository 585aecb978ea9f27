namespace Grader.Tensors.Tests.Autograd;

/// <summary>
/// Autograd's version counters (TensorStorage.Version, Node.CheckSaved): a tensor a backward rule reads, written in
/// place after its op ran, makes backward fail with one message, whatever the write (CopyFrom on the tensor, on a
/// view of it or on a detached alias, load_state_dict, an optimiser's step, under no_grad too); a write before the op,
/// a write to a tensor no rule reads, and the usual forward → backward → step loop pass, and so do gradients of higher
/// order.
/// </summary>
public class VersionCounterTests
{
    private static InvalidOperationException BackwardFails(Tensor loss) =>
        Assert.Throws<SavedTensorWrittenException>(() => loss.backward())!;

    [Test]
    public void CopyFrom_on_an_input_a_rule_saved_makes_backward_fail_with_the_op_and_both_versions()
    {
        var x = tensor([1f, 2f, 3f]);
        var w = tensor([0.5f, -1f, 2f]).requires_grad_();
        var loss = (x * w).sum();           // mul saves x for w's gradient
        x.CopyFrom(tensor([9f, 9f, 9f]));
        var e = BackwardFails(loss);
        Assert.That(e.Message, Is.EqualTo(
            "backward(): a tensor needed for the gradient of mul (shape [3]) was written in place (version 1, saved at 0) after it was saved; " +
            "compute with a copy or write before the forward"));
        Assert.That(w.grad, Is.Null);
    }

    [Test]
    public void A_write_through_a_detached_alias_of_a_saved_activation_fails()
    {
        var w = tensor([0.5f, -1f, 2f]).requires_grad_();
        var h = (w * 2f).relu();            // relu saves its output
        var loss = h.sum();
        h.detach().CopyFrom(tensor([1f, 1f, 1f]));
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of relu (shape [3])").And.Contain("version 1, saved at 0"));
    }

    [Test]
    public void A_write_through_a_view_bumps_the_version_its_base_shares()
    {
        var x = tensor([1f, 2f, 3f, 4f], 2, 2);
        var w = tensor([1f, 1f, 1f, 1f], 2, 2).requires_grad_();
        var loss = (x * w).sum();
        x.narrow(0, 1, 1).CopyFrom(tensor([0f, 0f], 1, 2));   // one row of x, through a view
        x.t().select(0, 0).CopyFrom(tensor([5f, 5f]));         // and a strided view
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of mul (shape [2, 2])").And.Contain("version 2, saved at 0"));
    }

    [Test]
    public void A_write_under_no_grad_still_counts()
    {
        var w = tensor([0.3f, 0.7f]).requires_grad_();
        var y = w.exp();                    // exp saves its output
        var loss = y.sum();
        using (no_grad()) y.detach().CopyFrom(zeros(2));
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of exp"));
    }

    [Test]
    public void Load_state_dict_between_forward_and_backward_fails_where_the_layer_saved_its_weight()
    {
        var layer = nn.Linear(3, 2, new Generator(1));
        var x = randn([4, 3], new Generator(2)).requires_grad_();   // x needs a gradient, so the product saves the weight
        var loss = layer.forward(x).pow(2).sum();
        layer.load_state_dict(layer.state_dict().ToDictionary(p => p.name, p => p.tensor.clone().detach()));
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of addmm (shape [3, 2])"));
    }

    [TestCase("SGD")]
    [TestCase("Adam")]
    public void An_optimiser_step_between_forward_and_backward_fails(string optimiser)
    {
        var w = tensor([0.5f, -1f]).requires_grad_();
        Optimizer opt = optimiser == "SGD" ? optim.SGD([w], lr: 0.1) : optim.Adam([w], lr: 0.1);
        w.grad = ones(2);
        var loss = (w * w).sum();           // mul saves w twice
        opt.step();                         // writes w in place
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of mul").And.Contain("version 1, saved at 0"));
    }

    [Test]
    public void The_narrow_perceptron_node_and_the_fused_layer_check_their_saved_tensors()
    {
        var g = new Generator(3);
        var net = nn.Sequential(nn.Linear(2, 48, g), nn.Tanh(), nn.Linear(48, 2, g));   // one narrow_mlp node
        var x = randn([8, 2], g);
        var loss = net.forward(x).pow(2).sum();
        x.CopyFrom(zeros(8, 2));
        Assert.That(BackwardFails(loss).Message, Does.Contain("gradient of narrow_mlp"));

        var wide = nn.Sequential(nn.Linear(2, 8, g), nn.ReLU(), nn.Linear(8, 8, g));
        var x2 = randn([8, 2], g);
        var loss2 = wide.forward(x2).sum();
        x2.CopyFrom(zeros(8, 2));
        Assert.That(BackwardFails(loss2).Message, Does.Contain("gradient of addmm_relu"));
    }

    [Test]
    public void A_write_before_the_forward_passes_and_the_gradient_is_of_the_written_values()
    {
        var x = tensor([1f, 2f, 3f]);
        var w = tensor([0.5f, -1f, 2f]).requires_grad_();
        x.CopyFrom(tensor([4f, 5f, 6f]));
        (x * w).sum().backward();
        Assert.That(w.grad!.ToArray(), Is.EqualTo(new[] { 4f, 5f, 6f }));
    }

    [Test]
    public void A_write_to_a_tensor_no_rule_reads_passes()
    {
        var x = tensor([1f, 2f, 3f]);
        var w = tensor([0.5f, -1f, 2f]).requires_grad_();
        var sum = (x + w).sum();            // add reads neither operand
        x.CopyFrom(zeros(3));
        sum.backward();
        Assert.That(w.grad!.ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f }));

        var c = tensor([2f, 2f, 2f]);
        var v = tensor([1f, 2f, 3f]).requires_grad_();
        var product = (v * c).sum();        // mul reads c for v's gradient, and not v (c needs none)
        using (no_grad()) v.detach().CopyFrom(zeros(3));
        product.backward();
        Assert.That(v.grad!.ToArray(), Is.EqualTo(new[] { 2f, 2f, 2f }));
    }

    [TestCase("SGD")]
    [TestCase("Adam")]
    public void Forward_backward_step_loops_pass_and_the_loss_falls(string optimiser)
    {
        var g = new Generator(4);
        var net = nn.Sequential(nn.Linear(2, 16, g), nn.ReLU(), nn.Linear(16, 1, g));
        var opt = optimiser == "SGD" ? (Optimizer)optim.SGD(net.parameters(), lr: 0.05) : optim.Adam(net.parameters(), lr: 0.01);
        var x = randn([32, 2], g);
        var target = x.sum(1, keepdim: true);
        float first = 0, last = 0;
        for (int step = 0; step < 50; step++)
        {
            opt.zero_grad();
            var loss = (net.forward(x) - target).pow(2).mean();
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
            x.CopyFrom(x);                  // the next batch written into the same buffer, after backward
        }
        Assert.That(last, Is.LessThan(first / 2));
    }

    [Test]
    public void Second_order_gradients_still_work_and_check_the_tensors_of_the_first_order_graph()
    {
        var x = tensor([0.3f, -0.8f]).requires_grad_();
        var y = x.tanh();
        var dydx = autograd.grad(y.sum(), x, create_graph: true);   // 1 − tanh², a graph of its own
        var d2 = autograd.grad(dydx.sum(), x);                      // −2 tanh (1 − tanh²)
        for (int i = 0; i < 2; i++)
        {
            double t = Math.Tanh(x.ToArray()[i]);
            Assert.That(d2.ToArray()[i], Is.EqualTo(-2 * t * (1 - t * t)).Within(1e-5));
        }

        var again = autograd.grad(x.tanh().sum(), x, create_graph: true);
        y.detach().CopyFrom(zeros(2));      // y is not in this graph: nothing it saved
        Assert.DoesNotThrow(() => autograd.grad(again.sum(), x));

        var z = x.tanh();
        var dzdx = autograd.grad(z.sum(), x, create_graph: true);   // tanh_backward saves z
        z.detach().CopyFrom(zeros(2));
        var e = Assert.Throws<SavedTensorWrittenException>(() => autograd.grad(dzdx.sum(), x))!;
        Assert.That(e.Message, Does.Contain("gradient of tanh_backward"));
    }

    [Test]
    public void Every_in_place_write_of_the_engine_bumps_the_version()
    {
        var t = tensor([1f, 2f]);
        Assert.That(t.Storage.Version, Is.Zero);
        t.CopyFrom(tensor([3f, 4f]));
        Assert.That(t.Storage.Version, Is.EqualTo(1));
        Assert.That(t.TryAddInPlace(tensor([1f, 1f])), Is.True);   // the backward pass's accumulation
        Assert.That(t.Storage.Version, Is.EqualTo(2));
        var p = tensor([1f, 2f]).requires_grad_();
        p.grad = ones(2);
        optim.SGD([p], lr: 1).step();
        Assert.That(p.Storage.Version, Is.EqualTo(1));
        Assert.That(p.detach().Storage.Version, Is.EqualTo(1), "a view reads its base's counter");
    }
}
