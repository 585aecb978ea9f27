using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Contracts.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// The always-on twin of the image closed-form cheat (<c>Submissions/Examples/Diffusion/Cheats/images-closed-form-of-the-known-images</c>,
/// issue 79 class 1 on the images): its network, untrained, is the posterior-mean ε-predictor of a mixture of the
/// published pool's Gaussian under the 16 symmetries and signs, and its initial ᾱ logits are the check's fine schedule
/// (T = 100, β 1e-3 … 0.2), so no training is needed to see what the drawn law does to it. On the run's images as
/// published it denoises far better than the reference's ≈ 0.20 (the cheat is real: it would have kept the point on the
/// former draw of 16 transforms); on the same images under the run's drawn signed permutation of the pixels its prior is
/// of the wrong images, and its loss is beyond the check's absolute limit. The whole check on it (its trainings, the
/// longer training) is <c>CheatHandinsTests</c>' explicit case and <c>ImageLegitNetworksTests.Image_cheats_lose_on_20_of_20_seeds</c>.
/// Cost: a compilation and two held-out losses over 1,000 images (≈ 1–2 s of CPU).
/// </summary>
public sealed class ImageClosedFormCheatTests
{
    [Test]
    public void The_closed_form_of_the_published_images_denoises_them_well_and_the_drawn_permutation_of_the_pixels_badly()
    {
        var check = new DtuImageTrainingQuality();
        var context = DtuContext("Cheats/images-closed-form-of-the-known-images", check.Id, 1);
        var (_, published, rows, columns, source) = check.Images(new Generator(11));
        Assume.That(source, Does.StartWith("Fashion-MNIST"), "the cheat's constants are Fashion-MNIST's; without the data set the grader draws generated shapes");
        var drawn = DtuImageTrainingQuality.Transform(context);
        drawn.Scramble.Should().NotBe(0UL);
        var network = context.TryHandin<IDtuTrainingParts>()!.Model(rows * columns, check.Design.T, new Generator(3));
        var schedule = check.Design.Schedule();
        var asPublished = HeldOutLoss(network, schedule, published);
        var permuted = HeldOutLoss(network, schedule, drawn.Apply(published, rows, columns));
        TestContext.Out.WriteLine($"as published {asPublished:F4}, under {drawn.Describe()} {permuted:F4}");
        asPublished.Should().BeLessThan(0.17, "the closed form of the published images beats a trained network on them (PyTorch, full covariance: 0.093)");
        permuted.Should().BeGreaterThan(0.25, "on the drawn pixels its prior is of the wrong images: beyond the check's absolute limit 0.25");
    }

    /// <summary>‖ε − ε̂(z_t, t/T)‖² per pixel over the images, each with its own t ~ U{0..T−1} and ε, float64 sums.</summary>
    private static double HeldOutLoss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor images)
    {
        using var noGrad = torch.no_grad();
        var generator = new Generator(5);
        int n = images.size(0), d = images.size(1), T = schedule.T;
        var alphaBar = new double[T];
        var product = 1.0;
        var betas = schedule.Betas.ToArray();
        for (var s = 0; s < T; s++) alphaBar[s] = product *= 1 - betas[s];
        var x = images.ToArray();
        var z = new float[n * d];
        var epsilon = new float[n * d];
        var t = new float[n];
        for (var i = 0; i < n; i++)
        {
            var k = (int)generator.NextInt(0, T);
            t[i] = (float)k / T;
            for (var j = 0; j < d; j++)
            {
                epsilon[i * d + j] = (float)generator.NextNormal();
                z[i * d + j] = (float)(Math.Sqrt(alphaBar[k]) * x[i * d + j] + Math.Sqrt(1 - alphaBar[k]) * epsilon[i * d + j]);
            }
        }

        var predicted = network.Forward(torch.tensor(z, n, d), torch.tensor(t, n, 1)).ToArray();
        var sum = 0.0;
        for (var k = 0; k < predicted.Length; k++) sum += (epsilon[k] - (double)predicted[k]) * (epsilon[k] - predicted[k]);
        return sum / predicted.Length;
    }
}
