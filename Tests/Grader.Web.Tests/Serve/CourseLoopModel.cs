namespace Grader.Web.Tests.Serve;

/// <summary>One step of the course loop the model-based test runs (issue 80, item 5); <see cref="CourseLoopModel"/> says what each must do.</summary>
/// <param name="Kind">What is done.</param>
/// <param name="Actor">The tutor (score, comment, answer, release, reveal) or the student (request, sign-in) who does it.</param>
/// <param name="Group">The group whose hand-in is scored or commented on.</param>
/// <param name="Level">The index of the item's level scored, or of the new score of a changed regrade answer.</param>
/// <remarks>
/// The stale writes: <see cref="Act.StaleScore"/> — the actor reads the item page, the other tutor scores the group
/// meanwhile (level + 1), then the actor's form is sent and must be refused with that score shown and the comment kept,
/// and the one "Replace" completes it; <see cref="Act.StaleAnswer"/> — the actor reads the open request's form, the other
/// tutor scores the group meanwhile, then the actor's "kept" must be refused, the request still open, the reply kept;
/// <see cref="Act.SignOutAndIn"/> — the tutor signs out by the page's form, the session's cookie (replayed as a copy
/// would be) then opens no page, and the tutor signs in again with the token.
/// </remarks>
internal sealed record CourseLoopStep(CourseLoopStep.Act Kind, string Actor, string Group, int Level)
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
    }

    public override string ToString() => Kind switch
    {
        Act.Score or Act.AnswerChanged or Act.StaleScore => $"{Kind}({Actor}, {Group}, level {Level})",
        Act.Comment => $"{Kind}({Actor}, {Group})",
        _ => $"{Kind}({Actor})",
    };
}

/// <summary>
/// The course the model-based test drives, as small as the invariants need: the groups and their members, each group's
/// score of the one item the tutors score (every other manual item is scored once at the start), whether the sheet is
/// released, which tutor has revealed names, which group has a regrade request (one per group and item) and whether it
/// is answered, and how many inline comments were acknowledged. <see cref="Apply"/> is what a step must do.
/// </summary>
internal sealed class CourseLoopModel
{
    public static readonly string[] Tutors = ["tom", "tina"];

    public static readonly IReadOnlyDictionary<string, string[]> Groups = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["g1"] = ["ada", "bob", "cy"],
        ["g2"] = ["dan", "eve", "fay"],
        ["g3"] = ["gus", "hal"],
    };

    /// <summary>Every student of the course; ivy is in no group and hands in nothing.</summary>
    public static readonly string[] Students = ["ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy"];

    public CourseLoopModel(IReadOnlyDictionary<string, double> scores) => Scores = new Dictionary<string, double>(scores, StringComparer.Ordinal);

    /// <summary>Each group's score of the item, as the last acknowledged write left it.</summary>
    public Dictionary<string, double> Scores { get; }

    public bool Released { get; private set; }

    public HashSet<string> Revealed { get; } = new(StringComparer.Ordinal);

    /// <summary>The groups with a regrade request on the item, and whether it is answered.</summary>
    public Dictionary<string, bool> Requests { get; } = new(StringComparer.Ordinal);

    public int Comments { get; private set; }

    public static string? GroupOf(string student) => Groups.FirstOrDefault(g => g.Value.Contains(student)).Key;

    /// <summary>Whether the step must be acknowledged in this state (a refused step changes nothing).</summary>
    public bool Accepts(CourseLoopStep step) => step.Kind switch
    {
        CourseLoopStep.Act.RegradeRequest => Released && GroupOf(step.Actor) is { } g && !Requests.ContainsKey(g),
        CourseLoopStep.Act.AnswerKept or CourseLoopStep.Act.AnswerChanged or CourseLoopStep.Act.StaleAnswer => Requests.ContainsValue(false),
        _ => true,
    };

    /// <summary>The open request's group an answer step answers (the first open one by group name).</summary>
    public string? OpenRequest() => Requests.Where(r => !r.Value).Select(r => r.Key).Order(StringComparer.Ordinal).FirstOrDefault();

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
                Scores[OpenRequest()!] = levels[step.Level]; // the other tutor's score; the stale answer is refused, the request stays open
                break;
            case CourseLoopStep.Act.Comment:
                Comments++;
                break;
            case CourseLoopStep.Act.RegradeRequest:
                Requests[GroupOf(step.Actor)!] = false;
                break;
            case CourseLoopStep.Act.AnswerKept:
                Requests[OpenRequest()!] = true;
                break;
            case CourseLoopStep.Act.AnswerChanged:
                var group = OpenRequest()!;
                Requests[group] = true;
                Scores[group] = levels[step.Level];
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
    public static Gen<CourseLoopStep> Step(int levels)
    {
        var tutor = Gen.Elements(Tutors);
        var group = Gen.Elements(Groups.Keys.Order(StringComparer.Ordinal).ToArray());
        var member = Gen.Elements(Students);
        var level = Gen.Choose(0, levels - 1);
        Gen<CourseLoopStep> By(CourseLoopStep.Act act, Gen<string> who) => who.Select(a => new CourseLoopStep(act, a, "", 0));
        return Gen.Frequency(
            (4, tutor.SelectMany(t => group, (t, g) => (t, g)).SelectMany(_ => level, (tg, l) => new CourseLoopStep(CourseLoopStep.Act.Score, tg.t, tg.g, l))),
            (1, tutor.SelectMany(t => group, (t, g) => new CourseLoopStep(CourseLoopStep.Act.Comment, t, g, 0))),
            (2, By(CourseLoopStep.Act.RegradeRequest, member)),
            (1, By(CourseLoopStep.Act.AnswerKept, tutor)),
            (1, tutor.SelectMany(t => level, (t, l) => new CourseLoopStep(CourseLoopStep.Act.AnswerChanged, t, "", l))),
            (2, By(CourseLoopStep.Act.Release, tutor)),
            (1, By(CourseLoopStep.Act.Withdraw, tutor)),
            (1, By(CourseLoopStep.Act.Reveal, tutor)),
            (1, By(CourseLoopStep.Act.Hide, tutor)),
            (3, By(CourseLoopStep.Act.StudentLook, member)),
            (1, tutor.SelectMany(t => group, (t, g) => (t, g)).SelectMany(_ => level, (tg, l) => new CourseLoopStep(CourseLoopStep.Act.StaleScore, tg.t, tg.g, l))),
            (1, tutor.SelectMany(t => level, (t, l) => new CourseLoopStep(CourseLoopStep.Act.StaleAnswer, t, "", l))),
            (1, By(CourseLoopStep.Act.SignOutAndIn, tutor)));
    }

    /// <summary>Lists of 1 to <paramref name="longest"/> steps, shrunk by dropping steps.</summary>
    public static Arbitrary<CourseLoopStep[]> Sequences(int levels, int longest) =>
        Arb.From(Gen.Choose(1, longest).SelectMany(n => Step(levels).ArrayOf(n)),
            steps => Enumerable.Range(0, steps.Length).Select(i => steps.Where((_, j) => j != i).ToArray()));
}
