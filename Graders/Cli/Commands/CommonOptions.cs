using System.CommandLine.Parsing;
using Grader.Checks.Checking;
using Grader.Grading.Discovery;
using Grader.Runner.Workers;

namespace Grader.Cli.Commands;

/// <summary>The options <c>grade</c> and <c>check</c> share, each declared once with its description and validator.</summary>
public static class CommonOptions
{
    /// <summary>The catalog the grader grades against (hidden checks bound).</summary>
    public static CourseCatalog Catalog { get; } = Grader.Checks.Hidden.TutorCatalog.Default;

    public static Option<string?> Sheet() => Validated(new Option<string?>("--sheet")
    {
        Description = $"The assignment to grade, by its sheet ({string.Join(", ", Catalog.Sheets.Select(s => s.Id))}); default: the one the {AssignmentFile.FileName} in (or beside) the folder of hand-ins names.",
    }, (result, sheet) =>
    {
        if (sheet is not null && !CourseGiven(result) && Catalog.FindAssignment(sheet) is null)
        {
            result.AddError($"Unknown sheet '{sheet}'. The sheets are {string.Join(", ", Catalog.Sheets.Select(s => $"{s.Id} ({s.Course})"))}. {AssignmentFile.OwnCourseHint}");
        }
    });

    public static Option<string?> Course() => new("--course")
    {
        Description = "A course file (courses/*.toml, 'grader course check' passes it) to grade with instead of the shipped courses: its tasks, points and rubric levels; run.json names it and its SHA-256.",
    };

    public static Option<ulong?> Seed() => new("--seed")
    {
        Description = "The grader's seed (each check's seed, and so the hidden checks' inputs, derive from it); the same seed gives the same verdicts. "
            + "Default: a fresh one drawn for this run, printed on stderr.",
    };

    public static Option<bool> VisibleOnly() => new("--visible-only")
    {
        Description = "Run only the visible checks (what a student's own run sees); hidden points are reported as not run.",
    };

    public static Option<string[]> SkipChecks() => Validated(new Option<string[]>("--skip-check")
    {
        Description = "Leave out a check by id (repeat for several), e.g. the training-quality checks for a quick pass; its points count as not run.",
    }, (result, values) =>
    {
        foreach (var problem in CourseGiven(result) ? Enumerable.Empty<string>() : UnknownChecks(Catalog, values))
        {
            result.AddError(problem);
        }
    });

    /// <summary>Whether the command was given <c>--course</c>: then <c>--sheet</c> and <c>--skip-check</c> are checked against that file's catalog (<see cref="Settings"/>), not the shipped one.</summary>
    private static bool CourseGiven(OptionResult result) =>
        result.GetResult("--course") is OptionResult course && course.Tokens.Count > 0;

