namespace Grader.Tests.Support;

/// <summary>A fixture whose every test gets a fresh <see cref="Scratch"/> folder, <see cref="Dir"/>, deleted after the test.</summary>
public abstract class ScratchTests
{
    private Scratch? _scratch;

    /// <summary>The test's own empty folder.</summary>
    protected string Dir => _scratch?.Root ?? throw new InvalidOperationException("the scratch folder exists only during a test");

    [SetUp]
    public void CreateScratch() => _scratch = new Scratch();

    [TearDown]
    public void DeleteScratch()
    {
        _scratch?.Dispose();
        _scratch = null;
    }
}
