using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (f) (sheet 001, bonus): "Adapt the notebook (data handling, model, visualizations) to also
/// work on image data, and repeat the previous tasks on the MNIST or CIFAR10 dataset." The processes of (a)–(d) on
/// images, with the ε-network the grader passes in.
/// <list type="bullet">
/// <item>Images are batches [N, C, H, W] (C = 1 for MNIST, 3 for CIFAR10); the images you return are the ones you would
/// display, with pixel values in [0, 1].</item>
/// <item>The network was trained on images in [−1, 1] (black −1, white 1): ε̂ = network(x_t, t) with x_t [N, C, H, W] and
/// the raw integer step t (as in (a)–(e), shape [N]); it returns ε̂ [N, C, H, W].</item>
/// <item>The processes are those of (a), (c) and (d), with the schedule's β and the noise the grader's
/// <see cref="INoiseSource"/> gives for the shapes named below.</item>
/// </list>
/// </summary>
public interface IImageDiffusion
{
    /// <summary>
    /// (a) on images: <paramref name="count"/> images drawn with the reverse process of 1 (a), from
    /// x_T = noise.Latent([count, channels, rows, columns]) with the noise of step t from noise.ForStep(t, [count, channels, rows, columns]).
    /// </summary>
    /// <returns>The images to display, [count, channels, rows, columns].</returns>
    Tensor SampleImages(int count, int channels, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);

    /// <summary>
    /// (b) and (c) on images: <paramref name="count"/> latents evenly spaced on the segment from <paramref name="from"/>
    /// to <paramref name="to"/> (both end points included, in order), each mapped to an image by the reverse process of
    /// 1 (c), with the noise of step t from noise.ForStep(t, [1, channels, rows, columns]).
    /// </summary>
    /// <param name="from">The first latent, [channels, rows, columns].</param>
    /// <param name="to">The last latent, [channels, rows, columns].</param>
    /// <returns>The images to display, [count, channels, rows, columns], in the order of the latents.</returns>
    Tensor InterpolateImages(Tensor from, Tensor to, int count, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);

    /// <summary>
    /// (d) on images: <paramref name="count"/> images drawn with the DDIM process of 1 (d) (all T steps), from
    /// x_T = noise.Latent([count, channels, rows, columns]); when η &gt; 0 the noise of step t comes from
    /// noise.ForStep(t, [count, channels, rows, columns]).
    /// </summary>
    /// <returns>The images to display, [count, channels, rows, columns].</returns>
    Tensor SampleImagesDdim(int count, int channels, int rows, int columns, double eta, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);
}
