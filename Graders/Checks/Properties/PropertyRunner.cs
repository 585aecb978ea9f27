using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Grader.Checks.Properties;

/// <summary>
/// Runs an FsCheck property for a check and maps FsCheck's three outcomes onto a <see cref="CheckResult"/>:
/// <list type="bullet">
/// <item>Passed → Passed, with how many cases ran and how they were classified;</item>
/// <item>Failed → Failed, with the shrunk counterexample, the number of shrinks and the replay seed in a
/// <see cref="Counterexample"/>; when the property threw on the counterexample, Failed for
/// <see cref="NotImplementedException"/> ("not implemented yet") and Errored for any other exception;</item>
/// <item>Exhausted (too many cases discarded) → Errored: a defect of the grader's generator, never the hand-in's fault.</item>
/// </list>
/// One shape of property: one generated argument, a boolean body, an optional label per case for the distribution.
/// Runs are deterministic: the random seed comes from the check's seed.
/// </summary>
public static class PropertyRunner
{
    /// <summary>What a check tells the runner besides the property.</summary>
    /// <param name="CheckId">The check's id.</param>
    /// <param name="SheetRef">Where to re-read.</param>
    /// <param name="Claim">The claim in words, e.g. "an invertible block's inverse undoes its forward".</param>
    /// <param name="Seed">Seed of the run (the check's seed).</param>
    /// <param name="MaxTest">Number of generated cases.</param>
    /// <param name="Hidden">The check runs hidden (<see cref="Checking.CheckContext.Hidden"/>): a counterexample is told in words, its values go to the tutor.</param>
    public sealed record Settings(string CheckId, string SheetRef, string Claim, ulong Seed, int MaxTest = 200, bool Hidden = false);

    /// <summary>
    /// Checks <paramref name="property"/> for values of <paramref name="arbitrary"/>. <paramref name="explain"/> turns the
    /// shrunk counterexample into a sentence (what was expected there and what the hand-in did); <paramref name="label"/>
    /// classifies each case for the pass message. For a hidden check, <paramref name="describe"/> tells the shrunk
    /// counterexample without its values or sizes (e.g. "a batch of more than one sample, the log-determinant off by 3× its
    /// tolerance"): the student reads that, and the values, the explanation and the replay seed go to the tutor.
    /// </summary>
    public static CheckResult Check<T>(Settings settings, Arbitrary<T> arbitrary, Func<T, bool> property, Func<T, string> explain, Func<T, string>? label = null,
        Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arbitrary);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(explain);

        // An exception of the property itself (the hand-in threw) is told apart from a plain false, which FsCheck also
        // reports as an exception ("Expected true, got false"). Prop.Discard<bool>() in the body discards a case.
        bool Body(T value)
        {
            try
            {
                return property(value);
            }
            catch (Exception e) when (e.GetType().Name != "DiscardException")
            {
                throw new PropertyThrewException(e);
            }
        }

