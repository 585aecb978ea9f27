using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// DDPM training objectives with every random draw injected (t and ε from the caller): L_simple (Ho et al. 2020
/// Algorithm 1, eq. 14), the DTU per-sample negative ELBO, and the terms of the variational bound (Ho eq. 5). All are
/// differentiable in the model's parameters; all results are in nats.
/// </summary>
/// <remarks>
/// Time indices are code indices (0 … T − 1, the paper's t − 1). Per-sample results have shape (batch,) and sum over
/// all non-batch dimensions.
/// </remarks>
public static class Losses
{
    /// <summary>
    /// L_simple = mean over batch and dimensions of (ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t))² (Algorithm 1; the Heidelberg
    /// notebook's MSE loss). Equals <see cref="NegativeElbo"/>.mean() / D for D data dimensions.
    /// </summary>
    public static Tensor SimpleLoss(IEpsilonModel model, BetaSchedule schedule, Tensor x0, int[] t, Tensor epsilon) =>
        SquaredError(model, schedule, x0, t, epsilon).mean();

    /// <summary>
    /// DTU week 3, exercise 3.4, <c>DDPM.negative_elbo(x)</c>: per sample ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t)‖², summed
    /// over dimensions, shape (batch,) — "the negative ELBO of eq. (14)" (the unweighted L_simple integrand; constants
    /// and the weights of eq. 12 dropped, as the sheet intends). t should be uniform on 0 … T − 1 and ε standard normal.
    /// </summary>
    public static Tensor NegativeElbo(IEpsilonModel model, BetaSchedule schedule, Tensor x0, int[] t, Tensor epsilon) =>
        PerSample(SquaredError(model, schedule, x0, t, epsilon));

