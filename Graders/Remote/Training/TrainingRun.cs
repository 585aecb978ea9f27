using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// The shape every answer of a grader-owned training contract (<c>I…TrainingRun</c>, issue 66) shares: the hand-in's
/// parts class, a FRESH instance per call (<see cref="HandinInstance.FreshEach{TContract}"/> beside a hand-in; in process, where no
/// <see cref="HandinInstance"/> answers, the given object first and then new instances of its class,
/// <see cref="InProcessParts"/>), and the fresh model that receives the trained values by the shapes it declares
/// (<see cref="WithValues"/>). A subclass adds its contract's two members: <c>Train</c> (its loop on <see cref="Parts"/>)
/// and <c>Trained</c> (<see cref="WithValues"/> on a model from <see cref="Parts"/>); a loop that trains one model
/// answers with <see cref="Outcome"/>.
/// </summary>
/// <typeparam name="TParts">The parts contract the hand-in implements (e.g. <c>IInnTrainingParts</c>).</typeparam>
public abstract class TrainingRun<TParts>
    where TParts : class
{
    /// <summary>
    /// The loop on parts made by <paramref name="parts"/>: beside a hand-in <see cref="HandinInstance.FreshEach{TContract}"/>
    /// (every call a fresh instance of its parts class), in process <see cref="InProcessParts"/>.
    /// </summary>
    protected TrainingRun(Func<TParts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Parts = parts;
    }

    /// <summary>An instance of the hand-in's parts: the loop's on the first call, a fresh one on every later call.</summary>
    protected Func<TParts> Parts { get; }

    /// <summary>
    /// Parts living in this process (the tutor's reference, a test's parts object): <paramref name="parts"/> on the first
    /// call, then a new instance of its class per call, made by its public parameterless constructor.
    /// </summary>
    protected static Func<TParts> InProcessParts(TParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var type = parts.GetType();
        var first = parts;
        return () =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (TParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        };
    }

    /// <summary>
    /// <paramref name="model"/> (a fresh one from the hand-in's <c>Model</c>, called <paramref name="what"/>) with its
    /// parameters (<paramref name="parametersOf"/>) set to <paramref name="values"/>, which must have the shapes it declares;
    /// a <paramref name="noun"/> ("network", "flow", "drift") in the messages.
    /// </summary>
    protected static TModel WithValues<TModel>(TModel? model, Func<TModel, IReadOnlyList<Tensor>?> parametersOf, IReadOnlyList<Tensor> values, string what, string noun)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(parametersOf);
        ArgumentNullException.ThrowIfNull(values);
        if (model is null) throw new InvalidOperationException($"{what} returned null.");
        var parameters = parametersOf(model);
        if (parameters is null || parameters.Count != values.Count)
            throw new InvalidOperationException($"the fresh {noun} has {parameters?.Count ?? 0} parameters, the trained values {values.Count}.");
        for (var i = 0; i < values.Count; i++)
        {
            if (!parameters[i].shape.SequenceEqual(values[i].shape))
                throw new InvalidOperationException($"parameter {i} of the fresh {noun} has another shape than the trained value.");
            parameters[i].CopyFrom(values[i]);
        }

        return model;
    }

    /// <summary>
    /// The contract's outcome of a loop that trains one model: the part that failed and why (no values), or detached
    /// copies of the trained <paramref name="parameters"/> with the loop's largest loss and gradient deviations.
    /// </summary>
    protected static TrainingOutcome Outcome(GraderTraining.PartFailure? failure, IEnumerable<Tensor>? parameters, double maxLossDeviation, double maxGradientDeviation) =>
        failure is not null
            ? new TrainingOutcome([], failure.Part.ToString().ToLowerInvariant(), failure.Message, double.NaN, double.NaN)
            : new TrainingOutcome([.. parameters!.Select(p => p.detach().clone())], null, null, maxLossDeviation, maxGradientDeviation);
}
