namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The shape of the checks that a density the hand-in computes integrates to one (<see cref="LikelihoodIntegratesToOne"/>,
/// <see cref="InnDensityIntegratesToOne"/>): the midpoint rule on <see cref="Grid"/> × <see cref="Grid"/> points of the
/// plane, a size given when grading by the check's own <c>GridSize</c> and others for the quadrature's measurements.
/// </summary>
/// <param name="gridSize">Grid points per side (at least 2).</param>
public abstract class IntegratesToOneCheck<TContract>(string id, int gridSize) : HandinCheck<TContract>(id)
    where TContract : class
{
    /// <summary>Grid points per side of this instance.</summary>
    public int Grid { get; } = AtLeastTwo(gridSize);

    private static int AtLeastTwo(int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        return gridSize;
    }
}
