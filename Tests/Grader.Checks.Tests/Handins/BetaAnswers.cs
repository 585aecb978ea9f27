namespace Grader.Checks.Tests.Handins;

/// <summary>Inline hand-in sources implementing <c>IBetaScheduleAnswer</c> (TUM 2023 P4 (d): schedules 2 and 4 are invalid).</summary>
internal static class BetaAnswers
{
    public static readonly string Correct = Answer("public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };");

    public static readonly string Wrong = Answer("public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 1, 4 };");

    /// <summary>Throws from the getter on line 9.</summary>
    public static readonly string Throwing = Answer("""
        public IReadOnlySet<int> InvalidSchedules
        {
            get => throw new InvalidOperationException("boom in the getter");
        }
        """);

    /// <summary>The template's shape: the member throws NotImplementedException with a pointer to the sheet.</summary>
    public static readonly string NotImplemented = Answer("public IReadOnlySet<int> InvalidSchedules => throw new NotImplementedException(\"sheet 002, problem 4 (d)\");");

    /// <summary>The constructor throws (line 7).</summary>
    public static readonly string ThrowingConstructor = Answer("""
        public Answer() => throw new InvalidOperationException("ctor fails");

        public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };
        """);

    /// <summary>A second implementation, for "two candidates".</summary>
    public static readonly string Second = Answer("public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };", name: "OtherAnswer");

    /// <summary>Something that compiles but implements no contract.</summary>
    public const string Unrelated = """
        namespace Student;

        public static class Notes
        {
            public static int Answer => 42;
        }
        """;

    /// <summary>Line 7 lacks a semicolon; line 9 uses an unknown name.</summary>
    public static readonly string Broken = Answer("""
        private readonly int _unused = 3
        public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 };
        public int Other => Undefined;
        """);

    /// <summary>
    /// A hand-in file in namespace Student whose class <paramref name="name"/> implements <c>IBetaScheduleAnswer</c> with
    /// <paramref name="members"/> (indented here), the first of them on line 7.
    /// </summary>
    private static string Answer(string members, string name = "Answer") =>
        "using Grader.Contracts.Diffusion;\n\nnamespace Student;\n\npublic sealed class " + name + " : IBetaScheduleAnswer\n{\n"
        + string.Join('\n', members.Split('\n').Select(line => line.Length == 0 ? line : "    " + line)) + "\n}";
}
