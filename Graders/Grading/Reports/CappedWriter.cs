namespace Grader.Grading.Reports;

/// <summary>
/// A <see cref="StringWriter"/> that holds at most a number of characters: a write past it throws
/// <see cref="InvalidDataException"/> before anything more is kept. The rendering of a student's Markdown writes into
/// one, so a few hundred KiB of link reference definitions used many thousand times stop at the cap instead of
/// expanding to a billion characters in the grader's process (issue 67).
/// </summary>
/// <param name="capacity">The most characters it holds.</param>
public sealed class CappedWriter(long capacity) : StringWriter(CultureInfo.InvariantCulture)
{
    /// <summary>The characters it may still take.</summary>
    public long Left { get; private set; } = capacity;

    public override void Write(char value)
    {
        Take(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Take(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Take(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        Take(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(StringBuilder? value)
    {
        Take(value?.Length ?? 0);
        base.Write(value);
    }

    private void Take(long count)
    {
        if (count > Left)
        {
            Left = -1;
            throw new InvalidDataException("the rendered text is past its cap");
        }

        Left -= count;
    }
}
