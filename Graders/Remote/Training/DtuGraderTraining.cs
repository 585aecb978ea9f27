using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 004, ex. 3.4 on the toy data (issue 66): the hand-in supplies the ε-network and
/// its settings (<see cref="IDtuTrainingParts"/>) and the loss of one batch is its own <see cref="IDtuDdpm.NegativeElbo"/>
/// (averaged over the batch by this loop, as ddpm.py's <c>DDPM.loss</c> does). This loop draws every batch, gives
/// <c>NegativeElbo</c> its own random source for t and ε, runs backward and Adam's step.
/// </summary>
/// <remarks>
/// <para>
/// <b>No formula here.</b> The negative ELBO is a graded task of its own (<c>NegativeElboMatchesReference</c>), and
/// Grader.Remote ships to students, so unlike <see cref="GraderTraining"/> this loop does not hold the loss's formula.
/// It checks what needs none, on every step: the values' shape and finiteness, that the loss carries a gradient, that
/// nothing but its own steps changed the parameters (compared around every call into the hand-in); and on
/// <see cref="RecordedSteps"/> steps drawn from the grader's generator (step 0 among them) that the loss reaches the
/// parameters only through the network's outputs (the parameters' gradient equals the one carried back through the
/// recorded outputs, <see cref="GraderTraining.GradientTolerance"/>). On those steps it records what the formula needs:
/// the batch, the draws, every network call's inputs and outputs, ∂loss/∂ε̂ of each call and the values returned
/// (<see cref="DtuRecordedStep"/>); the hidden check replays them through the reference's negative ELBO
/// (<c>DtuLossReplay</c> in Grader.Checks.Hidden). The network and the random source are the same wrapper types on
/// every step, so the hand-in cannot tell a recorded step from another.
/// </para>
/// <para>
/// After the last step the trained values are copied, by the declared shapes only, into a fresh network from a fresh
/// instance of the parts, which must answer as the trained one on a held-out batch of z_t (a network that computes with
/// anything but its parameters is caught).
/// </para>
/// </remarks>
public static class DtuGraderTraining
{
    /// <summary>Steps recorded for the replay (and checked for the gradient's path), drawn per run; step 0 always among them.</summary>
    public const int RecordedSteps = 24;

