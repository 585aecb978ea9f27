using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 003's SDE model (task 2.3; issue 66), beside <see cref="OdeGraderTraining"/>:
/// the hand-in supplies the parts (<see cref="ISdeTrainingParts"/>: the model, the loss of one batch, the settings), and
/// this loop draws every batch (the notebook's shuffled epochs, <see cref="OdeGraderTraining.BatchRows"/>) and the
/// ELBO's t and ε of every step (a <see cref="KeyedElboNoise"/> per step, from a seed the grader draws), calls the
/// hand-in's loss, runs backward and Adam's step (the notebook's weight decay, <see cref="WeightDecay"/>). It checks, per
/// step, that nothing but its own steps changed the parameters and that the loss is a finite scalar carrying a gradient,
/// and after the last step that a FRESH model from a FRESH instance of the parts, holding the current values only,
/// answers the probes' recorded calls and 256 grader-drawn points as the trained one (every network and the likelihood's
/// β). Every step makes the same calls into the model: no comparison after the first step (issue 79 item 2). It does NOT check the loss against the sheet's
/// formula: the ELBO is graded by tasks 2.1–2.2 (<c>ISdeElbo</c>) and must not ship in this project, which the student
/// repository holds. It records the loss of every step and, on <see cref="RecordedSteps"/> steps drawn by the grader
/// (step 0 among them; the loop does the same work on every step, so a loss cannot tell them apart), the parameters
/// before the step and the gradient the loss gave them (<see cref="SdeTrainingOutcome"/>); the grader's hidden check
/// (<c>SdeTrainingVerification</c>) recomputes the reference's ELBO on models rebuilt from those values, with the same
/// batch and draws, and compares.
/// </summary>
public static class SdeGraderTraining
{
    /// <summary>The bounds on the learning rate (the notebook's Adam: 1e-3).</summary>
    public static readonly (double Min, double Max) LearningRates = (1e-4, 3e-3);

    /// <summary>The bounds on the batch size (the notebook's: 125).</summary>
    public static readonly (int Min, int Max) BatchSizes = (16, 250);

    /// <summary>Adam's weight decay, the notebook's (<c>weight_decay=1e-6</c>); not the student's choice.</summary>
    public const double WeightDecay = 1e-6;

    /// <summary>At most this many parameter values (the notebook's model has 17,669).</summary>
    public const long MaxParameters = 100_000;

    /// <summary>Steps whose parameters and gradient are recorded for the grader's check, drawn per run; step 0 always among them.</summary>
    public const int RecordedSteps = 24;

    /// <summary>
    /// What the grader draws for a training, in this order from <paramref name="generator"/>: the recorded steps
    /// (ascending, step 0 first), the seed of each step's <see cref="KeyedElboNoise"/>, and the rows of each step's batch.
    /// Public so the grader's verification draws the same from the same generator state.
    /// </summary>
    public static (int[] Recorded, ulong[] NoiseSeeds, int[][] Rows) Plan(int n, int batch, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var pick = generator.Fork();
        var recorded = new SortedSet<int> { 0 };
        for (var k = 1; k < RecordedSteps; k++) recorded.Add((int)pick.NextInt(0, steps));
        var seeds = generator.Fork();
        var noiseSeeds = new ulong[steps];
        for (var step = 0; step < steps; step++) noiseSeeds[step] = seeds.NextUInt64();
        return ([.. recorded], noiseSeeds, OdeGraderTraining.BatchRows(n, batch, steps, generator));
    }

