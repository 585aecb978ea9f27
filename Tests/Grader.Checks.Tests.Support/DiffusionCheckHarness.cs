using Grader.Checks.Checking;
using Grader.Checks.Results;

namespace Grader.Checks.Tests.Support;

/// <summary>Runs a check on in-test implementations of the contracts, with the approved snapshots of the repository.</summary>
public static class DiffusionCheckHarness
{
    public const ulong Seed = 20240917;

    /// <summary>The repository's fixtures/snapshots, found by walking up to Grader.sln.</summary>
    public static string SnapshotRoot() => Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    /// <summary>A context whose hand-in is the given objects: a contract resolves to the first one implementing it.</summary>
    public static CheckContext Context(params object[] implementations) =>
        new(contract => implementations.FirstOrDefault(contract.IsInstanceOfType), Seed, SnapshotRoot());

    public static CheckResult Run(ICheck check, params object[] implementations)
    {
        var result = check.Run(Context(implementations));
        TestContext.Out.WriteLine($"{result.Outcome}: {result.Message}");
        Assert.That(result.Id, Is.EqualTo(check.Id));
        return result;
    }

    public static void ShouldPass(this CheckResult result) =>
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Passed), result.Message);

    /// <summary>Failed, with every part in the message (expected, seen, counterexample, sheet reference …).</summary>
    public static void ShouldFailWith(this CheckResult result, params string[] parts)
    {
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        foreach (var part in parts) Assert.That(result.Message, Does.Contain(part));
    }

    public static void ShouldErrorWith(this CheckResult result, params string[] parts)
    {
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored), result.Message);
        foreach (var part in parts) Assert.That(result.Message, Does.Contain(part));
    }

    /// <summary>The four parts of a failure message in order: expected, seen, smallest counterexample, the sheet to re-read.</summary>
    public static void ShouldFailInOrder(this CheckResult result, params string[] partsInOrder)
    {
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        var at = 0;
        foreach (var part in partsInOrder)
        {
            var found = result.Message.IndexOf(part, at, StringComparison.Ordinal);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"'{part}' after position {at} in: {result.Message}");
            at = found + part.Length;
        }

        Assert.That(result.SheetRef, Is.Not.Null.And.Not.Empty);
    }
}
