using Grader.Reference.Data;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The training law of a run of the SDE and ODE training checks, drawn per run (issue 45,
/// item 3: "a model that does not depend on the data it is given loses"; issue 79, item 3: "data the hand-in cannot
/// know"): the notebook's mixture of k = 5 Laplace components with its components' weights tilted,
/// w_k ∝ exp(<see cref="Direction"/>·<see cref="Tilt"/>·(k − 2)), and since issue 79 its geometry drawn too: every mean
/// moved by <see cref="Shift"/> (away from the heavier side, |shift| in [<see cref="ShiftLow"/>, <see cref="ShiftHigh"/>], about half
/// the sheet's spacing, so every drawn mean sits between two printed ones, where a closed form of the printed law pays
/// most in log-likelihood and in the mirror share (measured, docs/measurements/2026-11-29-odesde-legit-and-drawn-laws.md:
/// with |shift| in 1.4 … 2.6 such a closed form kept the check on 2 of 20 seeds, both at |shift| below 2, and with 0.7 … 1.3
/// on 9 of 11), the spacing (the sheet's 4)
/// drawn in [<see cref="SpacingLow"/>, <see cref="SpacingHigh"/>] and the scale (the sheet's 1) in
/// [<see cref="ScaleLow"/>, <see cref="ScaleHigh"/>]. The law stays a Laplace mixture, so its log-density and expected
/// log-likelihood stay exact; the hand-in sees only batches of its points, so a closed form of the law the sheet prints
/// (means −8 … 8, scale 1) is a closed form of the wrong law (cheat <c>ode-training-closed-form-of-the-sheet-law</c>).
/// The student's self-check keeps the sheet's law. A model fitted
/// to draws of the sheet's symmetric law (and not to the data it is given) scores a point y and its mirror −y alike,
/// while a model fitted to this law scores the heavier side higher: the mirror score (<see cref="MirroredNetwork"/>)
/// reads that difference on the same held-out points.
/// </summary>
public sealed record LopsidedMixture(TrainingSetWithLogLikelihood Set, int Direction, double Tilt, double Shift = 0, double Spacing = 4, double Scale = 1)
{
    /// <summary>
    /// The range the tilt is drawn from, uniformly: the law's own mirror score 0.71–1.02 and its KL from the sheet's law
    /// 0.17–0.24. At 0.2–0.3 (0.15–0.33) the SDE Correct example's mirror score (±0.04 around the law's) and a model of the
    /// sheet's law (±0.09 around 0, the spread of its own 1000 draws) were about 3 sd apart (the note's third stop).
    /// </summary>
    public const double TiltLow = 0.45, TiltHigh = 0.55;

    /// <summary>The range of |shift| (its sign the opposite of <see cref="Direction"/>), of the spacing and of the scale, each uniform (issue 79; docs/measurements/2026-11-29-odesde-legit-and-drawn-laws.md).</summary>
    public const double ShiftLow = 2.0, ShiftHigh = 2.5, SpacingLow = 3.8, SpacingHigh = 4.2, ScaleLow = 0.8, ScaleHigh = 1.2;

    /// <summary>The notebook's component count.</summary>
    private const int Components = 5;

    /// <summary>A law drawn from <paramref name="generator"/> (direction, tilt, the shift's size, spacing, scale).</summary>
    public static LopsidedMixture Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        int direction = generator.NextDouble() < 0.5 ? -1 : 1;
        double tilt = TiltLow + (TiltHigh - TiltLow) * generator.NextDouble();
        // Away from the heavier side: with the shift towards it, its heavy end lay 10 from 0, where wider and deeper drifts
        // fell short in 48 steps (gap −0.82 and −0.85 on one seed of 13; the measurement note).
        double shift = -direction * (ShiftLow + (ShiftHigh - ShiftLow) * generator.NextDouble());
        double spacing = SpacingLow + (SpacingHigh - SpacingLow) * generator.NextDouble();
        double scale = ScaleLow + (ScaleHigh - ScaleLow) * generator.NextDouble();
        return new(TrainingSetWithLogLikelihood.LaplaceMixture(Weights(direction * tilt), spacing, scale, shift), direction, tilt, shift, spacing, scale);
    }

    /// <summary>The drawn parameters, for the tutor's detail: shift, spacing, scale and the signed tilt.</summary>
    public string Describe() => FormattableString.Invariant($"shift {Shift:+0.00;-0.00}, spacing {Spacing:F2}, scale {Scale:F2}, tilt {Direction * Tilt:+0.00;-0.00}");

    /// <summary>w_k ∝ exp(signedTilt·(k − 2)), k = 0 … 4.</summary>
    public static double[] Weights(double signedTilt)
    {
        var raw = Enumerable.Range(0, Components).Select(k => Math.Exp(signedTilt * (k - (Components - 1) / 2))).ToArray();
        double sum = raw.Sum();
        return raw.Select(w => w / sum).ToArray();
    }

    /// <summary>
    /// The law's own mirror score E[log p(Y) − log p(−Y)] (the KL of the law from its mirror), by the trapezoid rule on
    /// [−40, 40] in steps of 1e-3: what a model that knew the law exactly would reach; a symmetric model reaches 0.
    /// </summary>
    public double MirrorScore() => Expected(y => -y, (l, moved) => l - moved);

    /// <summary>
    /// The law's own shift score E[log p(Y) − log p(Y − <see cref="Shift"/>)] (issue 79): the points moved back by the
    /// run's shift lie between the drawn means, where the printed law's means are, so a model of the printed lattice scores
    /// below 0 and a model that learnt where the run's data lie above it; the same rule as <see cref="MirrorScore"/>.
    /// </summary>
    public double ShiftScore() => Expected(y => y - Shift, (l, moved) => l - moved);

    /// <summary>
    /// The law's own shift order P(p(Y) &gt; p(Y − <see cref="Shift"/>)) (issue 79): the share of its points the law finds
    /// likelier where they are than moved back by the run's shift; a model of the printed lattice finds most of them less likely.
    /// </summary>
    public double ShiftOrder() => Expected(y => y - Shift, (l, moved) => l > moved ? 1 : 0);

    /// <summary>E[<paramref name="term"/>(log p(Y), log p(<paramref name="moved"/>(Y)))] by the trapezoid rule on [−40, 40] in steps of 1e-3.</summary>
    private double Expected(Func<double, double> moved, Func<double, double, double> term)
    {
        const double from = -40, step = 1e-3;
        double sum = 0;
        for (int i = 0; i <= 80_000; i++)
        {
            double y = from + i * step, l = Set.LogDensity(y);
            sum += (i == 0 || i == 80_000 ? 0.5 : 1) * Math.Exp(l) * term(l, Set.LogDensity(moved(y)));
        }
        return sum * step;
    }
}
