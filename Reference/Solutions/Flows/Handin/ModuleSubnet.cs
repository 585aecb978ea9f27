using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>A network module as the contracts' <see cref="ICouplingSubnet"/> (what the grader passes to a hand-in's coupling block).</summary>
public sealed class ModuleSubnet(Module<Tensor, Tensor> module) : ICouplingSubnet
{
    public Module<Tensor, Tensor> Module { get; } = module ?? throw new ArgumentNullException(nameof(module));

    public Tensor Forward(Tensor x1) => Module.forward(x1);
}
