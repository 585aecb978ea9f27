using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// Fresh draws from a <see cref="Generator"/> on every call (what training uses: <c>torch.rand</c> and
/// <c>randn_like</c>), so the numbers depend on the order of the calls. For replayable draws see <see cref="KeyedElboNoise"/>.
/// </summary>
public sealed class GeneratorElboNoise(Generator generator) : IElboNoiseSource
{
    private readonly Generator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    public Tensor Times(int[] shape) => rand(shape, _generator);

    public Tensor NoiseAtZero(int[] shape) => randn(shape, _generator);

    public Tensor NoiseAtOne(int[] shape) => randn(shape, _generator);

    public Tensor NoiseAtTime(int[] shape) => randn(shape, _generator);
}
