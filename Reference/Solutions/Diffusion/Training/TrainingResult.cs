namespace Grader.Reference.Diffusion;

/// <summary>The loss of every optimiser step (the loss curve, as the notebook's <c>losses</c> list) and the wall time.</summary>
public sealed record TrainingResult(float[] Losses, TimeSpan Elapsed)
{
    public int Steps => Losses.Length;

    /// <summary>Mean loss over the last <paramref name="window"/> steps (all of them if fewer).</summary>
    public double FinalLoss(int window = 100)
    {
        if (Losses.Length == 0) return double.NaN;
        int k = Math.Min(window, Losses.Length);
        double s = 0;
        for (int i = Losses.Length - k; i < Losses.Length; i++) s += Losses[i];
        return s / k;
    }
}
