namespace Grader.Web.Tests.Serve;

/// <summary>One step of the course loop the model-based test runs (issue 80, item 5); <see cref="CourseLoopModel"/> says what each must do.</summary>
/// <param name="Kind">What is done.</param>
/// <param name="Actor">The tutor (score, comment, answer, release, reveal) or the student (request, sign-in) who does it.</param>
/// <param name="Group">The group whose hand-in is scored or commented on.</param>
/// <param name="Level">The index of the item's level scored, or of the new score of a changed regrade answer.</param>
/// <param name="Student">The student a <see cref="Act.Regroup"/> moves into <paramref name="Group"/>.</param>
/// <remarks>
/// The stale writes: <see cref="Act.StaleScore"/> — the actor reads the item page, the other tutor scores the group
/// meanwhile (level + 1), then the actor's form is sent and must be refused with that score shown and the comment kept,
/// and the one "Replace" completes it; <see cref="Act.StaleAnswer"/> — the actor reads the open request's form, the other
/// tutor scores the group meanwhile, then the actor's "kept" must be refused, the request still open, the reply kept;
/// <see cref="Act.SignOutAndIn"/> — the tutor signs out by the page's form, the session's cookie (replayed as a copy
/// would be) then opens no page, and the tutor signs in again with the token; <see cref="Act.Regroup"/> — the tutor moves
/// the student into the group in the course file (swapping with the group's last member where a move would leave a
/// group above <c>group-size</c> or empty), restarts <c>grader serve</c> on it and has the run's files written again;
/// <see cref="Act.GradeOrRecord"/> — the tutor records the sheet's second run (graded at the start: g2's mutant mended),
/// which becomes the latest; recording it again is refused in one line and changes nothing.
/// </remarks>
internal sealed record CourseLoopStep(CourseLoopStep.Act Kind, string Actor, string Group, int Level, string Student = "")
{
    public enum Act
    {
        Score,
        Comment,
        RegradeRequest,
        AnswerKept,
        AnswerChanged,
        Release,
        Withdraw,
        Reveal,
        Hide,
        StudentLook,
        StaleScore,
        StaleAnswer,
        SignOutAndIn,
        Regroup,
        GradeOrRecord,
    }

    public override string ToString() => Kind switch
    {
        Act.Score or Act.AnswerChanged or Act.StaleScore => $"{Kind}({Actor}, {Group}, level {Level})",
        Act.Comment => $"{Kind}({Actor}, {Group})",
        Act.Regroup => $"{Kind}({Actor}, {Student} to {Group})",
        _ => $"{Kind}({Actor})",
    };
}

/// <summary>
/// The course the model-based test drives, as small as the invariants need: the groups and their members, each group's
/// score of the one item the tutors score (every other manual item is scored once at the start), whether the sheet is
/// released, which tutor has revealed names, who filed a regrade request (one per group and item) and whether it is
/// answered, how many inline comments were acknowledged, the groups as the course file has them now and whether the
/// second run is recorded. <see cref="Apply"/> is what a step must do.
/// </summary>
internal sealed class CourseLoopModel
{
    public static readonly string[] Tutors = ["tom", "tina"];

