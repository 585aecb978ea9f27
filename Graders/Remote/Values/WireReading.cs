using Grader.Remote.Channel;



namespace Grader.Remote.Values;

/// <summary>
/// The reading of one frame's values: the frame, the handle table, the count of objects built so far (at most
/// <see cref="RemoteProtocol.MaxValues"/> per frame, so a small frame cannot make the receiver build millions of
/// objects) and the first value a record refused to be built from.
/// </summary>
internal sealed class WireReading(FrameReader reader, IWireHandles handles)
{
    private int _values;

    public FrameReader Reader { get; } = reader;

    public IWireHandles Handles { get; } = handles;

    /// <summary>Why a record could not be built (its constructor threw); the frame was still read to its end.</summary>
    public Exception? Fault { get; set; }

    /// <summary>A handle read came back for an object its owner released (<see cref="RemoteChannel.ReleaseExports"/>); it was read as null.</summary>
    public bool Released { get; set; }

    /// <summary>Counts one object built from the frame.</summary>
    public void Count()
    {
        if (++_values > RemoteProtocol.MaxValues)
        {
            throw new RemoteHostException($"a message holds more than {RemoteProtocol.MaxValues} values");
        }
    }

    /// <summary>Counts <paramref name="value"/> as one object built from the frame unless it is null (read as null), and returns it.</summary>
    public T? Counted<T>(T? value)
        where T : class
    {
        if (value is not null)
        {
            Count();
        }

        return value;
    }
}
