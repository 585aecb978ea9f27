namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// What the designs of the two interpolation checks (sheet 000, ex. 1 (b) and (e)) share beyond the oracle's: the part of
/// the sheet (<see cref="Exercise"/>, in the id), the end points <see cref="From"/> and <see cref="To"/> and the number of
/// latents between them (<see cref="Count"/>).
/// </summary>
public abstract record InterpolationDesign(string Exercise, IReadOnlyList<double> From, IReadOnlyList<double> To, int Count, int Steps, double BetaFirst, double BetaLast)
    : OracleDesign(Steps, BetaFirst, BetaLast)
{
    /// <summary>Throws when the end points and the oracle's data law differ in dimension or there are fewer than <paramref name="minCount"/> latents.</summary>
    internal void Validate(int minCount)
    {
        if (From.Count != To.Count || From.Count != DataMean.Count)
            throw new ArgumentException("The end points and the oracle's data law must have the same dimension.", "settings");
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, minCount);
    }
}
