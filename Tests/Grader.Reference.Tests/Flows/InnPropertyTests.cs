using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The reference INN (<see cref="Inn"/> of <see cref="AllInOneBlock"/>s) against the test's independent double
/// evaluation (<see cref="DoubleInn"/>), as FsCheck properties over random architectures, block parameters and inputs
/// (<see cref="InnCase"/>), magnitudes included where the clamp saturates and where the shift dwarfs the input.
/// <para>Block by block, at the input the reference actually feeds each block: its output and log-det equal the double
/// values within twice their float32 bounds, and both round trips (y → x → y and x → y → x) return the input within
/// twice the bound of the second direction with the first direction's bound as its input error (the inverse's bound
/// includes undoing a rounded rotation with Wᵀ). Worst-case bounds compound over a chain (through 8 blocks they exceed
/// the values), so the chain is checked by composition instead: the INN's forward and inverse are exactly its blocks'
/// in order and in reverse order. For the whole chain, in double: the analytic log-det equals log|det J| of the
/// Jacobian (forward-mode derivatives, LU) plus log|det W| of the float32 rotations, within LU's rounding.</para>
/// </summary>
public sealed class InnPropertyTests
{
    private const int Samples = 6;

    private static double[] Row(double[] flat, int i, int c) => flat.AsSpan(i * c, c).ToArray();

