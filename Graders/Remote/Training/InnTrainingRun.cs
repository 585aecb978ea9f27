using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IInnTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for that
/// contract, whatever the hand-in declares): <see cref="InnGraderTraining"/> on the hand-in's parts, and the fresh flow
/// with the trained values, each fresh flow from a fresh instance of the hand-in's parts class
/// (<see cref="HandinInstance.CreateFresh"/>). In process (the tutor's reference, a test's hand-in object) the same loop
/// runs on parts made by a given factory (<see cref="InProcess"/>). The shared shape is <see cref="TrainingRun{TParts}"/>'s.
/// </summary>
public sealed class InnTrainingRun(Func<IInnTrainingParts> parts) : TrainingRun<IInnTrainingParts>(parts), IInnTrainingRun
{
    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh flow
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static InnTrainingRun InProcess(IInnTrainingParts parts) => new(InProcessParts(parts));

    public TrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var (trained, failure) = InnGraderTraining.Run(Parts(), Parts, data, steps, modelGenerator, batchGenerator);
        return Outcome(failure, trained?.Flow.Parameters(), trained?.MaxLossDeviation ?? double.NaN, trained?.MaxGradientDeviation ?? double.NaN);
    }

    public INormalizingFlow Trained(int dataDimension, Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(dataDimension, modelGenerator), f => f.Parameters(), values, "Model(d, generator)", "flow");
}
