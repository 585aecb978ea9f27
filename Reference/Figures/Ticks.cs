using System.Globalization;

namespace Grader.Figures;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 times a power of ten.</summary>
public static class Ticks
{
    /// <summary>The nice step (1, 2 or 5 × 10^k) closest to <paramref name="rawStep"/>.</summary>
    public static double NiceStep(double rawStep)
    {
        if (!double.IsFinite(rawStep) || rawStep <= 0) return 1;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(rawStep)));
        var n = rawStep / mag;
        var nice = n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10;
        return nice * mag;
    }

    /// <summary>The step used for about <paramref name="target"/> ticks over [min, max].</summary>
    public static double StepFor(double min, double max, int target = 5)
        => NiceStep((max - min) / Math.Max(1, target - 1));

    /// <summary>Multiples of a nice step lying in [<paramref name="min"/>, <paramref name="max"/>], about <paramref name="target"/> of them.</summary>
    public static double[] Nice(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return [];
        if (max < min) (min, max) = (max, min);
        if (max == min) return [min];
        var step = StepFor(min, max, target);
        var first = Math.Ceiling(min / step - 1e-9);
        var last = Math.Floor(max / step + 1e-9);
        var result = new List<double>();
        for (var k = first; k <= last && result.Count < 1000; k++)
        {
            var v = k * step;
            // Remove binary noise such as 0.30000000000000004 and -0.
            v = step < 1 ? Math.Round(v, Math.Min(15, Decimals(step) + 2)) : v;
            result.Add(v == 0 ? 0 : v);
        }
        return result.ToArray();
    }

    /// <summary>Number of decimals needed to print multiples of <paramref name="step"/>.</summary>
    public static int Decimals(double step)
        => step >= 1 || step <= 0 || !double.IsFinite(step) ? 0 : Math.Min(15, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));

    /// <summary>Invariant-culture tick label of <paramref name="value"/> given the tick <paramref name="step"/>.</summary>
    public static string Format(double value, double step)
    {
        if (!double.IsFinite(value)) return value.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(value) < Math.Abs(step) * 1e-9) value = 0;
        var a = Math.Abs(value);
        var s = a >= 1e6 || (step < 1e-4 && a != 0)
            ? value.ToString("0.##E+0", CultureInfo.InvariantCulture)
            : value.ToString("F" + Decimals(step).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.Trim('-', '0', '.') == "" ? s[1..] : s;
    }
}
