namespace Grader.Tensors;

/// <summary>
/// Whether ops record the graph. Per thread, like PyTorch's grad mode; changed only through the disposable scopes
/// <c>torch.no_grad()</c> and <c>torch.enable_grad()</c>, which restore the previous mode when disposed.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    public static bool IsEnabled => !_disabled;

    internal static Scope Set(bool enabled)
    {
        var previous = !_disabled;
        _disabled = !enabled;
        return new Scope(previous);
    }

    /// <summary>Restores the grad mode that was in force when it was created.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previous;
        internal Scope(bool previous) => _previous = previous;
        public void Dispose() => _disabled = !_previous;
    }
}
