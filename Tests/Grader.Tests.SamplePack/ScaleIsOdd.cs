using System.Globalization;
using Grader.Contracts.Sample;

namespace Grader.Tests.SamplePack;

/// <summary>The sample's hidden check (tutor side): Scale(−x) = −Scale(x) at inputs drawn from the check's seed.</summary>
public sealed class ScaleIsOdd : ICheck
{
    public string Id => "sample.scale-is-odd";

    public string SheetRef => "sheet 900, ex. 1: scale by two";

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IScaler>(context, out var scaler) is { } unresolved) return unresolved;
        var random = new Random((int)(context.Seed % int.MaxValue));
        for (var i = 0; i < 8; i++)
        {
            var x = random.NextDouble() * 10 - 5;
            if (call.Run($"Scale(±{x})", () => (scaler.Scale(x), scaler.Scale(-x)), out var y) is { } threw) return threw;
            if (y.Item2 != -y.Item1)
                return call.Fail($"Scale(−x) ≠ −Scale(x) at x = {x.ToString("R", CultureInfo.InvariantCulture)}.", expected: "an odd function", seen: $"{y.Item1} and {y.Item2}");
        }

        return CheckResult.Pass(Id, "Scale is odd.", SheetRef);
    }
}
