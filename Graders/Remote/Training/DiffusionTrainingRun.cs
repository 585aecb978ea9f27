using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IDiffusionTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for
/// that contract, whatever the hand-in declares): <see cref="GraderTraining"/> on the hand-in's parts, and the fresh
/// network with the trained values. Each fresh network comes from a fresh instance of the hand-in's parts class
/// (<see cref="HandinInstance.CreateFresh"/>); static state of the hand-in survives in this process, which is why the
/// samples are to be drawn in a fresh host. In process, where no <see cref="HandinInstance"/> answers (the tutor's
/// reference, a test's hand-in object), the same loop runs on parts made by a given factory (<see cref="InProcess"/>).
/// </summary>
public sealed class DiffusionTrainingRun : IDiffusionTrainingRun
{
    private readonly Func<IDiffusionTrainingParts> _parts;

    public DiffusionTrainingRun(HandinInstance handin)
    {
        ArgumentNullException.ThrowIfNull(handin);
        _parts = () => handin.CreateFresh(typeof(IDiffusionTrainingParts)) as IDiffusionTrainingParts
                       ?? throw new HandinContractException(typeof(IDiffusionTrainingParts), null, HandinInstance.MissingMessage(typeof(IDiffusionTrainingParts)));
    }

    private DiffusionTrainingRun(Func<IDiffusionTrainingParts> parts) => _parts = parts;

    /// <summary>
    /// The grader's loop on parts living in this process (<paramref name="parts"/>: the first instance; each fresh
    /// network comes from a new instance of its class, made by its public parameterless constructor).
    /// </summary>
    public static DiffusionTrainingRun InProcess(IDiffusionTrainingParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var type = parts.GetType();
        var first = parts;
        return new DiffusionTrainingRun(() =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (IDiffusionTrainingParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        });
    }

    public TrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var parts = Parts();
        var (trained, failure) = GraderTraining.Run(parts, Parts, data, schedule, steps, modelGenerator, batchGenerator);
        return failure is not null
            ? new TrainingOutcome([], failure.Part.ToString().ToLowerInvariant(), failure.Message, double.NaN, double.NaN)
            : new TrainingOutcome([.. trained!.Network.Parameters().Select(p => p.detach().clone())], null, null, trained.MaxLossDeviation, trained.MaxGradientDeviation);
    }

    public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(dataDimension, T, modelGenerator), values);

    /// <summary>
    /// <paramref name="network"/> (a fresh one from the hand-in's <c>Model</c>) with its parameters set to
    /// <paramref name="values"/>, which must have the shapes it declares; shared by the grader's loops' answers.
    /// </summary>
    internal static IEpsilonNetwork WithValues(ITrainableEpsilonNetwork? network, IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (network is null) throw new InvalidOperationException("Model(d, T, generator) returned null.");
        var parameters = network.Parameters();
        if (parameters is null || parameters.Count != values.Count)
            throw new InvalidOperationException($"the fresh network has {parameters?.Count ?? 0} parameters, the trained values {values.Count}.");
        for (var i = 0; i < values.Count; i++)
        {
            if (!parameters[i].shape.SequenceEqual(values[i].shape))
                throw new InvalidOperationException($"parameter {i} of the fresh network has shape [{string.Join(", ", parameters[i].shape)}], the trained value [{string.Join(", ", values[i].shape)}].");
            parameters[i].CopyFrom(values[i]);
        }

        return network;
    }

    private IDiffusionTrainingParts Parts() => _parts();
}
