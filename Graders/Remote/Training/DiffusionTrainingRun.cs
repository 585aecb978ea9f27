using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IDiffusionTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for
/// that contract, whatever the hand-in declares): <see cref="GraderTraining"/> on the hand-in's parts, and the fresh
/// network with the trained values. Each fresh network comes from a fresh instance of the hand-in's parts class
/// (<see cref="HandinInstance.CreateFresh"/>); static state of the hand-in survives in this process, which is why the
/// samples are to be drawn in a fresh host. In process, where no <see cref="HandinInstance"/> answers (the tutor's
/// reference, a test's hand-in object), the same loop runs on parts made by a given factory (<see cref="InProcess"/>);
/// the shared shape is <see cref="TrainingRun{TParts}"/>'s.
/// </summary>
public sealed class DiffusionTrainingRun(Func<IDiffusionTrainingParts> parts) : TrainingRun<IDiffusionTrainingParts>(parts), IDiffusionTrainingRun
{
    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh
    /// network comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static DiffusionTrainingRun InProcess(IDiffusionTrainingParts parts) => new(InProcessParts(parts));

    public TrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var (trained, failure) = GraderTraining.Run(Parts(), Parts, data, schedule, steps, modelGenerator, batchGenerator);
        return Outcome(failure, trained?.Network.Parameters(), trained?.MaxLossDeviation ?? double.NaN, trained?.MaxGradientDeviation ?? double.NaN);
    }

    public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(dataDimension, T, modelGenerator), n => n.Parameters(), values, "Model(d, T, generator)", "network");
}
