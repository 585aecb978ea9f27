using Grader.Contracts.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's GAN objective V(D) = ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)] for a
/// discriminator the grader gives, not only at D*. On each pair of <see cref="DensityPair.Draw"/> and its swap, three
/// discriminators: one drawn per cell as σ(z), z ~ N(0, 2²) cut to [−8, 8] (so V(D) ≠ V(D*) and log D ≠ log(1 − D)),
/// D ≡ ½, and on the disjoint pair the indicator of p* &gt; 0 (V = 0: a cell where a density is 0 adds nothing, as the
/// contract says); and once a D that is 0 on a cell where p* &gt; 0 (V = −∞). The grader sums in double.
/// Tolerance (the same analysis as <see cref="DensityPair.GridTolerance"/>): u·[(N + 4)·Σ ½ΔV(p*|ln D| + p_θ|ln(1 − D)|)
/// + 2ΔV·Σ(p* + p_θ)], u = 2⁻²⁴, N cells: each term of a float32 sum is off by ≤ 2u + u|ln| (1 − D, the log, the
/// product), recursive summation adds (N − 1)·u·Σ|terms|. Values equal to −V (the sign), the logs swapped between the
/// expectations, 2·V (the ½ missing) or V/ln 2 (log₂) are named.
/// </summary>
public sealed class ObjectiveMatchesQuadrature() : HandinCheck<IGanObjective>(
    "gan.tum.objective-matches-quadrature"), IDrawsCaseClasses
{
    /// <summary>The salt of the check's generator.</summary>
    private const ulong Salt = 0x6A4;

    /// <summary>One call: a pair of densities and a discriminator on its grid; <paramref name="MinusInfinity"/> when V = −∞ is asked for.</summary>
    public sealed record ObjectiveCase(DensityPair Pair, string Name, float[] D, bool MinusInfinity = false);

    /// <summary>
    /// The inputs that tell the sheet's V(D) from its near misses, each in every run by construction: the indicator
    /// discriminator on the disjoint pair (D = 0 on p*'s empty cells, 1 on p_θ's; V = 0), where 0·ln 0 left to IEEE
    /// arithmetic is NaN and the logs swapped give −∞; and the call with D = 0 on a cell where p* &gt; 0 (V = −∞), where a
    /// floored log is finite.
    /// </summary>
    public static CaseClasses<ObjectiveCase> Classes { get; } = new(
        new CaseClass<ObjectiveCase>("discriminator-at-zero-or-one-where-a-density-is-zero",
            "p·ln D summed without the contract's rule that a cell where a density is 0 adds nothing: 0·ln 0 is NaN there",
            k => !k.MinusInfinity && Enumerable.Range(0, k.D.Length).Any(i => (k.Pair.P[i] == 0 && k.D[i] == 0) || (k.Pair.Q[i] == 0 && k.D[i] == 1))),
        new CaseClass<ObjectiveCase>("discriminator-that-tells-the-densities-apart",
            "the logs swapped between the expectations, p* ln(1 − D) + p_θ ln D: equal to V wherever Σ(p* − p_θ)·logit D = 0 (D ≡ ½, or p* = p_θ)",
            k => !k.MinusInfinity && Sum(k.Pair, k.D, swapLogs: true) is var swapped && !(Math.Abs(swapped - Sum(k.Pair, k.D, swapLogs: false)) < 1e-3)),
        new CaseClass<ObjectiveCase>("discriminator-zero-where-p-star-is-positive",
            "ln D floored (ln max(D, ε), ln(D + ε)), which keeps V finite where the contract's V is −∞",
            k => k.MinusInfinity && Enumerable.Range(0, k.D.Length).Any(i => k.Pair.P[i] > 0 && k.D[i] == 0)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(Salt)));

    /// <summary>
    /// The run's calls: on each pair of <see cref="DensityPair.Draw"/> and its swap, a discriminator drawn per cell as
    /// σ(z), z ~ N(0, 2²) cut to [−8, 8], D ≡ ½, and on the disjoint pair the indicator of p* &gt; 0; then D = ½ with 0 on
    /// the first pair's first cell where p* &gt; 0 (V = −∞).
    /// </summary>
    public static IReadOnlyList<ObjectiveCase> Drawn(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var pairs = DensityPair.Draw(g);
        var cases = new List<ObjectiveCase>();
        foreach (var pair in pairs.Concat(pairs.Select(p => p.Swapped())))
        {
            cases.Add(new(pair, "a discriminator with values across (0, 1)", pair.P.Select(_ => Sigmoid(Math.Clamp(2 * g.NextNormal(), -8, 8))).ToArray()));
            cases.Add(new(pair, "D ≡ ½", pair.P.Select(_ => 0.5f).ToArray()));
            if (pair.P.Zip(pair.Q).All(v => v.First == 0 || v.Second == 0))
                cases.Add(new(pair, "D = 1 where p* > 0 and 0 elsewhere, on disjoint supports", pair.P.Select(p => p > 0 ? 1f : 0f).ToArray()));
        }
        var first = pairs[0];
        var zeroed = first.P.Select(_ => 0.5f).ToArray();
        zeroed[Array.FindIndex(first.P, p => p > 0)] = 0f;
        cases.Add(new(first, "D = 0 on a cell where p* > 0", zeroed, MinusInfinity: true));
        return cases;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IGanObjective handin)
    {
        var cases = Drawn(context.NewGenerator(Salt));
        foreach (var (pair, name, d, minusInfinity) in cases)
        {
            if (minusInfinity)
            {
                const string what = "Value(discriminator, dataDensity, modelDensity, cellVolume)";
                if (call.Run(what, () => handin.Value(torch.tensor(d, pair.Shape), pair.PTensor(), pair.QTensor(), pair.CellVolume), out var infinite) is { } threw) return threw;
                if (!double.IsNegativeInfinity(infinite))
                    return call.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"With D = 0 on a cell where p* > 0 (½ everywhere else) your objective is {infinite:G8}; log D(x) = −∞ there, so V(D) = −∞, as the contract's return value says."),
                        expected: "-∞", seen: infinite.ToString("G8", CultureInfo.InvariantCulture));
            }
            else if (Compare(call, handin, pair, name, d) is { } failed) return failed;
        }
        int pairCount = cases.Select(k => k.Pair).Distinct().Count();
        return CheckResult.Pass(Id, $"V(D) matches the grid sum for {cases.Count} discriminators on {pairCount} pairs of densities", SheetRef);
    }

    private CheckResult? Compare(HandinCall call, IGanObjective handin, DensityPair pair, string name, float[] d)
    {
        const string what = "Value(discriminator, dataDensity, modelDensity, cellVolume)";
        if (call.Run(what, () => handin.Value(torch.tensor(d, pair.Shape), pair.PTensor(), pair.QTensor(), pair.CellVolume), out var seen) is { } threw) return threw;
        double expected = Sum(pair, d, swapLogs: false), tolerance = Tolerance(pair, d);
        if (Math.Abs(seen - expected) <= tolerance) return null;
        bool Near(double variant) => Math.Abs(seen - variant) <= tolerance + 1e-6 * Math.Abs(variant);
        var hint = !double.IsFinite(seen) ? " Every D given here lies in (0, 1) where a density is positive, so the objective is finite; a cell where a density is 0 adds nothing to its expectation."
            : Near(-expected) ? " Your value has the opposite sign: V(D) is the discriminator's objective, ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)] (≤ 0), not its loss."
            : Near(Sum(pair, d, swapLogs: true)) ? " Your value takes log(1 − D) under p* and log D under p_θ: D(x) is the probability that x is real, so log D belongs to the expectation over the data p*."
            : Near(2 * expected) ? " Your value is twice the objective's: each expectation carries the factor ½ (π = ½)."
            : Near(expected / Math.Log(2)) ? " Your value is in bits (log₂); the objective uses the natural logarithm."
            : " Take each expectation as Σ over cells of density · f · cellVolume.";
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"The objective V(D) differs for {name} on {pair.Name} densities: expected {expected:G8}, seen {seen:G8} (|Δ| = {Math.Abs(seen - expected):G2} > tolerance {tolerance:G2}).{hint}"),
            expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
    }

    private static float Sigmoid(double z) => (float)(1 / (1 + Math.Exp(-z)));

    /// <summary>Σ ½ΔV[p* ln D + p_θ ln(1 − D)] in double (the logs exchanged when <paramref name="swapLogs"/>); a zero density adds nothing.</summary>
    private static double Sum(DensityPair pair, float[] d, bool swapLogs)
    {
        double sum = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double di = d[i], p = pair.P[i], q = pair.Q[i];
            double logD = swapLogs ? Math.Log(1 - di) : Math.Log(di), log1mD = swapLogs ? Math.Log(di) : Math.Log(1 - di);
            if (p > 0) sum += 0.5 * p * logD;
            if (q > 0) sum += 0.5 * q * log1mD;
        }
        return sum * pair.CellVolume;
    }

    private static double Tolerance(DensityPair pair, float[] d)
    {
        const double u = 1.0 / (1 << 24);
        double absolute = 0, mass = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double p = pair.P[i], q = pair.Q[i];
            mass += p + q;
            if (p > 0) absolute += 0.5 * p * Math.Abs(Math.Log(d[i]));
            if (q > 0) absolute += 0.5 * q * Math.Abs(Math.Log(1.0 - d[i]));
        }
        return u * ((d.Length + 4) * absolute * pair.CellVolume + 2 * pair.CellVolume * mass);
    }
}
