namespace Grader.Checks.Handins;

/// <summary>
/// What a mutant hand-in's <c>mutant.json</c> says: the example it changes, the bug it plants, and which task and
/// contract should catch it (design §Checks 6: every check is proven by a mutant it catches).
/// </summary>
/// <param name="Base">The folder name of the hand-in it is overlaid on, e.g. "Correct".</param>
/// <param name="Bug">The planted bug, in words.</param>
/// <param name="Task">The task id whose points it should lose, e.g. "004/3.4/negative-elbo".</param>
/// <param name="Contract">The contract interface it breaks, e.g. "IDtuDdpm".</param>
public sealed record MutantInfo(string Base, string Bug, string? Task, string? Contract)
{
    /// <summary>The file name that marks a folder as a mutant.</summary>
    public const string FileName = "mutant.json";
}
