namespace Grader.Figures;

/// <summary>Maps data coordinates to pixel coordinates of one plot area (y grows upwards in data, downwards in SVG).</summary>
internal sealed record PlotTransform(double Left, double Top, double Width, double Height,
    double XMin, double XMax, double YMin, double YMax)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;
    public double X(double x) => Left + (x - XMin) / (XMax - XMin) * Width;
    public double Y(double y) => Top + Height - (y - YMin) / (YMax - YMin) * Height;
}
