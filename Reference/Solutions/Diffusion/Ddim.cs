using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The DDIM reverse process (Song, Meng &amp; Ermon, ICLR 2021, §4, eqs. 12 and 16), in DDPM's ᾱ notation (DDIM's α_t
/// is DDPM's ᾱ_t): Heidelberg sheet 10, ex. 1(d), the notebook's <c>p_sample_DDIM(model, x_t, t, eta)</c>.
/// </summary>
/// <remarks>
/// <para>
/// x̂₀ = (z_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t;
/// z_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − σ_t²)·ε̂ + σ_t·ξ, with
/// σ_t(η) = η·√((1 − ᾱ_prev)/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_prev) (eq. 16).
/// ᾱ_prev is ᾱ at the next visited timestep, and 1 after the last (<c>alphas_cumprod_prev[0] = 1</c>), so the last
/// step returns x̂₀.
/// </para>
/// <para>
/// By default all T steps are visited (as the notebook does; no skipping). η = 0 is deterministic: the output is a
/// function of the latent alone and no noise is drawn. η = 1 on the full chain is DDPM with σ² = β̃: the same mean
/// and variance in every step (<see cref="Coefficients"/> equal those of <see cref="Ddpm"/> with
/// <see cref="ReverseVariance.BetaTilde"/>).
/// </para>
/// <para>
/// Optional, beyond the sheet: a sub-sequence of timesteps (e.g. diffusers' "leading" spacing) and clipping of x̂₀ to
/// ±<see cref="ClipPredictedX0"/> (diffusers' <c>clip_sample</c>; off by default, as in the paper and the notebook).
/// </para>
/// </remarks>
public sealed class Ddim : ReverseSampler
{
    public Ddim(BetaSchedule schedule, double eta = 0, IReadOnlyList<int>? timesteps = null, double? clipPredictedX0 = null)
        : base(schedule, timesteps)
    {
        if (!(eta >= 0) || double.IsInfinity(eta)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be a finite number ≥ 0.");
        if (clipPredictedX0 is double c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(clipPredictedX0), c, "The clipping range must be > 0.");
        Eta = eta;
        ClipPredictedX0 = clipPredictedX0;
    }

    /// <summary>η: 0 for the deterministic DDIM, 1 for DDPM-like noise.</summary>
    public double Eta { get; }

    /// <summary>If set, x̂₀ is clamped to [−c, c] before use (not in the sheet; for diffusers comparisons).</summary>
    public double? ClipPredictedX0 { get; }

    /// <summary>σ_t² = η²·(1 − ᾱ_prev)/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_prev) (DDIM eq. 16; diffusers' <c>_get_variance</c> times η²).</summary>
    public double Sigma2(int t)
    {
        var abar = Schedule.AlphaBar[t];
        var prev = AlphaBarPrevious(t);
        return Eta * Eta * (1 - prev) / (1 - abar) * (1 - abar / prev);
    }

    public override bool AddsNoise(int t) => Sigma2(t) > 0;

    /// <summary>The step as an affine map; undefined (throws) when x̂₀ is clipped, since clipping is not affine.</summary>
    public override AffineStep Coefficients(int t)
    {
        if (ClipPredictedX0 is not null) throw new InvalidOperationException("A DDIM step with clipping is not an affine map of z_t and ε̂.");
        var (prevT, sqrtPrev, sigma2, direction) = Parts(t);
        var z = sqrtPrev * Schedule.SqrtRecipAlphaBar[t];
        var eps = direction - sqrtPrev * Schedule.SqrtRecipAlphaBarMinusOne[t];
        return new AffineStep(t, prevT, z, eps, sigma2);
    }

    public override Tensor Step(Tensor zt, int t, Tensor epsilonHat, Tensor? noise)
    {
        ScheduleColumns.RequireSameShape(zt, epsilonHat, "zt", "epsilonHat");
        var (_, sqrtPrev, sigma2, direction) = Parts(t);
        var x0 = (zt - epsilonHat * (float)Schedule.SqrtOneMinusAlphaBar[t]) * (float)Schedule.SqrtRecipAlphaBar[t];
        if (ClipPredictedX0 is double c) x0 = x0.clamp((float)-c, (float)c);
        var next = x0 * (float)sqrtPrev + epsilonHat * (float)direction;
        if (!(sigma2 > 0)) return next;
        if (noise is null) throw new ArgumentNullException(nameof(noise), $"The DDIM step at t = {t} with η = {Eta} adds noise; pass ξ.");
        ScheduleColumns.RequireSameShape(noise, zt, "noise", "z_t");
        return next + noise * (float)Math.Sqrt(sigma2);
    }

    private (int PrevT, double SqrtPrev, double Sigma2, double Direction) Parts(int t)
    {
        var prevT = PreviousTimestep(t);
        var prev = prevT < 0 ? 1.0 : Schedule.AlphaBar[prevT];
        var sigma2 = Sigma2(t);
        // √(1 − ᾱ_prev − σ²): the argument is ≥ 0 for η ≤ 1 (clamped at 0 against rounding); larger η can make it negative.
        var argument = 1 - prev - sigma2;
        if (argument < -1e-12)
            throw new InvalidOperationException($"DDIM with η = {Eta} at t = {t}: 1 − ᾱ_prev − σ² = {argument} < 0, so √(1 − ᾱ_prev − σ²) is undefined.");
        var direction = Math.Sqrt(Math.Max(argument, 0));
        return (prevT, Math.Sqrt(prev), sigma2, direction);
    }
}
