using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

/// <summary>The Heidelberg time embedding (seed-origins §1): dim 128, ωₖ = exp(−k·ln(10000)/63), [sin(tω), cos(tω)].</summary>
public class SinusoidalEmbeddingTests
{
    // Tolerance, derived: ωₖ is float32 with relative error ≤ (k·c + 1)·2ε₃₂ (c = ln(10000)/63 rounded, then exp),
    // so the angle t·ωₖ errs by ≤ t·ωₖ·(k·c + 1)·2ε₃₂ ≤ t·2ε₃₂ (e^{−x}(x + 1) ≤ 1), plus half an ulp of t·ωₖ
    // (≤ 7.7e-6 for t ≤ 249) and an ulp of sin/cos. At t = 249 that is ≤ 6.7e-5; at t ≤ 1 about 3e-7.
    private static float Tolerance(float t) => t <= 1 ? 5e-7f : 1e-4f;

    // Hand-computed in double: ω₁ = e^{−ln(10⁴)/63} = 0.8639884494839686, ω₁₀ = 0.23178181806008916, ω₆₃ = 1e-4.
    [TestCase(1f, 0, 0.8414709848078965, 0.5403023058681398)]
    [TestCase(1f, 1, 0.7604387421101088, 0.649409670006534)]
    [TestCase(1f, 10, 0.2297120570842551, 0.9732586351171614)]
    [TestCase(1f, 63, 9.999999983333325e-05, 0.999999995)]
    [TestCase(249f, 0, -0.727163193443649, -0.68646463135462)]
    [TestCase(249f, 1, 0.9978245807708552, 0.06592500291594211)]
    [TestCase(249f, 10, 0.9187902851192961, 0.3947460094420241)]
    [TestCase(249f, 63, 0.024897427038264374, 0.9996900110168523)]
    public void Matches_hand_computed_values(float t, int k, double sin, double cos)
    {
        var e = nn.SinusoidalEmbedding(128).forward(tensor([0f, t]));
        e.shape.Should().Equal(2, 128);
        e[1, k].Should().BeApproximately((float)sin, Tolerance(t), "the sin half comes first");
        e[1, 64 + k].Should().BeApproximately((float)cos, Tolerance(t), "the cos half follows");
    }

    [Test]
    public void At_t_zero_sin_half_is_zero_and_cos_half_is_one()
    {
        var e = nn.SinusoidalEmbedding(128).forward(tensor([0f])).ToArray();
        e.Take(64).Should().AllBeEquivalentTo(0f);
        e.Skip(64).Should().AllBeEquivalentTo(1f);
    }

    [Test]
    public void Every_entry_matches_the_double_formula()
    {
        float[] ts = [0f, 1f, 2f, 17f, 100f, 249f];
        var e = nn.functional.sinusoidal_embedding(tensor(ts, ts.Length, 1), 128);
        e.shape.Should().Equal(ts.Length, 128);
        for (int n = 0; n < ts.Length; n++)
            for (int k = 0; k < 64; k++)
            {
                double w = Math.Exp(-k * Math.Log(10000) / 63);
                e[n, k].Should().BeApproximately((float)Math.Sin(ts[n] * w), Tolerance(ts[n]));
                e[n, 64 + k].Should().BeApproximately((float)Math.Cos(ts[n] * w), Tolerance(ts[n]));
            }
    }

    /// <summary>One timestep for the whole batch (computed once and repeated) gives, bit for bit, the rows the general path gives.</summary>
    [TestCase(0f)]
    [TestCase(1f)]
    [TestCase(137f)]
    [TestCase(249f)]
    public void One_timestep_for_the_batch_gives_the_rows_of_the_general_path(float t)
    {
        var m = nn.SinusoidalEmbedding(128);
        var shared = m.forward(tensor(Enumerable.Repeat(t, 300).ToArray()));
        var mixed = m.forward(tensor(Enumerable.Repeat(t, 299).Append(t + 1).ToArray()));   // not all equal: the general path
        shared.shape.Should().Equal(300, 128);
        shared.is_contiguous().Should().BeTrue();
        shared.narrow(0, 0, 299).ToArray().Should().Equal(mixed.narrow(0, 0, 299).ToArray());
        shared.narrow(0, 299, 1).ToArray().Should().Equal(mixed.narrow(0, 0, 1).ToArray());
    }

    [Test]
    public void Column_input_gives_the_same_as_a_vector_and_module_has_no_state()
    {
        var m = nn.SinusoidalEmbedding(128);
        m.forward(tensor([3f, 7f], 2, 1)).ToArray().Should().Equal(m.forward(tensor([3f, 7f])).ToArray());
        m.state_dict().Should().BeEmpty();
    }

    [Test]
    public void Rejects_odd_dims_and_other_input_shapes()
    {
        var odd = () => nn.SinusoidalEmbedding(127);
        odd.Should().Throw<ArgumentException>().WithMessage("*127*");
        var shape = () => nn.SinusoidalEmbedding(128).forward(zeros(2, 2));
        shape.Should().Throw<ArgumentException>().WithMessage("*[N] or [N, 1]*[2, 2]*");
    }
}
