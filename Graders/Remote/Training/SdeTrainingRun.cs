using Grader.Contracts.OdeSde;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="ISdeTrainingRun"/> answered beside the hand-in, as <see cref="OdeTrainingRun"/> is for the ODE:
/// <see cref="SdeGraderTraining"/> on the hand-in's parts, and fresh models (each from a fresh instance of the parts
/// class) holding given values — the trained ones, or a recorded step's for the grader's check of the loss. In process
/// (the tutor's reference, a test's parts object) the same loop runs on parts made by a given factory (<see cref="InProcess"/>).
/// The shared shape is <see cref="TrainingRun{TParts}"/>'s.
/// </summary>
public sealed class SdeTrainingRun(Func<ISdeTrainingParts> parts) : TrainingRun<ISdeTrainingParts>(parts), ISdeTrainingRun
{
    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh model
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static SdeTrainingRun InProcess(ISdeTrainingParts parts) => new(InProcessParts(parts));

    public SdeTrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator, ISdeGraderLoss loss) =>
        SdeGraderTraining.Run(Parts(), Parts, data, steps, modelGenerator, batchGenerator, loss);

    public ITrainableSdeModel Trained(Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(modelGenerator), m => m.Parameters(), values, "Model(generator)", "model");
}
