using System.Collections.Immutable;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// A variance schedule β_1 … β_T and everything derived from it, in double precision.
/// </summary>
/// <remarks>
/// <para>
/// <b>Indexing.</b> Arrays are 0-based as in the sheets' code (DTU <c>ddpm.py</c>, the Heidelberg notebook,
/// diffusers): <c>Beta[t]</c> is the paper's β_{t+1} and <c>AlphaBar[t]</c> is the paper's ᾱ_{t+1}, so code index
/// t = 0 is DDPM's t = 1 (ml-anchors §1.1). <c>AlphaBarPrevious[t]</c> is ᾱ at code index t − 1, with 1 prepended
/// (the paper's implicit ᾱ_0 = 1).
/// </para>
/// <para>
/// <b>Derived quantities</b> (Ho et al. 2020, eqs. 4, 6, 7; TUM endterm 2023 Problem 4): α = 1 − β;
/// ᾱ = cumulative product of α (computed in double); β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t)·β_t (exactly 0 at code index
/// 0); √ᾱ, √(1 − ᾱ), √(1/ᾱ), √(1/ᾱ − 1) and the two posterior-mean coefficients.
/// </para>
/// <para>
/// <b>No validation here.</b> A schedule with β outside (0, 1) can be built (the TUM sheet asks which schedules are
/// invalid); its derived values then contain NaN or ±∞. <see cref="ScheduleValidity.Check(BetaSchedule)"/> says what is
/// wrong and why.
/// </para>
/// </remarks>
public sealed class BetaSchedule
{
    private BetaSchedule(string name, double[] betas)
    {
        if (betas.Length == 0) throw new ArgumentException("A schedule needs at least one step (T ≥ 1).", nameof(betas));
        Name = name;
        var t = betas.Length;
        var alpha = new double[t];
        var alphaBar = new double[t];
        var alphaBarPrevious = new double[t];
        var betaTilde = new double[t];
        double product = 1;
        for (var i = 0; i < t; i++)
        {
            alpha[i] = 1 - betas[i];
            alphaBarPrevious[i] = product;
            product *= alpha[i];
            alphaBar[i] = product;
            // β̃ at code index 0 is exactly 0 (1 − ᾱ_prev = 0); written so that no 0/0 appears there.
            betaTilde[i] = i == 0 ? 0 : (1 - alphaBarPrevious[i]) / (1 - alphaBar[i]) * betas[i];
        }

        Beta = [.. betas];
        Alpha = [.. alpha];
        AlphaBar = [.. alphaBar];
        AlphaBarPrevious = [.. alphaBarPrevious];
        BetaTilde = [.. betaTilde];
        SqrtAlphaBar = [.. alphaBar.Select(Math.Sqrt)];
        SqrtOneMinusAlphaBar = [.. alphaBar.Select(a => Math.Sqrt(1 - a))];
        SqrtRecipAlphaBar = [.. alphaBar.Select(a => Math.Sqrt(1 / a))];
        SqrtRecipAlphaBarMinusOne = [.. alphaBar.Select(a => Math.Sqrt(1 / a - 1))];
        PosteriorMeanCoefficientX0 = [.. Enumerable.Range(0, t).Select(i => betas[i] * Math.Sqrt(alphaBarPrevious[i]) / (1 - alphaBar[i]))];
        PosteriorMeanCoefficientZt = [.. Enumerable.Range(0, t).Select(i => (1 - alphaBarPrevious[i]) * Math.Sqrt(alpha[i]) / (1 - alphaBar[i]))];
    }

    /// <summary>A short description, e.g. "linear(T=1000, β₁=0.0001, β_T=0.02, float32 linspace)".</summary>
    public string Name { get; }

    /// <summary>The number of diffusion steps T (the paper's N in the TUM sheet).</summary>
    public int T => Beta.Length;

    /// <summary>β at code index t (paper β_{t+1}).</summary>
    public ImmutableArray<double> Beta { get; }

