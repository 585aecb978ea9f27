using Microsoft.Playwright;

// In the namespace above Serve and Courses, so this set-up fixture spans every browser test of the project (NUnit runs
// its tear-down after the last fixture below its namespace).
namespace Grader.Web.Tests;

/// <summary>
/// One Playwright driver and one headless chromium for every browser test of this namespace (ServeBrowserTests' two,
/// StudentSideTests, GroupCourseEndToEndTests, ManualPathEndToEndTests): each had started its own driver (a node process)
/// and its own chromium (issue 69). A test takes a <see cref="BrowserSession"/>, whose contexts (each a profile of its
/// own: cookies, storage, pages) are closed when the test ends, so nothing of one test's pages lives on into the next.
/// Closed after the last fixture of <c>Grader.Cli.Tests.*</c>.
/// </summary>
[SetUpFixture]
public sealed class SharedChromium
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>A session of the shared chromium (<paramref name="chromium"/>, launched at the first call, or again if it has gone).</summary>
    internal static async Task<BrowserSession> SessionAsync(string chromium)
    {
        await Once.WaitAsync();
        try
        {
            if (_browser is not { IsConnected: true })
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            }

            return new BrowserSession(_browser);
        }
        finally
        {
            Once.Release();
        }
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }
}
