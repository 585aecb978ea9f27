namespace Grader.Tests.Support;

/// <summary>A fresh temporary folder, deleted on dispose; helpers to lay out hand-ins in it.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Root = Path.Combine(Path.GetTempPath(), "grader-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A hand-in folder <c>handins/&lt;student&gt;</c> with one file.</summary>
    public string Handin(string student, string text = "namespace Submission; public static class A { }")
    {
        var folder = Path.Combine(Root, "handins", student);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "A.cs"), text);
        return folder;
    }

    public string Handins => Path.Combine(Root, "handins");

    /// <summary>A copy of the folder <paramref name="from"/> (its files and subfolders) as <c>&lt;name&gt;</c> in the scratch folder.</summary>
    public string Copy(string from, string name)
    {
        var to = Path.Combine(Root, name);
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }

        return to;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
