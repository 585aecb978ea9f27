using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;

namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>
/// The exact optimal ε-predictor of a finite set of images (the reference's <see cref="FiniteSetDenoiser"/>: the
/// posterior-weighted mean of the set at each t, in double) as the ε-network a hand-in's sampler is handed, reading its
/// time input by <see cref="OracleTime"/>. Images are rows of z_t, [N, D] (D = pixels per image, flattened as DTU 3.5's
/// transform does). With it a sampler needs no trained network, and its output is fixed by the set and the noise.
/// </summary>
public sealed class FiniteSetOracle : IEpsilonNetwork
{
    private readonly FiniteSetDenoiser _denoiser;
    private readonly List<int> _visited = [];
    private readonly Dictionary<int, double[]> _frames = [];
    private HashSet<int> _frameSteps = [];
    private int _frameRows;

    /// <param name="schedule">The schedule the sampler runs with.</param>
    /// <param name="images">The set, [M, D].</param>
    /// <param name="time">How the time input is read.</param>
    public FiniteSetOracle(NoiseSchedule schedule, Tensor images, OracleTime time)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _denoiser = new FiniteSetDenoiser(BetaSchedule.FromBetas(schedule.Betas), images);
        Time = time;
        T = schedule.T;
    }

    public OracleTime Time { get; }

    public int T { get; }

    /// <summary>D, the pixels per image.</summary>
    public int Dimension => _denoiser.Dimension;

    /// <summary>The code index of every <see cref="Forward"/> call (of its first row), in call order.</summary>
    public IReadOnlyList<int> VisitedSteps => _visited;

    /// <summary>z_t's first rows at the first call at each code index <see cref="RecordFrames"/> asked for (the frames of a trajectory, for the feedback).</summary>
    public IReadOnlyDictionary<int, double[]> Frames => _frames;

    /// <summary>From now on keeps the first <paramref name="rows"/> rows of z_t at the first call at each code index of <paramref name="steps"/> in <see cref="Frames"/>.</summary>
    public void RecordFrames(IEnumerable<int> steps, int rows)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _frameSteps = [.. steps];
        _frameRows = rows;
    }

    public Tensor Forward(Tensor zt, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(zt);
        ArgumentNullException.ThrowIfNull(t);
        if (zt.dim() != 2 || zt.size(1) != Dimension)
            throw new ArgumentException($"the ε-network expects z_t as one flattened image per row, [N, pixels], got {zt.dim()} dimension{(zt.dim() == 1 ? "" : "s")} of another layout");
        var n = zt.size(0);
        if (t.numel() != n && t.numel() != 1)
            throw new ArgumentException("the ε-network expects one time value per row of z_t (a column [N, 1]), or a single one for all rows");
        var times = t.ToArray();
        var steps = new int[n];
        for (var i = 0; i < n; i++) steps[i] = TimeInput.Decode(times[times.Length == 1 ? 0 : i], Time, T);
        _visited.Add(n > 0 ? steps[0] : -1);
        var z = zt.contiguous();
        if (n > 0 && _frameRows > 0 && _frameSteps.Contains(steps[0]) && !_frames.ContainsKey(steps[0]))
            _frames[steps[0]] = z.narrow(0, 0, (int)Math.Min(n, _frameRows)).contiguous().ToDoubleArray();
        return _denoiser.Predict(z, steps);
    }
}
