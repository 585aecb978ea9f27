namespace Grader.Grading.Tests.Support;

/// <summary>Shipped course files edited as a tutor would, for the tests that grade with <c>--course</c>.</summary>
internal static class EditedCourse
{
    /// <summary>The text of <c>courses/&lt;name&gt;</c>.</summary>
    public static string Shipped(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "courses", name));

    /// <summary><paramref name="text"/> without the task <paramref name="id"/> (its <c>[[sheet.task]]</c> up to the next one).</summary>
    public static string RemoveTask(string text, string id)
    {
        var start = text.IndexOf($"[[sheet.task]]\nid = \"{id}\"", StringComparison.Ordinal);
        start.Should().BePositive($"the course has the task {id}");
        var end = text.IndexOf("[[sheet.task]]", start + 1, StringComparison.Ordinal);
        return text[..start] + text[end..];
    }

    /// <summary>A manual item as a course file writes it: <c>[[sheet.task.manual]]</c> with its id and points, then its levels in order.</summary>
    public static string ManualItem(string id, double points, params (double Points, string Text)[] levels) =>
        $"[[sheet.task.manual]]\nid = \"{id}\"\npoints = {Number(points)}\n"
        + string.Concat(levels.Select(l => $"[[sheet.task.manual.level]]\npoints = {Number(l.Points)}\ntext = \"{l.Text}\"\n"));

    private static string Number(double points) => points.ToString(CultureInfo.InvariantCulture);

    /// <summary>Heidelberg 2023 (sheet 000, the bundled cohort's) without 3 (b), a manual task of 1 point: the sheet's maximum 20, not 21.</summary>
    public static string HeidelbergWithout3b()
    {
        var text = RemoveTask(Shipped("heidelberg-ml4physics-2023.toml"), "000/3b/autodiff-modes");
        text.Should().Contain("total = 21\n");
        return text.Replace("total = 21\n", "total = 20\n", StringComparison.Ordinal);
    }
}
