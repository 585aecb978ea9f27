namespace Grader.Checks.Gan;

/// <summary>
/// How far a float32 D* may be from the exact p*/(p* + p_θ), and what that costs the objective: one derivation for the
/// visible check (<see cref="OptimalDiscriminatorMaximisesObjective"/>) and the hidden one that compares with the reference.
/// </summary>
/// <remarks>
/// <b>The value</b> (<see cref="OfValue"/>), u = 2⁻²⁴, the inputs float32 and the reference exact in double:
/// τ = 6u + 8u·(2 + |ln p*| + |ln p_θ|) where both densities are positive, 6u where one is 0. The first term is the ratio
/// evaluated directly (at most five correctly rounded operations: within 6u·D ≤ 6u). The second covers the ratio
/// evaluated in log space, in any of its three usual forms: sigmoid(ln p* − ln p_θ), a discriminator's logit (error
/// D(1 − D)·δ), exp(ln p* − lse) with lse = log(exp ln p* + exp ln p_θ) (error D·δ), and 1 − exp(ln p_θ − lse) (error
/// (1 − D)·δ), where δ is the absolute error of the log-space argument: float32's ln and the log-sum-exp round by at most
/// one ulp, ≤ 2u·|ln p|, each, the difference by u·|ln p* − ln p_θ|, and the exp, sum and division by about 4u relative,
/// so δ ≤ 4u·(1 + |ln p*| + |ln p_θ|); factor 2 for safety, and the weight of δ (D(1 − D), D or 1 − D) bounded by 1,
/// since the log-sum-exp forms carry δ undamped where D is near 1 or 0. Issue 45 had D(1 − D) as the weight (the sigmoid
/// form only) and refused the log-sum-exp form far in the tails (p* ≈ 1e-8 and p_θ ≪ p*, D near 1: 1.1 τ; issue 66,
/// item 4; variant <c>optimal-discriminator-log-sum-exp</c>). A fixed 6u refused the sigmoid form (its error is about
/// u·|ln p*|; variant <c>optimal-discriminator-log-space</c>), and a false fail costs the whole task. Where one density is
/// 0, D* is 0 or 1 and every form returns it within an ulp or two (a logit clamped where sigmoid rounds to 0 or 1:
/// variant <c>optimal-discriminator-clamped-logit</c>): τ = 6u. Anywhere τ ≤ 6u + 8u·(2 + 2·87.4) ≤ 8.5e-5 for densities
/// above float32's smallest normal: far below what the named near misses are off (the swapped ratio by |1 − 2D*|, a
/// density left unnormalised or squared by a share of D* at every point, not only in the tails).
/// <para>
/// <b>The objective</b> (<see cref="OfObjective"/>): f(D) = p* ln D + p_θ ln(1 − D). Where both densities are positive,
/// D* is interior and f′(D*) = 0, so a D within τ of D* loses at most ½|f″(D*)|·τ² to second order, |f″(D*)| =
/// p*/D*² + p_θ/(1 − D*)² = (p* + p_θ)³/(p*·p_θ); the third-order term is below 1 % of it while τ ≤ D*(1 − D*)/100,
/// which holds for every point the visible check draws (densities within e⁸ of each other: D*(1 − D*) ≥ 3.3e-4, τ ≤ 86u).
/// Where one density is 0, D* is an end of [0, 1] where f′ ≠ 0, and a D within 6u of it loses to first order:
/// −(p* + p_θ)·ln(1 − 6u) &lt; 6.001u·(p* + p_θ) (issue 66, item 4: the former bound 10⁻⁹·(p* + p_θ) everywhere called
/// D* = 1 − u at p_θ = 0 "does not maximise"). Both get 10⁻⁹·(p* + p_θ) more for the rounding of f itself in double.
/// </para>
/// </remarks>
public static class OptimalDiscriminatorTolerance
{
    /// <summary>Unit roundoff of float32, 2⁻²⁴.</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>
    /// How far outside [0, 1] a float32 D* may land: 6u, τ where one density is 0 and D* is an end of [0, 1]. A form that
    /// ends in exp returns exp(0) there, and a vectorised float32 exp (TensorPrimitives', under the project's tensors)
    /// rounds it to 1 + 2u (variant <c>optimal-discriminator-softplus</c>, exp(−softplus(ln p_θ − ln p*)) at p_θ = 0: issue
    /// 66, item 4). A D this far outside counts as the end it rounds from.
    /// </summary>
    public const double OutsideUnitInterval = 6 * U;

    /// <summary>τ: the bound on |D − D*| of a float32 D* at densities <paramref name="p"/> (p*) and <paramref name="q"/> (p_θ).</summary>
    public static double OfValue(double p, double q) =>
        6 * U + (p > 0 && q > 0 ? 8 * U * (2 + Math.Abs(Math.Log(p)) + Math.Abs(Math.Log(q))) : 0);

    /// <summary>
    /// The most f(D) = p ln D + q ln(1 − D) may fall short of f at its maximiser for a D within <see cref="OfValue"/> of D*.
    /// </summary>
    public static double OfObjective(double p, double q)
    {
        var tau = OfValue(p, q);
        var rounding = 1e-9 * (p + q);
        if (p == 0 || q == 0) return rounding + 6.001 * U * (p + q);
        return rounding + 1.01 * 0.5 * Math.Pow(p + q, 3) / (p * q) * tau * tau;
    }
}
