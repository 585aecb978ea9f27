using System.Text;
using Grader.Checks.Hidden.Attention;
using Grader.Contracts.Attention;
using Grader.Reference.Attention;
using Grader.Reference.Attention.Handin;

namespace Grader.Reference.Tests.Torch;

/// <summary>
/// The attention reference against <c>torch.nn.MultiheadAttention(E, H, batch_first=True)</c> (kdim = vdim = E, the math
/// path, Debian's torch 1.13): fixtures/torch/attention_vectors.json, written by
/// fixtures/torch/make_attention_and_loss_vectors.py, whose docstring derives the tolerance (see also
/// <see cref="TorchQuantity"/>). Nine cases: self- and cross-attention, 1–8 heads (head size 1–8), with and without
/// biases, key padding, causal masks (square and L ≠ S), a peaked softmax. Compared: the output, the per-head weights
/// and the gradients of Σ G ⊙ output with respect to every input, weight and bias — once for
/// <see cref="MultiHeadAttention"/> and once through the contract (<see cref="ReferenceMultiHeadAttention"/>, biases
/// of the no-bias cases given as zeros, an absent padding mask as zeros). The gradients are also checked against
/// central differences of <see cref="AttentionInDouble"/> (double, no engine).
/// </summary>
[TestFixture]
public sealed class AttentionVectorTests
{
    private static readonly Lazy<JsonElement[]> Data = new(() => TorchFixtures.Cases("attention_vectors.json"));

    public static IEnumerable<TestCaseData> Cases() =>
        Data.Value.Select(c => new TestCaseData(c).SetName($"torch_attention/{c.GetProperty("name").GetString()}"));

    private static readonly string[] GradientNames = ["query", "key", "value", "in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias"];

    [Test]
    public void FixtureIsComplete()
    {
        var cases = Data.Value;
        Assert.That(cases, Has.Length.EqualTo(9));
        Assert.That(cases.Select(c => c.GetProperty("name").GetString()), Is.Unique);
        Assert.That(cases.Select(c => c.GetProperty("heads").GetInt32()).Distinct(), Is.SupersetOf(new[] { 1, 2, 3, 4, 8 }));
        Assert.That(cases.Count(c => c.GetProperty("causal").GetBoolean()), Is.GreaterThanOrEqualTo(3));
        Assert.That(cases.Count(c => !c.GetProperty("bias").GetBoolean()), Is.GreaterThanOrEqualTo(2));
        Assert.That(cases.Count(c => c.GetProperty("inputs").GetProperty("key_padding_mask").ValueKind != JsonValueKind.Null), Is.GreaterThanOrEqualTo(3));
    }

    [TestCaseSource(nameof(Cases))]
    public void ReferenceMatchesTorch(JsonElement c)
    {
        var f = Fixture.From(c);
        var report = new StringBuilder($"{f.Name}\n");
        var failures = new List<string>();

        var made = Leaves.Of(f);
        var (q, k, v, inW, inB, outW, outB) = made;
        var result = made.Forward(f);
        f.Quantity("output").Compare("output", result.Output, report, failures);
        f.Quantity("weights").Compare("weights", result.Weights, report, failures);

        var leaves = new List<(string, Tensor)> { ("query", q), ("key", k), ("value", v), ("in_proj_weight", inW), ("out_proj_weight", outW) };
        if (inB is not null) leaves.Add(("in_proj_bias", inB));
        if (outB is not null) leaves.Add(("out_proj_bias", outB));
        var grads = autograd.grad([(result.Output * f.OutputGradient).sum()], leaves.Select(l => l.Item2).ToArray());
        for (int i = 0; i < leaves.Count; i++)
            f.Grad(leaves[i].Item1).Compare($"d/d {leaves[i].Item1}", grads[i]!, report, failures);

        Finish(report, failures);
    }

