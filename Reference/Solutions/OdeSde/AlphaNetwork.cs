using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>AlphaNetwork</c> (the variational mean): α(y, t) = t·y + (1 − t)·MLP([y, t]), 2 hidden layers of
/// 64, Tanh; so α(y, 1) = y.
/// </summary>
public sealed class AlphaNetwork : TimeNetwork
{
    private readonly Sequential _net;

    public AlphaNetwork(Generator generator, int hiddenLayers = DriftNetwork.SdeHiddenLayers, int width = 64)
    {
        _net = register_module("net", Mlp.Create(generator, hiddenLayers, width));
    }

    public override Tensor forward(Tensor x, Tensor t)
    {
        var tt = t.size(0) == x.size(0) ? t : t.expand_as(x);
        return tt * x + (1 - tt) * _net.forward(Mlp.Input(x, tt));
    }
}
