using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>BetaNetwork</c> (the variational standard deviation): β(y, t) = t·β + (1 − t)·Softplus(MLP([y, t]))
/// with the shared <see cref="OdeSde.Beta"/>, 2 hidden layers of 64, Tanh; so β(y, 1) = β, the likelihood's width. The shared
/// β is registered here (as in the notebook, where the optimiser sees it through <c>beta_net.parameters()</c>).
/// </summary>
public sealed class BetaNetwork : TimeNetwork
{
    private readonly Sequential _net;

    public BetaNetwork(Beta beta, Generator generator, int hiddenLayers = DriftNetwork.SdeHiddenLayers, int width = 64)
    {
        ArgumentNullException.ThrowIfNull(beta);
        _net = register_module("net", Mlp.Create(generator, hiddenLayers, width));
        Beta = register_module("beta", beta);
    }

    public Beta Beta { get; }

    public override Tensor forward(Tensor x, Tensor t)
    {
        var tt = t.size(0) == x.size(0) ? t : t.expand_as(x);
        return tt * Beta.forward() + (1 - tt) * _net.forward(Mlp.Input(x, tt)).softplus();
    }
}
