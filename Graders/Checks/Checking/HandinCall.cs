using Grader.Checks.Handins;
using Grader.Remote.Handins;

namespace Grader.Checks.Checking;

/// <summary>
/// Calls a hand-in on behalf of one check and turns every way the call can go wrong into that check's result, so the
/// check never throws and the other checks go on:
/// <list type="bullet">
/// <item>no class implements the contract (<see cref="CheckContext.TryHandin{T}"/> gives null): Failed, "no class implements I…";</item>
/// <item>the contract can't be used (two classes, no public parameterless constructor, the constructor threw): Failed, or Errored when its constructor threw;</item>
/// <item><see cref="NotImplementedException"/> (the template's members throw it): Failed, "not implemented yet: &lt;its message&gt;";</item>
/// <item>any other exception: Errored, with its type and message;</item>
/// <item>a null result, a wrong shape, NaN or ±∞: Failed, with that reason and where (the first index).</item>
/// </list>
/// Each method returns null when all is well, or the result to return. For a hidden check (<see cref="Conceals"/>) the
/// student's message names the member, not the call's drawn arguments, the hand-in's exception message (often computed
/// from them) or the drawn shape; the full message goes to <see cref="CheckResult.TutorDetail"/>.
/// </summary>
public sealed class HandinCall(string checkId, string sheetRef)
{
    public string CheckId { get; } = checkId;

    public string SheetRef { get; } = sheetRef;

    /// <summary>The check runs hidden (<see cref="CheckContext.Hidden"/>, learnt in <see cref="Resolve{T}"/>): failed calls are told without the drawn figures.</summary>
    public bool Conceals { get; private set; }

    /// <summary>Finds the hand-in's implementation of <typeparamref name="T"/>.</summary>
    public CheckResult? Resolve<T>(CheckContext context, out T handin) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        Conceals |= context.Hidden;
        handin = null!;
        T? found;
        try
        {
            found = context.TryHandin<T>();
        }
        catch (HandinContractException e)
        {
            return e.InnerException switch
            {
                null => Fail(e.Message),
                NotImplementedException inner => Fail($"not implemented yet: {inner.Message}"),
                _ => Error(e.Message),
            };
        }

