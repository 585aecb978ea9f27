#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>Modules applied in order; their parameters are named "0.weight", "1.bias", … as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    internal Sequential(IEnumerable<Module<Tensor, Tensor>> layers)
    {
        foreach (var l in layers) { register_module(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), l); _layers.Add(l); }
    }

    public int Count => _layers.Count;
    public Module<Tensor, Tensor> this[int i] => _layers[i];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var l in _layers) x = l.forward(x);
        return x;
    }
}

public static partial class torch
{
    public static partial class nn
    {
        public static Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);
    }
}
