using Grader.Runner.Compile;
using Grader.Runner.Host;

namespace Grader.Runner.Tests.Compile;

/// <summary>
/// Hand-ins compiled in compile servers (child processes): the same verdict and bytes as compiling in-process, and a
/// compiler bomb costs its own hand-in a "did not compile" with the reason, after which the next hand-in is compiled by
/// a fresh server.
/// </summary>
[NonParallelizable]
public sealed class CompileBoxTests
{
    private static readonly HandinSource Correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));

    /// <summary>
    /// An honest hand-in of one empty class, for the tests whose subject is the server (its environment, its processor
    /// time, that it answers after a bomb) rather than what it compiles: in the server that JIT-compiles Roslyn
    /// (<see cref="CompilerProcess.ManyHandinsRuntime"/>) the correct example's compile JIT-compiled much of Roslyn again.
    /// </summary>
    private static readonly HandinSource Tiny = new("tiny", [new HandinFile("Tiny.cs", "namespace Submission;\npublic static class Tiny { public static int Answer => 42; }\n")]);

    /// <summary>A lambda handed to an overloaded method, nested: overload resolution binds each level once per overload, so 2ⁿ bindings.</summary>
    private static HandinSource LambdaBomb(int levels) => new("bomb", [new HandinFile("Bomb.cs",
        "namespace Submission;\npublic static class Bomb\n{\n    static void M(System.Action<int> a) { }\n    static void M(System.Action<string> a) { }\n    public static void Run() => "
        + string.Concat(Enumerable.Range(0, levels).Select(i => $"M(a{i} => ")) + "{ }" + new string(')', levels) + ";\n}\n")]);

    /// <summary>The correct example with a statement of DtuDdpm.cs left without its semicolon.</summary>
    private static readonly HandinSource Broken = Correct with { Files = [.. Correct.Files.Select(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal) ? f with { Text = f.Text.Replace("int n = shape[0];", "int n = shape[0]", StringComparison.Ordinal) } : f)] };

    /// <summary>
    /// One box of one server, started cold by three hand-ins sent at once (the correct example twice and
    /// <see cref="Broken"/>), as a cohort's first hand-ins reach it: the server and its warm-up are not the subject of the
    /// three tests that read these results, so they share it (each started a server of its own before: ≈ 2 server
    /// warm-ups and first compiles of the correct example less).
    /// </summary>
    private (int Started, EmittedHandin[] Emitted) _atOnce;

    [OneTimeSetUp]
    public async Task Compile_three_hand_ins_at_once_in_one_server()
    {
        using var box = new CompileBox(CompileLimits.Default, servers: 1);
        var emitted = await Task.WhenAll(new[] { Correct, Correct, Broken }.Select(h => box.EmitAsync(h, [], CancellationToken.None)));
        _atOnce = (box.Started, emitted);
    }

    [Test]
    public void A_hand_in_compiled_in_a_server_gets_the_same_verdict_and_bytes_as_in_process()
    {
        var remote = _atOnce.Emitted[0];
        var local = HandinCompiler.Default.Emit(Correct);

        remote.Result.Success.Should().BeTrue(remote.Result.Summary());
        remote.Image.Should().Equal(local.Image, "Roslyn's output is deterministic for the same sources and references");
        remote.Symbols.Should().NotBeNull();
    }

    /// <summary>
    /// The environment the box starts its server with. The server is launched as a shell that writes the environment it
    /// was given and exits (the box then reports that the server did not start): the environment is the subject, and a
    /// real server run with <c>DOTNET_ReadyToRun=0</c> spent ≈ 7–20 s of CPU JIT-compiling Roslyn for its warm-up.
    /// </summary>
    [TestCase(0, false)]
    [TestCase(CompileBox.JitOnceFrom, true)]
    public async Task The_compile_server_runs_without_tiered_compilation_and_its_precompiled_Roslyn_unless_it_compiles_many(int handins, bool jitOnce)
    {
        using var scratch = new Scratch();
        var written = Path.Combine(scratch.Root, "environment");
        var launch = WorkerCommandLine.Current with { FileName = "/bin/sh", Arguments = ["-c", "env > \"$0\"", written] };
        var limits = CompileLimits.Default with { HeapBytes = (1L << 30) + (Random.Shared.Next(1, 1 << 16) * 4096L) };
        using var box = new CompileBox(limits, launch, servers: 1);
        box.Expect(handins);

        var emit = async () => await box.EmitAsync(Tiny, [], CancellationToken.None);
        await emit.Should().ThrowAsync<WorkerStartException>("the shell writes its environment and exits: no compile server answers");

        var server = File.ReadAllLines(written);
        box.Started.Should().Be(1);
        server.Should().Contain("DOTNET_GCHeapHardLimit=" + limits.HeapBytes.ToString("X", CultureInfo.InvariantCulture), "the box's heap limit reaches its server");
        server.Should().Contain("DOTNET_TieredCompilation=0");
        if (jitOnce)
        {
            server.Should().Contain("DOTNET_ReadyToRun=0", "a server that compiles a cohort JIT-compiles Roslyn once (CompilerProcess.ManyHandinsRuntime)");
        }
        else
        {
            server.Should().NotContain(v => v.StartsWith("DOTNET_ReadyToRun=", StringComparison.Ordinal), "a check of one hand-in keeps the precompiled Roslyn (the JIT would cost it ≈ 7 s)");
        }
    }

    [TestCase(1, CompileBox.JitOnceFrom - 1, false)]
    [TestCase(1, CompileBox.JitOnceFrom, true)]
    [TestCase(2, 2 * CompileBox.JitOnceFrom - 1, false)]
    [TestCase(2, 2 * CompileBox.JitOnceFrom, true)]
    public void A_box_JIT_compiles_Roslyn_once_only_from_its_threshold_of_hand_ins_per_server(int servers, int handins, bool jitOnce)
    {
        using var box = new CompileBox(CompileLimits.Default, servers: servers);
        box.JitOnce.Should().BeFalse("a box told nothing expects few hand-ins");
        box.Expect(handins);
        box.JitOnce.Should().Be(jitOnce);
    }

    [Test]
    public void Hand_ins_compiled_at_once_share_the_boxs_one_server()
    {
        _atOnce.Emitted.Should().HaveCount(3).And.OnlyContain(e => e.Result.Success, "the broken file is left out, the rest compiled");
        _atOnce.Emitted[1].Image.Should().Equal(_atOnce.Emitted[0].Image, "the same hand-in twice, from the one server");
        _atOnce.Started.Should().Be(1, "the second and third hand-in wait for the one server instead of starting their own");
    }

    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(4, 1)]
    [TestCase(5, 2)]
    [TestCase(8, 2)]
    [TestCase(9, 3)]
    public void One_server_compiles_for_up_to_four_hand_ins_graded_at_once(int jobs, int servers) =>
        CompileBox.ServersFor(jobs).Should().Be(servers);

    [Test]
    public async Task The_servers_cpu_is_the_processor_time_of_the_servers_it_stopped_and_reaches_the_reaped_children_time()
    {
        var before = HostCpu.Times(Environment.ProcessId) ?? throw new InconclusiveException("/proc/self/stat cannot be read here");
        var box = new CompileBox(CompileLimits.Default);
        (await box.EmitAsync(Tiny, [], CancellationToken.None)).Result.Success.Should().BeTrue();
        box.ServersCpu.Should().Be(TimeSpan.Zero, "the server still runs, idle");

        box.Dispose();
        box.Dispose();

        // The server's warm-up alone is far more than one clock tick of processor time; the kernel adds the server's
        // final utime + stime (never less than the box's last reading, from the same counters) to this process's
        // reaped-children time once the runtime reaps it. Other children reaped meanwhile only add to that time.
        box.ServersCpu.Should().BeGreaterThan(TimeSpan.FromSeconds(1.0 / HostCpu.TicksPerSecond));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan reaped;
        do
        {
            await Task.Delay(20);
            reaped = TimeSpan.FromSeconds((double)(HostCpu.Times(Environment.ProcessId)!.Value.Reaped - before.Reaped) / HostCpu.TicksPerSecond);
        }
        while (reaped < box.ServersCpu && clock.Elapsed < TimeSpan.FromSeconds(60));

        TestContext.Out.WriteLine($"servers {box.ServersCpu.TotalSeconds:F2} s, reaped children {reaped.TotalSeconds:F2} s");
        box.ServersCpu.Should().BeLessThanOrEqualTo(reaped, "counted once, and no more than the kernel charged for the server");
    }

    [Test]
    public void A_file_with_a_compile_error_comes_back_left_out_with_its_file_and_line_and_the_rest_compiled()
    {
        Broken.Files.Should().Contain(f => f.Text.Contains("int n = shape[0]\n", StringComparison.Ordinal));

        var remote = _atOnce.Emitted[2];
        var local = HandinCompiler.Default.Emit(Broken);
        var result = remote.Result;
        result.Success.Should().BeTrue(result.Summary());
        result.Excluded.Should().BeEquivalentTo(local.Result.Excluded, "the left-out files cross the server's boundary whole");
        result.Excluded.Should().ContainSingle(f => f.Errors.Count > 0).Which.Contracts.Should().Equal(typeof(Grader.Contracts.Diffusion.IDtuDdpm).FullName);
        result.Excluded.Where(f => f.Errors.Count == 0).Should().OnlyContain(f => f.Uses.Contains("DtuDdpm.cs"),
            "a file left out without errors of its own is one that uses the broken file (DtuTrainingParts.cs, the 3.4 network's parts, uses its DDPM)");
        remote.Image.Should().Equal(local.Image, "the same files compiled without DtuDdpm.cs and the files that use it");
        result.Errors.Should().Equal(local.Result.Errors);
        result.Errors.Should().Contain(e => e.Id == "CS1002" && e.File.EndsWith("DtuDdpm.cs", StringComparison.Ordinal) && e.Line > 0);
    }

    [Test]
    public async Task A_compilation_past_the_time_limit_is_stopped_and_the_next_hand_in_compiles_in_a_fresh_server()
    {
        using var box = new CompileBox(CompileLimits.Default with { Time = TimeSpan.FromSeconds(10) });

        var bomb = (await box.EmitAsync(LambdaBomb(30), [], CancellationToken.None)).Result;
        bomb.Success.Should().BeFalse();
        var error = bomb.Errors.Should().ContainSingle().Subject;
        error.Id.Should().Be(CompilerProcess.RuleId);
        error.Message.Should().Be("did not compile: compiling this hand-in took more than 10 s of processor time, the grader's limit (an honest hand-in compiles in about a second)");

        (await box.EmitAsync(Tiny, [], CancellationToken.None)).Result.Success.Should().BeTrue();
        box.Started.Should().Be(2, "the bomb's server was stopped, so the honest hand-in got a fresh one");
    }

    [Test]
    public async Task A_compilation_past_the_memory_limit_fails_that_hand_in_only()
    {
        // 160 MiB of heap: enough for the warm-up and an ordinary hand-in, not for a thousand methods of a hundred
        // statements each (about 1 MB of source).
        using var box = new CompileBox(new CompileLimits(TimeSpan.FromMinutes(2), 160L << 20));
        var methods = string.Concat(Enumerable.Range(0, 1000).Select(m =>
            $"    public static double M{m}(double x)\n    {{\n" + string.Concat(Enumerable.Range(0, 100).Select(s => $"        x = x * {s + 1}.5 + System.Math.Sqrt(x + {s});\n")) + "        return x;\n    }\n"));
        var files = Enumerable.Range(0, 4).Select(f => new HandinFile($"Big{f}.cs", $"namespace Submission;\npublic static class Big{f}\n{{\n{methods}}}\n")).ToArray();

        var big = (await box.EmitAsync(new HandinSource("big", files), [], CancellationToken.None)).Result;
        TestContext.Out.WriteLine(big.Summary());
        big.Success.Should().BeFalse();
        big.Errors.Should().ContainSingle().Which.Message.Should().StartWith("did not compile: compiling this hand-in").And.Contain("memory");

        (await box.EmitAsync(Tiny, [], CancellationToken.None)).Result.Success.Should().BeTrue();
    }
}
