namespace Grader.Figures;

internal enum LegendKind { Marker, Line, DashedLine, Swatch }

/// <summary>One row of a panel legend.</summary>
internal sealed record LegendEntry(string Text, string Color, LegendKind Kind);
