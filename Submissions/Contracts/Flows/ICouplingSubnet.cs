using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// The subnetwork of one coupling block, given by the grader (a trained one, a fixed random one, or one with large
/// outputs), so a hand-in must not assume which: it maps the block's first part x₁, [N, C − ⌊C/2⌋], to the block's
/// coefficients, [N, 2·⌊C/2⌋].
/// </summary>
public interface ICouplingSubnet
{
    /// <param name="x1">The first C − ⌊C/2⌋ channels of the block's input, [N, C − ⌊C/2⌋].</param>
    /// <returns>[N, 2·⌊C/2⌋].</returns>
    Tensor Forward(Tensor x1);
}
