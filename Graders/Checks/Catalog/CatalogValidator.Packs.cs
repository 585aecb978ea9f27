using System.Runtime.Loader;
using Grader.Checks.Handins;
using Grader.Remote.Handins;

namespace Grader.Checks.Catalog;

// The pack rules: bindings, the tutor side, and the packs' folders. Every message names the task, check or contract.
public static partial class CatalogValidator
{
    private static void ValidateBindings(CourseCatalog catalog, List<CatalogProblem> problems)
    {
        var taskIds = catalog.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var pack in catalog.Packs)
        {
            foreach (var binding in pack.Bindings.Where(b => !taskIds.Contains(b.TaskId)))
            {
                problems.Add(new(CatalogProblemKind.BindingToUnknownTask, binding.TaskId,
                    $"pack {pack.Family} binds {Checks(binding.Checks.Count)} ({string.Join(", ", binding.Checks.Select(c => c.Check.Id))}) to task \"{binding.TaskId}\", which no sheet has: its points would be graded nowhere"));
            }

            foreach (var binding in pack.Bindings)
            {
                foreach (var contract in binding.Contracts.Where(c => !pack.Contracts.Contains(c)))
                {
                    problems.Add(new(CatalogProblemKind.ContractNotInPack, contract.Name,
                        $"pack {pack.Family} binds task {binding.TaskId} to contract {contract.Name}, which the pack does not declare"));
                }
            }
        }

        foreach (var task in catalog.Tasks.Where(t => t.AutoPoints > 0 && t.Checks.Count == 0 && !t.ChecksPending))
        {
            problems.Add(new(CatalogProblemKind.TaskWithoutBinding, task.Id,
                $"task {task.Id} has {Format(task.AutoPoints)} automatic points but no pack binds a check to it; bind one in its family's pack, or mark its sheet entry checksPending until the checks exist"));
        }

        foreach (var shared in catalog.Tasks.SelectMany(t => t.Checks.Select(c => (t.Sheet, c.Check))).GroupBy(x => x.Check.Id, StringComparer.Ordinal))
        {
            var sheets = shared.Select(x => x.Sheet).Distinct(StringComparer.Ordinal).ToArray();
            if (sheets.Length > 1 && shared.Select(x => x.Check.SheetRef).FirstOrDefault(SheetCitation.NamesSheet) is { } named)
            {
                problems.Add(new(CatalogProblemKind.SharedCheckNamesSheet, shared.Key,
                    $"check {shared.Key} grades tasks of sheets {string.Join(" and ", sheets)}, but its sheet reference names one sheet (\"{named}\"): "
                    + "state the part and equation without the sheet (\"ex. 1 (a): …\"); the grader cites it under the sheet being graded"));
            }
        }

