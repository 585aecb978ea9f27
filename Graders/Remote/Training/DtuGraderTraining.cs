using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 004, ex. 3.4 on the toy data and 3.5 on the images (issues 66 and 79): the
/// hand-in supplies the ε-network and its settings (<see cref="IDtuTrainingParts"/>; 3.5's settings from
/// <see cref="IMnistDdpm.Settings"/>), and this loop draws every batch, t and ε and steps Adam on the gradient of the
/// GRADER's loss: the negative ELBO of Algorithm 1, each sample's Σ_d (ε − ε̂(z_t, t/T))² averaged over the batch (ddpm.py's
/// <c>DDPM.loss</c>), of the network's outputs at the grader's z_t. The hand-in's <see cref="IDtuDdpm.NegativeElbo"/> is
/// never called in a training step, so no term of it can reach a parameter. Every step makes the same one call into the
/// network (Forward on [B, d] and [B, 1], in grad mode), and nothing else.
/// </summary>
/// <remarks>
/// <para>
/// <b>The loss part first.</b> The hand-in's <c>NegativeElbo</c> is graded as its own part before any training step, as
/// the V's loss is (<see cref="GraderTraining.GradeLoss"/>, the same code and float32 bounds, every value and gradient
/// scaled by d for the per-sample sum): on the draws of <see cref="GraderTraining.GradientChecks"/> of the training's
/// steps (step 0 and drawn ones among the first <see cref="LossPartSteps"/>, replayed from a copy of the generator), with the grader's stand-in network
/// <see cref="EpsilonStandIn"/> and a random source that answers <c>Integers(0, T, …)</c> with the replayed t and
/// <c>Normal(x's shape)</c> with the replayed ε (<see cref="GivenDraws"/>): its draws, the inputs it feeds the network,
/// the batch mean of its values, their gradient with respect to ε̂ (2(ε̂ − ε)/B), no gradient to and no write into the
/// stand-in's or the model's parameters. A failure there is charged to the loss. (Until issue 79 the loop stepped on
/// <c>NegativeElbo</c> and the hidden <c>DtuLossReplay</c> replayed 24 recorded steps through the reference; with the
/// grader's formula here neither the record nor the replay certifies anything more, and both went.)
/// </para>
/// <para>
/// After the last step the trained values are copied, by the declared shapes only, into a fresh network from a fresh
/// instance of the parts, which must answer as the trained one on a held-out batch of z_t (a network that computes with
/// anything but its parameters is caught).
/// </para>
/// </remarks>
public static class DtuGraderTraining
{
    /// <summary>The loss part replays the draws of steps among the training's first this many (step 0 and drawn ones).</summary>
    public const int LossPartSteps = 100;

    /// <summary>
    /// Trains <paramref name="parts"/> on <paramref name="data"/> [N, d] for <paramref name="steps"/> Adam steps on the
    /// grader's negative ELBO, after grading <paramref name="ddpm"/>'s <c>NegativeElbo</c> as the loss part. An exception
    /// of the hand-in's code propagates (the check's <c>HandinCall</c> reports it). The outcome holds the trained values
    /// (of the fresh network) and the loss part's margins, or the failed part. <paramref name="settingsOf"/>, when given,
    /// answers the settings in place of <c>parts.Settings()</c> (3.5's images: <see cref="IMnistDdpm.Settings"/>).
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

