using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The passed verdicts of the checks on one hand-in's sources, each computed once per test run and shared by every test
/// that grades the same sources under the same seed: <see cref="ExampleHandinsTests"/> grades each correct example on
/// every check of the catalog (the training checks included), and <see cref="CheatHandinsTests"/> grades the same
/// examples, seed 20231010 again, as the baseline of its cheats (the training checks the cheats name included), so
/// without this each training check trained on a correct example twice. Likewise <see cref="CorrectExampleSeeds"/>
/// (<see cref="FamilyCorrectExampleSeedsTests"/>) and <see cref="SheetCasesEveryRunTests"/> run the same checks on the
/// same correct examples under seeds 1 … 20 or 60 (the log-likelihood on unseen inputs, ≈ 1 s a run, among them).
/// <para>
/// A check's verdict is a function of its id (the grader seeds it by id alone, <see cref="HandinGrader.CheckSeed"/>, and
/// runs a check object shared by two tasks once), the hand-in's sources, its seed, whether it runs hidden, and the
/// snapshot and data folders; the key is all of these, the sources by their hash (and the check's type: a check with a
/// parameter carries it in its id, as ScheduleValidityOnUnseenSchedules' defect and InvalidSchedulesOnUnseenInputs'
/// schedule do). Only passed results are kept: a failed
/// one is computed again (cheap: the correct examples fail only the checks of contracts they do not implement), so the
/// grader's "implement I…" message for a missing contract, which it derives from the calls a check made, stays its own.
/// </para>
/// </summary>
internal static class PassedVerdicts
{
    private sealed record Key(string Sources, string CheckId, string CheckType, ulong Seed, bool Hidden, string SnapshotRoot, string? DataDirectory);

    private static readonly ConcurrentDictionary<Key, CheckResult> Passed = new();

    /// <summary>How many check runs a shared verdict has saved in this test run.</summary>
    public static int Reused => _reused;

    private static int _reused;

    /// <summary>
    /// <paramref name="catalog"/> with each check answering from a passed verdict already computed on the same sources
    /// (<paramref name="source"/>) under the same context, else running and keeping it. A check object that two tasks
    /// share stays one object, so the grader still runs it once per grading. The packs are not carried over (their bindings
    /// are joined into the tasks already); the hand-ins here need no contract assembly but Grader.Contracts.
    /// </summary>
    public static CourseCatalog For(HandinSource source, CourseCatalog catalog)
    {
        var sources = Hash(source);
        var wrapped = new Dictionary<ICheck, ICheck>(ReferenceEqualityComparer.Instance);
        ICheck Wrap(ICheck check)
        {
            if (!wrapped.TryGetValue(check, out var shared)) wrapped[check] = shared = new SharedCheck(check, sources);
            return shared;
        }

        return new CourseCatalog(catalog.Sheets, catalog.Tasks.Select(t => t with { Checks = t.Checks.Select(c => c with { Check = Wrap(c.Check) }).ToArray() }));
    }

    /// <summary><paramref name="check"/> on <paramref name="source"/>, answering from a passed verdict already computed under the same context.</summary>
    public static ICheck For(HandinSource source, ICheck check) => new SharedCheck(check, Hash(source));

    private static string Hash(HandinSource source)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in source.Files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file.Path + "\0" + file.Text + "\0"));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private sealed class SharedCheck(ICheck inner, string sources) : ICheck
    {
        public string Id => inner.Id;

        public string SheetRef => inner.SheetRef;

        public CheckResult Run(CheckContext context)
        {
            var key = new Key(sources, inner.Id, inner.GetType().FullName!, context.Seed, context.Hidden, context.SnapshotRoot, context.DataDirectory);
            if (Passed.TryGetValue(key, out var known))
            {
                Interlocked.Increment(ref _reused);
                return known;
            }

            var result = inner.Run(context);
            if (result.Passed) Passed.TryAdd(key, result);
            return result;
        }
    }
}
