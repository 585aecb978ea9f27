using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary><c>SDE.ipynb</c>'s <c>DiffusionNetwork</c>: σ(x, t) = Softplus(MLP([x, t])), 2 hidden layers of 64, Tanh.</summary>
public sealed class DiffusionNetwork : TimeNetwork
{
    private readonly Sequential _net;

    public DiffusionNetwork(Generator generator, int hiddenLayers = DriftNetwork.SdeHiddenLayers, int width = 64)
    {
        _net = register_module("net", Mlp.Create(generator, hiddenLayers, width));
    }

    public override Tensor forward(Tensor x, Tensor t) => _net.forward(Mlp.Input(x, t)).softplus();
}
