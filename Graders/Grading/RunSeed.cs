using System.Security.Cryptography;

namespace Grader.Grading;

/// <summary>
/// The seed of a <c>grader grade</c> run, from which every check's seed and so the hidden checks' unseen inputs are
/// derived: <c>--seed</c> when given; else the seed the output folder recorded (<c>run.json</c> of a finished run, else
/// <see cref="FileName"/>, written as soon as a run's seed is fixed, so an interrupted run resumes with it too, and its
/// stored verdicts stay valid); else a fresh one drawn from the operating system's random number
/// generator, so next year's cohort does not meet this year's inputs. A sharded run needs the same seed in every shard
/// (<c>grader merge</c> refuses shards of different seeds), so it must be given.
/// </summary>
/// <param name="Value">The seed.</param>
/// <param name="Origin">Where it came from, as the run prints it.</param>
public sealed record RunSeed(ulong Value, string Origin)
{
    /// <summary>The file in the output folder that holds the seed of the run graded into it (one decimal number).</summary>
    public const string FileName = "seed.txt";

    /// <summary>The run's seed; <paramref name="draw"/> draws a fresh one (the operating system's generator when null).</summary>
    /// <exception cref="UsageException">A sharded run without <c>--seed</c> and without a recorded one.</exception>
    public static RunSeed Resolve(ulong? given, string outputFolder, bool sharded, Func<ulong>? draw = null)
    {
        ArgumentNullException.ThrowIfNull(outputFolder);
        var recorded = Recorded(outputFolder);
        if (given is { } seed)
        {
            var note = recorded is { } r && r != seed
                ? string.Create(CultureInfo.InvariantCulture, $"given with --seed; the output folder recorded {r}, so every hand-in is graded again")
                : "given with --seed";
            return new RunSeed(seed, note);
        }

        if (recorded is { } kept)
            return new RunSeed(kept, "recorded in the output folder: the run resumes with it");

        var fresh = (draw ?? Draw)();
        if (sharded)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"A sharded run needs --seed, the same for every shard (shards of different seeds cannot be merged); for example --seed {fresh}, drawn now."));
        return new RunSeed(fresh, "drawn for this run; pass --seed with it to reproduce the run");
    }

    /// <summary>
    /// The seed of a run that grades one hand-in and keeps no output folder (<c>grader check</c>): <paramref name="given"/>
    /// (<c>--seed</c>), else a fresh one, so the hidden checks' inputs differ from run to run and from year to year.
    /// </summary>
    public static RunSeed ForOneHandin(ulong? given, Func<ulong>? draw = null)
    {
        if (given is { } seed)
            return new RunSeed(seed, "given with --seed");
        var fresh = (draw ?? Draw)();
        return new RunSeed(fresh, string.Create(CultureInfo.InvariantCulture, $"drawn for this run; --seed {fresh} grades the same inputs again"));
    }

    /// <summary>The seed the output folder recorded: its <c>run.json</c>'s, else its <see cref="FileName"/>'s; null when neither is readable.</summary>
    public static ulong? Recorded(string outputFolder)
    {
        if (!Directory.Exists(outputFolder)) return null;
        if (RunFile.Load(outputFolder)?.Run.Seed is { } finished) return finished;
        try
        {
            var path = Path.Combine(outputFolder, FileName);
            return File.Exists(path) && ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="outputFolder"/> (created), before any hand-in is graded.</summary>
    public void Record(string outputFolder)
    {
        AtomicFile.WriteAllText(Path.Combine(outputFolder, FileName), Value.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>A seed from the operating system's cryptographic random number generator.</summary>
    public static ulong Draw() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Seed {Value} ({Origin}).");
}