    /// <summary>
    /// Trains <paramref name="parts"/> with <paramref name="ddpm"/>'s negative ELBO on <paramref name="data"/> [N, d] for
    /// <paramref name="steps"/> Adam steps. An exception of the hand-in's code propagates (the check's <c>HandinCall</c>
    /// reports it). The outcome holds the trained values (of the fresh network) and the recorded steps, or the failed part.
    /// <paramref name="settingsOf"/>, when given, answers the settings in place of <c>parts.Settings()</c> (3.5's images:
    /// <see cref="IMnistDdpm.Settings"/>).
    /// </summary>
    public static (DtuTrainingOutcome Outcome, ITrainableEpsilonNetwork? Fresh) Run(IDtuTrainingParts parts, IDtuDdpm ddpm, Func<IDtuTrainingParts> freshParts, Tensor data,
        NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator, Func<TrainingSettings?>? settingsOf = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(ddpm);
        ArgumentNullException.ThrowIfNull(freshParts);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(modelGenerator);
        ArgumentNullException.ThrowIfNull(batchGenerator);
        var source = GraderLoop.Source(data, "DtuGraderTraining");
        int n = data.size(0), d = data.size(1), T = schedule.T;

        // 3.5 (images) takes the settings the hand-in chose for images (IMnistDdpm.Settings), 3.4 the parts' own.
        var settings = settingsOf is null ? parts.Settings() : settingsOf();
        if (GraderLoop.SettingsProblem(settings, GraderTraining.LearningRates, GraderTraining.BatchSizes, "1e-3", null, "ddpm.py") is { } unusable) return Fail("settings", unusable);
        int batch = settings!.BatchSize;

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var network = parts.Model(d, T, modelGenerator);
        var (parameters, bad) = GraderTraining.Parameters(network, "Model(d, T, generator)");
        if (bad is not null) return Fail("model", bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();

        var recordAt = GraderTraining.DrawnSteps(steps, RecordedSteps, batchGenerator.Fork());
        var optimizer = GraderLoop.Adam(parameters, settings);
        var recorded = new List<DtuRecordedStep>();
        var recorder = new WatchedNetwork(network!);
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var rows = new int[batch];
            for (var i = 0; i < batch; i++) rows[i] = (int)batchGenerator.NextInt(0, n);
            var x0 = source.index_select(0, rows);
            var random = new LoopRandom(batchGenerator);
            recorder.Calls.Clear();

            var before = GraderTraining.Snapshot(parameters);
            var elbo = ddpm.NegativeElbo(x0.clone(), schedule, recorder, random);
            if (elbo is null || !elbo.shape.SequenceEqual(new[] { batch }))
                return Fail("loss", $"NegativeElbo(x, ...) must return one value per sample, shape [N], got {(elbo is null ? "null" : elbo.numel() == 1 ? "one value for the whole batch" : "another shape")}.");
            if (!elbo.requires_grad)
                return Fail("loss", "NegativeElbo's values carry no gradient to the network's parameters (computed without the network, detached, or under no_grad).");
            if (GraderTraining.Changed(parameters, before) is { } changed)
                return Fail("loss", $"the parameters changed during your NegativeElbo or Forward call ({changed}); only the grader's optimiser step may change them.");
            var values = elbo.detach().contiguous().ToArray();
            if (values.Any(v => !float.IsFinite(v))) return Fail("loss", $"NegativeElbo returned a value that is not finite {GraderTraining.OnStep(step)}.");
            var loss = elbo.mean();

            foreach (var p in parameters) p.grad = null;
            if (recordAt.Contains(step))
            {
                var outputs = recorder.Calls.Select(c => c.Output).ToArray();
                if (outputs.Length == 0) return Fail("loss", "NegativeElbo did not call the network it was given.");
                var full = autograd.grad([loss], [.. parameters], allow_unused: true);
                var graded = outputs.Where(o => o.requires_grad).ToArray();
                var gradOut = graded.Length == 0 ? [] : autograd.grad([loss], graded, allow_unused: true);
                var outputGradients = new Tensor[outputs.Length];
                for (int i = 0, k = 0; i < outputs.Length; i++)
                    outputGradients[i] = outputs[i].requires_grad && gradOut[k++] is { } g ? g.detach().clone() : zeros_like(outputs[i].detach());
                var through = graded.Length == 0
                    ? new Tensor?[parameters.Count]
                    : autograd.grad(graded, [.. parameters], grad_outputs: [.. graded.Select((o, i) => (Tensor?)outputGradients[Array.IndexOf(outputs, o)])], allow_unused: true);
                var gap = GraderTraining.GradientGap(full, through);
                if (gap > GraderTraining.GradientTolerance)
                    return Fail("loss", $"{GraderTraining.OnStep(step)} the loss's gradient reaches the parameters other than through the network's outputs ({gap:G3} of its norm): NegativeElbo must be computed from the network's outputs alone.");
                // The record outlives the step's memory scope.
                recorded.Add(new DtuRecordedStep(step, scope.keep(x0.clone()), scope.keep(elbo.detach().clone()),
                    [.. random.Draws.Select(d => d with { Values = scope.keep(d.Values.clone()) })],
                    [.. recorder.Calls.Select((c, i) => new DtuRecordedCall(scope.keep(c.Zt.clone()), scope.keep(c.Time.clone()), scope.keep(c.Output.detach().clone()), scope.keep(outputGradients[i].clone())))]));
                for (var i = 0; i < parameters.Count; i++) parameters[i].grad = full[i];
            }
            else
            {
                loss.backward();
            }

            if (step == 0 && parameters.All(p => p.grad is null))
                return Fail("model", "the loss does not depend on the network's parameters: the network must compute ε̂ from the parameters Parameters() returns.");
            optimizer.step();
            // The end's fresh-network comparison once more right after the first step (as GraderTraining's), on copies of
            // the generators so the training's draws are unchanged: a network computing with rows it kept or a closed
            // form fails here, after one step, instead of after the whole training; the comparison at the end stays.
            if (step == 0 && steps > 1)
            {
                var (early, earlyProblem) = FreshWithValues(Generator.FromState(freshGenerator.GetState()));
                if (earlyProblem is not null) return Fail("model", earlyProblem);
                if (SameOutputs(network!, early!, source, T, Generator.FromState(batchGenerator.GetState())) is { } differsEarly) return Fail("model", differsEarly);
            }
        }

        var (fresh, problem) = FreshWithValues(Generator.FromState(freshGenerator.GetState()));
        if (problem is not null) return Fail("model", problem);
        if (SameOutputs(network!, fresh!, source, T, batchGenerator) is { } differs) return Fail("model", differs);
        return (new DtuTrainingOutcome([.. fresh!.Parameters().Select(p => p.detach().clone())], null, null, recorded), fresh);

        // A fresh network (a fresh parts object, the initial generator state) holding the current parameter values.
        (ITrainableEpsilonNetwork? Fresh, string? Problem) FreshWithValues(Generator generator)
        {
            var (fresh, _, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, T, generator), n => n.Parameters(), parameters, shapes,
                "Model(d, T, generator)", "network", GraderTraining.MaxParameters);
            return (fresh, bad);
        }
    }

    private static (DtuTrainingOutcome, ITrainableEpsilonNetwork?) Fail(string part, string message) => (new DtuTrainingOutcome([], part, message, []), null);

    /// <summary>
    /// The trained and the fresh network on the same held-out inputs: rows of the data mixed with N(0, I) noise at
    /// levels t/T drawn from the grader's generator (no schedule's formula needed: the inputs only have to be the
    /// law's kind of points). Their outputs must agree to float32 rounding.
    /// </summary>
    private static string? SameOutputs(ITrainableEpsilonNetwork trained, ITrainableEpsilonNetwork fresh, Tensor source, int T, Generator generator)
    {
        using var scope = memory_scope();
        using var off = no_grad();
        const int rows = 256;
        int n = source.size(0), d = source.size(1);
        var index = new int[rows];
        var tau = new float[rows];
        var keep = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            index[i] = (int)generator.NextInt(0, n);
            var t = (int)generator.NextInt(0, T);
            tau[i] = (float)((double)t / T);
            keep[i] = (float)(1.0 - (double)t / T);
        }

        var noise = randn([rows, d], generator);
        var k = tensor(keep, rows, 1);
        var z = k * source.index_select(0, index) + (1 - k) * noise;
        var a = trained.Forward(z, tensor(tau, rows, 1));
        var b = fresh.Forward(z, tensor(tau, rows, 1));
        if (a is null || b is null || !a.shape.SequenceEqual(b.shape)) return "a fresh network with the trained parameters does not answer as the trained one did (null or another shape).";
        var av = a.detach().contiguous().ToArray();
        var bv = b.detach().contiguous().ToArray();
        double worst = 0, scale = 1;
        for (var i = 0; i < av.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)av[i] - bv[i]));
            scale = Math.Max(scale, Math.Abs(av[i]));
        }

        return worst <= 1e-5 * scale
            ? null
            : $"a fresh network with the trained parameters answers up to {worst:G3} away from the trained one on the same held-out inputs: the network computes with something besides its parameters (only their values are kept after training).";
    }

    /// <summary>The network as <c>NegativeElbo</c> sees it: every call's inputs (copied) and output (with its graph), in call order.</summary>
    private sealed class WatchedNetwork(ITrainableEpsilonNetwork inner) : IEpsilonNetwork
    {
        public List<(Tensor Zt, Tensor Time, Tensor Output)> Calls { get; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            ArgumentNullException.ThrowIfNull(zt);
            ArgumentNullException.ThrowIfNull(t);
            var output = inner.Forward(zt, t);
            if (output is null || !output.shape.SequenceEqual(zt.shape))
                throw new ArgumentException($"the network's Forward(z_t, t/T) must return ε̂ of z_t's shape, got {(output is null ? "null" : "another shape")}");
            Calls.Add((zt.detach().clone(), t.detach().reshape(-1).clone(), output));
            return output;
        }
    }

    /// <summary>
    /// The grader's random source for one step: keyed as <see cref="IRandomSource"/> promises (the same method, range
    /// and number of values give the same numbers within the step), each new request drawn from the grader's
    /// generator; every request is recorded.
    /// </summary>
    private sealed class LoopRandom(Generator generator) : IRandomSource
    {
        private readonly Dictionary<(string, int, int, long), float[]> _given = [];

        public List<DtuRecordedDraw> Draws { get; } = [];

        public Tensor Integers(int low, int high, int[] shape)
        {
            var count = Count(shape);
            if (high <= low) throw new ArgumentException($"Integers: the range {low} … {high} − 1 is empty (high must exceed low)", nameof(high));
            var values = Given(("Integers", low, high, count), () =>
            {
                var v = new float[count];
                for (var i = 0; i < count; i++) v[i] = low + generator.NextInt(0, (long)high - low);
                return v;
            });
            Draws.Add(new DtuRecordedDraw("Integers", low, high, tensor(values, values.Length)));
            return tensor((float[])values.Clone(), (int[])shape.Clone());
        }

        public Tensor Normal(int[] shape)
        {
            var count = Count(shape);
            var values = Given(("Normal", 0, 0, count), () => randn([(int)count], generator).ToArray());
            Draws.Add(new DtuRecordedDraw("Normal", 0, 0, tensor(values, values.Length)));
            return tensor((float[])values.Clone(), (int[])shape.Clone());
        }

        private float[] Given((string, int, int, long) key, Func<float[]> draw)
        {
            if (!_given.TryGetValue(key, out var values)) _given[key] = values = draw();
            return values;
        }

        private static long Count(int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            long count = 1;
            foreach (var s in shape)
            {
                if (s < 0) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
                count *= s;
                if (count > 1 << 22) throw new ArgumentException($"shape [{string.Join(", ", shape)}] asks for more than 2^22 numbers", nameof(shape));
            }

            return count;
        }
    }
}
