using Microsoft.Playwright;

namespace Grader.Web.Tests;

/// <summary>One test's use of the shared chromium (<see cref="SharedChromium"/>): the contexts it opens, closed when it is disposed.</summary>
internal sealed class BrowserSession(IBrowser browser) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>A new context (a fresh profile) of the shared browser, closed with this session.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options);
        _contexts.Add(context);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // The browser has gone (the test failed with it); the next session launches another.
            }
        }
    }
}
