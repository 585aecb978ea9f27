using System;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the affine coupling of FrEIA's AllInOneBlock. x = (x₁, x₂), a = 0.1·subnet(x₁),
/// s = clamp·tanh(a_s/clamp), y = (x₁, x₂ ⊙ exp(s) + t); log|det ∂y/∂x| = Σ s per sample.
/// </summary>
public sealed class AffineCouplingBlock : IAffineCouplingBlock
{
    public (Tensor Y, Tensor LogDet) Forward(Tensor x, ICouplingSubnet subnet, double clamp)
    {
        var (x1, x2, s, t) = Coefficients(x, subnet, clamp);
        return (cat([x1, x2 * s.exp() + t], 1), s.sum(1));
    }

    public (Tensor X, Tensor LogDet) Inverse(Tensor y, ICouplingSubnet subnet, double clamp)
    {
        var (y1, y2, s, t) = Coefficients(y, subnet, clamp);
        return (cat([y1, (y2 - t) * (-s).exp()], 1), -s.sum(1));
    }

    private static (Tensor First, Tensor Second, Tensor S, Tensor T) Coefficients(Tensor x, ICouplingSubnet subnet, double clamp)
    {
        int channels = x.size(1);
        int first = channels / 2, second = channels - first;   // MUTANT: x₁ the first ⌊C/2⌋ channels (FrEIA v0.2's floor split), x₂ the other ⌈C/2⌉
        var x1 = x.narrow(1, 0, first);
        var a = subnet.Forward(x1) * 0.1f;
        var s = (float)clamp * (a.narrow(1, 0, second) / (float)clamp).tanh();
        return (x1, x.narrow(1, first, second), s, a.narrow(1, second, second));
    }
}
