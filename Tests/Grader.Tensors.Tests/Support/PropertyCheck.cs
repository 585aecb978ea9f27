namespace Grader.Tensors.Tests.Support;

/// <summary>
/// Runs an FsCheck property inside an NUnit test. A failure throws with FsCheck's report: the original and shrunk
/// arguments and the replay seed. The number of cases is kept modest (default 25) so the suite stays fast.
/// </summary>
public static class PropertyCheck
{
    public const int DefaultCases = 25;

    public static void ForAll<T>(Gen<T> gen, Action<T> body, int cases = DefaultCases) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), body));

    public static void ForAll<T>(Gen<T> gen, Func<T, bool> body, int cases = DefaultCases) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), body));
}
