using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The ε-network of the Heidelberg notebook (MLPh sheet 10, ex. 1, <c>DiffusionModel</c>; seed-origins §1 "Network"):
/// <code>
/// temb  = SinusoidalEmbedding(128)(t)           t the raw integer code index 0..T−1, sin half first
/// x_emb = Linear(2 → 128)(x)                    no activation
/// h     = cat([temb, x_emb], 1)                  time first → 256
/// mlp   = Linear 256→128, ELU, 128→64, ELU, 64→32, ELU, 32→16, ELU, Linear 16→2
/// </code>
/// The MLP is torchvision's <c>MLP(256, [128, 64, 32, 16, 2], activation_layer=ELU)</c>, which puts a
/// <c>Dropout(p=0)</c> after every activation and after the last Linear; those identity layers are kept so that the
/// parameter names equal PyTorch's state_dict keys: <c>x_emb.weight/bias</c>, then <c>mlp.{0,3,6,9,12}.weight/bias</c>
/// (44,178 parameters). Initialisation order is PyTorch's (x_emb first, then the MLP layer by layer).
/// </summary>
public sealed class HeidelbergEpsilonNetwork : Module<(Tensor x, Tensor t), Tensor>, IEpsilonModel, IEpsilonNetwork
{
    /// <summary>Width of the time embedding and of the x embedding.</summary>
    public const int EmbeddingSize = 128;

    /// <summary>Output widths of torchvision's MLP.</summary>
    public static readonly int[] HiddenChannels = [128, 64, 32, 16, 2];

    public HeidelbergEpsilonNetwork(Generator generator, int dataDim = 2)
    {
        if (dataDim != HiddenChannels[^1]) throw new ArgumentException($"The notebook's MLP ends in {HiddenChannels[^1]} outputs; data dim {dataDim} is not supported.");
        DataDim = dataDim;
        TimeEmbedding = register_module("time_embedding", nn.SinusoidalEmbedding(EmbeddingSize));
        XEmbedding = register_module("x_emb", nn.Linear(dataDim, EmbeddingSize, generator));
        var layers = new List<Module<Tensor, Tensor>>();
        int inDim = 2 * EmbeddingSize;
        for (int i = 0; i < HiddenChannels.Length - 1; i++)
        {
            layers.Add(nn.Linear(inDim, HiddenChannels[i], generator));
            layers.Add(nn.ELU());
            layers.Add(nn.Dropout(0f, generator));
            inDim = HiddenChannels[i];
        }
        layers.Add(nn.Linear(inDim, HiddenChannels[^1], generator));
        layers.Add(nn.Dropout(0f, generator));
        Mlp = register_module("mlp", nn.Sequential(layers.ToArray()));
        _mlpAfterFirstElu = nn.Sequential(layers.Skip(2).ToArray());   // the same modules (not registered twice)
    }

    /// <summary>The MLP after the first Linear and ELU: the same module instances as <see cref="Mlp"/>, for the one-timestep path.</summary>
    private readonly Sequential _mlpAfterFirstElu;

    public int DataDim { get; }

    /// <summary>The fixed sinusoidal embedding (no parameters, so it adds nothing to the state_dict).</summary>
    public SinusoidalEmbedding TimeEmbedding { get; }

    public Linear XEmbedding { get; }

    public Sequential Mlp { get; }

    /// <summary>
    /// ε̂ for x [N, 2] and raw integer timesteps t ([N] or [N, 1], values 0..T−1 as float32). Without grad its
    /// intermediate tensors go back to the engine's pool before it returns.
    /// </summary>
    /// <remarks>
    /// Without grad and with one timestep for the whole batch (a sampler's step), the first layer is split by its
    /// inputs: W·[temb, x_emb] + b = W_x·x_emb + (W_t·temb + b), the bracket computed once for the batch's one temb
    /// row. Same function; the float32 sums run in another order (the K = 256 dot product becomes 128 + 128 and a bias
    /// add), so the pre-activation differs within float32 rounding of the sum of |terms| (γ₂₅₆·Σ|wᵢhᵢ| + |b|·2⁻²⁴).
    /// </remarks>
    public Tensor forward(Tensor x, Tensor t)
    {
        if (x.dim() != 2 || x.size(1) != DataDim) throw new ArgumentException($"x must be [N, {DataDim}], got [{string.Join(", ", x.shape)}]");
        using var scope = is_grad_enabled() ? null : memory_scope();   // without grad, the embeddings go back to the pool at once
        var eps = scope is not null && OneTimestep(t, x.size(0)) is { } t1 ? ForwardOneTimestep(x, t1) : ForwardRows(x, t);
        return scope is null ? eps : scope.keep(eps);
    }

    private Tensor ForwardRows(Tensor x, Tensor t)
    {
        var temb = TimeEmbedding.forward(t);
        if (temb.size(0) != x.size(0)) throw new ArgumentException($"{temb.size(0)} timesteps for a batch of {x.size(0)}");
        return Mlp.forward(cat([temb, XEmbedding.forward(x)], 1));
    }

    /// <summary>The first timestep as [1], when t ([N] or [N, 1], N = the batch, N &gt; 1) holds one value for every row; else null.</summary>
    private static Tensor? OneTimestep(Tensor t, int n)
    {
        if (n < 2 || t.numel() != n || !(t.dim() == 1 || (t.dim() == 2 && t.size(1) == 1))) return null;
        var values = t.ToArray();
        for (int i = 1; i < values.Length; i++)
            if (BitConverter.SingleToInt32Bits(values[i]) != BitConverter.SingleToInt32Bits(values[0])) return null;
        return t.reshape(n).narrow(0, 0, 1);
    }

    private Tensor ForwardOneTimestep(Tensor x, Tensor t1)
    {
        var first = (Linear)Mlp[0];
        var w = first.weight;                                                                     // [128, 256]: temb's columns, then x_emb's
        var rowBias = nn.functional.linear(TimeEmbedding.forward(t1), w.narrow(1, 0, EmbeddingSize), first.bias);   // [1, 128]
        var h = nn.functional.LinearActivation(XEmbedding.forward(x), w.narrow(1, EmbeddingSize, EmbeddingSize), rowBias.reshape(EmbeddingSize),
            FusedActivation.Elu, ((ELU)Mlp[1]).alpha);                                            // the fused addmm + ELU, as Sequential runs it
        return _mlpAfterFirstElu.forward(h);
    }

    public override Tensor forward((Tensor x, Tensor t) input) => forward(input.x, input.t);

    /// <summary>Contract form: t is the raw integer step index (Heidelberg convention).</summary>
    public Tensor Forward(Tensor zt, Tensor t) => forward(zt, t);

    /// <summary>Code indices are the network's own time input here (no normalisation).</summary>
    public Tensor Predict(Tensor zt, int[] t) => forward(zt, tensor(t.Select(v => (float)v).ToArray(), t.Length));
}
