namespace Grader.Reference.Flows;

/// <summary>Which fixed mixing follows each coupling (see <see cref="BlockPermutation"/>).</summary>
public enum PermutationKind
{
    /// <summary>A random permutation of the channels (FrEIA's default).</summary>
    Hard,

    /// <summary>A random rotation from SO(C) (FrEIA's <c>permute_soft=True</c>, the notebook's choice).</summary>
    Soft,
}
