using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Produces the self-check's schedules of TUM 2023 P4 (b) and (c) with the reference's verdicts
/// (<see cref="ReferenceBetaScheduleValidity"/>): per part, the one-value schedules of the part's edge values (and valid
/// ones near 0 and 1), then <see cref="Drawn"/> schedules of 2 … 50 values from a fixed seed, half valid and half with
/// one or two values of the part's kind at drawn places.
/// </summary>
internal static class ScheduleValiditySnapshotProducer
{
    /// <summary>Drawn schedules per part.</summary>
    public const int Drawn = 24;

    public static ScheduleValiditySnapshot Produce()
    {
        var reference = new ReferenceBetaScheduleValidity();
        var cases = new List<ScheduleValiditySnapshot.ScheduleCase>();
        foreach (var (defect, seed) in new[] { (ScheduleDefect.AboveOne, 2023_0402), (ScheduleDefect.EqualOne, 2023_0403) })
        {
            var part = ScheduleValiditySnapshot.ScheduleCase.PartOf(defect);
            var random = new Random(seed);
            double[][] singles = defect == ScheduleDefect.AboveOne
                ? [[2], [Math.BitIncrement(1.0)], [double.PositiveInfinity], [1.5], [0.5], [Math.BitDecrement(1.0)]]
                : [[1], [1.0, 1.0], [0.999999], [1e-12], [double.Epsilon]];
            var schedules = singles.ToList();
            for (var i = 0; i < Drawn; i++)
            {
                var betas = Enumerable.Range(0, random.Next(2, 51)).Select(_ => Inside(random)).ToArray();
                if (i % 2 == 1)
                {
                    betas[random.Next(betas.Length)] = Outside(random, defect);
                    if (random.Next(4) == 0) betas[random.Next(betas.Length)] = Outside(random, defect);
                }
                schedules.Add(betas);
            }
            cases.AddRange(schedules.Select(b => ScheduleValiditySnapshot.ScheduleCase.Of(part, b, reference.IsValid(Array.AsReadOnly(b)))));
        }

        return new ScheduleValiditySnapshot(
            "TUM 2023 P4 (b) and (c) self-check: per part, one-value schedules of the part's edge values and of values near 0 and 1, then 24 schedules of 2 … 50 " +
            "values from new Random(seed) (seed 20230402 for (b), 20230403 for (c)): values uniform on a grid of 10⁻⁶, or 10⁻ᵏ, or 1 − 10⁻ᵏ; every second schedule " +
            "has one value (sometimes two) replaced by the part's kind (for (b) 1 + k·10⁻⁴ or the next double above 1, for (c) exactly 1). Verdicts: the reference's IsValid.",
            cases);
    }

    private static double Inside(Random random) => random.Next(10) switch
    {
        0 => Math.Pow(10, -random.Next(1, 16)),
        1 => 1 - Math.Pow(10, -random.Next(1, 16)),
        _ => random.Next(1, 1_000_000) / 1e6,
    };

    private static double Outside(Random random, ScheduleDefect defect) =>
        defect == ScheduleDefect.EqualOne ? 1.0 : random.Next(8) == 0 ? Math.BitIncrement(1.0) : 1 + random.Next(1, 1_000_000) / 1e4;
}
