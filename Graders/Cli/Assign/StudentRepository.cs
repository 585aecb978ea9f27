using System.Xml.Linq;
using Grader.Grading.Discovery;
using Grader.Grading.Reports;

namespace Grader.Cli.Assign;

/// <summary>
/// Writes the repository a student of one assignment receives (<see cref="AssignmentLayout"/>): the tool's compiled
/// engine, contracts, hand-in loading and allowlist analyzer with their manifest (<see cref="ToolAssemblies"/>), the
/// contracts' and the engine's sources to read, the catalog with the visible checks of the assignment's families only
/// (<see cref="CheckSources"/>: the other packs neither copied nor registered) and the course file of the sheet without
/// its rubric texts, the self-check, the snapshots the
/// assignment's visible checks read, the template files of the assignment's contracts as the hand-in folder with its project, the
/// <c>assignment.json</c> that tells the self-check which assignment it is, the written report's skeleton
/// (<c>Report/</c>, <see cref="ReportLayout"/>), the build settings, a solution with exactly
/// those projects, a README and the self-check workflow. Nothing else of the grader repository is copied, and the copy
/// is refused when a copied project references a project that must not ship (the reference, the hidden checks). The
/// tree is written beside the output folder first and moved into place at the end, so a failure never leaves half a
/// repository.
/// </summary>
public static class StudentRepository
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the student repository of <paramref name="assignment"/> from <paramref name="graderRoot"/> to <paramref name="outputFolder"/>.</summary>
    /// <param name="graderRoot">The grader repository's root (it holds Grader.sln).</param>
    /// <param name="outputFolder">A folder that does not exist yet, or is empty.</param>
    /// <param name="assignment">The assignment (with its checks, hidden ones declared only): its tasks, points and template files.</param>
    /// <param name="catalog">The catalog the assignment comes from (its packs give the template and snapshot folders).</param>
    /// <param name="membersSkeleton">True for a course handed in by groups: the repository gets a <c>members.txt</c> skeleton (<see cref="Grader.Grading.Groups.MembersFile"/>).</param>
    /// <param name="courseFile">The course file the repository receives (<see cref="StudentCourseFile"/>): default, the carried one holding the sheet.</param>
    /// <param name="toolFolder">The folder of the tool's assemblies (<see cref="ToolAssemblies.Of"/>): default, the running program's.</param>
    /// <exception cref="AssignException">The output folder is not empty or lies inside a folder it copies, a needed file is
    /// missing, or a copied project references a project that must not ship.</exception>
    public static AssignmentResult Write(string graderRoot, string outputFolder, Assignment assignment, CourseCatalog catalog, (string Path, string Text)? courseFile = null, string? toolFolder = null, bool membersSkeleton = false)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(catalog);
        var root = Path.GetFullPath(graderRoot);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        var layout = AssignmentLayout.Of(assignment, catalog, root);
        RequireUsableTarget(root, target, layout);
        RequireLayout(root, layout);
        var checks = CheckSources.Of(root, layout, catalog);
        var assemblies = ToolAssemblies.Of(toolFolder ?? AppContext.BaseDirectory);

        var points = AssignmentPoints.Of(assignment);
        var parent = Path.GetDirectoryName(target) ?? throw new AssignException($"The output folder '{target}' has no parent folder.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.assign-{Guid.NewGuid():N}");
        try
        {
            var files = new List<string>();
            foreach (var project in AssignmentLayout.Projects)
            {
                CopyFolder(root, project.Folder, staging, project.Folder, files, checks.Copies);
                File.WriteAllText(Path.Combine(staging, project.RelativePath), ToolAssemblies.RewriteProject(root, project.RelativePath), Utf8);
            }

            foreach (var folder in AssignmentLayout.ReadOnlySources)
            {
                CopyFolder(root, folder, staging, folder, files, relative => !relative.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase));
            }

            foreach (var (source, relative) in assemblies.Files)
            {
                CopyFile(source, staging, relative, files);
            }

            WriteText(staging, ToolAssemblies.ManifestFile, assemblies.ManifestText(), files);

            WriteText(staging, CheckSources.Registration, checks.RegistrationText, files);

            foreach (var template in layout.TemplateFiles)
            {
                CopyFile(Path.Combine(root, template), staging, $"{AssignmentLayout.HandinFolder}/{Path.GetFileName(template)}", files);
            }

            WriteText(staging, $"{AssignmentLayout.HandinFolder}/README.md", layout.HandinReadme(root), files);
            WriteText(staging, AssignmentLayout.HandinProject.RelativePath, HandinProject.Render(), files);
            foreach (var snapshot in layout.Snapshots)
            {
                CopyFile(Path.Combine(root, snapshot), staging, snapshot, files);
            }

            WriteText(staging, AssignmentFile.FileName, AssignmentFile.Text(assignment), files);
            WriteText(staging, $"{ReportLayout.Folder}/{ReportLayout.MarkdownFile}", ReportLayout.MarkdownSkeleton(assignment), files);
            WriteText(staging, $"{ReportLayout.Folder}/{ReportLayout.PageMapFile}", ReportLayout.PageMapSkeleton(assignment), files);
            var course = courseFile ?? StudentCourseFile.Of(assignment);
            WriteText(staging, course.Path, course.Text, files);
            if (membersSkeleton)
            {
                WriteText(staging, Grader.Grading.Groups.MembersFile.FileName, Grader.Grading.Groups.MembersFile.Skeleton, files);
            }

            foreach (var file in AssignmentLayout.RootFiles)
            {
                CopyFile(Path.Combine(root, file), staging, file, files);
            }

            WriteText(staging, GraderRepository.SolutionFile, SolutionFile.Render([.. AssignmentLayout.Projects, AssignmentLayout.HandinProject]), files);
            WriteText(staging, "README.md", StudentReadme.Render(assignment, points, membersSkeleton), files);
            WriteText(staging, AssignmentLayout.WorkflowPath, SelfCheckWorkflow.Render(points), files);
            RequireOnlyShippedProjectReferences(staging);

            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
            files.Sort(StringComparer.Ordinal);
            return new AssignmentResult(target, files, points);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void RequireUsableTarget(string root, string target, AssignmentLayout layout)
    {
        if (File.Exists(target))
        {
            throw new AssignException($"The output '{target}' is a file; give a new or empty folder.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new AssignException($"The output folder '{target}' is not empty; give a new or empty folder, so no student work is overwritten.");
        }

        var copied = AssignmentLayout.Projects.Select(p => p.Folder).Concat(AssignmentLayout.ReadOnlySources).Concat(layout.TemplateFolders).Concat(layout.Snapshots.Select(s => Path.GetDirectoryName(s)!));
        if (copied.FirstOrDefault(folder => IsInside(target, Path.Combine(root, folder))) is { } source)
        {
            throw new AssignException($"The output folder '{target}' lies inside '{source}', which is copied into it; write the student repository elsewhere.");
        }
    }

    private static void RequireLayout(string root, AssignmentLayout layout)
    {
        var needed = AssignmentLayout.Projects.Concat(AssignmentLayout.Prebuilt).Select(p => p.RelativePath)
            .Concat(layout.TemplateFiles)
            .Concat(layout.Snapshots)
            .Concat(AssignmentLayout.RootFiles);
        var missing = needed.Where(p => !File.Exists(Path.Combine(root, p)) && !Directory.Exists(Path.Combine(root, p))).ToList();
        if (missing.Count > 0)
        {
            throw new AssignException($"'{root}' lacks what a student repository is made of: {string.Join(", ", missing)}.");
        }
    }

    /// <summary>Every project reference of a copied project must resolve to another copied project, and none may name a forbidden one.</summary>
    private static void RequireOnlyShippedProjectReferences(string staging)
    {
        var shipped = AssignmentLayout.Projects.Select(p => Path.GetFullPath(Path.Combine(staging, p.RelativePath))).ToHashSet(StringComparer.Ordinal);
        foreach (var project in AssignmentLayout.Projects)
        {
            var path = Path.Combine(staging, project.RelativePath);
            foreach (var include in ProjectReferences(path))
            {
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include.Replace('\\', '/')));
                var name = Path.GetFileNameWithoutExtension(resolved);
                if (AssignmentLayout.ForbiddenProjects.Contains(name, StringComparer.OrdinalIgnoreCase) || !shipped.Contains(resolved))
                {
                    throw new AssignException(
                        $"{project.RelativePath} references {include}, which the student repository must not hold; remove that reference before assigning.");
                }
            }
        }
    }

    private static List<string> ProjectReferences(string projectFile)
    {
        try
        {
            return XDocument.Load(projectFile).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .ToList();
        }
        catch (System.Xml.XmlException e)
        {
            throw new AssignException($"The project file {projectFile} is not valid XML ({e.Message}).");
        }
    }

    private static void CopyFolder(string root, string from, string staging, string to, List<string> files, Func<string, bool> copies)
    {
        var source = Path.Combine(root, from);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts[..^1].Any(p => AssignmentLayout.SkippedFolderNames.Contains(p)) || AssignmentLayout.IsSkippedFile(parts[^1])
                || AssignmentLayout.SkippedFiles.Contains($"{from}/{string.Join('/', parts)}") || !copies($"{from}/{string.Join('/', parts)}"))
            {
                continue;
            }

            CopyFile(file, staging, $"{to}/{string.Join('/', parts)}", files);
        }
    }

    private static void CopyFile(string source, string staging, string relative, List<string> files)
    {
        var destination = Path.Combine(staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
        files.Add(relative);
    }

    private static void WriteText(string staging, string relative, string text, List<string> files)
    {
        var destination = Path.Combine(staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.WriteAllText(destination, text, Utf8);
        files.Add(relative);
    }

    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
