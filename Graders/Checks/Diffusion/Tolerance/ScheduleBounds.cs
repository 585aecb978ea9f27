namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// The schedule quantities of a hand-in as float32 arithmetic may compute them (the sheets' code does: torch
/// float32 <c>cumprod</c>), each with its error bound: β rounded once, α = 1 − β, ᾱ_t the running product of α
/// (t + 1 roundings, so its relative error grows to about 2(t + 1)u), ᾱ_{t−1} with ᾱ_{−1} = 1 exactly, and 1 − ᾱ
/// (whose relative error is large where ᾱ is close to 1: at code index 0, 1 − ᾱ₀ = β₀ = 1e-4 carries ≈ u/β₀ ≈ 6e-4).
/// These bounds are what makes the exact checks' tolerances derived rather than guessed.
/// </summary>
public sealed class ScheduleBounds
{
    private readonly Float32Bound[] _alphaBar;

    public ScheduleBounds(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        Beta = betas.Select(Float32Bound.Input).ToArray();
        Alpha = Beta.Select(b => Float32Bound.Exact(1) - b).ToArray();
        _alphaBar = new Float32Bound[betas.Count];
        var product = Float32Bound.Exact(1);
        for (var t = 0; t < betas.Count; t++)
        {
            product = t == 0 ? Alpha[0] : product * Alpha[t];
            _alphaBar[t] = product;
        }
    }

    public IReadOnlyList<Float32Bound> Beta { get; }

    public IReadOnlyList<Float32Bound> Alpha { get; }

    public int T => Beta.Count;

    /// <summary>ᾱ_t; ᾱ_{−1} = 1 exactly.</summary>
    public Float32Bound AlphaBar(int t) => t < 0 ? Float32Bound.Exact(1) : _alphaBar[t];

    /// <summary>1 − ᾱ_t.</summary>
    public Float32Bound OneMinusAlphaBar(int t) => Float32Bound.Exact(1) - AlphaBar(t);
}
