using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// A network given through the contracts (<see cref="IDifferentiableNetwork"/>: the grader's, or a hand-in's trained
/// one) as an <see cref="ITimeDependentFunction"/>: its own <c>Forward</c>, <c>PartialX</c> and <c>PartialT</c>, no
/// graph (<c>createGraph</c> is ignored).
/// </summary>
public sealed class ContractNetwork(IDifferentiableNetwork network) : ITimeDependentFunction
{
    public IDifferentiableNetwork Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>The reference's view of <paramref name="network"/>: a reference network as itself, anything else wrapped.</summary>
    public static ITimeDependentFunction Of(IDifferentiableNetwork network) =>
        network as ITimeDependentFunction ?? new ContractNetwork(network);

    public Tensor Value(Tensor x, Tensor t) => Network.Forward(x, t);

    public (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t, bool createGraph) => (Network.Forward(x, t), Network.PartialX(x, t));

    public (Tensor Value, Tensor PartialT) WithPartialT(Tensor x, Tensor t, bool createGraph) => (Network.Forward(x, t), Network.PartialT(x, t));
}
