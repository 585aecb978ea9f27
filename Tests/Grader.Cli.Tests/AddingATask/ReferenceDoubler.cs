using Grader.Contracts.Throwaway;

namespace Grader.Cli.Tests.AddingATask;

/// <summary>The throw-away family's reference: its tutor side, as <c>Reference/Solutions/&lt;Family&gt;/Handin/</c> holds a course family's.</summary>
public sealed class ReferenceDoubler : IDoubler
{
    public double Double(double x) => 2 * x;
}
