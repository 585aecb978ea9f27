using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Where a reverse sampler gets the fresh noise ξ of each step: from a <see cref="Generator"/> the caller owns, or from
/// a tensor the caller drew beforehand. The sampler asks only for steps that add noise (σ &gt; 0), in loop order.
/// </summary>
public abstract class StepNoise
{
    /// <summary>The noise for the step that leaves code timestep <paramref name="t"/>, with the given shape.</summary>
    public abstract Tensor Draw(int t, int[] shape);

    /// <summary>Fresh standard normal draws from <paramref name="generator"/>, one tensor per noisy step, in loop order.</summary>
    public static StepNoise From(Generator generator) => new GeneratorNoise(generator ?? throw new ArgumentNullException(nameof(generator)));

    /// <summary>
    /// Pre-drawn noise [T, …]: row t is the ξ of the step that leaves code timestep t (z_t → z_{t−1}). The row's shape
    /// must equal the requested one: [N, …] for the ordinary samplers, [1, …] for <see cref="SameNoiseSampler"/>.
    /// Rows of steps without noise (t = 0 for DDPM, every row for DDIM with η = 0) are never read.
    /// </summary>
    public static StepNoise From(Tensor noise) => new PreDrawnNoise(noise ?? throw new ArgumentNullException(nameof(noise)));

    /// <summary>The noise of a hand-in contract's keyed source: step t reads <c>source.ForStep(t, shape)</c>.</summary>
    public static StepNoise From(INoiseSource source) => new KeyedNoise(source ?? throw new ArgumentNullException(nameof(source)));

    /// <summary>No noise at all: only for samplers whose steps are all deterministic (DDIM with η = 0).</summary>
    public static StepNoise None { get; } = new NoNoise();

    private sealed class GeneratorNoise(Generator generator) : StepNoise
    {
        public override Tensor Draw(int t, int[] shape) => randn(shape, generator);
    }

    private sealed class PreDrawnNoise(Tensor noise) : StepNoise
    {
        public override Tensor Draw(int t, int[] shape)
        {
            if (noise.dim() < 1 || t >= noise.size(0))
                throw new ArgumentException($"The pre-drawn noise has shape [{string.Join(", ", noise.shape)}]; step t = {t} needs a row t of shape [{string.Join(", ", shape)}].");
            var row = noise.select(0, t);
            if (!row.shape.SequenceEqual(shape))
                throw new ArgumentException($"Row {t} of the pre-drawn noise has shape [{string.Join(", ", row.shape)}], the step needs [{string.Join(", ", shape)}].");
            return row;
        }
    }

    private sealed class KeyedNoise(INoiseSource source) : StepNoise
    {
        public override Tensor Draw(int t, int[] shape) => source.ForStep(t, shape);
    }

    private sealed class NoNoise : StepNoise
    {
        public override Tensor Draw(int t, int[] shape) =>
            throw new InvalidOperationException($"StepNoise.None was asked for noise at step t = {t}: this sampler adds noise, pass a Generator or a pre-drawn tensor.");
    }
}
