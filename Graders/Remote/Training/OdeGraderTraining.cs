using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 003's ODE model (tasks 1.3–1.4; issue 66), beside <see cref="GraderTraining"/>:
/// the hand-in supplies the parts (<see cref="IOdeTrainingParts"/>: the drift, the loss of one batch, the settings), and
/// this loop draws every batch (the notebook's shuffled epochs, <see cref="BatchRows"/>), calls the hand-in's loss, runs
/// backward and Adam's step. It checks, per step, that nothing but its own steps changed the parameters (compared around
/// the call into the hand-in; their gradients are cleared after it), and after the first step (on a copy of the grader's
/// generator) and the last that a FRESH drift from a FRESH instance of the parts, holding the current values only
/// (<see cref="GraderLoop.FreshWithValues"/>), answers as the trained one (a drift that computes with
/// anything but its parameters is caught). It does NOT check the loss against the sheet's formula: that formula (the
/// log-likelihood by the change of variables) is graded by task 1.1–1.4's own checks and must not ship in this project,
/// which the student repository holds. So it records, per step, the loss value, the parameters before the step and the
/// gradient the loss gave them (<see cref="OdeTrainingOutcome"/>), and the grader's hidden check
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
    public static OdeTrainingOutcome Run(IOdeTrainingParts parts, Func<IOdeTrainingParts> freshParts, Tensor data, int steps, Generator modelGenerator, Generator batchGenerator)
    {
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
        // The comparison of the end once more right after the first step (as the V's loop), on a copy of the grader's
        // generator so the training's draws are unchanged: a drift that computes with something besides its parameters
        // fails after one step instead of after the whole training.
        if (GraderLoop.StepsRecorded(drift!, parameters, optimizer, source, rows, steps, (f, y, _) => parts.Loss(f, y.clone()), "Loss(drift, y)", "drift",
                "the loss does not depend on the drift's parameters: the drift must compute f from the parameters Parameters() returns.", _ => true, losses, snapshots, gradients,
                () => FreshAnswersAlike(drift!, parameters, shapes, freshParts, freshGenerator, Generator.FromState(batchGenerator.GetState()))) is { } failed)
            return Fail(failed.Part, failed.Reason);

        // Only the parameters' values cross: a fresh drift of the declared shapes, from the same generator state.
        var (fresh, freshParameters, freshBad) = FreshWithValues(parameters, shapes, freshParts, freshGenerator);
        if (freshBad is not null) return Fail("model", freshBad);
        if (SameOutputs(drift!, fresh!, batchGenerator) is { } differs) return Fail("model", differs);
        return new OdeTrainingOutcome([.. freshParameters.Select(p => p.detach().clone())], null, null, batch,
            tensor(losses, steps), tensor(snapshots, steps, size), tensor(gradients, steps, size));
    }

    /// <summary>A fresh drift (a fresh instance of the parts, a copy of the initial generator state) holding the current values, or why not.</summary>
    private static (ITrainableDrift? Fresh, List<Tensor> Parameters, string? Bad) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IOdeTrainingParts> freshParts, Generator modelGenerator) =>
        GraderLoop.FreshWithValues(freshParts().Model(Generator.FromState(modelGenerator.GetState())), f => f.Parameters(), parameters, shapes, "Model(generator)", "drift", MaxParameters);

    /// <summary>A fresh drift with the current values answers as the trained one at points drawn from <paramref name="generator"/>: null, or why not.</summary>
    private static string? FreshAnswersAlike(ITrainableDrift drift, List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IOdeTrainingParts> freshParts, Generator modelGenerator, Generator generator)
    {
        var (fresh, _, bad) = FreshWithValues(parameters, shapes, freshParts, modelGenerator);
        return bad ?? SameOutputs(drift, fresh!, generator);
    }

    private static OdeTrainingOutcome Fail(string part, string reason) => new([], part, reason, 0, zeros(0), zeros(0), zeros(0));

    /// <summary>The trained and the fresh drift's Forward at 256 points (x ~ N(0, 4²), t uniform on [0, 1]) drawn by the grader: equal to float32 rounding, or the failure.</summary>
    private static string? SameOutputs(ITrainableDrift trained, ITrainableDrift fresh, Generator generator)
    {
        using var scope = memory_scope();
        using var off = no_grad();
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
