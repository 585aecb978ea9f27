using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A network read with its time reversed: R f(x, t) = f(x, 1 − t), so ∂(R f)/∂x = ∂f/∂x(x, 1 − t) and
/// ∂(R f)/∂t = −∂f/∂t(x, 1 − t). The training checks score a trained drift both ways on the same held-out points (the
/// time-direction probe): a training that read the drift at 1 − t trained R f, not f, and the data then favour R f.
/// A drift that does not depend on t is its own reversal, and both scores agree.
/// </summary>
public sealed class TimeReversedNetwork(IDifferentiableNetwork network) : IDifferentiableNetwork
{
    public Tensor Forward(Tensor x, Tensor t) => network.Forward(x, Reversed(t));

    public Tensor PartialX(Tensor x, Tensor t) => network.PartialX(x, Reversed(t));

    public Tensor PartialT(Tensor x, Tensor t) => -network.PartialT(x, Reversed(t));

    private static Tensor Reversed(Tensor t) => 1 - t;
}
