using Grader.Checks.Hidden.Attention;
using Grader.Reference.Attention;

namespace Grader.Reference.Tests.Attention;

/// <summary>
/// The laws of multi-head attention, on random layers and inputs (FsCheck: batch 1–2, 1–6 queries and keys, 1, 2 or 4
/// heads of size 1–3, with or without biases, random key padding that leaves key 0 open, causal or not). Two results that
/// the law says are equal may differ by the rounding of each: the tolerance is the sum of their
/// <see cref="AttentionInDouble"/> running-error bounds, element by element. Masked weights must be exactly 0
/// (exp(−∞) = 0 is exact).
/// </summary>
public sealed class MultiHeadAttentionPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true);

    /// <summary>A random layer and input; <see cref="Padding"/>[b, j] marks padded keys (never key 0).</summary>
    public sealed record Case(int Seed, int B, int L, int S, int Heads, int HeadDim, bool Bias, bool Causal, bool[,] Padding)
    {
        public int E => Heads * HeadDim;

        public override string ToString() => $"seed {Seed}, B {B}, L {L}, S {S}, H {Heads}, d {HeadDim}, bias {Bias}, causal {Causal}";

        public Tensor PaddingMask() => tensor(Enumerable.Range(0, B * S).Select(i => Padding[i / S, i % S] ? 1f : 0f).ToArray(), B, S);
    }

    /// <summary>The layer and the input tensors of a case, drawn from its seed.</summary>
    internal sealed record Instance(Case Case, MultiHeadAttention Layer, Tensor Query, Tensor Key, Tensor Value)
    {
        public static Instance Draw(Case c)
        {
            var g = new Generator(c.Seed);
            int e = c.E;
            var scale = (float)(1 / Math.Sqrt(e));
            Tensor W() => randn([e, e], g) * scale;
            Tensor? B() => c.Bias ? randn([e], g) * 0.5f : null;
            var layer = new MultiHeadAttention(c.Heads, W(), W(), W(), W(), B(), B(), B(), B());
            return new Instance(c, layer, randn([c.B, c.L, e], g), randn([c.B, c.S, e], g), randn([c.B, c.S, e], g));
        }

        public AttentionResult Run() => Layer.Forward(Query, Key, Value, Case.PaddingMask(), Case.Causal);

        public AttentionResult Run(Tensor query, Tensor key, Tensor value, Tensor padding, MultiHeadAttention? layer = null) =>
            (layer ?? Layer).Forward(query, key, value, padding, Case.Causal);

        public AttentionInDouble.ExactAttention Exact(Tensor query, Tensor key, Tensor value, bool[,] padding, MultiHeadAttention? layer = null)
        {
            var l = layer ?? Layer;
            double[]? D(Tensor? t) => t?.ToDoubleArray();
            return AttentionInDouble.Evaluate(new AttentionInDouble.AttentionInputs(Case.Heads, Case.B, Case.L, Case.S, Case.E,
                query.ToDoubleArray(), key.ToDoubleArray(), value.ToDoubleArray(),
                l.QueryWeight.ToDoubleArray(), l.KeyWeight.ToDoubleArray(), l.ValueWeight.ToDoubleArray(), l.OutputWeight.ToDoubleArray(),
                D(l.QueryBias), D(l.KeyBias), D(l.ValueBias), D(l.OutputBias), padding, Case.Causal));
        }

        public AttentionInDouble.ExactAttention Exact() => Exact(Query, Key, Value, Case.Padding);
    }

    private static Gen<Case> Cases(bool? causal = null, int minKeys = 1, int openKeys = 1) =>
        from seed in Gen.Choose(1, int.MaxValue)
        from b in Gen.Choose(1, 2)
        from l in Gen.Choose(1, 6)
        from s in Gen.Choose(minKeys, 6)
        from heads in Gen.Elements(1, 2, 4)
        from d in Gen.Choose(1, 3)
        from bias in Gen.Elements(true, false)
        from isCausal in causal is bool fixedCausal ? Gen.Constant(fixedCausal) : Gen.Elements(true, false)
        from padded in Gen.Elements(true, false).ArrayOf(b * s)
        select new Case(seed, b, l, s, heads, d, bias, isCausal, Padding(padded, b, s, openKeys));

    /// <summary>The drawn padding, except that keys 0 … openKeys − 1 stay open (so every query keeps a key).</summary>
    private static bool[,] Padding(bool[] padded, int b, int s, int openKeys)
    {
        var p = new bool[b, s];
        for (int i = 0; i < b * s; i++) p[i / s, i % s] = i % s >= openKeys && padded[i];
        return p;
    }

    private static bool Masked(Case c, int b, int i, int j) => c.Padding[b, j] || (c.Causal && j > i);

    [Test]
    public void The_reference_lies_within_the_running_error_bound_of_the_double_route() =>
        Check.One(Quick, Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var r = x.Run();
            var exact = x.Exact();
            AssertWithin(r.Output.ToDoubleArray(), exact.Output, exact.OutputBound, "output");
            AssertWithin(r.Weights.ToDoubleArray(), exact.Weights, exact.WeightsBound, "weights");
        }));

    [Test]
    public void Each_row_of_the_attention_weights_sums_to_1_and_masked_keys_get_weight_0() =>
        Check.One(Quick, Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var w = x.Run().Weights.ToDoubleArray();
            var bound = x.Exact().WeightsBound;
            for (int b = 0; b < c.B; b++)
                for (int h = 0; h < c.Heads; h++)
                    for (int i = 0; i < c.L; i++)
                    {
                        int row = ((b * c.Heads + h) * c.L + i) * c.S;
                        double sum = 0, tol = 0;
                        for (int j = 0; j < c.S; j++)
                        {
                            if (Masked(c, b, i, j)) Assert.That(w[row + j], Is.EqualTo(0.0), $"{c}: weight of masked key [{b}, {h}, {i}, {j}]");
                            else Assert.That(w[row + j], Is.GreaterThanOrEqualTo(0.0));
                            sum += w[row + j];
                            tol += bound[row + j];
                        }
                        Assert.That(Math.Abs(sum - 1), Is.LessThanOrEqualTo(tol), $"{c}: row [{b}, {h}, {i}]");
                    }
        }));

    [Test]
    public void Permuting_the_queries_permutes_the_output_and_the_rows_of_the_weights() =>
        Check.One(Quick, Prop.ForAll(Cases(causal: false).ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var perm = new Generator(c.Seed ^ 0x5bd1e995).Permutation(c.L);
            var query = x.Query.index_select(1, perm);
            var permuted = x.Run(query, x.Key, x.Value, c.PaddingMask());
            var original = x.Run();
            var e1 = x.Exact();
            var e2 = x.Exact(query, x.Key, x.Value, c.Padding);
            int[] OutputIndex(int flat) { int f = flat % c.E, i = flat / c.E % c.L, b = flat / (c.E * c.L); return [b, perm[i], f]; }
            int[] WeightIndex(int flat) { int j = flat % c.S, i = flat / c.S % c.L, h = flat / (c.S * c.L) % c.Heads, b = flat / (c.S * c.L * c.Heads); return [b, h, perm[i], j]; }
            AssertRelated(permuted.Output, e2.OutputBound, original.Output, e1.OutputBound, OutputIndex, $"{c}: output");
            AssertRelated(permuted.Weights, e2.WeightsBound, original.Weights, e1.WeightsBound, WeightIndex, $"{c}: weights");
        }));

    [Test]
    public void Permuting_key_value_pairs_together_changes_the_output_by_rounding_only() =>
        Check.One(Quick, Prop.ForAll(Cases(causal: false).ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var perm = new Generator(c.Seed ^ 0x1b873593).Permutation(c.S);
            var padding = new bool[c.B, c.S];
            for (int b = 0; b < c.B; b++)
                for (int j = 0; j < c.S; j++) padding[b, j] = c.Padding[b, perm[j]];
            var permutedCase = c with { Padding = padding };
            var key = x.Key.index_select(1, perm);
            var value = x.Value.index_select(1, perm);
            var permuted = x.Run(x.Query, key, value, permutedCase.PaddingMask());
            var original = x.Run();
            var e1 = x.Exact();
            var e2 = x.Exact(x.Query, key, value, padding);
            int[] OutputIndex(int flat) { int f = flat % c.E, i = flat / c.E % c.L, b = flat / (c.E * c.L); return [b, i, f]; }
            int[] WeightIndex(int flat) { int j = flat % c.S, i = flat / c.S % c.L, h = flat / (c.S * c.L) % c.Heads, b = flat / (c.S * c.L * c.Heads); return [b, h, i, perm[j]]; }
            AssertRelated(permuted.Output, e2.OutputBound, original.Output, e1.OutputBound, OutputIndex, $"{c}: output");
            AssertRelated(permuted.Weights, e2.WeightsBound, original.Weights, e1.WeightsBound, WeightIndex, $"{c}: weights");
        }));

    [Test]
    public void Changing_masked_keys_and_values_changes_nothing() =>
        Check.One(Quick, Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var g = new Generator(c.Seed ^ 0x2545f491);
            // A key j that every query of batch element b must ignore: padded (causal masks depend on the query).
            var keep = tensor(Enumerable.Range(0, c.B * c.S).Select(i => c.Padding[i / c.S, i % c.S] ? 0f : 1f).ToArray(), c.B, c.S, 1);
            var key = x.Key * keep + randn([c.B, c.S, c.E], g) * 10f * (1f - keep);
            var value = x.Value * keep + randn([c.B, c.S, c.E], g) * 10f * (1f - keep);
            var changed = x.Run(x.Query, key, value, c.PaddingMask());
            var original = x.Run();
            var e1 = x.Exact();
            var e2 = x.Exact(x.Query, key, value, c.Padding);
            int[] OutputIndex(int flat) { int f = flat % c.E, i = flat / c.E % c.L, b = flat / (c.E * c.L); return [b, i, f]; }
            int[] WeightIndex(int flat) { int j = flat % c.S, i = flat / c.S % c.L, h = flat / (c.S * c.L) % c.Heads, b = flat / (c.S * c.L * c.Heads); return [b, h, i, j]; }
            AssertRelated(changed.Output, e2.OutputBound, original.Output, e1.OutputBound, OutputIndex, $"{c}: output");
            AssertRelated(changed.Weights, e2.WeightsBound, original.Weights, e1.WeightsBound, WeightIndex, $"{c}: weights");
        }));

    /// <summary>
    /// With W_o = I and b_o = 0 the output is the concatenation of the heads. Perturbing head h's slice of the query
    /// weights (rows h·d … (h+1)·d − 1 of W_q) leaves every other head's weights and output features unchanged (up to
    /// rounding), and changes head h's weights (in some row with two or more open keys) by more than rounding.
    /// </summary>
    [Test]
    public void Heads_are_independent() =>
        Check.One(Quick, Prop.ForAll(Cases(causal: false, minKeys: 2, openKeys: 2).ToArbitrary(), c =>
        {
            var x = Instance.Draw(c);
            var g = new Generator(c.Seed ^ 0x68e31da4);
            int head = (int)g.NextInt(0, c.Heads), d = c.HeadDim, e = c.E;
            var l = x.Layer;
            var identity = new MultiHeadAttention(c.Heads, l.QueryWeight, l.KeyWeight, l.ValueWeight, eye(e), l.QueryBias, l.KeyBias, l.ValueBias, null);
            var rows = tensor(Enumerable.Range(0, e).Select(r => r / d == head ? 1f : 0f).ToArray(), e, 1);
            var perturbedQuery = l.QueryWeight + randn([e, e], g) * rows;
            var perturbed = new MultiHeadAttention(c.Heads, perturbedQuery, l.KeyWeight, l.ValueWeight, eye(e), l.QueryBias, l.KeyBias, l.ValueBias, null);
            var r1 = x.Run(x.Query, x.Key, x.Value, c.PaddingMask(), identity);
            var r2 = x.Run(x.Query, x.Key, x.Value, c.PaddingMask(), perturbed);
            var e1 = x.Exact(x.Query, x.Key, x.Value, c.Padding, identity);
            var e2 = x.Exact(x.Query, x.Key, x.Value, c.Padding, perturbed);

            var y1 = r1.Output.ToDoubleArray();
            var y2 = r2.Output.ToDoubleArray();
            for (int i = 0; i < y1.Length; i++)
                if ((i % e) / d != head)
                    Assert.That(Math.Abs(y1[i] - y2[i]), Is.LessThanOrEqualTo(e1.OutputBound[i] + e2.OutputBound[i]), $"{c}: output feature {i % e} of head {(i % e) / d} moved when head {head} changed");
            var w1 = r1.Weights.ToDoubleArray();
            var w2 = r2.Weights.ToDoubleArray();
            double moved = 0;
            for (int i = 0; i < w1.Length; i++)
            {
                int h = i / (c.S * c.L) % c.Heads;
                var diff = Math.Abs(w1[i] - w2[i]);
                var tol = e1.WeightsBound[i] + e2.WeightsBound[i];
                if (h != head) Assert.That(diff, Is.LessThanOrEqualTo(tol), $"{c}: a weight of head {h} moved when head {head} changed");
                else moved = Math.Max(moved, diff - tol);
            }
            Assert.That(moved, Is.GreaterThan(0), $"{c}: perturbing head {head}'s query weights did not change its attention weights");
        }));

    [Test]
    public void Bad_inputs_are_refused_with_one_clear_message()
    {
        var g = new Generator(3);
        var w = randn([4, 4], g);
        Assert.That(() => new MultiHeadAttention(3, w, w, w, w), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("must divide E = 4"));
        Assert.That(() => new MultiHeadAttention(2, w, w, randn([4, 3], g), w), Throws.ArgumentException.With.Message.Contains("W_v must be [E, E]"));
        Assert.That(() => new MultiHeadAttention(2, w, w, w, w, randn([3], g)), Throws.ArgumentException.With.Message.Contains("b_q must be [E]"));
        var layer = new MultiHeadAttention(2, w, w, w, w);
        var x = randn([2, 3, 4], g);
        Assert.That(() => layer.Forward(randn([2, 3, 5], g), x, x), Throws.ArgumentException.With.Message.Contains("query must be [B, T, E = 4]"));
        Assert.That(() => layer.Forward(x, randn([1, 3, 4], g), x), Throws.ArgumentException.With.Message.Contains("must share B"));
        Assert.That(() => layer.Forward(x, x, x, zeros(2, 2)), Throws.ArgumentException.With.Message.Contains("key padding mask must be [B = 2, S = 3]"));
        Assert.That(() => layer.Forward(x, x, x, full([2, 3], 0.5f)), Throws.ArgumentException.With.Message.Contains("must be 0 (attend) or 1 (padding)"));
        var allPadded = tensor([0f, 0f, 0f, 1f, 1f, 1f], 2, 3);
        Assert.That(() => layer.Forward(x, x, x, allPadded), Throws.ArgumentException.With.Message.Contains("Query 0 of batch element 1 may attend to no key"));
        var firstPadded = tensor([1f, 0f, 0f, 0f, 0f, 0f], 2, 3);
        Assert.That(() => layer.Forward(x, x, x, firstPadded, causal: true), Throws.ArgumentException.With.Message.Contains("Query 0 of batch element 0 may attend to no key (causal mask and key padding mask)"));
    }

    private static void AssertWithin(double[] actual, double[] exact, double[] bound, string what)
    {
        for (int i = 0; i < actual.Length; i++)
            Assert.That(Math.Abs(actual[i] - exact[i]), Is.LessThanOrEqualTo(bound[i]), $"{what}[{i}]: float32 {actual[i]:R}, double {exact[i]:R}");
    }

    /// <summary>a[i] ≈ b[index(i)] within the two results' bounds.</summary>
    private static void AssertRelated(Tensor a, double[] boundA, Tensor b, double[] boundB, Func<int, int[]> index, string what)
    {
        var av = a.ToDoubleArray();
        var shape = b.shape;
        var bv = b.ToDoubleArray();
        for (int i = 0; i < av.Length; i++)
        {
            var at = index(i);
            int flat = 0;
            for (int k = 0; k < at.Length; k++) flat = flat * shape[k] + at[k];
            Assert.That(Math.Abs(av[i] - bv[flat]), Is.LessThanOrEqualTo(boundA[i] + boundB[flat]), $"{what}[{i}] against [{string.Join(", ", at)}]");
        }
    }
}
