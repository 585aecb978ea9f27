using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A trained network as the grader's likelihood or ELBO calls it, every reported partial derivative held to central
/// differences of the network's own Forward on the very (x, t) of that call, at steps drawn per point from
/// <paramref name="steps"/> over decades (<see cref="TrainedNetworkHonesty.Compare"/>):
/// whatever batch size or positions the scoring uses, a derivative that is not the derivative of the output is found
/// where it is read. The first disagreement is kept (<see cref="Dishonesty"/>); the scoring goes on with the reported
/// values, and the check refuses the score afterwards.
/// </summary>
public sealed class VerifiedNetwork(IDifferentiableNetwork network, string name, Generator steps) : IDifferentiableNetwork
{
    /// <summary>The first disagreement found, null while there is none.</summary>
    public string? Dishonesty { get; private set; }

    /// <summary>The partial derivatives held to finite differences so far (calls, not points).</summary>
    public int VerifiedCalls { get; private set; }

    public Tensor Forward(Tensor x, Tensor t) => network.Forward(x, t);

    public Tensor PartialX(Tensor x, Tensor t) => Verified(x, t, "x", network.PartialX(x, t));

    public Tensor PartialT(Tensor x, Tensor t) => Verified(x, t, "t", network.PartialT(x, t));

    private Tensor Verified(Tensor x, Tensor t, string wrt, Tensor reported)
    {
        VerifiedCalls++;
        if (Dishonesty is null)
            using (torch.no_grad())
                Dishonesty = TrainedNetworkHonesty.Compare(network, name, x.detach(), t.detach(), wrt, reported, steps);
        return reported;
    }
}
