using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IInnTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for that
/// contract, whatever the hand-in declares): <see cref="InnGraderTraining"/> on the hand-in's parts, and the fresh flow
/// with the trained values, each fresh flow from a fresh instance of the hand-in's parts class
/// (<see cref="HandinInstance.CreateFresh"/>). In process (the tutor's reference, a test's hand-in object) the same loop
/// runs on parts made by a given factory (<see cref="InProcess"/>). The INN counterpart of <see cref="DiffusionTrainingRun"/>.
/// </summary>
public sealed class InnTrainingRun : IInnTrainingRun
{
    private readonly Func<IInnTrainingParts> _parts;

    public InnTrainingRun(HandinInstance handin)
    {
        ArgumentNullException.ThrowIfNull(handin);
        _parts = () => handin.CreateFresh(typeof(IInnTrainingParts)) as IInnTrainingParts
                       ?? throw new HandinContractException(typeof(IInnTrainingParts), null, HandinInstance.MissingMessage(typeof(IInnTrainingParts)));
    }

    private InnTrainingRun(Func<IInnTrainingParts> parts) => _parts = parts;

    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh flow
    /// comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static InnTrainingRun InProcess(IInnTrainingParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var type = parts.GetType();
        var first = parts;
        return new InnTrainingRun(() =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (IInnTrainingParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        });
    }

    public TrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var (trained, failure) = InnGraderTraining.Run(_parts(), _parts, data, steps, modelGenerator, batchGenerator);
        return failure is not null
            ? new TrainingOutcome([], failure.Part.ToString().ToLowerInvariant(), failure.Message, double.NaN, double.NaN)
            : new TrainingOutcome([.. trained!.Flow.Parameters().Select(p => p.detach().clone())], null, null, trained.MaxLossDeviation, trained.MaxGradientDeviation);
    }

    public INormalizingFlow Trained(int dataDimension, Generator modelGenerator, IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flow = _parts().Model(dataDimension, modelGenerator) ?? throw new InvalidOperationException("Model(d, generator) returned null.");
        var parameters = flow.Parameters();
        if (parameters is null || parameters.Count != values.Count)
            throw new InvalidOperationException($"the fresh flow has {parameters?.Count ?? 0} parameters, the trained values {values.Count}.");
        for (var i = 0; i < values.Count; i++)
        {
            if (!parameters[i].shape.SequenceEqual(values[i].shape))
                throw new InvalidOperationException($"parameter {i} of the fresh flow has another shape than the trained value.");
            parameters[i].CopyFrom(values[i]);
        }

        return flow;
    }
}
