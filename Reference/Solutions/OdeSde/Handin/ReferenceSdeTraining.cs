using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference as a hand-in of sheet 003, task 2.3 "run training": <c>SDE.ipynb</c>'s networks (<see cref="SdeModel"/>,
/// initialised from the grader's generator) trained by <see cref="SdeTraining"/> with <paramref name="preset"/>'s batch,
/// learning rate and weight decay (default <see cref="SdeTrainingPreset.Grading"/>) for the given number of steps.
/// </summary>
public sealed class ReferenceSdeTraining(SdeTrainingPreset? preset = null) : ISdeTraining
{
    public SdeTrainingPreset Preset { get; } = preset ?? SdeTrainingPreset.Grading;

    public ISdeModel Train(Tensor data, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var model = new SdeModel(generator);
        SdeTraining.Train(model, data, Preset with { Steps = steps }, generator);
        return model;
    }
}
