namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The verification of a hand-in's own partial on a grid reader's rows (<see cref="GriddedDrift"/>'s ∂f/∂x,
/// <see cref="GriddedNetwork"/>'s ∂σ/∂x, ∂α/∂t, ∂β/∂t), after the scoring, which reads none of these values: drawn rows
/// inner in the variable (their number log-uniform in [<see cref="FewestChecked"/>, the reader's most],
/// <see cref="Count"/>), cut into batches of drawn sizes, log-uniform in [<see cref="FewestChecked"/>, the number] (the
/// honesty probe's 7–40 among them, so a size tells no call apart), each row's reported partial held to the grid's
/// central difference D = (v₊ − v₋)/(2Δ) of the float32 values the hand-in returned, by
/// <see cref="TrainedNetworkHonesty.Judge"/>'s rule at the one step Δ: |reported − D| ≤ 2e-3·(1 + |D|) +
/// 64·2⁻²⁴·(|v₊| + |v₋|)/(2Δ) (each |v| in [1, 1e3]) + 1e3·Δ². Keeps the calls, the first disagreement and the worst
/// margin over every verification of one reader.
/// </summary>
public sealed class GridPartialVerification
{
    /// <summary>The smallest number of rows verified, and of a batch of them.</summary>
    public const int FewestChecked = 7;

    /// <summary>The hand-in's partial calls so far (each a drawn batch of verified rows).</summary>
    public int Calls { get; private set; }

    /// <summary>The first disagreement of the hand-in's partial with the grid's difference, or null.</summary>
    public string? Dishonesty { get; private set; }

    /// <summary>The largest |reported − D| over its tolerance seen so far (below 1 when every verified row agreed): the margin of a correct network.</summary>
    public double WorstRatio { get; private set; }

    /// <summary>A verified row: its (x, t) and the grid's values one step Δ above and below it in the variable.</summary>
    public readonly record struct GridRow(float X, float T, double Up, double Down);

    /// <summary>How many rows to verify: log-uniform in [<see cref="FewestChecked"/>, <paramref name="most"/>].</summary>
    public static int Count(Generator batches, int most) => (int)Math.Round(Flows.FreshDraws.LogUniform(batches, FewestChecked, most));

    /// <summary>
    /// Verifies <paramref name="partial"/> (the hand-in's partial in <paramref name="wrt"/>, "x" or "t", of the network
    /// <paramref name="name"/>) on <paramref name="rows"/>, Δ = <paramref name="spacing"/>; <paramref name="expected"/>
    /// names what it returns in the message when it returns null.
    /// </summary>
    public void Check(string name, Generator batches, GridRow[] rows, string wrt, double spacing, Func<Tensor, Tensor, Tensor?> partial, string expected)
    {
        int m = rows.Length;
        for (int done = 0; done < m;)
        {
            int size = Math.Min(m - done, (int)Math.Round(Flows.FreshDraws.LogUniform(batches, FewestChecked, m)));
            if (m - done - size is > 0 and < FewestChecked) size = m - done;
            var x = new float[size];
            var t = new float[size];
            var difference = new double[size];
            var rounding = new double[size];
            for (int k = 0; k < size; k++)
            {
                var row = rows[done + k];
                (x[k], t[k]) = (row.X, row.T);
                difference[k] = (row.Up - row.Down) / (2 * spacing);
                rounding[k] = 64 * Math.Pow(2, -24) * (Magnitude(row.Up) + Magnitude(row.Down)) / (2 * spacing);
            }
            Calls++;
            var reported = partial(torch.tensor(x, size, 1), torch.tensor(t, size, 1))
                ?? throw new InvalidOperationException($"{name}'s Partial{wrt.ToUpperInvariant()} returned null; expected {expected} of shape [N, 1].");
            Dishonesty ??= TrainedNetworkHonesty.Judge(name, x, t, wrt, reported, new([Enumerable.Repeat(spacing, size).ToArray()], [difference], [rounding]));
            var seen = reported.detach().contiguous().ToDoubleArray();
            for (int k = 0; k < Math.Min(size, seen.Length); k++)
            {
                double allowed = TrainedNetworkHonesty.Relative * (1 + Math.Abs(difference[k])) + rounding[k] + TrainedNetworkHonesty.Curvature * spacing * spacing;
                WorstRatio = Math.Max(WorstRatio, double.IsFinite(seen[k]) ? Math.Abs(seen[k] - difference[k]) / allowed : double.PositiveInfinity);
            }
            done += size;
        }
    }

    private static double Magnitude(double v) => Math.Clamp(Math.Abs(v), 1, TrainedNetworkHonesty.ValueCap);
}
