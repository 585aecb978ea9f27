using System.Text.RegularExpressions;
using Grader.Grading.Groups;

namespace Grader.Cli.Assign;

/// <summary>
/// The README of the student repository: where to write code, how to run the self-check, what it can and cannot see
/// (the hidden checks' points, never their content), what the push workflow reports, and the score the tutor's grading
/// workflow posts on a commit.
/// </summary>
public static partial class StudentReadme
{
    /// <summary>The name of the self-check's test that fails for each file of the hand-in that does not compile (Tests/SelfCheck, SelfCheckTests).</summary>
    public const string EveryFileCompiles = "Every file of the hand-in compiles";

    /// <summary>The README's Markdown; with <paramref name="groups"/> (a course handed in by groups) a last section says how a group hands in.</summary>
    public static string Render(Assignment assignment, AssignmentPoints points, bool groups = false) =>
        Body(assignment, points) + (groups ? GroupSection : "");

    /// <summary>How a group hands in: once, with its <c>members.txt</c> in the one format <see cref="MembersFile.Parse"/> reads.</summary>
    public static string GroupSection => $"""

        ## Handing in as a group

        Your course hands in by groups: hand in **once for your group**, from one repository (or one folder or zip), and
        list the group's members in `{MembersFile.FileName}` at the repository's top (already there): {MembersFile.Format}. For example:

        ```
        {MembersFile.Example}
        ```

        Your tutor grades the group as the course lists it and is shown any difference from your `{MembersFile.FileName}`;
        every member gets the group's grade, and a member who also hands in alone keeps the group's. A regrade request is
        the group's: one per item, which every member sees with its answer.

        """;