    /// <summary>Checks every block at every sample; returns (block checks, those whose round-trip bound is below 10⁻³·(1 + |x|)).</summary>
    private static (int Checks, int Tight) CheckCase(InnCase c, Action<string>? log = null)
    {
        int checks = 0, tight = 0;
        var inn = c.Build();
        var blocks = inn.Blocks.Select(DoubleBlock.From).ToArray();
        int C = c.Channels;
        double worst = 0, worstRoundTrip = 0;
        void Within(double seen, double expected, double bound, string what)
        {
            double ratio = Math.Abs(seen - expected) / bound;
            worst = Math.Max(worst, ratio);
            if (!(ratio <= 1)) throw new AssertionException($"{c}: {what}: |{seen:R} − {expected:R}| = {Math.Abs(seen - expected):G3} > bound {bound:G3}");
        }

        // Forward direction, block by block, and x → y → x per block.
        var x = c.Inputs(Samples);
        Tensor u = x, ldSum = torch.zeros(Samples);
        for (int b = 0; b < blocks.Length; b++)
        {
            var block = inn.Blocks[b];
            var (y, ld) = block.forward(u);
            var (back, ldBack) = block.Inverse(y);
            double[] us = u.ToDoubleArray(), ys = y.ToDoubleArray(), lds = ld.ToDoubleArray(), bs = back.ToDoubleArray(), ldbs = ldBack.ToDoubleArray();
            for (int i = 0; i < Samples; i++)
            {
                var ui = Row(us, i, C);
                var f = DoubleInn.Forward([blocks[b]], ui);
                for (int j = 0; j < C; j++) Within(ys[i * C + j], f.Value[j], 2 * f.Error[j], $"block {b} output [{i},{j}]");
                Within(lds[i], f.LogDet, 2 * f.LogDetError, $"block {b} log-det [{i}]");
                var inv = DoubleInn.Inverse([blocks[b]], f.Value, inputError: f.Error);
                for (int j = 0; j < C; j++) Within(bs[i * C + j], ui[j], 2 * inv.Error[j] + 1e-12 * Math.Abs(ui[j]), $"block {b} input [{i},{j}] after forward and inverse");
                Within(ldbs[i], -f.LogDet, 2 * inv.LogDetError + 1e-12 * (1 + Math.Abs(f.LogDet)), $"block {b} inverse log-det [{i}] = −forward log-det");
                checks++;
                if (Enumerable.Range(0, C).All(j => inv.Error[j] <= 1e-3 * (1 + Math.Abs(ui[j])))) tight++;
            }
            u = y;
            ldSum = ldSum + ld;
        }
        var (z, ldChain) = inn.forward(x);
        z.ToArray().Should().Equal(u.ToArray(), "the INN's forward is its blocks in order");
        ldChain.ToArray().Should().Equal(ldSum.ToArray(), "the INN's log-det is the sum of its blocks' in order");

        // Inverse direction, block by block in reverse order, and y → x → y per block.
        var zIn = torch.randn([Samples, C], new Generator(c.Seed + 1));
        Tensor v = zIn, ldInvSum = torch.zeros(Samples);
        for (int b = blocks.Length - 1; b >= 0; b--)
        {
            var block = inn.Blocks[b];
            var (xb, ld) = block.Inverse(v);
            var (again, _) = block.forward(xb);
            double[] vs = v.ToDoubleArray(), xs = xb.ToDoubleArray(), lds = ld.ToDoubleArray(), ag = again.ToDoubleArray();
            for (int i = 0; i < Samples; i++)
            {
                var vi = Row(vs, i, C);
                var g = DoubleInn.Inverse([blocks[b]], vi);
                for (int j = 0; j < C; j++) Within(xs[i * C + j], g.Value[j], 2 * g.Error[j], $"block {b} inverse output [{i},{j}]");
                Within(lds[i], g.LogDet, 2 * g.LogDetError, $"block {b} inverse log-det [{i}]");
                var fwd = DoubleInn.Forward([blocks[b]], g.Value, inputError: g.Error);
                for (int j = 0; j < C; j++) Within(ag[i * C + j], vi[j], 2 * fwd.Error[j] + 1e-12 * Math.Abs(vi[j]), $"block {b} [{i},{j}] after inverse and forward");
            }
            v = xb;
            ldInvSum = ldInvSum + ld;
        }
        var (xOfZ, ldOfZ) = inn.Inverse(zIn);
        xOfZ.ToArray().Should().Equal(v.ToArray(), "the INN's inverse is its blocks' inverses in reverse order");
        ldOfZ.ToArray().Should().Equal(ldInvSum.ToArray());

        // The whole chain in double: analytic log-det against the Jacobian's.
        double logDetW = blocks.Sum(bl => DoubleInn.LogAbsDet(bl.Perm));
        var xs0 = x.ToDoubleArray();
        var xBack = inn.Inverse(z).X.ToDoubleArray();
        for (int i = 0; i < Samples; i++)
        {
            var f = DoubleInn.Forward(blocks, Row(xs0, i, C), u: 0);
            // LU in double: δ log|det J| = tr(J⁻¹δJ) with |δJ| ≲ C·ε·|J| (modest pivot growth at C ≤ 5), and the
            // forward-mode entries carry ε-relative errors of their sums: 10⁻¹²·Σ|J⁻¹|ᵀ∘|J| + 10⁻⁹ covers both.
            double jacobian = DoubleInn.LogAbsDet(f.Jacobian);
            Within(jacobian, f.LogDet + logDetW, 1e-12 * DoubleInn.Sensitivity(f.Jacobian) + 1e-9, $"log|det J| [{i}] against the analytic log-det");
            for (int j = 0; j < C; j++) worstRoundTrip = Math.Max(worstRoundTrip, Math.Abs(xBack[i * C + j] - xs0[i * C + j]) / (1 + Math.Abs(xs0[i * C + j])));
        }
        log?.Invoke($"{c}: largest error / bound {worst:F3}; whole-chain round trip |x̂ − x|/(1 + |x|) ≤ {worstRoundTrip:G3}");
        return (checks, tight);
    }

