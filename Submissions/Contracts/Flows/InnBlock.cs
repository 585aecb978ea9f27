using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// One block of an INN: an affine coupling block (<see cref="IAffineCouplingBlock"/>) with this subnetwork, followed by
/// a fixed permutation of the channels.
/// </summary>
/// <param name="Subnet">The coupling's subnetwork.</param>
/// <param name="Permutation">
/// P, [C, C]: a permutation matrix or a rotation (FrEIA's soft permutation). The coupling's output c becomes y with
/// y_i = Σ_j P_ij·c_j, i.e. y = c·Pᵀ for a batch of row vectors.
/// </param>
public sealed record InnBlock(ICouplingSubnet Subnet, Tensor Permutation);
