using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for a train-and-sample task (design.md, "Checks", point 4; issue 66): the hand-in supplies
/// the parts (<see cref="IDiffusionTrainingParts"/>: the ε-network, the loss of one batch, the settings), and this loop
/// draws every batch, t and ε, calls the hand-in's loss, runs backward and Adam's step. Per step it checks, on the batch
/// it drew:
/// <list type="bullet">
/// <item>that the hand-in's loss equals Algorithm 1's formula on the network's own outputs at the grader's z_t
/// (<see cref="LossTolerance"/>): a loss with an extra term or another target, or ᾱ off by a step, differs;</item>
/// <item>that nothing but its own steps changed the parameters (their values are compared around every call into the
/// hand-in, and their gradients are cleared after those calls): a loss or a network that writes into the parameters
/// or their gradients is caught;</item>
/// <item>on <see cref="GradientChecks"/> steps drawn from the grader's generator, that the gradient the hand-in's loss
/// gives the parameters is the formula's (<see cref="GradientTolerance"/>): a term that adds no value but a gradient
/// (x − x.detach()) is caught.</item>
/// </list>
/// After the last step the trained values are copied, by the declared shapes only, into a FRESH network built by a
/// FRESH instance of the hand-in's parts (<see cref="IDiffusionTrainingParts.Model"/>, from the generator state the
/// first network had), and that network must give the trained one's loss on a held-out batch: a network that computes
/// with anything but its parameters (data it or the parts kept from the loss's calls, a closed form) is caught. The
/// fresh network is what the samples are drawn from.
/// </summary>
/// <remarks>
/// Why here (<c>Graders/Remote/Training</c>): the loop must run where the hand-in's network lives, because backward needs
/// the autograd graph the hand-in's loss built, and a graph cannot cross the channel (a tensor crosses as a copy of its
/// values). That is the host for <c>grader grade</c> and the student's own process for the self-check; Grader.Remote is
/// the one project both ship, and the loop depends only on the contracts and the engine, as Grader.Remote must. In
/// process, a fresh instance is the strongest "fresh" there is (static state of the hand-in survives it); across the
/// channel the fresh network is to be built in a fresh host (not wired yet, issue 66). The draws per step are the reference trainer's (<c>Trainer.Train</c> on a fixed data set): t [B], ε [B, d],
/// then B row indices with replacement; the network's initial weights come from a separate generator, so the hand-in's
/// network cannot consume or read the batch draws.
/// </remarks>
public sealed class GraderTraining
{
    /// <summary>
    /// Bound on |loss − formula| relative to max(1, formula) for m = B·d squares: 4·m·u, u = 2⁻²⁴. Both sides compute
    /// z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε in float32 from the same draws (the grader from double coefficients, rounded once),
    /// so their z_t differ by a unit or two of float32 rounding, and the hand-in's float32 mean of m squares is within
    /// γ_m ≈ m·u (relative to the sum of the squares, i.e. the loss) of the exact one, whatever order it sums in; the
    /// factor 4 covers the rounding of z_t and of ε − ε̂ carried through the square. For the notebook's batch (m = 256):
    /// 6.1e-5; measured for two correct losses over 20 seeds × 40 steps: 1.5e-7 (GraderTrainingTests).
    /// </summary>
    public static double LossTolerance(int batch, int dimension) => 4.0 * batch * dimension * Math.ScaleB(1, -24);

    /// <summary>Bound on ‖g_hand-in − g_formula‖ / ‖g_formula‖ on a gradient-check step (float32 backward of the same graph up to rounding).</summary>
    public const double GradientTolerance = 1e-3;

    /// <summary>Steps whose gradient is compared with the formula's, drawn per run (step 0 always among them).</summary>
    public const int GradientChecks = 8;

    /// <summary>The bounds on the student's settings.</summary>
    public static readonly (double Min, double Max) LearningRates = (1e-5, 1e-2);

    /// <summary>The bounds on the batch size.</summary>
    public static readonly (int Min, int Max) BatchSizes = (16, 1024);

    /// <summary>At most this many parameter values (the notebook's network has 44,178).</summary>
    public const long MaxParameters = 1_000_000;

