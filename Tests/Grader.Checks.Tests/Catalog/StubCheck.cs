namespace Grader.Checks.Tests.Catalog;

/// <summary>A check that only has an id, for building catalogs in tests.</summary>
internal sealed class StubCheck(string id) : ICheck
{
    public string Id { get; } = id;

    public string SheetRef => "test";

    public CheckResult Run(CheckContext context) => CheckResult.Pass(Id, "stub");
}
