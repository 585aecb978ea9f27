using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion.Support;

/// <summary>
/// A fixed, untrained ε-network for exact comparisons: a small tanh MLP on [z, τ(t)] whose weights come from a seed.
/// It is smooth and depends on both z and t, so any error in how a hand-in feeds it (t not normalised, wrong index,
/// wrong point) changes its output. τ(t) is the time convention of the task: the raw index (Heidelberg) or t/T (DTU).
/// It records the time inputs it was called with, so a check can report what the hand-in passed.
/// </summary>
public sealed class FixedEpsilonNetwork : IEpsilonNetwork
{
    private readonly Tensor _w1, _b1, _w2, _b2;
    private readonly float _timeScale;
    private readonly List<float[]> _timeInputs = [];

    /// <param name="dim">Data dimension d.</param>
    /// <param name="seed">Seed of the weights.</param>
    /// <param name="timeScale">Multiplies the time input inside the network, so inputs of either convention land in a useful range
    /// (e.g. 1/T for raw indices, 1 for t/T).</param>
    /// <param name="hidden">Hidden width.</param>
    public FixedEpsilonNetwork(int dim, ulong seed, float timeScale, int hidden = 16)
    {
        var g = new Generator(seed);
        _w1 = torch.randn([dim + 1, hidden], g) * (1.5f / MathF.Sqrt(dim + 1));
        _b1 = torch.randn([hidden], g) * 0.3f;
        _w2 = torch.randn([hidden, dim], g) * (1f / MathF.Sqrt(hidden));
        _b2 = torch.randn([dim], g) * 0.1f;
        _timeScale = timeScale;
    }

    /// <summary>The time tensors passed to <see cref="Forward"/>, flattened, in call order.</summary>
    public IReadOnlyList<float[]> TimeInputs => _timeInputs;

    public Tensor Forward(Tensor zt, Tensor t)
    {
        if (zt.dim() != 2) throw new ArgumentException($"the ε-network expects z_t of shape [N, d], got [{string.Join(", ", zt.shape)}]");
        int n = zt.size(0);
        if (t.numel() != n && t.numel() != 1)
            throw new ArgumentException($"the ε-network expects one time value per point ({n}), got t of shape [{string.Join(", ", t.shape)}]");
        _timeInputs.Add(t.ToArray());
        var tc = t.reshape(-1, 1).expand(n, 1) * _timeScale;
        var h = torch.cat([zt, tc], 1).matmul(_w1) + _b1;
        return h.tanh().matmul(_w2) + _b2;
    }
}
