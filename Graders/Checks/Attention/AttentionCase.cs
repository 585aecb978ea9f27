using System.Globalization;
using Grader.Checks.Attention.Tolerance;
using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Attention;
using Grader.Tensors;
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

    /// <summary>The same call for <see cref="AttentionInDouble"/>.</summary>
    public AttentionInDouble.Inputs InDouble() => AttentionInDouble.Inputs.From(Weights(), QueryTensor(), KeyTensor(), ValueTensor(), PaddingTensor(), Causal);

    /// <summary>True when key j is masked for query i of batch element b.</summary>
    public bool Masked(int b, int i, int j) => Padding[b * S + j] == 1f || (Causal && j > i);

    /// <summary>The number of elements of the call, to order counterexamples from the smallest.</summary>
    public int Size => B * Math.Max(L, S) * E;

    /// <summary>Runs the hand-in's Forward on fresh copies of the inputs and validates the shapes and values it returns.</summary>
    public CheckResult? Forward(HandinCall call, IMultiHeadAttention layer, out float[] output, out float[] weights)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(layer);
        output = weights = [];
        const string what = "Forward(weights, query, key, value, keyPaddingMask, causal)";
        if (call.Run(what, () => layer.Forward(Weights(), QueryTensor(), KeyTensor(), ValueTensor(), PaddingTensor(), Causal), out var result) is { } threw) return threw;
        if (result is null) return call.Fail($"{what} returned null; expected the output [B, L, E] and the attention weights [B, H, L, S].");
        if (result.Output is not null && result.Weights is not null && result.Output.shape.SequenceEqual([B, L, E]) && result.Weights.shape.SequenceEqual([B, Heads, L, S])
            && NotFinite(call, what, result.Output.ToArray(), result.Weights.ToArray()) is { } overflow)
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
    private CheckResult? NotFinite(HandinCall call, string what, float[] output, float[] weights)
    {
        var bad = output.Select((v, i) => (Part: "output", Index: i, Value: v)).Concat(weights.Select((v, i) => (Part: "attention weights", Index: i, Value: v)))
            .FirstOrDefault(p => !float.IsFinite(p.Value));
        if (bad.Part is null) return null;
        var largest = AttentionInDouble.Evaluate(InDouble()).LargestScore;
        if (!(largest > OverflowScore)) return null; // no exponential overflows: HandinCall.Finite tells the non-finite entry
        var tutor = string.Create(CultureInfo.InvariantCulture, $"{bad.Part}[{bad.Index}] = {bad.Value}; the call's largest score Q_h·K_hᵀ/√d is {largest:G6} ({this}).");
        return call.Fail(
            string.Create(CultureInfo.InvariantCulture,
                $"{what} returned {bad.Value} in its {bad.Part} on a call with large scores Q_h·K_hᵀ/√d (above {OverflowScore:F1}, where e^x is ∞ in float32 and ∞/∞ = NaN): softmax overflows for large logits (subtract the row max)."),
            expected: "finite values", seen: bad.Value.ToString(CultureInfo.InvariantCulture)) with { TutorDetail = tutor };
    }

    /// <summary>ln(float.MaxValue): e^x is ∞ in float32 above it.</summary>
    public static readonly double OverflowScore = Math.Log(float.MaxValue);

    /// <summary>
    /// Where the hand-in's <paramref name="output"/> and <paramref name="weights"/> for this call leave multi-head
    /// attention's (<paramref name="exact"/>, in double), by more than twice their float32 bounds (the tolerance of
    /// <see cref="OutputMatchesReference"/>; a weight also within <see cref="WeightsAreDistributions.MaskedLimit"/>, since
    /// float32 exp underflows to 0 below ~1e-45), or null. A property check (equivariance, masking, independence,
    /// distributions) credits its law only on calls that compute attention: a layer that computes no attention at all
    /// satisfies the laws. The text after the last ": " is the rule, as a hidden check tells it. On a call whose scores
    /// overflow float32's exponential (<see cref="AttentionInDouble.Result.LargestLogSumExp"/> above <see cref="OverflowScore"/>)
    /// the reason told is the overflow: a softmax without the row max gives weights 0 there (e^score / ∞), with finite values.
    /// </summary>
    public string? NotAttention(float[] output, float[] weights, AttentionInDouble.Result exact)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(exact);
        var overflow = exact.LargestLogSumExp > OverflowScore
            ? string.Create(CultureInfo.InvariantCulture,
                $"The call's output or weights are not attention's, and its scores Q_h·K_hᵀ/√d are so large that e^score or a row's Σ e^score exceeds float32's largest number (ln ≈ {OverflowScore:F1}): softmax overflows for large logits (subtract the row max).")
            : null;
        for (int i = 0; i < output.Length; i++)
            if (!(Math.Abs(output[i] - exact.Output[i]) <= 2 * exact.OutputBound[i]))
                return overflow ?? string.Create(CultureInfo.InvariantCulture,
                    $"Output row {i / E % L} of batch element {i / (E * L)} is {output[i]:G6} in feature {i % E}, multi-head attention gives {exact.Output[i]:G6}: the law holds, but the call's output is not the layer's (softmax(Q_h K_hᵀ/√d)·V_h per head, joined and projected by W_o); a property earns credit only with the computation.");
        for (int i = 0; i < weights.Length; i++)
            if (!(Math.Abs(weights[i] - exact.Weights[i]) <= 2 * exact.WeightsBound[i] + WeightsAreDistributions.MaskedLimit))
                return overflow ?? string.Create(CultureInfo.InvariantCulture,
                    $"Head {i / (S * L) % Heads} gives key {i % S} the weight {weights[i]:G6} for query {i / S % L} of batch element {i / (S * L * Heads)}, attention gives {exact.Weights[i]:G6}: the law holds, but the weights returned are not the ones softmax(Q_h K_hᵀ/√d) gives; a property earns credit only with the computation.");
        return null;
    }

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
