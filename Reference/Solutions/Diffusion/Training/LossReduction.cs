namespace Grader.Reference.Diffusion;

/// <summary>How Algorithm 1's ‖ε − ε̂‖² is reduced over a batch.</summary>
public enum LossReduction
{
    /// <summary>Mean over batch and dimensions: the Heidelberg notebook's <c>nn.MSELoss()</c>.</summary>
    MeanOverElements,

    /// <summary>Sum over dimensions, mean over the batch: DTU <c>DDPM.loss = negative_elbo(x).mean()</c> (D × the MSE).</summary>
    SumOverDimensions,
}