    /// <summary>
    /// Trains the hand-in's parts on <paramref name="data"/> [N, 1] for <paramref name="steps"/> Adam steps at the
    /// settings' learning rate and batch size. An exception of the hand-in's code propagates (the check's
    /// <c>HandinCall</c> reports it).
    /// </summary>
    /// <param name="freshParts">A new instance of the hand-in's parts, for the fresh model the trained values go into.</param>
    /// <param name="loss">The grader's loss, whose gradient every Adam step uses.</param>
    public static SdeTrainingOutcome Run(ISdeTrainingParts parts, Func<ISdeTrainingParts> freshParts, Tensor data, int steps, Generator modelGenerator, Generator batchGenerator, ISdeGraderLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(freshParts);
        ArgumentNullException.ThrowIfNull(modelGenerator);
        ArgumentNullException.ThrowIfNull(batchGenerator);
        var source = GraderLoop.Source(data, "SdeGraderTraining", columns: 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);

        var settings = parts.Settings();
        if (GraderLoop.SettingsProblem(settings, LearningRates, BatchSizes, "1e-3", 125) is { } unusable) return Fail("settings", unusable);
        var batch = settings!.BatchSize;

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var model = parts.Model(modelGenerator);
        var (parameters, bad) = GraderLoop.Declared(model, m => m.Parameters(), "Model(generator)", MaxParameters);
        if (bad is not null) return Fail("model", bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();
        var size = (int)parameters.Sum(p => (long)p.numel());

        var (recorded, noiseSeeds, rows) = Plan(source.size(0), batch, steps, batchGenerator);
        var record = new HashSet<int>(recorded);
        var optimizer = GraderLoop.Adam(parameters, settings, WeightDecay);
        var losses = new float[steps];
        var snapshots = new float[recorded.Length * size];
        var gradients = new float[recorded.Length * size];
        var graderGradients = new float[recorded.Length * size];
        var (current, graderSlot) = (0, 0);
        // The probes' moments (GraderLoop.Probes), from a copy of the grader's generator: the training's draws are not
        // touched. At a moment every call of the grader's loss into the model is recorded (α, β, f, σ and the likelihood's β).
        var probes = new GraderLoop.Probes(steps, Generator.FromState(batchGenerator.GetState()).Fork());
        if (GraderLoop.StepsRecorded(model!, parameters, optimizer, source, rows, steps,
                (m, y, step) => parts.Loss(m, y.clone(), new BoundedNoise(new KeyedElboNoise(noiseSeeds[current = step]), y.size(0))), "Loss(model, y, noise)", "model",
                "the loss does not depend on the model's parameters: the networks must compute f, σ, α, β from the parameters Parameters() returns.", record.Contains, losses, snapshots, gradients,
                (m, y) => GraderGradient(m, parameters, y, Draws(noiseSeeds[current], y.size(0)), loss, (kind, x, outputs) => probes.Record(current, parameters, x, outputs, kind))
                          ?? (record.Contains(current) ? OdeGraderTraining.RecordGrader(parameters, graderGradients, size, graderSlot++) : null)) is { } failed)
            return Fail(failed.Part, failed.Reason);

        // Only the parameters' values cross: a fresh model of the declared shapes, from the same generator state.
        var (fresh, freshParameters, freshBad) = FreshWithValues(parameters, shapes, freshParts, freshGenerator);
        if (freshBad is not null) return Fail("model", freshBad);
        if (probes.Replay(fresh!, freshParameters, parameters, Again, "model") is { } changedFunction) return Fail("model", changedFunction);
        if (SameOutputs(model!, fresh!, batchGenerator) is { } differs) return Fail("model", differs);
        return new SdeTrainingOutcome([.. freshParameters.Select(p => p.detach().clone())], null, null, batch,
            tensor(losses, steps), tensor([.. recorded.Select(s => (float)s)], recorded.Length), tensor(snapshots, recorded.Length, size), tensor(gradients, recorded.Length, size),
            tensor(graderGradients, recorded.Length, size));
    }

    /// <summary>The kinds of call <see cref="GraderGradient"/> makes into the model, as its probes record them: α, β, f, σ at (x, t), the likelihood's β.</summary>
    private const int AlphaCall = 0, BetaCall = 1, DriftCall = 2, DiffusionCall = 3, LikelihoodCall = 4;

    /// <summary>A recorded call of <paramref name="kind"/> made again on <paramref name="model"/> as <see cref="GraderGradient"/> made it (the partial's input a leaf).</summary>
    private static Tensor?[]? Again(ITrainableSdeModel model, int kind, Tensor[] x) => kind switch
    {
        AlphaCall => [model.Alpha?.Forward(x[0], x[1].requires_grad_())],
        BetaCall => [model.Beta?.Forward(x[0], x[1].requires_grad_())],
        DriftCall => [model.Drift?.Forward(x[0].requires_grad_(), x[1])],
        DiffusionCall => [model.Diffusion?.Forward(x[0].requires_grad_(), x[1])],
        _ => [model.LikelihoodBeta()],
    };

    /// <summary>The step's draws for shape [B, 1], as the hand-in's loss gets them from its noise source: [B, 4] (t, ε₁, ε₀, ε_t).</summary>
    public static Tensor Draws(ulong noiseSeed, int b)
    {
        var noise = new KeyedElboNoise(noiseSeed);
        int[] shape = [b, 1];
        return cat([noise.Times(shape), noise.NoiseAtOne(shape), noise.NoiseAtZero(shape), noise.NoiseAtTime(shape)], 1).contiguous();
    }

    /// <summary>
    /// Sets the gradients of <paramref name="parameters"/> to the gradient of the grader's <paramref name="loss"/> of the
    /// batch <paramref name="y"/> with the step's <paramref name="draws"/> (issue 79), in the three calls of
    /// <see cref="ISdeGraderLoss"/>: α and β by Forward at the (y, t) the loss names, each t a leaf, with ∂/∂t on the graph
    /// (create_graph); then f and σ by Forward at the (x, t) it names, each x a leaf, with ∂σ/∂x on the graph and ∂f/∂x,
    /// ∂²σ/∂x² as values (the grader carries the chain through x = α + β·ε itself); then the upstream gradients of every
    /// output are backpropagated through the model's graph at once (Σ ⟨u, output⟩ over the outputs and the likelihood's
    /// β: the calls' inputs are leaves, so that is the chain rule's sum over the calls). Every step makes the same calls.
    /// <paramref name="seen"/>, when given, is told each call's kind, inputs and output (the loop's probes, <see cref="GraderLoop.Probes"/>).
    /// Null, or why the model cannot be trained (charged to the model); a malformed request of the grader's loss is a
    /// grader defect and throws.
    /// </summary>
    public static string? GraderGradient(ITrainableSdeModel model, List<Tensor> parameters, Tensor y, Tensor draws, ISdeGraderLoss loss, Action<int, Tensor[], Tensor[]>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        var b = y.size(0);
        var before = GraderTraining.Snapshot(parameters);
        var outputs = new List<Tensor>();
        Tensor upstream;
        int k, m;
        using (enable_grad())
        {
            var likelihood = model.LikelihoodBeta();
            if (likelihood is null || likelihood.numel() != 1 || !likelihood.requires_grad || !double.IsFinite(likelihood.detach().reshape(1).ToDoubleArray()[0]))
                return $"your model's LikelihoodBeta(), called by the grader's loss with gradients enabled, returned {(likelihood is null ? "null" : likelihood.numel() != 1 ? $"[{string.Join(", ", likelihood.shape)}]" : likelihood.requires_grad ? "a value that is not finite" : "a tensor without a graph")}: it must be β of the likelihood as one value on the graph of the parameters (the grader's loss, which trains the model, differentiates it).";
            seen?.Invoke(LikelihoodCall, [], [likelihood]);
            var first = loss.Begin(y.detach().clone(), draws.detach().clone(), likelihood.detach().reshape(1).clone());
            if (first is null || first.dim() != 2 || first.size(1) != 2 || first.size(0) < 1 || first.size(0) > MaxPointsPerRow * b)
                throw new InvalidOperationException("the grader's loss asked for α and β at points of another shape (a grader defect).");
            k = first.size(0);
            var (alpha, dAlpha, _, alphaProblem) = WithPartial(model.Alpha, "α", first, wrtX: false, secondPartial: false, Seen(AlphaCall));
            if (alphaProblem is not null) return alphaProblem;
            var (beta, dBeta, _, betaProblem) = WithPartial(model.Beta, "β", first, wrtX: false, secondPartial: false, Seen(BetaCall));
            if (betaProblem is not null) return betaProblem;
            var posterior = cat([alpha!.detach(), dAlpha!.detach(), beta!.detach(), dBeta!.detach()], 1).contiguous();
            if (posterior.ToArray().Any(v => !float.IsFinite(v)))
                return "your model's α, β or their time partials are not finite at a point the grader's loss evaluates them (during the grader's training).";

            var second = loss.Next(posterior);
            if (second is null || second.dim() != 2 || second.size(1) != 2 || second.size(0) < 1 || second.size(0) > MaxPointsPerRow * b)
                throw new InvalidOperationException("the grader's loss asked for f and σ at points of another shape (a grader defect).");
            m = second.size(0);
            var (f, df, _, driftProblem) = WithPartial(model.Drift, "f", second, wrtX: true, secondPartial: false, Seen(DriftCall));
            if (driftProblem is not null) return driftProblem;
            var (sigma, dSigma, ddSigma, sigmaProblem) = WithPartial(model.Diffusion, "σ", second, wrtX: true, secondPartial: true, Seen(DiffusionCall));
            if (sigmaProblem is not null) return sigmaProblem;
            var generative = cat([f!.detach(), df!.detach(), sigma!.detach(), dSigma!.detach(), ddSigma!.detach()], 1).contiguous();
            if (generative.ToArray().Any(v => !float.IsFinite(v)))
                return "your model's f, σ or their x partials are not finite at a point the grader's loss evaluates them (during the grader's training).";
            outputs.AddRange([alpha, dAlpha, beta, dBeta, f, sigma, dSigma!, likelihood.reshape(1, 1)]);

            if (GraderTraining.Changed(parameters, before) is { } changed)
                return $"the parameters changed during a call of your model ({changed}); only the grader's optimiser step may change them.";
            upstream = loss.Upstream(generative);
        }

        if (upstream is null || upstream.numel() != 4L * k + 3L * m + 1)
            throw new InvalidOperationException("the grader's loss returned upstream gradients of another shape (a grader defect).");
        upstream = upstream.detach().reshape(-1).contiguous();
        if (upstream.ToArray().Any(v => !float.IsFinite(v)))
            return "the sheet's negative ELBO of your model's outputs is not finite at the grader's draws (during the grader's training): σ and β must be positive and finite.";
        // The upstream's slices in the order of outputs: α, ∂α/∂t, β, ∂β/∂t (K rows, interleaved by 4), f, σ, ∂σ/∂x (M rows, by 3), β of the likelihood.
        var posteriorUp = upstream.narrow(0, 0, 4 * k).reshape(k, 4);
        var generativeUp = upstream.narrow(0, 4 * k, 3 * m).reshape(m, 3);
        Tensor[] weights =
        [
            posteriorUp.narrow(1, 0, 1), posteriorUp.narrow(1, 1, 1), posteriorUp.narrow(1, 2, 1), posteriorUp.narrow(1, 3, 1),
            generativeUp.narrow(1, 0, 1), generativeUp.narrow(1, 1, 1), generativeUp.narrow(1, 2, 1), upstream.narrow(0, 4 * k + 3 * m, 1).reshape(1, 1),
        ];
        foreach (var p in parameters) p.grad = null;
        using (enable_grad())
        {
            Tensor? total = null;
            for (var i = 0; i < outputs.Count; i++)
            {
                if (!outputs[i].requires_grad) continue;
                var term = (outputs[i] * weights[i]).sum();
                total = total is null ? term : total + term;
            }

            if (total is { requires_grad: true }) total.backward();
        }

        return null;

        Action<Tensor[], Tensor[]>? Seen(int kind) => seen is null ? null : (x, value) => seen(kind, x, value);
    }

    /// <summary>At most this many evaluation points per batch row the grader's loss may ask for in one call (its ELBO asks for 3 and 1).</summary>
    public const int MaxPointsPerRow = 4;

    /// <summary>A network's output at the points [N, 2] (x, t) with gradients enabled, the input the partial is taken in a leaf, the partial on the graph (create_graph) and, when asked, the second partial as a value; or why not.</summary>
    private static (Tensor? Value, Tensor? Partial, Tensor? Second, string? Problem) WithPartial(IDifferentiableNetwork? network, string name, Tensor points, bool wrtX, bool secondPartial,
        Action<Tensor[], Tensor[]>? seen)
    {
        var n = points.size(0);
        var x = points.narrow(1, 0, 1).detach().contiguous();
        var t = points.narrow(1, 1, 1).detach().contiguous();
        var leaf = (wrtX ? x : t).requires_grad_();
        var value = network?.Forward(x, t);
        if (value is null || value.numel() != n || !value.requires_grad)
            return (null, null, null, $"your model's {name} network's Forward, called by the grader's loss with gradients enabled, returned {(value is null ? "null" : value.requires_grad ? $"[{string.Join(", ", value.shape)}] for {n} points" : "a tensor without a graph")}: Forward must be on the graph of the parameters and of x and t (no no_grad, no detach inside Forward), one value per point; the grader's loss, which trains the model, differentiates it.");
        value = value.reshape(n, 1);
        seen?.Invoke([x, t], [value]);
        var partial = (torch.autograd.grad([value], [leaf], [ones_like(value)], create_graph: true, allow_unused: true)[0] ?? zeros_like(value)).reshape(n, 1);
        Tensor? second = null;
        if (secondPartial)
            second = partial.requires_grad ? torch.autograd.grad([partial], [leaf], [ones_like(partial)], allow_unused: true)[0]?.reshape(n, 1) ?? zeros_like(value) : zeros_like(value);
        return (value, partial, second, null);
    }

    /// <summary>A fresh model (a fresh instance of the parts, a copy of the initial generator state) holding the current values, with its parameters, or why not.</summary>
    private static (ITrainableSdeModel? Fresh, List<Tensor> Parameters, string? Bad) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes,
        Func<ISdeTrainingParts> freshParts, Generator modelGenerator) =>
        GraderLoop.FreshWithValues(freshParts().Model(Generator.FromState(modelGenerator.GetState())), m => m.Parameters(), parameters, shapes, "Model(generator)", "model", MaxParameters);