    private static string Body(Assignment assignment, AssignmentPoints points)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(points);
        var handin = AssignmentLayout.HandinFolder;
        var visible = TextReport.Points(points.VisiblePoints);
        var hidden = TextReport.Points(points.HiddenPoints);
        var example = assignment.Tasks.First(t => t.Graded && t.Checks.Any(c => c.Visibility == Visibility.Visible));
        var exampleTest = $"{TextReport.TaskName(example)} ({TextReport.Points(example.AutoPoints - example.HiddenPoints)})";
        var exampleContract = example.Contracts.FirstOrDefault()?.Name;
        return $$"""
            # {{assignment.Course.Name}} ({{assignment.Course.Year}}), sheet {{assignment.Id}}: {{Topic(assignment.Sheet.Title)}}

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

            ## Compiling: your editor and `dotnet build`

            `{{handin}}/` is a project (`{{handin}}/{{Path.GetFileName(AssignmentLayout.HandinProject.ProjectFile)}}`, part of `{{GraderRepository.SolutionFile}}`): open the repository's
            folder (or `{{GraderRepository.SolutionFile}}`) in Visual Studio, Rider or VS Code with the C# Dev Kit, and your editor shows
            errors as you type. In the repository root,

            ```
            dotnet build
            ```

            compiles `{{handin}}/` as the grader does and lists every error with its file and line. Besides the compiler's
            errors it reports the grader's rules for hand-ins: **GRADER001** names an API a hand-in may not use (files, the
            network, processes, the console, the clock, reflection …) and **GRADER002** a language feature it may not use
            (`unsafe`, P/Invoke …), and **GRADER005** state a network the grader trains keeps outside its parameters (a
            static field that is not a constant, a random source of its own), with the grader's own message. A file with an
            error costs you the tasks that need it when your tutor grades.

            ## Checking your work: `dotnet test`

            You need the .NET SDK named in `global.json` (.NET 10). In the repository root, run

            ```
            dotnet test
            ```

            It compiles `{{handin}}/` and runs the visible checks on it, with one test per graded task, named with the sheet,
            the exercise and the visible points, e.g. `{{exampleTest}}`{{(exampleContract is null ? "" : $" (it checks your class that implements `{exampleContract}`)")}}. A failing test says what was
            expected, what your code returned, the smallest counterexample, and which equation of the sheet to re-read. The
            last thing `dotnet test` prints is your total, e.g. `Visible: 0 / {{PointsText.Shown(points.VisiblePoints)}} points; hidden checks worth {{PointsText.Shown(points.HiddenPoints)}} points run when your tutor grades.`
            Until you implement a task, its test fails with the `NotImplementedException` of the skeleton.

            A file of `{{handin}}/` that does not compile is left out, and the rest is graded without it, as your tutor's
            grading does. The test `{{EveryFileCompiles}}` then fails: it names each file left out, the compiler's errors
            with file and line, and the tasks the file blocks, which get 0 points until it compiles, whether or not they
            have a visible test.

            To check another folder, point the self-check at it:

            ```
            GRADER_HANDIN=path/to/folder dotnet test
            ```

            ## Visible and hidden checks

            - The self-check runs the **visible** checks: {{points.VisibleTasks}} graded tasks worth {{visible}} in all.
            - **Hidden** checks worth **{{hidden}}** ({{points.HiddenChecks}} checks) run only when your tutor grades (and in
              the tutor's grading workflow, if your course uses it). This repository holds their names and points, not their
              code, so passing every visible test does not guarantee the hidden points: test your code against the sheet, not
              only against the self-check. A task whose hidden check fails earns none of its points, its visible ones
              included: the visible checks alone cannot show that the task is computed.
            - Explanations, plots and derivations the sheets ask for are graded by your tutor by hand: write them in
              `Report/report.md` (one heading per item, already there) or hand in `Report/report.pdf` with the item keys
              on its pages or in `Report/pages.txt`; `Report/report.md` says how.

            ## On every push

            `.github/workflows/selfcheck.yml` runs `dotnet test` on every push and pull request. The run's job summary shows
            each task's test, your visible score, and the {{hidden}} the hidden checks add when your tutor grades.

            ## Your score with the hidden checks (if your course uses it)

            Your tutor's grading workflow grades your latest push with the visible and the hidden checks, on the tutor's
            side, and posts the automatic score on your commit as a status named `grader / sheet {{assignment.Id}}` (the
            mark beside the commit on GitHub). It needs nothing in this repository, and it shows only the score: the
            hidden checks' messages reach you with your tutor's feedback.

            ## What is here

            | folder | what it is |
            |---|---|
            | `{{handin}}/` | **your hand-in**: the skeleton to fill in, and its project file (not graded) |
            | `Report/` | **your written report**: `report.md` with a heading per item graded by hand, `pages.txt` for a PDF's pages |
            | `Submissions/Contracts/` | the source of the interfaces your classes implement (`Grader.Contracts`), to read |
            | `Reference/Tensors/` | the source of `Grader.Tensors`, the PyTorch-like tensor library your code uses, to read |
            | `{{ToolAssemblies.Folder}}/` | the grader's compiled `Grader.Tensors`, `Grader.Contracts`, `Grader.Remote` (how the checks load your classes) and, in `{{ToolAssemblies.AnalyzerFolder}}/`, its rules for hand-ins (GRADER001, GRADER002, GRADER005) for `dotnet build` and your editor: what the build uses, from your tutor's grader (`{{ToolAssemblies.ManifestFile}}` names it) |
            | `Graders/Checks/` | `Grader.Checks`: the task catalog (sheets, tasks, points) and the visible checks |
            | `Tests/SelfCheck/` | the self-check `dotnet test` runs |
            | `fixtures/snapshots/` | the approved expected values of the visible exact checks |
            | `assignment.json` | which sheet of which course this repository is for |

            """;
    }

    /// <summary>
    /// The sheet's title without the course's own number for it ("Sheet 10: Hands-on …" → "Hands-on …"), so the README
    /// numbers the sheet one way only: as the grader, its tests, the commit status and <c>assignment.json</c> do.
    /// </summary>
    public static string Topic(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return CourseNumber().Replace(title, "", 1);
    }

    [GeneratedRegex(@"^(?:Exercise sheet #?|Exercises week |Sheet |Assignment )\d+:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex CourseNumber();
}
