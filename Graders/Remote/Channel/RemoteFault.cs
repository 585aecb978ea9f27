using System.Collections.Frozen;

namespace Grader.Remote.Channel;

/// <summary>
/// An exception as it crosses the channel: the full name of its type, its message and, when the hand-in's code raised
/// it, where (<c>"A.cs:12, in Answer.get_InvalidSchedules"</c>, from the host's PDB). On the other side it becomes an
/// exception of the same type when that is one of a fixed list of framework types (so <c>NotImplementedException</c>
/// still reads "not implemented yet" and a check's <c>catch (ArgumentException)</c> still catches), else a
/// <see cref="HandinException"/>; the location rides in <see cref="Exception.Data"/> under
/// <see cref="RemoteKeys.Location"/>. The type name is only ever looked up in that list, never loaded.
/// </summary>
/// <param name="TypeName">The exception's full type name.</param>
/// <param name="Message">Its message.</param>
/// <param name="Location">Where in the hand-in's code it was raised; null when no frame was the hand-in's.</param>
public sealed record RemoteFault(string TypeName, string Message, string? Location)
{
    private static readonly FrozenDictionary<string, Func<string, Exception>> Known = new Dictionary<string, Func<string, Exception>>(StringComparer.Ordinal)
    {
        ["System.Exception"] = m => new Exception(m),
        ["System.NotImplementedException"] = m => new NotImplementedException(m),
        ["System.NotSupportedException"] = m => new NotSupportedException(m),
        ["System.InvalidOperationException"] = m => new InvalidOperationException(m),
        ["System.ArgumentException"] = m => new ArgumentException(m),
        ["System.ArgumentNullException"] = m => new ArgumentNullException(null, m),
        ["System.ArgumentOutOfRangeException"] = m => new ArgumentOutOfRangeException(null, m),
        ["System.IndexOutOfRangeException"] = m => new IndexOutOfRangeException(m),
        ["System.NullReferenceException"] = m => new NullReferenceException(m),
        ["System.DivideByZeroException"] = m => new DivideByZeroException(m),
        ["System.OverflowException"] = m => new OverflowException(m),
        ["System.ArithmeticException"] = m => new ArithmeticException(m),
        ["System.InvalidCastException"] = m => new InvalidCastException(m),
        ["System.FormatException"] = m => new FormatException(m),
        ["System.RankException"] = m => new RankException(m),
        ["System.TimeoutException"] = m => new TimeoutException(m),
        ["System.OperationCanceledException"] = m => new OperationCanceledException(m),
        ["System.OutOfMemoryException"] = m => new OutOfMemoryException(m),
        ["System.InsufficientExecutionStackException"] = m => new InsufficientExecutionStackException(m),
        ["System.ObjectDisposedException"] = m => new InvalidOperationException(m),
        ["System.Collections.Generic.KeyNotFoundException"] = m => new KeyNotFoundException(m),
        // The engine's refusal of a backward through a tensor written after it was saved: its message is the engine's,
        // and a check may show it (From renames a hand-in's own type of that name, so it is never recreated as this).
        [EngineRefusal] = m => new Grader.Tensors.SavedTensorWrittenException(m),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string EngineRefusal = "Grader.Tensors.SavedTensorWrittenException";

    /// <summary>The fault of <paramref name="exception"/>, located with <paramref name="locate"/>; a location already carried (a rethrown fault) is kept.</summary>
    public static RemoteFault From(Exception exception, Func<Exception, string?> locate)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(locate);
        var e = Unwrap(exception);
        var type = e is HandinException h ? h.TypeName : e.GetType().FullName ?? e.GetType().Name;
        if (type == EngineRefusal && e.GetType() != typeof(Grader.Tensors.SavedTensorWrittenException))
        {
            type = "Handin." + type;   // a hand-in's type of the engine's name: its message is the hand-in's
        }

        // The hand-in's own exception type may override Message or Data to throw again: read them defensively, so
        // its code cannot take the host down while the host reports the first exception.
        var carried = Safe(() => e.Data[RemoteKeys.Location] as string);
        var message = Safe(() => e is HandinException handin ? handin.OriginalMessage : e.Message)
            ?? $"(the message of this {type} could not be read: its Message threw)";
        return new RemoteFault(type, message, Safe(() => locate(e)) ?? carried);
    }

    private static string? Safe(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The exception to throw on this side.</summary>
    public Exception ToException()
    {
        var e = Known.TryGetValue(TypeName, out var create) ? create(Message) : new HandinException(TypeName, Message);
        if (Location is not null)
        {
            e.Data[RemoteKeys.Location] = Location;
        }

        return e;
    }

    public void Write(FrameWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(TypeName);
        writer.WriteString(Message);
        writer.WriteString(Location);
    }

    public static RemoteFault Read(FrameReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RemoteFault(reader.ReadRequiredString(), reader.ReadString() ?? "", reader.ReadString());
    }

    /// <summary>
    /// The exception a hand-in threw: <paramref name="e"/> unwrapped from an <see cref="AggregateException"/> with one inner
    /// exception and from reflection's <see cref="System.Reflection.TargetInvocationException"/>, as often as they nest.
    /// </summary>
    public static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a:
                    e = a.InnerExceptions[0];
                    break;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    break;
                default:
                    return e;
            }
        }
    }
}
