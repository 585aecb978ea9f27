namespace Grader.Checks.Tests.Handins;

/// <summary>A hand-in folder written inline into a fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempHandin : IDisposable
{
    public TempHandin(params (string Path, string Text)[] files)
        : this("Handin", files)
    {
    }

    public TempHandin(string name, params (string Path, string Text)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "grader-tests-" + Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(Root, name);
        Directory.CreateDirectory(Folder);
        Write(Folder, files);
    }

    /// <summary>The temporary folder the hand-in is in (its parent).</summary>
    public string Root { get; }

    /// <summary>The hand-in's folder.</summary>
    public string Folder { get; }

    /// <summary>Writes files under <paramref name="folder"/> (relative paths, '/' separated), creating folders.</summary>
    public static void Write(string folder, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
