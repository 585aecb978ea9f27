namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>Shared bits of the diffusion snapshots: their folder under the snapshot root, and small helpers of the checks.</summary>
public static class DiffusionSnapshots
{
    /// <summary>The folder under fixtures/snapshots.</summary>
    public const string Folder = "diffusion";

    /// <summary>ᾱ_t = ∏_{s≤t}(1 − β_s) in double (for tolerance bounds and evaluation points, never as expected values).</summary>
    public static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        var product = 1.0;
        for (var t = 0; t < betas.Count; t++) alphaBar[t] = product *= 1 - betas[t];
        return alphaBar;
    }

    /// <summary>A fresh copy, so a hand-in that writes into its input can't change the grader's.</summary>
    public static Tensor Copy(Tensor t) => torch.tensor(t.ToArray(), t.shape);
}
