using Grader.Contracts.Vae;

namespace Grader.Reference.Vae.Handin;

/// <summary>The reference as a hand-in of TUM P2 (d): <see cref="LogNormalPriorKl"/>.</summary>
public sealed class ReferenceLogNormalPrior : ILogNormalPrior
{
    public double LogNormalKl(double muQ, double sigmaQ, double muP, double sigmaP) =>
        Vae.LogNormalPriorKl.BetweenLogNormals(muQ, sigmaQ, muP, sigmaP);

    public double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP) =>
        Vae.LogNormalPriorKl.NormalAgainstLogNormal(muQ, sigmaQ, muP, sigmaP);
}
