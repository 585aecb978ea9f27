using Grader.Reference.Data;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// A V drawn at the tutor's run from a family around the sheet's (issue 79 item 3): two arms from a vertex, each
/// endpoint·(1 − u) with u ~ U(0, 1) along its arm (as the notebook draws, <see cref="HeidelbergToyData.V"/>), plus
/// isotropic N(0, <see cref="Noise"/>²) noise, then standardised. The sheet's is <see cref="Sheet"/> (vertex at the
/// origin, arms to (±2, 3), noise 0.1); a drawn one turns the V by a rotation of 0.30 … 0.50 rad either way (never
/// near the sheet's orientation: turned by 0.3 rad a tip 3 units out moves by 0.89, three times the 0.3 that counts as
/// "on the V", so the sheet's V read in a drawn one's standardisation has at most 0.70 of its points on it over 120
/// draws, against ≥ 0.996 for a draw of the drawn V itself; at 0.15 … 0.35 rad that was 0.91, within reach of a
/// trained legitimate network), opens it to a half-angle of 0.45 … 0.75 rad (the sheet's 0.588), gives each arm its own length in
/// 3.0 … 4.2 (the sheet's √13 ≈ 3.61), its noise 0.08 … 0.12 and moves the vertex within [−1, 1]² (which standardising
/// removes, so it only moves the raw coordinates the "on the V" score reads). Every draw stays a V of two arms of
/// comparable length and width, which the notebook's network learns as it learns the sheet's (the calibration,
/// docs/measurements/2026-11-28-v-training-bounds.md). The hand-in never sees the geometry: it is drawn from the run's
/// seed, and only batches of the standardised points reach the training.
/// </summary>
/// <param name="Rotation">The V's turn about its vertex (radians, counter-clockwise).</param>
/// <param name="HalfAngle">Each arm's angle from the V's axis (radians).</param>
/// <param name="RightLength">The right arm's length (raw units).</param>
/// <param name="LeftLength">The left arm's length.</param>
/// <param name="Noise">The standard deviation of the isotropic noise.</param>
/// <param name="VertexX">The vertex's x.</param>
/// <param name="VertexY">The vertex's y.</param>
public sealed record VLaw(double Rotation, double HalfAngle, double RightLength, double LeftLength, double Noise, double VertexX, double VertexY)
{
    /// <summary>The sheet's V: arms from the origin to (2, 3) and (−2, 3), noise 0.1 (what the student's self-check trains on).</summary>
    public static VLaw Sheet { get; } = new(0, Math.Atan2(2, 3), Math.Sqrt(13), Math.Sqrt(13), HeidelbergToyData.NoiseStd, 0, 0);

    /// <summary>The family's ranges (see the type's summary): |rotation|, half-angle, arm length, noise, vertex coordinate.</summary>
    public static readonly (double Min, double Max) RotationRange = (0.30, 0.50), HalfAngleRange = (0.45, 0.75), LengthRange = (3.0, 4.2), NoiseRange = (0.08, 0.12), VertexRange = (-1, 1);

    /// <summary>A V of the family, drawn from <paramref name="generator"/> (rotation's sign, |rotation|, half-angle, the two lengths, noise, vertex, in that order).</summary>
    public static VLaw Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double U((double Min, double Max) r) => r.Min + (r.Max - r.Min) * generator.NextDouble();
        var sign = generator.NextDouble() < 0.5 ? -1 : 1;
        var rotation = sign * U(RotationRange);
        return new VLaw(rotation, U(HalfAngleRange), U(LengthRange), U(LengthRange), U(NoiseRange), U(VertexRange), U(VertexRange));
    }

    /// <summary>The vertex (raw units).</summary>
    public double[] Vertex => [VertexX, VertexY];

    /// <summary>The arms' far ends (raw units), the right arm first: vertex + length·(sin(±half-angle + rotation'), cos(…)).</summary>
    public double[][] Endpoints =>
    [
        End(RightLength, HalfAngle - Rotation),
        End(LeftLength, -HalfAngle - Rotation),
    ];

    private double[] End(double length, double angle) => [VertexX + length * Math.Sin(angle), VertexY + length * Math.Cos(angle)];

    /// <summary>
    /// <see cref="HeidelbergToyData.VPointsPerArm"/> points per arm, right arm first, as the notebook draws its V (u for
    /// the right arm, u for the left arm, then the noise row by row), standardised per dimension.
    /// </summary>
    public ToyDataSet Sample(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        const int perArm = HeidelbergToyData.VPointsPerArm;
        var n = 2 * perArm;
        var raw = new float[n * 2];
        var labels = new int[n];
        var ends = Endpoints;
        for (var arm = 0; arm < 2; arm++)
        {
            var u = rand([perArm], generator).ToArray();
            for (var i = 0; i < perArm; i++)
            {
                var row = arm * perArm + i;
                var w = 1.0 - u[i];
                raw[2 * row] = (float)(VertexX + (ends[arm][0] - VertexX) * w);
                raw[2 * row + 1] = (float)(VertexY + (ends[arm][1] - VertexY) * w);
                labels[row] = arm;
            }
        }

        var noisy = tensor(raw, n, 2) + randn([n, 2], generator) * (float)Noise;
        var s = Standardisation.Fit(noisy);
        return new ToyDataSet("V", s.Apply(noisy), noisy, s, labels);
    }

    /// <summary>
    /// The fraction of samples (standardised coordinates, mapped back by <paramref name="standardisation"/>) whose raw
    /// point lies within <paramref name="distance"/> of one of this V's arms.
    /// </summary>
    public double OnV(Standardisation standardisation, double[,] samples, double distance)
    {
        ArgumentNullException.ThrowIfNull(standardisation);
        ArgumentNullException.ThrowIfNull(samples);
        var n = samples.GetLength(0);
        var ends = Endpoints;
        var hit = 0;
        for (var i = 0; i < n; i++)
        {
            var x = samples[i, 0] * standardisation.Std[0] + standardisation.Mean[0];
            var y = samples[i, 1] * standardisation.Std[1] + standardisation.Mean[1];
            var nearest = ends.Min(end => SegmentDistance(x - VertexX, y - VertexY, end[0] - VertexX, end[1] - VertexY));
            if (nearest <= distance) hit++;
        }

        return n == 0 ? double.NaN : (double)hit / n;
    }

    /// <summary>The distance of (x, y) from the segment from the origin to (ex, ey).</summary>
    private static double SegmentDistance(double x, double y, double ex, double ey)
    {
        var u = Math.Clamp((x * ex + y * ey) / (ex * ex + ey * ey), 0, 1);
        var dx = x - u * ex;
        var dy = y - u * ey;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>"rotation 0.21 rad, half-angle 0.62 rad, arms 3.4 and 3.9, noise 0.097, vertex (0.3, −0.6)": for the tutor's detail.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"rotation {Rotation:F3} rad, half-angle {HalfAngle:F3} rad, arms {RightLength:F2} and {LeftLength:F2}, noise {Noise:F3}, vertex ({VertexX:F2}, {VertexY:F2})");
}
