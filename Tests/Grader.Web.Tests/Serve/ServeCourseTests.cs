namespace Grader.Web.Tests.Serve;

/// <summary>
/// A fixture whose tests share one <see cref="ServeCourse"/> (graded sheet, tutors, reports), made before its first
/// test and deleted after its last.
/// </summary>
public abstract class ServeCourseTests
{
    private protected ServeCourse Course { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateCourse() => Course = await ServeCourse.CreateAsync();

    [OneTimeTearDown]
    public void DeleteCourse() => Course?.Dispose();
}
