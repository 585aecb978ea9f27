using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// A reverse (generative) process: a loop over code timesteps from high to low, each step mapping z_t to z_prev from
/// the model's noise prediction and, where the step is stochastic, fresh noise supplied by the caller.
/// </summary>
/// <remarks>
/// <para>
/// The latents and every noise draw come from the caller (<see cref="StepNoise"/>), so a run is a deterministic
/// function of its inputs. <see cref="Trajectory"/> returns all states, [S + 1, N, …] with the start latents first
/// and the samples last (the Heidelberg notebook's trajectory helper, S = T for the full chain).
/// </para>
/// <para>
/// <see cref="Coefficients"/> gives each step as an affine map in double precision; the tensor step computes the same
/// thing in float32 (in the form the sheet writes it). <see cref="Oracles.GaussianOutputLaw"/> uses the coefficients
/// to compute the exact output law under a linear-Gaussian oracle.
/// </para>
/// </remarks>
public abstract class ReverseSampler
{
    private readonly int[] _timesteps;
    private readonly Dictionary<int, int> _previous;

    /// <param name="schedule">The schedule the model was trained with.</param>
    /// <param name="timesteps">The code timesteps visited, strictly decreasing; null for the full chain T − 1 … 0.</param>
    protected ReverseSampler(BetaSchedule schedule, IReadOnlyList<int>? timesteps = null)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _timesteps = timesteps?.ToArray() ?? Enumerable.Range(0, schedule.T).Reverse().ToArray();
        if (_timesteps.Length == 0) throw new ArgumentException("A sampler needs at least one timestep.", nameof(timesteps));
        for (var i = 0; i < _timesteps.Length; i++)
        {
            schedule.RequireIndex(_timesteps[i], nameof(timesteps));
            if (i > 0 && _timesteps[i] >= _timesteps[i - 1])
                throw new ArgumentException($"The timesteps must be strictly decreasing; {_timesteps[i - 1]} is followed by {_timesteps[i]}.", nameof(timesteps));
        }

        _previous = new Dictionary<int, int>(_timesteps.Length);
        for (var i = 0; i < _timesteps.Length; i++) _previous[_timesteps[i]] = i + 1 < _timesteps.Length ? _timesteps[i + 1] : -1;
    }

    public BetaSchedule Schedule { get; }

    /// <summary>The code timesteps visited, in loop order (T − 1 … 0 for the full chain).</summary>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <summary>The timestep after <paramref name="t"/> in the loop, or −1 after the last one (where ᾱ_prev = 1).</summary>
    public int PreviousTimestep(int t) =>
        _previous.TryGetValue(t, out var p) ? p : throw new ArgumentOutOfRangeException(nameof(t), t, "This sampler does not visit that timestep.");

    /// <summary>ᾱ at the step's target: ᾱ[<see cref="PreviousTimestep"/>], or 1 after the last step.</summary>
    protected double AlphaBarPrevious(int t)
    {
        var p = PreviousTimestep(t);
        return p < 0 ? 1.0 : Schedule.AlphaBar[p];
    }

    /// <summary>The step leaving code timestep <paramref name="t"/> as an affine map (double precision).</summary>
    public abstract AffineStep Coefficients(int t);

    /// <summary>True when the step leaving <paramref name="t"/> adds fresh noise.</summary>
    public virtual bool AddsNoise(int t) => Coefficients(t).NoiseVariance > 0;

    /// <summary>
    /// One reverse step from z_t given the model's prediction ε̂ = ε_θ(z_t, t) and the fresh noise ξ (ignored, and may
    /// be null, when the step adds none).
    /// </summary>
    public abstract Tensor Step(Tensor zt, int t, Tensor epsilonHat, Tensor? noise);

    /// <summary>One reverse step, asking <paramref name="model"/> for ε̂.</summary>
    public Tensor Step(IEpsilonModel model, Tensor zt, int t, Tensor? noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        var epsilonHat = model.Predict(zt, Fill(t, zt.size(0)));
        ScheduleColumns.RequireSameShape(epsilonHat, zt, "the model's prediction", "z_t");
        return Step(zt, t, epsilonHat, noise);
    }

    /// <summary>Runs the whole loop from <paramref name="latents"/> [N, …] and returns the final samples.</summary>
    public Tensor Sample(IEpsilonModel model, Tensor latents, StepNoise noise) => Run(model, latents, noise, keepTrajectory: false);

    /// <summary>Runs the whole loop and returns every state, [S + 1, N, …]: the latents first, the samples last.</summary>
    public Tensor Trajectory(IEpsilonModel model, Tensor latents, StepNoise noise) => Run(model, latents, noise, keepTrajectory: true);

    /// <summary>The noise of the step leaving <paramref name="t"/> for a state of shape <paramref name="shape"/>.</summary>
    protected virtual Tensor DrawNoise(StepNoise noise, int t, int[] shape) => noise.Draw(t, shape);

    private Tensor Run(IEpsilonModel model, Tensor latents, StepNoise noise, bool keepTrajectory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(noise);
        if (latents.dim() < 1) throw new ArgumentException("The latents must be a batch [N, …].", nameof(latents));
        using var _ = no_grad();
        var states = keepTrajectory ? new List<Tensor>(_timesteps.Length + 1) { latents.detach() } : null;
        var z = latents.detach();
        foreach (var t in _timesteps)
        {
            var xi = AddsNoise(t) ? DrawNoise(noise, t, z.shape) : null;
            z = Step(model, z, t, xi);
            states?.Add(z);
        }

        return states is null ? z : stack(states.ToArray());
    }

    internal static int[] Fill(int t, int n)
    {
        var a = new int[n];
        Array.Fill(a, t);
        return a;
    }
}
