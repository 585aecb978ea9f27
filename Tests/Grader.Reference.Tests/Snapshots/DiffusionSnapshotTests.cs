using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Snapshots;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Produces each diffusion snapshot from the reference and matches it against the approved file in
/// fixtures/snapshots/diffusion: a change of the reference shows as a received file to review, and grading reads only
/// the approved files (no reference code).
/// </summary>
public sealed class DiffusionSnapshotTests
{
    [Test]
    public void NegativeElbo() => SnapshotJson.Write(DiffusionSnapshotProducer.NegativeElbo()).ShouldMatchApprovedSnapshot(NegativeElboSnapshot.Name);

    [Test]
    public void DtuSample() => SnapshotJson.Write(DiffusionSnapshotProducer.DtuSample()).ShouldMatchApprovedSnapshot(DtuSampleSnapshot.Name);

    [Test]
    public void ReverseStep() => SnapshotJson.Write(DiffusionSnapshotProducer.ReverseStep()).ShouldMatchApprovedSnapshot(StepSnapshot.ReverseStepName);

    [Test]
    public void DdimStep() => SnapshotJson.Write(DiffusionSnapshotProducer.DdimStep()).ShouldMatchApprovedSnapshot(StepSnapshot.DdimStepName);

    [Test]
    public void SameNoiseTrajectory() => SnapshotJson.Write(DiffusionSnapshotProducer.SameNoise()).ShouldMatchApprovedSnapshot(SameNoiseSnapshot.Name);

    [Test]
    public void ScheduleValidity() => SnapshotJson.Write(ScheduleValiditySnapshotProducer.Produce()).ShouldMatchApprovedSnapshot(ScheduleValiditySnapshot.Name);

    [Test]
    public void ScheduleValidityVerdictsAreTheSheetsAnswer()
    {
        var snapshot = ScheduleValiditySnapshotProducer.Produce();
        Assert.That(snapshot.Cases.Select(c => c.Part).Distinct(), Is.EquivalentTo(new[] { "b", "c" }));
        foreach (var part in new[] { "b", "c" })
        {
            var cases = snapshot.Cases.Where(c => c.Part == part).ToArray();
            Assert.That(cases.Count(c => c.Valid), Is.InRange(12, cases.Length - 12), $"P4 ({part}): both verdicts are asked");
            Assert.That(cases.Select(c => c.Values().Length).Max(), Is.EqualTo(50).Or.InRange(40, 50), $"P4 ({part}): long schedules too");
        }
        foreach (var c in snapshot.Cases)
        {
            var betas = c.Values();
            Assert.That(c.Valid, Is.EqualTo(Grader.Checks.Hidden.Diffusion.Schedules.ScheduleValidityProperty.Rule(betas)), $"P4 ({c.Part}): [{c.Betas}]");
            Assert.That(string.Join(", ", betas.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), Is.EqualTo(c.Betas), "round trip");
            if (!c.Valid)
                Assert.That(betas.Where(b => !(b > 0 && b < 1)), Has.All.Matches<double>(b => c.Part == "b" ? b > 1 : b == 1), $"P4 ({c.Part})'s invalid schedules carry its kind only: [{c.Betas}]");
        }
    }

    [Test]
    public void SnapshotJsonRoundTripsEveryFloatExactly()
    {
        var snapshot = DiffusionSnapshotProducer.ReverseStep();
        var read = SnapshotJson.Read<StepSnapshot>(SnapshotJson.Write(snapshot));
        Assert.That(read.Cases.Count, Is.EqualTo(snapshot.Cases.Count));
        for (var i = 0; i < read.Cases.Count; i++)
        {
            Assert.That(read.Cases[i].Expected, Is.EqualTo(snapshot.Cases[i].Expected).AsCollection, "expected values read back bit for bit");
            Assert.That(read.Cases[i].Variants.Select(v => v.Name), Is.EqualTo(snapshot.Cases[i].Variants.Select(v => v.Name)));
        }

        Assert.That(read.Schedule, Is.EqualTo(snapshot.Schedule));
        Assert.That(read.Network, Is.EqualTo(snapshot.Network));
    }

    [Test]
    public void ApprovalIgnoresLastBitsButNotAChange()
    {
        const string approved = "{\n  \"seed\": 40401,\n  \"expected\": [0.48906687, -1.9487876, 3E-05]\n}\n";
        Assert.That(SnapshotApproval.SameUpToRounding(approved.Replace("0.48906687", "0.4890669"), approved), Is.True, "a last-bit difference");
        Assert.That(SnapshotApproval.SameUpToRounding(approved.Replace("-1.9487876", "-1.9497876"), approved), Is.False, "a change of 1e-3");
        Assert.That(SnapshotApproval.SameUpToRounding(approved.Replace("40401", "40402"), approved), Is.False, "a different seed");
        Assert.That(SnapshotApproval.SameUpToRounding(approved.Replace("seed", "seeds"), approved), Is.False, "a different word");
        Assert.That(SnapshotApproval.SameUpToRounding(approved.Replace(", 3E-05]", "]"), approved), Is.False, "a number fewer");
    }

    [Test]
    public void ScheduleSpecRebuildsTheReferenceScheduleBitForBit()
    {
        foreach (var T in new[] { 1, 2, 100, 250, 1000 })
        {
            var spec = ScheduleSpec.Linear(T);
            Assert.That(spec.Betas(), Is.EqualTo(Grader.Reference.Diffusion.BetaSchedule.Linear(T, float32Betas: false).Beta.ToArray()).AsCollection, $"T = {T}");
        }
    }
}
