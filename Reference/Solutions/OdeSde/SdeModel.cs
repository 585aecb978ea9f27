using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// The networks of <c>SDE.ipynb</c> as it runs them: the generative drift f (<see cref="DriftNetwork"/>, 2 hidden
/// layers) and diffusion σ (<see cref="DiffusionNetwork"/>), the variational mean α (<see cref="AlphaNetwork"/>) and
/// standard deviation β (<see cref="BetaNetwork"/>, holding the shared <see cref="OdeSde.Beta"/> of the likelihood),
/// initialised in that order from one generator. <see cref="Module.parameters"/> lists them in the order of the notebook's
/// optimiser: f, α, β (with log β), σ.
/// </summary>
public sealed class SdeModel : Module, ISdeModel
{
    public SdeModel(Generator generator, double initialBeta = Beta.NotebookInitial)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var beta = new Beta(initialBeta);
        var f = new DriftNetwork(generator, DriftNetwork.SdeHiddenLayers);
        var sigma = new DiffusionNetwork(generator);
        var alpha = new AlphaNetwork(generator);
        var betaNet = new BetaNetwork(beta, generator);
        F = register_module("f_net", f);
        AlphaNet = register_module("alpha_net", alpha);
        BetaNet = register_module("beta_net", betaNet);
        Sigma = register_module("sigma_net", sigma);
    }

    /// <summary>f(x, t).</summary>
    public DriftNetwork F { get; }

    /// <summary>σ(x, t).</summary>
    public DiffusionNetwork Sigma { get; }

    /// <summary>α(y, t).</summary>
    public AlphaNetwork AlphaNet { get; }

    /// <summary>β(y, t).</summary>
    public BetaNetwork BetaNet { get; }

    /// <summary>The shared β of the likelihood.</summary>
    public Beta Beta => BetaNet.Beta;

    IDifferentiableNetwork ISdeModel.Drift => F;

    IDifferentiableNetwork ISdeModel.Diffusion => Sigma;

    IDifferentiableNetwork ISdeModel.Alpha => AlphaNet;

    IDifferentiableNetwork ISdeModel.Beta => BetaNet;

    double ISdeModel.LikelihoodStd => Beta.Value;
}
