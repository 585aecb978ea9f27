using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference as a hand-in of sheet 003, tasks 1.3/1.4 "run training": <c>ODE.ipynb</c>'s <see cref="DriftNetwork"/>
/// (initialised from the grader's generator) trained by <see cref="OdeTraining"/> with <paramref name="preset"/>'s
/// integrator, batch and learning rate (default <see cref="OdeTrainingPreset.Grading"/>) for the given number of steps.
/// </summary>
public sealed class ReferenceOdeTraining(OdeTrainingPreset? preset = null) : IOdeTraining
{
    public OdeTrainingPreset Preset { get; } = preset ?? OdeTrainingPreset.Grading;

    public IDifferentiableNetwork Train(Tensor data, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var drift = new DriftNetwork(generator);
        OdeTraining.Train(drift, data, Preset with { Steps = steps }, generator);
        return drift;
    }
}
