using Grader.Tensors;

namespace Grader.Reference.Flows;

/// <summary>
/// FrEIA's <c>subnet_constructor</c>: builds the network of one coupling block from its input and output widths,
/// initialised from <paramref name="generator"/>.
/// </summary>
public delegate Module<Tensor, Tensor> SubnetConstructor(int inFeatures, int outFeatures, Generator generator);

/// <summary>The subnets the sheets use.</summary>
public static class Subnets
{
    /// <summary>The notebook's <c>subnet_fc</c>: Linear(in → <paramref name="hidden"/>), ReLU, Linear(<paramref name="hidden"/> → out), PyTorch's default initialisation (the notebook uses 512).</summary>
    public static SubnetConstructor Fc(int hidden = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        return (inFeatures, outFeatures, g) => torch.nn.Sequential(torch.nn.Linear(inFeatures, hidden, g), torch.nn.ReLU(), torch.nn.Linear(hidden, outFeatures, g));
    }
}
