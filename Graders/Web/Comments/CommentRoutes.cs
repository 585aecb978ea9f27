using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Grader.Web.TutorServer;

namespace Grader.Web.Comments;

/// <summary>
/// The tutors' routes of inline comments (issue 70, item 4), in the tutors' group (a student's session reaches none):
/// a hand-in's code page by its pseudonym (<see cref="CodePage"/>: its comments and standing scores are the course's one
/// derivation's, <see cref="DeskGrades"/>), commenting on a line, deleting a comment. Each POST
/// carries the anti-forgery token (checked for every POST) and writes the student's own files and the run's again in
/// the background (<see cref="GradingDesk.Files"/>), so <c>feedback.md</c>/<c>feedback.html</c> carry the comments.
/// </summary>
internal static class CommentRoutes
{
    /// <summary>Maps the routes into the tutors' group (<see cref="App.ServeApp.Build"/>).</summary>
    internal static void Map(RouteGroupBuilder tutors, GradingDesk desk)
    {
        tutors.MapGet("/sheet/{sheet}/code/{who}", (HttpContext context, string sheet, string who, string? file, int? line) =>
            desk.Resolve(sheet, who) is { } student && desk.Commenting.Document(sheet, student) is { } document && desk.Grades.OfHandin(sheet, student) is var standing
                ? Page(context, CodePage.Render(sheet, Pseudonyms.Of(sheet, student), document, standing.Comments, Tutor(context), Token(context), file, line, report: desk.Commenting.WrittenReport(sheet, student), items: desk.Items(sheet), scores: standing.Scores))
                : NotFound(context, $"Sheet '{sheet}' has no such hand-in in its latest run."));
        tutors.MapPost("/sheet/{sheet}/code/{who}/comments", async (HttpContext context, string sheet, string who) =>
        {
            if (desk.Resolve(sheet, who) is not { } student || desk.Commenting.Document(sheet, student) is not { } document)
            {
                await NotFound(context, $"Sheet '{sheet}' has no such hand-in in its latest run.");
                return;
            }

            var form = await context.Request.ReadFormAsync();
            var file = form["file"].ToString();
            var pseudonym = Pseudonyms.Of(sheet, student);
            try
            {
                if (!int.TryParse(form["line"], NumberStyles.None, CultureInfo.InvariantCulture, out var line))
                {
                    throw new ArgumentException("A line is a number.");
                }

                // The line's version the page showed (a form without one, as before it, checks nothing).
                var id = desk.Commenting.AddComment(sheet, student, file, line, form["body"].ToString(), Tutor(context), form.ContainsKey("seen") ? form["seen"].ToString() : null);
                _ = desk.Files.Request(sheet, [student]);
                context.Response.Redirect(CodePage.PathOf(sheet, pseudonym, file) + $"#c{id}");
            }
            catch (Exception e) when (e is ArgumentException or CommentLineChangedException)
            {
                // Refused: the page again with the form under the line (it now carries the line as it reads) and the comment typed kept.
                var at = int.TryParse(form["line"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
                var standing = desk.Grades.OfHandin(sheet, student);
                await Page(context, CodePage.Render(sheet, pseudonym, document, standing.Comments, Tutor(context), Token(context), file, at, e.Message, desk.Commenting.WrittenReport(sheet, student), desk.Items(sheet), form["body"].ToString(), standing.Scores),
                    e is CommentLineChangedException ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
            }
        });
        tutors.MapPost("/sheet/{sheet}/comments/{id:long}/delete", async (HttpContext context, string sheet, long id) =>
        {
            if (desk.Commenting.Comment(sheet, id) is not { } comment || !desk.Commenting.DeleteComment(sheet, id, Tutor(context)))
            {
                await NotFound(context, $"Sheet '{sheet}' has no comment {id}.");
                return;
            }

            _ = desk.Files.Request(sheet, [comment.Student]);
            context.Response.Redirect(CodePage.PathOf(sheet, Pseudonyms.Of(sheet, comment.Student), comment.File));
        });
    }
}
