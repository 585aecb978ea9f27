using Grader.Reference.Flows;
using Grader.Reference.Tests.Flows;
using Grader.Reference.Tests.Snapshots;

namespace Grader.Reference.Tests.Torch;

/// <summary>
/// The flow reference (<see cref="AllInOneBlock"/>, <see cref="Inn"/>) against PyTorch: fixtures/torch/flow_vectors.json,
/// written by fixtures/torch/make_flow_vectors.py (an independent PyTorch implementation of FrEIA's AllInOneBlock,
/// checked there against FrEIA master itself). Per case the reference is loaded with the stored float32 parameters and
/// run on the stored inputs. Tolerances come from <see cref="DoubleInn"/> (the test's own double evaluation with a
/// float32 error bound e for every output; worst-case, so loose through 8 blocks, but valid):
/// <list type="bullet">
/// <item>the test's double evaluation against PyTorch's float64: 10⁻⁹ relative (two double evaluations of one formula;
/// the inverse also differs by PyTorch undoing the rotation with Wᵀ, which the double evaluation bounds);</item>
/// <item>the reference's float32 against PyTorch's float64: 2e (the reference's own error);</item>
/// <item>the reference's float32 against PyTorch's float32: 4e (both sides' errors, each within 2e);</item>
/// <item>the analytic log-det against log|det J| from torch.autograd's Jacobian and slogdet in float64: equal up to
/// log|det W| of the float32 rotations, which the analytic formula leaves out as FrEIA does.</item>
/// </list>
/// </summary>
[TestFixture]
public sealed class FlowVectorTests
{
    public sealed record Case(string Name, JsonElement Json)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<Case[]> Data = new(() =>
    {
        var path = Path.Combine(SnapshotApproval.RepositoryRoot(), "fixtures", "torch", "flow_vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(c.GetProperty("name").GetString()!, c.Clone())).ToArray();
    });

    public static IEnumerable<TestCaseData> Cases() => Data.Value.Select(c => new TestCaseData(c).SetName($"torch_flows/{c.Name}"));

    private static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().SelectMany(Flat).ToArray()
        : e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static Tensor Tensor2(JsonElement e) => tensor(Flat(e), e.GetArrayLength(), e[0].GetArrayLength());

    /// <summary>The reference INN with the case's parameters (the subnet's own initialisation is overwritten).</summary>
    private static Inn Load(JsonElement json)
    {
        int c = json.GetProperty("channels").GetInt32(), hidden = json.GetProperty("hidden").GetInt32();
        var blocks = json.GetProperty("blocks").EnumerateArray().ToArray();
        var perm = json.GetProperty("permutation").GetString() == "soft" ? PermutationKind.Soft : PermutationKind.Hard;
        var inn = new Inn(new InnSettings(c, blocks.Length, hidden, json.GetProperty("clamp").GetDouble(), perm), new Generator(0));
        var state = new Dictionary<string, Tensor>();
        for (int b = 0; b < blocks.Length; b++)
        {
            var p = blocks[b];
            state[$"{b}.global_scale"] = tensor(Flat(p.GetProperty("gamma")));
            state[$"{b}.global_offset"] = tensor(Flat(p.GetProperty("offset")));
            state[$"{b}.w_perm"] = Tensor2(p.GetProperty("w_perm"));
            state[$"{b}.subnet.0.weight"] = Tensor2(p.GetProperty("w1"));
            state[$"{b}.subnet.0.bias"] = tensor(Flat(p.GetProperty("b1")));
            state[$"{b}.subnet.2.weight"] = Tensor2(p.GetProperty("w2"));
            state[$"{b}.subnet.2.bias"] = tensor(Flat(p.GetProperty("b2")));
        }
        inn.load_state_dict(state);
        return inn;
    }

    [TestCaseSource(nameof(Cases))]
    public void Forward_inverse_log_det_and_nll_match_pytorch(Case @case)
    {
        var json = @case.Json;
        var inn = Load(json);
        var blocks = inn.Blocks.Select(DoubleBlock.From).ToArray();
        int c = inn.Dim;
        var x = Tensor2(json.GetProperty("x"));
        var zIn = Tensor2(json.GetProperty("z_in"));
        int n = x.size(0);
        var expected = json.GetProperty("expected");
        var f32 = json.GetProperty("float32");
        double[] ez = Flat(expected.GetProperty("z")), eld = Flat(expected.GetProperty("logdet")), ex = Flat(expected.GetProperty("inverse_x")),
                 eldi = Flat(expected.GetProperty("inverse_logdet")), enll = Flat(expected.GetProperty("nll")), jac = Flat(json.GetProperty("jacobian_logdet"));
        double[] tz = Flat(f32.GetProperty("z")), tld = Flat(f32.GetProperty("logdet")), tx = Flat(f32.GetProperty("inverse_x")), tldi = Flat(f32.GetProperty("inverse_logdet"));

        var (z, ld) = inn.forward(x);
        var (xi, ldi) = inn.Inverse(zIn);
        double[] rz = z.ToDoubleArray(), rld = ld.ToDoubleArray(), rx = xi.ToDoubleArray(), rldi = ldi.ToDoubleArray(), rnll = inn.NegativeLogLikelihood(x).ToDoubleArray();
        double logDetW = blocks.Sum(b => DoubleInn.LogAbsDet(b.Perm));
        double worstRef = 0, worstTorch32 = 0;
        void Within(double seen, double want, double bound, string what, ref double worst)
        {
            worst = Math.Max(worst, Math.Abs(seen - want) / bound);
            Math.Abs(seen - want).Should().BeLessThanOrEqualTo(bound, $"{@case.Name}: {what}");
        }

        var xs = x.ToDoubleArray();
        var zs = zIn.ToDoubleArray();
        for (int i = 0; i < n; i++)
        {
            var f = DoubleInn.Forward(blocks, xs.AsSpan(i * c, c).ToArray());
            var g = DoubleInn.Inverse(blocks, zs.AsSpan(i * c, c).ToArray());
            var gDefect = DoubleInn.Inverse(blocks, zs.AsSpan(i * c, c).ToArray(), u: 0);
            for (int j = 0; j < c; j++)
            {
                int k = i * c + j;
                f.Value[j].Should().BeApproximately(ez[k], 1e-9 * (1 + Math.Abs(ez[k])), $"{@case.Name}: double z[{i},{j}] vs PyTorch float64");
                Math.Abs(g.Value[j] - ex[k]).Should().BeLessThanOrEqualTo(gDefect.Error[j] + 1e-9 * (1 + Math.Abs(ex[k])), $"{@case.Name}: double inverse x[{i},{j}] vs PyTorch float64");
                Within(rz[k], ez[k], 2 * f.Error[j], $"z[{i},{j}]", ref worstRef);
                Within(rz[k], tz[k], 4 * f.Error[j], $"z[{i},{j}] vs PyTorch float32", ref worstTorch32);
                Within(rx[k], ex[k], 2 * g.Error[j], $"inverse x[{i},{j}]", ref worstRef);
                Within(rx[k], tx[k], 4 * g.Error[j], $"inverse x[{i},{j}] vs PyTorch float32", ref worstTorch32);
            }
            f.LogDet.Should().BeApproximately(eld[i], 1e-9 * (1 + Math.Abs(eld[i])), $"{@case.Name}: double log-det[{i}]");
            Within(rld[i], eld[i], 2 * f.LogDetError, $"log-det[{i}]", ref worstRef);
            Within(rld[i], tld[i], 4 * f.LogDetError, $"log-det[{i}] vs PyTorch float32", ref worstTorch32);
            Within(rldi[i], eldi[i], 2 * g.LogDetError + 1e-9 * (1 + Math.Abs(eldi[i])), $"inverse log-det[{i}]", ref worstRef);
            Within(rldi[i], tldi[i], 4 * g.LogDetError, $"inverse log-det[{i}] vs PyTorch float32", ref worstTorch32);
            // log|det J| (autograd + slogdet) = analytic + log|det W|; the double evaluation agrees with both.
            jac[i].Should().BeApproximately(f.LogDet + logDetW, 1e-9 * (1 + Math.Abs(jac[i])), $"{@case.Name}: PyTorch's Jacobian log-det [{i}]");
            Within(rld[i], jac[i], 2 * f.LogDetError + Math.Abs(logDetW), $"log-det[{i}] vs the Jacobian's", ref worstRef);
            // NLL = ½‖z‖² + (d/2)·ln 2π − log-det: its error ≤ Σ|z_j|·e_j + e_log-det + a few u of the terms (×2).
            double zsq = Enumerable.Range(0, c).Sum(j => ez[i * c + j] * ez[i * c + j]);
            double nllBound = Enumerable.Range(0, c).Sum(j => (Math.Abs(ez[i * c + j]) + f.Error[j]) * f.Error[j]) + f.LogDetError
                + 4 * DoubleInn.U * (0.5 * zsq + c * Math.Log(2 * Math.PI) / 2 + Math.Abs(eld[i]));
            Within(rnll[i], enll[i], 2 * nllBound, $"NLL[{i}]", ref worstRef);
        }
        TestContext.Out.WriteLine($"{@case.Name}: largest |reference − PyTorch float64| / 2e = {worstRef:F4}, |reference − PyTorch float32| / 4e = {worstTorch32:F4}; log|det W| = {logDetW:E2}");
    }
}
