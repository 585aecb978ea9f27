using System.Globalization;
using System.Text.Json;
using Grader.Checks.Snapshots;
using Grader.Contracts.Sample;

namespace Grader.Tests.SamplePack;

/// <summary>The sample's visible check: Scale(x) = 2x on the inputs of the snapshot <c>sample/inputs</c> (exact in double).</summary>
public sealed class ScaleDoubles : ICheck, ISnapshotReader
{
    public string Id => "sample.scale-doubles";

    public IReadOnlyList<string> Snapshots { get; } = [SnapshotFile.RelativePathOf(SamplePack.SnapshotFolder, "inputs")];

    public string SheetRef => "sheet 900, ex. 1: scale by two";

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IScaler>(context, out var scaler) is { } unresolved) return unresolved;
        var path = SnapshotFile.PathOf(context.SnapshotRoot, SamplePack.SnapshotFolder, "inputs");
        if (!File.Exists(path)) return call.Error($"the approved snapshot {path} is missing (a grader defect)");
        var inputs = JsonSerializer.Deserialize<double[]>(File.ReadAllText(path)) ?? [];
        foreach (var x in inputs)
        {
            if (call.Run($"Scale({x})", () => scaler.Scale(x), out var y) is { } threw) return threw;
            if (y != 2 * x) return call.Fail($"Scale({F(x)}) is not 2·x.", expected: F(2 * x), seen: F(y));
        }

        return CheckResult.Pass(Id, $"Scale(x) = 2x for {inputs.Length} inputs.", SheetRef);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
