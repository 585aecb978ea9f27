using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (c): an INN made of blocks, each an affine coupling followed by a
/// permutation (<see cref="InnBlock"/>), applied in the order of the list: x → z.
/// </summary>
public interface IInvertibleNeuralNetwork
{
    /// <summary>The INN applied to x, and log|det ∂z/∂x| of each sample.</summary>
    /// <param name="x">[N, C].</param>
    /// <param name="blocks">The blocks, first block first.</param>
    /// <param name="clamp">The soft clamp's bound of every coupling.</param>
    /// <returns>Z [N, C] and LogDet [N].</returns>
    (Tensor Z, Tensor LogDet) Forward(Tensor x, IReadOnlyList<InnBlock> blocks, double clamp);

    /// <summary>The INN's inverse applied to z, and log|det ∂x/∂z| of each sample.</summary>
    /// <param name="z">[N, C].</param>
    /// <param name="blocks">The same blocks as in <see cref="Forward"/>, in the same order.</param>
    /// <param name="clamp">The same clamp as in <see cref="Forward"/>.</param>
    /// <returns>X [N, C] and LogDet [N].</returns>
    (Tensor X, Tensor LogDet) Inverse(Tensor z, IReadOnlyList<InnBlock> blocks, double clamp);
}
