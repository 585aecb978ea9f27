using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// The notebooks' network body on the concatenation [x, t]: <c>Linear(2, width)</c>, then (Tanh, <c>Linear(width,
/// width)</c>) for each further hidden layer, then Tanh and <c>Linear(width, 1)</c>, initialised as PyTorch does from the
/// given generator. <c>ODE.ipynb</c>'s drift has 3 hidden layers of 64; <c>SDE.ipynb</c>'s networks have 2.
/// </summary>
public static class Mlp
{
    public static Sequential Create(Generator generator, int hiddenLayers, int width = 64, int inputs = 2)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var layers = new List<Module<Tensor, Tensor>> { nn.Linear(inputs, width, generator) };
        for (int i = 1; i < hiddenLayers; i++)
        {
            layers.Add(nn.Tanh());
            layers.Add(nn.Linear(width, width, generator));
        }
        layers.Add(nn.Tanh());
        layers.Add(nn.Linear(width, 1, generator));
        return nn.Sequential([.. layers]);
    }

    /// <summary>[x, t] as one [N, 2] input (t broadcast to x's rows when it is [1, 1]).</summary>
    public static Tensor Input(Tensor x, Tensor t) => cat([x, t.size(0) == x.size(0) ? t : t.expand_as(x)], dim: 1);
}
