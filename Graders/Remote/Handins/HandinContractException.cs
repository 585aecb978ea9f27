namespace Grader.Remote.Handins;

/// <summary>
/// Thrown to a check that asks for a contract the hand-in implements but can't provide: two classes implement it,
/// the class has no public parameterless constructor, or its constructor threw (then <see cref="Exception.InnerException"/>
/// is the hand-in's exception). The grader turns it into that check's result; every check using the contract gets it.
/// </summary>
public sealed class HandinContractException : Exception
{
    public HandinContractException(Type contract, Type? implementation, string message, Exception? inner = null)
        : base(message, inner)
    {
        Contract = contract;
        Implementation = implementation;
    }

    public Type Contract { get; }

    public Type? Implementation { get; }
}
