using Grader.Checks.Attention;
using Grader.Checks.Attention.Snapshots;
using Grader.Checks.Hidden.Attention;
using Grader.Checks.Snapshots;
using Grader.Reference.Tests.Snapshots;
using Grader.Reference.Attention.Handin;

namespace Grader.Reference.Tests.Attention;

/// <summary>
/// Produces the attention snapshot (fixtures/snapshots/attention/multi-head-attention) from the reference and matches it
/// against the approved file; and reviews it: every expected value lies within <see cref="AttentionInDouble"/>'s bound
/// of the double-precision layer, the stored bounds, largest scores and gradients are its, the reference's float32
/// gradients lie within the stored bounds, and every stored variant is told apart from the reference.
/// </summary>
public sealed class AttentionSnapshotTests
{
    /// <summary>The snapshot's calls: self- and cross-attention, 1–4 heads, biases or none, padding, causal masks (also L ≠ S), a peaked softmax.</summary>
    internal static AttentionSnapshot Produce()
    {
        // The shapes are fixed; the values and the coins (biases, which keys are padded) come from each seed.
        AttentionCase Draw(string name, ulong seed, (int B, int L, int S, int H, int D) shape, bool causal, bool padding, float scale = 1f, bool self = false)
        {
            var law = new AttentionCaseLaw(shape.B, shape.L, shape.S, shape.S, [shape.H], shape.D, scale, causal, OpenKeys: 1, Padding: padding);
            var c = law.Draw(new Generator(seed), name, shape.B, shape.L, shape.S, shape.H, shape.D);
            return self ? c with { Key = c.Query, Value = c.Query } : c;
        }

        var cases = new[]
        {
            Draw("self-attention, 2 heads, padding", 7001, (2, 4, 4, 2, 4), causal: false, padding: true, self: true),
            Draw("cross-attention, 3 heads", 7002, (1, 3, 5, 3, 2), causal: false, padding: false),
            Draw("causal self-attention, 4 heads of size 1", 7003, (2, 5, 5, 4, 1), causal: true, padding: false, self: true),
            Draw("causal, padding, L ≠ S", 7004, (2, 4, 6, 2, 3), causal: true, padding: true),
            Draw("one head, padding", 7005, (1, 2, 3, 1, 3), causal: false, padding: true),
            Draw("peaked softmax", 7006, (2, 3, 4, 2, 2), causal: false, padding: false, scale: 3f) with { Padding = [0, 0, 0, 1, 0, 0, 0, 0] },
        };
        return new AttentionSnapshot(
            "Sheet 001, ex. 2: torch.nn.MultiheadAttention(E, H, batch_first=True) with the stored weights (N(0, 1/E)), biases (N(0, 1/4) or zero), "
            + "inputs (N(0, 1), ×3 in the peaked case; self-attention passes the query as key and value), key padding (1 = padding) and causal flag; "
            + "expected: the reference's output [B, L, E] and per-head weights [B, H, L, S]; G is the output gradient of the gradient check; "
            + "variants: the reference with one bug each (the known wrong layers the check names).",
            cases.Select(AttentionVariants.Expected).ToArray());
    }

    [Test]
    public void The_snapshot_matches_the_approved_file() =>
        SnapshotJson.Write(Produce()).ShouldMatchApprovedSnapshot(AttentionSnapshot.Name, AttentionSnapshot.Folder);

    [Test]
    public void Every_expected_value_lies_within_the_bound_of_the_double_route_and_every_variant_is_distinguishable()
    {
        var snapshot = SnapshotJson.Read<AttentionSnapshot>(File.ReadAllText(SnapshotFile.PathOf(SnapshotApproval.SnapshotRoot(), AttentionSnapshot.Folder, AttentionSnapshot.Name)));
        Assert.That(snapshot.Cases, Has.Count.EqualTo(6));
        foreach (var expected in snapshot.Cases)
        {
            var exact = AttentionInDouble.Evaluate(expected.Case.InDouble());
            Assert.That(expected.OutputBound, Is.EqualTo(exact.OutputBound), $"{expected.Case}: the stored output bounds are the double route's");
            Assert.That(expected.WeightsBound, Is.EqualTo(exact.WeightsBound), $"{expected.Case}: the stored weight bounds are the double route's");
            Assert.That(expected.LargestScore, Is.EqualTo(exact.LargestScore), $"{expected.Case}: the stored largest score");
            var gradients = AttentionInDouble.Backward(expected.Case.InDouble(), expected.Case.OutputGradient.Select(v => (double)v).ToArray());
            Assert.That(expected.Gradients.Select(g => g.Name), Is.EqualTo(AttentionInDouble.AttentionInputs.Names), $"{expected.Case}: a gradient for every input and parameter");
            var reference = new ReferenceMultiHeadAttention().Backward(expected.Case.Weights(), expected.Case.QueryTensor(), expected.Case.KeyTensor(), expected.Case.ValueTensor(),
                expected.Case.PaddingTensor(), expected.Case.Causal, expected.Case.OutputGradientTensor());
            var referenceParts = new Dictionary<string, Tensor>
            {
                ["query"] = reference.Query, ["key"] = reference.Key, ["value"] = reference.Value,
                ["query_weight"] = reference.Weights.QueryWeight, ["key_weight"] = reference.Weights.KeyWeight, ["value_weight"] = reference.Weights.ValueWeight,
                ["output_weight"] = reference.Weights.OutputWeight, ["query_bias"] = reference.Weights.QueryBias, ["key_bias"] = reference.Weights.KeyBias,
                ["value_bias"] = reference.Weights.ValueBias, ["output_bias"] = reference.Weights.OutputBias,
            };
            foreach (var g in expected.Gradients)
            {
                Assert.That(g.Values, Is.EqualTo(gradients.Values[g.Name]), $"{expected.Case}: the stored ∂/∂{g.Name} is the double route's");
                Assert.That(g.Bounds, Is.EqualTo(gradients.Bounds[g.Name]), $"{expected.Case}: the stored bounds of ∂/∂{g.Name} are the double route's");
                var seen = referenceParts[g.Name].ToArray();
                for (int i = 0; i < seen.Length; i++)
                    Assert.That(Math.Abs(seen[i] - g.Values[i]), Is.LessThanOrEqualTo(g.Bounds[i]), $"{expected.Case}: the reference's float32 ∂/∂{g.Name}[{i}] lies within the stored bound");
            }
            for (int i = 0; i < exact.Output.Length; i++)
                Assert.That(Math.Abs(expected.Output[i] - exact.Output[i]), Is.LessThanOrEqualTo(exact.OutputBound[i]), $"{expected.Case}: output[{i}]");
            for (int i = 0; i < exact.Weights.Length; i++)
                Assert.That(Math.Abs(expected.Weights[i] - exact.Weights[i]), Is.LessThanOrEqualTo(exact.WeightsBound[i]), $"{expected.Case}: weights[{i}]");
            foreach (var variant in expected.Variants)
            {
                var distance = variant.Values.Select((v, i) => Math.Abs(v - expected.Output[i]) / (2 * exact.OutputBound[i] + 1e-300)).Max();
                TestContext.Out.WriteLine($"{expected.Case.Name}: {variant.Name} differs by up to {distance:G3} tolerances");
            }
        }
        var names = snapshot.Cases.SelectMany(c => c.Variants.Select(v => v.Name)).Distinct().ToArray();
        Assert.That(names, Is.EquivalentTo(AttentionVariants.Bugs), "every named bug has a variant in some case");
    }
}
