using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 003's ODE model (tasks 1.3–1.4; issue 66), beside <see cref="GraderTraining"/>:
/// the hand-in supplies the parts (<see cref="IOdeTrainingParts"/>: the drift, the loss of one batch, the settings), and
/// this loop draws every batch (the notebook's shuffled epochs, <see cref="BatchRows"/>), calls the hand-in's loss and
/// its backward to RECORD them, and steps Adam on the gradient of the GRADER's loss (issue 79): the grader's
/// <see cref="IOdeGraderLoss"/> (its formula stays on the grader's side of the channel; only values cross) names the
/// points and times of each drift call, this loop calls the drift's Forward there with gradients enabled, sends back f,
/// ∂f/∂x and ∂²f/∂x², and backpropagates the upstream gradients the grader returns through the drift's graph
/// (<see cref="GraderGradient"/>). No term of the hand-in's loss reaches a parameter. It checks, per step, that nothing
/// but its own steps changed the parameters (compared around the calls into the hand-in), and after the last step that a
/// FRESH drift from a FRESH instance of the parts, holding the current values only (<see cref="GraderLoop.FreshWithValues"/>),
/// answers the probes' recorded calls and 256 grader-drawn points as the trained one (a drift that computes with anything
/// but its parameters is caught). Every step makes the same calls into the drift: no comparison after the first step
/// (issue 79 item 2; the V's, INN's and DTU's loops dropped theirs). It does NOT check the hand-in's loss against the sheet's formula: that formula
/// (the log-likelihood by the change of variables) is graded by task 1.1–1.4's own checks and must not ship in this
/// project, which the student repository holds. So it records, per step, the loss value, the parameters before the step
/// and the gradient the hand-in's loss gave them (<see cref="OdeTrainingOutcome"/>), and the grader's hidden check
/// (<c>OdeTrainingVerification</c>) recomputes the formula on drifts rebuilt from the recorded values and compares.
/// </summary>
public static class OdeGraderTraining
{
    /// <summary>The bounds on the learning rate (the notebook's Adam: 1e-2).</summary>
    public static readonly (double Min, double Max) LearningRates = (1e-4, 3e-2);

    /// <summary>The bounds on the batch size (the notebook's: 125; the loss's cost grows with it, and so does the training's CPU budget's share).</summary>
    public static readonly (int Min, int Max) BatchSizes = (16, 250);

    /// <summary>At most this many parameter values (the notebook's drift has 8,577; each step's record holds two copies).</summary>
    public const long MaxParameters = 100_000;

    /// <summary>At most this many drift calls the grader's loss may ask for one batch (its Euler solve makes 99).</summary>
    public const int MaxGraderCalls = 1_000;

    /// <summary>
    /// The rows of every step's batch: the notebook's <c>DataLoader(shuffle=True)</c>, a fresh permutation of the N rows
    /// each epoch cut into consecutive batches (the last one of an epoch shorter when the batch does not divide N).
    /// Public so the grader's verification draws the same batches from the same generator state.
    /// </summary>
    public static int[][] BatchRows(int n, int batch, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var rows = new int[steps][];
        int[] order = [];
        var position = 0;
        for (var step = 0; step < steps; step++)
        {
            if (position >= order.Length)
            {
                order = generator.Permutation(n);
                position = 0;
            }

            var take = Math.Min(batch, n - position);
            rows[step] = order.AsSpan(position, take).ToArray();
            position += take;
        }

        return rows;
    }

