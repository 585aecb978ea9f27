using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The grader's side of the SDE training on its own loop (sheet 003 2.3, issue 66): the check of the hand-in's loss
/// against the sheet's negative ELBO, done here and not in the loop, because the ELBO is graded by tasks 2.1–2.2
/// (<see cref="ElboOnUnseenInputs"/>) and the loop ships in the student repository (<see cref="SdeGraderTraining"/>).
/// The loop records the loss of every step and, on steps it drew (<see cref="SdeGraderTraining.RecordedSteps"/>, step 0
/// among them), the parameters before the step and the gradient the loss gave them. This redraws the plan from the same
/// generator state (<see cref="SdeGraderTraining.Plan"/>: the recorded steps, each step's batch and draws), rebuilds the
/// model of each recorded step from its values (a fresh model of the hand-in's parts, <see cref="ISdeTrainingRun.Trained"/>)
/// and computes the negative ELBO in double on that model's own outputs with the step's draws:
/// <list type="bullet">
/// <item>on every recorded step, the loss must be −mean ELBO within <see cref="Evaluate"/>'s bound (a term's sign
/// flipped, a factor, an extra term, f read at another time, batches accumulated or averaged differ);</item>
/// <item>on <see cref="GradientChecks"/> of them (step 0 always), the recorded gradient must agree with central
/// differences of the formula along the gradient's own direction and along a random one (<see cref="GradientTolerance"/>):
/// a loss whose value is right but whose gradient is another's differs.</item>
/// </list>
/// A loss wrong on only a few steps escapes with probability (1 − k/steps)^R over R recorded steps (k wrong steps).
/// </summary>
public static class SdeTrainingVerification
{
    /// <summary>Recorded steps whose gradient is compared with the formula's (step 0 always among them).</summary>
    public const int GradientChecks = 4;

    /// <summary>The central difference's step along a unit direction of the flattened parameters (the notebook's model's parameters have norm ≈ 15 at initialisation).</summary>
    public const double DifferenceStep = 1e-2;

    /// <summary>Bound on |directional derivative by differences − gradient·direction| over the larger of ‖gradient‖ and the difference along it (the ODE's, <see cref="OdeTrainingVerification.GradientTolerance"/>).</summary>
    public const double GradientTolerance = 0.05;

    /// <summary>
    /// Bound on ‖g − g*‖/‖g*‖ on every recorded step, g the gradient the hand-in's loss gave the parameters and g* the
    /// grader's loss's at the same parameters, batch and draws (issue 79: what Adam stepped on, <see cref="SdeGraderLoss"/>
    /// through the model's own graph). Both are the formula's gradient through the same networks: g float32 autograd of
    /// the ELBO's ≈ 30 operations a row, g* the same networks' float32 backward with upstream gradients computed in
    /// double; they differ by the rounding of the upstream combination (a few u = 2⁻²⁴ relative per operation) amplified
    /// by cancellation between rows and terms, ‖Σ|contributions|‖/‖g*‖. Measured on correct losses
    /// (docs/measurements/2026-11-29-sde-grader-loss.md): the ODE's 1e-3 holds with a wide margin. A term of value zero
    /// whose gradient is 10⁻³ of the honest one (the side channel Adam amplifies) is at the bound; the central
    /// differences' 0.05 stays for the value's own gradient.
    /// </summary>
    public const double ExactGradientTolerance = OdeTrainingVerification.ExactGradientTolerance;

    /// <summary>What the verification found: the largest loss deviation over its bound, the largest gradient deviation and the largest gap to the grader's exact gradient.</summary>
    public sealed record Verified(double MaxLossRatio, double MaxGradientDeviation, double MaxExactGradientGap = 0);

    /// <summary>A failure of the loss, at a step, with the message for the student.</summary>
    public sealed record Failure(int Step, string Message);

    /// <summary>
    /// Checks the recorded loss on every recorded step and the recorded gradient on drawn ones.
    /// <paramref name="batchGenerator"/> must be at the state the loop's was when it started; <paramref name="modelGenerator"/>
    /// only seeds the models the recorded values are copied into; <paramref name="pick"/> draws the gradient steps and directions.
    /// </summary>
    public static (Verified? Result, Failure? Problem) Check(ISdeTrainingRun run, SdeTrainingOutcome outcome, Tensor data, Generator modelGenerator, Generator batchGenerator, Generator pick)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(data);
        var steps = (int)outcome.Losses.numel();
        var shapes = outcome.Values.Select(v => v.shape.ToArray()).ToList();
        var size = shapes.Sum(s => s.Aggregate(1, (a, b) => a * b));
        var (recorded, seeds, rows) = SdeGraderTraining.Plan(data.size(0), outcome.BatchSize, steps, batchGenerator);
        var given = outcome.RecordedSteps.contiguous().ToArray().Select(v => (int)v).ToArray();
        if (steps < 1 || !given.SequenceEqual(recorded) || outcome.Snapshots.numel() != (long)recorded.Length * size || outcome.Gradients.numel() != (long)recorded.Length * size)
            throw new InvalidOperationException("the training's record does not match its plan or its values (a grader defect).");
        var losses = outcome.Losses.contiguous().ToArray();
        var snapshots = outcome.Snapshots.contiguous().ToArray();
        var gradients = outcome.Gradients.contiguous().ToArray();
        var source = data.detach().contiguous();

