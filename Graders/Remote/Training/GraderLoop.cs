using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The pieces every grader-owned training loop shares (issue 66 "one shape", issue 69 item 5), beside those it has kept
/// in <see cref="GraderTraining"/> since the V's loop was the first (the parameter ledger <see cref="GraderTraining.Snapshot"/>
/// / <see cref="GraderTraining.Changed"/>, the parameter list <see cref="GraderTraining.Checked"/>, the gradient checks,
/// and the failure charged to a part, <see cref="GraderTraining.PartFailure"/>): the student's settings within bounds,
/// Adam over the declared parameters, and the FRESH model that receives the trained values by the shapes the first one
/// declared. A loop (see the folder README) is then its draws, its formula check and its fresh-model comparison.
/// </summary>
internal static class GraderLoop
{
    /// <summary>
    /// Why <paramref name="settings"/> cannot be trained with (null, a learning rate outside <paramref name="rates"/>, a
    /// batch size outside <paramref name="batches"/>; the values of <paramref name="notebook"/> named, the batch size's when
    /// it has one), or null when they can.
    /// </summary>
    public static string? SettingsProblem(TrainingSettings? settings, (double Min, double Max) rates, (int Min, int Max) batches, string notebookRate, int? notebookBatch, string notebook = "the notebook")
    {
        if (settings is null) return "Settings() returned null; return the learning rate and batch size you chose.";
        if (!(settings.LearningRate >= rates.Min && settings.LearningRate <= rates.Max))
            return $"the learning rate {settings.LearningRate:G4} is outside {rates.Min:G1} … {rates.Max:G1} ({notebook}'s Adam uses {notebookRate}).";
        if (settings.BatchSize < batches.Min || settings.BatchSize > batches.Max)
            return notebookBatch is { } used
                ? $"the batch size {settings.BatchSize} is outside {batches.Min} … {batches.Max} ({notebook} uses {used})."
                : $"the batch size {settings.BatchSize} is outside {batches.Min} … {batches.Max}.";
        return null;
    }

    /// <summary>The grader's optimiser over the declared parameters: Adam at the student's learning rate, the task's weight decay (the SDE notebook's; none elsewhere), torch's defaults otherwise.</summary>
    public static Grader.Tensors.Adam Adam(List<Tensor> parameters, TrainingSettings settings, double weightDecay = 0) =>
        optim.Adam(parameters, lr: settings.LearningRate, weight_decay: weightDecay);

    /// <summary>
    /// <paramref name="made"/> (a model from a FRESH instance of the parts, its <c>Model</c> called as <paramref name="what"/>)
    /// holding copies of <paramref name="trained"/>'s current values, when its parameters (<paramref name="parametersOf"/>)
    /// are a list the loop accepts (<see cref="GraderTraining.Checked"/>) of the <paramref name="shapes"/> the first model
    /// declared, with that list; otherwise why not (charged to the model). Only the values cross, nothing else of the trained model.
    /// </summary>
    public static (TModel? Fresh, List<Tensor> Parameters, string? Bad) FreshWithValues<TModel>(TModel? made, Func<TModel, IReadOnlyList<Tensor>?> parametersOf, List<Tensor> trained,
        IReadOnlyList<int[]> shapes, string what, string noun, long maxParameters)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(parametersOf);
        if (made is null) return (null, [], $"{what} called again returned null.");
        var (fresh, bad) = GraderTraining.Checked(parametersOf(made), $"{what} called again", maxParameters);
        if (bad is not null) return (null, [], bad);
        if (fresh.Count != shapes.Count || fresh.Zip(shapes).Any(p => !p.First.shape.SequenceEqual(p.Second)))
            return (null, [], $"a second {noun} from {what} has other parameter shapes than the first.");
        using (no_grad())
            for (var i = 0; i < shapes.Count; i++) fresh[i].CopyFrom(trained[i].detach().clone());
        return (made, fresh, null);
    }

    /// <summary>
    /// The value of the scalar <paramref name="loss"/> the hand-in's <paramref name="call"/> returned on
    /// <paramref name="step"/>, or why the loop cannot step with it (charged to the loss): not a scalar, no gradient to
    /// the <paramref name="noun"/>'s parameters, parameters changed since <paramref name="before"/> (only the grader's
    /// steps may change them), or not finite. Shared by the loops whose loss is one scalar per batch (ODE, SDE).
    /// </summary>
    public static (double Value, string? Problem) ScalarLoss(Tensor? loss, List<Tensor> parameters, float[][] before, string call, string noun, int step)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (loss is null || loss.numel() != 1)
            return (double.NaN, $"{call} must return a scalar tensor, got {GraderTraining.NotAScalar(loss)}.");
        if (!loss.requires_grad)
            return (double.NaN, $"the loss carries no gradient to the {noun}'s parameters (computed without the {noun}, detached, or under no_grad).");
        if (GraderTraining.Changed(parameters, before) is { } changed)
            return (double.NaN, $"the parameters changed during your Loss call ({changed}); only the grader's optimiser step may change them.");
        var value = (double)loss.detach().reshape(1).ToArray()[0];
        return double.IsFinite(value) ? (value, null) : (value, $"Loss returned {value} {GraderTraining.OnStep(step)}.");
    }

    /// <summary>
    /// Writes a recorded step's parameters (<paramref name="before"/> the step, flattened in their order) and their
    /// gradients (nothing where a parameter has none: the row keeps what it held, zeros in a fresh array) into row <paramref name="slot"/> of <paramref name="snapshots"/> and
    /// <paramref name="gradients"/> (each a row of the parameters' total size per recorded step).
    /// </summary>
    public static void Record(List<Tensor> parameters, float[][] before, float[] snapshots, float[] gradients, int slot)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(before);
        var offset = slot * before.Sum(b => b.Length);
        for (var i = 0; i < parameters.Count; i++)
        {
            before[i].CopyTo(snapshots, offset);
            if (parameters[i].grad is { } g) g.detach().contiguous().ToArray().CopyTo(gradients, offset);
            offset += before[i].Length;
        }
    }
}
