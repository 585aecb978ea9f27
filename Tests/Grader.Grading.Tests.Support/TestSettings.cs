namespace Grader.Grading.Tests.Support;

/// <summary>Grading settings for tests: a sheet's configuration (<see cref="TestConfig"/>: one assignment of a catalog, default the tutor's, the repository's snapshots) and limits.</summary>
internal static class TestSettings
{
    public static string Snapshots => TestConfig.Snapshots;

    /// <summary>The limits of a run without the training checks that a loaded machine cannot break for a correct hand-in (<see cref="TestConfig.CpuBoundLimits"/>).</summary>
    public static WorkerLimits CpuBoundLimits => TestConfig.CpuBoundLimits;

    /// <summary><see cref="CpuBoundLimits"/> with wall limits no load reaches, for the tests whose subject a CPU budget stops (<see cref="TestConfig.LoadProofLimits"/>).</summary>
    public static WorkerLimits LoadProofLimits => TestConfig.LoadProofLimits;

    public static GradeSettings For(string sheet, ulong seed = 7, bool visibleOnly = false, IEnumerable<string>? leftOut = null, WorkerLimits? limits = null, CourseCatalog? catalog = null) =>
        new(TestConfig.For(sheet, seed, visibleOnly, leftOut, catalog), limits ?? WorkerLimits.Default);
}