        var (verified, failure) = OdeTrainingVerification.Replay(recorded.Length, slot => recorded[slot], size, losses, snapshots, gradients, GradientChecks, GradientTolerance, pick,
            (step, theta) => Evaluate(run, modelGenerator, shapes, theta, source.index_select(0, rows[step]), seeds[step]),
            (step, theta, direction) => Difference(run, modelGenerator, shapes, theta, direction, source.index_select(0, rows[step]), seeds[step]),
            (step, formula, deviation) => $"{GraderTraining.OnStep(step)} of the grader's training your loss is {losses[step]:G7}, but the negative mean ELBO of the batch (likelihood term − KL term − drift matching term, with the t and ε the grader's noise source gave for shape [B, 1]) on your model's own outputs is {formula.Loss:G7}: a difference of {deviation:G3} (a correct float32 loss stays within {formula.Bound:G2}).",
            (step, said, first, gap) => $"{GraderTraining.OnStep(step)} of the grader's training the gradient your loss gave the model's parameters is not the gradient of its value: along the gradient's direction your loss's gradient says {said:G4}, the change of the formula's value {first:G4} (a difference of {gap:G3} of the gradient's size, > {GradientTolerance:G2}). The loss must be the negative ELBO and nothing that adds or removes a gradient.");
        if (failure is not null) return (null, new Failure(failure.Step, failure.Message));

