using System.Collections.Concurrent;
using System.Text;
using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Torch;

/// <summary>
/// The diffusion reference (Grader.Reference.Diffusion) against PyTorch-computed vectors:
/// fixtures/torch/diffusion_vectors.json, written by fixtures/torch/make_diffusion_vectors.py (Debian python3-torch
/// 1.13, CPU). The script's docstring lists the sources (Heidelberg sheet 10 notebook, DTU week 3 ddpm.py / unet.py,
/// DDIM eqs. 12/16, improved-diffusion's cosine) and the precision of every entry. Every input is stored; the U-Net's
/// 2.4 M weights follow a closed integer-hash formula (SplitMix64) that both sides evaluate bit for bit.
/// One test case per fixture entry; each writes its worst deviations (|diff|/tolerance and |diff|/|expected|) to the
/// test output.
///
/// <para><b>Which schedule object.</b> Each case names a fixture schedule holding the β exactly as the notebook makes
/// them. The named constructor (<see cref="BetaSchedule.Linear"/>, <see cref="BetaSchedule.Quadratic"/>,
/// <see cref="BetaSchedule.Cosine"/>) is compared with those β in the schedule cases. Where it reproduces them bit for
/// bit (the Heidelberg np.linspace schedules, the cosine within its tolerance) every other case uses the named
/// schedule; where it does not (DTU: torch.linspace in float32 arithmetic differs from the reference's
/// round-once linspace by up to 2 float32 ulps in β), the other cases use <see cref="BetaSchedule.FromBetas"/> with the
/// notebook's β, so each family tests one thing.</para>
///
/// <para><b>Tolerances</b> (u₃₂ = 2⁻²⁴, ε₃₂ = 2u₃₂; u₆₄ = 2⁻⁵³, ε₆₄ = 2u₆₄). The generator stores, per compared value q,
/// a first-order running-error bound "scale": |fl(q) − q| ≤ u·scale, scale = Σ over the elementary operations v of
/// the evaluation of |∂q/∂v|·|v| (obtained by automatic differentiation with a zero relative perturbation δ_v on every
/// operation). It does this for three evaluations: scale_ref (what the reference does: schedule values in double,
/// each coefficient cast to float32 once, each float32 tensor operation rounded once), scale_notebook (the notebook's
/// torch float32 code path, its float32 cumprod included) and scale_double (a float64 evaluation of a schedule value).
/// This bound includes the cancellations that a bare "relative 1e-6" would miss: 1 − ᾱ at small t (where the notebook's
/// float32 posterior coefficients are only good to ~1e-3 relative), and the DDIM ε̂ coefficient √(1 − ᾱ_prev) −
/// √ᾱ_prev·√(1 − ᾱ)/√ᾱ, which is small while its two terms are not. The tests allow twice the bound:
/// <list type="bullet">
/// <item>double against double (schedules, β̃, σ²): ε₆₄·scale_double (~1e-16 relative; up to ~1e-12 where 1 − ᾱ cancels);</item>
/// <item>the reference's float32 tensors against the float64 "expected": ε₃₂·scale_ref (the reference's own error);</item>
/// <item>against the notebook's float32 result: ε₃₂·(scale_ref + scale_notebook) (both sides' errors);</item>
/// <item>the reference's double schedule against the notebook's float32 one: ε₃₂·scale_notebook + ε₆₄·scale_double.</item>
/// </list>
/// The factor 2 covers an evaluation that associates the same formula differently from the sheet (e.g. multiplying by
/// 1/√ᾱ instead of dividing by √ᾱ).</para>
///
/// <para><b>The U-Net.</b> A worst-case bound (every rounding at its maximum, propagated through |W|) grows by ‖|W|‖ per
/// layer and ends near 10⁸·u·|output| here: useless. The generator instead propagates a probabilistic first-order error
/// scale s (Higham &amp; Mary 2019): a sum of n = C_in·9 + 1 terms contributes √n·u·Σ|w·x| locally, inherited errors go
/// through the signed weights in root-mean-square (s_y² = local² + W² ⊛ s_x²), LogSigmoid multiplies by σ(−y) and adds
/// 4 ulps of its result, max-pool takes the window maximum. PyTorch's own float32 run stays below 0.7·u·s at every
/// stage (0.05·u·s at the output; the generator asserts &lt; 1). Tolerances: 4·u·s against the float64 forward and
/// 4√2·u·s against PyTorch's float32 forward (two independent errors), i.e. about 2e-4 absolute on outputs of standard
/// deviation 0.9; a wrong layout (flipped transposed-conv kernel, [out, in] read as [in, out], transposed conv kernel)
/// moves ≥ 98 % of the outputs out of it (checked by the generator). Stage norms: |‖a‖ − ‖b‖| ≤ ‖a − b‖ ≤ the same
/// factor times u·‖s‖.</para>
/// </summary>
[TestFixture]
public sealed class DiffusionVectorTests
{
    private const double U32 = 5.9604644775390625e-8;      // 2^-24
    private const double Eps32 = 2 * U32;
    private const double Eps64 = 2.220446049250313e-16;    // 2^-52
    private const double UnetFactor = 4;