    /// <summary>"Unknown check …", naming <paramref name="catalog"/>'s checks, for each of <paramref name="ids"/> none of its tasks has.</summary>
    private static IEnumerable<string> UnknownChecks(CourseCatalog catalog, IEnumerable<string> ids)
    {
        var known = catalog.Tasks.SelectMany(t => t.Checks).Select(c => c.Check.Id).ToHashSet(StringComparer.Ordinal);
        return ids.Where(id => !known.Contains(id)).Select(id => $"Unknown check '{id}'. The checks are: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
    }

    public static Option<double> CheckTimeout() => Positive(new Option<double>("--check-timeout")
    {
        Description = "Seconds of wall time one check may run before its worker is stopped (the other checks still run); each training call the check makes adds its CPU budget × 20, a hang guard for a loaded machine.",
        DefaultValueFactory = _ => WorkerLimits.Default.CheckTime.TotalSeconds,
    });

    public static Option<double> CallCpu() => NotNegative(new Option<double>("--call-cpu")
    {
        Description = "Seconds of CPU time one call into a hand-in may use before its worker is stopped; a training call may use its reference's measured cost × 10, scaled by this value over the default 3 s (0: no CPU budget, only --check-timeout).",
        DefaultValueFactory = _ => WorkerLimits.Default.CallCpuBudget?.TotalSeconds ?? 0,
    });

    public static Option<double> CompileCpu() => Positive(new Option<double>("--compile-cpu")
    {
        Description = "Seconds of processor time compiling one hand-in may use before it counts as not compiling (ten times as much wall time stops it too).",
        DefaultValueFactory = _ => Grader.Runner.Compile.CompileLimits.Default.Time.TotalSeconds,
    });

    public static Option<double> HandinTimeout() => Positive(new Option<double>("--timeout")
    {
        Description = "Seconds of wall time all checks of one hand-in may take together; each training call adds its CPU budget × 20, as to --check-timeout.",
        DefaultValueFactory = _ => WorkerLimits.Default.HandinTime.TotalSeconds,
    });

    public static Option<string?> Snapshots() => new("--snapshots")
    {
        Description = "The folder of approved snapshots (default: the one installed with the grader, else fixtures/snapshots above the current folder).",
    };

    public static Option<string?> Data() => new("--data")
    {
        Description = "A folder of MNIST-format IDX image files (MNIST, Fashion-MNIST; train-images-idx3-ubyte, raw or .gz) or of CIFAR-10's binary batches (data_batch_1.bin …; "
            + "sheet 001, 1 (f) only) for the image checks (sheet 004, ex. 3.5; sheet 001, 1 (f)). Default: Fashion-MNIST where Debian's dataset-fashion-mnist installs it.",
    };

    /// <summary>
    /// The folder <c>--data</c> names, made absolute, when it holds image files the <paramref name="assignment"/>'s image
    /// checks (<see cref="IImageDataCheck"/>) take; else one sentence saying what is missing or which task cannot take
    /// them (a <see cref="UsageException"/>), before any hand-in is graded.
    /// </summary>
    public static string? DataDirectory(string? given, Assignment? assignment = null)
    {
        if (given is null) return null;
        Grader.Reference.Data.ImageDataFiles files;
        try
        {
            files = Grader.Reference.Data.ImageDataFiles.Locate(Path.GetFullPath(given));
        }
        catch (FileNotFoundException e)
        {
            throw new UsageException(e.Message);
        }

        var refusing = (assignment?.Tasks ?? []).Where(t => t.Checks.Any(c => c.Check is IImageDataCheck { ImageChannels: { } channels } && channels != files.Channels)).ToList();
        if (refusing.Count > 0)
            throw new UsageException($"--data: {files.Name} holds images of {files.Channels} channels, and task {string.Join(", ", refusing.Select(t => t.Id))} of sheet {assignment!.Id} takes one-channel images (MNIST's): " +
                                     "give MNIST or Fashion-MNIST IDX files, or leave --data out for the installed Fashion-MNIST.");
        return files.Directory;
    }

    /// <summary>
    /// The settings these options give, frozen once for the run: the assignment (<c>--sheet</c>, else the
    /// <see cref="AssignmentFile"/>s of <paramref name="folders"/> and of the student repositories in them: <see cref="CohortAssignment"/>), the due checks, the seed (already resolved, a
    /// <see cref="Grader.Grading.RunSeed"/>), the snapshot folder (checked here, with a clear message when it is missing) and the limits.
    /// </summary>
    public static GradeSettings Settings(ParseResult result, IEnumerable<string> folders, Option<string?> sheet, ulong seed, Option<bool> visibleOnly, Option<string[]> skip,
        Option<double> checkTimeout, Option<double> callCpu, Option<double> handinTimeout, Option<string?> snapshots, Option<string?>? data = null, Option<string?>? course = null)
    {
        var catalog = Catalog;
        Grader.Grading.Courses.CourseOfFile? file = null;
        if (course is not null && result.GetValue(course) is { } path)
        {
            file = Grader.Grading.Courses.CourseOfFile.Load(path, catalog);
            catalog = file.Catalog;
            if (UnknownChecks(catalog, result.GetValue(skip) ?? []).FirstOrDefault() is { } problem)
            {
                throw new UsageException(problem.Replace("The checks are", $"The checks of {path} are", StringComparison.Ordinal));
            }
        }

        var limits = WorkerLimits.Default with
        {
            CheckTime = TimeSpan.FromSeconds(result.GetValue(checkTimeout)),
            CallCpuBudget = result.GetValue(callCpu) is > 0 and var cpu ? TimeSpan.FromSeconds(cpu) : null,
            HandinTime = TimeSpan.FromSeconds(result.GetValue(handinTimeout)),
        };
        var assignment = CohortAssignment.Resolve(result.GetValue(sheet), folders, catalog);
        var config = new GradingConfig(catalog, assignment, seed, result.GetValue(visibleOnly),
            (result.GetValue(skip) ?? []).ToHashSet(StringComparer.Ordinal), SnapshotRoot(result.GetValue(snapshots)))
        {
            DataDirectory = data is null ? null : DataDirectory(result.GetValue(data), assignment),
            CourseFile = file?.Path,
            CourseSha256 = file?.Sha256,
            CoursePin = file?.Pins.GetValueOrDefault(assignment.Id),
        };
        return new GradeSettings(config, limits) { Semester = file?.Semester };
    }

    /// <summary>The snapshot folder: the one given, else the one beside the tool, else fixtures/snapshots in the current folder or above.</summary>
    public static string SnapshotRoot(string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"The snapshot folder '{Path.GetFullPath(given)}' does not exist.");
        }

