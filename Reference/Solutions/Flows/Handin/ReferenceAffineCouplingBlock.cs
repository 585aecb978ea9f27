using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 2 (c), the coupling block: <see cref="AffineCoupling"/>.</summary>
public sealed class ReferenceAffineCouplingBlock : IAffineCouplingBlock
{
    public (Tensor Y, Tensor LogDet) Forward(Tensor x, ICouplingSubnet subnet, double clamp)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return AffineCoupling.Forward(x, subnet.Forward, clamp);
    }

    public (Tensor X, Tensor LogDet) Inverse(Tensor y, ICouplingSubnet subnet, double clamp)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return AffineCoupling.Inverse(y, subnet.Forward, clamp);
    }
}