    /// <summary>α_t = 1 − β_t.</summary>
    public ImmutableArray<double> Alpha { get; }

    /// <summary>ᾱ_t = ∏_{s ≤ t} α_s, the cumulative product in double precision.</summary>
    public ImmutableArray<double> AlphaBar { get; }

    /// <summary>ᾱ at code index t − 1, with ᾱ_prev = 1 at code index 0 (Ho's and the Heidelberg notebook's <c>alphas_cumprod_prev</c>).</summary>
    public ImmutableArray<double> AlphaBarPrevious { get; }

    /// <summary>The posterior variance β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t)·β_t (Ho eq. 7); exactly 0 at code index 0.</summary>
    public ImmutableArray<double> BetaTilde { get; }

    /// <summary>√ᾱ_t.</summary>
    public ImmutableArray<double> SqrtAlphaBar { get; }

    /// <summary>√(1 − ᾱ_t).</summary>
    public ImmutableArray<double> SqrtOneMinusAlphaBar { get; }

    /// <summary>√(1/ᾱ_t) (the notebook's <c>sqrt_recip_alphas_cumprod</c>).</summary>
    public ImmutableArray<double> SqrtRecipAlphaBar { get; }

    /// <summary>√(1/ᾱ_t − 1) (the notebook's <c>sqrt_recipm1_alphas_cumprod</c>).</summary>
    public ImmutableArray<double> SqrtRecipAlphaBarMinusOne { get; }

    /// <summary>The coefficient of x₀ in the posterior mean μ̃_t: √ᾱ_{t−1}·β_t/(1 − ᾱ_t) (Ho eq. 7).</summary>
    public ImmutableArray<double> PosteriorMeanCoefficientX0 { get; }

    /// <summary>The coefficient of z_t in the posterior mean μ̃_t: √α_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho eq. 7).</summary>
    public ImmutableArray<double> PosteriorMeanCoefficientZt { get; }

    /// <summary>
    /// Linear β from <paramref name="beta1"/> to <paramref name="betaT"/>, endpoints included (Ho et al. 2020 §4; DTU
    /// <c>ddpm.py</c> with T = 1000 in its main; Heidelberg sheet 10 ex. 1 with T = 250).
    /// </summary>
    /// <param name="float32Betas">
    /// True (default): the β are a double linspace rounded once to float32, bit for bit the Heidelberg notebook's
    /// <c>np.linspace(β₁, β_T, T, dtype=np.float32)</c>, then widened to double before α, ᾱ and the rest are computed in
    /// double. DTU's <c>torch.linspace(β₁, β_T, T)</c> computes in float32 arithmetic and differs from these by up to
    /// 2 float32 ulps (T = 1000: 375 of the 1000 β; ≤ 2.3e-7 relative on β, ᾱ and β̃, below the notebooks' own float32
    /// error; pinned by Torch/DiffusionVectorTests). False: a double-precision linspace (Ho's TF code). The two agree to
    /// 1.4e-7 relative on β; ᾱ_999 = 4.0358e-5 either way for T = 1000.
    /// </param>
    public static BetaSchedule Linear(int T, double beta1 = 1e-4, double betaT = 0.02, bool float32Betas = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(T, 1);
        var betas = float32Betas ? linspace(beta1, betaT, T).ToDoubleArray() : LinspaceDouble(beta1, betaT, T);
        return new BetaSchedule(Describe("linear", T, beta1, betaT, float32Betas), betas);
    }

    /// <summary>
    /// Quadratic β: a linspace of √β from √β₁ to √β_T, squared (the Heidelberg notebook's <c>quadratic_beta_schedule</c>,
    /// plotted only; diffusers' <c>scaled_linear</c>).
    /// </summary>
    /// <param name="float32Betas">As in <see cref="Linear"/>: float32 linspace and float32 square, then widened.</param>
    public static BetaSchedule Quadratic(int T, double beta1 = 1e-4, double betaT = 0.02, bool float32Betas = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(T, 1);
        double[] betas;
        if (float32Betas)
        {
            var roots = linspace(Math.Sqrt(beta1), Math.Sqrt(betaT), T).ToArray();
            betas = roots.Select(r => (double)(r * r)).ToArray();
        }
        else
        {
            betas = LinspaceDouble(Math.Sqrt(beta1), Math.Sqrt(betaT), T).Select(r => r * r).ToArray();
        }

        return new BetaSchedule(Describe("quadratic", T, beta1, betaT, float32Betas), betas);
    }

