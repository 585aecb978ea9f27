using System.Globalization;
using Grader.Figures;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Heidelberg sheet 10, ex. 1(a): "scatter plots of the true versus predicted noise, for each of the two dimensions of
/// the data, coloring the points by the time step in the diffusion process". One panel per data dimension, points
/// coloured by t (viridis, colourbar on the last panel), the line y = x for reference, and the mean squared error of
/// that dimension in the panel title. A good ε-network hugs the diagonal at large t (where z_t is nearly pure noise)
/// and spreads out at small t (where ε is hard to tell from the data's own width).
/// </summary>
public static class NoisePredictionFigure
{
    /// <param name="trueNoise">The ε that was added, [N, d].</param>
    /// <param name="predictedNoise">The network's ε̂ = ε_θ(z_t, t), [N, d].</param>
    /// <param name="t">The code time step of each row (0 … T − 1), [N].</param>
    /// <param name="title">Figure title; null for the default.</param>
    public static Figure Create(Tensor trueNoise, Tensor predictedNoise, int[] t, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Create(trueNoise, predictedNoise, t.Select(v => (double)v).ToArray(), title);
    }

    /// <inheritdoc cref="Create(Tensor, Tensor, int[], string?)"/>
    public static Figure Create(Tensor trueNoise, Tensor predictedNoise, Tensor t, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() > 2 || (t.dim() == 2 && t.size(1) != 1))
            throw new ArgumentException($"t must be [N] or [N, 1], got {FigureInput.Shape(t)}.", nameof(t));
        return Create(trueNoise, predictedNoise, t.detach().ToDoubleArray(), title);
    }

    /// <inheritdoc cref="Create(Tensor, Tensor, int[], string?)"/>
    public static Figure Create(Tensor trueNoise, Tensor predictedNoise, double[] t, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        var eps = FigureInput.Columns(trueNoise, nameof(trueNoise));
        var hat = FigureInput.Columns(predictedNoise, nameof(predictedNoise));
        if (!trueNoise.shape.SequenceEqual(predictedNoise.shape))
            throw new ArgumentException($"trueNoise is {FigureInput.Shape(trueNoise)} but predictedNoise is {FigureInput.Shape(predictedNoise)}.", nameof(predictedNoise));
        var n = eps[0].Length;
        if (t.Length != n) throw new ArgumentException($"t has {t.Length} entries for {n} noise rows.", nameof(t));
        var d = eps.Length;
        if (d > 16) throw new ArgumentException($"One panel per dimension: {d} dimensions is too many for this figure (at most 16).", nameof(trueNoise));

        var fig = new Figure(1, d) { Title = title ?? "True versus predicted noise, coloured by the time step t", PanelWidth = 300, PanelHeight = 300 };
        var limits = FigureInput.Limits(Enumerable.Range(0, d).Select(j => new Frame(eps[j], hat[j])));
        for (var j = 0; j < d; j++)
        {
            var ax = fig[j];
            ax.ScatterByValue(eps[j], hat[j], t, Colormap.Viridis, colorbarLabel: "time step t", radius: 1.8, opacity: 0.75, colorbar: j == d - 1);
            ax.Diagonal(label: "y = x");
            ax.EqualAspect = true;
            if (limits is { } l)
            {
                // The same square range on both axes, so the diagonal runs corner to corner.
                double lo = Math.Min(l.XMin, l.YMin), hi = Math.Max(l.XMax, l.YMax);
                ax.SetLimits(lo, hi, lo, hi);
            }
            var sub = d <= 9 ? ((char)('\u2081' + j)).ToString() : "_" + (j + 1).ToString(CultureInfo.InvariantCulture);
            ax.SetLabels($"dimension {j + 1}: MSE {Mse(eps[j], hat[j])}", $"true noise ε{sub}", $"predicted noise ε̂{sub}");
        }
        return fig;
    }

    /// <summary>Mean squared error over the finite pairs, formatted; "n/a" when there is none.</summary>
    private static string Mse(double[] a, double[] b)
    {
        double s = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var e = a[i] - b[i];
            if (!double.IsFinite(e)) continue;
            s += e * e;
            k++;
        }
        return k == 0 ? "n/a" : (s / k).ToString("0.000", CultureInfo.InvariantCulture);
    }
}
