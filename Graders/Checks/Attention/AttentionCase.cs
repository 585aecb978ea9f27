using Grader.Contracts.Attention;
using static Grader.Tensors.torch;

namespace Grader.Checks.Attention;

/// <summary>
/// One call of a multi-head attention layer as the checks make it: the layer's weights, the inputs, the key padding
/// mask (1 = padding), the causal flag and an output gradient G for <see cref="IMultiHeadAttention.Backward"/>. All
/// arrays row-major float32; a layer without biases has zero biases. Every query keeps at least one key.
/// </summary>
public sealed record AttentionCase(
    string Name, int Heads, int B, int L, int S, int E,
    float[] Query, float[] Key, float[] Value,
    float[] QueryWeight, float[] KeyWeight, float[] ValueWeight, float[] OutputWeight,
    float[] QueryBias, float[] KeyBias, float[] ValueBias, float[] OutputBias,
    float[] Padding, bool Causal, float[] OutputGradient)
{
    /// <summary>The layer's weights as the contract takes them (fresh tensors).</summary>
    public MultiHeadAttentionWeights Weights() => new(Heads,
        tensor(QueryWeight, E, E), tensor(KeyWeight, E, E), tensor(ValueWeight, E, E), tensor(OutputWeight, E, E),
        tensor(QueryBias, E), tensor(KeyBias, E), tensor(ValueBias, E), tensor(OutputBias, E));

    public Tensor QueryTensor() => tensor(Query, B, L, E);

    public Tensor KeyTensor() => tensor(Key, B, S, E);

    public Tensor ValueTensor() => tensor(Value, B, S, E);

    public Tensor PaddingTensor() => tensor(Padding, B, S);

    public Tensor OutputGradientTensor() => tensor(OutputGradient, B, L, E);

    /// <summary>True when key j is masked for query i of batch element b.</summary>
    public bool Masked(int b, int i, int j) => Padding[b * S + j] == 1f || (Causal && j > i);

    /// <summary>The number of elements of the call, to order counterexamples from the smallest.</summary>
    public int Size => B * Math.Max(L, S) * E;

    /// <summary>
    /// Runs the hand-in's Forward on fresh copies of the inputs and validates the shapes and values it returns;
    /// <paramref name="largestScore"/> is the call's largest score Q_h·K_hᵀ/√d of an open key (from the snapshot, or the
    /// tutor's side), which tells a softmax overflow.
    /// </summary>
    public CheckResult? Forward(HandinCall call, IMultiHeadAttention layer, double largestScore, out float[] output, out float[] weights)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(layer);
        output = weights = [];
        const string what = "Forward(weights, query, key, value, keyPaddingMask, causal)";
        if (call.Run(what, () => layer.Forward(Weights(), QueryTensor(), KeyTensor(), ValueTensor(), PaddingTensor(), Causal), out var result) is { } threw) return threw;
        if (result is null) return call.Fail($"{what} returned null; expected the output [B, L, E] and the attention weights [B, H, L, S].");
        if (result.Output is not null && result.Weights is not null && result.Output.shape.SequenceEqual([B, L, E]) && result.Weights.shape.SequenceEqual([B, Heads, L, S])
            && NotFinite(call, what, result.Output.ToArray(), result.Weights.ToArray(), largestScore) is { } overflow)
            return overflow;
        if (call.Tensor($"{what}.Output", result.Output, [B, L, E], $"expected one output row of size E per query, [B, L, E] = [{B}, {L}, {E}]") is { } badOutput) return badOutput;
        if (call.Tensor($"{what}.Weights", result.Weights, [B, Heads, L, S], $"expected the weights of every head, [B, H, L, S] = [{B}, {Heads}, {L}, {S}]") is { } badWeights) return badWeights;
        output = result.Output!.ToArray();
        weights = result.Weights!.ToArray();
        return null;
    }

    /// <summary>
    /// Softmax overflow told as such: attention of finite inputs is finite, so a NaN or ∞ in what the layer returned is
    /// its own. Where the call's largest score Q_h·K_hᵀ/√d exceeds ln(float.MaxValue) ≈ 88.7, e^score is ∞ in float32 and
    /// ∞/∞ = NaN: the softmax was taken without subtracting the row max, and the message says so (a law that compares
    /// two calls, such as heads-are-independent, told a bare "Forward returned NaN" under its own rule about the heads'
    /// projections). Below that no exponential overflows, and null leaves the entry to <see cref="HandinCall.Finite"/>.
    /// The score goes to the tutor only.
    /// </summary>
    private CheckResult? NotFinite(HandinCall call, string what, float[] output, float[] weights, double largest)
    {
        var bad = output.Select((v, i) => (Part: "output", Index: i, Value: v)).Concat(weights.Select((v, i) => (Part: "attention weights", Index: i, Value: v)))
            .FirstOrDefault(p => !float.IsFinite(p.Value));
        if (bad.Part is null) return null;
        if (!(largest > OverflowScore)) return null; // no exponential overflows: HandinCall.Finite tells the non-finite entry
        var tutor = string.Create(CultureInfo.InvariantCulture, $"{bad.Part}[{bad.Index}] = {bad.Value}; the call's largest score Q_h·K_hᵀ/√d is {largest:G6} ({this}).");
        return call.Fail(
            string.Create(CultureInfo.InvariantCulture,
                $"{what} returned {bad.Value} in its {bad.Part} on a call with large scores Q_h·K_hᵀ/√d (above {OverflowScore:F1}, where e^x is ∞ in float32 and ∞/∞ = NaN): softmax overflows for large logits (subtract the row max)."),
            expected: "finite values", seen: bad.Value.ToString(CultureInfo.InvariantCulture)) with { TutorDetail = tutor };
    }

    /// <summary>ln(float.MaxValue): e^x is ∞ in float32 above it.</summary>
    public static readonly double OverflowScore = Math.Log(float.MaxValue);

    /// <summary>"B 2, L 3, S 4, E 6, 3 heads, biases, causal, keys 2 and 3 of element 1 padded".</summary>
    public override string ToString()
    {
        var padded = Enumerable.Range(0, B * S).Where(i => Padding[i] == 1f).Select(i => $"key {i % S} of element {i / S}").ToArray();
        var bias = QueryBias.Concat(KeyBias).Concat(ValueBias).Concat(OutputBias).Any(v => v != 0) ? "biases" : "no biases";
        var masks = padded.Length > 0 ? ", padded: " + string.Join(", ", padded) : ", no padding";
        return string.Create(CultureInfo.InvariantCulture,
            $"case '{Name}': B {B}, L {L}, S {S}, E {E}, {Heads} head{(Heads == 1 ? "" : "s")} (d = {E / Heads}), {bias}{(Causal ? ", causal" : "")}{masks}");
    }
}
