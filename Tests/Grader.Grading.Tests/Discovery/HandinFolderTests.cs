namespace Grader.Grading.Tests.Discovery;

/// <summary>
/// A fixture whose every test gets a fresh tutor's folder of hand-ins, <see cref="Handins"/>, deleted after the test;
/// and <see cref="Foo"/>, the smallest hand-in file.
/// </summary>
public abstract class HandinFolderTests
{
    /// <summary>A hand-in file of one empty class in namespace Student.</summary>
    protected const string Foo = "namespace Student;\n\npublic sealed class Foo { }\n";

    private HandinFolder? _handins;

    /// <summary>The test's own folder of hand-ins.</summary>
    private protected HandinFolder Handins => _handins ?? throw new InvalidOperationException("the folder of hand-ins exists only during a test");

    [SetUp]
    public void CreateHandinFolder() => _handins = new HandinFolder();

    [TearDown]
    public void DeleteHandinFolder() => _handins?.Dispose();
}
