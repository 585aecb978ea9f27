using Grader.Tensors;

namespace Grader.Reference.Diffusion.Oracles;

/// <summary>Shared argument checks and the per-sample loop of the oracles.</summary>
internal static class OracleInput
{
    /// <summary>Checks z_t is [N, d] with the oracle's d and t holds N valid code indices; returns (N, d).</summary>
    public static (int N, int D) Require(Tensor zt, int[] t, BetaSchedule schedule, int dimension)
    {
        ArgumentNullException.ThrowIfNull(zt);
        if (zt.dim() != 2 || zt.size(1) != dimension)
            throw new ArgumentException($"The oracle expects z_t of shape [N, {dimension}], got [{string.Join(", ", zt.shape)}].", nameof(zt));
        ScheduleColumns.RequireTimesteps(schedule, t, zt);
        return (zt.size(0), dimension);
    }

    /// <summary>Runs <paramref name="body"/> for every sample, in parallel when the work is large (each sample writes only its own row).</summary>
    public static void ForEachSample(int n, long work, Action<int> body)
    {
        if (work < 200_000) { for (var i = 0; i < n; i++) body(i); return; }
        Parallel.For(0, n, body);
    }
}