        // The loss part first (a wrong NegativeElbo fails before any training step): the draws of the checked steps,
        // replayed from a copy of the grader's generator, on the grader's stand-in network (the model is not given to it).
        var (sqrtAlphaBar, sqrtOneMinus) = GraderTraining.Coefficients(schedule);
        var checkGenerator = batchGenerator.Fork();
        // Drawn among the training's first LossPartSteps steps: replaying the generator costs B·d normals a step (the
        // images' 1000 steps: ≈ 0.2 s), and every step's draws have the same law.
        var checkSteps = GraderTraining.GradientCheckSteps(Math.Min(steps, LossPartSteps), checkGenerator);
        var standIn = new EpsilonStandIn(d, shapes, checkGenerator);
        var replayed = GraderTraining.Replayed(checkSteps, Generator.FromState(batchGenerator.GetState()), batch, d, n, T);
        var probes = new GraderLoop.Probes(steps, checkGenerator.Fork());
        var handinLoss = new GraderTraining.LossUnderTest((s, x0, t, e) => Elbo(ddpm, s, schedule, x0, t, e), d, "NegativeElbo(x, schedule, network, random)",
            "the mean over the batch of each sample's Σ_d (ε − ε̂(z_t, t/T))² (NegativeElbo returns one value per sample; ddpm.py's DDPM.loss averages them)",
            "2(ε̂ − ε)/B", parameters);
        var (maxLoss, maxGradient, lossProblem) = GraderTraining.GradeLoss(handinLoss, standIn, T, replayed, source, sqrtAlphaBar, sqrtOneMinus);
        if (lossProblem is not null) return Fail("loss", lossProblem.Message);

        var optimizer = GraderLoop.Adam(parameters, settings);
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var (t, epsilon, rows) = GraderTraining.Draw(batchGenerator, batch, d, n, T);
            var (zt, tau) = GraderTraining.Noised(source.index_select(0, rows), epsilon, t, sqrtAlphaBar, sqrtOneMinus, T);

            // The one call into the model a step makes, the same on every step: Forward on [B, d] and [B, 1], in grad mode.
            var before = GraderTraining.Snapshot(parameters);
            var epsilonHat = network!.Forward(zt, tau);
            if (epsilonHat is null || !epsilonHat.shape.SequenceEqual(new[] { batch, d }))
                return Fail("model", $"Forward(z_t, t/T) must return ε̂ of the shape of z_t, got {(epsilonHat is null ? "null" : "another shape")}.");
            if (GraderTraining.Changed(parameters, before) is { } changed)
                return Fail("model", $"the parameters changed during your Forward call ({changed}); only the grader's optimiser step may change them.");
            probes.Record(step, parameters, [zt, tau], [epsilonHat]);

