using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (b) and (e): a linear interpolation in the latent space x_T, e.g. 500 points between
/// (−1, 2) and (−1, −2), or between (−2, 0) and (2, 0), which the reverse process then maps to data.
/// </summary>
public interface ILatentInterpolation
{
    /// <summary>
    /// <paramref name="count"/> latents evenly spaced on the segment from <paramref name="from"/> to <paramref name="to"/>
    /// (both end points included), in order.
    /// </summary>
    /// <param name="from">Start latent, [d].</param>
    /// <param name="to">End latent, [d].</param>
    /// <returns>[count, d].</returns>
    Tensor Interpolate(Tensor from, Tensor to, int count);
}
