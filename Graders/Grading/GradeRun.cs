namespace Grader.Grading;

/// <summary>One <c>grader grade</c> invocation, validated: where the hand-ins are, where results go, and how to run.</summary>
/// <param name="Inputs">The folders of hand-ins (one or more; graded together, as one cohort).</param>
/// <param name="Output">The output folder.</param>
/// <param name="Jobs">Hand-ins graded at once (one worker process each).</param>
/// <param name="Shard">The slice to grade; null for all.</param>
/// <param name="Force">Grade again even hand-ins whose stored result is up to date.</param>
/// <param name="Manual">The tutor's manual scores (from <c>--manual</c>).</param>
/// <param name="Settings">What decides the verdicts.</param>
public sealed record GradeRun(IReadOnlyList<string> Inputs, string Output, int Jobs, Shard? Shard, bool Force, ManualGrades Manual, GradeSettings Settings);
