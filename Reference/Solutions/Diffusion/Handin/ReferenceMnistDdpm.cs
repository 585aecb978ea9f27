using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of DTU ex. 3.5: exercise 3.4's sampler (<see cref="ReferenceDtuDdpm.Sample"/>, any
/// [N, D]) on flattened images, reshaped to [N, rows, columns] and mapped back to [0, 1] (<see cref="MnistIdx.ToUnitInterval"/>).
/// </summary>
public sealed class ReferenceMnistDdpm : IMnistDdpm
{
    public Tensor SampleImages(int count, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var flat = new ReferenceDtuDdpm().Sample([count, rows * columns], schedule, network, noise);
        return MnistIdx.ToUnitInterval(flat).reshape(count, rows, columns);
    }

    /// <summary>The width of the fully connected network the reference trains on images (ddpm.py's FcNetwork).</summary>
    public const int Hidden = 256;

    /// <summary>The training recipe on images: Adam lr 1e-3, batch 64 (the sheet's hint), DDPM.loss (sum over pixels).</summary>
    public static TrainingPreset Preset(NoiseSchedule schedule, int steps) =>
        TrainingPreset.Dtu with { Name = "dtu-images", Schedule = BetaSchedule.FromBetas(schedule.Betas), Steps = steps, BatchSize = 64 };

    /// <summary>
    /// ddpm.py's FcNetwork(rows·columns, <see cref="Hidden"/>) trained by <see cref="Trainer"/> on the images after the
    /// sheet's transform (dequantised once, mapped to [−1, 1], flattened), time fed as t/T.
    /// </summary>
    public IEpsilonNetwork Train(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(generator);
        if (images.dim() != 3) throw new ArgumentException($"images must be [N, rows, columns], got [{string.Join(", ", images.shape)}]", nameof(images));
        int n = images.size(0), d = images.size(1) * images.size(2);
        var data = (images.reshape(n, d) + torch.rand([n, d], generator) / 255f - 0.5f) * 2f;
        var network = new FcNetwork(d, generator, Hidden);
        Trainer.Train(network.WithNormalisedTime(schedule.T), network.parameters(), data, Preset(schedule, steps), generator);
        network.eval();
        return network;
    }
}