    /// <summary>
    /// L_T = KL(q(z_T | x₀) ‖ N(0, I)) per sample, with q(z_T | x₀) = N(√ᾱ_T x₀, (1 − ᾱ_T) I):
    /// ½ Σ_j (ᾱ_T x₀ⱼ² − ᾱ_T − ln(1 − ᾱ_T)). No parameters; tiny for a long schedule (ᾱ_T = 4.0358e-5 for linear T = 1000).
    /// </summary>
    public static Tensor PriorKl(BetaSchedule schedule, Tensor x0)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        RequireBatch(x0, nameof(x0));
        var abar = schedule.AlphaBar[^1];
        var d = x0.numel() / x0.size(0);
        return PerSample(x0 * x0 * (float)(0.5 * abar)) + (float)(0.5 * d * (-abar - Math.Log(1 - abar)));
    }

    /// <summary>
    /// L_{t−1} = KL(q(z_{t−1} | z_t, x₀) ‖ p_θ(z_{t−1} | z_t)) per sample, for code t ≥ 1, with z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε,
    /// q = N(μ̃_t, β̃_t I), p_θ = N(μ_θ, σ_t² I), μ_θ = (z_t − β_t/√(1 − ᾱ_t) ε_θ)/√α_t (Ho eqs. 5, 7, 11; DTU exercise
    /// 3.3). The Gaussian KL per dimension is ½(−1 + ln σ² − ln β̃ + β̃/σ² + (μ̃ − μ_θ)²/σ²) (<c>normal_kl</c> of Ho's code).
    /// It equals ½D(−1 + ln(σ²/β̃) + β̃/σ²) + β_t²/(2σ_t² α_t (1 − ᾱ_t))·‖ε − ε_θ‖² (Ho eq. 12).
    /// </summary>
    public static Tensor DenoisingKl(IEpsilonModel model, BetaSchedule schedule, Tensor x0, int[] t, Tensor epsilon, ReverseVariance variance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schedule);
        ScheduleColumns.RequireTimesteps(schedule, t, x0);
        if (t.Any(ti => ti < 1))
            throw new ArgumentOutOfRangeException(nameof(t), "L_{t−1} needs code t ≥ 1; code t = 0 is the decoder term L_0 (DecoderNll).");
        var forward = new ForwardProcess(schedule);
        var zt = forward.Sample(x0, t, epsilon);
        var posteriorMean = new Posterior(schedule).Mean(zt, x0, t);
        var modelMean = ModelMean(schedule, zt, t, model.Predict(zt, t));

        var d = x0.numel() / x0.size(0);
        var sigma2 = t.Select(ti => variance == ReverseVariance.Beta ? schedule.Beta[ti] : schedule.BetaTilde[ti]).ToArray();
        var constant = t.Select((ti, i) =>
            0.5 * d * (-1 + Math.Log(sigma2[i]) - Math.Log(schedule.BetaTilde[ti]) + schedule.BetaTilde[ti] / sigma2[i])).ToArray();
        var diff = posteriorMean - modelMean;
        var scale = ScheduleColumns.Column(sigma2.Select(s => 0.5 / s).ToArray(), x0);
        return PerSample(diff * diff * scale) + ScheduleColumns.Column(constant, x0).reshape(-1);
    }

    /// <summary>
    /// L_0 = −ln p_θ(x₀ | z_1) per sample as a <b>continuous</b> Gaussian decoder N(x₀; μ_θ(z_1, 1), σ² I), with
    /// z_1 = √ᾱ x₀ + √(1 − ᾱ) ε at code index 0 (then μ_θ equals x̂₀). This is not the discretised decoder of Ho eq. 13
    /// (bins of width 2/255 for 8-bit images), which DTU exercise 3.5 tells students to skip (dequantised data instead).
    /// </summary>
    /// <param name="decoderVariance">
    /// σ² of the decoder; by default β at code index 0 for <see cref="ReverseVariance.Beta"/>, and β̃ at code index 1
    /// for <see cref="ReverseVariance.BetaTilde"/> (β̃ is 0 at code index 0; Ho's code clips its log the same way).
    /// </param>
    public static Tensor DecoderNll(IEpsilonModel model, BetaSchedule schedule, Tensor x0, Tensor epsilon, ReverseVariance variance, double? decoderVariance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schedule);
        RequireBatch(x0, nameof(x0));
        var sigma2 = decoderVariance ?? DefaultDecoderVariance(schedule, variance);
        if (!(sigma2 > 0)) throw new ArgumentOutOfRangeException(nameof(decoderVariance), sigma2, "The decoder variance must be > 0.");
        var t = ReverseSampler.Fill(0, x0.size(0));
        var z1 = new ForwardProcess(schedule).Sample(x0, t, epsilon);
        var mean = ModelMean(schedule, z1, t, model.Predict(z1, t));
        var d = x0.numel() / x0.size(0);
        var diff = x0 - mean;
        return PerSample(diff * diff * (float)(0.5 / sigma2)) + (float)(0.5 * d * Math.Log(2 * Math.PI * sigma2));
    }

    /// <summary>The decoder variance <see cref="DecoderNll"/> uses by default.</summary>
    public static double DefaultDecoderVariance(BetaSchedule schedule, ReverseVariance variance)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return variance == ReverseVariance.Beta || schedule.T < 2 ? schedule.Beta[0] : schedule.BetaTilde[1];
    }

    /// <summary>
    /// The whole negative bound L = L_T + Σ_{code t = 1}^{T−1} L_{t−1} + L_0 per sample (Ho eq. 5), one Monte-Carlo draw
    /// per term: <paramref name="noise"/> is [T, N, …] and row t is the ε that makes z_t for the term at code index t
    /// (row 0 for the decoder). Costs T model evaluations.
    /// </summary>
    public static Tensor VariationalBound(IEpsilonModel model, BetaSchedule schedule, Tensor x0, Tensor noise, ReverseVariance variance, double? decoderVariance = null)
    {
        ArgumentNullException.ThrowIfNull(noise);
        RequireBatch(x0, nameof(x0));
        if (noise.dim() != x0.dim() + 1 || noise.size(0) != schedule.T)
            throw new ArgumentException($"The noise must be [T = {schedule.T}, {string.Join(", ", x0.shape)}], got [{string.Join(", ", noise.shape)}].", nameof(noise));
        var total = PriorKl(schedule, x0) + DecoderNll(model, schedule, x0, noise.select(0, 0), variance, decoderVariance);
        for (var t = 1; t < schedule.T; t++)
            total = total + DenoisingKl(model, schedule, x0, ReverseSampler.Fill(t, x0.size(0)), noise.select(0, t), variance);
        return total;
    }

    private static Tensor SquaredError(IEpsilonModel model, BetaSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(model);
        var zt = new ForwardProcess(schedule).Sample(x0, t, epsilon);
        var prediction = model.Predict(zt, t);
        ScheduleColumns.RequireSameShape(prediction, epsilon, "the model's prediction", "epsilon");
        var diff = epsilon - prediction;
        return diff * diff;
    }

    /// <summary>μ_θ(z_t, t) = (z_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t per sample (Ho eq. 11).</summary>
    private static Tensor ModelMean(BetaSchedule schedule, Tensor zt, int[] t, Tensor epsilonHat)
    {
        ScheduleColumns.RequireSameShape(epsilonHat, zt, "the model's prediction", "z_t");
        var epsCoefficient = t.Select(ti => schedule.Beta[ti] / schedule.SqrtOneMinusAlphaBar[ti]).ToArray();
        var recipSqrtAlpha = t.Select(ti => 1 / Math.Sqrt(schedule.Alpha[ti])).ToArray();
        return (zt - ScheduleColumns.Column(epsCoefficient, zt) * epsilonHat) * ScheduleColumns.Column(recipSqrtAlpha, zt);
    }

    private static Tensor PerSample(Tensor x) => x.reshape(x.size(0), -1).sum(1);

    private static void RequireBatch(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() < 1 || x.size(0) == 0) throw new ArgumentException($"{name} must be a non-empty batch [N, …].", name);
    }
}
