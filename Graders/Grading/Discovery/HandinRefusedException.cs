namespace Grader.Grading.Discovery;

/// <summary>One hand-in can't be graded; the message says why in one sentence. Caught by <see cref="HandinDiscovery"/>, never thrown out of it.</summary>
internal sealed class HandinRefusedException : Exception
{
    public HandinRefusedException(string message)
        : base(message)
    {
    }
}