    [Test]
    public void Random_inns_match_the_double_evaluation_and_invert_both_ways()
    {
        // Where the shift dwarfs the input by more than float32 resolves (weights ×100 on inputs of 10³), float32 cannot
        // invert a block, and the bound says so by being large; at least half of the block checks must be cases where it
        // is tight (below 10⁻³ of the input), so that the property is mostly a sharp one.
        int checks = 0, tight = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), Prop.ForAll(InnCase.Gen().ToArbitrary(), c =>
        {
            var (n, t) = CheckCase(c);
            checks += n;
            tight += t;
        }));
        TestContext.Out.WriteLine($"{tight} of {checks} block checks had a round-trip bound below 1e-3·(1 + |x|)");
        tight.Should().BeGreaterThan(checks / 2);
    }

    [Test]
    public void The_notebook_inn_matches_the_double_evaluation_and_inverts_both_ways()
    {
        foreach (var moved in new[] { false, true })
        {
            var (checks, tight) = CheckCase(new InnCase(3, 8, 512, 2.0, PermutationKind.Soft, 1.0, moved, 1.0, 20231010), TestContext.Out.WriteLine);
            tight.Should().Be(checks);
        }
    }

    [Test]
    public void The_double_evaluation_s_jacobian_agrees_with_central_differences()
    {
        // A check of the test's own tool: forward-mode derivatives against (f(x + h) − f(x − h))/2h in double at points
        // where no ReLU changes state within ±h (the derivative is smooth there), h = 1e-5·(1 + |x|): truncation
        // O(h²·f''') and rounding O(ε·|f|/h) stay below 1e-6 relative here.
        var c = new InnCase(3, 2, 16, 2.0, PermutationKind.Soft, 3.0, true, 1.0, 5);
        var blocks = c.Build().Blocks.Select(DoubleBlock.From).ToArray();
        var x = c.Inputs(10).ToDoubleArray();
        for (int i = 0; i < 10; i++)
        {
            var xi = Row(x, i, 3);
            var f = DoubleInn.Forward(blocks, xi, u: 0);
            for (int k = 0; k < 3; k++)
            {
                double h = 1e-5 * (1 + Math.Abs(xi[k]));
                var plus = (double[])xi.Clone(); plus[k] += h;
                var minus = (double[])xi.Clone(); minus[k] -= h;
                var fp = DoubleInn.Forward(blocks, plus, u: 0).Value;
                var fm = DoubleInn.Forward(blocks, minus, u: 0).Value;
                for (int j = 0; j < 3; j++)
                    ((fp[j] - fm[j]) / (2 * h)).Should().BeApproximately(f.Jacobian[j, k], 1e-6 * (1 + Math.Abs(f.Jacobian[j, k])), $"sample {i}, ∂z{j}/∂x{k}");
            }
        }
    }

    [Test]
    public void The_soft_clamp_bounds_the_log_scale_whatever_the_subnet_outputs()
    {
        var a = tensor(new float[] { -1e30f, -1e6f, -50, -2, -1e-3f, 0, 1e-3f, 2, 50, 1e6f, 1e30f }, 11);
        foreach (var clamp in new[] { 0.5, 2.0, 5.0 })
        {
            var s = AffineCoupling.SoftClamp(a, clamp).ToDoubleArray();
            s.Should().OnlyContain(v => Math.Abs(v) <= clamp, $"clamp {clamp}");
            for (int i = 0; i < 11; i++) s[i].Should().BeApproximately(clamp * Math.Tanh(a[i] / clamp), DoubleInn.T * clamp + 1e-45);
        }
    }

    [Test]
    public void Log_determinants_add_over_blocks_and_the_nll_is_the_gaussian_one_in_latent_space()
    {
        var c = new InnCase(4, 3, 16, 2.0, PermutationKind.Hard, 3.0, true, 1.0, 17);
        var inn = c.Build();
        var x = c.Inputs(5);
        var (z, ld) = inn.forward(x);
        Tensor cur = x, sum = zeros(5);
        foreach (var block in inn.Blocks)
        {
            var (y, l) = block.forward(cur);
            cur = y;
            sum = sum + l;
        }
        cur.ToArray().Should().Equal(z.ToArray());
        sum.ToArray().Should().Equal(ld.ToArray());
        var nll = inn.NegativeLogLikelihood(x).ToDoubleArray();
        var zs = z.ToDoubleArray();
        var lds = ld.ToDoubleArray();
        for (int i = 0; i < 5; i++)
        {
            double sq = 0;
            for (int j = 0; j < 4; j++) sq += zs[i * 4 + j] * zs[i * 4 + j];
            double expected = 0.5 * sq + 2 * Math.Log(2 * Math.PI) - lds[i];
            nll[i].Should().BeApproximately(expected, 8 * DoubleInn.U * (0.5 * sq + 2 * Math.Log(2 * Math.PI) + Math.Abs(lds[i])));
        }
        inn.LogLikelihood(x).ToDoubleArray().Should().Equal(nll.Select(v => -v));
    }

    [Test]
    public void Sampling_runs_the_inverse_on_standard_normal_draws_from_the_generator()
    {
        var inn = new InnCase(3, 2, 8, 2.0, PermutationKind.Soft, 1.0, true, 1.0, 23).Build();
        var samples = inn.Sample(7, new Generator(99));
        var expected = inn.Inverse(randn([7, 3], new Generator(99))).X;
        samples.ToArray().Should().Equal(expected.ToArray());
        samples.requires_grad.Should().BeFalse();
    }
}
