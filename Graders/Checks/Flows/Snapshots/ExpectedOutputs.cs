
namespace Grader.Checks.Flows.Snapshots;

/// <summary>
/// What one call of a block or an INN must return: the values [N, C] (flattened) and the log-determinant per sample
/// [N], each with a per-element tolerance (twice the first-order float32 bound of the hand-in's evaluation plus the
/// same for the reference's, from the grader's double evaluation), and the known wrong variants of each.
/// </summary>
/// <param name="Values">The reference's values, flattened [N, C].</param>
/// <param name="ValueTolerance">Per value.</param>
/// <param name="LogDet">The reference's log|det| per sample.</param>
/// <param name="LogDetTolerance">Per sample.</param>
/// <param name="ValueVariants">The values with one named bug put in.</param>
/// <param name="LogDetVariants">The log-determinants with one named bug put in.</param>
public sealed record ExpectedOutputs(
    float[] Values,
    double[] ValueTolerance,
    float[] LogDet,
    double[] LogDetTolerance,
    IReadOnlyList<Variant> ValueVariants,
    IReadOnlyList<Variant> LogDetVariants);
