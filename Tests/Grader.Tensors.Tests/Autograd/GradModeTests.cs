namespace Grader.Tensors.Tests.Autograd;

/// <summary>Grad mode (Autograd/GradMode.cs): no_grad/enable_grad scopes nest, restore, and are per thread.</summary>
public class GradModeTests
{
    [Test]
    public void No_grad_scopes_nest_and_restore()
    {
        var x = tensor([1f, 2f]).requires_grad_();
        Assert.That(is_grad_enabled());
        using (no_grad())
        {
            Assert.That(is_grad_enabled(), Is.False);
            var y = x * 2f;
            Assert.That(y.requires_grad, Is.False);
            Assert.That(y.grad_fn, Is.Null);
            using (enable_grad())
            {
                Assert.That(is_grad_enabled());
                var z = x * 2f;
                Assert.That(z.requires_grad && z.grad_fn != null);
                using (no_grad()) Assert.That(is_grad_enabled(), Is.False);
                Assert.That(is_grad_enabled(), "inner no_grad restored enable_grad");
            }
            Assert.That(is_grad_enabled(), Is.False, "enable_grad restored the outer no_grad");
            using (no_grad()) Assert.That(is_grad_enabled(), Is.False);
            Assert.That(is_grad_enabled(), Is.False);
        }
        Assert.That(is_grad_enabled(), "the outermost scope restores grad mode");
        Assert.That((x * 2f).requires_grad);
    }

    [Test]
    public void Scope_restores_even_when_an_exception_leaves_it()
    {
        try
        {
            using (no_grad()) throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException) { }
        Assert.That(is_grad_enabled());
    }

    [Test]
    public void Grad_mode_is_per_thread()
    {
        bool otherThreadEnabled = false;
        using (no_grad())
        {
            var t = new Thread(() => otherThreadEnabled = is_grad_enabled());
            t.Start(); t.Join();
        }
        Assert.That(otherThreadEnabled, "no_grad on one thread does not switch off another");
    }

    [Test]
    public void Backward_leaves_grad_mode_as_it_found_it()
    {
        var x = tensor([1f]).requires_grad_();
        (x * x).sum().backward(create_graph: true);
        Assert.That(is_grad_enabled());
        using (no_grad())
        {
            var y = tensor([2f]).requires_grad_();
            Tensor loss;
            using (enable_grad()) loss = (y * y).sum();
            loss.backward();
            Assert.That(is_grad_enabled(), Is.False);
            Assert.That(y.grad!.item(), Is.EqualTo(4f));
        }
    }
}
