namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// A quantity that is linear in three tensors — the state x (or x₀), the noise prediction ε̂ (or ε) and the fresh
/// noise z — computed elementwise in float32: out = X·x + E·ε̂ + N·z, with bounds on the error of a float32 evaluation
/// per unit of |x|, |ε̂| and |z|. The error of one element is at most
/// <see cref="ErrorX"/>·|xᵢ| + <see cref="ErrorEpsilon"/>·|ε̂ᵢ| + <see cref="ErrorNoise"/>·|zᵢ|. Building a formula from
/// <see cref="Scale"/> and <see cref="Add"/> tracks the coefficients' own errors (from <see cref="Float32Bound"/>)
/// and the rounding of every product and sum (u times the magnitude, bounded by Σ|coefficient|·|input|).
/// </summary>
public readonly record struct AffineBound(double X, double Epsilon, double Noise, double ErrorX, double ErrorEpsilon, double ErrorNoise)
{
    public static AffineBound OfX { get; } = new(1, 0, 0, 0, 0, 0);

    public static AffineBound OfEpsilon { get; } = new(0, 1, 0, 0, 0, 0);

    public static AffineBound OfNoise { get; } = new(0, 0, 1, 0, 0, 0);

    /// <summary>c·f: the coefficient's error times |f| plus the rounding of the product.</summary>
    public static AffineBound Scale(AffineBound f, Float32Bound c)
    {
        var k = c.Error + Float32Bound.U * c.Magnitude;
        return new(
            c.Value * f.X, c.Value * f.Epsilon, c.Value * f.Noise,
            c.Magnitude * f.ErrorX + k * Math.Abs(f.X),
            c.Magnitude * f.ErrorEpsilon + k * Math.Abs(f.Epsilon),
            c.Magnitude * f.ErrorNoise + k * Math.Abs(f.Noise));
    }

    /// <summary>f/c, as f·(1/c) with one more rounding.</summary>
    public static AffineBound Divide(AffineBound f, Float32Bound c) => Scale(f, Float32Bound.Exact(1) / c);

    /// <summary>f + g: the errors add, plus the rounding of the sum, at most u·(|f| + |g|).</summary>
    public static AffineBound Add(AffineBound f, AffineBound g)
    {
        const double u = Float32Bound.U;
        return new(
            f.X + g.X, f.Epsilon + g.Epsilon, f.Noise + g.Noise,
            f.ErrorX + g.ErrorX + u * (Math.Abs(f.X) + Math.Abs(g.X)),
            f.ErrorEpsilon + g.ErrorEpsilon + u * (Math.Abs(f.Epsilon) + Math.Abs(g.Epsilon)),
            f.ErrorNoise + g.ErrorNoise + u * (Math.Abs(f.Noise) + Math.Abs(g.Noise)));
    }

    /// <summary>The larger error bounds of two algebraically equal forms (a hand-in may write either).</summary>
    public static AffineBound Widest(AffineBound f, AffineBound g) =>
        f with
        {
            ErrorX = Math.Max(f.ErrorX, g.ErrorX),
            ErrorEpsilon = Math.Max(f.ErrorEpsilon, g.ErrorEpsilon),
            ErrorNoise = Math.Max(f.ErrorNoise, g.ErrorNoise),
        };

    /// <summary>
    /// The error bound of one element; <paramref name="epsilonError"/> is an error already in ε̂ itself (the network's
    /// own rounding, <see cref="NetworkRounding"/>), carried by the coefficient of ε̂.
    /// </summary>
    public double ErrorAt(double x, double epsilon, double noise, double epsilonError = 0) =>
        ErrorX * Math.Abs(x) + ErrorEpsilon * Math.Abs(epsilon) + ErrorNoise * Math.Abs(noise) + Math.Abs(Epsilon) * epsilonError;
}