    /// <summary>
    /// Trains the hand-in's parts on <paramref name="data"/> [N, 1] for <paramref name="steps"/> Adam steps at the
    /// settings' learning rate and batch size. An exception of the hand-in's code propagates (the check's
    /// <c>HandinCall</c> reports it).
    /// </summary>
    /// <param name="freshParts">A new instance of the hand-in's parts, for the fresh drift the trained values go into.</param>
    /// <param name="loss">The grader's loss, whose gradient every Adam step uses.</param>
    public static OdeTrainingOutcome Run(IOdeTrainingParts parts, Func<IOdeTrainingParts> freshParts, Tensor data, int steps, Generator modelGenerator, Generator batchGenerator, IOdeGraderLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(freshParts);
        ArgumentNullException.ThrowIfNull(modelGenerator);
        ArgumentNullException.ThrowIfNull(batchGenerator);
        var source = GraderLoop.Source(data, "OdeGraderTraining", columns: 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);

        var settings = parts.Settings();
        if (GraderLoop.SettingsProblem(settings, LearningRates, BatchSizes, "1e-2", 125) is { } unusable) return Fail("settings", unusable);
        var batch = settings.BatchSize;

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var drift = parts.Model(modelGenerator);
        var (parameters, bad) = GraderLoop.Declared(drift, f => f.Parameters(), "Model(generator)", MaxParameters);
        if (bad is not null) return Fail("model", bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();
        var size = (int)parameters.Sum(p => (long)p.numel());

        var rows = BatchRows(source.size(0), batch, steps, batchGenerator);
        var optimizer = GraderLoop.Adam(parameters, settings);
        var losses = new float[steps];
        var snapshots = new float[steps * size];
        var gradients = new float[steps * size];
        var graderGradients = new float[steps * size];
        var graderStep = 0;
        // The probes' moments (GraderLoop.Probes), from a copy of the grader's generator: the training's draws are not
        // touched. At a moment every drift call of the grader's loss is recorded (its x, t and f, with that step's parameters).
        var probes = new GraderLoop.Probes(steps, Generator.FromState(batchGenerator.GetState()).Fork());
        if (GraderLoop.StepsRecorded(drift!, parameters, optimizer, source, rows, steps, (f, y, _) => parts.Loss(f, y.clone()), "Loss(drift, y)", "drift",
                "the loss does not depend on the drift's parameters: the drift must compute f from the parameters Parameters() returns.", _ => true, losses, snapshots, gradients,
                (f, y) => GraderGradient(f, parameters, y, loss, (x, fx) => probes.Record(graderStep, parameters, x, fx)) ?? RecordGrader(parameters, graderGradients, size, graderStep++)) is { } failed)
            return Fail(failed.Part, failed.Reason);

        // Only the parameters' values cross: a fresh drift of the declared shapes, from the same generator state.
        var (fresh, freshParameters, freshBad) = FreshWithValues(parameters, shapes, freshParts, freshGenerator);
        if (freshBad is not null) return Fail("model", freshBad);
        if (probes.Replay(fresh!, freshParameters, parameters, (f, x) => [f.Forward(x[0].requires_grad_(), x[1])], "drift") is { } changedFunction) return Fail("model", changedFunction);
        if (SameOutputs(drift!, fresh!, batchGenerator) is { } differs) return Fail("model", differs);
        return new OdeTrainingOutcome([.. freshParameters.Select(p => p.detach().clone())], null, null, batch,
            tensor(losses, steps), tensor(snapshots, steps, size), tensor(gradients, steps, size), tensor(graderGradients, steps, size));
    }

    /// <summary>
    /// Sets the gradients of <paramref name="parameters"/> to the gradient of the grader's <paramref name="loss"/> of the
    /// batch <paramref name="y"/> (issue 79): per drift call the grader's loss asks for, the drift's Forward at its x (a
    /// leaf of the call) and t with gradients enabled, ∂f/∂x on the graph (create_graph) and ∂²f/∂x² as a value; the
    /// values go to the grader, whose upstream gradients d loss/d f and d loss/d (∂f/∂x) of every call are then
    /// backpropagated through the calls' graphs at once (Σ_k ⟨u_k, f_k⟩ + ⟨w_k, ∂f/∂x_k⟩; the calls' inputs are leaves, so
    /// that is the chain rule's sum over the calls). Every step makes the same calls; <paramref name="seen"/>, when given,
    /// is told each call's inputs (x, t) and output f (the loop's probes, <see cref="GraderLoop.Probes"/>). Null, or why the
    /// drift cannot be trained (charged to the model); a malformed request of the grader's loss is a grader defect and throws.
    /// </summary>
    public static string? GraderGradient(ITrainableDrift drift, List<Tensor> parameters, Tensor y, IOdeGraderLoss loss, Action<Tensor[], Tensor[]>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        var b = y.size(0);
        var values = new List<Tensor>();
        var partials = new List<Tensor>();
        var before = GraderTraining.Snapshot(parameters);
        using (enable_grad())
        {
            var next = loss.Begin(y.detach().clone());
            while (true)
            {
                if (next is null || next.dim() != 2 || next.size(1) != 2 || (next.size(0) != b && next.size(0) != 0) || values.Count > MaxGraderCalls)
                    throw new InvalidOperationException("the grader's loss asked for a drift call of another shape, or too many (a grader defect).");
                if (next.size(0) == 0) break;
                var x = next.narrow(1, 0, 1).detach().contiguous().requires_grad_();
                var t = next.narrow(1, 1, 1).detach().contiguous();
                var f = drift.Forward(x, t);
                if (f is null || f.numel() != b || !f.requires_grad)
                    return $"your drift's Forward, called by the grader's loss with gradients enabled, returned {(f is null ? "null" : f.requires_grad ? $"[{string.Join(", ", f.shape)}] for {b} points" : "a tensor without a graph")}: Forward must be f(x, t) on the graph of the parameters and of x (no no_grad, no detach inside Forward), one value per point; the grader's loss, which trains the drift, differentiates it.";
                f = f.reshape(b, 1);
                seen?.Invoke([x, t], [f]);
                var d = torch.autograd.grad([f], [x], [ones_like(f)], create_graph: true, allow_unused: true)[0] ?? zeros_like(f);
                var dd = d.requires_grad ? torch.autograd.grad([d], [x], [ones_like(d)], allow_unused: true)[0] ?? zeros_like(f) : zeros_like(f);
                var outputs = cat([f.detach(), d.detach().reshape(b, 1), dd.detach().reshape(b, 1)], 1).contiguous();
                if (outputs.ToArray().Any(v => !float.IsFinite(v)))
                    return "your drift's f or ∂f/∂x is not finite at a point the grader's loss evaluates it (during the grader's training).";
                values.Add(f);
                partials.Add(d.reshape(b, 1));
                next = loss.Next(outputs);
            }
        }

        if (GraderTraining.Changed(parameters, before) is { } changed)
            return $"the parameters changed during a call of your drift ({changed}); only the grader's optimiser step may change them.";
        var upstream = loss.Upstream();
        if (upstream is null || upstream.dim() != 3 || upstream.size(0) != values.Count || upstream.size(1) != b || upstream.size(2) != 2)
            throw new InvalidOperationException("the grader's loss returned upstream gradients of another shape (a grader defect).");
        upstream = upstream.detach().contiguous();
        foreach (var p in parameters) p.grad = null;
        using (enable_grad())
        {
            Tensor? total = null;
            for (var k = 0; k < values.Count; k++)
            {
                var call = upstream.select(0, k);
                var term = (values[k] * call.narrow(1, 0, 1)).sum() + (partials[k] * call.narrow(1, 1, 1)).sum();
                total = total is null ? term : total + term;
            }

            if (total is { requires_grad: true }) total.backward();
        }

        return null;
    }

    /// <summary>Writes the parameters' gradients (the grader's loss's, just set) into row <paramref name="step"/> of <paramref name="record"/>; null (nothing failed).</summary>
    internal static string? RecordGrader(List<Tensor> parameters, float[] record, int size, int step)
    {
        var offset = step * size;
        foreach (var p in parameters)
        {
            var n = (int)p.numel();
            if (p.grad is { } g) g.detach().contiguous().ToArray().CopyTo(record, offset);
            offset += n;
        }

        return null;
    }

    /// <summary>A fresh drift (a fresh instance of the parts, a copy of the initial generator state) holding the current values, or why not.</summary>
    private static (ITrainableDrift? Fresh, List<Tensor> Parameters, string? Bad) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IOdeTrainingParts> freshParts, Generator modelGenerator) =>
        GraderLoop.FreshWithValues(freshParts().Model(Generator.FromState(modelGenerator.GetState())), f => f.Parameters(), parameters, shapes, "Model(generator)", "drift", MaxParameters);

