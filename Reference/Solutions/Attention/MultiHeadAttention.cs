using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Attention;

/// <summary>
/// Multi-head attention (Vaswani et al. 2017, §3.2.2) as <c>torch.nn.MultiheadAttention(E, H, batch_first=True)</c>
/// computes it with kdim = vdim = E and no dropout: Q = x_q W_qᵀ + b_q, K = x_k W_kᵀ + b_k, V = x_v W_vᵀ + b_v; head h
/// takes features h·d … (h+1)·d − 1 of each (d = E/H); its weights are softmax over the keys of (Q_h/√d)·K_hᵀ with masked
/// keys at −∞; its output A_h V_h; the heads are concatenated in order and projected, y = concat·W_oᵀ + b_o.
/// Differentiable in the inputs and in every weight and bias.
/// </summary>
public sealed class MultiHeadAttention
{
    /// <summary>The layer from separate projections ([E, E] each, [out, in]) and optional biases ([E] each).</summary>
    public MultiHeadAttention(int heads, Tensor queryWeight, Tensor keyWeight, Tensor valueWeight, Tensor outputWeight,
        Tensor? queryBias = null, Tensor? keyBias = null, Tensor? valueBias = null, Tensor? outputBias = null)
    {
        ArgumentNullException.ThrowIfNull(queryWeight);
        EmbedDim = queryWeight.dim() == 2 ? queryWeight.size(0) : throw new ArgumentException($"W_q must be [E, E], got [{string.Join(", ", queryWeight.shape)}].", nameof(queryWeight));
        if (heads < 1 || EmbedDim % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"The number of heads must divide E = {EmbedDim}.");
        Heads = heads;
        QueryWeight = RequireWeight(queryWeight, "W_q");
        KeyWeight = RequireWeight(keyWeight, "W_k");
        ValueWeight = RequireWeight(valueWeight, "W_v");
        OutputWeight = RequireWeight(outputWeight, "W_o");
        QueryBias = RequireBias(queryBias, "b_q");
        KeyBias = RequireBias(keyBias, "b_k");
        ValueBias = RequireBias(valueBias, "b_v");
        OutputBias = RequireBias(outputBias, "b_o");
    }

    /// <summary>
    /// The layer from PyTorch's packed layout: <c>in_proj_weight</c> [3E, E] (rows: W_q, W_k, W_v),
    /// <c>in_proj_bias</c> [3E] and <c>out_proj</c>'s weight [E, E] and bias [E].
    /// </summary>
    public static MultiHeadAttention FromPacked(int heads, Tensor inProjWeight, Tensor? inProjBias, Tensor outProjWeight, Tensor? outProjBias)
    {
        ArgumentNullException.ThrowIfNull(inProjWeight);
        if (inProjWeight.dim() != 2 || inProjWeight.size(0) != 3 * inProjWeight.size(1))
            throw new ArgumentException($"in_proj_weight must be [3E, E], got [{string.Join(", ", inProjWeight.shape)}].", nameof(inProjWeight));
        int e = inProjWeight.size(1);
        var w = inProjWeight.split(e, 0);
        var b = inProjBias?.split(e, 0);
        return new MultiHeadAttention(heads, w[0], w[1], w[2], outProjWeight, b?[0], b?[1], b?[2], outProjBias);
    }

    public int Heads { get; }

    /// <summary>E, the model dimension.</summary>
    public int EmbedDim { get; }

    /// <summary>d = E/H, the size of one head.</summary>
    public int HeadDim => EmbedDim / Heads;

    public Tensor QueryWeight { get; }
    public Tensor KeyWeight { get; }
    public Tensor ValueWeight { get; }
    public Tensor OutputWeight { get; }
    public Tensor? QueryBias { get; }
    public Tensor? KeyBias { get; }
    public Tensor? ValueBias { get; }
    public Tensor? OutputBias { get; }

    /// <summary>
    /// The layer on a batch: query [B, L, E] attends to key/value [B, S, E]. <paramref name="keyPaddingMask"/> [B, S]
    /// marks padding keys with 1; <paramref name="causal"/> lets query i see keys j ≤ i only (see <see cref="AttentionMask"/>).
    /// </summary>
    public AttentionResult Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool causal = false)
    {
        RequireSequence(query, "query");
        RequireSequence(key, "key");
        RequireSequence(value, "value");
        int batch = query.size(0), queries = query.size(1), keys = key.size(1);
        if (key.size(0) != batch || value.size(0) != batch || value.size(1) != keys)
            throw new ArgumentException($"query [{string.Join(", ", query.shape)}], key [{string.Join(", ", key.shape)}] and value [{string.Join(", ", value.shape)}] must share B, and key and value S.");
        var mask = AttentionMask.Combine(keyPaddingMask, causal, batch, queries, keys);

        var q = SplitHeads(nn.functional.linear(query, QueryWeight, QueryBias)) * (float)(1 / Math.Sqrt(HeadDim));
        var k = SplitHeads(nn.functional.linear(key, KeyWeight, KeyBias));
        var v = SplitHeads(nn.functional.linear(value, ValueWeight, ValueBias));

        var scores = q.matmul(k.transpose(-2, -1));                                        // [B, H, L, S]
        if (mask is not null) scores = scores.masked_fill(mask, float.NegativeInfinity);
        var weights = scores.softmax(-1);
        var heads = weights.matmul(v);                                                       // [B, H, L, d]
        var concatenated = heads.permute(0, 2, 1, 3).reshape(batch, queries, EmbedDim);      // head h → features h·d … (h+1)·d − 1
        return new AttentionResult(nn.functional.linear(concatenated, OutputWeight, OutputBias), weights);
    }

    /// <summary>[B, T, E] → [B, H, T, d]: head h takes features h·d … (h+1)·d − 1.</summary>
    private Tensor SplitHeads(Tensor x) => x.reshape(x.size(0), x.size(1), Heads, HeadDim).permute(0, 2, 1, 3);

    private void RequireSequence(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() != 3 || x.size(2) != EmbedDim || x.size(1) == 0 || x.size(0) == 0)
            throw new ArgumentException($"{name} must be [B, T, E = {EmbedDim}] with B, T ≥ 1, got [{string.Join(", ", x.shape)}].", name);
    }

    private Tensor RequireWeight(Tensor w, string name)
    {
        ArgumentNullException.ThrowIfNull(w, name);
        if (w.dim() != 2 || w.size(0) != EmbedDim || w.size(1) != EmbedDim)
            throw new ArgumentException($"{name} must be [E, E] = [{EmbedDim}, {EmbedDim}], got [{string.Join(", ", w.shape)}].", name);
        return w;
    }

    private Tensor? RequireBias(Tensor? b, string name)
    {
        if (b is not null && (b.dim() != 1 || b.size(0) != EmbedDim))
            throw new ArgumentException($"{name} must be [E] = [{EmbedDim}], got [{string.Join(", ", b.shape)}].", name);
        return b;
    }
}
