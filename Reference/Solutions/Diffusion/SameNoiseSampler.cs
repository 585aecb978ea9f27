using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Heidelberg sheet 10, ex. 1(c) (the notebook's <c>p_sample_samenoise</c>): the reverse process of
/// <see cref="Inner"/> with the identical noise vector for every sample in a step. Each step draws one ξ of shape
/// [1, …] and adds it to all N samples, so samples that start from the same latent stay identical, and neighbouring
/// points of a latent interpolation stay neighbours.
/// </summary>
/// <remarks>Pre-drawn noise for this sampler has shape [T, 1, …] (see <see cref="StepNoise.From(Tensor)"/>).</remarks>
public sealed class SameNoiseSampler : ReverseSampler
{
    public SameNoiseSampler(ReverseSampler inner) : base((inner ?? throw new ArgumentNullException(nameof(inner))).Schedule, inner.Timesteps) =>
        Inner = inner;

    /// <summary>The sampler whose steps are used (usually <see cref="Ddpm"/>).</summary>
    public ReverseSampler Inner { get; }

    public override AffineStep Coefficients(int t) => Inner.Coefficients(t);

    public override bool AddsNoise(int t) => Inner.AddsNoise(t);

    public override Tensor Step(Tensor zt, int t, Tensor epsilonHat, Tensor? noise) => Inner.Step(zt, t, epsilonHat, noise);

    /// <summary>One draw of shape [1, …], expanded (not copied) to all N samples.</summary>
    protected override Tensor DrawNoise(StepNoise noise, int t, int[] shape)
    {
        var single = (int[])shape.Clone();
        single[0] = 1;
        return noise.Draw(t, single).expand(shape);
    }
}
