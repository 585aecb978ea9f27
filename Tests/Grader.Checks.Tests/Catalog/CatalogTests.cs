namespace Grader.Checks.Tests.Catalog;

public sealed class CatalogTests
{
    /// <summary>The files of <c>shared/seeds/</c>: the reference list, so these tests do not need the folder.</summary>
    private static readonly string[] SeedFiles =
    [
        "000_86d6e07e5e2a3eb7.txt",
        "001_5ec9514c534e9e44.txt",
        "002_88b534adebe9b841.txt",
        "003_58910ea304ad2b4d.txt",
        "004_bd6c9612d8948788.txt",
    ];

    private static CourseCatalog Course => CourseCatalog.Default;

    [Test]
    public void Every_seed_sheet_is_in_the_catalog_and_has_tasks()
    {
        Course.Sheets.Select(s => s.FileName).Should().Equal(SeedFiles);
        Course.Sheets.Select(s => s.Id).Should().Equal("000", "001", "002", "003", "004");
        foreach (var sheet in Course.Sheets)
        {
            sheet.FileName.Should().StartWith(sheet.Id + "_");
            Course.TasksOf(sheet.Id).Should().NotBeEmpty();
        }

        Course.Tasks.Select(t => t.Sheet).Distinct().Should().Equal("000", "001", "002", "003", "004");
    }

