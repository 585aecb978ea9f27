using Grader.Checks.Packs;
using Grader.Contracts.Throwaway;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Cli.Tests.AddingATask;

/// <summary>
/// A family written for one test and thrown away: everything a newcomer writes to add a task
/// (<c>Graders/Checks/README.md</c>), and nothing else. The sheet entry (<see cref="CourseFile"/>, a course file); the
/// pack (<see cref="Pack"/>: the contract <see cref="IDoubler"/>, the check <see cref="DoublesItsInput"/> bound to the
/// task) and its tutor side (<see cref="Tutor"/>: the reference); the folders, written under <paramref name="root"/>:
/// the template with its README, the correct example and one mutant that the check catches.
/// </summary>
internal sealed class ThrowawayPack
{
    /// <summary>The task the pack binds.</summary>
    public const string TaskId = "905/1/double";

    public ThrowawayPack(string root)
    {
        Write(root, "Template/Doubler.cs", Doubler("throw new NotImplementedException(\"sheet 905, ex. 1: double x\")"));
        Write(root, "Template/README.md", """
            # Your hand-in: doubling

            | file | interface | sheet, task | what to implement |
            |---|---|---|---|
            | `Doubler.cs` | `IDoubler` | 905, ex. 1 | `Double(x)`: 2·x |

            """);
        Write(root, "Examples/Correct/Doubler.cs", Doubler("x + x"));
        Write(root, "Examples/Mutants/triples/Doubler.cs", Doubler("3 * x", " // MUTANT: triples instead of doubling"));
        Write(root, "Examples/Mutants/triples/mutant.json", $$"""
            { "base": "Correct", "bug": "Triples instead of doubling.", "task": "{{TaskId}}", "check": "throwaway.doubles-its-input", "contract": "IDoubler" }
            """);
        Pack = new ExercisePack(
            "Throwaway",
            [typeof(IDoubler)],
            [new(TaskId, [typeof(IDoubler)], [Visible(new DoublesItsInput())])],
            new PackFolders($"{root}/Template", $"{root}/Examples", Snapshots: null));
    }

    /// <summary>The sheet entry, as a course author writes it: a course file with sheet 905 and its task of one automatic point.</summary>
    public const string CourseFile = """
        id = "throwaway-course"
        institution = "Test University"
        name = "A course written for one test"
        year = "2026"

        [[sheet]]
        id = "905"
        file = "905_throwaway.txt"
        title = "Sheet 905: doubling"
        total = 1
        note = "Written for one test."

        [[sheet.task]]
        id = "905/1/double"
        exercise = "1"
        title = "Double a number"
        points = 1
        auto = 1

        """;

    /// <summary>The student side, its folders under the root it was written to.</summary>
    public ExercisePack Pack { get; }

    /// <summary>The tutor side: the reference of its one contract.</summary>
    public static TutorPack Tutor { get; } = new("Throwaway", [], new Dictionary<Type, Func<object>> { [typeof(IDoubler)] = () => new ReferenceDoubler() });

    private static string Doubler(string body, string comment = "") => $$"""
        using System;
        using Grader.Contracts.Throwaway;

        namespace Submission;

        public sealed class Doubler : IDoubler
        {
            public double Double(double x) => {{body}};{{comment}}
        }

        """;

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
