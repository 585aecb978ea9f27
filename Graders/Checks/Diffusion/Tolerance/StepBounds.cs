namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// Float32 error bounds of the diffusion formulas the exact checks compare, each taken over the algebraically equal
/// forms a hand-in may write (the widest bound wins), with the schedule quantities from <see cref="ScheduleBounds"/>.
/// </summary>
public static class StepBounds
{
    private static Float32Bound One => Float32Bound.Exact(1);

    /// <summary>z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε (Ho et al. eq. 4): x in the X slot, ε in the Epsilon slot.</summary>
    public static AffineBound ForwardNoising(ScheduleBounds s, int t)
    {
        var a = Float32Bound.Sqrt(s.AlphaBar(t));
        var b = Float32Bound.Sqrt(s.OneMinusAlphaBar(t));
        return AffineBound.Add(AffineBound.Scale(AffineBound.OfX, a), AffineBound.Scale(AffineBound.OfEpsilon, b));
    }

    /// <summary>
    /// One DDPM reverse step from x_t with ε̂ and noise z (σ masked at t = 0), in three forms: Algorithm 2's
    /// (x − β/√(1 − ᾱ)·ε̂)/√α + σz; the notebook's μ̃(x, x̂₀) with x̂₀ = √(1/ᾱ)x − √(1/ᾱ − 1)ε̂; and μ̃ with
    /// x̂₀ = (x − √(1 − ᾱ)ε̂)/√ᾱ. <paramref name="posteriorVariance"/>: σ² = β̃ (Heidelberg) instead of β (DTU).
    /// </summary>
    public static AffineBound DdpmStep(ScheduleBounds s, int t, bool posteriorVariance)
    {
        var beta = s.Beta[t];
        var alphaBar = s.AlphaBar(t);
        var alphaBarPrevious = s.AlphaBar(t - 1);
        var oneMinus = s.OneMinusAlphaBar(t);
        var oneMinusPrevious = s.OneMinusAlphaBar(t - 1);

        var sigma = t == 0
            ? Float32Bound.Exact(0)
            : Float32Bound.Sqrt(posteriorVariance ? beta * oneMinusPrevious / oneMinus : beta);
        var noise = AffineBound.Scale(AffineBound.OfNoise, sigma);

        // Algorithm 2: (x − β/√(1 − ᾱ)·ε̂)/√α.
        var k = beta / Float32Bound.Sqrt(oneMinus);
        var epsilonForm = AffineBound.Divide(AffineBound.Add(AffineBound.OfX, AffineBound.Scale(AffineBound.OfEpsilon, -k)), Float32Bound.Sqrt(s.Alpha[t]));

        // μ̃ = c₀·x̂₀ + c₁·x.
        var c0 = beta * Float32Bound.Sqrt(alphaBarPrevious) / oneMinus;
        var c1 = oneMinusPrevious * Float32Bound.Sqrt(s.Alpha[t]) / oneMinus;
        AffineBound Posterior(AffineBound x0) => AffineBound.Add(AffineBound.Scale(x0, c0), AffineBound.Scale(AffineBound.OfX, c1));

        var recip = Float32Bound.Sqrt(One / alphaBar);
        var recipMinusOne = Float32Bound.Sqrt(Float32Bound.Max(One / alphaBar - One, 0));
        var notebook = Posterior(AffineBound.Add(AffineBound.Scale(AffineBound.OfX, recip), AffineBound.Scale(AffineBound.OfEpsilon, -recipMinusOne)));
        var divided = Posterior(PredictedX0(alphaBar, oneMinus));

        var widest = AffineBound.Widest(AffineBound.Widest(epsilonForm, notebook), divided);
        return AffineBound.Add(widest, noise);
    }

    /// <summary>
    /// One DDIM step (Song et al. eq. 12, σ from eq. 16, ᾱ_{−1} = 1): √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1} − σ²)·ε̂ + σz, with
    /// x̂₀ written either way as in <see cref="DdpmStep"/>.
    /// </summary>
    public static AffineBound DdimStep(ScheduleBounds s, int t, double eta)
    {
        var alphaBar = s.AlphaBar(t);
        var alphaBarPrevious = s.AlphaBar(t - 1);
        var oneMinus = s.OneMinusAlphaBar(t);
        var oneMinusPrevious = s.OneMinusAlphaBar(t - 1);

        var sigma = Float32Bound.Input(eta) * Float32Bound.Sqrt(oneMinusPrevious / oneMinus)
                    * Float32Bound.Sqrt(Float32Bound.Max(One - alphaBar / alphaBarPrevious, 0));
        var direction = Float32Bound.Sqrt(Float32Bound.Max(oneMinusPrevious - sigma * sigma, 0));
        var sqrtPrevious = Float32Bound.Sqrt(alphaBarPrevious);

        AffineBound Step(AffineBound x0) => AffineBound.Add(
            AffineBound.Add(AffineBound.Scale(x0, sqrtPrevious), AffineBound.Scale(AffineBound.OfEpsilon, direction)),
            AffineBound.Scale(AffineBound.OfNoise, sigma));

        var recip = Float32Bound.Sqrt(One / alphaBar);
        var recipMinusOne = Float32Bound.Sqrt(Float32Bound.Max(One / alphaBar - One, 0));
        var notebook = Step(AffineBound.Add(AffineBound.Scale(AffineBound.OfX, recip), AffineBound.Scale(AffineBound.OfEpsilon, -recipMinusOne)));
        var divided = Step(PredictedX0(alphaBar, oneMinus));
        return AffineBound.Widest(notebook, divided);
    }

    /// <summary>x̂₀ = (x − √(1 − ᾱ)·ε̂)/√ᾱ.</summary>
    private static AffineBound PredictedX0(Float32Bound alphaBar, Float32Bound oneMinus) =>
        AffineBound.Divide(
            AffineBound.Add(AffineBound.OfX, AffineBound.Scale(AffineBound.OfEpsilon, -Float32Bound.Sqrt(oneMinus))),
            Float32Bound.Sqrt(alphaBar));
}
