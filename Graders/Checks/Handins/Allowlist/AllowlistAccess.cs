namespace Grader.Checks.Handins.Allowlist;

/// <summary>What an <see cref="AllowlistEntry"/> lets a hand-in do with the names under its prefix.</summary>
public enum AllowlistAccess
{
    /// <summary>Everything under the prefix may be used (unless a longer entry says otherwise).</summary>
    Allowed,

    /// <summary>Nothing under the prefix may be used (unless a longer entry says otherwise).</summary>
    Denied,

    /// <summary>
    /// The type itself may be named (declared, compared, passed on), but its members and nested types are refused
    /// unless a longer entry allows them — e.g. <c>System.Type</c>: <c>typeof(T) == x.GetType()</c> is fine,
    /// <c>GetMethod</c> is reflection.
    /// </summary>
    NameOnly,
}
