namespace Grader.Checks.Diffusion;

/// <summary>
/// Which steps a sampler took, read from the time inputs a recording ε-network received (code indices, the network's
/// convention undone): every code index T − 1, …, 0 is one step of the reverse process. Names the two ways a loop goes
/// wrong at its ends: it stops before t = 0 (<see cref="SkipsLastStep"/>), or it runs over the paper's 1, …, T instead
/// of the code's 0, …, T − 1 (<see cref="StepsOneToT"/>). Too little to tell (no step near either end) names nothing.
/// </summary>
public static class SamplerSteps
{
    /// <summary>The key of the sentence naming a sampler that never evaluated the network at t = 0.</summary>
    public const string SkipsLastStep = "skips-last-step";

    /// <summary>The key of the sentence naming a sampler whose steps run 1 … T instead of 0 … T − 1.</summary>
    public const string StepsOneToT = "steps-one-to-T";

    /// <summary>
    /// <see cref="StepsOneToT"/> when the network was fed t = T and never t = 0; <see cref="SkipsLastStep"/> when it was
    /// fed t = 1 and t = T − 1 (or T) but never t = 0; null otherwise (t = 0 reached, or neither end seen).
    /// </summary>
    /// <param name="steps">The code indices the network received (rounded to integers by the caller's convention).</param>
    public static string? Named(IEnumerable<double> steps, int T)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var seen = steps.Where(double.IsFinite).Select(s => Math.Round(s)).ToHashSet();
        if (seen.Contains(0) || !seen.Contains(T - 1) && !seen.Contains(T)) return null;
        return seen.Contains(T) ? StepsOneToT : seen.Contains(1) ? SkipsLastStep : null;
    }
}
