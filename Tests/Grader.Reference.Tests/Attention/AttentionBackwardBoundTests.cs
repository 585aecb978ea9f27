using Grader.Checks.Attention;
using Grader.Checks.Hidden.Attention;
using Grader.Reference.Attention.Handin;
using Grader.Reference.Tests.Torch;

namespace Grader.Reference.Tests.Attention;

/// <summary>
/// <see cref="AttentionInDouble.Backward"/>, the expected gradients and tolerances of the gradient check: its values are
/// PyTorch's float64 gradients (fixtures/torch/attention_vectors.json) and the central differences of the double
/// forward pass; PyTorch's and the reference's float32 gradients lie within its bounds (the figures show the room).
/// </summary>
public sealed class AttentionBackwardBoundTests
{
    private static readonly string[] FixtureNames = ["query", "key", "value", "in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias"];

    public static IEnumerable<TestCaseData> Cases() =>
        TorchFixtures.Cases("attention_vectors.json").Select(c => new TestCaseData(c).SetName($"backward_bound/{c.GetProperty("name").GetString()}"));

    [TestCaseSource(nameof(Cases))]
    public void The_double_backward_is_torch_float64_and_torch_float32_lies_within_its_bound(JsonElement c)
    {
        var f = AttentionVectorTests.Fixture.From(c);
        var inputs = f.InDouble();
        var g = AttentionInDouble.Backward(inputs, f.OutputGradient.ToDoubleArray());
        double worst = 0;
        foreach (var name in FixtureNames)
        {
            if (c.GetProperty("grads").TryGetProperty(name, out var element) is false || element.ValueKind == JsonValueKind.Null) continue;
            var q = TorchQuantity.Read(element);
            var (values, bounds) = Packed(g, name);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.That(Math.Abs(values[i] - q.Expected[i]), Is.LessThanOrEqualTo(1e-10 * (Math.Abs(q.Expected[i]) + q.Scale[i])), $"{f.Name} d/d {name}[{i}]: double route");
                var deviation = Math.Abs(q.Torch[i] - values[i]);
                Assert.That(deviation, Is.LessThanOrEqualTo(bounds[i]), $"{f.Name} d/d {name}[{i}]: PyTorch float32 {q.Torch[i]:R}, double {values[i]:R}");
                if (bounds[i] > 0) worst = Math.Max(worst, deviation / bounds[i]);
            }
        }
        TestContext.Out.WriteLine($"{f.Name}: max |PyTorch float32 − double|/bound over every gradient {worst:G3}");
    }

    /// <summary>Random calls: B ≤ 2, L, S ≤ 5, 1, 2 or 4 heads of size ≤ 3, masks and biases by coin.</summary>
    private static readonly AttentionCaseLaw Law = new(MaxBatch: 2, MaxQueries: 5, MinKeys: 1, MaxKeys: 5, Heads: [1, 2, 4], MaxHeadDim: 3);

    /// <summary>Random calls (<see cref="Law"/>): central differences of the double forward reproduce the double backward, and the reference's float32 Backward lies within the bound.</summary>
    [Test]
    public void On_random_calls_the_double_backward_is_the_central_difference_and_the_reference_lies_within_the_bound()
    {
        double worstReference = 0, worstDifference = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), Prop.ForAll(
            (from seed in Gen.Choose(1, int.MaxValue) select Law.Draw(new Generator(seed), "random")).ToArbitrary(), c =>
            {
                var inputs = c.InDouble();
                var gradient = c.OutputGradient.Select(v => (double)v).ToArray();
                var exact = AttentionInDouble.Backward(inputs, gradient);
                double Loss(AttentionInDouble.AttentionInputs x) => AttentionInDouble.Evaluate(x).Output.Select((y, i) => y * gradient[i]).Sum();
                foreach (var name in AttentionInDouble.AttentionInputs.Names)
                {
                    var values = inputs.Get(name)!;
                    var expected = exact.Values[name];
                    for (int i = 0; i < values.Length; i++)
                    {
                        double D(double h)
                        {
                            var plus = (double[])values.Clone();
                            var minus = (double[])values.Clone();
                            plus[i] += h;
                            minus[i] -= h;
                            return (Loss(inputs.With(name, plus)) - Loss(inputs.With(name, minus))) / (2 * h);
                        }
                        double h0 = 1e-4 * Math.Max(1, Math.Abs(values[i])), d1 = D(h0), d2 = D(h0 / 2);
                        var richardson = (4 * d2 - d1) / 3;
                        var difference = Math.Abs(richardson - expected[i]);
                        Assert.That(difference, Is.LessThanOrEqualTo(1e-8 * (1 + Math.Abs(expected[i]))), $"{c}: d/d {name}[{i}]: double backward {expected[i]:R}, central difference {richardson:R}");
                        worstDifference = Math.Max(worstDifference, difference / (1 + Math.Abs(expected[i])));
                    }
                }

                var reference = new ReferenceMultiHeadAttention().Backward(c.Weights(), c.QueryTensor(), c.KeyTensor(), c.ValueTensor(), c.PaddingTensor(), c.Causal, c.OutputGradientTensor());
                Tensor[] seen = [reference.Query, reference.Key, reference.Value, reference.Weights.QueryWeight, reference.Weights.KeyWeight, reference.Weights.ValueWeight,
                    reference.Weights.OutputWeight, reference.Weights.QueryBias, reference.Weights.KeyBias, reference.Weights.ValueBias, reference.Weights.OutputBias];
                for (int n = 0; n < seen.Length; n++)
                {
                    var name = AttentionInDouble.AttentionInputs.Names[n];
                    var values = seen[n].ToDoubleArray();
                    for (int i = 0; i < values.Length; i++)
                    {
                        var deviation = Math.Abs(values[i] - exact.Values[name][i]);
                        Assert.That(deviation, Is.LessThanOrEqualTo(exact.Bounds[name][i]), $"{c}: reference d/d {name}[{i}]");
                        if (exact.Bounds[name][i] > 0) worstReference = Math.Max(worstReference, deviation / exact.Bounds[name][i]);
                    }
                }
            }));
        TestContext.Out.WriteLine($"40 random calls: max |central difference − double backward|/(1 + |g|) {worstDifference:G3}; max |reference float32 − double|/bound {worstReference:G3}");
    }

    /// <summary>The fixture's packed layout (in_proj rows W_q, W_k, W_v) from the double route's separate gradients.</summary>
    private static (double[] Values, double[] Bounds) Packed(AttentionInDouble.ExactGradients g, string fixtureName)
    {
        string[] parts = fixtureName switch
        {
            "in_proj_weight" => ["query_weight", "key_weight", "value_weight"],
            "in_proj_bias" => ["query_bias", "key_bias", "value_bias"],
            "out_proj_weight" => ["output_weight"],
            "out_proj_bias" => ["output_bias"],
            _ => [fixtureName],
        };
        return (parts.SelectMany(p => g.Values[p]).ToArray(), parts.SelectMany(p => g.Bounds[p]).ToArray());
    }
}
