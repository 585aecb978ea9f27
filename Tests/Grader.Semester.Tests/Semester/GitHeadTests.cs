using System.Text;
using Grader.Semester;

namespace Grader.Semester.Tests.Semester;

/// <summary>
/// <see cref="GitHead"/> reads a repository's HEAD committer time as <c>git log -1 --format=%cI</c> does, for loose
/// objects, packs (after <c>git gc</c>, <c>--aggressive</c> deltas, REF_DELTA), packed refs and a detached HEAD; and on
/// a hostile repository runs nothing (the marker of its signature program, pager, fsmonitor, hooks and filters never
/// appears), never leaves the student's folder and never throws.
/// </summary>
public sealed class GitHeadTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 5, 9, 30, 17, TimeSpan.FromHours(1));

    [Test]
    public void Loose_objects_and_a_branch_give_git_logs_time()
    {
        using var scratch = new Scratch();
        var repo = TestGit.Repository(Path.Combine(scratch.Root, "alice"), 3, First);
        GitHead.CommitTime(repo).Should().Be(TestGit.CommitTime(repo)).And.Be(First.AddHours(2));
        GitHead.CommitTime(repo)!.Value.Offset.Should().Be(TimeSpan.FromHours(1));
    }

    [Test]
    public void Packed_refs_a_detached_head_and_a_gc_give_git_logs_time()
    {
        using var scratch = new Scratch();
        var repo = TestGit.Repository(Path.Combine(scratch.Root, "alice"), 4, First);
        TestGit.Run(repo, "pack-refs", "--all");
        File.Exists(Path.Combine(repo, ".git", "refs", "heads", "main")).Should().BeFalse("the ref lives in packed-refs now");
        GitHead.CommitTime(repo).Should().Be(TestGit.CommitTime(repo));

        TestGit.Run(repo, "checkout", "-q", "--detach", "HEAD~2");
        GitHead.CommitTime(repo).Should().Be(TestGit.CommitTime(repo)).And.Be(First.AddHours(1));

        TestGit.Run(repo, "checkout", "-q", "-b", "feature/late-fix");
        TestGit.Run(repo, First.AddDays(3), "commit", "-q", "--allow-empty", "-m", "late");
        TestGit.Run(repo, "gc", "-q");
        Directory.EnumerateFiles(Path.Combine(repo, ".git", "objects", "pack"), "*.idx").Should().NotBeEmpty();
        GitHead.CommitTime(repo).Should().Be(TestGit.CommitTime(repo)).And.Be(First.AddDays(3));
    }

    [TestCase(false, TestName = "Every commit of an aggressive gc (OFS_DELTA chains) gives git log's time")]
    [TestCase(true, TestName = "Every commit of a repack without offset deltas (REF_DELTA chains) gives git log's time")]
    public void Every_commit_of_a_deltified_pack_gives_git_logs_time(bool referenceDeltas)
    {
        using var scratch = new Scratch();
        var repo = TestGit.Repository(Path.Combine(scratch.Root, "alice"), 60, First);
        if (referenceDeltas)
        {
            TestGit.Run(repo, "-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f", "--window=250", "--depth=50");
        }
        else
        {
            TestGit.Run(repo, "gc", "-q", "--aggressive");
        }

        var pack = Directory.EnumerateFiles(Path.Combine(repo, ".git", "objects", "pack"), "*.idx").Single();
        var deltaCommits = TestGit.Run(repo, "verify-pack", "-v", pack).Split('\n').Count(l => Regex.IsMatch(l, @"^[0-9a-f]{40} commit .* [0-9a-f]{40}$"));
        deltaCommits.Should().BeGreaterThan(10, "the test is about commits stored as deltas");
        if (referenceDeltas)
        {
            File.ReadAllBytes(Path.ChangeExtension(pack, ".pack")).Should().NotBeEmpty();
        }

        var head = Path.Combine(repo, ".git", "HEAD");
        foreach (var id in TestGit.Run(repo, "rev-list", "--all").Split('\n'))
        {
            File.WriteAllText(head, id + "\n");
            GitHead.CommitTime(repo).Should().Be(TestGit.CommitTime(repo, id), id);
        }
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_hostile_config_hooks_and_filters_run_nothing_and_the_time_is_still_read()
    {
        using var scratch = new Scratch();
        var repo = TestGit.Repository(Path.Combine(scratch.Root, "mallory"), 2, First);
        var expected = TestGit.CommitTime(repo);
        var marker = Path.Combine(scratch.Root, "student-program-ran");
        HostileRepository.Plant(repo, marker);

        TestGit.Run(repo, "log", "-1", "--format=%cI");
        File.Exists(marker).Should().BeTrue("git itself runs the student's program in this repository (the attack is real)");
        File.Delete(marker);

        GitHead.CommitTime(repo).Should().Be(expected);
        SubmissionTimes.Of(repo).Should().Be(expected);
        File.Exists(marker).Should().BeFalse();
    }

    [Test]
    public void A_git_file_or_link_leading_outside_the_students_folder_gives_no_time()
    {
        using var scratch = new Scratch();
        var outside = TestGit.Repository(Path.Combine(scratch.Root, "someone-else"), 1, First);
        GitHead.CommitTime(outside).Should().NotBeNull();

        var viaFile = Directory.CreateDirectory(Path.Combine(scratch.Root, "handins", "file")).FullName;
        File.WriteAllText(Path.Combine(viaFile, ".git"), $"gitdir: {Path.Combine(outside, ".git")}\n");
        GitHead.CommitTime(viaFile).Should().BeNull();
        File.WriteAllText(Path.Combine(viaFile, ".git"), "gitdir: ../../someone-else/.git\n");
        GitHead.CommitTime(viaFile).Should().BeNull();
        File.WriteAllText(Path.Combine(viaFile, ".git"), "gitdir: /etc\n");
        GitHead.CommitTime(viaFile).Should().BeNull();

        var viaLink = Directory.CreateDirectory(Path.Combine(scratch.Root, "handins", "link")).FullName;
        File.CreateSymbolicLink(Path.Combine(viaLink, ".git"), Path.Combine(outside, ".git"));
        GitHead.CommitTime(viaLink).Should().BeNull();

        var headLink = TestGit.Repository(Path.Combine(scratch.Root, "handins", "head-link"), 1, First);
        File.Delete(Path.Combine(headLink, ".git", "HEAD"));
        File.CreateSymbolicLink(Path.Combine(headLink, ".git", "HEAD"), Path.Combine(outside, ".git", "HEAD"));
        GitHead.CommitTime(headLink).Should().BeNull();

        var objectsLink = TestGit.Repository(Path.Combine(scratch.Root, "handins", "objects-link"), 1, First);
        Directory.Delete(Path.Combine(objectsLink, ".git", "objects"), recursive: true);
        TestGit.Run(outside, "reset", "-q", "--soft", "HEAD");
        File.CreateSymbolicLink(Path.Combine(objectsLink, ".git", "objects"), Path.Combine(outside, ".git", "objects"));
        GitHead.CommitTime(objectsLink).Should().BeNull();

        var escape = TestGit.Repository(Path.Combine(scratch.Root, "handins", "ref-escape"), 1, First);
        File.WriteAllText(Path.Combine(escape, ".git", "HEAD"), "ref: refs/../../../someone-else/.git/refs/heads/main\n");
        GitHead.CommitTime(escape).Should().BeNull();

        var inside = TestGit.Repository(Path.Combine(scratch.Root, "handins", "gitdir-inside"), 1, First);
        var expected = TestGit.CommitTime(inside);
        Directory.Move(Path.Combine(inside, ".git"), Path.Combine(inside, "repo.git"));
        File.WriteAllText(Path.Combine(inside, ".git"), "gitdir: repo.git\n");
        GitHead.CommitTime(inside).Should().Be(expected, "a gitdir inside the student's folder is theirs to use");
    }

    [Test]
    public void Truncated_huge_and_corrupt_repositories_give_no_time_and_never_throw()
    {
        using var scratch = new Scratch();
        var loose = TestGit.Repository(Path.Combine(scratch.Root, "loose"), 1, First);
        var commit = TestGit.Run(loose, "rev-parse", "HEAD");
        var objectPath = Path.Combine(loose, ".git", "objects", commit[..2], commit[2..]);
        var bytes = File.ReadAllBytes(objectPath);
        File.SetAttributes(objectPath, FileAttributes.Normal);
        File.WriteAllBytes(objectPath, bytes[..(bytes.Length / 2)]);
        GitHead.CommitTime(loose).Should().BeNull("the object is truncated");

        using (var bomb = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(Encoding.ASCII.GetBytes("commit 200000000\0"));
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 200; i++)
                {
                    zlib.Write(zeros);
                }
            }

            File.WriteAllBytes(objectPath, bomb.ToArray());
        }

        GitHead.CommitTime(loose).Should().BeNull("a 200 MB object is past the cap");

        using (var huge = File.Create(Path.Combine(loose, ".git", "HEAD")))
        {
            huge.SetLength(4L << 30);
        }

        GitHead.CommitTime(loose).Should().BeNull("a 4 GiB HEAD is not read");

        var packed = TestGit.Repository(Path.Combine(scratch.Root, "packed"), 30, First);
        TestGit.Run(packed, "gc", "-q", "--aggressive");
        var expected = TestGit.CommitTime(packed);
        var pack = Directory.EnumerateFiles(Path.Combine(packed, ".git", "objects", "pack"), "*.pack").Single();
        var index = Path.ChangeExtension(pack, ".idx");
        var (packBytes, indexBytes) = (File.ReadAllBytes(pack), File.ReadAllBytes(index));
        var random = new Random(44);
        int read = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            var (target, original) = trial % 2 == 0 ? (pack, packBytes) : (index, indexBytes);
            var mutated = (byte[])original.Clone();
            if (trial % 7 == 0)
            {
                mutated = mutated[..random.Next(mutated.Length)];
            }
            else
            {
                for (int flips = random.Next(1, 6); flips > 0; flips--)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }
            }

            File.SetAttributes(target, FileAttributes.Normal);
            File.WriteAllBytes(target, mutated);
            var at = GitHead.CommitTime(packed);
            read += at == expected ? 1 : 0;
            File.WriteAllBytes(target, original);
        }

        read.Should().BeGreaterThan(0, "some mutations miss the commit and its bases");
        GitHead.CommitTime(packed).Should().Be(expected);
    }
}