    /// <summary>
    /// The cosine schedule of Nichol &amp; Dhariwal 2021 (eq. 17): f(u) = cos²(((u + s)/(1 + s))·π/2),
    /// β_i = min(1 − f((i+1)/T)/f(i/T), <paramref name="maxBeta"/>) for code index i = 0 … T − 1, in double
    /// (improved-diffusion's <c>betas_for_alpha_bar</c>). For T = 1000: β_0 = 4.1284e-5, ᾱ_499 = 0.49384,
    /// β_998 = 0.75, β_999 = 0.999 (capped), ᾱ_999 = 2.4288e-9 (ml-anchors §1.6).
    /// </summary>
    /// <remarks>
    /// The Heidelberg notebook's plot-only cosine differs: it evaluates f at t = 0 … T − 1 and prepends ᾱ = 1, so its
    /// first β is exactly 0, which <see cref="ScheduleValidity"/> rejects. It is not reproduced here.
    /// </remarks>
    public static BetaSchedule Cosine(int T, double s = 0.008, double maxBeta = 0.999)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(T, 1);
        double F(double u) { var c = Math.Cos((u + s) / (1 + s) * Math.PI / 2); return c * c; }
        var betas = new double[T];
        for (var i = 0; i < T; i++) betas[i] = Math.Min(1 - F((i + 1.0) / T) / F((double)i / T), maxBeta);
        return new BetaSchedule(FormattableString.Invariant($"cosine(T={T}, s={s}, max β={maxBeta})"), betas);
    }

    /// <summary>
    /// β_n = <paramref name="beta"/>(n, N) for n = 1 … N, written as the TUM endterm 2023, Problem 4(d) writes its
    /// schedules (e.g. <c>(n, N) =&gt; Math.Sin((double)n / N)</c>). Stored 0-based: <c>Beta[n − 1]</c> = β_n.
    /// </summary>
    public static BetaSchedule FromFunction(Func<int, int, double> beta, int T, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentOutOfRangeException.ThrowIfLessThan(T, 1);
        var betas = new double[T];
        for (var n = 1; n <= T; n++) betas[n - 1] = beta(n, T);
        return new BetaSchedule(name ?? FormattableString.Invariant($"β(n, N) for N={T}"), betas);
    }

    /// <summary>A schedule from explicit β values, code index 0 first (e.g. a hand-in's <c>betas</c>).</summary>
    public static BetaSchedule FromBetas(IEnumerable<double> betas, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(betas);
        var array = betas.ToArray();
        return new BetaSchedule(name ?? FormattableString.Invariant($"explicit(T={array.Length})"), array);
    }

    /// <summary>Throws unless 0 ≤ t &lt; T (a code index).</summary>
    internal void RequireIndex(int t, string paramName = "t")
    {
        if ((uint)t >= (uint)T)
            throw new ArgumentOutOfRangeException(paramName, t, $"The code timestep must lie in 0 … {T - 1} (T = {T}); code index t is the paper's t + 1.");
    }

    public override string ToString() => Name;

    private static double[] LinspaceDouble(double start, double end, int steps)
    {
        var d = new double[steps];
        if (steps == 1) { d[0] = start; return d; }
        for (var i = 0; i < steps; i++) d[i] = start + (end - start) * i / (steps - 1);
        return d;
    }

    private static string Describe(string kind, int T, double b1, double bT, bool f32) =>
        FormattableString.Invariant($"{kind}(T={T}, β₁={b1}, β_T={bT}, {(f32 ? "float32" : "float64")} linspace)");
}
