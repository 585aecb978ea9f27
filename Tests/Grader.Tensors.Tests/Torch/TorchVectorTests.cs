using System.Globalization;
using System.Text;
using System.Text.Json;
using Grader.Tensors;

using Grader.Tensors.Distributions;

namespace Grader.Tensors.Tests.Torch;

/// <summary>
/// Grader.Tensors against PyTorch: every case of <c>fixtures/torch/op_vectors.json</c> (written by
/// <c>fixtures/torch/make_op_vectors.py</c> with Debian's torch 1.13, float32, CPU; the cases marked double there, where
/// PyTorch's float32 kernel is itself less accurate or another algorithm, in float64 from the same float32 inputs and
/// rounded once) is replayed here. For each case the
/// stored inputs become leaves, the op runs, and we compare
///  - the output,
///  - the gradients of L = Σ w ⊙ out with respect to every input (w stored in the fixture),
///  - for the ops used in higher-order code, the second-order vector ∂/∂xᵢ Σⱼ Σ vⱼ ⊙ ∂L/∂xⱼ (create_graph),
///  - for max with a dim and slogdet, the returned indices or sign (exactly).
/// The matmul cases run a second time with the managed GEMM kernel forced (GRADER_TENSORS_MANAGED_GEMM=1).
///
/// Tolerance (per element, derived rather than picked):
///
///     |ours − torch| ≤ (n + c_f) · ε₃₂ · (|torch| + scale)
///
/// where, for the compared quantity q (an output, gradient or second-order element):
///  - scale = Σ_l |∂q/∂z_l|·|z_l| over every stored float input z (inputs, w, v), computed by the generator in float64:
///    the componentwise condition magnitude of q, i.e. how far q moves, to first order, per unit relative perturbation
///    of all inputs. For a sum or a matrix product it is exactly Σ|terms| (for conv: the C_in·kh·kw products of one
///    output; for a gradient: the Σ|w·∂out/∂x| it accumulates); for a pointwise f it is |f′(x)·x| (+ |w·f′(x)| for the
///    gradient).
///  - n = the largest number of inputs one element of q depends on (the longest accumulation), also from the generator.
/// Why this bound: in first-order rounding analysis each float32 operation contributes a relative error of at most
/// u = ε₃₂/2. An algorithm that is stable in the usual sense (recursive or blocked sums, BLAS, a chain-rule product)
/// has errors equivalent to relative perturbations of its inputs of at most (n − 1)·u for a sum of n terms, plus a few
/// u per elementary function (SLEEF and TensorPrimitives are within ~1–4 ulp). Its forward error is then at most
/// (n + c)·u·scale + u·|q| (the last term is the final rounding). PyTorch and we may err in opposite directions, so
/// the two results differ by at most the sum of both bounds: 2·(n + c)·u·(|q| + scale) = (n + c)·ε₃₂·(|q| + scale).
/// We take c = c_f = 8: room for four ≤1-ulp elementary functions or roundings along a pointwise chain on each side.
/// Because of n the bound is worst-case for long sums (a pairwise or SIMD sum does far better). Even so it is at most
/// about 3e-5 relative to (|q| + scale) here (n ≤ 260 for the k = 130 matmul), and ~1e-6 for most cases: not 1e-3.
///
/// Where the algorithm PyTorch itself uses rounds an intermediate that is larger than that condition magnitude, the
/// generator adds that intermediate's magnitude to scale (listed in make_op_vectors.py). These are: 1 − y² in
/// tanh_backward and 1 − y in sigmoid_backward (+|w|; second order +2|v·w| and +|v·w|); the log of the normaliser
/// Σ exp(x − max) ≥ 1 in log_softmax and logsumexp (+1); α(eˣ − 1) in torch 1.13's elu kernel, which does not use
/// expm1 (+α); and 2p − 1 (or p − ½) in the distributions' icdf, which is rounded at 1 (p's magnitude taken as ≥ ½).
///
/// The largest deviations seen (|diff| as a fraction of the tolerance) are ≤ 0.5, most ≤ 0.1; each case writes its
/// own figures to the test output.
/// </summary>
[TestFixture]
public sealed class TorchVectorTests
{
    private const double Eps32 = 1.1920928955078125e-7; // 2^-23
    private const double PointwiseUlps = 8;               // c_f above

    // ---- the fixture ----

    public sealed record TensorData(int[] Shape, float[] Data, double[]? Scale, int Terms)
    {
        public Tensor ToTensor() => Tensor.FromArray((float[])Data.Clone(), Shape);
    }

