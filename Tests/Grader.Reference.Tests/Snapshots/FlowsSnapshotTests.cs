using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Snapshots;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Produces each flow snapshot from the reference and matches it against the approved file in fixtures/snapshots/flows:
/// a change of the reference or of the tolerances shows as a received file to review, and grading reads only the
/// approved files.
/// </summary>
public sealed class FlowsSnapshotTests
{
    [Test]
    public void CouplingBlock() => SnapshotJson.Write(FlowsSnapshotProducer.CouplingBlock()).ShouldMatchApprovedSnapshot(CouplingBlockSnapshot.Name, FlowsSnapshots.Folder);

    [Test]
    public void InvertibleNetwork() => SnapshotJson.Write(FlowsSnapshotProducer.InvertibleNetwork()).ShouldMatchApprovedSnapshot(InvertibleNetworkSnapshot.Name, FlowsSnapshots.Folder);

    [Test]
    public void Preprocessing() => SnapshotJson.Write(FlowsSnapshotProducer.Preprocessing()).ShouldMatchApprovedSnapshot(PreprocessingSnapshot.Name, FlowsSnapshots.Folder);

    [Test]
    public void NegativeLogLikelihood() => SnapshotJson.Write(FlowsSnapshotProducer.NegativeLogLikelihood()).ShouldMatchApprovedSnapshot(NegativeLogLikelihoodSnapshot.Name, FlowsSnapshots.Folder);

    [Test]
    public void MostLikely() => SnapshotJson.Write(FlowsSnapshotProducer.MostLikely()).ShouldMatchApprovedSnapshot(MostLikelySnapshot.Name, FlowsSnapshots.Folder);
}
