using Grader.Checks.Diffusion.Support;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// The grader's <see cref="KeyedNoise"/> with a record of the latent requests too, so a sampler check can say how a
/// hand-in used its noise: which shapes it asked for, which steps, and whether it drew x_T from the source at all.
/// </summary>
public sealed class RecordedNoise(ulong seed) : INoiseSource
{
    private readonly KeyedNoise _noise = new(seed);
    private readonly List<int[]> _latentRequests = [];

    /// <summary>The shape of every <see cref="Latent"/> call, in call order.</summary>
    public IReadOnlyList<int[]> LatentRequests => _latentRequests;

    /// <summary>The (t, shape) of every <see cref="ForStep"/> call, in call order.</summary>
    public IReadOnlyList<(int t, int[] shape)> StepRequests => _noise.StepRequests;

    public Tensor Latent(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _latentRequests.Add((int[])shape.Clone());
        return _noise.Latent(shape);
    }

    public Tensor ForStep(int t, int[] shape) => _noise.ForStep(t, shape);

    /// <summary>
    /// What looks wrong in the requests of a sampler over <paramref name="T"/> steps that should draw noise of
    /// <paramref name="stepShape"/> at every step t = 1 … T − 1 and none at t = 0; empty when nothing does.
    /// </summary>
    public List<string> StepProblems(int T, int[] stepShape, bool expectLatent, int[]? latentShape = null)
    {
        var problems = new List<string>();
        if (expectLatent)
        {
            if (_latentRequests.Count == 0)
                problems.Add("it never called noise.Latent(shape): x_T must come from the grader's noise source, not from a generator of its own");
            else if (latentShape is not null && _latentRequests.Any(s => !s.SequenceEqual(latentShape)))
                problems.Add($"it asked noise.Latent for shape {HandinCall.Shape(_latentRequests.First(s => !s.SequenceEqual(latentShape)))}, not {HandinCall.Shape(latentShape)}");
        }

        var steps = StepRequests;
        if (steps.Any(r => r.t >= T))
            problems.Add($"it asked noise.ForStep for t = {steps.First(r => r.t >= T).t}, but the code indices run 0 … T − 1 = {T - 1} (code index t is the paper's t + 1)");
        if (steps.Any(r => r.t == 0))
            problems.Add("it drew noise for t = 0: Algorithm 2 sets z = 0 at the last step (the paper's t = 1)");
        var wrongShape = steps.FirstOrDefault(r => !r.shape.SequenceEqual(stepShape));
        if (wrongShape.shape is not null)
            problems.Add($"it asked noise.ForStep({wrongShape.t}, {HandinCall.Shape(wrongShape.shape)}), where the step's noise has shape {HandinCall.Shape(stepShape)}");
        var missing = Enumerable.Range(1, Math.Max(T - 1, 0)).Except(steps.Select(r => r.t)).ToArray();
        if (missing.Length > 0 && missing.Length < T - 1)
            problems.Add($"it never drew noise for {missing.Length} of the steps t = 1 … {T - 1} (first: t = {missing[0]})");
        else if (missing.Length > 0 && missing.Length == T - 1 && steps.Count == 0)
            problems.Add("it never called noise.ForStep: the noise z of every step t ≥ 1 must come from the grader's noise source");
        return problems;
    }
}
