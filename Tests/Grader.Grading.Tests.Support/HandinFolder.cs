using System.IO.Compression;
using System.Text;

namespace Grader.Grading.Tests.Support;

/// <summary>A tutor's folder of hand-ins in a fresh temporary folder, deleted on dispose.</summary>
internal sealed class HandinFolder : IDisposable
{
    public HandinFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "grader-discovery-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder of hand-ins.</summary>
    public string Root { get; }

    /// <summary>The full path of an entry of the folder.</summary>
    public string PathOf(string name) => Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A hand-in folder with text files (relative paths, '/' separated).</summary>
    public string Folder(string name, params (string Path, string Text)[] files) =>
        FolderOfBytes(name, files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Text))).ToArray());

    /// <summary>A hand-in folder with files of raw bytes.</summary>
    public string FolderOfBytes(string name, params (string Path, byte[] Bytes)[] files)
    {
        var folder = PathOf(name);
        Directory.CreateDirectory(folder);
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            System.IO.File.WriteAllBytes(full, bytes);
        }

        return folder;
    }

    /// <summary>A file directly in the folder of hand-ins.</summary>
    public string File(string name, byte[] bytes)
    {
        var path = PathOf(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A zip directly in the folder of hand-ins, with text entries.</summary>
    public string Zip(string name, params (string Path, string Text)[] entries) =>
        File(name, ZipBytes(entries.Select(e => (e.Path, Encoding.UTF8.GetBytes(e.Text))).ToArray()));

    /// <summary>The bytes of a zip with these entries (names exactly as given, so '..' and '/' can be tested).</summary>
    public static byte[] ZipBytes(params (string Path, byte[] Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in entries)
            {
                using var stream = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
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