    [Test]
    public void The_seed_folder_when_present_holds_exactly_the_listed_sheets()
    {
        var seeds = FindSeedFolder();
        if (seeds is null)
        {
            Assert.Ignore("shared/seeds is not beside the repository, so there is no folder to compare the list in this test with.");
        }

        var files = Directory.GetFiles(seeds, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        files.Should().Equal(SeedFiles, $"every sheet in {seeds} must be in the catalog, and nothing else");
    }

    [TestCase("000", 21, 0)]
    [TestCase("001", 20, 33)]
    [TestCase("002", 28, 0)]
    [TestCase("003", 22, 0)]
    [TestCase("004", 14, 0)]
    public void Sheet_totals(string sheetId, double total, double bonus)
    {
        Course.MaxPoints(sheetId).Should().Be(total);
        Course.BonusPoints(sheetId).Should().Be(bonus);
        var sheet = Course.FindSheet(sheetId)!;
        sheet.Total.Should().Be(total);
        sheet.Bonus.Should().Be(bonus);
    }

    [Test]
    public void Heidelberg_2023_adds_up_to_ten_six_and_five()
    {
        ExerciseTotal("000", "1").Should().Be(10);
        ExerciseTotal("000", "2").Should().Be(6);
        ExerciseTotal("000", "3").Should().Be(5);
    }

    [Test]
    public void Heidelberg_2022_23_adds_up_as_printed()
    {
        Course.TasksOf("001").Where(t => t.Exercise.StartsWith('1') && !t.Bonus).Sum(t => t.Points).Should().Be(15);
        ExerciseTotal("001", "2").Should().Be(3);
        ExerciseTotal("001", "3").Should().Be(2);
        Course.TasksOf("001").Where(t => t.Bonus).Select(t => (t.Id, t.Points)).Should().Equal(
            ("001/1f/image-data", 5.0), ("001/4a/subspace-method", 3.0), ("001/4b/subspace-implementation", 5.0), ("001/4c/paper-draft", 20.0));
    }

    [TestCase("000/1a/train-and-sample", 2)]
    [TestCase("000/1b/interpolation", 2)]
    [TestCase("000/1c/same-noise", 2)]
    [TestCase("000/1d/ddim", 2)]
    [TestCase("000/1e/second-interpolation", 2)]
    [TestCase("000/2a/flow-loss", 1)]
    [TestCase("000/2b/inn-jacobian", 2)]
    [TestCase("000/2c/inn-training", 2)]
    [TestCase("000/2d/inn-likelihoods", 1)]
    [TestCase("001/1a/train-and-sample", 4)]
    [TestCase("001/1b/interpolation", 2)]
    [TestCase("001/1c/same-noise", 2)]
    [TestCase("001/1d/ddim", 4)]
    [TestCase("001/1e/second-interpolation", 3)]
    [TestCase("001/2/multi-head-attention", 3)]
    [TestCase("001/3/ml-in-your-life", 2)]
    public void Heidelberg_points_are_the_printed_ones(string taskId, double points)
    {
        Course.FindTask(taskId)!.Points.Should().Be(points);
    }

    [Test]
    public void Heidelberg_quickies_are_one_point_each()
    {
        Course.TasksOf("000").Where(t => t.Exercise.StartsWith('3')).Should().HaveCount(5).And.OnlyContain(t => t.Points == 1);
    }

    [TestCase("P1", 5)]
    [TestCase("P2", 9)]
    [TestCase("P3", 8)]
    [TestCase("P4", 6)]
    public void Tum_problem_credits_are_the_printed_ones(string problem, double credits)
    {
        Course.TasksOf("002").Where(t => t.Exercise.StartsWith(problem + " ", StringComparison.Ordinal)).Sum(t => t.Points).Should().Be(credits);
    }

    // Each part's credits: read from the correction boxes ("0 1 2" = 2 credits, "0 1" = 1 credit), or inferred where the
    // sheet prints no box; the note says which.
    [TestCase("002/p1a/rank-one-sigmoid-flow", 2, "from the box")]
    [TestCase("002/p1b/polynomial-flow", 2, "from the box")]
    [TestCase("002/p2c/log-normal-reparametrisation", 1, "from the box")]
    [TestCase("002/p4b/beta-above-one", 1, "from the box")]
    [TestCase("002/p4c/beta-equal-one", 1, "from the box")]
    [TestCase("002/p4d/invalid-schedules", 2, "from the box")]
    [TestCase("002/p1c/volume-preserving", 1, "inferred")]
    [TestCase("002/p2a/standard-log-normal", 2.5, "inferred")]
    [TestCase("002/p2b/log-normal-affine", 3, "inferred")]
    [TestCase("002/p2d/log-normal-prior", 2.5, "inferred")]
    [TestCase("002/p3a/gan-objective", 3, "inferred")]
    [TestCase("002/p3b/jensen-shannon", 5, "inferred")]
    [TestCase("002/p4a/why-elbo", 2, "inferred")]
    public void Tum_part_credits_say_where_they_come_from(string taskId, double credits, string source)
    {
        var task = Course.FindTask(taskId)!;
        task.Points.Should().Be(credits);
        task.Note.Should().Contain(source);
    }

    [Test]
    public void The_catalog_students_receive_holds_no_rubric()
    {
        Course.Tasks.SelectMany(t => t.Manual).Should().NotBeEmpty().And.OnlyContain(m => m.Rubric == null, "the rubrics are the tutor's (Graders/Hidden/Catalog/ManualRubrics)");
    }

    [TestCase("003")]
    [TestCase("004")]
    public void Sheets_without_points_state_their_weights(string sheetId)
    {
        var sheet = Course.FindSheet(sheetId)!;
        sheet.PrintsPoints.Should().BeFalse();
        sheet.Note.Should().Contain("No points printed");
        var tasks = Course.TasksOf(sheetId);
        tasks.Should().OnlyContain(t => t.Note != null && t.Note.Contains("prints no points") && t.Points == 2, "equal stated weights, said in each note");
    }

    [Test]
    public void Sheets_with_points_say_so()
    {
        Course.Sheets.Where(s => s.PrintsPoints).Select(s => s.Id).Should().Equal("000", "001", "002");
    }

    [Test]
    public void The_bonus_part_without_printed_points_names_its_source()
    {
        var task = Course.FindTask("001/1f/image-data")!;
        task.Bonus.Should().BeTrue();
        task.Note.Should().Contain("seed-origins");
    }

    // Read from the printed sheets, as every test here: these parts ask for code. Not a list of the tasks packs bind (a bound
    // task without automatic points is the validator's ChecksWithoutAutoPoints); a new task needs no line here.
    [TestCase("000/1a/train-and-sample")]
    [TestCase("000/1b/interpolation")]
    [TestCase("000/1c/same-noise")]
    [TestCase("000/1d/ddim")]
    [TestCase("000/1e/second-interpolation")]
    [TestCase("001/1a/train-and-sample")]
    [TestCase("001/1b/interpolation")]
    [TestCase("001/1c/same-noise")]
    [TestCase("001/1d/ddim")]
    [TestCase("001/1e/second-interpolation")]
    [TestCase("002/p4b/beta-above-one")]
    [TestCase("002/p4c/beta-equal-one")]
    [TestCase("002/p4d/invalid-schedules")]
    [TestCase("004/3.3/kl-term")]
    [TestCase("004/3.4/negative-elbo")]
    [TestCase("004/3.4/sample")]
    [TestCase("004/3.4/toy-data")]
    public void Diffusion_programming_tasks_have_an_auto_share(string taskId)
    {
        var task = Course.FindTask(taskId)!;
        task.AutoPoints.Should().BePositive();
        (task.AutoPoints + task.ManualPoints).Should().Be(task.Points);
    }

    [TestCase("000/2a/flow-loss")]
    [TestCase("000/2b/inn-jacobian")]
    [TestCase("001/3/ml-in-your-life")]
    [TestCase("001/4a/subspace-method")]
    [TestCase("002/p4a/why-elbo")]
    [TestCase("003/1.1/ode-equations")]
    [TestCase("003/2.6/sde-complexity")]
    [TestCase("004/3.1/forward-becomes-standard-normal")]
    [TestCase("004/3.2/elbo-derivation")]
    public void Theory_tasks_keep_their_answer_graded_by_hand(string taskId)
    {
        // Derived, not frozen: a theory task may gain a checkable form (an automatic share a pack's checks grade, as
        // 004/3.3's term did and 004/3.1's limit does) with no edit here; its proof or answer in words stays manual.
        var task = Course.FindTask(taskId)!;
        task.ManualPoints.Should().BePositive();
        (task.AutoPoints + task.ManualPoints).Should().Be(task.Points);
        if (task.AutoPoints > 0)
        {
            task.Checks.Should().NotBeEmpty("an automatic share of a theory task is graded by a check, never counted in full");
        }
    }

    /// <summary>Exam-like answers whose checkable form is code: half a point automatic, the answer in words manual.</summary>
    [TestCase("000/3a/loss-functions", 0.5)]
    [TestCase("000/3e/generative-losses", 0.5)]
    [TestCase("002/p2d/log-normal-prior", 0.5)]
    public void Answers_with_a_checkable_form_split_auto_and_manual(string taskId, double auto)
    {
        var task = Course.FindTask(taskId)!;
        task.AutoPoints.Should().Be(auto);
        task.ManualPoints.Should().Be(task.Points - auto);
    }

    [Test]
    public void Heidelberg_explanations_are_manual_items()
    {
        Course.FindTask("000/1b/interpolation")!.Manual.Should().Contain(m => m.Id == "explain");
        var e = Course.FindTask("000/1e/second-interpolation")!.Manual.Select(m => m.Id);
        e.Should().Equal("expected", "improve");
    }

    [Test]
    public void Tasks_without_checks_are_listed_but_not_graded()
    {
        foreach (var task in Course.Tasks.Where(t => t.Checks.Count == 0))
        {
            task.Graded.Should().BeFalse();
            task.HiddenPoints.Should().Be(0);
        }
    }

    [Test]
    public void Lookups()
    {
        Course.FindTask("004/3.4/negative-elbo")!.Exercise.Should().Be("3.4");
        Course.FindTask("nope").Should().BeNull();
        Course.FindSheet("005").Should().BeNull();
        Course.TasksOf("004").Select(t => t.Id).Should().StartWith("004/3.1/forward-becomes-standard-normal");
    }

    private static double ExerciseTotal(string sheetId, string exercise) =>
        Course.TasksOf(sheetId).Where(t => t.Exercise == exercise || t.Exercise.StartsWith(exercise + " ", StringComparison.Ordinal)).Sum(t => t.Points);

    /// <summary><c>shared/seeds</c> beside the repository (CI: <c>../shared</c> from the root), or null.</summary>
    private static string? FindSeedFolder()
    {
        var seeds = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "seeds"));
        return Directory.Exists(seeds) ? seeds : null;
    }
}
