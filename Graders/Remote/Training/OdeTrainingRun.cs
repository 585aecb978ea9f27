using Grader.Contracts.OdeSde;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IOdeTrainingRun"/> answered beside the hand-in (the shape of <see cref="TrainingRun{TParts}"/>):
/// <see cref="OdeGraderTraining"/> on the hand-in's parts, and fresh drifts (each from a fresh instance of the parts
/// class) holding given values — the trained ones, or a recorded step's for the grader's check of the loss. In process
/// (the tutor's reference, a test's parts object) the same loop runs on parts made by a given factory (<see cref="InProcess"/>).
/// </summary>
public sealed class OdeTrainingRun(Func<IOdeTrainingParts> parts) : TrainingRun<IOdeTrainingParts>(parts), IOdeTrainingRun
{
    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh drift
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static OdeTrainingRun InProcess(IOdeTrainingParts parts) => new(InProcessParts(parts));

    public OdeTrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator, IOdeGraderLoss loss) =>
        OdeGraderTraining.Run(Parts(), Parts, data, steps, modelGenerator, batchGenerator, loss);

    public ITrainableDrift Trained(Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(modelGenerator), d => d.Parameters(), values, "Model(generator)", "drift");
}
