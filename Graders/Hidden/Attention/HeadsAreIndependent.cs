using Grader.Checks.Attention;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Sheet 001, ex. 2 (task 001/2/multi-head-attention): the heads are independent, on random calls with two or more heads
/// (FsCheck). With W_o = I and b_o = 0 the output is the heads' concatenation; perturbing one head's slice of the query
/// weights (rows h·d … (h+1)·d − 1 of W_q) must leave every other head's output features and weights unchanged (up to the
/// two calls' float32 bounds) and must change that head's weights beyond them. The perturbation, 10·N(0, 1) per
/// entry, moves a score difference by a continuous amount with standard deviation ≳ 10, so a correct layer's weights
/// stay within the ~1e-6 tolerance in every row with probability below 1e-7 per call (the first claim holds exactly).
/// Power: heads that share one slice of the weights either ignore the perturbation or pass it to every head. The law
/// earns credit only on calls whose output and weights are attention's (<see cref="AttentionProperty.NotAttention"/>),
/// the drawn call with its own W_o among them (with W_o = I a layer that skips W_o is right).
/// </summary>
public sealed class HeadsAreIndependent() : AttentionLawCheck(
    "attention.heidelberg.heads-are-independent",
    FreshAttentionCases.Law with { Causal = false, MinKeys = 2, OpenKeys = 2, Heads = [2, 3, 4] },
    "Perturbing one head's query weights changes that head only")
{
    private protected override string? Violation(HandinCall call, IMultiHeadAttention layer, RandomCall random)
    {
        var g = random.Changes();
        // The drawn call first, with its own W_o: the law below fixes W_o = I, where a layer that skips W_o is right.
        if (AttentionProperty.Run(call, layer, random.Case, out var drawnProblem) is not { } drawn) return drawnProblem;
        var identity = new float[random.Case.E * random.Case.E];
        for (int i = 0; i < random.Case.E; i++) identity[i * random.Case.E + i] = 1f;
        var c = random.Case with { OutputWeight = identity, OutputBias = new float[random.Case.E] };
        int d = c.E / c.Heads, head = (int)g.NextInt(0, c.Heads);
        var query = (float[])c.QueryWeight.Clone();
        for (int r = head * d; r < (head + 1) * d; r++)
            for (int k = 0; k < c.E; k++) query[r * c.E + k] += (float)(10 * g.NextNormal());
        var perturbed = c with { QueryWeight = query };
        if (AttentionProperty.Run(call, layer, c, out var problem) is not { } before) return problem;
        if (AttentionProperty.Run(call, layer, perturbed, out problem) is not { } after) return problem;

        for (int i = 0; i < before.Output.Length; i++)
        {
            int h = i % c.E / d;
            if (h != head && !(Math.Abs(after.Output[i] - before.Output[i]) <= after.OutputBound[i] + before.OutputBound[i]))
                return string.Create(CultureInfo.InvariantCulture,
                    $"Changing head {head}'s rows of W_q (rows {head * d} … {(head + 1) * d - 1}) moved feature {i % c.E} of the output, which belongs to head {h} ({before.Output[i]:G6} → {after.Output[i]:G6}; W_o = I, so the output is the heads' concatenation): the heads must not share weights.");
        }
        double moved = 0;
        for (int i = 0; i < before.Weights.Length; i++)
        {
            int h = i / (c.S * c.L) % c.Heads;
            var diff = Math.Abs(after.Weights[i] - before.Weights[i]) - (after.WeightsBound[i] + before.WeightsBound[i]);
            if (h != head && diff > 0)
                return string.Create(CultureInfo.InvariantCulture,
                    $"Changing head {head}'s rows of W_q changed the attention weights of head {h}: each head computes its weights from its own slice of the projections.");
            if (h == head) moved = Math.Max(moved, diff);
        }
        if (moved <= 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"Changing head {head}'s rows of W_q (rows {head * d} … {(head + 1) * d - 1}) did not change head {head}'s attention weights: head h computes its queries from rows h·d … (h+1)·d − 1 of W_q.");
        return drawn.NotAttention ?? before.NotAttention ?? after.NotAttention;
    }
}
