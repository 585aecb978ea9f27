using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Handins;

public sealed class HandinCompileCacheTests
{
    private string _folder = null!;
    private int _compiles;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "grader-cache-tests-" + Guid.NewGuid().ToString("N"));
        _compiles = 0;
    }

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static HandinSource Source(string text, string name = "Inline") => new(name, [new HandinFile("Answer.cs", text)]);

    private HandinCompileCache Cache(string identity = "compiler A") =>
        new(_folder, source =>
        {
            _compiles++;
            return HandinCompiler.Default.Emit(source);
        }, identity);

    [Test]
    public void The_same_sources_are_compiled_once_and_the_image_from_the_folder_runs_like_the_compiled_one()
    {
        var first = Cache().Emit(Source(BetaAnswers.Correct));
        var second = Cache().Emit(Source(BetaAnswers.Correct, name: "Renamed"));

        _compiles.Should().Be(1);
        second.Image.Should().Equal(first.Image);
        second.Symbols.Should().Equal(first.Symbols);
        second.Result.Success.Should().BeTrue();
        second.Result.WarningCount.Should().Be(first.Result.WarningCount);
        var loaded = HandinCompiler.Load("Inline", second);
        var answer = (IBetaScheduleAnswer)Activator.CreateInstance(loaded.Assembly!.GetType("Student.Answer")!)!;
        answer.InvalidSchedules.Should().BeEquivalentTo([2, 4]);
    }

    [Test]
    public void A_changed_file_or_another_compiler_is_compiled_again()
    {
        Cache().Emit(Source(BetaAnswers.Correct));
        var changed = Cache().Emit(Source(BetaAnswers.Correct.Replace("{ 2, 4 }", "{ 2, 3 }", StringComparison.Ordinal)));
        Cache(identity: "compiler B").Emit(Source(BetaAnswers.Correct));

        _compiles.Should().Be(3);
        var answer = (IBetaScheduleAnswer)Activator.CreateInstance(HandinCompiler.Load("Inline", changed).Assembly!.GetType("Student.Answer")!)!;
        answer.InvalidSchedules.Should().BeEquivalentTo([2, 3]);
    }

    [Test]
    public void A_hand_in_that_fails_or_breaks_the_allowlist_is_never_kept()
    {
        const string io = """
            namespace Student;

            public sealed class Reader
            {
                public string Read() => System.IO.File.ReadAllText("/etc/passwd");
            }
            """;

        foreach (var text in new[] { "namespace Student; public sealed class Broken {", io })
        {
            var first = Cache().Emit(Source(text));
            var second = Cache().Emit(Source(text));

            first.Result.Success.Should().BeFalse();
            second.Result.Success.Should().BeFalse();
            second.Result.Errors.Should().NotBeEmpty();
        }

        _compiles.Should().Be(4);
        Directory.Exists(_folder).Should().BeFalse("nothing was written");
    }

    [Test]
    public void A_damaged_entry_is_a_miss_and_is_written_again()
    {
        Cache().Emit(Source(BetaAnswers.Correct));
        var entry = Directory.GetFiles(_folder).Should().ContainSingle().Subject;
        var bytes = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]);

        var again = Cache().Emit(Source(BetaAnswers.Correct));
        Cache().Emit(Source(BetaAnswers.Correct));

        _compiles.Should().Be(2);
        again.Result.Success.Should().BeTrue();
        File.ReadAllBytes(entry).Should().Equal(bytes);
    }

    [Test]
    public void The_folder_keeps_only_the_newest_entries()
    {
        for (int i = 0; i < HandinCompileCache.Kept + 3; i++)
        {
            Cache().Emit(Source(BetaAnswers.Correct + $"\n// version {i}\n"));
        }

        Directory.GetFiles(_folder).Should().HaveCount(HandinCompileCache.Kept);
    }

    [Test]
    public void The_compiler_identity_names_the_grader_roslyn_and_the_framework_by_module_version()
    {
        var identity = HandinCompileCache.CompilerIdentity(HandinCompiler.Default);

        identity.Should().Contain($"Grader.Checks {typeof(HandinCompiler).Assembly.ManifestModule.ModuleVersionId}")
            .And.Contain($"Microsoft.CodeAnalysis.CSharp {typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.ManifestModule.ModuleVersionId}")
            .And.Contain($"System.Private.CoreLib {typeof(object).Assembly.ManifestModule.ModuleVersionId}");
        HandinCompileCache.CompilerIdentity(HandinCompiler.Unrestricted).Should().NotBe(identity, "the allowlist's analyzers are part of it");
    }
}
