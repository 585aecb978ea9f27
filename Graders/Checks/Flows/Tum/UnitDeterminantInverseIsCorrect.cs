using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (c) (sheet 002), the rubric's "✓ for giving an example": the hand-in's f⁻¹: ℝ → ℝ has
/// Jacobian determinant 1, as the sheet states it, and f undoes it. At each point x the grader differentiates the
/// hand-in's f⁻¹ numerically in double, (f⁻¹(x + h) − f⁻¹(x − h))/(2h) with h = 2⁻¹⁰·max(1, |x|), and asks it to be 1 up to
/// the difference quotient's rounding (8·2⁻⁵³ of the values over 2h, plus 10⁻⁹), and asks f(f⁻¹(x)) = x and f⁻¹(f(x)) = x up
/// to 8·2⁻⁵³ of the magnitudes involved. The visible instance uses six fixed points; a hidden instance (made tutor-side)
/// uses points it draws from the run's seed, and names their case classes when it is given them.
/// </summary>
/// <param name="idSuffix">Appended to the id of an instance with other points (e.g. ".fresh").</param>
/// <param name="points">The points of a run; null: <see cref="VisiblePoints"/>.</param>
/// <param name="classes">The case classes <paramref name="points"/> draws in every run; null: none (the visible instance).</param>
public sealed class UnitDeterminantInverseIsCorrect(string idSuffix = "", Func<CheckContext, IReadOnlyList<double>>? points = null,
    CaseClasses<double>? classes = null)
    : HandinCheck<IUnitDeterminantInverse>(
        "flows.tum.unit-determinant-inverse" + idSuffix,
        "sheet 002, problem 1 (c): a transformation f whose inverse has Jacobian determinant 1, and a possible parametrisation of f⁻¹"), IDrawsCaseClasses
{
    /// <summary>The points the visible instance uses.</summary>
    public static IReadOnlyList<double> VisiblePoints { get; } = [-3, -0.5, 0, 0.7, 2.5, 10];

    private const double Rounding = 8.0 / (1L << 53);

    private readonly Func<CheckContext, IReadOnlyList<double>> _points = points ?? (_ => VisiblePoints);

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => classes?.All ?? [];

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => classes?.DrawnBy(_points, seed) ?? new HashSet<string>();

    protected override CheckResult Check(CheckContext context, HandinCall call, IUnitDeterminantInverse handin)
    {
        var points = _points(context);
        foreach (var x in points)
        {
            double h = Math.ScaleB(Math.Max(1, Math.Abs(x)), -10);
            double above = x + h, below = x - h;
            if (Value(call, $"Inverse({F(x)})", () => handin.Inverse(x), out var fx) is { } a) return a;
            if (Value(call, $"Inverse({F(above)})", () => handin.Inverse(above), out var fAbove) is { } b) return b;
            if (Value(call, $"Inverse({F(below)})", () => handin.Inverse(below), out var fBelow) is { } c) return c;
            double slope = (fAbove - fBelow) / (above - below);
            double slopeTolerance = 1e-9 + Rounding * (Math.Abs(fAbove) + Math.Abs(fBelow)) / (above - below);
            if (!(Math.Abs(slope - 1) <= slopeTolerance))
            {
                var hint = Math.Abs(slope + 1) <= slopeTolerance
                    ? " Its determinant is −1: the map preserves volume (|det| = 1) but reverses orientation; the sheet's determinant is 1."
                    : "";
                return call.Fail($"The Jacobian determinant of f⁻¹ at x = {F(x)} is {F(slope)} (difference quotient over ±{F(h)}), not 1.{hint} Re-read {SheetRef}.",
                    expected: "d f⁻¹/dx = 1", seen: $"{F(slope)} at x = {F(x)}");
            }

            if (Value(call, $"Transform({F(fx)})", () => handin.Transform(fx), out var back) is { } d) return d;
            if (!(Math.Abs(back - x) <= Rounding * (Math.Abs(x) + Math.Abs(fx)) + double.Epsilon))
                return call.Fail($"f does not undo f⁻¹: f⁻¹({F(x)}) = {F(fx)}, and f({F(fx)}) = {F(back)}, not {F(x)}. Re-read {SheetRef}.",
                    expected: $"f(f⁻¹(x)) = {F(x)}", seen: F(back));
            if (Value(call, $"Transform({F(x)})", () => handin.Transform(x), out var fz) is { } e) return e;
            if (Value(call, $"Inverse({F(fz)})", () => handin.Inverse(fz), out var again) is { } g) return g;
            if (!(Math.Abs(again - x) <= Rounding * (Math.Abs(x) + Math.Abs(fz)) + double.Epsilon))
                return call.Fail($"f⁻¹ does not undo f: f({F(x)}) = {F(fz)}, and f⁻¹({F(fz)}) = {F(again)}, not {F(x)}. Re-read {SheetRef}.",
                    expected: $"f⁻¹(f(x)) = {F(x)}", seen: F(again));
        }
        return CheckResult.Pass(Id, "f⁻¹ has Jacobian determinant 1 and f inverts it at every point asked about.", SheetRef);
    }

    private static CheckResult? Value(HandinCall call, string what, Func<double> body, out double value)
    {
        if (call.Run(what, body, out value) is { } threw) return threw;
        return double.IsFinite(value) ? null : call.Fail($"{what} returned {F(value)}, not a finite number.");
    }

    private static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