        if (found is null)
            return Fail($"no class implements {typeof(T).Name}: the hand-in has no public class implementing it with a public parameterless constructor (the template has one).");
        handin = found;
        return null;
    }

    /// <summary>Runs <paramref name="body"/>, which calls the hand-in; <paramref name="call"/> names it in the message.</summary>
    public CheckResult? Run<TResult>(string call, Func<TResult> body, out TResult result)
    {
        ArgumentNullException.ThrowIfNull(body);
        result = default!;
        try
        {
            result = body();
            return null;
        }
        catch (NotImplementedException e)
        {
            var failed = Fail($"not implemented yet: {e.Message} (in {call})");
            return Conceals ? failed.Concealed($"not implemented yet: {e.Message} (in {Member(call)})") : failed;
        }
        catch (Exception e)
        {
            var type = e.Data[Grading.HandinGrader.TypeKey] as string ?? e.GetType().Name;
            var errored = Error($"{call} threw {e.GetType().Name}: {e.Message}");
            if (!Conceals) return errored;
            if (e is Grader.Tensors.SavedTensorWrittenException)
            {
                // Only the engine makes this exception (the host recreates it only from the engine's own): its message
                // names an op, a shape and two versions, none of the hidden inputs.
                return errored.Concealed($"{Member(call)} was refused by the engine on inputs drawn for this grading run: {e.Message}");
            }

            var where = e.Data[Grading.HandinGrader.LocationKey] as string ?? HandinTrace.Locate(e);
            return errored.Concealed($"{Member(call)} threw {type}{(where is null ? "" : $" ({where})")} on inputs drawn for this grading run.");
        }
    }

    /// <summary>
    /// As <see cref="Run{TResult}(string, Func{TResult}, out TResult)"/>, with the engine's backward passes the call made,
    /// their work and the largest pass's (<see cref="BackwardWork"/>; <c>BackwardPasses</c>: on this thread in process; for a
    /// hand-in in its host, what the host reported for the call, which its channel credits to this thread). A training
    /// check's measure of the work a <c>Train</c> call did: the passes, and that they were steps on batches, not passes on
    /// one row.
    /// </summary>
    public CheckResult? Run<TResult>(string call, Func<TResult> body, out TResult result, out BackwardWork work)
    {
        var mark = BackwardPasses.Begin();
        CheckResult? failed;
        try
        {
            failed = Run(call, body, out result);
        }
        finally
        {
            work = BackwardPasses.End(mark);
        }

        return failed;
    }

    /// <summary>The member a call text names: "Sample" of "Sample([61, 3], …)".</summary>
    public static string Member(string call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var open = call.IndexOf('(', StringComparison.Ordinal);
        return (open < 0 ? call : call[..open]).Trim();
    }

    /// <summary>
    /// The result is a tensor of shape <paramref name="shape"/> with finite entries. <paramref name="shapeHint"/>
    /// replaces the generic wording of a shape failure (e.g. "expected one value per sample, shape [N]").
    /// </summary>
    public CheckResult? Tensor(string call, Tensor? value, int[] shape, string? shapeHint = null)
    {
        if (value is null) return Fail($"{call} returned null; expected a tensor of shape {Shape(shape)}.");
        if (!value.shape.SequenceEqual(shape))
        {
            var hint = shapeHint ?? $"expected a tensor of shape {Shape(shape)}";
            var failed = Fail($"{call} returned a tensor of shape {Shape(value.shape)}: {hint}.", expected: $"shape {Shape(shape)}", seen: $"shape {Shape(value.shape)}");
            return Conceals
                ? failed.Concealed($"{Member(call)} returned a tensor of the wrong shape on inputs drawn for this grading run: {ShapeDifference(value.shape, shape)}.",
                    expected: "the shape the contract states for these inputs", seen: "another shape")
                : failed;
        }

        return Finite(call, value);
    }

    /// <summary>
    /// Failed for <paramref name="result"/>, which should hold one value per row, shape [<paramref name="n"/>], and has
    /// another shape: "{call} returned {returned} of shape …: {hint}", the hint extended when its one value is the batch's
    /// <paramref name="aggregate"/> (<paramref name="aggregateIs"/> says what that is) or when it is an [N, 1] column.
    /// </summary>
    public CheckResult NotOnePerRow(string call, string returned, Tensor result, int n, string hint, double aggregate, string aggregateIs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = result.ToArray();
        if (values.Length == 1 && float.IsFinite(values[0]) && Math.Abs(values[0] - aggregate) <= 1e-3 * (1 + Math.Abs(aggregate)))
            hint += $"; its value {ExactComparison.F(values[0])} is {aggregateIs}";
        else if (result.shape.SequenceEqual([n, 1]))
            hint += " (a vector, not an [N, 1] column)";
        return Fail($"{call} returned {returned} of shape {Shape(result.shape)}: {hint}. Re-read {SheetRef}.",
            expected: $"shape [{n}]", seen: $"shape {Shape(result.shape)}");
    }

    /// <summary>Every entry is a finite number; otherwise Failed naming the first bad index and how many there are.</summary>
    public CheckResult? Finite(string call, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var data = value.ToArray();
        var first = Array.FindIndex(data, v => !float.IsFinite(v));
        if (first < 0) return null;
        var count = data.Count(v => !float.IsFinite(v));
        var what = float.IsNaN(data[first]) ? "NaN" : data[first] > 0 ? "+∞" : "−∞";
        var failed = Fail($"{call} returned {what} at index {Index(first, value.shape)} ({count} of {data.Length} entries are not finite numbers).",
            expected: "finite numbers", seen: $"{what} at {Index(first, value.shape)}");
        return Conceals
            ? failed.Concealed($"{Member(call)} returned {what} on inputs drawn for this grading run ({(count == data.Length ? "every entry" : "some entries")} not a finite number).",
                expected: "finite numbers", seen: what)
            : failed;
    }

    /// <summary>
    /// How a shape differs from the expected one, in the contract's terms and without either's sizes or their
    /// difference (a hidden check's sizes are drawn for the run, and a count of missing entries would tell them):
    /// "2 dimensions where the contract has 1", "dimension 0 has fewer entries than the contract states". Dimensions
    /// count from 0, as torch's <c>dim</c>. The one wording of a shape that a hidden check tells the student.
    /// </summary>
    public static string ShapeDifference(IReadOnlyList<int> seen, IReadOnlyList<int> expected)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(expected);
        if (seen.Count != expected.Count)
            return $"{seen.Count} dimension{(seen.Count == 1 ? "" : "s")} where the contract has {expected.Count}";
        var differ = Enumerable.Range(0, seen.Count).Where(i => seen[i] != expected[i])
            .Select(i => $"dimension {i} has {(seen[i] < expected[i] ? "fewer" : "more")} entries")
            .ToArray();
        if (differ.Length == 0) throw new ArgumentException("the shapes are equal", nameof(seen));
        return $"{string.Join(" and ", differ)} than the contract states";
    }

    public CheckResult Fail(string message, string? expected = null, string? seen = null, Counterexample? counterexample = null) =>
        CheckResult.Fail(CheckId, message, expected, seen, SheetRef, counterexample);

    public CheckResult Error(string message) => CheckResult.Error(CheckId, message, SheetRef);

    /// <summary>"[N, d]" style.</summary>
    public static string Shape(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>The multi-index of a flat position, "[row, column]".</summary>
    public static string Index(int flat, int[] shape)
    {
        if (shape.Length == 0) return "[]";
        var index = new int[shape.Length];
        for (var k = shape.Length - 1; k >= 0; k--)
        {
            var size = Math.Max(shape[k], 1);
            index[k] = flat % size;
            flat /= size;
        }

        return "[" + string.Join(", ", index.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
    }
}
