namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// One row of an <see cref="ApiAllowlist"/>: a namespace, type or member prefix (e.g. <c>System.IO</c>,
/// <c>System.Math</c>, <c>System.Type.op_Equality</c>), what a hand-in may do with it, and why.
/// A prefix matches a name when it equals it or is followed in it by a dot; the longest matching prefix decides.
/// Type names are written without generic arity (<c>System.Collections.Generic.List</c>), nested types with a dot.
/// </summary>
/// <param name="Prefix">The namespace, type or member, fully qualified, without <c>global::</c>.</param>
/// <param name="Access">Allowed, denied, or the type's name only.</param>
/// <param name="Reason">
/// Why. For a refusal this is the category that ends the student's error message ("… which hand-ins may not use:
/// file I/O"); for a <see cref="AllowlistAccess.NameOnly"/> entry it is the reason its members are refused.
/// </param>
public sealed record AllowlistEntry(string Prefix, AllowlistAccess Access, string Reason)
{
    /// <summary>An entry allowing everything under <paramref name="prefix"/>.</summary>
    public static AllowlistEntry Allow(string prefix, string reason) => new(prefix, AllowlistAccess.Allowed, reason);

    /// <summary>An entry refusing everything under <paramref name="prefix"/>.</summary>
    public static AllowlistEntry Deny(string prefix, string reason) => new(prefix, AllowlistAccess.Denied, reason);

    /// <summary>An entry allowing the type <paramref name="prefix"/> to be named but refusing its members.</summary>
    public static AllowlistEntry NameOnly(string prefix, string membersReason) => new(prefix, AllowlistAccess.NameOnly, membersReason);

    /// <summary>"Denied System.IO: file I/O".</summary>
    public override string ToString() => $"{Access} {Prefix}: {Reason}";
}