        var exact = outcome.GraderGradients.contiguous().ToArray();
        if (exact.Length != gradients.Length) throw new InvalidOperationException("the training's record of the grader's gradients does not match its values (a grader defect).");
        var (largest, failedSlot, failedGap) = OdeTrainingVerification.ExactGaps(gradients, exact, recorded.Length, size, ExactGradientTolerance);
        if (failedSlot is { } slot)
            return (null, new Failure(recorded[slot], $"{GraderTraining.OnStep(recorded[slot])} of the grader's training the gradient your loss gave the model's parameters differs from the sheet's negative ELBO's gradient through your model's own outputs (the grader's, which trains it) by {failedGap:G3} of its size (a correct float32 loss stays within {ExactGradientTolerance:G1}). The loss must be the negative ELBO and nothing that adds or removes a gradient."));
        return (new Verified(verified!.MaxLossRatio, verified.MaxGradientDeviation, largest), null);
    }

    /// <summary>
    /// −mean ELBO of the batch on the model rebuilt from <paramref name="theta"/>, with the draws of
    /// <see cref="KeyedElboNoise"/>(<paramref name="noiseSeed"/>) for shape [B, 1], in double on the networks' float32
    /// outputs: x₁ = α(y, 1) + β(y, 1)ε₁, likelihood −½((y − x₁)²/b² + log 2πb²); x₀ = α(y, 0) + β(y, 0)ε₀, KL
    /// −½ε₀² − log β(y, 0) + ½x₀²; x_t = α(y, t) + β(y, t)ε_t, g = ∂α/∂t + (∂β/∂t)ε_t + σ∂σ/∂x − ½σ²ε_t/β(y, t), drift
    /// matching ½(f(x_t, t) − g)²/σ². The bound on a correct float32 computation's distance from it: per row
    /// 256·ε·M, ε = 2⁻²⁴, M = 1 + the magnitudes every term is built from (|L| + (y − x₁)² / b² + |log 2πb²|, |KL| + ε₀² +
    /// x₀² + |log β₀|, and for the drift matching |DM| + |f − g|·(|f| + G)/σ² with G the sum of g's four terms' magnitudes):
    /// each term is at most ~10 float32 operations, each rounding by ε relative to the quantities it combines, and a
    /// network's output on the same float32 input may differ by a few ε of its size across batch layouts; 256 covers
    /// both with a wide margin (the Correct example's largest ratio is reported by the check). Plus the float32 mean of B
    /// rows' rounding B·ε·|loss|.
    /// </summary>
    public static OdeTrainingVerification.LossByFormula Evaluate(ISdeTrainingRun run, Generator modelGenerator, IReadOnlyList<int[]> shapes, double[] theta, Tensor y, ulong noiseSeed)
    {
        var model = run.Trained(Generator.FromState(modelGenerator.GetState()), OdeTrainingVerification.Split(theta, shapes));
        int n = y.size(0);
        int[] shape = [n, 1];
        var noise = new KeyedElboNoise(noiseSeed);
        var t = Values(noise.Times(shape));
        var e0 = Values(noise.NoiseAtZero(shape));
        var e1 = Values(noise.NoiseAtOne(shape));
        var et = Values(noise.NoiseAtTime(shape));
        var ys = y.contiguous().ToArray();
        var yt = tensor(ys, n, 1);
        var tt = tensor([.. t.Select(v => (float)v)], n, 1);
        double b = model.LikelihoodStd;
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
        float[] Ask(IDifferentiableNetwork? network, string what, Func<IDifferentiableNetwork, Tensor?> call)
        {
            var values = (network is null ? null : call(network))?.detach().contiguous().ToArray();
            if (values is null || values.Length != n) throw new InvalidOperationException($"your model's {what} did not return one value per point.");
            return values;
        }

        var alpha1 = Ask(model.Alpha, "α(y, 1)", a => a.Forward(yt, ones([n, 1])));
        var beta1 = Ask(model.Beta, "β(y, 1)", a => a.Forward(yt, ones([n, 1])));
        var alpha0 = Ask(model.Alpha, "α(y, 0)", a => a.Forward(yt, zeros([n, 1])));
        var beta0 = Ask(model.Beta, "β(y, 0)", a => a.Forward(yt, zeros([n, 1])));
        var alphaT = Ask(model.Alpha, "α(y, t)", a => a.Forward(yt, tt));
        var betaT = Ask(model.Beta, "β(y, t)", a => a.Forward(yt, tt));
        var dAlpha = Ask(model.Alpha, "∂α/∂t", a => a.PartialT(yt, tt));
        var dBeta = Ask(model.Beta, "∂β/∂t", a => a.PartialT(yt, tt));
        var xt = new double[n];
        for (var i = 0; i < n; i++) xt[i] = alphaT[i] + betaT[i] * et[i];
        var xtt = tensor([.. xt.Select(v => (float)v)], n, 1);
        var sigma = Ask(model.Diffusion, "σ(x_t, t)", a => a.Forward(xtt, tt));
        var dSigma = Ask(model.Diffusion, "∂σ/∂x", a => a.PartialX(xtt, tt));
        var f = Ask(model.Drift, "f(x_t, t)", a => a.Forward(xtt, tt));

        const double eps = 5.960464477539063e-8;
        double loss = 0, bound = 0, logTwoPiB2 = Math.Log(2 * Math.PI * b * b);
        for (var i = 0; i < n; i++)
        {
            double x1 = alpha1[i] + beta1[i] * e1[i], r1 = (ys[i] - x1) * (ys[i] - x1) / (b * b);
            double likelihood = -0.5 * (r1 + logTwoPiB2);
            double x0 = alpha0[i] + beta0[i] * e0[i];
            double kl = -0.5 * e0[i] * e0[i] - Math.Log(beta0[i]) + 0.5 * x0 * x0;
            double s = sigma[i];
            double[] gTerms = [dAlpha[i], dBeta[i] * et[i], s * dSigma[i], -0.5 * s * s * et[i] / betaT[i]];
            double g = gTerms.Sum(), r = f[i] - g, dm = 0.5 * r * r / (s * s);
            loss -= (likelihood - kl - dm) / n;
            double m = 1 + Math.Abs(likelihood) + r1 + Math.Abs(logTwoPiB2) + Math.Abs(kl) + e0[i] * e0[i] + x0 * x0 + Math.Abs(Math.Log(beta0[i]))
                       + dm + Math.Abs(r) * (Math.Abs(f[i]) + gTerms.Sum(Math.Abs)) / (s * s);
            bound += 256 * eps * m / n;
        }

        return new OdeTrainingVerification.LossByFormula(loss, double.IsFinite(bound) ? bound + n * eps * Math.Abs(loss) : double.PositiveInfinity);
    }

    private static double[] Values(Tensor t) => [.. t.contiguous().ToArray().Select(v => (double)v)];

    /// <summary>(F(θ + h·v) − F(θ − h·v)) / 2h, the formula's derivative along the unit direction v.</summary>
    private static double Difference(ISdeTrainingRun run, Generator modelGenerator, IReadOnlyList<int[]> shapes, double[] theta, double[] v, Tensor y, ulong seed)
    {
        var plus = theta.Select((p, i) => p + DifferenceStep * v[i]).ToArray();
        var minus = theta.Select((p, i) => p - DifferenceStep * v[i]).ToArray();
        return (Evaluate(run, modelGenerator, shapes, plus, y, seed).Loss - Evaluate(run, modelGenerator, shapes, minus, y, seed).Loss) / (2 * DifferenceStep);
    }
}
