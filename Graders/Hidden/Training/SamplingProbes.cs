using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Contracts.OdeSde;
using Grader.Remote.Training;

namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The sampling half of "one function, from the first step to the last sample" (issue 79 item 2; the training half is
/// the loops' <see cref="GraderLoop.Probes"/>): a training check's sampler and scoring call the trained model on the
/// FRESH host through <see cref="Wrap(IEpsilonNetwork)"/> (an ε-network: the V's, the toy data's, the images'),
/// <see cref="Wrap(INormalizingFlow)"/> (the INN's Forward and Inverse) or <see cref="Wrap(IDifferentiableNetwork, string)"/>
/// (the ODE's drift, the SDE's four networks: Forward, PartialX, PartialT), which
/// <list type="bullet">
/// <item>keeps <see cref="RowsPerCall"/> rows of every call, drawn by the grader (inputs and the outputs the fresh host
/// gave, per kind of call), which <see cref="Verify(Func{string, Tensor[], Tensor?[]}, int, string)"/> afterwards gives to a model holding the same trained
/// values in the TRAINING's process, in calls of the training's batch size with the rows of all calls of a kind mixed
/// (the shape of a training call) and in the training's grad mode: the outputs must agree within <see cref="ProbeBound"/>.
/// A model that answers otherwise on the fresh host, at the sampler's call size, under no_grad, for a batch of one t, or
/// after some number of calls, differs there;</item>
/// <item>at <see cref="Moments"/> calls drawn among the first ones, makes one probe call more, right before the
/// sampler's: an earlier call's inputs again (the same kind of call), rows in a drawn order, the same shape and grad mode
/// as a sampling call (the hand-in cannot tell it from one), whose outputs must be that call's within the same bound. A
/// model whose function changes between two moments of the sampling (a counter on the fresh host) differs there.</item>
/// </list>
/// The probes cost the fresh host <see cref="Moments"/> calls more than the sampler's, and the training's process
/// <see cref="RowsPerCall"/> rows a sampling call.
/// </summary>
public sealed class SamplingProbes
{
    /// <summary>Rows kept of every sampling call, for <see cref="Verify(Func{string, Tensor[], Tensor?[]}, int, string)"/>.</summary>
    public const int RowsPerCall = 8;

    /// <summary>Probe calls interleaved with the sampler's (each an earlier call again).</summary>
    public const int Moments = 4;

    private readonly Generator _generator;

    /// <summary>The probe moments: before the sampler's call (key), the call (value) made again.</summary>
    private readonly Dictionary<int, int> _repeats = [];

    private readonly Dictionary<int, ProbedCall> _sources = [];

    /// <summary>Per kind of call, the fresh host's function (for the repeats) and the widths of a row of each input and output.</summary>
    private readonly Dictionary<string, (Func<Tensor[], Tensor?[]> Inner, int[] In, int[] Out)> _kinds = new(StringComparer.Ordinal);

    private readonly List<(string Kind, float[][] In, float[][] Out)> _kept = [];

    private int _calls;

    private string? _changed;

    /// <summary>A call as it was made: its kind, its inputs (row-major, with their shapes) and its outputs.</summary>
    private sealed record ProbedCall(string Kind, float[][] Inputs, int[][] Shapes, float[][] Outputs, int Rows);

    /// <summary>
    /// Probes for a sampler that makes about <paramref name="calls"/> calls (a DDPM sampler: T), drawn from
    /// <paramref name="generator"/> (the grader's; the hand-in never sees it), with <paramref name="moments"/> repeats (a
    /// scoring of few large calls, the INN's, takes fewer: each repeat costs a call).
    /// </summary>
    public SamplingProbes(int calls, Generator generator, int moments = Moments)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        for (var k = 0; k < moments && calls > 1; k++)
        {
            var at = (int)generator.NextInt(1, calls);
            _repeats.TryAdd(at, (int)generator.NextInt(0, at));
        }
    }

    /// <summary>The calls made so far through the wrappers (the probe calls not counted).</summary>
    public int Calls => _calls;

    /// <summary>The rows kept so far.</summary>
    public int Kept => _kept.Count;

    /// <summary><paramref name="network"/> (the fresh host's, in the caller's grad mode) with every call probed as the type's summary says.</summary>
    public IEpsilonNetwork Wrap(IEpsilonNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ProbedEpsilon(this, network);
    }

    /// <summary><paramref name="flow"/> (the fresh host's) with every Forward and Inverse probed as the type's summary says.</summary>
    public INormalizingFlow Wrap(INormalizingFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new ProbedFlow(this, flow);
    }

    /// <summary><paramref name="network"/> (the fresh host's) with every Forward, PartialX and PartialT probed, its calls' kinds named by <paramref name="name"/> (e.g. "f").</summary>
    public IDifferentiableNetwork Wrap(IDifferentiableNetwork network, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(name);
        return new ProbedNetwork(this, network, name);
    }

    /// <summary>The kept rows given to <paramref name="training"/> (an ε-network holding the same trained values in the training's process): <see cref="Verify(Func{string, Tensor[], Tensor?[]}, int, string)"/>.</summary>
    public string? Verify(IEpsilonNetwork training, int batch, string noun = "network")
    {
        ArgumentNullException.ThrowIfNull(training);
        return Verify((_, inputs) => [training.Forward(inputs[0], inputs[1])], batch, noun);
    }

    /// <summary>The kept rows given to <paramref name="training"/> (a flow holding the same trained values in the training's process): <see cref="Verify(Func{string, Tensor[], Tensor?[]}, int, string)"/>.</summary>
    public string? Verify(INormalizingFlow training, int batch, string noun = "flow")
    {
        ArgumentNullException.ThrowIfNull(training);
        return Verify((kind, inputs) => kind == "Inverse" ? [training.Inverse(inputs[0])] : Pair(training.Forward(inputs[0])), batch, noun);
    }

    /// <summary>
    /// The kept rows given to the networks <paramref name="training"/> names (by the names <see cref="Wrap(IDifferentiableNetwork, string)"/>
    /// was given; networks holding the same trained values in the training's process): <see cref="Verify(Func{string, Tensor[], Tensor?[]}, int, string)"/>.
    /// </summary>
    public string? Verify(Func<string, IDifferentiableNetwork> training, int batch, string noun = "network")
    {
        ArgumentNullException.ThrowIfNull(training);
        return Verify((kind, inputs) =>
        {
            var dot = kind.LastIndexOf('.');
            var network = training(kind[..dot]);
            return kind[(dot + 1)..] switch
            {
                "PartialX" => [network.PartialX(inputs[0], inputs[1])],
                "PartialT" => [network.PartialT(inputs[0], inputs[1])],
                _ => [network.Forward(inputs[0], inputs[1])],
            };
        }, batch, noun);
    }

    /// <summary>
    /// The kept rows given to <paramref name="training"/> (the kind of call and its inputs → its outputs, on a model
    /// holding the same trained values in the training's process), per kind pooled in a drawn order and cut into calls
    /// of <paramref name="batch"/> rows (the last one filled up with rows from the start), under enable_grad (the
    /// training's grad mode): null when every output agrees with the fresh host's and no probe call differed, otherwise
    /// why (charged to the model, naming the <paramref name="noun"/>). An exception of the hand-in's code propagates.
    /// </summary>
    public string? Verify(Func<string, Tensor[], Tensor?[]> training, int batch, string noun = "network")
    {
        ArgumentNullException.ThrowIfNull(training);
        if (_changed is not null) return _changed;
        foreach (var kind in _kinds.Keys.Order(StringComparer.Ordinal))
        {
            var kept = _kept.Where(r => r.Kind == kind).ToList();
            if (kept.Count == 0) continue;
            var (_, inWidths, outWidths) = _kinds[kind];
            var size = Math.Clamp(batch, 1, kept.Count);
            var order = _generator.Permutation(kept.Count);
            for (var start = 0; start < order.Length; start += size)
            {
                using var scope = memory_scope();
                var rows = Enumerable.Range(start, size).Select(i => kept[order[i % order.Length]]).ToArray();
                var inputs = inWidths.Select((w, j) => tensor(rows.SelectMany(r => r.In[j]).ToArray(), size, w)).ToArray();
                Tensor?[] outputs;
                using (enable_grad()) outputs = training(kind, inputs);
                var used = Math.Min(size, order.Length - start);
                if (outputs is null || outputs.Length != outWidths.Length || outputs.Where((o, j) => o is null || o.numel() != (long)size * outWidths[j]).Any())
                    return $"a {noun} holding the trained values in the training's process does not answer rows of the sampling's calls{Of(kind)} (null or another shape).";
                for (var j = 0; j < outWidths.Length; j++)
                {
                    var w = outWidths[j];
                    var again = outputs[j]!.detach().contiguous().ToArray();
                    var (worst, bound) = ProbeBound.Gap([.. rows.Take(used).Select(r => r.Out[j])], [.. Enumerable.Range(0, used).Select(i => again[(i * w)..((i + 1) * w)])]);
                    if (worst > bound)
                        return $"your {noun}'s function is not the same in sampling as in training: the grader kept rows of the sampler's calls{Of(kind)} (made where the samples were drawn: in the tutor's run a fresh process of your hand-in) and gave them to a {noun} holding the same trained values in the training's process, in calls the size of a training batch, and the outputs differ by up to {worst:G3} (bound {bound:G2}). The {noun} must be a pure function of its parameters and of each row of its inputs: the same in every process, for every call size, with or without gradient recording, and after any number of calls (no counter, cache, tensor filled during training, or branch on the call's size or on the grad mode).";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The probes verified for a check (<paramref name="verify"/>, one of the <c>Verify</c> overloads) on a model holding
    /// the trained values in the training's process (<paramref name="inTraining"/>, a call of the hand-in's
    /// <paramref name="model"/>, e.g. "Model(d, generator)"): null, or the failure (the training's points).
    /// </summary>
    public CheckResult? Check<T>(HandinCall call, string model, Func<T?> inTraining, Func<T, string?> verify) where T : class
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(verify);
        if (call.Run($"{model} in the training's process, holding the trained values, for the sampling's probes", inTraining, out var twin) is { } failed) return failed;
        if (twin is null) return call.Fail($"a model from your {model} was null.");
        return call.Run("the sampling's probes on a model holding the trained values in the training's process",
            () => verify(Grader.Remote.Channel.RemoteProxy.InCallersGradMode(twin)), out var changed) ?? (changed is null ? null : call.Fail(changed));
    }

    /// <summary>" (its Inverse)" for a kind of call other than a plain ε-network's.</summary>
    private static string Of(string kind) => kind == Epsilon ? "" : $" (its {kind})";

    private const string Epsilon = "ε";

    private static Tensor?[] Pair((Tensor Z, Tensor LogDet) output) => [output.Z, output.LogDet];

    /// <summary>One call of <paramref name="kind"/> through a wrapper: a repeat first when one is due, the call, rows kept.</summary>
    private Tensor?[] Call(string kind, Func<Tensor[], Tensor?[]> inner, Tensor[] inputs)
    {
        var k = _calls++;
        if (_changed is null && _repeats.TryGetValue(k, out var source) && _sources.TryGetValue(source, out var was)) Repeat(source, was);
        var outputs = inner(inputs);
        if (outputs is null || inputs.Any(i => i is null || i.dim() < 1) || outputs.Any(o => o is null)) return outputs!;
        var n = (int)inputs[0].size(0);
        if (n < 1 || inputs.Any(i => i.size(0) != n) || outputs.Any(o => o!.numel() % n != 0)) return outputs;
        var inWidths = inputs.Select(i => (int)(i.numel() / n)).ToArray();
        var outWidths = outputs.Select(o => (int)(o!.numel() / n)).ToArray();
        if (!_kinds.TryGetValue(kind, out var known)) _kinds[kind] = (inner, inWidths, outWidths);
        else if (!known.In.SequenceEqual(inWidths) || !known.Out.SequenceEqual(outWidths)) return outputs;
        if (_repeats.ContainsValue(k))
            _sources[k] = new ProbedCall(kind, [.. inputs.Select(i => i.detach().contiguous().ToArray())], [.. inputs.Select(i => i.shape.ToArray())], [.. outputs.Select(o => o!.detach().contiguous().ToArray())], n);
        // Only the kept rows are copied out of the call (a sampling call may hold thousands).
        var rows = new int[RowsPerCall];
        for (var r = 0; r < RowsPerCall; r++) rows[r] = (int)_generator.NextInt(0, n);
        float[] Rows(Tensor x, int width) => x.detach().reshape(n, width).index_select(0, rows).contiguous().ToArray();
        var ins = inputs.Select((x, j) => Rows(x, inWidths[j])).ToArray();
        var outs = outputs.Select((x, j) => Rows(x!, outWidths[j])).ToArray();
        for (var r = 0; r < RowsPerCall; r++)
            _kept.Add((kind, [.. ins.Select((v, j) => v[(r * inWidths[j])..((r + 1) * inWidths[j])])], [.. outs.Select((v, j) => v[(r * outWidths[j])..((r + 1) * outWidths[j])])]));

        return outputs;
    }

    /// <summary>Call <paramref name="source"/>'s inputs again, rows in a drawn order; its outputs must be <paramref name="was"/>'s, row for row.</summary>
    private void Repeat(int source, ProbedCall was)
    {
        var (inner, inWidths, outWidths) = _kinds[was.Kind];
        var n = was.Rows;
        var order = _generator.Permutation(n);
        float[] Reordered(float[] values, int w) => order.SelectMany(i => values[(i * w)..((i + 1) * w)]).ToArray();
        var inputs = was.Inputs.Select((v, j) => tensor(Reordered(v, inWidths[j]), was.Shapes[j])).ToArray();
        var outputs = inner(inputs);
        if (outputs is null || outputs.Length != was.Outputs.Length || outputs.Where((o, j) => o is null || o.numel() != was.Outputs[j].Length).Any())
        {
            _changed = $"your model answered the same inputs, asked again later in the sampling{Of(was.Kind)}, with null or another shape.";
            return;
        }

        var expected = was.Outputs.Select((v, j) => Reordered(v, outWidths[j])).ToArray();
        var again = outputs.Select(o => o!.detach().contiguous().ToArray()).ToArray();
        var (worst, bound) = ProbeBound.Gap(expected, again);
        if (worst > bound)
            _changed = $"your model's function changed during the sampling: the grader gave it the inputs of the sampler's call {source + 1}{Of(was.Kind)} again before call {_calls} (the same rows, in another order), and the outputs differ by up to {worst:G3} from the first time (bound {bound:G2}). The model must be a pure function of its parameters and of each row of its inputs (no counter, cache or state that survives a call).";
    }

    private sealed class ProbedEpsilon(SamplingProbes probes, IEpsilonNetwork inner) : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => probes.Call(Epsilon, i => [inner.Forward(i[0], i[1])], [zt, t])[0]!;
    }

    private sealed class ProbedFlow(SamplingProbes probes, INormalizingFlow inner) : INormalizingFlow
    {
        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            var outputs = probes.Call("Forward", i => Pair(inner.Forward(i[0])), [x]);
            return (outputs[0]!, outputs[1]!);
        }

        public Tensor Inverse(Tensor z) => probes.Call("Inverse", i => [inner.Inverse(i[0])], [z])[0]!;
    }

    private sealed class ProbedNetwork(SamplingProbes probes, IDifferentiableNetwork inner, string name) : IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => probes.Call($"{name}.Forward", i => [inner.Forward(i[0], i[1])], [x, t])[0]!;

        public Tensor PartialX(Tensor x, Tensor t) => probes.Call($"{name}.PartialX", i => [inner.PartialX(i[0], i[1])], [x, t])[0]!;

        public Tensor PartialT(Tensor x, Tensor t) => probes.Call($"{name}.PartialT", i => [inner.PartialT(i[0], i[1])], [x, t])[0]!;
    }
}