        foreach (var declared in catalog.Packs.SelectMany(p => p.Bindings).SelectMany(b => b.Checks).Select(c => c.Check).OfType<DeferredCheck>().GroupBy(c => c.Id, StringComparer.Ordinal))
        {
            var texts = declared.Select(c => c.SheetRef).Distinct(StringComparer.Ordinal).ToArray();
            if (texts.Length > 1)
            {
                problems.Add(new(CatalogProblemKind.DuplicateCheckId, declared.Key,
                    $"hidden check {declared.Key} is declared with {texts.Length} different sheet references (\"{string.Join("\", \"", texts)}\"); its implementation cites the declaration, so state it once"));
            }
        }

        foreach (var task in catalog.Tasks.Where(t => t.ChecksPending && t.Checks.Count > 0))
        {
            problems.Add(new(CatalogProblemKind.PendingTaskHasChecks, task.Id,
                $"task {task.Id} is marked checksPending in its sheet entry, but a pack binds {Checks(task.Checks.Count)} to it ({string.Join(", ", task.Checks.Select(c => c.Check.Id))}); remove the mark"));
        }
    }

    private static void ValidateTutorSide(CourseCatalog catalog, List<CatalogProblem> problems)
    {
        foreach (var spec in catalog.Tasks.SelectMany(t => t.Checks.Select(c => (Task: t, Spec: c))).Where(x => x.Spec.Check is DeferredCheck).DistinctBy(x => x.Spec.Check.Id))
        {
            problems.Add(new(CatalogProblemKind.HiddenCheckNotBound, spec.Spec.Check.Id,
                $"hidden check {spec.Spec.Check.Id} of task {spec.Task.Id} is declared, but no tutor pack implements it (it would fail closed for every hand-in)"));
        }

        var declared = catalog.Packs.SelectMany(p => p.Checks).Where(c => c.Visibility == Visibility.Hidden).Select(c => c.Check.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var tutor in catalog.TutorPacks)
        {
            var pack = catalog.Packs.FirstOrDefault(p => p.Family == tutor.Family);
            if (pack is null)
            {
                problems.Add(new(CatalogProblemKind.TutorCheckNotDeclared, tutor.Family, $"tutor pack {tutor.Family} belongs to no registered exercise pack"));
                continue;
            }

            foreach (var check in tutor.HiddenChecks.Where(c => !declared.Contains(c.Id)))
            {
                problems.Add(new(CatalogProblemKind.TutorCheckNotDeclared, check.Id,
                    $"tutor pack {tutor.Family} implements check {check.Id}, which no pack declares as a hidden check of a task"));
            }

            foreach (var contract in pack.Contracts.Where(c => !tutor.References.ContainsKey(c)))
            {
                problems.Add(new(CatalogProblemKind.ContractWithoutReference, contract.Name,
                    $"contract {contract.Name} of pack {pack.Family} has no reference implementation in its tutor pack"));
            }
        }

        foreach (var pack in catalog.Packs.Where(p => catalog.TutorPacks.All(t => t.Family != p.Family)))
        {
            foreach (var contract in pack.Contracts)
            {
                problems.Add(new(CatalogProblemKind.ContractWithoutReference, contract.Name,
                    $"contract {contract.Name} of pack {pack.Family} has no reference implementation: the pack has no tutor side"));
            }
        }
    }

    private static void ValidateFolders(ExercisePack pack, CatalogFolders folders, List<CatalogProblem> problems)
    {
        if (pack.Folders.Snapshots is { } snapshots && !Directory.Exists(Path.Combine(folders.Snapshots, snapshots)))
        {
            problems.Add(new(CatalogProblemKind.FolderMissing, pack.Family,
                $"pack {pack.Family}'s snapshot folder \"{snapshots}\" is missing from the snapshot root {folders.Snapshots}"));
        }

        ValidateImplementations(pack, pack.Folders.Template, "template", CatalogProblemKind.ContractWithoutTemplate, folders, problems);
        ValidateImplementations(pack, pack.Folders.Correct, "correct example", CatalogProblemKind.ContractWithoutCorrectExample, folders, problems);
        ValidateMutants(pack, folders, problems);
    }

    /// <summary>Compiles a folder of the pack and holds every contract to exactly one usable implementing class there.</summary>
    private static void ValidateImplementations(ExercisePack pack, string relative, string what, CatalogProblemKind kind, CatalogFolders folders, List<CatalogProblem> problems)
    {
        var folder = Path.Combine(folders.Repository, relative);
        if (!Directory.Exists(folder))
        {
            problems.Add(new(CatalogProblemKind.FolderMissing, pack.Family, $"pack {pack.Family}'s {what} folder {relative} is missing"));
            return;
        }

        HandinSource source;
        try
        {
            source = HandinSource.FromFolder(folder);
        }
        catch (HandinSourceException e)
        {
            problems.Add(new(kind, pack.Family, $"pack {pack.Family}'s {what} ({relative}) has no sources: {e.Message}"));
            return;
        }

        var compiled = HandinCompiler.Default.WithContracts(pack.Contracts).Compile(source);
        if (compiled.Assembly is not { } assembly || compiled.Partial)
        {
            problems.Add(new(kind, pack.Family, $"pack {pack.Family}'s {what} ({relative}) does not compile: {compiled.Errors.FirstOrDefault()}"));
            return;
        }

        try
        {
            var handin = new HandinInstance(assembly);
            foreach (var contract in pack.Contracts)
            {
                var binding = handin.Bind(contract);
                if (!binding.Found)
                {
                    problems.Add(new(kind, contract.Name, $"contract {contract.Name} of pack {pack.Family} has no usable class in its {what} ({relative}): {binding.Problem}"));
                }
            }
        }
        finally
        {
            AssemblyLoadContext.GetLoadContext(assembly)?.Unload();
        }
    }

    /// <summary>Every mutant names known task, checks and contract of its pack; every check of the pack is named by a mutant.</summary>
    private static void ValidateMutants(ExercisePack pack, CatalogFolders folders, List<CatalogProblem> problems)
    {
        var folder = Path.Combine(folders.Repository, pack.Folders.Mutants);
        var mutants = new List<(string Slug, MutantInfo Info)>();
        if (Directory.Exists(folder))
        {
            foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                try
                {
                    if (MutantInfo.Read(sub) is { } info)
                    {
                        mutants.Add((Path.GetFileName(sub), info));
                    }
                    else
                    {
                        problems.Add(new(CatalogProblemKind.MutantNamesUnknown, Path.GetFileName(sub), $"mutant {Path.GetFileName(sub)} of pack {pack.Family} has no {MutantInfo.FileName}"));
                    }
                }
                catch (HandinSourceException e)
                {
                    problems.Add(new(CatalogProblemKind.MutantNamesUnknown, Path.GetFileName(sub), $"mutant {Path.GetFileName(sub)} of pack {pack.Family}: {e.Message}"));
                }
            }
        }

        var checks = pack.Checks.Select(c => c.Check.Id).ToHashSet(StringComparer.Ordinal);
        var tasks = pack.Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        foreach (var (slug, info) in mutants)
        {
            if (info.Task is not { } task || !tasks.Contains(task))
            {
                problems.Add(new(CatalogProblemKind.MutantNamesUnknown, slug, $"mutant {slug} of pack {pack.Family} names task \"{info.Task}\", which the pack does not bind"));
            }

            if (info.Checks.Count == 0)
            {
                problems.Add(new(CatalogProblemKind.MutantNamesUnknown, slug, $"mutant {slug} of pack {pack.Family} names no check expected to catch it (\"check\" in its {MutantInfo.FileName})"));
            }

            foreach (var check in info.Checks.Where(c => !checks.Contains(c)))
            {
                problems.Add(new(CatalogProblemKind.MutantNamesUnknown, slug, $"mutant {slug} of pack {pack.Family} names check \"{check}\", which the pack does not bind"));
            }

            if (info.Contract is null || !pack.Contracts.Any(c => c.Name == info.Contract))
            {
                problems.Add(new(CatalogProblemKind.MutantNamesUnknown, slug, $"mutant {slug} of pack {pack.Family} names contract \"{info.Contract}\", which the pack does not declare"));
            }
        }

        var proven = mutants.SelectMany(m => m.Info.Checks).ToHashSet(StringComparer.Ordinal);
        foreach (var spec in pack.Checks.Where(c => !proven.Contains(c.Check.Id)))
        {
            problems.Add(new(CatalogProblemKind.CheckWithoutMutant, spec.Check.Id,
                $"check {spec.Check.Id} of pack {pack.Family} has no mutant that it catches: no {MutantInfo.FileName} under {pack.Folders.Mutants} names it"));
        }
    }

    private static string Checks(int count) => count == 1 ? "1 check" : $"{count} checks";
}
