using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// DTU 02460 week 3, exercise 3.5 (sheet 004): "Use the DPPM implementation from exercise 3.4 to learn a DDPM on MNIST."
/// The images are those of the sheet's transform: dequantised, transformed to [−1, 1] and flattened row by row
/// (<c>x.flatten()</c>), so the network sees [N, rows·columns] and, as in exercise 3.4, the time step t/T as [N, 1].
/// </summary>
public interface IMnistDdpm
{
    /// <summary>
    /// Draws <paramref name="count"/> samples from the DDPM of exercise 3.4 (Algorithm 2 with σ_t² = β_t) with
    /// <paramref name="network"/> on images of <paramref name="rows"/> × <paramref name="columns"/> pixels:
    /// x_T = noise.Latent([count, rows·columns]) and z = noise.ForStep(t, [count, rows·columns]).
    /// </summary>
    /// <param name="count">Number of images, N.</param>
    /// <param name="rows">Rows of one image (28 for MNIST).</param>
    /// <param name="columns">Columns of one image (28 for MNIST).</param>
    /// <param name="schedule">β for each code index 0..T−1.</param>
    /// <param name="network">ε_θ on flattened images; it expects t/T.</param>
    /// <param name="noise">Where x_T and z come from.</param>
    /// <returns>
    /// The samples as the images to display, [count, rows, columns] (the sheet: "Remember to transform the pixel values
    /// back to [0, 1] before displaying samples").
    /// </returns>
    Tensor SampleImages(int count, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);

    /// <summary>
    /// "Learn a DDPM on MNIST" with the grader's loop (issue 66): the model is exercise 3.4's
    /// (<see cref="IDtuTrainingParts.Model"/> with d = rows·columns), the loss exercise 3.4's <see cref="IDtuDdpm.NegativeElbo"/>;
    /// this is the learning rate and batch size chosen for the images, within the grader's bounds (the sheet: "change
    /// the batch size to, e.g., 64"). The grader applies the sheet's transform (dequantised, mapped to [−1, 1],
    /// flattened) to the images it trains on.
    /// </summary>
    TrainingSettings Settings();
}