    /// <summary>
    /// Where in the training a failure happened, as a hidden check's message names it: the first step, or a later one
    /// (issue 66: the index of a later step is a drawn step of the hidden set-up and a lower bound of its budget).
    /// </summary>
    public static string OnStep(int step) => step == 0 ? "on the first step" : "on a later step";

    /// <summary>"a tensor that is not a scalar" or "null": what a loss that must be a scalar returned, without its size (a batch's).</summary>
    public static string NotAScalar(object? loss) => loss is null ? "null" : "a tensor that is not a scalar";

    /// <summary>Which part of the hand-in a failure is charged to.</summary>
    public enum Part
    {
        Model,
        Loss,
        Settings,
    }

    /// <summary>A failure of the training, charged to one part.</summary>
    public sealed record PartFailure(Part Part, int Step, string Message)
    {
        public override string ToString() => $"{Part.ToString().ToLowerInvariant()}: {Message}";
    }

    /// <summary>
    /// The trained network (fresh, parameters copied in), its parameters' shapes, the per-step losses, and the largest
    /// relative deviations of the loss and of the checked gradients from the formula's (the margins to the bounds).
    /// </summary>
    public sealed record Trained(ITrainableEpsilonNetwork Network, IReadOnlyList<int[]> Shapes, IReadOnlyList<double> Losses, double MaxLossDeviation, double MaxGradientDeviation);

    /// <summary>
    /// Trains the hand-in's parts on <paramref name="data"/> [N, d] for <paramref name="steps"/> Adam steps. An exception
    /// of the hand-in's code propagates (the check's <c>HandinCall</c> reports it). Returns the trained fresh network, or the failure and the part it is charged to.
    /// </summary>
    /// <param name="modelGenerator">The generator the network's initial weights are drawn from (copied for the fresh network).</param>
    /// <param name="batchGenerator">The grader's generator for t, ε, the rows and the gradient-check steps.</param>
    /// <param name="freshParts">A new instance of the hand-in's parts, for the fresh network the trained values go into.</param>
    public static (Trained? Result, PartFailure? Problem) Run(IDiffusionTrainingParts parts, Func<IDiffusionTrainingParts> freshParts, Tensor data, NoiseSchedule schedule, int steps,
        Generator modelGenerator, Generator batchGenerator)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(freshParts);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(modelGenerator);
        ArgumentNullException.ThrowIfNull(batchGenerator);
        var source = GraderLoop.Source(data, "GraderTraining");
        int n = data.size(0), d = data.size(1), T = schedule.T;

