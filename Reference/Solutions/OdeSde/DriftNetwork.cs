using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>DriftNetwork</c>: f(x, t) = MLP([x, t]) with 3 hidden layers of 64 and Tanh (seed-origins §4;
/// <c>SDE.ipynb</c>'s drift is the same with 2 hidden layers). Parameters are named "net.0.weight" … as in PyTorch.
/// </summary>
public sealed class DriftNetwork : TimeNetwork
{
    /// <summary>Hidden layers of the ODE notebook's drift.</summary>
    public const int OdeHiddenLayers = 3;

    /// <summary>Hidden layers of the SDE notebook's networks.</summary>
    public const int SdeHiddenLayers = 2;

    private readonly Sequential _net;

    public DriftNetwork(Generator generator, int hiddenLayers = OdeHiddenLayers, int width = 64)
    {
        _net = register_module("net", Mlp.Create(generator, hiddenLayers, width));
    }

    public override Tensor forward(Tensor x, Tensor t) => _net.forward(Mlp.Input(x, t));
}
