using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// The grader's training of a hand-in's <see cref="IInnTrainingParts"/>, answered by the grader's own code where the
/// hand-in runs (its host, or the self-check's process), never by a hand-in: a check resolves it like a contract, and the
/// loop runs beside the hand-in's flow, because backward needs the graph its loss built there (issue 66).
/// </summary>
public interface IInnTrainingRun
{
    /// <summary>
    /// Trains the hand-in's parts with the grader's loop (<paramref name="steps"/> Adam steps on <paramref name="data"/>,
    /// the flow's weights from <paramref name="modelGenerator"/>, every batch from <paramref name="batchGenerator"/>) and
    /// returns the trained values, or the part that failed and why.
    /// </summary>
    TrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator);

    /// <summary>
    /// A fresh flow from a fresh instance of the hand-in's parts (<see cref="IInnTrainingParts.Model"/> with
    /// <paramref name="modelGenerator"/>), its parameters set to <paramref name="values"/>, which must have the shapes it
    /// declares: the flow that is judged.
    /// </summary>
    INormalizingFlow Trained(int dataDimension, Generator modelGenerator, IReadOnlyList<Tensor> values);
}