    /// <summary>The groups at the start (the course file's); <see cref="Members"/> are the current ones.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Groups = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["g1"] = ["ada", "bob", "cy"],
        ["g2"] = ["dan", "eve", "fay"],
        ["g3"] = ["gus", "hal"],
    };

    /// <summary>Every student of the course; ivy is in no group and hands in nothing.</summary>
    public static readonly string[] Students = ["ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy"];

    /// <summary>The course's <c>group-size</c>.</summary>
    public const int GroupSize = 3;

    public CourseLoopModel(IReadOnlyDictionary<string, double> scores)
    {
        Scores = new Dictionary<string, double>(scores, StringComparer.Ordinal);
        Members = Groups.ToDictionary(g => g.Key, g => g.Value.ToList(), StringComparer.Ordinal);
    }

    /// <summary>Each group's members as the course file has them now (a <see cref="CourseLoopStep.Act.Regroup"/> moves them).</summary>
    public Dictionary<string, List<string>> Members { get; }

    /// <summary>Whether the sheet's second run is recorded (then it is the latest).</summary>
    public bool SecondRun { get; private set; }

    /// <summary>Each group's score of the item, as the last acknowledged write left it.</summary>
    public Dictionary<string, double> Scores { get; }

    public bool Released { get; private set; }

    public HashSet<string> Revealed { get; } = new(StringComparer.Ordinal);

    /// <summary>The students who filed a regrade request on the item, and whether it is answered.</summary>
    public Dictionary<string, bool> Requests { get; } = new(StringComparer.Ordinal);

    public int Comments { get; private set; }

    /// <summary>The group <paramref name="student"/> is in now, or null.</summary>
    public string? GroupOf(string student) => Members.FirstOrDefault(g => g.Value.Contains(student)).Key;

    /// <summary>Whether the step must be acknowledged in this state (a refused step changes nothing).</summary>
    public bool Accepts(CourseLoopStep step) => step.Kind switch
    {
        // One request per group and item: none by any member the group has now, answered or not.
        CourseLoopStep.Act.RegradeRequest => Released && GroupOf(step.Actor) is { } g && !Members[g].Any(Requests.ContainsKey),
        CourseLoopStep.Act.AnswerKept or CourseLoopStep.Act.AnswerChanged or CourseLoopStep.Act.StaleAnswer => Requests.ContainsValue(false),
        CourseLoopStep.Act.GradeOrRecord => !SecondRun,
        _ => true,
    };

    /// <summary>Who filed the open request an answer step answers (the first open one by name).</summary>
    public string? OpenRequest() => Requests.Where(r => !r.Value).Select(r => r.Key).Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// The groups after <paramref name="step"/>'s regroup: its student moved into its group, or, where that would leave a
    /// group above <see cref="GroupSize"/> or empty, swapped with the group's last member (by name).
    /// </summary>
    public Dictionary<string, List<string>> Regrouped(CourseLoopStep step)
    {
        var groups = Members.ToDictionary(g => g.Key, g => g.Value.ToList(), StringComparer.Ordinal);
        var from = GroupOf(step.Student)!;
        if (from == step.Group)
        {
            return groups;
        }

        groups[from].Remove(step.Student);
        if (groups[step.Group].Count >= GroupSize || groups[from].Count == 0)
        {
            var swapped = groups[step.Group].Order(StringComparer.Ordinal).Last();
            groups[step.Group].Remove(swapped);
            groups[from].Add(swapped);
        }

        groups[step.Group].Add(step.Student);
        return groups;
    }

    /// <summary>The state after an acknowledged <paramref name="step"/>; <paramref name="levels"/> are the item's levels' points.</summary>
    public void Apply(CourseLoopStep step, IReadOnlyList<double> levels)
    {
        switch (step.Kind)
        {
            case CourseLoopStep.Act.Score:
                Scores[step.Group] = levels[step.Level];
                break;
            case CourseLoopStep.Act.StaleScore:
                Scores[step.Group] = levels[step.Level]; // the other tutor's score came between; the explicit Replace wins
                break;
            case CourseLoopStep.Act.StaleAnswer:
                Scores[GroupOf(OpenRequest()!)!] = levels[step.Level]; // the other tutor's score; the stale answer is refused, the request stays open
                break;
            case CourseLoopStep.Act.Comment:
                Comments++;
                break;
            case CourseLoopStep.Act.RegradeRequest:
                Requests[step.Actor] = false;
                break;
            case CourseLoopStep.Act.AnswerKept:
                Requests[OpenRequest()!] = true;
                break;
            case CourseLoopStep.Act.AnswerChanged:
                var filer = OpenRequest()!;
                Requests[filer] = true;
                Scores[GroupOf(filer)!] = levels[step.Level];
                break;
            case CourseLoopStep.Act.Regroup:
                foreach (var (group, members) in Regrouped(step))
                {
                    Members[group] = members;
                }

                break;
            case CourseLoopStep.Act.GradeOrRecord:
                SecondRun = true;
                break;
            case CourseLoopStep.Act.Release:
                Released = true;
                break;
            case CourseLoopStep.Act.Withdraw:
                Released = false;
                break;
            case CourseLoopStep.Act.Reveal:
                Revealed.Add(step.Actor);
                break;
            case CourseLoopStep.Act.Hide:
                Revealed.Remove(step.Actor);
                break;
        }
    }

    /// <summary>Random steps: scores and looks most often, every other act too; <paramref name="levels"/> is how many levels the item has.</summary>
    /// <param name="levels">How many levels the item has.</param>
    /// <param name="focused">
    /// The always-on run's weights: scores, regroups, second runs, requests and looks 3× (a regroup or a second run followed
    /// by a score is where stop 88's plants were caught, a request and a member's look the group-as-unit invariant), so its
    /// few sequences reach them; the long run keeps the even weights.
    /// </param>
    public static Gen<CourseLoopStep> Step(int levels, bool focused = false)
    {
        var more = focused ? 3 : 1;
        var tutor = Gen.Elements(Tutors);
        var group = Gen.Elements(Groups.Keys.Order(StringComparer.Ordinal).ToArray());
        var member = Gen.Elements(Students);
        var grouped = Gen.Elements(Groups.Values.SelectMany(m => m).Order(StringComparer.Ordinal).ToArray());
        var level = Gen.Choose(0, levels - 1);
        Gen<CourseLoopStep> By(CourseLoopStep.Act act, Gen<string> who) => who.Select(a => new CourseLoopStep(act, a, "", 0));
        return Gen.Frequency(
            (4 * more, tutor.SelectMany(t => group, (t, g) => (t, g)).SelectMany(_ => level, (tg, l) => new CourseLoopStep(CourseLoopStep.Act.Score, tg.t, tg.g, l))),
            (1, tutor.SelectMany(t => group, (t, g) => new CourseLoopStep(CourseLoopStep.Act.Comment, t, g, 0))),
            (2 * more, By(CourseLoopStep.Act.RegradeRequest, member)),
            (1, By(CourseLoopStep.Act.AnswerKept, tutor)),
            (1, tutor.SelectMany(t => level, (t, l) => new CourseLoopStep(CourseLoopStep.Act.AnswerChanged, t, "", l))),
            (2, By(CourseLoopStep.Act.Release, tutor)),
            (1, By(CourseLoopStep.Act.Withdraw, tutor)),
            (1, By(CourseLoopStep.Act.Reveal, tutor)),
            (1, By(CourseLoopStep.Act.Hide, tutor)),
            (3 * more, By(CourseLoopStep.Act.StudentLook, member)),
            (1, tutor.SelectMany(t => group, (t, g) => (t, g)).SelectMany(_ => level, (tg, l) => new CourseLoopStep(CourseLoopStep.Act.StaleScore, tg.t, tg.g, l))),
            (1, tutor.SelectMany(t => level, (t, l) => new CourseLoopStep(CourseLoopStep.Act.StaleAnswer, t, "", l))),
            (1, By(CourseLoopStep.Act.SignOutAndIn, tutor)),
            (more, tutor.SelectMany(t => group, (t, g) => (t, g)).SelectMany(_ => grouped, (tg, s) => new CourseLoopStep(CourseLoopStep.Act.Regroup, tg.t, tg.g, 0, s))),
            (more, By(CourseLoopStep.Act.GradeOrRecord, tutor)));
    }

    /// <summary>Lists of 1 to <paramref name="longest"/> steps, shrunk by dropping steps.</summary>
    public static Arbitrary<CourseLoopStep[]> Sequences(int levels, int longest, bool focused = false) =>
        Arb.From(Gen.Choose(1, longest).SelectMany(n => Step(levels, focused).ArrayOf(n)),
            steps => Enumerable.Range(0, steps.Length).Select(i => steps.Where((_, j) => j != i).ToArray()));
}
