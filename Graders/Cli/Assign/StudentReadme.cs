using Grader.Checks.Catalog;
using Grader.Checks.Grading;

namespace Grader.Cli.Assign;

/// <summary>
/// The README of the student repository: where to write code, how to run the self-check, what it can and cannot see
/// (the hidden checks' points, never their content), what the push workflow reports, and how a tutor adds the graded
/// run of the hidden checks on every push.
/// </summary>
public static class StudentReadme
{
    /// <summary>The workflow in the grader repository that a student repository calls to grade a push with the hidden checks.</summary>
    public const string GradeWorkflow = ".github/workflows/grade-handin.yml";

    /// <summary>The README's Markdown.</summary>
    public static string Render(Assignment assignment, AssignmentPoints points)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(points);
        var handin = AssignmentLayout.HandinFolder;
        var visible = TextReport.Points(points.VisiblePoints);
        var hidden = TextReport.Points(points.HiddenPoints);
        return $$"""
            # {{assignment.Course.Name}} ({{assignment.Course.Year}}): {{assignment.Sheet.Title}}

            You hand in C# code for the programming tasks of sheet {{assignment.Id}} of {{assignment.Course}}. This repository
            holds the skeleton you start from, the interfaces your code implements, and the **self-check**: the visible
            automatic checks your tutor grades with, which you can run yourself as often as you like. The sheet gives
            {{TextReport.Points(assignment.MaxPoints)}}{{(assignment.BonusPoints > 0 ? $" (+ {TextReport.Points(assignment.BonusPoints)} bonus)" : "")}};
            `assignment.json` names the sheet for the self-check and your tutor's grading.

            ## Where your code goes

            Write your solutions in **`{{handin}}/`**. It holds one `.cs` file per graded programming task; every method
            throws `NotImplementedException` and names the sheet exercise and equation it implements. Replace the `throw`
            with your implementation. `{{handin}}/README.md` lists the files, the rules (one public class per interface, no
            random numbers of your own, only computation) and the index conventions.

            Everything outside `{{handin}}/` belongs to the grader. Changing it changes only what you see here: your tutor
            grades `{{handin}}/` with their own copy of the grader.

            ## Checking your work: `dotnet test`

            You need the .NET SDK named in `global.json` (.NET 10). In the repository root, run

            ```
            dotnet test
            ```

            It compiles `{{handin}}/` and runs the visible checks on it, with one test per graded task, named with the sheet,
            the exercise and the points, e.g. `Sheet 004 · 3.4 negative-elbo (2 pts)`. A failing test says what was expected,
            what your code returned, the smallest counterexample, and which equation of the sheet to re-read. The last test
            prints your total, e.g. `Visible: 0 / {{TextReport.Number(points.VisiblePoints)}} points; hidden checks worth {{TextReport.Number(points.HiddenPoints)}} points run when your tutor grades.`
            Until you implement a task, its test fails with the `NotImplementedException` of the skeleton.

            To check another folder, point the self-check at it:

            ```
            GRADER_HANDIN=path/to/folder dotnet test
            ```

            ## Visible and hidden checks

            - The self-check runs the **visible** checks: {{points.VisibleTasks}} graded tasks worth {{visible}} in all.
            - **Hidden** checks worth **{{hidden}}** ({{points.HiddenChecks}} checks) run only when your tutor grades (and in
              the tutor's grading workflow, if your course uses it). This repository holds their names and points, not their
              code, so passing every visible test does not guarantee the hidden points: test your code against the sheet, not
              only against the self-check.
            - Explanations, plots and derivations the sheets ask for are graded by your tutor by hand.

            ## On every push

            `.github/workflows/selfcheck.yml` runs `dotnet test` on every push and pull request. The run's job summary shows
            each task's test, your visible score, and the {{hidden}} the hidden checks add when your tutor grades.

            ## Grading on push, with the hidden checks (set up by your tutor)

            A tutor can also grade every push with the hidden checks: the grader repository's reusable workflow
            `{{GradeWorkflow}}` checks out this repository and the grader, runs `grader check {{handin}} --ci`, writes the
            score table to the job summary and uploads `junit.xml`. It is called from a workflow file in this repository,
            e.g. `.github/workflows/grade.yml` (replace `tutor-org/grader` with the grader repository):

            ```yaml
            on: push
            jobs:
              grade:
                uses: tutor-org/grader/{{GradeWorkflow}}@main
                with: { grader-repository: tutor-org/grader, handin: {{handin}} }
                secrets: inherit
            ```

            ## What is here

            | folder | what it is |
            |---|---|
            | `{{handin}}/` | **your hand-in**: the skeleton to fill in |
            | `Submissions/Contracts/` | the interfaces your classes implement (`Grader.Contracts`) |
            | `Reference/Tensors/` | `Grader.Tensors`, the PyTorch-like tensor library your code uses |
            | `Graders/Remote/` | `Grader.Remote`: how the checks load your compiled classes (and talk to them when your tutor grades) |
            | `Graders/Checks/` | `Grader.Checks`: the task catalog (sheets, tasks, points) and the visible checks |
            | `Tests/SelfCheck/` | the self-check `dotnet test` runs |
            | `fixtures/snapshots/` | the approved expected values of the visible exact checks |
            | `assignment.json` | which sheet of which course this repository is for |

            """;
    }
}
