namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>How an oracle ε-network reads its time input (Contracts <c>IEpsilonNetwork</c>).</summary>
public enum OracleTime
{
    /// <summary>The raw integer code index 0..T−1 (Heidelberg, sheets 000/001 ex. 1), shape [N] or [N, 1].</summary>
    RawIndex,

    /// <summary>The code index normalised as t/T ∈ [0, 1) (DTU, sheet 004 ex. 3.4), shape [N, 1].</summary>
    FractionOfT,
}
