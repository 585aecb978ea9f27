using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>A Gaussian with a diagonal covariance per example, as an encoder or decoder network outputs it.</summary>
/// <param name="Mean">μ, [N, D].</param>
/// <param name="LogVariance">log σ² per dimension, [N, D].</param>
public sealed record DiagonalGaussian(Tensor Mean, Tensor LogVariance);