    public sealed record OpCase(
        string Name, string Op, JsonElement Params, TensorData[] Inputs, TensorData Weight, TensorData Output,
        TensorData[] Grads, TensorData[]? V, TensorData[]? SecondOrder, TensorData? Aux)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<OpCase[]> AllCases = new(Load);

    public static IEnumerable<TestCaseData> Cases() =>
        AllCases.Value.Select(c => new TestCaseData(c).SetName($"torch/{c.Op}/{c.Name}"));

    public static IEnumerable<TestCaseData> MatmulCases() =>
        AllCases.Value.Where(c => c.Op == "matmul").Select(c => new TestCaseData(c).SetName($"torch/managed_gemm/{c.Name}"));

    internal static string FixturePath()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        if (dir == null) throw new FileNotFoundException($"no Grader.sln above {AppContext.BaseDirectory}");
        return Path.Combine(dir.FullName, "fixtures", "torch", "op_vectors.json");
    }

    private static OpCase[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath()));
        return doc.RootElement.EnumerateArray().Select(c =>
        {
            var second = c.TryGetProperty("second_order", out var s) ? s : (JsonElement?)null;
            var aux = c.TryGetProperty("aux", out var a) ? ReadTensor(a.EnumerateObject().Single().Value) : null;
            return new OpCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("op").GetString()!,
                c.GetProperty("params").Clone(),
                c.GetProperty("inputs").EnumerateArray().Select(ReadTensor).ToArray(),
                ReadTensor(c.GetProperty("weight")),
                ReadTensor(c.GetProperty("output")),
                c.GetProperty("grads").EnumerateArray().Select(ReadTensor).ToArray(),
                second?.GetProperty("v").EnumerateArray().Select(ReadTensor).ToArray(),
                second?.GetProperty("grads").EnumerateArray().Select(ReadTensor).ToArray(),
                aux);
        }).ToArray();
    }

    /// <summary>Numbers are float32 written as their shortest round-trip decimal; GetSingle parses them back exactly.</summary>
    private static TensorData ReadTensor(JsonElement e) => new(
        e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
        e.TryGetProperty("scale", out var s) ? s.EnumerateArray().Select(v => v.GetDouble()).ToArray() : null,
        e.TryGetProperty("terms", out var n) ? n.GetInt32() : 0);

    // ---- op + params → Grader.Tensors (the one place that knows the mapping) ----

    /// <summary>Runs the case's op on the leaves; returns the output and the exact side output (max's indices, slogdet's sign).</summary>
    private static (Tensor output, Tensor? aux) Apply(OpCase c, Tensor[] x)
    {
        var p = c.Params;
        switch (c.Op)
        {
            case "neg": return (-x[0], null);
            case "exp": return (x[0].exp(), null);
            case "log": return (x[0].log(), null);
            case "sqrt": return (x[0].sqrt(), null);
            case "sin": return (x[0].sin(), null);
            case "cos": return (x[0].cos(), null);
            case "tanh": return (x[0].tanh(), null);
            case "atan": return (x[0].atan(), null);
            case "sigmoid": return (x[0].sigmoid(), null);
            case "abs": return (x[0].abs(), null);
            case "relu": return (x[0].relu(), null);
            case "elu": return (x[0].elu(F(p, "alpha")), null);
            case "softplus": return (x[0].softplus(F(p, "beta"), F(p, "threshold")), null);
            case "clamp": return (x[0].clamp(OptF(p, "min"), OptF(p, "max")), null);
            case "pow": return (x[0].pow(F(p, "exponent")), null);
            case "silu": return (nn.functional.silu(x[0]), null);
            case "logsigmoid": return (nn.functional.logsigmoid(x[0]), null);
            case "erf": return (x[0].erf(), null);
            case "erfinv": return (x[0].erfinv(), null);
            case "log1p": return (x[0].log1p(), null);
            case "expm1": return (x[0].expm1(), null);

            case "det": return (linalg.det(x[0]), null);
            case "slogdet":
            {
                var (sign, logabsdet) = linalg.slogdet(x[0]);
                return (logabsdet, sign);
            }
            case "inv": return (linalg.inv(x[0]), null);
            case "jacobian":
                return (autograd.functional.jacobian(z => (x[1].matmul(z) + x[2]).tanh() * z, x[0], create_graph: true), null);
            case "slogdet_jacobian":
                return (linalg.slogdet(autograd.functional.jacobian(z => z + (x[1].matmul(z) + x[2]).tanh() * 0.5f, x[0], create_graph: true)).logabsdet, null);

            case "add": return (x[0] + x[1], null);
            case "sub": return (x[0] - x[1], null);
            case "mul": return (x[0] * x[1], null);
            case "div": return (x[0] / x[1], null);
            case "maximum": return (x[0].maximum(x[1]), null);
            case "minimum": return (x[0].minimum(x[1]), null);

            case "sum": return (HasParam(p, "dims") ? x[0].sum(Ints(p, "dims"), Bool(p, "keepdim")) : x[0].sum(), null);
            case "mean": return (HasParam(p, "dims") ? x[0].mean(Ints(p, "dims"), Bool(p, "keepdim")) : x[0].mean(), null);
            case "var": return (x[0].var(Ints(p, "dims"), Bool(p, "unbiased"), Bool(p, "keepdim")), null);
            case "max_dim":
            {
                var (values, indices) = x[0].max(Int(p, "dim"), Bool(p, "keepdim"));
                return (values, indices);
            }
            case "max_all": return (x[0].max(), null);
            case "amax": return (x[0].amax(Ints(p, "dims"), Bool(p, "keepdim")), null);
            case "logsumexp": return (x[0].logsumexp(Int(p, "dim"), Bool(p, "keepdim")), null);
            case "softmax": return (x[0].softmax(Int(p, "dim")), null);
            case "log_softmax": return (x[0].log_softmax(Int(p, "dim")), null);

            case "matmul": return (Bool(p, "transpose_b") ? x[0].matmul(x[1].transpose(-1, -2)) : x[0].matmul(x[1]), null);

            case "permute": return (x[0].permute(Ints(p, "dims")), null);
            case "transpose": return (x[0].transpose(Int(p, "dim0"), Int(p, "dim1")), null);
            case "permute_reshape": return (x[0].permute(Ints(p, "dims")).reshape(Ints(p, "shape")), null);
            case "slice": return (x[0].slice(Int(p, "dim"), Int(p, "start"), Int(p, "end"), Int(p, "step")), null);
            case "cat": return (cat(x, Int(p, "dim")), null);
            case "stack": return (stack(x, Int(p, "dim")), null);
            case "index_select": return (x[0].index_select(Int(p, "dim"), Ints(p, "index")), null);
            case "gather": return (x[0].gather(Int(p, "dim"), IndexTensor(p.GetProperty("index"))), null);
            case "where": return (where(IndexTensor(p.GetProperty("condition")), x[0], x[1]), null);

            // A case without bias (or without affine parameters) simply has fewer inputs.
            case "conv2d":
                return (nn.functional.conv2d(x[0], x[1], x.Length > 2 ? x[2] : null, stride: Int(p, "stride"), padding: Int(p, "padding")), null);
            case "conv_transpose2d":
                return (nn.functional.conv_transpose2d(x[0], x[1], x.Length > 2 ? x[2] : null,
                    stride: Int(p, "stride"), padding: Int(p, "padding"), output_padding: Int(p, "output_padding")), null);
            case "max_pool2d":
                return (nn.functional.max_pool2d(x[0], Int(p, "kernel_size"), stride: HasParam(p, "stride") ? Int(p, "stride") : null,
                    padding: Int(p, "padding")), null);
            case "layer_norm":
                return (nn.functional.layer_norm(x[0], Ints(p, "normalized_shape"), x.Length > 1 ? x[1] : null, x.Length > 2 ? x[2] : null,
                    eps: F(p, "eps")), null);
            case "logaddexp": return (logaddexp(x[0], x[1]), null);
            case "tril": return (tril(x[0], Int(p, "diagonal")), null);
            case "triu": return (triu(x[0], Int(p, "diagonal")), null);
            case "masked_fill": return (x[0].masked_fill(IndexTensor(p.GetProperty("mask")), F(p, "value")), null);
            case "cross_entropy":
                return (nn.functional.cross_entropy(x[0], IndexTensor(p.GetProperty("target")), p.GetProperty("reduction").GetString()!), null);
            case "nll_loss":
                return (nn.functional.nll_loss(x[0], IndexTensor(p.GetProperty("target")), p.GetProperty("reduction").GetString()!), null);
            case "binary_cross_entropy":
                return (nn.functional.binary_cross_entropy(x[0], x[1], p.GetProperty("reduction").GetString()!), null);
            case "binary_cross_entropy_constant_target":
                return (nn.functional.binary_cross_entropy(x[0], tensor(p.GetProperty("target").EnumerateArray().Select(v => v.GetSingle()).ToArray()),
                    p.GetProperty("reduction").GetString()!), null);
            case "binary_cross_entropy_with_logits":
                return (nn.functional.binary_cross_entropy_with_logits(x[0], x[1], p.GetProperty("reduction").GetString()!), null);
            case "distribution": return (Distribution(p, x), null);
            case "kl_divergence":
            {
                var (d1, _) = Family(p.GetProperty("family").GetString()!, x[..(x.Length / 2)], p);
                var (d2, _) = Family(p.GetProperty("family").GetString()!, x[(x.Length / 2)..], p);
                return (distributions.kl_divergence(d1, d2), null);
            }
            case "mse_loss":
                return (nn.functional.mse_loss(x[0], x[1], HasParam(p, "reduction") ? p.GetProperty("reduction").GetString()! : "mean"), null);

            default: throw new InvalidOperationException($"fixture op '{c.Op}' has no mapping in TorchVectorTests.Apply");
        }
    }

    /// <summary>The distribution a "distribution" case names, and its value: an input after the parameters, or class indices in params.</summary>
    private static (Distribution d, Tensor? value) Family(string family, Tensor[] x, JsonElement p)
    {
        Tensor? Value(int at) => x.Length > at ? x[at] : p.TryGetProperty("value", out var v) ? IndexTensor(v) : null;
        return family switch
        {
            "normal" => (distributions.Normal(x[0], x[1]), Value(2)),
            "lognormal" => (distributions.LogNormal(x[0], x[1]), Value(2)),
            "laplace" => (distributions.Laplace(x[0], x[1]), Value(2)),
            "categorical_logits" => (distributions.Categorical(logits: x[0]), Value(1)),
            "categorical_probs" => (distributions.Categorical(probs: x[0]), Value(1)),
            "mixture_normal" => (distributions.MixtureSameFamily(distributions.Categorical(logits: x[0]), distributions.Normal(x[1], x[2])), Value(3)),
            "mixture_laplace" => (distributions.MixtureSameFamily(distributions.Categorical(logits: x[0]), distributions.Laplace(x[1], x[2])), Value(3)),
            _ => throw new InvalidOperationException($"fixture family '{family}' has no mapping in TorchVectorTests.Family"),
        };
    }

    private static Tensor Distribution(JsonElement p, Tensor[] x)
    {
        var (d, value) = Family(p.GetProperty("family").GetString()!, x, p);
        return p.GetProperty("method").GetString() switch
        {
            "log_prob" => d.log_prob(value!),
            "cdf" => d.cdf(value!),
            "icdf" => d.icdf(value!),
            "entropy" => d.entropy(),
            "mean" => d.mean,
            "variance" => d.variance,
            "stddev" => d.stddev,
            "mean_plus_variance" => d.mean + d.variance,
            var m => throw new InvalidOperationException($"fixture method '{m}' has no mapping in TorchVectorTests.Distribution"),
        };
    }

    private static bool HasParam(JsonElement p, string key) => p.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.False;
    private static float F(JsonElement p, string key) => p.GetProperty(key).GetSingle();
    private static float? OptF(JsonElement p, string key) => p.TryGetProperty(key, out var v) ? v.GetSingle() : null;
    private static int Int(JsonElement p, string key) => p.GetProperty(key).GetInt32();
    private static bool Bool(JsonElement p, string key) => p.TryGetProperty(key, out var v) && v.GetBoolean();
    private static int[] Ints(JsonElement p, string key) => p.GetProperty(key).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static Tensor IndexTensor(JsonElement e) => Tensor.FromArray(
        e.GetProperty("data").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray(),
        e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    // ---- the checks ----

    [TestCaseSource(nameof(Cases))]
    public void MatchesTorch(OpCase c) => Check(c);

    /// <summary>The matmul cases again on the managed SIMD kernel (the default may be OpenBLAS).</summary>
    [TestCaseSource(nameof(MatmulCases)), NonParallelizable]
    public void MatchesTorchOnManagedGemm(OpCase c)
    {
        var before = Environment.GetEnvironmentVariable(Gemm.ForceManagedVariable);
        Environment.SetEnvironmentVariable(Gemm.ForceManagedVariable, "1");
        Gemm.ReadForceManaged();
        try
        {
            Assert.That(Gemm.Backend, Is.EqualTo("managed"));
            Check(c);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Gemm.ForceManagedVariable, before);
            Gemm.ReadForceManaged();
        }
    }

    [Test]
    public void FixtureIsComplete()
    {
        var cases = AllCases.Value;
        Assert.That(cases, Has.Length.GreaterThan(50));
        Assert.That(cases.Select(c => c.Name), Is.Unique);
        foreach (var c in cases)
        {
            Assert.That(c.Grads, Has.Length.EqualTo(c.Inputs.Length), c.Name);
            Assert.That(c.Output.Scale, Is.Not.Null.And.Length.EqualTo(c.Output.Data.Length), c.Name);
        }
    }

    private static void Check(OpCase c)
    {
        var leaves = c.Inputs.Select(t => t.ToTensor().requires_grad_()).ToArray();
        var (output, aux) = Apply(c, leaves);
        var report = new StringBuilder();
        var failures = new List<string>();
        Compare("output", output, c.Output, failures, report);

        if (c.Aux != null)
        {
            Assert.That(aux, Is.Not.Null, $"{c.Name}: the op returned no side output");
            Assert.That(aux!.shape, Is.EqualTo(c.Aux.Shape), $"{c.Name}: side output shape");
            Assert.That(aux.ToArray(), Is.EqualTo(c.Aux.Data), $"{c.Name}: side output (indices or sign)");
        }

        bool second = c.SecondOrder != null;
        var loss = (output * c.Weight.ToTensor()).sum();
        var grads = autograd.grad([loss], leaves, create_graph: second, allow_unused: true);
        for (int i = 0; i < leaves.Length; i++)
            Compare($"grad[{i}]", grads[i] ?? zeros_like(leaves[i]), c.Grads[i], failures, report);

        if (second)
        {
            Tensor s = scalar(0f);
            for (int i = 0; i < leaves.Length; i++)
                if (grads[i] is { } g) s = s + (g * c.V![i].ToTensor()).sum();
            // A gradient that does not depend on the inputs (pow 1, a linear op) has no graph: its derivative is zero.
            var g2 = s.requires_grad ? autograd.grad([s], leaves, allow_unused: true) : new Tensor?[leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
                Compare($"second_order[{i}]", g2[i] ?? zeros_like(leaves[i]), c.SecondOrder![i], failures, report);
        }

        TestContext.Out.WriteLine($"{c.Op}/{c.Name} (blas: {blas_backend}):\n{report}");
        if (failures.Count > 0)
            Assert.Fail($"{c.Name}: {failures.Count} mismatch(es) against PyTorch:\n" + string.Join("\n", failures.Take(12)));
    }

    /// <summary>Element-wise comparison with the tolerance derived in the class comment; records the worst deviations.</summary>
    private static void Compare(string what, Tensor actual, TensorData expected, List<string> failures, StringBuilder report)
    {
        if (!actual.shape.SequenceEqual(expected.Shape))
        {
            failures.Add($"{what}: shape {Fmt(actual.shape)}, PyTorch {Fmt(expected.Shape)}");
            return;
        }
        var a = actual.ToArray();
        double c = expected.Terms + PointwiseUlps;
        double worstRel = 0, worstScaled = 0, worstRatio = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double e = expected.Data[i], s = expected.Scale?[i] ?? 0;
            double err = Math.Abs(a[i] - e);
            double tol = c * Eps32 * (Math.Abs(e) + s);
            if (!(err <= tol))
                failures.Add($"{what}[{i}]: ours {a[i].ToString("R", CultureInfo.InvariantCulture)}, PyTorch {expected.Data[i].ToString("R", CultureInfo.InvariantCulture)}, |diff| {err:G3} > tolerance {tol:G3} (scale {s:G3}, n {expected.Terms})");
            if (err > 0)
            {
                if (e != 0) worstRel = Math.Max(worstRel, err / Math.Abs(e));
                worstScaled = Math.Max(worstScaled, err / (Math.Abs(e) + s));
                worstRatio = Math.Max(worstRatio, tol > 0 ? err / tol : double.PositiveInfinity);
            }
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"  {what}: max |diff|/|torch| {worstRel:G3}, max |diff|/(|torch|+scale) {worstScaled:G3}, max |diff|/tolerance {worstRatio:G3}");
    }

    private static string Fmt(int[] s) => "[" + string.Join(", ", s) + "]";
}
