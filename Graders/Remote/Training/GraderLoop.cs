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

    /// <summary>How many training steps a loop probes (<see cref="Probes"/>), drawn per run.</summary>
    public const int ProbeMoments = 4;

    /// <summary>The bound on a probe's outputs, relative to 1 + the largest of them (<see cref="ProbeBound.Tolerance"/>, derived there).</summary>
    public const double ProbeTolerance = ProbeBound.Tolerance;

    /// <summary>
    /// The run-time half of "the model is a pure function of its declared parameters and its inputs" (issue 79 item 2;
    /// GRADER005 is the compile-time half): at <see cref="ProbeMoments"/> training steps drawn from the grader's
    /// <c>generator</c> (one the hand-in never sees), the loop records the step's own call into the model — the inputs the
    /// grader drew for it, the outputs the model returned, and the parameters' values of that moment — so no call singles
    /// itself out (same shape, grad mode, the training's rows). After training, <see cref="Replay"/> gives each recorded
    /// step's inputs to a FRESH model holding that step's parameter values: the outputs must be the same within
    /// <see cref="ProbeTolerance"/>. A model whose function changed during training (a call counter, a cache, an
    /// unregistered tensor filled in Forward) loses the training, charged to the model, with a message that says so.
    /// </summary>
    public sealed class Probes
    {
        private readonly HashSet<int> _moments = [];

        private readonly Generator _order;

        private readonly List<(int Step, float[][] Parameters, List<(int Kind, (float[] Values, int[] Shape)[] Inputs, float[][] Outputs)> Calls)> _records = [];

        /// <summary>Probes at <see cref="ProbeMoments"/> steps of 0 … <paramref name="steps"/> − 1 drawn from <paramref name="generator"/> (a step drawn twice counts once).</summary>
        public Probes(int steps, Generator generator)
        {
            ArgumentNullException.ThrowIfNull(generator);
            for (var k = 0; k < ProbeMoments && steps > 0; k++) _moments.Add((int)generator.NextInt(0, steps));
            _order = generator.Fork();
        }

        /// <summary>The number of steps recorded so far.</summary>
        public int Recorded => _records.Count;

        /// <summary>True when <paramref name="step"/> is a probe moment (its calls are recorded).</summary>
        public bool IsMoment(int step) => _moments.Contains(step);

        /// <summary>
        /// Records a call of <paramref name="step"/> when it is a probe moment: its <paramref name="inputs"/>, the model's
        /// <paramref name="outputs"/> and, on the step's first recorded call, the <paramref name="parameters"/>' values
        /// (before the step's update; the loops' ledger holds them unchanged through the step's calls). A loop that calls
        /// the model several times a step (the ODE's and the SDE's grader losses) records every call, each with its
        /// <paramref name="kind"/> (which of the model's functions it was), which <see cref="Replay{TModel}(TModel, List{Tensor}, List{Tensor}, Func{TModel, int, Tensor[], Tensor?[]?}, string)"/> hands back.
        /// </summary>
        public void Record(int step, List<Tensor> parameters, Tensor[] inputs, Tensor[] outputs, int kind = 0)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(outputs);
            if (!_moments.Contains(step)) return;
            if (_records.Count == 0 || _records[^1].Step != step) _records.Add((step, GraderTraining.Snapshot(parameters), []));
            _records[^1].Calls.Add((kind, inputs.Select(x => (x.detach().contiguous().ToArray(), x.shape.ToArray())).ToArray(), outputs.Select(y => y.detach().contiguous().ToArray()).ToArray()));
        }

        /// <summary>
        /// Each recorded step replayed on <paramref name="fresh"/> (a model from a fresh instance of the parts, with
        /// <paramref name="freshParameters"/>): that step's parameter values copied in, its inputs given to
        /// <paramref name="call"/> in grad mode, the outputs compared; then the <paramref name="trained"/> values copied
        /// back. The steps, and the calls within a step, are replayed in an order the grader draws, so a function keyed on
        /// a call's position (a counter) does not replay as it ran. Null when every output agrees, otherwise why (charged
        /// to the model, naming the <paramref name="noun"/>).
        /// </summary>
        public string? Replay<TModel>(TModel fresh, List<Tensor> freshParameters, List<Tensor> trained, Func<TModel, Tensor[], Tensor?[]?> call, string noun)
        {
            ArgumentNullException.ThrowIfNull(call);
            return Replay(fresh, freshParameters, trained, (m, _, x) => call(m, x), noun);
        }

        /// <summary>
        /// <see cref="Replay{TModel}(TModel, List{Tensor}, List{Tensor}, Func{TModel, Tensor[], Tensor?[]?}, string)"/> for a loop
        /// that records calls of several kinds: <paramref name="call"/> makes the recorded call of its kind (the ODE's
        /// drift, the SDE's four networks and its likelihood's β) on the fresh model, as the loop made it.
        /// </summary>
        public string? Replay<TModel>(TModel fresh, List<Tensor> freshParameters, List<Tensor> trained, Func<TModel, int, Tensor[], Tensor?[]?> call, string noun)
        {
            ArgumentNullException.ThrowIfNull(freshParameters);
            ArgumentNullException.ThrowIfNull(trained);
            ArgumentNullException.ThrowIfNull(call);
            string? problem = null;
            foreach (var (step, values, recorded) in _order.Permutation(_records.Count).Select(r => _records[r]))
            {
                var calls = _order.Permutation(recorded.Count).Select(c => recorded[c]);
                using (no_grad())
                    for (var i = 0; i < freshParameters.Count; i++) freshParameters[i].CopyFrom(tensor(values[i], freshParameters[i].shape));
                foreach (var (kind, inputs, outputs) in calls)
                {
                    using var scope = memory_scope();
                    Tensor?[]? again;
                    using (enable_grad()) again = call(fresh, kind, inputs.Select(x => tensor(x.Values, x.Shape)).ToArray());
                    if (again is null || again.Length != outputs.Length || again.Zip(outputs).Any(p => p.First is null || p.First.numel() != p.Second.Length))
                    {
                        problem = $"a fresh {noun} holding the parameters of a training step does not answer that step's inputs as the trained {noun} did (null or another shape).";
                        break;
                    }

                    var (worst, bound) = ProbeBound.Gap(outputs, again.Select(a => a!.detach().contiguous().ToArray()).ToArray());
                    if (worst > bound)
                    {
                        problem = $"your {noun}'s function changed during training: {GraderTraining.OnStep(step)} the grader recorded its call (the step's own inputs and outputs) and the parameters' values, and a fresh {noun} holding those values answers the same inputs with outputs that differ by up to {worst:G3} (bound {bound:G2}). The {noun} must be a pure function of its parameters and its inputs: it computes with something else (a counter, a cache, a tensor filled during training), which is not kept after training.";
                        break;
                    }
                }

                if (problem is not null) break;
            }

            using (no_grad())
                for (var i = 0; i < freshParameters.Count; i++) freshParameters[i].CopyFrom(trained[i].detach().clone());
            return problem;
        }
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
    /// (<see cref="Record"/>) and Adam's step. Every step makes the same calls into the model (issue 79 item 2: no call
    /// singles out a step; the fresh model's comparison and the probes' replays come after the last step). With <paramref name="graderGradient"/> (the ODE's, issue 79) the
    /// hand-in's loss is only recorded: before Adam's step the parameters' gradients are replaced by the grader's loss's
    /// (<paramref name="graderGradient"/> fills them from the model and the batch; its failure is charged to the model), so
    /// no term of the hand-in's loss reaches a parameter. The part ("model", "loss") and the reason of the first failure, or null.
    /// </summary>
    public static (string Part, string Reason)? StepsRecorded<TModel>(TModel model, List<Tensor> parameters, Grader.Tensors.Adam optimizer, Tensor source, int[][] rows,
        int steps, Func<TModel, Tensor, int, Tensor?> loss, string call, string noun, string noGradient, Func<int, bool> recorded, float[] losses, float[] snapshots,
        float[] gradients, Func<TModel, Tensor, string?>? graderGradient = null)
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
