namespace Grader.Reference.Diffusion.Figures;

/// <summary>One frame of points: x and y columns.</summary>
internal readonly record struct Frame(double[] Xs, double[] Ys);
