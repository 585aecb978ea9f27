using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grader.Figures;

namespace Grader.Demo;

/// <summary>
/// Where a demo run writes: the output folder (created and proved writable before any work), the figures with their
/// captions for <c>index.html</c>, text files written atomically, and a log with the elapsed time.
/// </summary>
public sealed class DemoOutput
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _written = [];
    private readonly TextWriter _log;

    /// <summary>Prepares <paramref name="folder"/>; throws <see cref="DemoUsageException"/> when it cannot be written.</summary>
    public DemoOutput(string folder, TextWriter log)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        Folder = Prepare(folder);
    }

    /// <summary>The full path of the output folder.</summary>
    public string Folder { get; }

    public IndexPage Index { get; } = new();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Saves an SVG figure and lists it under <paramref name="section"/> in the index.</summary>
    public void Save(string section, string file, Figure figure, string caption)
    {
        figure.Save(Path.Combine(Folder, file));
        _written.Add(file);
        Index.Add(section, file, caption);
        if (figure.NonFiniteCount > 0) Log($"warning: {file} skipped {figure.NonFiniteCount} non-finite values");
    }

    /// <summary>Writes a UTF-8 text file atomically (a temporary file, then a move).</summary>
    public void WriteText(string file, string text)
    {
        var path = Path.Combine(Folder, file);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
        _written.Add(file);
    }

    public void Log(string message) =>
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}"));

    /// <summary>Runs <paramref name="f"/> and logs how long it took.</summary>
    public T Timed<T>(string what, Func<T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var start = _clock.Elapsed;
        var r = f();
        Log(string.Create(CultureInfo.InvariantCulture, $"{what}: {(_clock.Elapsed - start).TotalSeconds:0.0} s"));
        return r;
    }

    /// <summary>Logs the files written, with their sizes.</summary>
    public void LogWritten()
    {
        Log($"done: {_written.Count} files in {Folder}");
        foreach (var f in _written)
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f,-42} {new FileInfo(Path.Combine(Folder, f)).Length / 1024.0,8:0.0} kB"));
    }

    /// <summary>Creates the folder and proves it writable before any work is done.</summary>
    private static string Prepare(string folder)
    {
        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new DemoUsageException($"--out '{folder}' is not a usable folder name: {e.Message}");
        }
        try
        {
            if (File.Exists(full)) throw new DemoUsageException($"--out '{folder}' is a file, not a folder.");
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DemoUsageException($"cannot write to --out '{folder}': {e.Message}");
        }
        return full;
    }
}
