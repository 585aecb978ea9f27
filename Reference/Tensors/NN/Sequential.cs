#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// Modules applied in order; their parameters are named "0.weight", "1.bias", … as in PyTorch. A Linear followed by
/// ReLU, Tanh or ELU runs as one fused node (<c>addmm</c> with the activation applied in place): the same values and
/// gradients, one buffer and one pass fewer. Linear, activation, Linear with at most four inputs and outputs around
/// a hidden layer of 32 or more runs as one narrow-perceptron node that never stores the hidden layer (values and
/// gradients within float32 rounding of the separate nodes: the sums run in another order). Without grad, when every layer is one of the engine's own modules (none
/// of which keeps a tensor), the intermediate results go back to the storage pool as soon as the output is computed.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    internal Sequential(IEnumerable<Module<Tensor, Tensor>> layers)
    {
        foreach (var l in layers) { register_module(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), l); _layers.Add(l); }
        _engineLayersOnly = _layers.All(l => l.GetType().Assembly == typeof(Sequential).Assembly);
    }

    /// <summary>True when every layer is one of this engine's modules (none keeps a tensor between calls).</summary>
    private readonly bool _engineLayersOnly;

    public int Count => _layers.Count;
    public Module<Tensor, Tensor> this[int i] => _layers[i];

    public override Tensor forward(Tensor input)
    {
        if (GradMode.IsEnabled || !_engineLayersOnly) return Forward(input);
        using var scope = new MemoryScope();
        return scope.keep(Forward(input));
    }

    private Tensor Forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is Linear first && i + 2 < _layers.Count && FusedWith(_layers[i + 1]) is { } between
                && _layers[i + 2] is Linear second && first.bias is { } b1 && second.bias is { } b2
                && Tensor.NarrowMlpFits(x, first.weight, b1, second.weight, b2))
            {
                x = Tensor.NarrowMlp(x, first.weight, b1, between.act, between.alpha, second.weight, b2);
                i += 2;
            }
            else if (_layers[i] is Linear linear && i + 1 < _layers.Count && FusedWith(_layers[i + 1]) is { } fused)
            {
                x = torch.nn.functional.LinearActivation(x, linear.weight, linear.bias, fused.act, fused.alpha);
                i++;
            }
            else x = _layers[i].forward(x);
        }
        return x;
    }

    private static (FusedActivation act, float alpha)? FusedWith(Module<Tensor, Tensor> next) => next switch
    {
        ReLU => (FusedActivation.Relu, 1f),
        Tanh => (FusedActivation.Tanh, 1f),
        ELU elu when elu.alpha > 0f && float.IsFinite(elu.alpha) => (FusedActivation.Elu, elu.alpha),
        _ => null,
    };
}

public static partial class torch
{
    public static partial class nn
    {
        public static Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);
    }
}
