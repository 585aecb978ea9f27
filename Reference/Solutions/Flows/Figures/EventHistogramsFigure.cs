using Grader.Figures;
using Grader.Reference.Data.DrellYan;
using Grader.Tensors;

namespace Grader.Reference.Flows.Figures;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) and (d): density histograms of event observables, several event sets per panel as
/// step outlines (the sheet-9 notebook's plot, with the pair added): generated events over the true ones, or the most
/// likely events over all of them. An observable that is constant on the first set (the pair's pT at parton level) is
/// left out, and the figure's title says so.
/// </summary>
public static class EventHistogramsFigure
{
    /// <summary>One set of events [n, 8] with its legend label and colour.</summary>
    public sealed record EventSet(string Label, Tensor Events, string Color);

    public const int DefaultBins = 50;

    /// <summary>Generated events (orange) over the true ones (grey), one panel per observable of <see cref="EventObservable.All"/>.</summary>
    public static Figure GeneratedOverTrue(Tensor trueEvents, Tensor generatedEvents, string? title = null, int bins = DefaultBins) =>
        Create([new EventSet("true", trueEvents, Palette.Grey), new EventSet("generated", generatedEvents, Palette.Orange)],
            EventObservable.All, title ?? "Generated events over the true ones", bins);

    /// <summary>The most likely events (red) over all events (grey).</summary>
    public static Figure MostLikely(Tensor allEvents, Tensor mostLikely, double fraction, string? title = null, int bins = DefaultBins) =>
        Create([new EventSet("all events", allEvents, Palette.Grey), new EventSet($"{fraction * 100:0.#} % most likely", mostLikely, Palette.Red)],
            EventObservable.All, title ?? $"The {fraction * 100:0.#} % events with the largest likelihoods", bins);

    /// <summary>One panel per observable (3–5 per row), each set's density histogram as a step outline on the observable's range.</summary>
    public static Figure Create(IReadOnlyList<EventSet> sets, IReadOnlyList<EventObservable> observables, string title, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(observables);
        if (sets.Count == 0) throw new ArgumentException("EventHistogramsFigure: no event sets");
        var values = sets.Select(s => observables.Select(o => o.Of(s.Events)).ToArray()).ToArray();
        var shown = Enumerable.Range(0, observables.Count).Where(k => !Constant(values[0][k])).ToArray();
        var left = Enumerable.Range(0, observables.Count).Except(shown).Select(k => observables[k].Label).ToArray();
        if (shown.Length == 0) throw new ArgumentException("EventHistogramsFigure: every observable is constant on the first event set");
        // 3 to 5 panels a row, as few empty cells as possible (ties: 4).
        int columns = shown.Length <= 4 ? shown.Length : new[] { 4, 5, 3 }.OrderBy(k => (k - shown.Length % k) % k).First();
        int rows = (shown.Length + columns - 1) / columns;
        var fig = new Figure(rows, columns)
        {
            Title = left.Length == 0 ? title : $"{title} (constant in '{sets[0].Label}', not drawn: {string.Join(", ", left)})",
            PanelWidth = 260,
            PanelHeight = 200,
        };
        for (int p = 0; p < shown.Length; p++)
        {
            var o = observables[shown[p]];
            var ax = fig[p];
            for (int s = 0; s < sets.Count; s++)
            {
                var (xs, ys) = Histogram.Of(values[s][shown[p]], o.Min, o.Max, bins).Steps();
                ax.Line(xs, ys, sets[s].Color, width: s == 0 ? 2.2 : 1.4, label: sets[s].Label);
            }
            ax.SetLabels(null, o.Label, p % columns == 0 ? "density" : null);
            ax.ShowLegend = p == 0;
            ax.XLimits = (o.Min, o.Max);
        }
        return fig;
    }

    /// <summary>True when the finite values span less than 10⁻⁹ of their magnitude (or there are none).</summary>
    private static bool Constant(double[] v)
    {
        var finite = v.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return true;
        double lo = finite.Min(), hi = finite.Max();
        return hi - lo <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(lo), Math.Abs(hi)));
    }
}
