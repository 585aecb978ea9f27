namespace Grader.Grading.Tests.Grading;

public sealed class RunSeedTests
{
    [Test]
    public void Without_a_given_or_recorded_seed_a_fresh_one_is_drawn()
    {
        using var scratch = new Scratch();
        var seed = RunSeed.Resolve(null, Path.Combine(scratch.Root, "out"), sharded: false, draw: () => 42);
        seed.Value.Should().Be(42);
        seed.Origin.Should().StartWith("drawn for this run");
    }

    [Test]
    public void The_operating_systems_generator_gives_different_seeds() =>
        Enumerable.Range(0, 8).Select(_ => RunSeed.Draw()).Distinct().Should().HaveCount(8);

    [Test]
    public void A_recorded_seed_is_kept_and_a_given_one_wins_with_a_note()
    {
        using var scratch = new Scratch();
        var output = Path.Combine(scratch.Root, "out");
        new RunSeed(7, "drawn").Record(output);
        RunSeed.Recorded(output).Should().Be(7);
        RunSeed.Resolve(null, output, sharded: true, draw: () => 42).Should().Be(new RunSeed(7, "recorded in the output folder: the run resumes with it"));
        RunSeed.Resolve(8, output, sharded: false).Origin.Should().Contain("the output folder recorded 7, so every hand-in is graded again");
        RunSeed.Resolve(7, output, sharded: false).Origin.Should().Be("given with --seed");
    }

    [Test]
    public void A_sharded_run_without_a_seed_is_refused_with_one_to_use()
    {
        using var scratch = new Scratch();
        var act = () => RunSeed.Resolve(null, Path.Combine(scratch.Root, "out"), sharded: true, draw: () => 42);
        act.Should().Throw<UsageException>().WithMessage("*needs --seed, the same for every shard*--seed 42, drawn now*");
    }

    [Test]
    public void An_unreadable_seed_file_counts_as_none()
    {
        using var scratch = new Scratch();
        var output = Directory.CreateDirectory(Path.Combine(scratch.Root, "out")).FullName;
        File.WriteAllText(Path.Combine(output, RunSeed.FileName), "not a number");
        RunSeed.Recorded(output).Should().BeNull();
    }
}