    // ---- the fixture ----

    public sealed record Case(string Name, string Family, JsonElement Json)
    {
        public override string ToString() => Name;
    }

    private sealed record Fixture(JsonElement Schedules, Case[] Cases);

    private static readonly Lazy<Fixture> Data = new(Load);

    public static IEnumerable<TestCaseData> Cases() =>
        Data.Value.Cases.Select(c => new TestCaseData(c).SetName($"torch_diffusion/{c.Family}/{c.Name}"));

    internal static string FixturePath() => Path.Combine(RepositoryRoot.Path, "fixtures", "torch", "diffusion_vectors.json");

    private static Fixture Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath()));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new Case(c.GetProperty("name").GetString()!, c.GetProperty("family").GetString()!, c.Clone()))
            .ToArray();
        return new Fixture(root.GetProperty("schedules").Clone(), cases);
    }

    // ---- schedules: named constructor, notebook β, and the one the other families use ----

    private sealed record Schedules(BetaSchedule Named, BetaSchedule Notebook, double[] StoredBetas, int[] UlpDifferences, bool NamedMatches)
    {
        public BetaSchedule ForSteps => NamedMatches ? Named : Notebook;
    }

    private static readonly ConcurrentDictionary<string, Schedules> ScheduleCache = new();

    private static Schedules Schedule(string name) => ScheduleCache.GetOrAdd(name, n =>
    {
        var s = Data.Value.Schedules.GetProperty(n);
        var ctor = s.GetProperty("constructor");
        int T = ctor.GetProperty("T").GetInt32();
        var named = ctor.GetProperty("method").GetString() switch
        {
            "Linear" => BetaSchedule.Linear(T, ctor.GetProperty("beta1").GetDouble(), ctor.GetProperty("betaT").GetDouble()),
            "Quadratic" => BetaSchedule.Quadratic(T, ctor.GetProperty("beta1").GetDouble(), ctor.GetProperty("betaT").GetDouble()),
            "Cosine" => BetaSchedule.Cosine(T, ctor.GetProperty("s").GetDouble(), ctor.GetProperty("maxBeta").GetDouble()),
            var m => throw new InvalidOperationException($"unknown schedule constructor {m}"),
        };
        bool f32 = s.GetProperty("beta_precision").GetString() == "float32";
        var stored = s.GetProperty("betas").EnumerateArray().Select(v => f32 ? v.GetSingle() : v.GetDouble()).ToArray();
        Assert.That(named.T, Is.EqualTo(stored.Length), $"{n}: T");
        var ulps = new int[stored.Length];
        if (f32)
            for (int i = 0; i < stored.Length; i++)
                ulps[i] = BitConverter.SingleToInt32Bits((float)named.Beta[i]) - BitConverter.SingleToInt32Bits((float)stored[i]);
        bool matches = f32 ? ulps.All(d => d == 0) && named.Beta.All(b => b == (float)b) : true;
        return new Schedules(named, BetaSchedule.FromBetas(stored, $"{n} (notebook β)"), stored, ulps, matches);
    });

    // ---- the test ----

    [TestCaseSource(nameof(Cases))]
    public void MatchesTorch(Case c)
    {
        var check = new Checker(c.Name);
        switch (c.Family)
        {
            case "schedule": CheckSchedule(c.Json, check); break;
            case "posterior": CheckPosterior(c.Json, check); break;
            case "ddpm_step": CheckDdpmStep(c.Json, check); break;
            case "ddim_step": CheckDdimStep(c.Json, check); break;
            case "negative_elbo": CheckNegativeElbo(c.Json, check); break;
            case "unet_forward": CheckUnet(c.Json, check); break;
            default: Assert.Fail($"fixture family '{c.Family}' has no check in DiffusionVectorTests"); break;
        }
        check.Finish();
    }

    [Test]
    public void FixtureIsComplete()
    {
        var cases = Data.Value.Cases;
        Assert.That(cases.Select(c => c.Name), Is.Unique);
        var counts = cases.GroupBy(c => c.Family).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts.Keys, Is.EquivalentTo(new[] { "schedule", "posterior", "ddpm_step", "ddim_step", "negative_elbo", "unet_forward" }));
        Assert.That(counts["schedule"], Is.EqualTo(9));
        Assert.That(counts["ddpm_step"], Is.EqualTo(15));
        Assert.That(counts["ddim_step"], Is.EqualTo(25));
        var ddpmTimes = cases.Where(c => c.Family == "ddpm_step").Select(c => c.Json.GetProperty("t").GetInt32()).Distinct().Order();
        Assert.That(ddpmTimes, Is.SupersetOf(new[] { 0, 1, 5, 100, 249, 999 }));
    }

    /// <summary>
    /// The DTU schedules' β: torch.linspace computes in float32 arithmetic (start + step·i with a float32 step,
    /// vectorised), the reference rounds a double linspace once (as np.linspace(..., dtype=float32) does, which the
    /// Heidelberg notebook uses). The two differ by at most 2 float32 ulps; this pins that difference.
    /// </summary>
    [TestCase("heidelberg_linear_250", 0)]
    [TestCase("heidelberg_quadratic_250", 0)]
    [TestCase("dtu_linear_1000", 2)]
    [TestCase("dtu_linear_100", 1)]
    public void NamedScheduleReproducesTheNotebookBetas(string name, int maxUlps)
    {
        var s = Schedule(name);
        var differing = s.UlpDifferences.Count(d => d != 0);
        TestContext.Out.WriteLine($"{name}: {s.Named.Name}: {differing} of {s.UlpDifferences.Length} β differ from the notebook's, by at most {s.UlpDifferences.Select(Math.Abs).Max()} float32 ulp");
        Assert.That(s.UlpDifferences.Select(Math.Abs).Max(), Is.LessThanOrEqualTo(maxUlps));
        if (maxUlps == 0) Assert.That(s.NamedMatches, Is.True);
    }

    private static void CheckSchedule(JsonElement j, Checker check)
    {
        var s = Schedule(j.GetProperty("schedule").GetString()!);
        var idx = Ints(j.GetProperty("indices"));
        bool f32 = j.GetProperty("precision").GetString() == "float32";
        // The derived values are checked on the schedule the other families use (the notebook's β).
        var ref_ = s.ForSteps;
        var scale = j.GetProperty(f32 ? "scale_notebook" : "scale_double");
        JsonElement? dbl = f32 ? null : scale;

        foreach (var (key, values) in new[]
                 {
                     ("alpha_bar", ref_.AlphaBar), ("alpha_bar_prev", ref_.AlphaBarPrevious), ("beta_tilde", ref_.BetaTilde),
                 })
        {
            var expected = Doubles(j.GetProperty(key));
            var sc = Doubles(scale.GetProperty(key));
            var actual = idx.Select(i => values[i]).ToArray();
            var tol = sc.Select(v => f32 ? Eps32 * v + Eps64 * v : Eps64 * v).ToArray();
            check.Compare($"{key} ({(f32 ? "vs notebook float32" : "float64")})", actual, expected, tol);
        }

        if (!f32)
        {
            // β of the named constructor: the cosine one is computed in double (tolerance from its scale); the float32
            // ones are pinned by NamedScheduleReproducesTheNotebookBetas and reported here.
            var beta = idx.Select(i => s.Named.Beta[i]).ToArray();
            var stored = idx.Select(i => s.StoredBetas[i]).ToArray();
            if (Data.Value.Schedules.GetProperty(j.GetProperty("schedule").GetString()!).GetProperty("beta_precision").GetString() == "float64")
                check.Compare($"beta ({s.Named.Name})", beta, stored, Doubles(dbl!.Value.GetProperty("beta")).Select(v => Eps64 * v).ToArray());
            else
                check.Note($"beta: {s.Named.Name} {(s.NamedMatches ? "reproduces the notebook's β bit for bit" : $"differs from the notebook's β in {s.UlpDifferences.Count(d => d != 0)} of {s.UlpDifferences.Length} entries (≤ {s.UlpDifferences.Select(Math.Abs).Max()} ulp); derived values checked on FromBetas(notebook β)")}");
        }
    }

    private static void CheckPosterior(JsonElement j, Checker check)
    {
        var sched = Schedule(j.GetProperty("schedule").GetString()!).ForSteps;
        var posterior = new Posterior(sched);
        var inputs = j.GetProperty("inputs");
        var zt = ReadTensor(inputs.GetProperty("zt"));
        var x0 = ReadTensor(inputs.GetProperty("x0"));
        var eps = ReadTensor(inputs.GetProperty("eps"));
        var t = Ints(j.GetProperty("t"));
        bool perSample = j.GetProperty("per_sample").GetBoolean();

        Tensor mean, xhat;
        using (no_grad())
        {
            mean = perSample ? posterior.Mean(zt, x0, t) : posterior.Mean(zt, x0, t[0]);
            xhat = perSample ? posterior.PredictX0(zt, eps, t) : posterior.PredictX0(zt, eps, t[0]);
        }

        foreach (var (key, actual) in new[] { ("mean", mean), ("x0_hat", xhat) })
        {
            var e = j.GetProperty(key);
            CompareWithBoth(check, key, "notebook float32", actual, Ints(j.GetProperty("shape")),
                Doubles(e.GetProperty("expected")), Doubles(e.GetProperty("scale_ref")), Doubles(e.GetProperty("notebook")), Doubles(e.GetProperty("scale_notebook")));
        }

        var bt = j.GetProperty("beta_tilde");
        check.Compare("beta_tilde (float64)", t.Select(posterior.Variance).ToArray(), Doubles(bt.GetProperty("data")),
            Doubles(bt.GetProperty("scale_double")).Select(s => Eps64 * s).ToArray());
    }

    private static void CheckDdpmStep(JsonElement j, Checker check)
    {
        var sched = Schedule(j.GetProperty("schedule").GetString()!).ForSteps;
        var variance = Enum.Parse<ReverseVariance>(j.GetProperty("variance").GetString()!);
        var sampler = new Ddpm(sched, variance);
        int t = j.GetProperty("t").GetInt32();
        var (xt, epsHat, z) = StepInputs(j);
        Tensor output;
        using (no_grad()) output = sampler.Step(xt, t, epsHat, z);
        CompareStep(j, output, check);
        // the documented noise mask: nothing added at t = 0
        Assert.That(sampler.AddsNoise(t), Is.EqualTo(t > 0), $"{sampler.GetType().Name}.AddsNoise({t})");
    }

    private static void CheckDdimStep(JsonElement j, Checker check)
    {
        var sched = Schedule(j.GetProperty("schedule").GetString()!).ForSteps;
        double eta = j.GetProperty("eta").GetDouble();
        var sampler = new Ddim(sched, eta);
        int t = j.GetProperty("t").GetInt32();
        Assert.That(sampler.PreviousTimestep(t), Is.EqualTo(t - 1), "full chain: the step leaves t for t − 1 (−1 after t = 0, ᾱ_prev = 1)");
        var (xt, epsHat, z) = StepInputs(j);
        Tensor output;
        using (no_grad()) output = sampler.Step(xt, t, epsHat, z);
        CompareStep(j, output, check);
        var s2 = j.GetProperty("sigma2");
        check.Compare("sigma2 (float64)", [sampler.Sigma2(t)], [s2.GetProperty("value").GetDouble()],
            Doubles(s2.GetProperty("scale_double")).Select(s => Eps64 * s).ToArray());
    }

    private static (Tensor xt, Tensor epsHat, Tensor z) StepInputs(JsonElement j)
    {
        var inputs = j.GetProperty("inputs");
        return (ReadTensor(inputs.GetProperty("xt")), ReadTensor(inputs.GetProperty("eps_hat")), ReadTensor(inputs.GetProperty("z")));
    }

    private static void CompareStep(JsonElement j, Tensor output, Checker check) => CompareWithBoth(j, "step", "notebook float32", output, check);

    /// <summary><see cref="CompareWithBoth(Checker, string, string, Tensor, int[], double[], double[], double[], double[])"/> with the fixture's "expected" and "notebook" entries.</summary>
    private static void CompareWithBoth(JsonElement j, string name, string notebook, Tensor output, Checker check)
    {
        var expected = j.GetProperty("expected");
        var notebookValues = j.GetProperty("notebook");
        CompareWithBoth(check, name, notebook, output, Ints(expected.GetProperty("shape")), Doubles(expected.GetProperty("data")),
            Doubles(expected.GetProperty("scale_ref")), Doubles(notebookValues.GetProperty("data")), Doubles(notebookValues.GetProperty("scale_notebook")));
    }

    /// <summary>
    /// <paramref name="output"/> has <paramref name="shape"/> and lies within ε₃₂·scaleRef of the float64 values and within
    /// ε₃₂·(scaleRef + scaleNotebook) of the notebook's float32 values (<paramref name="notebook"/> names them in a failure).
    /// </summary>
    private static void CompareWithBoth(Checker check, string name, string notebook, Tensor output, int[] shape,
        double[] float64, double[] scaleRef, double[] notebookValues, double[] scaleNotebook)
    {
        check.Shape(name, output, shape);
        check.Compare($"{name} vs float64", output.ToDoubleArray(), float64, scaleRef.Select(s => Eps32 * s).ToArray());
        check.Compare($"{name} vs {notebook}", output.ToDoubleArray(), notebookValues, scaleRef.Zip(scaleNotebook, (a, b) => Eps32 * (a + b)).ToArray());
    }

    /// <summary>
    /// The ε̂ of the fixture is a linear map, ε̂(z, t) = z·Wᵀ + b + τ·v with τ = (float)t/T (the DTU wrapper's
    /// normalised time), plugged in through <see cref="EpsilonNetwork.FromFunction"/>; it also checks that the loss
    /// hands the model the stored per-sample code indices.
    /// </summary>
    private static void CheckNegativeElbo(JsonElement j, Checker check)
    {
        var sched = Schedule(j.GetProperty("schedule").GetString()!).ForSteps;
        var inputs = j.GetProperty("inputs");
        var x0 = ReadTensor(inputs.GetProperty("x0"));
        var eps = ReadTensor(inputs.GetProperty("eps"));
        var w = ReadTensor(inputs.GetProperty("W"));
        var b = ReadTensor(inputs.GetProperty("b"));
        var v = ReadTensor(inputs.GetProperty("v"));
        var tauStored = ReadTensor(inputs.GetProperty("tau")).ToArray();
        var t = Ints(j.GetProperty("t"));
        int T = sched.T;
        Assert.That(t.Select(k => (float)k / T).ToArray(), Is.EqualTo(tauStored), "τ = (float)t/T, as stored");

        var calls = 0;
        var model = EpsilonNetwork.FromFunction((zt, tt) =>
        {
            calls++;
            Assert.That(tt, Is.EqualTo(t), "the loss passes the stored code indices to the model");
            var tau = tensor(tt.Select(k => (float)k / T).ToArray(), tt.Length, 1);
            return zt.matmul(w.transpose(0, 1)) + b + tau * v;
        });

        Tensor perSample, simple;
        using (no_grad())
        {
            perSample = Losses.NegativeElbo(model, sched, x0, t, eps);
            simple = Losses.SimpleLoss(model, sched, x0, t, eps);
        }
        Assert.That(calls, Is.EqualTo(2));

        CompareWithBoth(j, "negative_elbo", "DTU float32", perSample, check);
        var sl = j.GetProperty("simple_loss");
        check.Compare("simple_loss vs float64", [simple.item()], Doubles(sl.GetProperty("data")),
            Doubles(sl.GetProperty("scale_ref")).Select(s => Eps32 * s).ToArray());
    }

    // ---- the U-Net ----

    /// <summary>w_k[i] = (float)(A_k·(2u − 1)), u = (SplitMix64(k·2³² + i) ≫ 11)·2⁻⁵³ (make_diffusion_vectors.formula_weights).</summary>
    internal static float[] FormulaWeights(int k, int n, double amplitude)
    {
        var w = new float[n];
        for (int i = 0; i < n; i++)
        {
            ulong h = SplitMix64(((ulong)k << 32) + (ulong)i);
            double u = (h >> 11) * (1.0 / 9007199254740992.0);
            w[i] = (float)(amplitude * (2.0 * u - 1.0));
        }
        return w;
    }

    private static ulong SplitMix64(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static void CheckUnet(JsonElement j, Checker check)
    {
        var net = new DtuUNet(new Generator(0));
        var specList = j.GetProperty("weights").EnumerateArray().ToArray();
        var specs = specList.ToDictionary(s => s.GetProperty("name").GetString()!);
        var own = net.named_parameters().ToList();
        Assert.That(own.Select(p => p.name), Is.EqualTo(specList.Select(s => s.GetProperty("name").GetString())),
            "parameter names and order (PyTorch's named_parameters)");
        Assert.That(own.Sum(p => (long)p.parameter.numel()), Is.EqualTo(j.GetProperty("parameters").GetInt64()), "parameter count");

        // Fill each parameter, in the module's order, with the formula of the PyTorch tensor of the same name; the
        // layouts are PyTorch's (Conv2d [out, in, kh, kw], ConvTranspose2d [in, out, kh, kw]), so the flat index is the same.
        var state = new Dictionary<string, Tensor>();
        for (int k = 0; k < own.Count; k++)
        {
            var (name, p) = own[k];
            var spec = specs[name];
            Assert.That(spec.GetProperty("index").GetInt32(), Is.EqualTo(k), $"{name}: position");
            var shape = Ints(spec.GetProperty("shape"));
            Assert.That(p.shape, Is.EqualTo(shape), $"{name}: shape (PyTorch layout)");
            var values = FormulaWeights(k, p.numel(), spec.GetProperty("amplitude").GetDouble());
            Assert.That(values.Take(4).ToArray(), Is.EqualTo(spec.GetProperty("first").EnumerateArray().Select(v => v.GetSingle()).ToArray()), $"{name}: first weights");
            Assert.That(values.Sum(v => (double)v), Is.EqualTo(spec.GetProperty("sum").GetDouble()).Within(1e-9 * spec.GetProperty("abs_sum").GetDouble()), $"{name}: weight sum");
            state[name] = tensor(values, shape);
        }
        net.load_state_dict(state);

        var inputs = j.GetProperty("inputs");
        var x = ReadTensor(inputs.GetProperty("x"));
        var t = ReadTensor(inputs.GetProperty("t"));
        Tensor output;
        List<Tensor> stages;
        using (no_grad())
        {
            output = net.forward(x, t);
            stages = Stages(net, x, t);
        }
        Assert.That(stages[^1].reshape(x.size(0), -1).ToArray(), Is.EqualTo(output.ToArray()), "the stage-by-stage adapter reproduces forward()");

        var s = Doubles(j.GetProperty("error_scale"));
        check.Shape("output", output, Ints(j.GetProperty("output").GetProperty("shape")));
        check.Compare("output vs float64", output.ToDoubleArray(), Doubles(j.GetProperty("output_float64").GetProperty("data")),
            s.Select(v => UnetFactor * U32 * v).ToArray());
        check.Compare("output vs torch float32", output.ToDoubleArray(), Doubles(j.GetProperty("output").GetProperty("data")),
            s.Select(v => UnetFactor * Math.Sqrt(2) * U32 * v).ToArray());

        var expectedStages = j.GetProperty("stages").EnumerateArray().ToArray();
        Assert.That(stages, Has.Count.EqualTo(expectedStages.Length));
        for (int i = 0; i < stages.Count; i++)
        {
            var e = expectedStages[i];
            var name = e.GetProperty("name").GetString()!;
            check.Shape(name, stages[i], Ints(e.GetProperty("shape")));
            var norm = Math.Sqrt(stages[i].ToDoubleArray().Sum(v => v * v));
            double sn = e.GetProperty("error_scale_norm").GetDouble();
            check.Compare($"‖{name}‖ vs float64", [norm], [e.GetProperty("norm_float64").GetDouble()], [UnetFactor * U32 * sn]);
            check.Compare($"‖{name}‖ vs torch float32", [norm], [e.GetProperty("norm_float32").GetDouble()], [UnetFactor * Math.Sqrt(2) * U32 * sn]);
        }
    }

    /// <summary>DtuUNet.forward stage by stage (an adapter of the test: the module exposes its stages, not their outputs).</summary>
    private static List<Tensor> Stages(DtuUNet net, Tensor x, Tensor t)
    {
        int n = x.size(0), side = DtuUNet.Side;
        var signal = cat([x.reshape(n, 1, side, side), t.reshape(n, 1, 1, 1).expand(n, 1, side, side)], 1);
        var skips = new List<Tensor>();
        var outs = new List<Tensor>();
        for (int i = 0; i < net.Convs.Count; i++)
        {
            signal = net.Convs[i].forward(signal);
            outs.Add(signal);
            if (i < net.Convs.Count - 1) skips.Add(signal);
        }
        for (int i = 0; i < net.Tconvs.Count; i++)
        {
            if (i > 0) signal = cat([signal, skips[^i]], 1);
            signal = net.Tconvs[i].forward(signal);
            outs.Add(signal);
        }
        return outs;
    }

    // ---- reading ----

    private static Tensor ReadTensor(JsonElement e) => tensor(
        e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(), Ints(e.GetProperty("shape")));

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    // ---- comparison and report ----

    private sealed class Checker(string name)
    {
        private readonly List<string> _failures = [];
        private readonly StringBuilder _report = new();

        public void Note(string text) => _report.AppendLine("  " + text);

        public void Shape(string what, Tensor actual, int[] expected)
        {
            if (!actual.shape.SequenceEqual(expected))
                _failures.Add($"{what}: shape [{string.Join(", ", actual.shape)}], PyTorch [{string.Join(", ", expected)}]");
        }

        /// <summary>|actual − expected| ≤ tolerance, element by element; records the worst ratios.</summary>
        public void Compare(string what, double[] actual, double[] expected, double[] tolerance)
        {
            if (actual.Length != expected.Length || tolerance.Length != expected.Length)
            {
                _failures.Add($"{what}: {actual.Length} values, PyTorch {expected.Length}, {tolerance.Length} tolerances");
                return;
            }
            double worstRatio = 0, worstRel = 0;
            int bad = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double err = Math.Abs(actual[i] - expected[i]);
                if (!(err <= tolerance[i]))
                {
                    if (bad++ < 8)
                        _failures.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{what}[{i}]: ours {actual[i]:R}, PyTorch {expected[i]:R}, |diff| {err:G3} > tolerance {tolerance[i]:G3}"));
                }
                if (err > 0)
                {
                    worstRatio = Math.Max(worstRatio, tolerance[i] > 0 ? err / tolerance[i] : double.PositiveInfinity);
                    if (expected[i] != 0) worstRel = Math.Max(worstRel, err / Math.Abs(expected[i]));
                }
            }
            _report.AppendLine(CultureInfo.InvariantCulture, $"  {what}: max |diff|/tolerance {worstRatio:G3}, max |diff|/|torch| {worstRel:G3}{(bad > 0 ? $" ({bad} outside)" : "")}");
        }

        public void Finish()
        {
            TestContext.Out.WriteLine($"{name}:\n{_report}");
            if (_failures.Count > 0)
                Assert.Fail($"{name}: {_failures.Count} mismatch(es) against PyTorch:\n" + string.Join("\n", _failures.Take(16)));
        }
    }
}
