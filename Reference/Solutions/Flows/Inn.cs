using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// An invertible neural network as FrEIA's <c>SequenceINN</c> of <see cref="AllInOneBlock"/>s: the normalizing flow
/// x ↦ z = f(x) with base density N(0, I). Per sample, log p(x) = −½‖z‖² − (d/2)·ln 2π + log|det ∂f/∂x|; sampling
/// draws z ~ N(0, I) and runs the blocks backwards. Blocks are built in order, each drawing its subnet's weights and
/// then its permutation from the generator.
/// </summary>
public sealed class Inn : Module<Tensor, (Tensor Z, Tensor LogDet)>
{
    private readonly AllInOneBlock[] _blocks;

    public Inn(InnSettings settings, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(generator);
        Settings = settings.Validate();
        var subnet = Subnets.Fc(settings.HiddenWidth);
        _blocks = new AllInOneBlock[settings.Blocks];
        for (int b = 0; b < _blocks.Length; b++)
            _blocks[b] = register_module(b.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new AllInOneBlock(settings.Channels, generator, subnet, settings.Clamp, settings.Permutation));
    }

    public InnSettings Settings { get; }

    /// <summary>The dimension d of x and z.</summary>
    public int Dim => Settings.Channels;

    public IReadOnlyList<AllInOneBlock> Blocks => _blocks;

    /// <summary>x [N, d] → (z, log|det ∂z/∂x| [N]): the blocks in order, their log-determinants summed.</summary>
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckInput(x, "forward");
        var z = x;
        Tensor? logDet = null;
        foreach (var block in _blocks)
        {
            var (y, ld) = block.forward(z);
            z = y;
            logDet = logDet is null ? ld : logDet + ld;
        }
        return (z, logDet!);
    }

    /// <summary>z [N, d] → (x, log|det ∂x/∂z| [N]): the blocks' inverses in reverse order.</summary>
    public (Tensor X, Tensor LogDet) Inverse(Tensor z)
    {
        CheckInput(z, "Inverse");
        var x = z;
        Tensor? logDet = null;
        for (int b = _blocks.Length - 1; b >= 0; b--)
        {
            var (y, ld) = _blocks[b].Inverse(x);
            x = y;
            logDet = logDet is null ? ld : logDet + ld;
        }
        return (x, logDet!);
    }

    /// <summary>−log p(x) per sample [N]: ½‖z‖² + (d/2)·ln 2π − log|det ∂z/∂x|.</summary>
    public Tensor NegativeLogLikelihood(Tensor x)
    {
        var (z, logDet) = forward(x);
        return NegativeLogLikelihood(z, logDet);
    }

    /// <summary>−log p(x) per sample from the flow's output: ½‖z‖² + (d/2)·ln 2π − logDet.</summary>
    public static Tensor NegativeLogLikelihood(Tensor z, Tensor logDet)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(logDet);
        double constant = 0.5 * z.size(1) * Math.Log(2 * Math.PI);
        return 0.5f * (z * z).sum(1) + (float)constant - logDet;
    }

    /// <summary>log p(x) per sample [N].</summary>
    public Tensor LogLikelihood(Tensor x) => -NegativeLogLikelihood(x);

    /// <summary>The notebook's training loss: mean over the batch of (½‖z‖² − log|det J|), divided by d.</summary>
    public Tensor Loss(Tensor x)
    {
        var (z, logDet) = forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean() / Dim;
    }

    /// <summary><paramref name="count"/> samples x = f⁻¹(z), z ~ N(0, I) drawn from <paramref name="generator"/> (no graph).</summary>
    public Tensor Sample(int count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var _ = no_grad();
        return Inverse(randn([count, Dim], generator)).X;
    }

    private void CheckInput(Tensor x, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.size(1) != Dim)
            throw new ArgumentException($"Inn.{what}: input must be [N, {Dim}], got [{string.Join(", ", x.shape)}]");
    }
}
