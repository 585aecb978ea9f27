using System.Runtime.Versioning;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// What a hostile student puts into their repository so that any git run in it executes their program: a signature
/// program that <c>git log</c> calls (<c>log.showSignature</c> + <c>gpg.program</c>), a pager, an fsmonitor hook,
/// every hook and a clean/smudge filter. Each writes <c>marker</c>; the program itself is in the repository. HEAD's
/// commit is replaced by one with the same committer line and a (fake) signature, which is what makes <c>git log</c>
/// call the signature program.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class HostileRepository
{
    public static void Plant(string repository, string marker)
    {
        Sign(repository);
        var program = Path.Combine(repository, "run-me.sh");
        File.WriteAllText(program, $"#!/bin/sh\necho \"$0 $*\" >> '{marker}'\ncat >/dev/null 2>&1 </dev/null\nexit 0\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.AppendAllText(Path.Combine(repository, ".git", "config"),
            $"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {program}\n[core]\n\tpager = {program}\n\tfsmonitor = {program}\n\thooksPath = hooks\n"
            + $"[filter \"steal\"]\n\tclean = {program}\n\tsmudge = {program}\n[diff \"steal\"]\n\ttextconv = {program}\n");
        File.WriteAllText(Path.Combine(repository, ".gitattributes"), "* filter=steal diff=steal\n");
        var hooks = Directory.CreateDirectory(Path.Combine(repository, "hooks")).FullName;
        foreach (var hook in new[] { "pre-commit", "post-checkout", "post-merge", "pre-push", "reference-transaction", "post-index-change" })
        {
            File.Copy(program, Path.Combine(hooks, hook));
            File.SetUnixFileMode(Path.Combine(hooks, hook), File.GetUnixFileMode(program));
        }
    }

    /// <summary>HEAD's commit again, with a <c>gpgsig</c> header (so its committer time stays), made by the test's own git before anything hostile is planted.</summary>
    private static void Sign(string repository)
    {
        var commit = TestGit.Run(repository, "cat-file", "commit", "HEAD").Split('\n').ToList();
        int committer = commit.FindIndex(l => l.StartsWith("committer ", StringComparison.Ordinal));
        commit.Insert(committer + 1, "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----");
        var file = Path.Combine(repository, ".git", "signed-commit");
        File.WriteAllText(file, string.Join('\n', commit) + "\n");
        var signed = TestGit.Run(repository, "hash-object", "-t", "commit", "-w", file);
        File.Delete(file);
        TestGit.Run(repository, "update-ref", "HEAD", signed);
    }
}