    /// <summary>
    /// The step's keyed draws, refusing a request of more than <see cref="MaxDrawsPerRow"/> values per batch row (counted
    /// in long before anything is drawn): the ELBO needs one value per row of each kind, so a larger request is an
    /// allocation the grader does not make for the hand-in (the grader's <c>IElboNoiseSource</c> across the channel does
    /// the same for <c>ISdeElbo</c>).
    /// </summary>
    private sealed class BoundedNoise(KeyedElboNoise inner, int rows) : IElboNoiseSource
    {
        public Tensor Times(int[] shape) => inner.Times(Checked(shape));

        public Tensor NoiseAtZero(int[] shape) => inner.NoiseAtZero(Checked(shape));

        public Tensor NoiseAtOne(int[] shape) => inner.NoiseAtOne(Checked(shape));

        public Tensor NoiseAtTime(int[] shape) => inner.NoiseAtTime(Checked(shape));

        private int[] Checked(int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            long count = 1;
            foreach (var d in shape)
            {
                if (d < 0) throw new ArgumentException($"the noise source was asked for shape [{string.Join(", ", shape)}], with a negative dimension.", nameof(shape));
                count = d == 0 ? 0 : count > MaxDrawsPerRow * (long)rows / d ? long.MaxValue : count * d;
            }

            if (count > MaxDrawsPerRow * (long)rows)
                throw new ArgumentException($"the noise source was asked for more than {MaxDrawsPerRow} values per row of the batch (the ELBO draws one t and one ε of each kind per example, shape [B, 1]).", nameof(shape));
            return shape;
        }
    }

