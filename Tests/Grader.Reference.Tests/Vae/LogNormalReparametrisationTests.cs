using Grader.Contracts.Vae;
using Grader.Reference.Vae;
using Grader.Reference.Vae.Handin;

namespace Grader.Reference.Tests.Vae;

/// <summary>
/// TUM exam 2023, P2 (a)–(c): T, M and C against their closed forms evaluated in double (exp(ε), z^σ·e^μ with
/// Math.Pow, exp(σε + μ)), within a first-order float32 bound per element (u = 2⁻²⁴; exp and log within 2 ulps, 4u):
/// <list type="bullet">
/// <item>T = exp(ε): relative 4u;</item>
/// <item>C = exp(σ·ε + μ) with σ, μ rounded to float32: the exponent errs by u·(2|σε| + |μ| + |σε + μ|), so C
/// relatively by that plus 4u;</item>
/// <item>M = exp(σ·ln z + μ): ln z errs by 4u·max(|ln z|, 1) (2 ulps, or 4u absolutely near z = 1), the exponent by
/// σ times that plus u·(2|σ ln z| + |μ| + |σ ln z + μ|), M relatively by that plus 4u;</item>
/// <item>pathwise gradients by autodiff: ∂C/∂μ is the forward value (bound of C); ∂C/∂σ = ε·C adds one product (+u).</item>
/// </list>
/// </summary>
public sealed class LogNormalReparametrisationTests
{
    private const double U = 1.0 / (1 << 24);
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true);

    /// <summary>A parameter pair and a batch of standard normal draws (as float32).</summary>
    public sealed record Draw(double Mu, double Sigma, int Seed, int Count)
    {
        public Tensor Epsilon() => randn([Count], new Generator(Seed));

        public override string ToString() => $"μ {Mu}, σ {Sigma}, seed {Seed}, n {Count}";
    }

    private static Gen<Draw> Draws() =>
        from mu in Gen.Choose(-300, 300).Select(i => i / 100.0)
        from sigma in Gen.Choose(1, 300).Select(i => i / 100.0)
        from seed in Gen.Choose(1, int.MaxValue)
        from count in Gen.Choose(1, 64)
        select new Draw(mu, sigma, seed, count);

    private static double CBound(double eps, double mu, double sigma)
    {
        double a = sigma * eps;
        return U * (2 * Math.Abs(a) + Math.Abs(mu) + Math.Abs(a + mu) + 4);
    }

    [Test]
    public void T_is_exp_of_epsilon() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var eps = d.Epsilon();
            var t = LogNormalReparametrisation.T(eps).ToDoubleArray();
            var e = eps.ToDoubleArray();
            for (int i = 0; i < e.Length; i++)
                Assert.That(Math.Abs(t[i] - Math.Exp(e[i])), Is.LessThanOrEqualTo(4 * U * Math.Exp(e[i])), $"{d}: T({e[i]})");
        }));

    [Test]
    public void C_is_exp_of_sigma_epsilon_plus_mu() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var eps = d.Epsilon();
            var c = LogNormalReparametrisation.C(eps, d.Mu, d.Sigma).ToDoubleArray();
            var e = eps.ToDoubleArray();
            for (int i = 0; i < e.Length; i++)
            {
                var exact = Math.Exp(d.Sigma * e[i] + d.Mu);
                Assert.That(Math.Abs(c[i] - exact), Is.LessThanOrEqualTo(CBound(e[i], d.Mu, d.Sigma) * exact), $"{d}: C({e[i]})");
            }
        }));

    [Test]
    public void M_is_z_to_the_sigma_times_e_to_the_mu() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var z = LogNormalReparametrisation.T(d.Epsilon());
            var m = LogNormalReparametrisation.M(z, d.Mu, d.Sigma).ToDoubleArray();
            var zs = z.ToDoubleArray();
            for (int i = 0; i < zs.Length; i++)
            {
                var lnz = Math.Log(zs[i]);
                var exact = Math.Pow(zs[i], d.Sigma) * Math.Exp(d.Mu);
                var a = d.Sigma * lnz;
                var bound = d.Sigma * 4 * U * Math.Max(Math.Abs(lnz), 1) + U * (2 * Math.Abs(a) + Math.Abs(d.Mu) + Math.Abs(a + d.Mu) + 4);
                Assert.That(Math.Abs(m[i] - exact), Is.LessThanOrEqualTo(bound * exact), $"{d}: M({zs[i]})");
            }
        }));

    /// <summary>C = M ∘ T (the sample solution's composition) and T = C_{0,1}, within the sum of the two evaluations' bounds.</summary>
    [Test]
    public void C_is_M_after_T_and_T_is_C_with_mu_0_and_sigma_1() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var eps = d.Epsilon();
            var composed = LogNormalReparametrisation.M(LogNormalReparametrisation.T(eps), d.Mu, d.Sigma).ToDoubleArray();
            var direct = LogNormalReparametrisation.C(eps, d.Mu, d.Sigma).ToDoubleArray();
            var t = LogNormalReparametrisation.T(eps).ToDoubleArray();
            var c01 = LogNormalReparametrisation.C(eps, 0, 1).ToDoubleArray();
            var e = eps.ToDoubleArray();
            for (int i = 0; i < e.Length; i++)
            {
                var exact = Math.Exp(d.Sigma * e[i] + d.Mu);
                // M(T(ε)): T errs by 4u relatively, which M raises to the power σ (σ·4u), plus M's own bound at z = e^ε.
                var mBound = d.Sigma * 4 * U + d.Sigma * 4 * U * Math.Max(Math.Abs(e[i]), 1)
                             + U * (2 * Math.Abs(d.Sigma * e[i]) + Math.Abs(d.Mu) + Math.Abs(d.Sigma * e[i] + d.Mu) + 4);
                Assert.That(Math.Abs(composed[i] - direct[i]), Is.LessThanOrEqualTo((mBound + CBound(e[i], d.Mu, d.Sigma)) * exact), $"{d}: M(T(ε)) vs C(ε)");
                Assert.That(Math.Abs(t[i] - c01[i]), Is.LessThanOrEqualTo((4 * U + CBound(e[i], 0, 1)) * Math.Exp(e[i])), $"{d}: T vs C_0,1");
            }
        }));

    /// <summary>C maps into ℝ_{&gt;0} and is increasing in ε (checked where the exact values differ by more than both bounds).</summary>
    [Test]
    public void C_is_positive_and_increasing() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var e = d.Epsilon().ToDoubleArray().Order().ToArray();
            var c = LogNormalReparametrisation.C(tensor(e), d.Mu, d.Sigma).ToDoubleArray();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.That(c[i], Is.GreaterThan(0), $"{d}: C({e[i]})");
                if (i == 0) continue;
                double lo = Math.Exp(d.Sigma * e[i - 1] + d.Mu), hi = Math.Exp(d.Sigma * e[i] + d.Mu);
                if (hi - lo > CBound(e[i], d.Mu, d.Sigma) * hi + CBound(e[i - 1], d.Mu, d.Sigma) * lo)
                    Assert.That(c[i], Is.GreaterThan(c[i - 1]), $"{d}: C({e[i - 1]}) < C({e[i]})");
            }
        }));

    /// <summary>
    /// P2 (d): the pathwise gradients by autodiff — through the reference and through the contract wrapper — equal the
    /// analytic ∂C/∂μ = C and ∂C/∂σ = ε·C.
    /// </summary>
    [Test]
    public void Pathwise_gradients_by_autodiff_are_the_analytic_ones() =>
        Check.One(Quick, Prop.ForAll(Draws().ToArbitrary(), d =>
        {
            var eps = d.Epsilon();
            var e = eps.ToDoubleArray();
            var (dMu, dSigma) = LogNormalReparametrisation.PathwiseGradient(eps, d.Mu, d.Sigma);
            var wrapped = new ReferenceLogNormalTransformC().PathwiseGradient(eps, d.Mu, d.Sigma);
            foreach (var (mu, sigma, what) in new[] { (dMu, dSigma, "reference"), (wrapped.Mu, wrapped.Sigma, "contract") })
            {
                Assert.That(mu.shape, Is.EqualTo(eps.shape));
                Assert.That(sigma.shape, Is.EqualTo(eps.shape));
                var gm = mu.ToDoubleArray();
                var gs = sigma.ToDoubleArray();
                for (int i = 0; i < e.Length; i++)
                {
                    var c = Math.Exp(d.Sigma * e[i] + d.Mu);
                    var bound = CBound(e[i], d.Mu, d.Sigma);
                    Assert.That(Math.Abs(gm[i] - c), Is.LessThanOrEqualTo(bound * c), $"{d} ({what}): ∂C/∂μ at ε = {e[i]}");
                    Assert.That(Math.Abs(gs[i] - e[i] * c), Is.LessThanOrEqualTo((bound + U) * Math.Abs(e[i] * c)), $"{d} ({what}): ∂C/∂σ at ε = {e[i]}");
                }
            }
        }));

    [Test]
    public void The_contract_wrappers_give_the_reference_values()
    {
        var handin = ReferenceHandin.Contracts();
        var eps = randn([50], new Generator(7));
        var z = LogNormalReparametrisation.T(eps);
        Assert.That(((ILogNormalTransformT)handin[typeof(ILogNormalTransformT)]).T(eps).ToArray(), Is.EqualTo(z.ToArray()));
        Assert.That(((ILogNormalTransformM)handin[typeof(ILogNormalTransformM)]).M(z, 0.3, 1.7).ToArray(),
            Is.EqualTo(LogNormalReparametrisation.M(z, 0.3, 1.7).ToArray()));
        Assert.That(((ILogNormalTransformC)handin[typeof(ILogNormalTransformC)]).C(eps, -0.4, 0.6).ToArray(),
            Is.EqualTo(LogNormalReparametrisation.C(eps, -0.4, 0.6).ToArray()));
        var prior = (ILogNormalPrior)handin[typeof(ILogNormalPrior)];
        Assert.That(prior.LogNormalKl(0.2, 0.7, 0, 1), Is.EqualTo(LogNormalPriorKl.BetweenLogNormals(0.2, 0.7, 0, 1)));
        Assert.That(prior.NormalKl(0.2, 0.7, 0, 1), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Bad_parameters_are_refused_with_one_clear_message()
    {
        var eps = randn([3], new Generator(1));
        Assert.That(() => LogNormalReparametrisation.C(eps, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("σ must be finite and > 0"));
        Assert.That(() => LogNormalReparametrisation.C(eps, double.NaN, 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("μ must be finite"));
        Assert.That(() => LogNormalReparametrisation.M(tensor([1f, -2f]), 0, 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("z > 0 only"));
        Assert.That(() => LogNormalPriorKl.BetweenLogNormals(0, -1, 0, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
