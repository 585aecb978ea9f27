using Grader.Checks.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// <see cref="HandinCall.Tensor"/> for a hidden check: a wrong shape or a value that is not finite is told to the student
/// in the contract's symbols (the shape as [T + 1, N, d], which dimension is off: <see cref="HandinCall.ShapeDifference"/>), the figures of the
/// hidden set-up (T, the batch, the index of the first bad value) to the tutor (<see cref="CheckResult.TutorDetail"/>).
/// </summary>
public static class HiddenTensor
{
    /// <summary>Null when <paramref name="value"/> has <paramref name="shape"/> and finite entries; else the concealed failure.</summary>
    /// <param name="expected">The expected shape in symbols, e.g. "the trajectory [T + 1, N, d], the latents first and the samples last".</param>
    /// <param name="named">A sentence naming what the hand-in did wrong (ending in a full stop), or null.</param>
    /// <param name="tutor">More of the hidden set-up for the tutor, or null.</param>
    public static CheckResult? Check(HandinCall call, string what, Tensor? value, int[] shape, string expected, string? named = null, string? tutor = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(shape);
        if (call.Tensor(what, value, shape) is not { } bad) return null;
        var because = named is null ? "" : named + " ";
        var student = value is null ? $"{what} returned null; expected {expected}."
            : !value.shape.SequenceEqual(shape) ? $"{what} returned a tensor of another shape than {expected} ({HandinCall.ShapeDifference(value.shape, shape)})."
            : $"{what} returned values that are not finite numbers (NaN or ±∞).";
        return bad with
        {
            Message = $"{student} {because}Re-read {call.SheetRef}.",
            Expected = expected,
            Seen = value is not null && !value.shape.SequenceEqual(shape) ? "another shape" : bad.Seen is null ? null : "not finite numbers",
            // A hidden check's call already concealed its figures and kept them in its tutor detail.
            TutorDetail = (bad.TutorDetail ?? bad.Message + (bad.Expected is null ? "" : $" Expected: {bad.Expected}.") + (bad.Seen is null ? "" : $" Seen: {bad.Seen}."))
                          + (tutor is null ? "" : $" ({tutor})"),
        };
    }

    /// <summary>
    /// The sentence of <see cref="SameNoiseTrajectoryMatchesReference"/> naming the steps a same-noise sampler took, from
    /// the code indices the oracle network was fed (<see cref="SamplerSteps"/>); null when nothing is named.
    /// </summary>
    public static string? SameNoiseSteps(IEnumerable<int> visited, int T) =>
        SamplerSteps.Named(visited.Select(t => (double)t), T) is { } key ? SameNoiseTrajectoryMatchesReference.Diagnoses[key] : null;
}
