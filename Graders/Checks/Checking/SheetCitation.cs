using System.Text.RegularExpressions;

namespace Grader.Checks.Checking;

/// <summary>
/// Where a result sends a student to re-read, cited under the sheet being graded. A check bound to tasks of one sheet
/// may name it in its <see cref="ICheck.SheetRef"/> ("sheet 004, ex. 3.4: …"); a check of a part that several sheets
/// pose alike (Heidelberg exercise 1 on sheets 000 and 001) names only the part and the equation ("ex. 1 (a): …"), and
/// the grader, which knows the task it grades, puts that task's sheet in front. So a student of sheet 001 is sent to
/// sheet 001, never to a sheet they did not get.
/// </summary>
public static partial class SheetCitation
{
    /// <summary>
    /// <paramref name="reference"/> under sheet <paramref name="sheet"/>: "sheet 001, ex. 1 (a): …"; a reference that
    /// already begins with "sheet NNN" is returned as it is (so citing twice changes nothing).
    /// </summary>
    /// <param name="sheet">The id of the sheet whose task is graded, e.g. "001".</param>
    /// <param name="reference">The check's reference, with or without its sheet.</param>
    public static string Cite(string sheet, string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(sheet);
        ArgumentNullException.ThrowIfNull(reference);
        return NamesSheet(reference) ? reference : $"sheet {sheet}, {reference}";
    }

    /// <summary>True when <paramref name="reference"/> begins with a sheet's number ("sheet 004, …").</summary>
    public static bool NamesSheet(string reference) => SheetPrefix().IsMatch(reference);

    [GeneratedRegex(@"^sheet [0-9]{3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SheetPrefix();
}
