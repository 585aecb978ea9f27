namespace Grader.Checks.Tests.Handins;

/// <summary>Inline hand-in sources implementing <c>IBetaScheduleAnswer</c> (TUM 2023 P4 (d): schedules 2 and 4 are invalid).</summary>
internal static class BetaAnswers
{
    public const string Correct = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };
        }
        """;

    public const string Wrong = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 1, 4 };
        }
        """;

    /// <summary>Throws from the getter on line 9.</summary>
    public const string Throwing = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules
            {
                get => throw new InvalidOperationException("boom in the getter");
            }
        }
        """;

    /// <summary>The template's shape: the member throws NotImplementedException with a pointer to the sheet.</summary>
    public const string NotImplemented = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules => throw new NotImplementedException("sheet 002, problem 4 (d)");
        }
        """;

    /// <summary>The constructor throws (line 7).</summary>
    public const string ThrowingConstructor = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public Answer() => throw new InvalidOperationException("ctor fails");

            public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };
        }
        """;

    /// <summary>A second implementation, for "two candidates".</summary>
    public const string Second = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class OtherAnswer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };
        }
        """;

    /// <summary>Something that compiles but implements no contract.</summary>
    public const string Unrelated = """
        namespace Student;

        public static class Notes
        {
            public static int Answer => 42;
        }
        """;

    /// <summary>Line 7 lacks a semicolon; line 9 uses an unknown name.</summary>
    public const string Broken = """
        using Grader.Contracts.Diffusion;

        namespace Student;

        public sealed class Answer : IBetaScheduleAnswer
        {
            private readonly int _unused = 3
            public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 };
            public int Other => Undefined;
        }
        """;
}