    private static OdeTrainingOutcome Fail(string part, string reason) => new([], part, reason, 0, zeros(0), zeros(0), zeros(0), zeros(0));

    /// <summary>The trained and the fresh drift's Forward at 256 points (x ~ N(0, 4²), t uniform on [0, 1]) drawn by the grader: equal to float32 rounding, or the failure.</summary>
    private static string? SameOutputs(ITrainableDrift trained, ITrainableDrift fresh, Generator generator)
    {
        using var scope = memory_scope();
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
        const int points = 256;
        var x = randn([points, 1], generator) * 4f;
        var t = rand([points, 1], generator);
        var a = trained.Forward(x, t);
        var b = fresh.Forward(x, t);
        if (a is null || b is null || a.numel() != points || b.numel() != points)
            return "a fresh drift with the trained parameters does not answer as the trained one did (null or another size).";
        var av = a.detach().contiguous().ToArray();
        var bv = b.detach().contiguous().ToArray();
        for (var i = 0; i < points; i++)
            if (!(Math.Abs(av[i] - bv[i]) <= 1e-5 * Math.Max(1, Math.Abs(av[i]))))
                return $"a fresh drift with the trained parameters gives f = {bv[i]:G5} where the trained one gave {av[i]:G5} at the same point: the drift computes with something besides its parameters (only their values are kept after training).";
        return null;
    }
}
