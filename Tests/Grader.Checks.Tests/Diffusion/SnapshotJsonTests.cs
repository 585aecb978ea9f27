using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Snapshots;

namespace Grader.Checks.Tests.Diffusion;

public sealed class SnapshotJsonTests
{
    private static readonly StepSnapshot Sample = new("a step", ScheduleSpec.Linear(3), new NetworkSpec(1, 2, 16, NetworkSpec.RawIndex),
    [
        new StepCase(1, 0.5, 7, 1, 2, 1.5f, [0.1f, -1.0000001f], [new Variant("bug", [float.Epsilon, 3.4028235E+38f])]),
    ]);

    [Test]
    public void NumbersRoundTripExactlyAndArraysStayOnOneLine()
    {
        var text = SnapshotJson.Write(Sample);
        Assert.That(text, Does.Contain("\"expected\": [0.1, -1.0000001]"));
        Assert.That(text, Does.Contain("\"values\": [1E-45, 3.4028235E+38]"));
        var read = SnapshotJson.Read<StepSnapshot>(text);
        Assert.That(read.Cases[0].Expected, Is.EqualTo(Sample.Cases[0].Expected).AsCollection);
        Assert.That(read.Cases[0].Variants[0].Values, Is.EqualTo(Sample.Cases[0].Variants[0].Values).AsCollection);
        Assert.That(read.Schedule.Betas(), Is.EqualTo(Sample.Schedule.Betas()).AsCollection);
        Assert.That(SnapshotJson.Write(read), Is.EqualTo(text));
    }

    [Test]
    public void NonFiniteNumbersAreRefused() =>
        Assert.That(() => SnapshotJson.Write(Sample with { Cases = [Sample.Cases[0] with { Expected = [float.NaN] }] }),
            Throws.InstanceOf<System.Text.Json.JsonException>());

    [Test]
    public void AnUnreadableSnapshotIsReportedNotThrown()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"snapshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "diffusion"));
        try
        {
            File.WriteAllText(SnapshotFile.PathOf(folder, "diffusion", "broken"), "{ not json");
            Assert.That(SnapshotFile.TryRead<StepSnapshot>(folder, "diffusion", "broken", out var problem), Is.Null);
            Assert.That(problem, Does.Contain("can't be read"));
            Assert.That(SnapshotFile.TryRead<StepSnapshot>(folder, "diffusion", "absent", out problem), Is.Null);
            Assert.That(problem, Does.Contain("is missing"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
