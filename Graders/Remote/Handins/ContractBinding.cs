namespace Grader.Remote.Handins;

/// <summary>
/// Which class of a hand-in implements a contract interface, or why none can be used. Constructing it is separate
/// (see <see cref="HandinInstance.Resolve"/>): a binding never runs the hand-in's code.
/// </summary>
/// <param name="Contract">The contract interface, e.g. <c>IDtuDdpm</c>.</param>
/// <param name="Implementation">The one usable class; null when there is none or more than one.</param>
/// <param name="Problem">Why no class can be used (null when <see cref="Implementation"/> is set), in words a student can act on.</param>
/// <param name="IsMissing">True when no public class implements the contract at all (the hand-in has not started this task).</param>
public sealed record ContractBinding(Type Contract, Type? Implementation, string? Problem, bool IsMissing)
{
    public bool Found => Implementation is not null;
}
