using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Grading;

/// <summary>A check whose behaviour is a function, for grading tests.</summary>
internal sealed class LambdaCheck(string id, Func<CheckContext, CheckResult> run) : ICheck
{
    public string Id { get; } = id;

    public string SheetRef => "test sheet, eq. (1)";

    public CheckResult Run(CheckContext context) => run(context);
}

/// <summary>The claim of TUM 2023 P4 (d): the hand-in names schedules 2 and 4 as invalid. Lets hand-in exceptions through.</summary>
internal sealed class BetaAnswerIsCorrect : ICheck
{
    public string Id => "test.beta-answer-is-correct";

    public string SheetRef => "sheet 002, problem 4 (d)";

    public CheckResult Run(CheckContext context)
    {
        var answer = context.TryHandin<IBetaScheduleAnswer>();
        if (answer is null)
        {
            return CheckResult.Fail(Id, "the hand-in has no answer");
        }

        var seen = answer.InvalidSchedules.Order().ToArray();
        return seen.SequenceEqual([2, 4])
            ? CheckResult.Pass(Id, "schedules 2 and 4 are the invalid ones")
            : CheckResult.Fail(Id, "wrong set of invalid schedules", expected: "{2, 4}", seen: "{" + string.Join(", ", seen) + "}", sheetRef: SheetRef);
    }
}

/// <summary>Builds small catalogs for grading tests.</summary>
internal static class TestCatalog
{
    public static Sheet Sheet(string id) => new(id, $"{id}_test.txt", "Test sheet", new Course("test-course", "Test University", "Test course", "2024"),
        Total: 100, Bonus: 0, PrintsPoints: true, Note: "test");

    public static TaskSpec Task(
        string sheet,
        string exercise,
        string slug,
        double autoPoints,
        IReadOnlyList<CheckSpec> checks,
        double manualPoints = 0,
        bool bonus = false) =>
        new(sheet, exercise, $"{sheet}/{exercise}/{slug}", slug, autoPoints + manualPoints, autoPoints, checks,
            manualPoints > 0 ? [new ManualItem("explain", manualPoints, "an explanation")] : [], bonus);

    public static CheckSpec Visible(ICheck check, double weight = 1) => new(check, weight, Visibility.Visible);

    public static CheckSpec Hidden(ICheck check, double weight = 1) => new(check, weight, Visibility.Hidden);

    public static LambdaCheck Passing(string id) => new(id, _ => CheckResult.Pass(id, "fine"));

    public static LambdaCheck Failing(string id) => new(id, _ => CheckResult.Fail(id, "not fine", expected: "1", seen: "2"));

    public static CourseCatalog Of(params TaskSpec[] tasks) =>
        new(tasks.Select(t => t.Sheet).Distinct().Select(Sheet), tasks);
}