        var installed = Path.Combine(AppContext.BaseDirectory, "snapshots");
        if (Directory.Exists(installed))
        {
            return installed;
        }

        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "fixtures", "snapshots");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new UsageException("No approved snapshots were found (neither beside the grader nor in fixtures/snapshots above the current folder); give the folder with --snapshots.");
    }

    public static Option<bool> RequireSandbox() => new(WorkerFactory.RequireOption)
    {
        Description = $"Refuse to run any hand-in outside the bubblewrap sandbox (a tutor's CI; {WorkerFactory.Variable}=bwrap does the same): exit 4 with the cause and the fix where it does not work.",
    };

    /// <summary>
    /// The worker for this machine (the sandbox where it works; with <paramref name="requireSandbox"/> the sandbox or a
    /// <see cref="WorkerStartException"/>); says on stderr which sandbox it is, and once more when hand-ins are not sandboxed.
    /// </summary>
    public static IWorker Worker(TextWriter error, string verb, bool requireSandbox = false)
    {
        var worker = WorkerFactory.Create(requireSandbox, out var warning);
        error.WriteLine($"grader {verb}: {WorkerFactory.Describe(worker)}");
        if (warning is not null)
        {
            error.WriteLine($"grader {verb}: {warning}");
        }

        return worker;
    }

    /// <summary>"12.5" for a number of seconds.</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="paths"/> (a command's folders, one or more) with a validator that names a token such as
    /// <c>--sheet</c> on a command without that option as an unknown option: a variadic path argument otherwise takes
    /// it, and the run would stop on "the folder '--sheet' does not exist". A file or folder of that name still counts.
    /// </summary>
    public static Argument<string[]> Paths(Argument<string[]> paths)
    {
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Select(t => t.Value).Where(v => v.StartsWith('-') && !Directory.Exists(v) && !File.Exists(v)))
            {
                result.AddError($"Unknown option '{token}'.");
            }
        });
        return paths;
    }

    private static Option<T> Validated<T>(Option<T> option, Action<OptionResult, T> validate)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is { } value)
            {
                validate(result, value);
            }
        });
        return option;
    }

    private static Option<double> Positive(Option<double> option) => Validated(option, (result, value) =>
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            result.AddError($"{option.Name} must be a positive number of seconds, not {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    });

    private static Option<double> NotNegative(Option<double> option) => Validated(option, (result, value) =>
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            result.AddError($"{option.Name} must be a number of seconds, 0 or more, not {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    });
}
