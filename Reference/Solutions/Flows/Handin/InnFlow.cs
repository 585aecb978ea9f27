using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference <see cref="Inn"/> as the contracts' <see cref="INormalizingFlow"/>.</summary>
public sealed class InnFlow(Inn inn) : INormalizingFlow
{
    public Inn Inn { get; } = inn ?? throw new ArgumentNullException(nameof(inn));

    public (Tensor Z, Tensor LogDet) Forward(Tensor x) => Inn.forward(x);

    public Tensor Inverse(Tensor z) => Inn.Inverse(z).X;
}
