using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Where a sampler takes its Gaussian noise from. Draws are keyed: the latent x_T and the noise z of step t are fixed
/// by the key and the shape, not by the order of the calls, so the grader can compare a hand-in's sampler exactly with
/// the reference, or run it statistically with fresh noise, without caring in which order the hand-in draws. Asking
/// twice with the same key and shape gives the same values. A request is drawn row by row along its last dimension:
/// row i of an [N, d] request does not depend on N, and a [d] request is row 0.
/// </summary>
public interface INoiseSource
{
    /// <summary>The starting latent x_T ~ N(0, I) of the given shape.</summary>
    Tensor Latent(int[] shape);

    /// <summary>The noise z ~ N(0, I) used in the reverse step at code index t (0..T−1) of the given shape.</summary>
    Tensor ForStep(int t, int[] shape);
}
