using System.Text.RegularExpressions;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Finds the hidden experiment's figures in what a student reads of a hidden check (message, expected, seen, plot
/// titles, image grids' titles, labels and captions, a property's counterexample): T = n, step budgets, sample sizes and counts, batch shapes, a β range, seeds
/// and replay seeds, N = n; and what a training's replay would show of them (issue 66): a count of values or elements
/// (a batch's or a draw's size), a drawn range's figures (random.Integers(0, 100, …) names T), a batch's size, the index
/// of a step after the first (a drawn step, and a lower bound on the budget). The sheet reference is the sheet's
/// own text and is not read. A figure the tutor needs belongs in <see cref="CheckResult.TutorDetail"/>.
/// </summary>
public static partial class HiddenSetUpLeaks
{
    private static readonly (Regex Pattern, string What)[] Patterns =
    [
        (TEquals(), "T = n"),
        (StepCount(), "a step count"),
        (StepsEquals(), "steps = n"),
        (SampleSize(), "a sample size"),
        (BatchShape(), "a shape with a batch size"),
        (BetaRange(), "the β range"),
        (Seed(), "a seed"),
        (Replay(), "a replay seed"),
        (NEquals(), "N = n"),
        (ValueCount(), "a count of values"),
        (DrawnRange(), "a drawn range"),
        (BatchOf(), "a batch size"),
        (LaterStep(), "a step index"),
    ];

    /// <summary>Each figure found in <paramref name="text"/>, as "what: the matched text".</summary>
    public static IEnumerable<string> In(string? text) =>
        text is null ? [] : Patterns.SelectMany(p => p.Pattern.Matches(text).Select(m => $"{p.What}: \"{m.Value}\""));

    /// <summary>Each figure found in what the student reads of <paramref name="result"/> (the feedback shows a property's counterexample and replay too).</summary>
    public static IEnumerable<string> In(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var counterexample = result.Counterexample is { } c ? new[] { c.Shrunk, c.Original, "replay " + c.Replay } : [];
        return new[] { result.Message, result.Expected, result.Seen }
            .Concat(counterexample)
            .Concat(result.Plots?.Select(p => p.Title) ?? [])
            .Concat(result.Images?.SelectMany(g => g.Rows.SelectMany(r => r.Images.Select(i => i.Caption).Prepend(r.Label)).Prepend(g.Title)) ?? [])
            .SelectMany(In);
    }

    [GeneratedRegex(@"(?<![/\w])T\s*=\s*\d")]
    private static partial Regex TEquals();

    [GeneratedRegex(@"\b\d+(,\d{3})*\s+(training |optimiser |optimizer |reverse )?steps\b")]
    private static partial Regex StepCount();

    [GeneratedRegex(@"\bsteps\s*=\s*\d")]
    private static partial Regex StepsEquals();

    [GeneratedRegex(@"\b\d+(,\d{3})*\s+(samples|points|held-out|latents|events|code indices|examples|unseen examples|schedules|questions)\b")]
    private static partial Regex SampleSize();

    [GeneratedRegex(@"\[\d{2,}(, \d+)+\]")]
    private static partial Regex BatchShape();

    [GeneratedRegex(@"β[^.;]{0,40}?\d(\.\d+)?e-\d")]
    private static partial Regex BetaRange();

    [GeneratedRegex(@"\bseed\s+\d")]
    private static partial Regex Seed();

    [GeneratedRegex(@"\b[Rr]eplay:?\s+\d+,\d+")]
    private static partial Regex Replay();

    [GeneratedRegex(@"\bN\s*=\s*\d")]
    private static partial Regex NEquals();

    /// <summary>
    /// A count of values or elements ("(256 values)", "Normal(512 values)"), but not a comparison's tally over the cases it
    /// drew and shows ("327 of 386 values outside"): the fresh-input checks print each drawn case's shapes in the
    /// counterexample on purpose (drawn anew every run), so their total is no figure of a hidden set-up.
    /// </summary>
    [GeneratedRegex(@"\b\d+(,\d{3})*\s+(values|elements)\b(?!\s+outside)")]
    private static partial Regex ValueCount();

    [GeneratedRegex(@"\b(Integers|randint)\(\s*-?\d+(\.\d+)?\s*,\s*-?\d")]
    private static partial Regex DrawnRange();

    [GeneratedRegex(@"\bbatch(es)?( size)? of \d")]
    private static partial Regex BatchOf();

    [GeneratedRegex(@"\b(on|at|after|in) step\s+[1-9]")]
    private static partial Regex LaterStep();
}
