using Grader.Contracts.OdeSde;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="ISdeTrainingRun"/> answered beside the hand-in, as <see cref="OdeTrainingRun"/> is for the ODE:
/// <see cref="SdeGraderTraining"/> on the hand-in's parts, and fresh models (each from a fresh instance of the parts
/// class) holding given values — the trained ones, or a recorded step's for the grader's check of the loss. In process
/// (the tutor's reference, a test's parts object) the same loop runs on parts made by a given factory (<see cref="InProcess"/>).
/// </summary>
public sealed class SdeTrainingRun : ISdeTrainingRun
{
    private readonly Func<ISdeTrainingParts> _parts;

    public SdeTrainingRun(HandinInstance handin)
    {
        ArgumentNullException.ThrowIfNull(handin);
        _parts = () => handin.CreateFresh(typeof(ISdeTrainingParts)) as ISdeTrainingParts
                       ?? throw new HandinContractException(typeof(ISdeTrainingParts), null, HandinInstance.MissingMessage(typeof(ISdeTrainingParts)));
    }

    private SdeTrainingRun(Func<ISdeTrainingParts> parts) => _parts = parts;

    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh model
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static SdeTrainingRun InProcess(ISdeTrainingParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var type = parts.GetType();
        var first = parts;
        return new SdeTrainingRun(() =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (ISdeTrainingParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        });
    }

    public SdeTrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator) =>
        SdeGraderTraining.Run(_parts(), _parts, data, steps, modelGenerator, batchGenerator);

    public ITrainableSdeModel Trained(Generator modelGenerator, IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var model = _parts().Model(modelGenerator) ?? throw new InvalidOperationException("Model(generator) returned null.");
        var parameters = model.Parameters();
        if (parameters is null || parameters.Count != values.Count)
            throw new InvalidOperationException($"the fresh model has {parameters?.Count ?? 0} parameters, the trained values {values.Count}.");
        for (var i = 0; i < values.Count; i++)
        {
            if (!parameters[i].shape.SequenceEqual(values[i].shape))
                throw new InvalidOperationException($"parameter {i} of the fresh model has {parameters[i].numel()} values, the trained value {values[i].numel()}.");
            parameters[i].CopyFrom(values[i]);
        }

        return model;
    }
}