        var settings = parts.Settings();
        if (GraderLoop.SettingsProblem(settings, LearningRates, BatchSizes, "1e-3", 128) is { } unusable) return Fail(Part.Settings, 0, unusable);
        int batch = settings.BatchSize;
        var lossTolerance = LossTolerance(batch, d);

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var network = parts.Model(d, T, modelGenerator);
        var (parameters, bad) = Parameters(network, "Model(d, T, generator)");
        if (bad is not null) return Fail(Part.Model, 0, bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();

        var (sqrtAlphaBar, sqrtOneMinus) = Coefficients(schedule);
        var checkSteps = GradientCheckSteps(steps, batchGenerator.Fork());
        var optimizer = GraderLoop.Adam(parameters, settings);
        var losses = new double[steps];
        double maxLoss = 0, maxGradient = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var t = new int[batch];
            for (var i = 0; i < batch; i++) t[i] = (int)batchGenerator.NextInt(0, T);
            var epsilon = randn([batch, d], batchGenerator);
            var rows = new int[batch];
            for (var i = 0; i < batch; i++) rows[i] = (int)batchGenerator.NextInt(0, n);
            var x0 = source.index_select(0, rows);

            var before = Snapshot(parameters);
            var handinLoss = parts.Loss(network, schedule, x0.clone(), (int[])t.Clone(), epsilon.clone());
            if (handinLoss is null || handinLoss.numel() != 1)
                return Fail(Part.Loss, step, $"Loss(...) must return a scalar tensor, got {NotAScalar(handinLoss)}.");
            if (!handinLoss.requires_grad)
                return Fail(Part.Loss, step, "the loss carries no gradient to the network's parameters (computed without the network, detached, or under no_grad).");
            var (zt, tau) = Noised(x0, epsilon, t, sqrtAlphaBar, sqrtOneMinus, T);
            var checkGradient = checkSteps.Contains(step);
            Tensor epsilonHat;
            if (checkGradient) epsilonHat = network.Forward(zt, tau);
            else
                using (no_grad())
                    epsilonHat = network.Forward(zt, tau);
            if (epsilonHat is null || !epsilonHat.shape.SequenceEqual(new[] { batch, d }))
                return Fail(Part.Model, step, $"Forward(z_t, t/T) must return ε̂ of the shape of z_t (your batch size by the data's dimension {d}), got {(epsilonHat is null ? "null" : "another shape")}.");
            if (Changed(parameters, before) is { } changed)
                return Fail(Part.Loss, step, $"the parameters changed during your Loss or Forward call ({changed}); only the grader's optimiser step may change them.");

            var formula = SquaredErrorMean(epsilon, epsilonHat);
            var value = (double)handinLoss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Fail(Part.Loss, step, $"Loss returned {value} {OnStep(step)}.");
            var deviation = Math.Abs(value - formula) / Math.Max(1, Math.Abs(formula));
            maxLoss = Math.Max(maxLoss, deviation);
            if (deviation > lossTolerance)
                return Fail(Part.Loss, step, $"{OnStep(step)} your loss is {value:G7}, but Algorithm 1's formula on your network's outputs is {formula:G7} (z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, ᾱ_t = ∏_{{s ≤ t}} (1 − β_s) for code index t, the mean over the batch and dimensions of (ε − ε̂(z_t, t/T))²): relative difference {deviation:G3} > {lossTolerance:G2}.");
            losses[step] = value;

            foreach (var p in parameters) p.grad = null;
            if (checkGradient)
            {
                var handinGradient = autograd.grad([handinLoss], [.. parameters], allow_unused: true);
                var reference = (epsilon - epsilonHat);
                var formulaLoss = (reference * reference).mean();
                var formulaGradient = autograd.grad([formulaLoss], [.. parameters], allow_unused: true);
                var gap = GradientGap(handinGradient, formulaGradient);
                maxGradient = Math.Max(maxGradient, gap);
                if (gap > GradientTolerance)
                    return Fail(Part.Loss, step, $"{OnStep(step)} your loss's gradient differs from the formula's by {gap:G3} of its norm (> {GradientTolerance:G2}): the loss must be the formula and nothing that adds a gradient.");
                for (var i = 0; i < parameters.Count; i++) parameters[i].grad = handinGradient[i];
            }
            else
            {
                handinLoss.backward();
            }

            if (steps > 0 && step == 0 && parameters.All(p => p.grad is null))
                return Fail(Part.Model, 0, "the loss does not depend on the network's parameters: the network must compute ε̂ from the parameters Parameters() returns.");
            optimizer.step();
            if (step == 0 && steps > 1 && FreshAnswersAlike(network, parameters, shapes, freshParts, d, T, modelGenerator: freshGenerator, source, sqrtAlphaBar, sqrtOneMinus,
                    Generator.FromState(batchGenerator.GetState()), step + 1) is { } early)
                return (null, early);
        }