        var body = label is null
            ? Prop.ForAll(arbitrary, Body)
            : Prop.ForAll(arbitrary, (T value) => Prop.Collect(Prop.ToProperty(() => Body(value)), label(value)));
        var runner = new CapturingRunner();
        var seed = new Rnd(settings.Seed);
        var config = Config.Quick
            .WithMaxTest(settings.MaxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(seed, FSharpOption<int>.None)))
            .WithRunner(runner);
        FsCheck.Check.One(config, body);
        var result = Map(settings, runner.Result ?? throw new InvalidOperationException("FsCheck finished without a result"), explain, seed);
        return settings.Hidden ? Conceal(settings, result, runner.Result, describe) : result;
    }

    /// <summary>A hidden check's failure as the student reads it: the counterexample described, not shown.</summary>
    private static CheckResult Conceal<T>(Settings settings, CheckResult result, TestResult found, Func<T, string>? describe)
    {
        if (result.Passed || found is not TestResult.Failed failed) return result;
        if (failed.Item4 is Outcome.Failed { Item: { } exception } && Thrown(exception) is { } inner)
            return inner is NotImplementedException
                ? result.Concealed($"not implemented yet: {inner.Message}. Re-read {settings.SheetRef}.")
                : result.Concealed($"{settings.Claim}: the hand-in threw {inner.GetType().Name} on a case drawn for this grading run. Re-read {settings.SheetRef}.");
        // The description may call the hand-in again (to measure how far off it is); it threw nothing on this case before.
        var shrunk = Single<T>(failed.Item3);
        var described = shrunk is null || describe is null ? "a generated case" : describe(shrunk);
        return result.Concealed($"{settings.Claim} fails on a case drawn for this grading run: {described}. Re-read {settings.SheetRef}.",
            expected: settings.Claim, seen: $"fails for {described}");
    }

    /// <summary>Maps FsCheck's result.</summary>
    private static CheckResult Map<T>(Settings settings, TestResult result, Func<T, string> explain, Rnd seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(result);
        switch (result)
        {
            case TestResult.Passed passed:
                return CheckResult.Pass(settings.CheckId,
                    $"{settings.Claim}: passed {passed.Item1.NumberOfTests} generated cases{Distribution(passed.Item1)}.", settings.SheetRef);

            case TestResult.Failed failed:
            {
                var data = failed.Item1;
                var original = Single<T>(failed.Item2);
                var shrunk = Single<T>(failed.Item3);
                var replay = Replay(failed.Item5);
                var counterexample = new Counterexample(Show(original), Show(shrunk), data.NumberOfShrinks, replay);
                var found = $"after {data.NumberOfTests} case{(data.NumberOfTests == 1 ? "" : "s")} and {data.NumberOfShrinks} shrink{(data.NumberOfShrinks == 1 ? "" : "s")}";
                if (failed.Item4 is Outcome.Failed { Item: { } exception } && Thrown(exception) is { } inner)
                {
                    var where = $"Smallest input ({found}): {Show(shrunk)}. Replay {replay}. Re-read {settings.SheetRef}.";
                    return inner is NotImplementedException
                        ? CheckResult.Fail(settings.CheckId, $"not implemented yet: {inner.Message}. {where}", sheetRef: settings.SheetRef, counterexample: counterexample)
                        : new CheckResult(settings.CheckId, CheckOutcome.Errored,
                            $"{settings.Claim}: the hand-in threw {inner.GetType().Name}: {inner.Message}. {where}", null, null, counterexample, settings.SheetRef);
                }

                var because = shrunk is null ? "" : explain(shrunk) + " ";
                return CheckResult.Fail(settings.CheckId,
                    $"{settings.Claim} fails. {because}Smallest counterexample ({found}): {Show(shrunk)}; first found: {Show(original)}. Replay {replay}. Re-read {settings.SheetRef}.",
                    expected: settings.Claim, seen: $"fails for {Show(shrunk)}", sheetRef: settings.SheetRef, counterexample: counterexample);
            }

            case TestResult.Exhausted exhausted:
                return CheckResult.Error(settings.CheckId,
                    $"{settings.Claim}: the property was exhausted — the grader's generator had too many cases discarded after {exhausted.Item.NumberOfTests} cases " +
                    $"(a grader defect, not the hand-in's fault). Replay {Replay(seed)}.", settings.SheetRef);

            default:
                return CheckResult.Error(settings.CheckId, $"{settings.Claim}: FsCheck returned an unknown result {result} (a grader defect).", settings.SheetRef);
        }
    }

    /// <summary>The exception the property threw, unwrapped, or null for a property that returned false.</summary>
    private static Exception? Thrown(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is PropertyThrewException { InnerException: { } inner }) return inner;
        return null;
    }

    /// <summary>"seed,gamma" as FsCheck's <c>Replay</c> takes it.</summary>
    public static string Replay(Rnd rnd) => string.Create(CultureInfo.InvariantCulture, $"{rnd.Seed},{rnd.Gamma}");

    private static T? Single<T>(FSharpList<object> arguments) => arguments.IsEmpty ? default : arguments.Head is T value ? value : default;

    private static string Show<T>(T? value) => value?.ToString() ?? "(none)";

    private static string Distribution(TestData data)
    {
        // FsCheck's stamps are (percentage of cases, labels).
        var stamps = data.Stamps.ToArray();
        if (stamps.Length == 0) return "";
        var parts = stamps
            .OrderByDescending(s => s.Item1)
            .Select(s => $"{string.Join(", ", s.Item2.Select(l => l.Trim('"')))} {s.Item1}%");
        return " (" + string.Join("; ", parts) + ")";
    }

    /// <summary>Marks an exception thrown by the property's body.</summary>
    private sealed class PropertyThrewException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>Keeps FsCheck's final result; prints nothing.</summary>
    private sealed class CapturingRunner : IRunner
    {
        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult) => Result = testResult;
    }
}
