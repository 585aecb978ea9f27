using Grader.Checks.Checking;
using Grader.Contracts.Throwaway;

namespace Grader.Cli.Tests.AddingATask;

/// <summary>The throw-away family's visible check: Double(x) = 2x, exactly, on a few numbers (doubling is exact in binary floating point).</summary>
public sealed class DoublesItsInput : ICheck
{
    private static readonly double[] Inputs = [0, 1, -2.5, 3e10];

    public string Id => "throwaway.doubles-its-input";

    public string SheetRef => "sheet 905, ex. 1: double a number";

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDoubler>(context, out var doubler) is { } unresolved) return unresolved;
        foreach (var x in Inputs)
        {
            if (call.Run($"Double({F(x)})", () => doubler.Double(x), out var y) is { } threw) return threw;
            if (y != 2 * x) return call.Fail($"Double({F(x)}) is not 2·x.", expected: F(2 * x), seen: F(y));
        }

        return CheckResult.Pass(Id, $"Double(x) = 2x for {Inputs.Length} inputs.", SheetRef);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
