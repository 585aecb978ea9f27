using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for a train-and-sample task (design.md, "Checks", point 4; issues 66 and 79): the hand-in
/// supplies the parts (<see cref="IDiffusionTrainingParts"/>: the ε-network, the loss of one batch, the settings), and
/// this loop draws every batch, t and ε, and steps Adam on the gradient of the GRADER's loss, Algorithm 1's
/// mean (ε − ε̂(z_t, t/T))² of the network's outputs at the grader's z_t: the hand-in's loss is never called in a training
/// step, so no term of it can reach a parameter. Every step makes the same one call into the network (Forward on
/// [B, d] and [B, 1], in grad mode), and nothing else:
/// <list type="bullet">
/// <item>the hand-in's loss is graded as its own part before the training, exactly, on the draws of
/// <see cref="GradientChecks"/> of the training's steps (step 0 and drawn ones, replayed from a copy of the generator),
/// with a grader-owned stand-in network (<see cref="EpsilonStandIn"/>): its inputs, its value and its gradient with
/// respect to ε̂ against the formula's within float32 bounds, no gradient to and no write into the parameters
/// (<see cref="GradeLoss"/>). A loss with an extra term, another target, ᾱ off by a step, or a zero-valued term with a
/// gradient fails there, charged to the loss;</item>
/// <item>nothing but the grader's steps changes the parameters (their values are compared around every call into the
/// hand-in, and their gradients are cleared before the grader's backward): a network that writes into them is caught.</item>
/// </list>
/// After the last step the trained values are copied, by the declared shapes only, into a FRESH network built by a
/// FRESH instance of the hand-in's parts (<see cref="IDiffusionTrainingParts.Model"/>, from the generator state the
/// first network had), and that network must give the trained one's loss on a held-out batch: a network that computes
/// with anything but its parameters is caught. The fresh network is what the samples are drawn from.
/// </summary>
/// <remarks>
/// Why here (<c>Graders/Remote/Training</c>): the loop must run where the hand-in's network lives, because backward needs
/// the autograd graph of the network's outputs, and a graph cannot cross the channel (a tensor crosses as a copy of its
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

    /// <summary>Steps whose draws the loss part replays (the V's, the INN's, the DTU's), drawn per run (step 0 always among them).</summary>
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
    /// The trained network (fresh, parameters copied in), its parameters' shapes, the grader's per-step losses, and the
    /// loss part's margins: the largest relative deviation of the hand-in's loss from the formula, and the largest gap of
    /// its gradient with respect to ε̂ as a share of its float32 bound (≤ 1 on a pass).
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

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var network = parts.Model(d, T, modelGenerator);
        var (parameters, bad) = Parameters(network, "Model(d, T, generator)");
        if (bad is not null) return Fail(Part.Model, 0, bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();

        var (sqrtAlphaBar, sqrtOneMinus) = Coefficients(schedule);
        // The loss part first (a wrong loss fails before any training): the draws of the checked steps, replayed from a copy
        // of the grader's generator, and the grader's stand-in network in place of the model (the model is not called).
        var checkGenerator = batchGenerator.Fork();
        var checkSteps = GradientCheckSteps(steps, checkGenerator);
        var standIn = new EpsilonStandIn(d, shapes, checkGenerator);
        var replayed = Replayed(checkSteps, Generator.FromState(batchGenerator.GetState()), batch, d, n, T);
        // The probes' moments (GraderLoop.Probes), from the check's copy: the training's draws are not touched.
        var probes = new GraderLoop.Probes(steps, checkGenerator.Fork());
        var handinLoss = new LossUnderTest((s, x0, t, e) => (parts.Loss(s, schedule, x0, t, e), null), 1, "Loss(...)", "the mean over the batch and dimensions of (ε − ε̂(z_t, t/T))²", "2(ε̂ − ε)/(B·d)", []);
        var (maxLoss, maxGradient, lossProblem) = GradeLoss(handinLoss, standIn, T, replayed, source, sqrtAlphaBar, sqrtOneMinus);
        if (lossProblem is not null) return (null, lossProblem);

        var optimizer = GraderLoop.Adam(parameters, settings);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var (t, epsilon, rows) = Draw(batchGenerator, batch, d, n, T);
            var (zt, tau) = Noised(source.index_select(0, rows), epsilon, t, sqrtAlphaBar, sqrtOneMinus, T);

            // The one call into the model a step makes, the same on every step: Forward on [B, d] and [B, 1], in grad mode.
            var before = Snapshot(parameters);
            var epsilonHat = network.Forward(zt, tau);
            if (epsilonHat is null || !epsilonHat.shape.SequenceEqual(new[] { batch, d }))
                return Fail(Part.Model, step, $"Forward(z_t, t/T) must return ε̂ of the shape of z_t (your batch size by the data's dimension {d}), got {(epsilonHat is null ? "null" : "another shape")}.");
            if (Changed(parameters, before) is { } changed)
                return Fail(Part.Model, step, $"the parameters changed during your Forward call ({changed}); only the grader's optimiser step may change them.");
            probes.Record(step, parameters, [zt, tau], [epsilonHat]);

            // The grader's loss, Algorithm 1's formula on the model's outputs: the only gradient any parameter receives.
            foreach (var p in parameters) p.grad = null;
            var residual = epsilon - epsilonHat;
            var loss = (residual * residual).mean();
            var value = (double)loss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Fail(Part.Model, step, $"{OnStep(step)} your network's ε̂ gives Algorithm 1's loss {value}: its outputs are not finite.");
            losses[step] = value;
            loss.backward();
            if (step == 0 && parameters.All(p => p.grad is null || p.grad.contiguous().ToArray().All(g => g == 0)))
                return Fail(Part.Model, 0, "Algorithm 1's loss does not depend on the network's parameters: the network must compute ε̂ from the parameters Parameters() returns.");
            optimizer.step();
        }

        // Only the parameters' values cross: a fresh network of the declared shapes, from the same generator state.
        var (fresh, freshParameters, problem) = FreshWithValues(parameters, shapes, freshParts, d, T, Generator.FromState(freshGenerator.GetState()), steps);
        if (problem is not null) return (null, problem);
        if (probes.Replay(fresh!, freshParameters, parameters, (f, x) => [f.Forward(x[0], x[1])], "network") is { } changedFunction)
            return Fail(Part.Model, steps, changedFunction);
        if (SameOutputs(network, fresh!, source, sqrtAlphaBar, sqrtOneMinus, T, batchGenerator) is { } differs)
            return Fail(Part.Model, steps, differs);
        return (new Trained(fresh!, shapes, losses, maxLoss, maxGradient), null);
    }

    /// <summary>
    /// A fresh network (from a fresh instance of the parts, the initial generator state) holding the current parameter
    /// values, or the failure charged to the model.
    /// </summary>
    private static (ITrainableEpsilonNetwork? Fresh, List<Tensor> Parameters, PartFailure? Problem) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IDiffusionTrainingParts> freshParts,
        int d, int T, Generator modelGenerator, int step)
    {
        var (fresh, freshParameters, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, T, modelGenerator), n => n.Parameters(), parameters, shapes, "Model(d, T, generator)", "network", MaxParameters);
        return bad is null ? (fresh, freshParameters, null) : (null, [], new PartFailure(Part.Model, step, bad));
    }

    /// <summary>One step's draws, in the reference trainer's order: t [B], ε [B, d], then B row indices with replacement.</summary>
    internal static (int[] T, Tensor Epsilon, int[] Rows) Draw(Generator generator, int batch, int d, int n, int T)
    {
        var t = new int[batch];
        for (var i = 0; i < batch; i++) t[i] = (int)generator.NextInt(0, T);
        var epsilon = randn([batch, d], generator);
        var rows = new int[batch];
        for (var i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
        return (t, epsilon, rows);
    }

    /// <summary>The draws of <paramref name="steps"/>, replayed on <paramref name="copy"/> (a copy of the training's generator): t, ε's values and the rows.</summary>
    internal static List<(int[] T, float[] Epsilon, int[] Rows)> Replayed(HashSet<int> steps, Generator copy, int batch, int d, int n, int T)
    {
        var replayed = new List<(int[] T, float[] Epsilon, int[] Rows)>();
        var last = steps.Count == 0 ? -1 : steps.Max();
        for (var step = 0; step <= last; step++)
        {
            using var scope = memory_scope();
            var (t, epsilon, rows) = Draw(copy, batch, d, n, T);
            if (steps.Contains(step)) replayed.Add((t, epsilon.ToArray(), rows));
        }

        return replayed;
    }

    /// <summary>
    /// The hand-in's loss graded as its own part, exactly (issue 79 item 1), on <paramref name="replayed"/> draws of the
    /// training: <see cref="IDiffusionTrainingParts.Loss"/> is called with the grader's <paramref name="standIn"/> network
    /// (the model is never given to it), and must (a) feed it z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε and t/T for every row once,
    /// (b) return Algorithm 1's value on its outputs, (c) have the formula's gradient with respect to those outputs,
    /// 2(ε̂ − ε)/(B·d), and (d) no gradient to the network's parameters and no write into them. The bounds are float32's:
    /// <list type="bullet">
    /// <item>the inputs: a loss may compute ᾱ in float32 (a cumulative product, two roundings a factor) and z_t in float32,
    /// so per element |δz| ≤ δ√ᾱ·|x₀| + δ√(1 − ᾱ)·|ε| + 3u(√ᾱ|x₀| + √(1 − ᾱ)|ε|), with δᾱ ≤ (2t + 4)·u·ᾱ,
    /// δ√ᾱ = δᾱ/(2√ᾱ) + u√ᾱ and δ√(1 − ᾱ) = (δᾱ + u(1 − ᾱ))/(2√(1 − ᾱ)) + u√(1 − ᾱ), and |δτ| ≤ 2u·τ (u = 2⁻²⁴);</item>
    /// <item>through the stand-in (<see cref="EpsilonStandIn.Sensitivity"/>) that is |δε̂| ≤ Δ, plus u|ε̂| for ε̂'s
    /// rounding to float32;</item>
    /// <item>the value: <see cref="LossTolerance"/>·max(1, L) for the float32 mean, plus (2/m)·Σ|ε̂ − ε|·Δ for the inputs;
    /// the gradient: ‖(2/m)(Δ + 4u|ε̂ − ε|)‖ relative to ‖(2/m)(ε̂ − ε)‖ (the float32 subtraction, product and division of
    /// mse's backward); each doubled for the second-order terms.</item>
    /// </list>
    /// For the notebook's schedule that is about 10⁻⁴ of the gradient's norm; ᾱ one step off moves z_t by ≈ 10⁻³ of its
    /// size and the gradient by ≈ 10⁻³ or more, a loss divided by 4 by 0.75, a term ε̂·10⁻⁴ by ≈ 10⁻². Returns the largest
    /// relative value deviation, the largest gradient gap as a share of its bound, and the failure charged to the loss.
    /// A loss of <see cref="LossUnderTest.Scale"/> times that mean (the DTU's: the per-sample sum over the d dimensions,
    /// averaged over the batch, d times it) is graded with every value, gradient and bound scaled by it; the parameters of
    /// <see cref="LossUnderTest.Guarded"/> (the model's, which the loss is not given) are guarded as the stand-in's.
    /// </summary>
    internal static (double Value, double Gradient, PartFailure? Problem) GradeLoss(LossUnderTest handinLoss, EpsilonStandIn standIn, int T,
        List<(int[] T, float[] Epsilon, int[] Rows)> replayed, Tensor source, double[] sqrtAlphaBar, double[] sqrtOneMinus)
    {
        ArgumentNullException.ThrowIfNull(handinLoss);
        double maxValue = 0, maxGradient = 0, scale = handinLoss.Scale;
        int d = source.size(1);
        var u = Math.ScaleB(1, -24);
        var standInParameters = standIn.Parameters().Concat(handinLoss.Guarded).ToList();
        (double, double, PartFailure?) Problem(string message) => (maxValue, maxGradient, new PartFailure(Part.Loss, 0, message));
        var own = standIn.Parameters().Count;
        string Which(int k) => k < own ? $"the network's parameters (parameter {k} of Parameters())" : $"your model's parameters (parameter {k - own} of its Parameters(), a network the loss is not given)";
        foreach (var (t, e, rows) in replayed)
        {
            using var scope = memory_scope();
            int batch = t.Length, m = batch * d;
            var x0 = source.index_select(0, rows);
            var epsilon = tensor(e, batch, d);
            var (zt, tau) = Noised(x0, epsilon, t, sqrtAlphaBar, sqrtOneMinus, T);
            standIn.Clear();
            var before = Snapshot(standInParameters);
            var (loss, called) = handinLoss.Call(standIn, x0.clone(), (int[])t.Clone(), epsilon.clone());
            if (called is not null) return Problem(called);
            if (loss is null || loss.numel() != 1) return Problem($"{handinLoss.Name} must return a scalar tensor, got {NotAScalar(loss)}.");
            if (!loss.requires_grad) return Problem("the loss carries no gradient to the network's outputs ε̂ (computed without network.Forward, detached, or under no_grad).");
            if (Changed(standInParameters, before) is { } changed)
                return Problem($"the network's parameters changed during your {handinLoss.Name} call ({changed}); only the grader's optimiser step may change them.");
            var calls = standIn.Calls.ToList();
            var fed = calls.Sum(c => c.Tau.Length);
            if (fed != batch)
                return Problem($"your loss called network.Forward on {(fed > batch ? "more" : "fewer")} rows in all than the batch has: Algorithm 1 evaluates ε̂(z_t, t/T) once for each row of the batch, and nothing else.");
            var value = (double)loss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Problem($"{handinLoss.Name} returned {value} on a batch the grader drew.");

            var z = zt.ToArray();
            var tauGrader = tau.ToArray();
            var x = x0.contiguous().ToArray();
            var (dz, dtau) = InputBounds(x, e, t, sqrtAlphaBar, sqrtOneMinus, T);
            var inputs = Inputs(calls, z, tauGrader, dz, dtau);
            var expected = standIn.Values(z, tauGrader);
            var change = standIn.Sensitivity(z, tauGrader, dz, dtau);
            double formula = 0, spread = 0;
            for (var k = 0; k < m; k++)
            {
                var r = expected[k] - e[k];
                formula += r * r;
                change[k] += u * Math.Abs(expected[k]);
                spread += Math.Abs(r) * change[k];
            }

            formula *= scale / m;
            var valueBound = LossTolerance(batch, d) * Math.Max(1, formula) + 2 * (2.0 * scale / m) * spread;
            var deviation = Math.Abs(value - formula);
            maxValue = Math.Max(maxValue, deviation / Math.Max(1, formula));
            if (deviation > valueBound)
                return Problem(inputs ?? $"on a batch the grader drew your loss is {value:G7}, but Algorithm 1's formula on the outputs of the network it was given is {formula:G7} (z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, ᾱ_t = ∏_{{s ≤ t}} (1 − β_s) for code index t, {handinLoss.Formula}): the difference {deviation:G3} is beyond float32 rounding ({valueBound:G2}).");

            var gradients = autograd.grad([loss], [.. calls.Select(c => c.Output), .. standInParameters], allow_unused: true);
            for (var i = calls.Count; i < gradients.Length; i++)
                if (gradients[i] is { } g && g.contiguous().ToArray().Any(v => v != 0))
                    return Problem($"your loss has a gradient with respect to {Which(i - calls.Count)} that does not pass through ε̂ = network.Forward(z_t, t/T): Algorithm 1's loss depends on the parameters only through ε̂, so the loss must add no other term.");
            var seen = calls.SelectMany((c, i) => gradients[i]?.contiguous().ToArray() ?? new float[c.Z.Length]).ToArray();
            double diff = 0, norm = 0, bound = 0;
            for (var k = 0; k < m; k++)
            {
                var r = expected[k] - e[k];
                var want = 2.0 * scale / m * r;
                diff += (seen[k] - want) * (seen[k] - want);
                norm += want * want;
                var b = 2.0 * scale / m * (change[k] + 4 * u * Math.Abs(r));
                bound += b * b;
            }

            var gap = norm == 0 ? (diff == 0 ? 0 : double.PositiveInfinity) : Math.Sqrt(diff / norm);
            var tolerance = norm == 0 ? 0 : 2 * Math.Sqrt(bound / norm);
            maxGradient = Math.Max(maxGradient, tolerance == 0 ? (gap == 0 ? 0 : double.PositiveInfinity) : gap / tolerance);
            if (gap > tolerance)
                return Problem(inputs ?? $"your loss's gradient with respect to the network's outputs ε̂ differs from the formula's, {handinLoss.Gradient}, by {gap:G3} of its norm (float32 rounding allows {tolerance:G2}): the loss must be {handinLoss.Formula} and nothing that adds a gradient.");
        }

        return (maxValue, maxGradient, null);
    }

    /// <summary>
    /// The hand-in's loss as the loss part calls it, on the stand-in network, the batch x₀, the code indices t and ε
    /// (a scalar, or why the call itself is not the formula's), <paramref name="Scale"/> times Algorithm 1's mean over
    /// the batch and dimensions; <paramref name="Name"/>, <paramref name="Formula"/> and <paramref name="Gradient"/> word
    /// the messages; <paramref name="Guarded"/>: further parameters the loss must neither write nor reach (the model's).
    /// </summary>
    internal sealed record LossUnderTest(Func<EpsilonStandIn, Tensor, int[], Tensor, (Tensor? Loss, string? Problem)> Call, double Scale, string Name, string Formula, string Gradient,
        IReadOnlyList<Tensor> Guarded);

    /// <summary>Per element of z_t and per row of τ, the float32 bounds <see cref="GradeLoss"/> states, for a loss that computes ᾱ and z_t in float32.</summary>
    private static (double[] Dz, double[] Dtau) InputBounds(float[] x, float[] e, int[] t, double[] sqrtAlphaBar, double[] sqrtOneMinus, int T)
    {
        var u = Math.ScaleB(1, -24);
        int rows = t.Length, d = x.Length / Math.Max(1, rows);
        var dz = new double[x.Length];
        var dtau = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            double a = sqrtAlphaBar[t[i]], s = sqrtOneMinus[t[i]], alphaBar = a * a;
            var dAlphaBar = (2 * t[i] + 4) * u * alphaBar;
            var da = dAlphaBar / (2 * a) + u * a;
            var ds = s == 0 ? 0 : (dAlphaBar + u * s * s) / (2 * s) + u * s;
            for (var j = 0; j < d; j++)
            {
                double ax = Math.Abs(x[i * d + j]), ae = Math.Abs(e[i * d + j]);
                dz[i * d + j] = da * ax + ds * ae + 3 * u * (a * ax + s * ae);
            }

            dtau[i] = 2 * u * t[i] / T;
        }

        return (dz, dtau);
    }

    /// <summary>
    /// Why the inputs the loss fed the stand-in are not Algorithm 1's (beyond twice their float32 bounds), or null: the
    /// message names what was expected, what was seen and the equation to re-read.
    /// </summary>
    private static string? Inputs(List<(Tensor Output, float[] Z, float[] Tau)> calls, float[] z, float[] tau, double[] dz, double[] dtau)
    {
        var zSeen = calls.SelectMany(c => c.Z).ToArray();
        var tauSeen = calls.SelectMany(c => c.Tau).ToArray();
        double worstTau = 0;
        for (var i = 0; i < tau.Length; i++) worstTau = Math.Max(worstTau, Math.Abs(tauSeen[i] - tau[i]) - 2 * dtau[i]);
        if (worstTau > 0)
            return $"the time your loss passed to network.Forward is not t/T for the grader's code index t (it differs by up to {worstTau:G3}; t/T lies in [0, 1)): Algorithm 1's ε̂ is ε̂(z_t, t/T).";
        double worst = 0, scale = 0;
        for (var k = 0; k < z.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(zSeen[k] - z[k]) - 2 * dz[k]);
            scale = Math.Max(scale, Math.Abs(z[k]));
        }

        return worst > 0
            ? $"the z_t your loss passed to network.Forward is not √ᾱ_t x₀ + √(1 − ᾱ_t) ε at the grader's code index t (it differs by up to {worst / Math.Max(scale, 1e-30):G3} of z_t's size, beyond float32 rounding): re-read ᾱ_t = ∏_{{s ≤ t}} (1 − β_s), the product up to and including the code index t, and z_t in Algorithm 1."
            : null;
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

    internal static (double[] SqrtAlphaBar, double[] SqrtOneMinus) Coefficients(NoiseSchedule schedule)
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
    internal static (Tensor Zt, Tensor Tau) Noised(Tensor x0, Tensor epsilon, int[] t, double[] sqrtAlphaBar, double[] sqrtOneMinus, int T)
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

    internal static HashSet<int> GradientCheckSteps(int steps, Generator generator) => DrawnSteps(steps, GradientChecks, generator);

    /// <summary>
    /// Step 0 and <paramref name="count"/> − 1 steps drawn from <paramref name="generator"/> on 0 … <paramref name="steps"/> − 1
    /// (a step drawn twice counts once; none when there are no steps): the steps whose draws a loss part replays.
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
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
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
