using Grader.Contracts.OdeSde;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IOdeTrainingRun"/> answered beside the hand-in, as <see cref="DiffusionTrainingRun"/> is for the V:
/// <see cref="OdeGraderTraining"/> on the hand-in's parts, and fresh drifts (each from a fresh instance of the parts
/// class) holding given values — the trained ones, or a recorded step's for the grader's check of the loss. In process
/// (the tutor's reference, a test's parts object) the same loop runs on parts made by a given factory (<see cref="InProcess"/>).
/// </summary>
public sealed class OdeTrainingRun : IOdeTrainingRun
{
    private readonly Func<IOdeTrainingParts> _parts;

    public OdeTrainingRun(HandinInstance handin)
    {
        ArgumentNullException.ThrowIfNull(handin);
        _parts = () => handin.CreateFresh(typeof(IOdeTrainingParts)) as IOdeTrainingParts
                       ?? throw new HandinContractException(typeof(IOdeTrainingParts), null, HandinInstance.MissingMessage(typeof(IOdeTrainingParts)));
    }

    private OdeTrainingRun(Func<IOdeTrainingParts> parts) => _parts = parts;

    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh drift
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static OdeTrainingRun InProcess(IOdeTrainingParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var type = parts.GetType();
        var first = parts;
        return new OdeTrainingRun(() =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (IOdeTrainingParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        });
    }

    public OdeTrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator) =>
        OdeGraderTraining.Run(_parts(), _parts, data, steps, modelGenerator, batchGenerator);

    public ITrainableDrift Trained(Generator modelGenerator, IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var drift = _parts().Model(modelGenerator) ?? throw new InvalidOperationException("Model(generator) returned null.");
        var parameters = drift.Parameters();
        if (parameters is null || parameters.Count != values.Count)
            throw new InvalidOperationException($"the fresh drift has {parameters?.Count ?? 0} parameters, the trained values {values.Count}.");
        for (var i = 0; i < values.Count; i++)
        {
            if (!parameters[i].shape.SequenceEqual(values[i].shape))
                throw new InvalidOperationException($"parameter {i} of the fresh drift has {parameters[i].numel()} values, the trained value {values[i].numel()}.");
            parameters[i].CopyFrom(values[i]);
        }

        return drift;
    }
}
