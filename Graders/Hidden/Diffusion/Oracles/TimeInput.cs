namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>How an oracle reads the time input a sampler feeds its ε-network, and the sheet's words when it is not a step.</summary>
public static class TimeInput
{
    /// <summary>
    /// The code index 0 … T − 1 that <paramref name="value"/> encodes in the convention <paramref name="time"/>; a value
    /// that is not one (the other convention, or t = T) throws an <see cref="ArgumentException"/> saying so in the
    /// sheet's terms (T and the schedule are the hidden set-up's, so neither is named).
    /// </summary>
    public static int Decode(float value, OracleTime time, int T)
    {
        var scaled = time == OracleTime.RawIndex ? (double)value : (double)value * T;
        var index = Math.Round(scaled);
        if (double.IsFinite(scaled) && Math.Abs(scaled - index) <= 1e-3 && index >= 0 && index < T) return (int)index;
        if (double.IsFinite(scaled) && Math.Abs(scaled - T) <= 1e-3)
            throw new ArgumentException(time == OracleTime.RawIndex
                ? "the ε-network got the step index T: code indices run 0 … T − 1 (the paper's steps 1 … T shifted by one), so the first reverse step is t = T − 1 and the last t = 0."
                : "the ε-network got the time input t/T = 1, the step t = T: code indices run 0 … T − 1 (the paper's steps 1 … T shifted by one), so the first reverse step is t = T − 1 and the last t = 0.");
        var convention = time == OracleTime.RawIndex
            ? "the raw integer step index 0 … T − 1"
            : "the step normalised to [0, 1) as t/T, t an integer 0 … T − 1";
        throw new ArgumentException($"the ε-network got a time input that is not a step in its convention: it expects {convention}.");
    }
}