        // Only the parameters' values cross: a fresh network of the declared shapes, from the same generator state.
        var (fresh, problem) = FreshWithValues(parameters, shapes, freshParts, d, T, Generator.FromState(freshGenerator.GetState()), steps);
        if (problem is not null) return (null, problem);
        if (SameOutputs(network, fresh!, source, sqrtAlphaBar, sqrtOneMinus, T, batchGenerator) is { } differs)
            return Fail(Part.Model, steps, differs);
        return (new Trained(fresh!, shapes, losses, maxLoss, maxGradient), null);
    }

    /// <summary>
    /// A fresh network (from a fresh instance of the parts, the initial generator state) holding the current parameter
    /// values, or the failure charged to the model.
    /// </summary>
    private static (ITrainableEpsilonNetwork? Fresh, PartFailure? Problem) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IDiffusionTrainingParts> freshParts,
        int d, int T, Generator modelGenerator, int step)
    {
        var (fresh, _, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, T, modelGenerator), n => n.Parameters(), parameters, shapes, "Model(d, T, generator)", "network", MaxParameters);
        return bad is null ? (fresh, null) : (null, new PartFailure(Part.Model, step, bad));
    }

    /// <summary>
    /// The fresh-network comparison of the end (<see cref="SameOutputs"/>) made once more right after the first step, on a
    /// copy of the grader's generator (the training's draws stay those of the end-only loop): a network that computes with
    /// something besides its parameters (rows it kept from the loss's calls, a closed form) answers differently from a
    /// fresh one already then, so it fails after one step instead of after the whole training. It adds nothing a cheat
    /// could use (the comparison at the end still runs); it costs a correct hand-in one Model call and two forward passes
    /// of 256 rows.
    /// </summary>
    private static PartFailure? FreshAnswersAlike(ITrainableEpsilonNetwork network, List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IDiffusionTrainingParts> freshParts,
        int d, int T, Generator modelGenerator, Tensor source, double[] sqrtAlphaBar, double[] sqrtOneMinus, Generator generator, int step)
    {
        var (fresh, problem) = FreshWithValues(parameters, shapes, freshParts, d, T, Generator.FromState(modelGenerator.GetState()), step);
        if (problem is not null) return problem;
        return SameOutputs(network, fresh!, source, sqrtAlphaBar, sqrtOneMinus, T, generator) is { } differs ? new PartFailure(Part.Model, step, differs) : null;
    }

    private static (Trained?, PartFailure?) Fail(Part part, int step, string message) => (null, new PartFailure(part, step, message));

    internal static (List<Tensor> Parameters, string? Bad) Parameters(ITrainableEpsilonNetwork? network, string what) =>
        network is null ? ([], $"{what} returned null.") : CheckedParameters(network.Parameters(), what);

    /// <summary>The model's parameter list, or why it cannot be trained (shared with <see cref="InnGraderTraining"/>): <see cref="Checked"/> with <see cref="MaxParameters"/>.</summary>
    internal static (List<Tensor> Parameters, string? Bad) CheckedParameters(IReadOnlyList<Tensor>? list, string what) => Checked(list, what, MaxParameters);

    /// <summary>A model's parameter list as the loop needs it (non-empty contiguous leaves with requires_grad, no tensor twice, at most <paramref name="maxParameters"/> values), or what is wrong with it.</summary>
    internal static (List<Tensor> Parameters, string? Bad) Checked(IReadOnlyList<Tensor>? list, string what, long maxParameters)
    {
        if (list is null || list.Count == 0) return ([], $"{what}: Parameters() is empty; the network needs trainable parameters.");
        var parameters = list.ToList();
        if (parameters.Any(p => p is null || !p.is_leaf || !p.requires_grad || !p.is_contiguous()))
            return ([], $"{what}: every tensor Parameters() returns must be a contiguous leaf with requires_grad (nn.Linear's weights are).");
        if (parameters.Distinct(ReferenceEqualityComparer.Instance).Count() != parameters.Count)
            return ([], $"{what}: Parameters() lists a tensor twice.");
        if (parameters.Sum(p => (long)p.numel()) > maxParameters)
            return ([], $"{what}: more than {maxParameters:N0} parameter values.");
        return (parameters, null);
    }

    private static (double[] SqrtAlphaBar, double[] SqrtOneMinus) Coefficients(NoiseSchedule schedule)
    {
        var a = new double[schedule.T];
        var b = new double[schedule.T];
        var product = 1.0;
        for (var t = 0; t < schedule.T; t++)
        {
            product *= 1 - schedule.Betas[t];
            a[t] = Math.Sqrt(product);
            b[t] = Math.Sqrt(1 - product);
        }

        return (a, b);
    }

    /// <summary>z_t from the grader's coefficients (each row in double, rounded once) and t/T as [B, 1].</summary>
    private static (Tensor Zt, Tensor Tau) Noised(Tensor x0, Tensor epsilon, int[] t, double[] sqrtAlphaBar, double[] sqrtOneMinus, int T)
    {
        int b = x0.size(0), d = x0.size(1);
        var x = x0.contiguous().ToArray();
        var e = epsilon.contiguous().ToArray();
        var z = new float[x.Length];
        var tau = new float[b];
        for (var i = 0; i < b; i++)
        {
            tau[i] = (float)((double)t[i] / T);
            for (var j = 0; j < d; j++) z[i * d + j] = (float)(sqrtAlphaBar[t[i]] * x[i * d + j] + sqrtOneMinus[t[i]] * e[i * d + j]);
        }

        return (tensor(z, b, d), tensor(tau, b, 1));
    }

    private static double SquaredErrorMean(Tensor epsilon, Tensor epsilonHat)
    {
        var e = epsilon.contiguous().ToArray();
        var h = epsilonHat.detach().contiguous().ToArray();
        var sum = 0.0;
        for (var i = 0; i < e.Length; i++) sum += ((double)e[i] - h[i]) * ((double)e[i] - h[i]);
        return sum / e.Length;
    }

    internal static float[][] Snapshot(List<Tensor> parameters) => [.. parameters.Select(p => p.detach().ToArray())];

    internal static string? Changed(List<Tensor> parameters, float[][] before)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var now = parameters[i].detach().ToArray();
            if (!now.AsSpan().SequenceEqual(before[i])) return $"parameter {i} of Parameters()";   // no shape, no size: a hidden check's message names no batch-like shape
        }

        return null;
    }

    internal static double GradientGap(Tensor?[] handin, Tensor?[] formula)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < formula.Length; i++)
        {
            var f = formula[i]?.contiguous().ToArray();
            var h = handin[i]?.contiguous().ToArray();
            var len = f?.Length ?? h?.Length ?? 0;
            for (var k = 0; k < len; k++)
            {
                double fv = f is null ? 0 : f[k], hv = h is null ? 0 : h[k];
                diff += (hv - fv) * (hv - fv);
                norm += fv * fv;
            }
        }

        return norm == 0 ? (diff == 0 ? 0 : double.PositiveInfinity) : Math.Sqrt(diff / norm);
    }

    internal static HashSet<int> GradientCheckSteps(int steps, Generator generator) => DrawnSteps(steps, GradientChecks, generator);

    /// <summary>
    /// Step 0 and <paramref name="count"/> − 1 steps drawn from <paramref name="generator"/> on 0 … <paramref name="steps"/> − 1
    /// (a step drawn twice counts once; none when there are no steps): the steps a loop checks the gradient on or records.
    /// </summary>
    internal static HashSet<int> DrawnSteps(int steps, int count, Generator generator)
    {
        var set = new HashSet<int>();
        if (steps == 0) return set;
        set.Add(0);
        for (var k = 1; k < count; k++) set.Add((int)generator.NextInt(0, steps));
        return set;
    }

    private static string? SameOutputs(ITrainableEpsilonNetwork trained, ITrainableEpsilonNetwork fresh, Tensor source, double[] sqrtAlphaBar, double[] sqrtOneMinus, int T, Generator generator)
    {
        using var scope = memory_scope();
        using var off = no_grad();
        const int rows = 256;
        int n = source.size(0), d = source.size(1);
        var t = new int[rows];
        for (var i = 0; i < rows; i++) t[i] = (int)generator.NextInt(0, T);
        var epsilon = randn([rows, d], generator);
        var index = new int[rows];
        for (var i = 0; i < rows; i++) index[i] = (int)generator.NextInt(0, n);
        var (zt, tau) = Noised(source.index_select(0, index), epsilon, t, sqrtAlphaBar, sqrtOneMinus, T);
        var a = trained.Forward(zt, tau);
        var b = fresh.Forward(zt, tau);
        if (a is null || b is null || !a.shape.SequenceEqual(b.shape)) return "a fresh network with the trained parameters does not answer as the trained one did (null or another shape).";
        var la = SquaredErrorMean(epsilon, a);
        var lb = SquaredErrorMean(epsilon, b);
        return Math.Abs(la - lb) <= 1e-6 * Math.Max(1, la)
            ? null
            : $"a fresh network with the trained parameters gives the loss {lb:G5} where the trained one gave {la:G5} on the same held-out batch: the network computes with something besides its parameters (only their values are kept after training).";
    }
}
