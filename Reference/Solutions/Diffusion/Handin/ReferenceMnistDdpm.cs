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

    /// <summary>
    /// The settings for images on the grader's loop (issue 66): Adam lr 1e-3 (ddpm.py's) and batch 64 (the sheet's hint);
    /// the model is <see cref="ReferenceDtuTrainingParts"/>' (<see cref="ReferenceDtuTrainingParts.ImageHidden"/> hidden
    /// units for images), the loss <see cref="ReferenceDtuDdpm.NegativeElbo"/>.
    /// </summary>
    public TrainingSettings Settings() => new(TrainingPreset.Dtu.LearningRate, 64);
}
