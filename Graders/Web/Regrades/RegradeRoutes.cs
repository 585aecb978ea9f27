using Grader.Semester;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Grader.Web.TutorServer;

namespace Grader.Web.Regrades;

/// <summary>
/// The tutors' routes of the students' side (issue 70), in the tutors' group: a sheet's release page and inbox
/// (<see cref="RegradeInbox"/>), releasing or withdrawing the sheet, answering a regrade request. Each release and each
/// new score writes the sheet's latest run's files again in the background (<see cref="GradingDesk.Files"/>; an answer only
/// its student's own files and all of the run's), so the student's feedback, the run's LMS file and every total carry the grade the
/// student is shown.
/// </summary>
internal static class RegradeRoutes
{
    /// <summary>The forms' field with the version of what the page showed (the release's, or the request's score's).</summary>
    internal const string SeenField = "seen";

    /// <summary>Maps the routes into the tutors' group (<see cref="App.ServeApp.Build"/>).</summary>
    internal static void Map(RouteGroupBuilder tutors, GradingDesk desk)
    {
        tutors.MapGet("/sheet/{sheet}/students", (HttpContext context, string sheet) =>
            desk.Course.FindSheet(sheet) is null
                ? NoSheet(context, sheet)
                : Page(context, RegradeInbox.Page(desk, sheet, Tutor(context), Token(context), null,
                    long.TryParse(context.Request.Query["before"], NumberStyles.None, CultureInfo.InvariantCulture, out var before) ? before : null)));
        tutors.MapPost("/sheet/{sheet}/release", async (HttpContext context, string sheet) =>
        {
            if (desk.Course.FindSheet(sheet) is null)
            {
                await NoSheet(context, sheet);
                return;
            }

            var form = await context.Request.ReadFormAsync();
            var release = form["release"].ToString() != "withdraw";
            // The release's version the page read: a release or withdrawal meanwhile refuses this one (nothing written).
            var seen = long.TryParse(form[SeenField], NumberStyles.None, CultureInfo.InvariantCulture, out var read) ? read : -1;
            if (!desk.Locked(g => g.Releases.Release(sheet, Tutor(context), release, seen)))
            {
                await Page(context, RegradeInbox.Page(desk, sheet, Tutor(context), Token(context),
                    $"Not changed: the sheet was {(release ? "released" : "withdrawn")} or changed by someone else since your page was read; the state it is in now is shown below."), StatusCodes.Status409Conflict);
                return;
            }

            if (release)
            {
                _ = desk.Files.Request(sheet);
            }

            context.Response.Redirect(RegradeInbox.PathOf(sheet));
        });
        tutors.MapPost("/sheet/{sheet}/regrades/{id:long}", async (HttpContext context, string sheet, long id) =>
        {
            if (desk.Locked(g => g.Regrades.Regrade(id)) is not { } request || request.Sheet != sheet)
            {
                await NotFound(context, $"Sheet '{sheet}' has no regrade request {id}.");
                return;
            }

            var form = await context.Request.ReadFormAsync();
            var reply = form["reply"].ToString().Trim();
            double? points = null;
            if (form["outcome"].ToString() == RegradeRequest.Changed)
            {
                var item = desk.Items(sheet).FirstOrDefault(i => i.Task.Id == request.Task && i.Item.Id == request.Item);
                if (item is null || !double.TryParse(form["points"], NumberStyles.Float, CultureInfo.InvariantCulture, out var given) || !double.IsFinite(given) || given < 0 || given > item.Item.Points + 1e-9)
                {
                    await Page(context, RegradeInbox.Page(desk, sheet, Tutor(context), Token(context),
                        item is null ? "An automatic task's points come from its checks: keep the score, or regrade the run." : $"A new score for {item.Title} is a number from 0 to {Csv.Number(item.Item.Points)}."), StatusCodes.Status400BadRequest);
                    return;
                }

                points = given;
            }

            if (reply.Length > GradingDesk.MaxComment)
            {
                await Page(context, RegradeInbox.Page(desk, sheet, Tutor(context), Token(context), $"A reply has at most {GradingDesk.MaxComment} characters."), StatusCodes.Status400BadRequest);
                return;
            }

            // The version of the score the tutor's page showed (0: none): a score given since refuses the answer, "kept" too.
            var handin = desk.HandinOf(sheet, request.Student);
            var seen = long.TryParse(form[SeenField], NumberStyles.None, CultureInfo.InvariantCulture, out var read) ? read : -1;
            if (!desk.Locked(g => g.Regrades.AnswerRegrade(id, points, reply, Tutor(context), handin, request.Automatic ? null : seen)))
            {
                var answered = desk.Locked(g => g.Regrades.Regrade(id)) is not { Open: true };
                await Page(context, RegradeInbox.Page(desk, sheet, Tutor(context), Token(context), answered
                    ? "That request was answered meanwhile; its answer stands."
                    : "Not answered: the score changed since your page was read (the score now is shown with the request). Your reply is kept in its form: send it again to answer against the score shown.",
                    attempt: answered ? null : new RegradeAttempt(id, reply, form["points"].ToString())), StatusCodes.Status409Conflict);
                return;
            }

            if (points is not null)
            {
                _ = desk.Files.Request(sheet, [request.Student]);
            }

            context.Response.Redirect(RegradeInbox.PathOf(sheet) + $"#r{id}");
        });
    }
}