    [TestCaseSource(nameof(Cases))]
    public void ContractWrapperMatchesTorch(JsonElement c)
    {
        var f = Fixture.From(c);
        var report = new StringBuilder($"{f.Name} (through IMultiHeadAttention)\n");
        var failures = new List<string>();
        var e = f.OutProjWeight.size(0);
        var w = f.InProjWeight.split(e, 0);
        var b = f.InProjBias?.split(e, 0) ?? [zeros(e), zeros(e), zeros(e)];
        var weights = new MultiHeadAttentionWeights(f.Heads, w[0].contiguous(), w[1].contiguous(), w[2].contiguous(), f.OutProjWeight,
            b[0].contiguous(), b[1].contiguous(), b[2].contiguous(), f.OutProjBias ?? zeros(e));
        var padding = f.KeyPaddingMask ?? zeros(f.Query.size(0), f.Key.size(1));
        IMultiHeadAttention handin = new ReferenceMultiHeadAttention();

        var output = handin.Forward(weights, f.Query, f.Key, f.Value, padding, f.Causal);
        f.Quantity("output").Compare("output", output.Output, report, failures);
        f.Quantity("weights").Compare("weights", output.Weights, report, failures);

        var g = handin.Backward(weights, f.Query, f.Key, f.Value, padding, f.Causal, f.OutputGradient);
        f.Grad("query").Compare("d/d query", g.Query, report, failures);
        f.Grad("key").Compare("d/d key", g.Key, report, failures);
        f.Grad("value").Compare("d/d value", g.Value, report, failures);
        f.Grad("in_proj_weight").Compare("d/d in_proj_weight", cat([g.Weights.QueryWeight, g.Weights.KeyWeight, g.Weights.ValueWeight]), report, failures);
        f.Grad("out_proj_weight").Compare("d/d out_proj_weight", g.Weights.OutputWeight, report, failures);
        if (f.InProjBias is not null)
            f.Grad("in_proj_bias").Compare("d/d in_proj_bias", cat([g.Weights.QueryBias, g.Weights.KeyBias, g.Weights.ValueBias]), report, failures);
        if (f.OutProjBias is not null)
            f.Grad("out_proj_bias").Compare("d/d out_proj_bias", g.Weights.OutputBias, report, failures);
        Assert.That(g.Weights.Heads, Is.EqualTo(f.Heads));
        Finish(report, failures);
    }

