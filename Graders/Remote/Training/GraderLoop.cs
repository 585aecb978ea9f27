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
    /// The training data a loop accepts (<paramref name="data"/>, detached and contiguous): [N ≥ 1, d], of
    /// <paramref name="columns"/> columns when given; otherwise an <see cref="ArgumentException"/> naming the
    /// <paramref name="loop"/> (a grader's call, not the hand-in's).
    /// </summary>
    public static Tensor Source(Tensor data, string loop, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() != 2 || data.size(0) < 1 || (columns is { } c && data.size(1) != c))
            throw new ArgumentException($"{loop}: data must be [N ≥ 1, {columns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "d"}], got [{string.Join(", ", data.shape)}]");
        return data.detach().contiguous();
    }

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
    /// The parameters <paramref name="model"/> (from the hand-in's <c>Model</c>, called as <paramref name="what"/>)
    /// declares (<paramref name="parametersOf"/>), when they are a list the loop accepts (<see cref="GraderTraining.Checked"/>);
    /// otherwise why not (charged to the model).
    /// </summary>
    public static (List<Tensor> Parameters, string? Bad) Declared<TModel>(TModel? model, Func<TModel, IReadOnlyList<Tensor>?> parametersOf, string what, long maxParameters)
        where TModel : class =>
        model is null ? ([], $"{what} returned null.") : GraderTraining.Checked(parametersOf(model), what, maxParameters);

    /// <summary>
    /// The steps of a loop whose loss is one scalar per batch and whose record a hidden check replays (the ODE's, the
    /// SDE's): per step its batch (<paramref name="rows"/> of <paramref name="source"/>), the hand-in's loss on it
    /// (<paramref name="loss"/>: the model, the batch, the step; checked by <see cref="ScalarLoss"/> as
    /// <paramref name="call"/>), its backward (on step 0 a loss whose gradient reaches no parameter is charged to the
    /// model: <paramref name="noGradient"/>), the value in <paramref name="losses"/>, a <paramref name="recorded"/> step's
    /// parameters and gradients in the next row of <paramref name="snapshots"/> and <paramref name="gradients"/>
    /// (<see cref="Record"/>), Adam's step, and after the first of several steps <paramref name="afterFirstStep"/> (the
    /// fresh model's comparison, charged to the model). With <paramref name="graderGradient"/> (the ODE's, issue 79) the
    /// hand-in's loss is only recorded: before Adam's step the parameters' gradients are replaced by the grader's loss's
    /// (<paramref name="graderGradient"/> fills them from the model and the batch; its failure is charged to the model), so
    /// no term of the hand-in's loss reaches a parameter. The part ("model", "loss") and the reason of the first failure, or null.
    /// </summary>
    public static (string Part, string Reason)? StepsRecorded<TModel>(TModel model, List<Tensor> parameters, Grader.Tensors.Adam optimizer, Tensor source, int[][] rows,
        int steps, Func<TModel, Tensor, int, Tensor?> loss, string call, string noun, string noGradient, Func<int, bool> recorded, float[] losses, float[] snapshots,
        float[] gradients, Func<string?> afterFirstStep, Func<TModel, Tensor, string?>? graderGradient = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var slot = 0;
        using (enable_grad())
            for (var step = 0; step < steps; step++)
            {
                using var scope = memory_scope();
                var y = source.index_select(0, rows[step]);
                var before = GraderTraining.Snapshot(parameters);
                var batchLoss = loss(model, y, step);
                var (value, lossProblem) = ScalarLoss(batchLoss, parameters, before, call, noun, step);
                if (lossProblem is not null) return ("loss", lossProblem);

                foreach (var p in parameters) p.grad = null;
                batchLoss!.backward();
                if (step == 0 && parameters.All(p => p.grad is null)) return ("model", noGradient);

                losses[step] = (float)value;
                if (recorded(step)) Record(parameters, before, snapshots, gradients, slot++);

                if (graderGradient?.Invoke(model, y) is { } graderProblem) return ("model", graderProblem);
                optimizer.step();
                if (step == 0 && steps > 1 && afterFirstStep() is { } early) return ("model", early);
            }

        return null;
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