    /// <summary>The most draws of one kind a loss may ask for per batch row (it needs 1).</summary>
    public const int MaxDrawsPerRow = 64;

    private static SdeTrainingOutcome Fail(string part, string reason) => new([], part, reason, 0, zeros(0), zeros(0), zeros(0), zeros(0), zeros(0));

    /// <summary>
    /// The trained and the fresh model's four networks at 256 points (x ~ N(0, 4²), t uniform on [0, 1]) drawn by the
    /// grader, and their likelihood β: equal to float32 rounding, or the failure.
    /// </summary>
    private static string? SameOutputs(ITrainableSdeModel trained, ITrainableSdeModel fresh, Generator generator)
    {
        using var scope = memory_scope();
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
        const int points = 256;
        var x = randn([points, 1], generator) * 4f;
        var t = rand([points, 1], generator);
        foreach (var (name, a, b) in new[] { ("f", trained.Drift, fresh.Drift), ("σ", trained.Diffusion, fresh.Diffusion), ("α", trained.Alpha, fresh.Alpha), ("β", trained.Beta, fresh.Beta) })
        {
            var av = a?.Forward(x, t)?.detach().contiguous().ToArray();
            var bv = b?.Forward(x, t)?.detach().contiguous().ToArray();
            if (av is null || bv is null || av.Length != points || bv.Length != points)
                return $"a fresh model with the trained parameters does not answer as the trained one did ({name}: null or another size).";
            for (var i = 0; i < points; i++)
                if (!(Math.Abs(av[i] - bv[i]) <= 1e-5 * Math.Max(1, Math.Abs(av[i]))))
                    return $"a fresh model with the trained parameters gives {name} = {bv[i]:G5} where the trained one gave {av[i]:G5} at the same point: the model computes with something besides its parameters (only their values are kept after training).";
        }

        double la = trained.LikelihoodStd, lb = fresh.LikelihoodStd;
        if (!(Math.Abs(la - lb) <= 1e-5 * Math.Max(1, Math.Abs(la))))
            return $"a fresh model with the trained parameters has the likelihood's β = {lb:G5} where the trained one had {la:G5}: β must come from the parameters too.";
        return null;
    }
}
