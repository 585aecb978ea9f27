using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

public class ModuleTests
{
    /// <summary>A model that registers in a deliberately non-alphabetical order.</summary>
    private sealed class Net : Module<Tensor, Tensor>
    {
        private readonly Sequential _mlp;
        private readonly LayerNorm _norm;

        public Net(Generator g)
        {
            register_parameter("zeta", zeros(2));
            _mlp = register_module("mlp", nn.Sequential(nn.Linear(2, 3, g), nn.ELU(), nn.Linear(3, 2, g, bias: false)));
            register_buffer("scale", ones(1));
            _norm = register_module("norm", nn.LayerNorm([2]));
            register_parameter("alpha", ones(1));
        }

        public override Tensor forward(Tensor input) => _norm.forward(_mlp.forward(input));
    }

    [Test]
    public void Named_parameters_follow_registration_order_own_first_then_children()
    {
        // PyTorch's order: the module's own parameters in registration order, then each child's, recursively.
        var net = new Net(new Generator(1));
        net.named_parameters().Select(p => p.name).Should().Equal(
            "zeta", "alpha", "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "norm.weight", "norm.bias");
        net.state_dict().Select(p => p.name).Should().Equal(
            "zeta", "alpha", "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "norm.weight", "norm.bias", "scale");
    }

    [Test]
    public void Train_and_eval_reach_nested_modules()
    {
        var drop = nn.Dropout(0.5f, new Generator(1));
        var seq = nn.Sequential(nn.Linear(2, 2, new Generator(2)), drop);
        seq.eval();
        drop.training.Should().BeFalse();
        seq.train();
        drop.training.Should().BeTrue();
    }
}
