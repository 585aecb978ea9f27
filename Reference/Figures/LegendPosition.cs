namespace Grader.Figures;

/// <summary>Where a panel's legend goes inside the plot area; <see cref="Auto"/> picks the corner covering the fewest data.</summary>
public enum LegendPosition { Auto, TopRight, TopLeft, BottomRight, BottomLeft }
