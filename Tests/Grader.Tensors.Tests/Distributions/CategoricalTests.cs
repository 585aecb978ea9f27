using System.Globalization;
using static Grader.Tensors.Tests.Distributions.DistributionCheck;

using Grader.Tensors.Distributions;

namespace Grader.Tensors.Tests.Distributions;

/// <summary>Categorical (Distributions/Categorical.cs): both parametrisations against double, sampling frequencies, validation, gradients.</summary>
public class CategoricalTests
{
    private static Gen<(int Rows, int K, float[] Values)> Rows(double lo, double hi) =>
        from rows in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 5)
        from v in TensorGen.Uniform(lo, hi).ArrayOf(rows * k)
        select (rows, k, v);

    /// <summary>log p_k = x_k − logsumexp(x) from logits, log(p_k/Σp) from probs, and the entropy −Σ p log p, in double (tolerance as DistributionCheck).</summary>
    [Test]
    public void Log_prob_and_entropy_match_double_for_both_parametrisations() =>
        PropertyCheck.ForAll(Rows(0.05, 3), c =>
        {
            var fromLogits = distributions.Categorical(logits: tensor(c.Values, c.Rows, c.K));
            var fromProbs = distributions.Categorical(probs: tensor(c.Values, c.Rows, c.K));
            Assert.That(fromLogits.batch_shape, Is.EqualTo(new[] { c.Rows }));
            for (int k = 0; k < c.K; k++)
            {
                var value = full([c.Rows], k);
                var lpLogits = fromLogits.log_prob(value).ToArray();
                var lpProbs = fromProbs.log_prob(value).ToArray();
                for (int r = 0; r < c.Rows; r++)
                {
                    var row = c.Values.Skip(r * c.K).Take(c.K).Select(v => (double)v).ToArray();
                    double m = row.Max(), lse = m + Math.Log(row.Sum(v => Math.Exp(v - m))), sum = row.Sum();
                    AssertAgrees($"log_prob({k}) from logits", lpLogits[r], row[k] - lse, (c.K + 1) * (Math.Abs(row[k]) + Math.Abs(lse)));
                    AssertAgrees($"log_prob({k}) from probs", lpProbs[r], Math.Log(row[k] / sum), 1 + c.K);
                }
            }
            var entropy = fromProbs.entropy().ToArray();
            for (int r = 0; r < c.Rows; r++)
            {
                var row = c.Values.Skip(r * c.K).Take(c.K).Select(v => (double)v).ToArray();
                double sum = row.Sum(), h = -row.Sum(v => v / sum * Math.Log(v / sum));
                AssertAgrees("entropy", entropy[r], h, (c.K + 1) * row.Sum(v => Math.Abs(v / sum * Math.Log(v / sum))) + c.K);
            }
        });

    /// <summary>
    /// 20000 draws from p = (0.1, 0.2, 0, 0.3, 0.4): each frequency is within t = 0.0199 of its p (Hoeffding per class,
    /// union over 5 classes: 10e^{−2nt²} = 10⁻⁶ false-fail rate). A class of probability 0 is never drawn. Power: a
    /// sampler off by one class moves some frequency by ≥ 0.1, missed with probability below 10e^{−2n(0.08)²} ≈ 10⁻¹¹⁰.
    /// </summary>
    [Test]
    public void Sample_frequencies_match_the_probabilities()
    {
        var p = new[] { 0.1f, 0.2f, 0f, 0.3f, 0.4f };
        var d = distributions.Categorical(probs: stack([tensor(p), tensor(p.Reverse().ToArray())]));
        var draws = d.sample(new Generator(7), 20000);
        Assert.That(draws.shape, Is.EqualTo(new[] { 20000, 2 }));
        var v = draws.ToArray();
        double t = Math.Sqrt(Math.Log(10 / 1e-6) / (2 * 20000));
        for (int row = 0; row < 2; row++)
            for (int k = 0; k < 5; k++)
            {
                double freq = v.Where((_, i) => i % 2 == row).Count(x => x == k) / 20000.0;
                double pk = row == 0 ? p[k] : p[4 - k];
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row {row} class {k}: frequency {freq:F4}, p {pk}"));
                if (pk == 0) Assert.That(freq, Is.EqualTo(0), "a class of probability 0 is never drawn");
                else Assert.That(Math.Abs(freq - pk), Is.LessThan(t), $"row {row}, class {k}");
            }
        Assert.That(distributions.Categorical(logits: tensor([0f, 1f])).sample(new Generator(1)).shape, Is.Empty);
    }

    [Test]
    public void Values_and_parameters_outside_the_support_are_refused_and_undefined_moments_are_nan()
    {
        var d = distributions.Categorical(logits: tensor([0f, 1f, 2f]));
        Assert.That(Assert.Throws<ArgumentException>(() => d.log_prob(tensor([1f, 3f])))!.Message,
            Is.EqualTo("Categorical.log_prob: the value must be a class index in 0..2; it holds 3 at position 1"));
        Assert.Throws<ArgumentException>(() => d.log_prob(tensor([0.5f])));
        Assert.Throws<ArgumentException>(() => d.log_prob(tensor([-1f])));
        Assert.That(Assert.Throws<ArgumentException>(() => distributions.Categorical(probs: tensor([0.5f, -0.1f])))!.Message, Does.StartWith("Categorical: probs must be finite and non-negative"));
        Assert.Throws<ArgumentException>(() => distributions.Categorical(probs: zeros(2, 3)), "a row that sums to 0");
        Assert.Throws<ArgumentException>(() => distributions.Categorical(logits: tensor([float.NaN, 0f])));
        Assert.Throws<ArgumentException>(() => distributions.Categorical(logits: full([3], float.NegativeInfinity)));
        Assert.Throws<ArgumentException>(() => distributions.Categorical(), "neither parameter");
        Assert.Throws<ArgumentException>(() => distributions.Categorical(ones(2), ones(2)), "both parameters");
        Assert.Throws<ArgumentException>(() => distributions.Categorical(probs: scalar(1f)), "a 0-d parameter has no classes");
        Assert.That(d.mean.item(), Is.NaN);
        Assert.That(d.variance.item(), Is.NaN);
        Assert.That(d.has_rsample, Is.False);
        Assert.That(Assert.Throws<NotSupportedException>(() => d.cdf(zeros(1)))!.Message, Does.StartWith("Categorical.cdf is not defined"));
        Assert.That(Assert.Throws<NotSupportedException>(() => d.rsample(new Generator(1)))!.Message, Does.StartWith("Categorical.rsample is not defined"));
        Assert.Throws<NotSupportedException>(() => d.icdf(zeros(1)));
        // PyTorch's logits from probs: log of probs clamped to [ε, 1 − ε], so a zero class has log_prob log ε, not −∞.
        Assert.That(distributions.Categorical(probs: tensor([0f, 1f])).log_prob(scalar(0f)).item(), Is.EqualTo(MathF.Log(1.1920929e-7f)));
    }

    [Test]
    public void Gradients_match_finite_differences() =>
        PropertyCheck.ForAll(Rows(0.2, 2), c =>
        {
            var value = tensor(Enumerable.Range(0, c.Rows).Select(r => (float)(r % c.K)).ToArray());
            GradCheck.Assert(x => distributions.Categorical(logits: x[0]).log_prob(value) + distributions.Categorical(logits: x[0]).entropy(), tensor(c.Values, c.Rows, c.K));
            GradCheck.Assert(x => distributions.Categorical(probs: x[0]).log_prob(value) + distributions.Categorical(probs: x[0]).entropy(), tensor(c.Values, c.Rows, c.K));
            GradCheck.AssertSecondOrder(x => distributions.Categorical(logits: x[0]).log_prob(value), tensor(c.Values, c.Rows, c.K));
        }, cases: 10);
}
