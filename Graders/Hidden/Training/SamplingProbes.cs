using Grader.Contracts.Diffusion;
using Grader.Remote.Training;

namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The sampling half of "one function, from the first step to the last sample" (issue 79 item 2; the training half is
/// the loops' <see cref="GraderLoop.Probes"/>): a training check's sampler calls the trained ε-network on the FRESH host
/// through <see cref="Wrap"/>, which
/// <list type="bullet">
/// <item>keeps <see cref="RowsPerCall"/> rows of every sampling call, drawn by the grader (inputs and the outputs the
/// fresh host gave), which <see cref="Verify"/> afterwards gives to a network holding the same trained values in the
/// TRAINING's process, in calls of the training's batch size with the rows of all calls mixed (the shape of a training
/// call): the outputs must agree within <see cref="ProbeBound"/>. A network that answers otherwise on the fresh host, at
/// the sampler's call size, for a batch of one t, or after some number of calls, differs there;</item>
/// <item>at <see cref="Moments"/> calls drawn among the sampler's first ones, makes one probe call more, right before
/// the sampler's: an earlier sampling call's inputs again, rows in a drawn order, the same shape and grad mode as a
/// sampling call (the hand-in cannot tell it from one), whose outputs must be that call's within the same bound. A
/// network whose function changes between two moments of the sampling (a counter on the fresh host) differs there.</item>
/// </list>
/// The probes cost the fresh host <see cref="Moments"/> calls more than the sampler's, and the training's process
/// <see cref="RowsPerCall"/> rows a sampling call.
/// </summary>
public sealed class SamplingProbes
{
    /// <summary>Rows kept of every sampling call, for <see cref="Verify"/>.</summary>
    public const int RowsPerCall = 8;

    /// <summary>Probe calls interleaved with the sampler's (each an earlier call again).</summary>
    public const int Moments = 4;

    private readonly Generator _generator;

    /// <summary>The probe moments: before the sampler's call (key), the call (value) made again.</summary>
    private readonly Dictionary<int, int> _repeats = [];

    private readonly Dictionary<int, (float[] Z, int[] ZShape, float[] T, int[] TShape, float[] Output)> _sources = [];

    private readonly List<(float[] Z, float[] T, float[] Output)> _kept = [];

    private int _calls, _zWidth, _tWidth;

    private string? _changed;

    /// <summary>Probes for a sampler that makes about <paramref name="calls"/> calls (a DDPM sampler: T), drawn from <paramref name="generator"/> (the grader's; the hand-in never sees it).</summary>
    public SamplingProbes(int calls, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        for (var k = 0; k < Moments && calls > 1; k++)
        {
            var at = (int)generator.NextInt(1, calls);
            _repeats.TryAdd(at, (int)generator.NextInt(0, at));
        }
    }

    /// <summary>The calls made so far through <see cref="Wrap"/>'s network (the probe calls not counted).</summary>
    public int Calls => _calls;

    /// <summary>The rows kept so far.</summary>
    public int Kept => _kept.Count;

    /// <summary><paramref name="network"/> (the fresh host's, in the caller's grad mode) with every call probed as the type's summary says.</summary>
    public IEpsilonNetwork Wrap(IEpsilonNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new Probed(this, network);
    }

    /// <summary>
    /// The kept rows given to <paramref name="training"/> (a network holding the same trained values in the training's
    /// process), pooled in a drawn order and cut into calls of <paramref name="batch"/> rows (the last one filled up with
    /// rows from the start): null when every output agrees with the fresh host's and no probe call differed, otherwise
    /// why (charged to the model, naming the <paramref name="noun"/>). An exception of the hand-in's code propagates.
    /// </summary>
    public string? Verify(IEpsilonNetwork training, int batch, string noun = "network")
    {
        ArgumentNullException.ThrowIfNull(training);
        if (_changed is not null) return _changed;
        if (_kept.Count == 0) return null;
        batch = Math.Clamp(batch, 1, _kept.Count);
        var order = _generator.Permutation(_kept.Count);
        for (var start = 0; start < order.Length; start += batch)
        {
            using var scope = memory_scope();
            var rows = Enumerable.Range(start, batch).Select(i => _kept[order[i % order.Length]]).ToArray();
            var z = tensor(rows.SelectMany(r => r.Z).ToArray(), batch, _zWidth);
            var t = tensor(rows.SelectMany(r => r.T).ToArray(), batch, _tWidth);
            Tensor? output;
            using (enable_grad()) output = training.Forward(z, t);
            var used = Math.Min(batch, order.Length - start);
            if (output is null || output.numel() != (long)batch * _zWidth)
                return $"a {noun} holding the trained values in the training's process does not answer rows of the sampling's calls (null or another shape).";
            var again = output.detach().contiguous().ToArray();
            var (worst, bound) = ProbeBound.Gap([.. rows.Take(used).Select(r => r.Output)], [.. Enumerable.Range(0, used).Select(i => again[(i * _zWidth)..((i + 1) * _zWidth)])]);
            if (worst > bound)
                return $"your {noun}'s function is not the same in sampling as in training: the grader kept rows of the sampler's calls (made where the samples were drawn: in the tutor's run a fresh process of your hand-in) and gave them to a {noun} holding the same trained values in the training's process, in calls the size of a training batch, and the outputs differ by up to {worst:G3} (bound {bound:G2}). The {noun} must be a pure function of its parameters and of each row of its inputs: the same in every process, for every call size, and after any number of calls (no counter, cache, tensor filled during training, or branch on the call's size).";
        }

        return null;
    }

    private Tensor Call(IEpsilonNetwork inner, Tensor zt, Tensor t)
    {
        var k = _calls++;
        if (_changed is null && _repeats.TryGetValue(k, out var source) && _sources.TryGetValue(source, out var was)) Repeat(inner, source, was);
        var output = inner.Forward(zt, t);
        if (output is null || zt is null || t is null || zt.dim() != 2 || output.numel() != zt.numel() || t.size(0) != zt.size(0)) return output!;

        int n = zt.size(0), width = zt.size(1), tWidth = (int)(t.numel() / Math.Max(1, n));
        if (_kept.Count == 0) (_zWidth, _tWidth) = (width, tWidth);
        if (width != _zWidth || tWidth != _tWidth) return output;
        var z = zt.detach().contiguous().ToArray();
        var times = t.detach().contiguous().ToArray();
        var values = output.detach().contiguous().ToArray();
        if (_repeats.ContainsValue(k)) _sources[k] = (z, [.. zt.shape], times, [.. t.shape], values);
        for (var r = 0; r < RowsPerCall; r++)
        {
            var i = (int)_generator.NextInt(0, n);
            _kept.Add((z[(i * width)..((i + 1) * width)], times[(i * tWidth)..((i + 1) * tWidth)], values[(i * width)..((i + 1) * width)]));
        }

        return output;
    }

    /// <summary>Call <paramref name="source"/>'s inputs again, rows in a drawn order; its outputs must be <paramref name="was"/>'s, row for row.</summary>
    private void Repeat(IEpsilonNetwork inner, int source, (float[] Z, int[] ZShape, float[] T, int[] TShape, float[] Output) was)
    {
        int n = was.ZShape[0], width = was.Z.Length / n, tWidth = was.T.Length / n;
        var order = _generator.Permutation(n);
        var z = order.SelectMany(i => was.Z[(i * width)..((i + 1) * width)]).ToArray();
        var t = order.SelectMany(i => was.T[(i * tWidth)..((i + 1) * tWidth)]).ToArray();
        var output = inner.Forward(tensor(z, was.ZShape), tensor(t, was.TShape));
        if (output is null || output.numel() != was.Output.Length)
        {
            _changed = "your network answered the same inputs, asked again later in the sampling, with null or another shape.";
            return;
        }

        var again = output.detach().contiguous().ToArray();
        var expected = order.SelectMany(i => was.Output[(i * width)..((i + 1) * width)]).ToArray();
        var (worst, bound) = ProbeBound.Gap([expected], [again]);
        if (worst > bound)
            _changed = $"your network's function changed during the sampling: the grader gave it the inputs of the sampler's call {source + 1} again before call {_calls} (the same rows, in another order), and the outputs differ by up to {worst:G3} from the first time (bound {bound:G2}). The network must be a pure function of its parameters and of each row of its inputs (no counter, cache or state that survives a call).";
    }

    private sealed class Probed(SamplingProbes probes, IEpsilonNetwork inner) : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => probes.Call(inner, zt, t);
    }
}
