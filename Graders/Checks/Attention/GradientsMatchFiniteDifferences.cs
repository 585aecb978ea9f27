using Grader.Checks.Attention.Snapshots;
using Grader.Contracts.Attention;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Attention;

/// <summary>
/// Sheet 001, ex. 2: the layer's gradients exist and are the derivative of multi-head attention. On each call of the
/// approved snapshot, <see cref="IMultiHeadAttention.Backward"/> with the call's output gradient G must return, for the
/// query, key, value and every weight and bias, ∂(Σ G ⊙ y)/∂· as the call carries it (<see cref="ExpectedAttention.Gradients"/>,
/// computed in double on the tutor's side, whose values central differences of the layer in double reproduce to 1e-8
/// relative, tested), element by element within twice its first-order float32 bound (at least <see cref="UnderflowFloor"/>). A gradient that is zero where the derivative is not is named
/// as missing. The visible instance runs on the approved snapshot's calls, reading the gradients from it; the tutor's
/// instance on calls drawn from the run's seed, answered live.
/// </summary>
public sealed class GradientsMatchFiniteDifferences(string id, IAttentionCases cases) : AttentionCheck(id, cases)
{
    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["query"] = "∂loss/∂query", ["key"] = "∂loss/∂key", ["value"] = "∂loss/∂value",
        ["query_weight"] = "∂loss/∂W_q", ["key_weight"] = "∂loss/∂W_k", ["value_weight"] = "∂loss/∂W_v", ["output_weight"] = "∂loss/∂W_o",
        ["query_bias"] = "∂loss/∂b_q", ["key_bias"] = "∂loss/∂b_k", ["value_bias"] = "∂loss/∂b_v", ["output_bias"] = "∂loss/∂b_o",
    };

    /// <summary>
    /// The tolerance's absolute floor: the first-order bound is relative and does not see underflow. Where scores are
    /// large (the fresh calls' largest score beyond 100) a weight e^(score − max) falls below float32's smallest normal
    /// number 2⁻¹²⁶ ≈ 1.2e-38 and is computed as 0 or a subnormal, losing up to its whole value; a gradient entry is a sum
    /// of products of such a weight with at most four factors of the call (inputs, weights, G: each below 10²), so the
    /// loss is below 2⁻¹²⁶ · 10⁸ ≈ 1.2e-30. Every gradient that separates a bug is many orders above it.
    /// </summary>
    public static readonly double UnderflowFloor = Math.ScaleB(1.0, -126) * 1e8;

    /// <summary>The visible instance's id.</summary>
    public const string VisibleId = "attention.heidelberg.gradients-match-finite-differences";

    /// <summary>The visible check: the approved snapshot's calls.</summary>
    public GradientsMatchFiniteDifferences()
        : this(VisibleId, AttentionSnapshot.Approved)
    {
    }

    public override string SheetRef => "sheet 001, ex. 2: the layer is trained by backpropagation; Backward returns ∂(Σ G ⊙ output) with respect to every input and parameter";

    protected override CheckResult Check(HandinCall call, IMultiHeadAttention layer, IReadOnlyList<ExpectedAttention> cases)
    {
        double worst = 0;
        foreach (var expectedCall in cases.OrderBy(x => x.Case.Size))
        {
            var c = expectedCall.Case;
            const string what = "Backward(weights, query, key, value, keyPaddingMask, causal, outputGradient)";
            if (call.Run(what, () => layer.Backward(c.Weights(), c.QueryTensor(), c.KeyTensor(), c.ValueTensor(), c.PaddingTensor(), c.Causal, c.OutputGradientTensor()), out var g) is { } threw)
                return threw;
            if (g is null || g.Weights is null) return call.Fail($"{what} returned null; expected the gradients of the query, key, value and every weight and bias.");
            if (g.Weights.Heads != c.Heads)
                return call.Fail($"{what} returned Weights.Heads = {g.Weights.Heads}; the gradients' record keeps the layer's number of heads ({c.Heads}).");

            (string Name, Tensor? Seen, int[] Shape)[] parts =
            [
                ("query", g.Query, [c.B, c.L, c.E]), ("key", g.Key, [c.B, c.S, c.E]), ("value", g.Value, [c.B, c.S, c.E]),
                ("query_weight", g.Weights.QueryWeight, [c.E, c.E]), ("key_weight", g.Weights.KeyWeight, [c.E, c.E]),
                ("value_weight", g.Weights.ValueWeight, [c.E, c.E]), ("output_weight", g.Weights.OutputWeight, [c.E, c.E]),
                ("query_bias", g.Weights.QueryBias, [c.E]), ("key_bias", g.Weights.KeyBias, [c.E]),
                ("value_bias", g.Weights.ValueBias, [c.E]), ("output_bias", g.Weights.OutputBias, [c.E]),
            ];
            foreach (var (name, seen, shape) in parts)
            {
                if (call.Tensor($"{what}: {Symbols[name]}", seen, shape, $"a gradient has the shape of what it is taken with respect to, {HandinCall.Shape(shape)}") is { } bad) return bad;
                var values = seen!.ToArray();
                if (expectedCall.Gradients.FirstOrDefault(x => x.Name == name) is not { } exact || exact.Values.Length != values.Length || exact.Bounds.Length != values.Length)
                    return call.Error($"The expected {Symbols[name]} of {c} is missing or does not fit its shape (a damaged snapshot?).");
                var expected = exact.Values;
                var tolerance = exact.Bounds.Select(b => Math.Max(2 * b, UnderflowFloor)).ToArray();
                var outside = new List<int>();
                for (int i = 0; i < values.Length; i++)
                {
                    var deviation = Math.Abs(values[i] - expected[i]);
                    if (!(deviation <= tolerance[i])) outside.Add(i);
                    else if (tolerance[i] > 0) worst = Math.Max(worst, deviation / tolerance[i]);
                }
                if (outside.Count == 0) continue;

                var at = outside.OrderByDescending(i => Math.Abs(values[i] - expected[i]) / Math.Max(tolerance[i], 1e-300)).First();
                var index = HandinCall.Index(at, shape);
                var missing = values.All(v => v == 0)
                    ? $"It is zero everywhere: no gradient reaches {Name(name)} (is something on its path detached, or computed without gradients?). "
                    : "";
                return call.Fail(
                    $"{Symbols[name]} differs from the derivative of the layer: expected {F(expected[at])}, seen {F(values[at])} at {index} " +
                    $"(|Δ| = {E(Math.Abs(values[at] - expected[at]))} > tolerance {E(tolerance[at])}; {outside.Count} of {values.Length} values outside; central differences of the layer agree with the expected value). " +
                    $"{missing}Smallest counterexample: {c}. Re-read {SheetRef}.",
                    expected: $"{F(expected[at])} at {Symbols[name]}{index}", seen: F(values[at]));
            }
        }

        return CheckResult.Pass(Id,
            $"Backward's gradients of the query, key, value and all weights and biases match the derivative of the layer on {cases.Count} calls (largest |Δ|/tolerance {E(worst)}).",
            SheetRef);
    }

    private static string Name(string part) => part.Replace('_', ' ');
}