            // The grader's loss, the negative ELBO of Algorithm 1 on the model's outputs: the only gradient any parameter receives.
            foreach (var p in parameters) p.grad = null;
            var residual = epsilon - epsilonHat;
            var loss = (residual * residual).sum(1).mean();
            var value = (double)loss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Fail("model", $"{GraderTraining.OnStep(step)} your network's ε̂ gives the negative ELBO {value}: its outputs are not finite.");
            loss.backward();
            if (step == 0 && parameters.All(p => p.grad is null || p.grad.contiguous().ToArray().All(g => g == 0)))
                return Fail("model", "the negative ELBO does not depend on the network's parameters: the network must compute ε̂ from the parameters Parameters() returns.");
            optimizer.step();
        }

        var (fresh, freshParameters, problem) = FreshWithValues(Generator.FromState(freshGenerator.GetState()));
        if (problem is not null) return Fail("model", problem);
        if (probes.Replay(fresh!, freshParameters, parameters, (f, x) => [f.Forward(x[0], x[1])], "network") is { } changedFunction) return Fail("model", changedFunction);
        if (SameOutputs(network!, fresh!, source, T, batchGenerator) is { } differs) return Fail("model", differs);
        return (new DtuTrainingOutcome([.. fresh!.Parameters().Select(p => p.detach().clone())], null, null, maxLoss, maxGradient), fresh);

        // A fresh network (a fresh parts object, the initial generator state) holding the current parameter values.
        (ITrainableEpsilonNetwork? Fresh, List<Tensor> Parameters, string? Problem) FreshWithValues(Generator generator)
        {
            var (fresh, freshParameters, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, T, generator), n => n.Parameters(), parameters, shapes,
                "Model(d, T, generator)", "network", GraderTraining.MaxParameters);
            return (fresh, freshParameters, bad);
        }
    }

    /// <summary>
    /// The hand-in's <c>NegativeElbo</c> on the loss part's draws: its values' batch mean (what <see cref="GraderTraining.GradeLoss"/>
    /// grades), or why the call is not Algorithm 1's (its draws, its values' shape).
    /// </summary>
    private static (Tensor? Loss, string? Problem) Elbo(IDtuDdpm ddpm, IEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        var random = new GivenDraws(t, epsilon, schedule.T);
        var elbo = ddpm.NegativeElbo(x0, schedule, network, random);
        if (random.Problem() is { } drew) return (null, drew);
        if (elbo is null || !elbo.shape.SequenceEqual(new[] { t.Length }))
            return (null, $"NegativeElbo(x, ...) must return one value per sample, shape [N], got {(elbo is null ? "null" : elbo.numel() == 1 ? "one value for the whole batch" : "another shape")}.");
        return (elbo.mean(), null);
    }

    private static (DtuTrainingOutcome, ITrainableEpsilonNetwork?) Fail(string part, string message) => (new DtuTrainingOutcome([], part, message, double.NaN, double.NaN), null);

    /// <summary>
    /// The trained and the fresh network on the same held-out inputs: rows of the data mixed with N(0, I) noise at
    /// levels t/T drawn from the grader's generator (no schedule's formula needed: the inputs only have to be the
    /// law's kind of points). Their outputs must agree to float32 rounding.
    /// </summary>
    private static string? SameOutputs(ITrainableEpsilonNetwork trained, ITrainableEpsilonNetwork fresh, Tensor source, int T, Generator generator)
    {
        using var scope = memory_scope();
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
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

    /// <summary>
    /// The loss part's random source for one batch: <c>Integers(0, T, …)</c> of one value per sample gives the replayed
    /// t, <c>Normal</c> of x's size the replayed ε (the same request twice, the same numbers, as <see cref="IRandomSource"/>
    /// promises); any other request is not Algorithm 1's draw and is answered with a constant (the call is then failed,
    /// naming how the draw differs).
    /// </summary>
    private sealed class GivenDraws(int[] t, Tensor epsilon, int T) : IRandomSource
    {
        private readonly float[] _t = [.. t.Select(v => (float)v)];
        private readonly float[] _epsilon = epsilon.contiguous().ToArray();
        private bool _drewT, _drewEpsilon;
        private string? _other;

        public Tensor Integers(int low, int high, int[] shape)
        {
            var count = Count(shape);
            if (high <= low) throw new ArgumentException($"Integers: the range {low} … {high} − 1 is empty (high must exceed low)", nameof(high));
            if (low == 0 && high == T && count == _t.Length)
            {
                _drewT = true;
                return tensor((float[])_t.Clone(), (int[])shape.Clone());
            }

            _other ??= low != 0 || high != T
                ? "it drew t on another range than 0 … T − 1"
                : count < _t.Length ? (count == 1 ? "it drew one t for the whole batch" : "it drew fewer t values than the batch needs") : "it drew more t values than the batch needs";
            return full(shape, (float)low);
        }

        public Tensor Normal(int[] shape)
        {
            var count = Count(shape);
            if (count == _epsilon.Length)
            {
                _drewEpsilon = true;
                return tensor((float[])_epsilon.Clone(), (int[])shape.Clone());
            }

            _other ??= count < _epsilon.Length ? (count == 1 ? "it drew one ε for the whole batch" : "it drew fewer ε values than x has, or in pieces") : "it drew more ε values than x has";
            return zeros(shape);
        }

        /// <summary>Why the draws were not Algorithm 1's (one t on 0 … T − 1 per sample, one ε of x's shape), or null.</summary>
        public string? Problem()
        {
            var how = _other ?? (!_drewT ? "it drew no t from random.Integers(0, T, …)" : !_drewEpsilon ? "it drew no ε from random.Normal(x.shape)" : null);
            return how is null
                ? null
                : $"your NegativeElbo did not draw t and ε as Algorithm 1 does (one t uniform on the code indices 0 … T − 1 per sample, random.Integers(0, T, [N, 1]), and one ε of x's shape, random.Normal(x.shape)): {how}.";
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