    /// <summary>
    /// The causal mask of <see cref="AttentionMask"/> is the one the fixture gave PyTorch (triu(ones(L, S), 1)), and
    /// the key padding mask reaches every head.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void MasksAreThoseGivenToTorch(JsonElement c)
    {
        var f = Fixture.From(c);
        int batch = f.Query.size(0), l = f.Query.size(1), s = f.Key.size(1);
        var mask = AttentionMask.Combine(f.KeyPaddingMask, f.Causal, batch, l, s);
        if (mask is null)
        {
            Assert.That(f.KeyPaddingMask is null && !f.Causal);
            return;
        }
        Assert.That(mask.shape, Is.EqualTo(new[] { batch, 1, l, s }));
        var attn = f.AttentionMask;
        var padding = f.KeyPaddingMask?.ToArray();
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < l; i++)
                for (int j = 0; j < s; j++)
                {
                    bool expected = (attn is not null && attn[i * s + j] == 1) || (padding is not null && padding[b * s + j] == 1f);
                    Assert.That(mask[b, 0, i, j], Is.EqualTo(expected ? 1f : 0f), $"[{b}, {i}, {j}]");
                }
    }

    /// <summary>
    /// Every gradient of the reference against central differences of L = Σ G ⊙ y computed by <see cref="AttentionInDouble"/>
    /// in double: D(h) = (L(x + h) − L(x − h))/2h with h = 1e-4·max(1, |x|). Allowed: the fixture's one-sided
    /// float32 tolerance of that gradient (the reference's own error), plus the difference error: truncation, estimated
    /// by |D(h) − D(h/2)| (Richardson: D(h/2) errs by about a third of it), and rounding, 64·ε₆₄·Σ|G ⊙ y|/(h/2).
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(JsonElement c)
    {
        var f = Fixture.From(c);
        var leaves = Leaves.Of(f);
        var (q, k, v, inW, inB, outW, outB) = leaves;
        var y = leaves.Forward(f).Output;
        var named = new List<(string Fixture, string[] Parts, Tensor Leaf)>
        {
            ("query", ["query"], q), ("key", ["key"], k), ("value", ["value"], v),
            ("in_proj_weight", ["query_weight", "key_weight", "value_weight"], inW), ("out_proj_weight", ["output_weight"], outW),
        };
        if (inB is not null) named.Add(("in_proj_bias", ["query_bias", "key_bias", "value_bias"], inB));
        if (outB is not null) named.Add(("out_proj_bias", ["output_bias"], outB));
        var grads = autograd.grad([(y * f.OutputGradient).sum()], named.Select(n => n.Leaf).ToArray());

        var inputs = f.InDouble();
        var g = f.OutputGradient.ToDoubleArray();
        double Loss(AttentionInDouble.AttentionInputs x) => AttentionInDouble.Evaluate(x).Output.Select((yi, i) => yi * g[i]).Sum();
        var magnitude = AttentionInDouble.Evaluate(inputs).Output.Select((yi, i) => Math.Abs(yi * g[i])).Sum();

        var failures = new List<string>();
        double worst = 0;
        int checkedElements = 0;
        for (int n = 0; n < named.Count; n++)
        {
            var analytic = grads[n]!.ToDoubleArray();
            var quantity = f.Grad(named[n].Fixture);
            var parts = named[n].Parts;
            int partLength = analytic.Length / parts.Length;
            for (int idx = 0; idx < analytic.Length; idx++)
            {
                var part = parts[idx / partLength];
                int at = idx % partLength;
                var values = inputs.Get(part)!;
                double x0 = values[at];
                double D(double h)
                {
                    var plus = (double[])values.Clone();
                    var minus = (double[])values.Clone();
                    plus[at] = x0 + h;
                    minus[at] = x0 - h;
                    return (Loss(inputs.With(part, plus)) - Loss(inputs.With(part, minus))) / (2 * h);
                }
                double step = 1e-4 * Math.Max(1, Math.Abs(x0));
                double d1 = D(step), d2 = D(step / 2);
                double tol = quantity.OneSided(idx) + Math.Abs(d1 - d2) + 64 * 2.220446049250313e-16 * magnitude / (step / 2);
                double err = Math.Abs(analytic[idx] - d2);
                worst = Math.Max(worst, err / tol);
                checkedElements++;
                if (!(err <= tol)) failures.Add($"d/d {named[n].Fixture}[{idx}]: reference {analytic[idx]:G9}, finite difference {d2:G9}, |diff| {err:G3} > {tol:G3}");
            }
        }
        TestContext.Out.WriteLine($"{f.Name}: {checkedElements} gradient elements, max |diff|/tolerance {worst:G3}");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    /// <summary>
    /// <see cref="AttentionInDouble"/> (loops in double) gives PyTorch's float64 values: an independent route, so its
    /// running-error bounds can stand in for the fixture's where there is no fixture (the property tests). Allowed:
    /// 1e-12·(|q| + scale), float64 rounding with room to spare.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void DoubleRouteMatchesTorchFloat64(JsonElement c)
    {
        var f = Fixture.From(c);
        var result = AttentionInDouble.Evaluate(f.InDouble());
        foreach (var (name, values) in new[] { ("output", result.Output), ("weights", result.Weights) })
        {
            var q = f.Quantity(name);
            for (int i = 0; i < values.Length; i++)
                Assert.That(Math.Abs(values[i] - q.Expected[i]), Is.LessThanOrEqualTo(1e-12 * (Math.Abs(q.Expected[i]) + q.Scale[i])), $"{name}[{i}]");
        }
    }

    /// <summary>
    /// The reference's and PyTorch's float32 results both lie within <see cref="AttentionInDouble"/>'s running-error
    /// bound of the double values (the bound is a first-order worst case; the figures show how much room it leaves).
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void Float32ResultsLieWithinTheRunningErrorBound(JsonElement c)
    {
        var f = Fixture.From(c);
        var exact = AttentionInDouble.Evaluate(f.InDouble());
        var ours = MultiHeadAttention.FromPacked(f.Heads, f.InProjWeight, f.InProjBias, f.OutProjWeight, f.OutProjBias)
            .Forward(f.Query, f.Key, f.Value, f.KeyPaddingMask, f.Causal);
        foreach (var (name, values, bounds, reference) in new[]
                 {
                     ("output", exact.Output, exact.OutputBound, ours.Output), ("weights", exact.Weights, exact.WeightsBound, ours.Weights),
                 })
        {
            var torch32 = f.Quantity(name).Torch;
            var mine = reference.ToDoubleArray();
            double worstOurs = 0, worstTorch = 0;
            for (int i = 0; i < values.Length; i++)
            {
                var bound = bounds[i] + 1e-300;
                worstOurs = Math.Max(worstOurs, Math.Abs(mine[i] - values[i]) / bound);
                worstTorch = Math.Max(worstTorch, Math.Abs(torch32[i] - values[i]) / bound);
            }
            TestContext.Out.WriteLine($"{f.Name} {name}: max |float32 − double|/bound: reference {worstOurs:G3}, PyTorch {worstTorch:G3}; widest bound {bounds.Max():G3} against max |q| {values.Max(Math.Abs):G3}");
            Assert.That(worstOurs, Is.LessThanOrEqualTo(1), $"{name}: the reference");
            Assert.That(worstTorch, Is.LessThanOrEqualTo(1), $"{name}: PyTorch");
        }
    }

    private static void Finish(StringBuilder report, List<string> failures)
    {
        TestContext.Out.Write(report.ToString());
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    /// <summary>One fixture case.</summary>
    /// <summary>A fixture's inputs and packed weights as fresh leaves that record gradients (null biases stay null).</summary>
    private sealed record Leaves(Tensor Query, Tensor Key, Tensor Value, Tensor InW, Tensor? InB, Tensor OutW, Tensor? OutB)
    {
        public static Leaves Of(Fixture f)
        {
            static Tensor Leaf(Tensor t) => t.detach().clone().requires_grad_();
            return new Leaves(Leaf(f.Query), Leaf(f.Key), Leaf(f.Value), Leaf(f.InProjWeight), f.InProjBias is null ? null : Leaf(f.InProjBias),
                Leaf(f.OutProjWeight), f.OutProjBias is null ? null : Leaf(f.OutProjBias));
        }

        /// <summary>The layer of these weights on these inputs, with the fixture's heads, padding mask and causality.</summary>
        public AttentionResult Forward(Fixture f) =>
            MultiHeadAttention.FromPacked(f.Heads, InW, InB, OutW, OutB).Forward(Query, Key, Value, f.KeyPaddingMask, f.Causal);
    }

    internal sealed record Fixture(
        string Name, int Heads, bool Causal, JsonElement Json,
        Tensor Query, Tensor Key, Tensor Value, Tensor InProjWeight, Tensor? InProjBias, Tensor OutProjWeight, Tensor? OutProjBias,
        Tensor? KeyPaddingMask, int[]? AttentionMask, Tensor OutputGradient)
    {
        public static Fixture From(JsonElement c)
        {
            var i = c.GetProperty("inputs");
            var padding = i.GetProperty("key_padding_mask");
            var attn = i.GetProperty("attn_mask");
            return new Fixture(
                c.GetProperty("name").GetString()!, c.GetProperty("heads").GetInt32(), c.GetProperty("causal").GetBoolean(), c,
                TorchFixtures.TensorOf(i.GetProperty("query")), TorchFixtures.TensorOf(i.GetProperty("key")), TorchFixtures.TensorOf(i.GetProperty("value")),
                TorchFixtures.TensorOf(i.GetProperty("in_proj_weight")), TorchFixtures.TensorOrNull(i.GetProperty("in_proj_bias")),
                TorchFixtures.TensorOf(i.GetProperty("out_proj_weight")), TorchFixtures.TensorOrNull(i.GetProperty("out_proj_bias")),
                padding.ValueKind == JsonValueKind.Null ? null : tensor(TorchFixtures.Ints(padding).Select(v => (float)v).ToArray(), TorchFixtures.Shape(padding)),
                attn.ValueKind == JsonValueKind.Null ? null : TorchFixtures.Ints(attn),
                TorchFixtures.TensorOf(i.GetProperty("output_gradient")));
        }

        public TorchQuantity Quantity(string name) => TorchQuantity.Read(Json.GetProperty(name));

        public TorchQuantity Grad(string name) => TorchQuantity.Read(Json.GetProperty("grads").GetProperty(name));

        /// <summary>The same inputs for <see cref="AttentionInDouble"/>.</summary>
        public AttentionInDouble.AttentionInputs InDouble()
        {
            int b = Query.size(0), l = Query.size(1), s = Key.size(1), e = Query.size(2);
            var w = InProjWeight.ToDoubleArray();
            var bias = InProjBias?.ToDoubleArray();
            bool[,]? padding = null;
            if (KeyPaddingMask is not null)
            {
                padding = new bool[b, s];
                var m = KeyPaddingMask.ToArray();
                for (int i = 0; i < m.Length; i++) padding[i / s, i % s] = m[i] == 1f;
            }
            return new AttentionInDouble.AttentionInputs(Heads, b, l, s, e,
                Query.ToDoubleArray(), Key.ToDoubleArray(), Value.ToDoubleArray(),
                w[..(e * e)], w[(e * e)..(2 * e * e)], w[(2 * e * e)..], OutProjWeight.ToDoubleArray(),
                bias?[..e], bias?[e..(2 * e)], bias?[(2 * e)..], OutProjBias?.ToDoubleArray(),
                padding, Causal);
        }
    }
}
