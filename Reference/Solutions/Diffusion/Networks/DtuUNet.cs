using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The U-Net of DTU 02460 week 3 <c>unet.py</c> (from mfkasim1/score-based-tutorial's <c>ScoreNetwork0</c>, MIT):
/// an ε-network for MNIST. The flattened 784-vector is reshaped to 1×28×28 and t ([N, 1], the DDPM wrapper's t/T)
/// is broadcast to a second constant channel. All convolutions are 3×3 with padding 1, the activation is LogSigmoid.
/// <code>
/// _convs.0 = [Conv 2→32, LogSigmoid]                                   28×28
/// _convs.1 = [MaxPool 2, Conv 32→64, LogSigmoid]                       14×14
/// _convs.2 = [MaxPool 2, Conv 64→128, LogSigmoid]                       7×7
/// _convs.3 = [MaxPool 2 (padding 1), Conv 128→256, LogSigmoid]          4×4
/// _convs.4 = [MaxPool 2, Conv 256→256, LogSigmoid]                      2×2
/// _tconvs.0 = [TConv 256→256 (s2, p1, op1), LogSigmoid]                 4×4
/// _tconvs.1 = [TConv 512→128 (op0), LogSigmoid]     after cat with _convs.3's output  7×7
/// _tconvs.2 = [TConv 256→64 (op1), LogSigmoid]      after cat with _convs.2's output 14×14
/// _tconvs.3 = [TConv 128→32 (op1), LogSigmoid]      after cat with _convs.1's output 28×28
/// _tconvs.4 = [Conv 64→32, LogSigmoid, Conv 32→1]   after cat with _convs.0's output 28×28
/// </code>
/// Names mirror the original's ModuleLists of Sequentials, so the state_dict keys are PyTorch's
/// (<c>_convs.0.0.weight</c>, <c>_convs.1.1.weight</c>, …, <c>_tconvs.4.2.bias</c>); 2,361,409 parameters.
/// Skip concatenations put the decoder signal first, then the encoder's (<c>torch.cat((signal, signals[-i]))</c>).
/// </summary>
public sealed class DtuUNet : Module<(Tensor x, Tensor t), Tensor>, IEpsilonNetwork
{
    /// <summary>Encoder channels of the original.</summary>
    public static readonly int[] Channels = [32, 64, 128, 256, 256];

    /// <summary>Image side (MNIST).</summary>
    public const int Side = 28;

    public DtuUNet(Generator generator)
    {
        var c = Channels;
        Convs = register_module("_convs", nn.Sequential(
            nn.Sequential(nn.Conv2d(2, c[0], 3, generator, padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.MaxPool2d(2, 2), nn.Conv2d(c[0], c[1], 3, generator, padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.MaxPool2d(2, 2), nn.Conv2d(c[1], c[2], 3, generator, padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.MaxPool2d(2, 2, padding: 1), nn.Conv2d(c[2], c[3], 3, generator, padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.MaxPool2d(2, 2), nn.Conv2d(c[3], c[4], 3, generator, padding: 1), nn.LogSigmoid())));
        Tconvs = register_module("_tconvs", nn.Sequential(
            nn.Sequential(nn.ConvTranspose2d(c[4], c[3], 3, generator, stride: 2, padding: 1, output_padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.ConvTranspose2d(c[3] * 2, c[2], 3, generator, stride: 2, padding: 1, output_padding: 0), nn.LogSigmoid()),
            nn.Sequential(nn.ConvTranspose2d(c[2] * 2, c[1], 3, generator, stride: 2, padding: 1, output_padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.ConvTranspose2d(c[1] * 2, c[0], 3, generator, stride: 2, padding: 1, output_padding: 1), nn.LogSigmoid()),
            nn.Sequential(nn.Conv2d(c[0] * 2, c[0], 3, generator, padding: 1), nn.LogSigmoid(), nn.Conv2d(c[0], 1, 3, generator, padding: 1))));
    }

    /// <summary>The encoder stages (<c>_convs</c>); used stage by stage, never as one chain.</summary>
    public Sequential Convs { get; }

    /// <summary>The decoder stages (<c>_tconvs</c>).</summary>
    public Sequential Tconvs { get; }

    /// <summary>ε̂ for x [N, 784] and t [N, 1]; output [N, 784].</summary>
    public Tensor forward(Tensor x, Tensor t)
    {
        const int pixels = Side * Side;
        if (x.dim() != 2 || x.size(1) != pixels) throw new ArgumentException($"x must be [N, {pixels}], got [{string.Join(", ", x.shape)}]");
        int n = x.size(0);
        if (t.dim() != 2 || t.size(0) != n || t.size(1) != 1) throw new ArgumentException($"t must be [N, 1] = [{n}, 1], got [{string.Join(", ", t.shape)}]");
        var image = x.reshape(n, 1, Side, Side);
        var timeChannel = t.reshape(n, 1, 1, 1).expand(n, 1, Side, Side);
        var signal = cat([image, timeChannel], 1);
        var signals = new List<Tensor>();
        for (int i = 0; i < Convs.Count; i++)
        {
            signal = Convs[i].forward(signal);
            if (i < Convs.Count - 1) signals.Add(signal);
        }
        for (int i = 0; i < Tconvs.Count; i++)
        {
            if (i > 0) signal = cat([signal, signals[^i]], 1);
            signal = Tconvs[i].forward(signal);
        }
        return signal.reshape(n, pixels);
    }

    public override Tensor forward((Tensor x, Tensor t) input) => forward(input.x, input.t);

    /// <summary>Contract form: t is t/T, [N, 1] (DTU convention).</summary>
    public Tensor Forward(Tensor zt, Tensor t) => forward(zt, t);

    /// <summary>The ε-model on code indices 0..T−1 that feeds τ = t/T.</summary>
    public IEpsilonModel WithNormalisedTime(int T) => NormalisedTime.Of(this, T);
}
