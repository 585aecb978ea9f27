namespace Grader.Checks.Handins;

/// <summary>
/// A hand-in's sources: a name and the text of every <c>.cs</c> file of its folder (recursively; <c>bin/</c>,
/// <c>obj/</c> and hidden folders are skipped, so a folder that was once built still compiles). Files are in ordinal
/// order of their paths, so the same folder always gives the same compilation.
/// </summary>
/// <param name="Name">The hand-in's name: its folder's name (for a mutant, the mutant's folder name).</param>
/// <param name="Files">The sources.</param>
/// <param name="Mutant">The mutant's <c>mutant.json</c>, when this hand-in is a mutant overlaid on its base.</param>
public sealed record HandinSource(string Name, IReadOnlyList<HandinFile> Files, MutantInfo? Mutant = null)
{
    private static readonly string[] SkippedFolders = ["bin", "obj"];

    /// <summary>Every <c>.cs</c> file under <paramref name="path"/>.</summary>
    /// <exception cref="HandinSourceException">The folder is missing, is a file, or holds no <c>.cs</c> file.</exception>
    public static HandinSource FromFolder(string path)
    {
        var folder = RequireFolder(path, "hand-in");
        return new HandinSource(NameOf(folder), ReadSources(folder, "hand-in"));
    }

    /// <summary>
    /// A hand-in folder, or a mutant folder (one with <c>mutant.json</c>): then its base is found by its name in
    /// the mutant's ancestors' folders (so <c>Examples/Diffusion/Mutants/x</c> with base "Correct" finds
    /// <c>Examples/Diffusion/Correct</c>, and base "Diffusion/Correct" finds it from <c>Examples/Adversarial/x</c>) and
    /// the mutant is overlaid on it.
    /// </summary>
    /// <exception cref="HandinSourceException">The folder can't be read, or the mutant's base can't be found.</exception>
    public static HandinSource Load(string path)
    {
        var folder = RequireFolder(path, "hand-in");
        var mutant = MutantInfo.Read(folder);
        if (mutant is null)
        {
            return FromFolder(folder);
        }

        for (var ancestor = Directory.GetParent(folder); ancestor is not null; ancestor = ancestor.Parent)
        {
            var candidate = Path.Combine(ancestor.FullName, mutant.Base);
            if (Directory.Exists(candidate) && !SamePath(candidate, folder))
            {
                return FromFolder(candidate).WithOverlay(folder);
            }
        }

        throw new HandinSourceException(
            $"The mutant '{folder}' names the base \"{mutant.Base}\" in {MutantInfo.FileName}, but no folder of that name is beside it or beside any of its parents.");
    }

    /// <summary>
    /// This hand-in with a mutant's files laid over it. A mutant file replaces the file with the same relative path,
    /// else the one file with the same name; a file that matches none is added. <c>mutant.json</c>, when present,
    /// must name this hand-in as its base.
    /// </summary>
    /// <exception cref="HandinSourceException">The mutant folder is missing or empty, names another base, or a file name is ambiguous.</exception>
    public HandinSource WithOverlay(string mutantFolder)
    {
        var folder = RequireFolder(mutantFolder, "mutant");
        var mutant = MutantInfo.Read(folder);
        if (mutant is not null && !string.Equals(Path.GetFileName(mutant.Base.TrimEnd('/')), Name, StringComparison.Ordinal))
        {
            throw new HandinSourceException(
                $"The mutant '{folder}' is based on \"{mutant.Base}\" ({MutantInfo.FileName}), but it was laid over \"{Name}\".");
        }

        var files = Files.ToList();
        foreach (var changed in ReadSources(folder, "mutant"))
        {
            int index = files.FindIndex(f => f.Path == changed.Path);
            if (index < 0)
            {
                var sameName = files.Select((f, i) => (f, i)).Where(x => FileName(x.f.Path) == FileName(changed.Path)).ToArray();
                if (sameName.Length > 1)
                {
                    throw new HandinSourceException(
                        $"The mutant's file '{changed.Path}' matches {sameName.Length} files of \"{Name}\" ({string.Join(", ", sameName.Select(x => x.f.Path))}); give it the same relative path as the one it replaces.");
                }

                index = sameName.Length == 1 ? sameName[0].i : -1;
            }

            if (index < 0)
            {
                files.Add(changed);
            }
            else
            {
                files[index] = changed with { Path = files[index].Path };
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new HandinSource(NameOf(folder), files, mutant);
    }

    private static string RequireFolder(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new HandinSourceException($"No {what} folder was given.");
        }

        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new HandinSourceException($"'{full}' is a file; a {what} is a folder of .cs files.");
        }

        if (!Directory.Exists(full))
        {
            throw new HandinSourceException($"The {what} folder '{full}' does not exist.");
        }

        return Path.TrimEndingDirectorySeparator(full);
    }

    private static List<HandinFile> ReadSources(string folder, string what)
    {
        var files = new List<HandinFile>();
        Collect(folder, folder, files);
        if (files.Count == 0)
        {
            throw new HandinSourceException($"The {what} folder '{folder}' holds no .cs files (bin/, obj/ and hidden folders are not read).");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static void Collect(string root, string folder, List<HandinFile> files)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs"))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(new HandinFile(relative, File.ReadAllText(file)));
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Collect(root, sub, files);
            }
        }
    }

    private static string NameOf(string folder) => Path.GetFileName(folder);

    private static string FileName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
