namespace Grader.Semester;

/// <summary>One inline comment as the gradebook keeps it (<see cref="CommentStore.AddComment"/>): its anchor (file, line, the line's text then), the comment, who wrote it and when.</summary>
public sealed record StoredComment(long Id, string Sheet, string Student, string File, int Line, string LineText, string Body, string Tutor, string Entered)
{
    /// <summary>The comment placed on the hand-in's file as it is now (<paramref name="lines"/>; null when the file is gone).</summary>
    public InlineComment Place(IReadOnlyList<string>? lines) => InlineComment.Place(File, Line, LineText, Body, lines);
}
