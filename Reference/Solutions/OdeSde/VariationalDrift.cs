namespace Grader.Reference.OdeSde;

/// <summary>The three drifts <c>Variational.drift</c> of <c>SDE.ipynb</c> offers, each keeping the marginals q_t(x_t | y).</summary>
public enum VariationalDrift
{
    /// <summary>"ode": g_ode = ∂α/∂t + (∂β/∂t)·(x − α)/β (no noise).</summary>
    Ode,

    /// <summary>"sde", the forward SDE with diffusion σ: g = g_ode + ½·∂σ²/∂x + ½·σ²·s, with the score s = −(x − α)/β².</summary>
    Sde,

    /// <summary>"backward sde", integrated with dt &lt; 0: g = g_ode − ½·∂σ²/∂x − ½·σ²·s.</summary>
    BackwardSde,
}
