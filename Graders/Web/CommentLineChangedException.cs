namespace Grader.Web;

/// <summary>
/// A comment refused because its line reads differently now than on the page the tutor commented from (a run recorded
/// since): the write carried the version it read (<see cref="DeskComments.LineStamp"/>), and nothing was stored.
/// </summary>
public sealed class CommentLineChangedException(string message) : Exception(message);
