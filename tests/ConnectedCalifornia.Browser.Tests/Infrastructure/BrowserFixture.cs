using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// One running app and one headless Chromium, shared by the tests of a class. When no Chromium is
/// configured it starts nothing, and each test's <see cref="TestEnvironment.RequireChromium"/> skips
/// (or fails in CI) with one clear reason.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Chromium on 2 cores is slow: every wait in these tests is this generous.</summary>
    public const float TimeoutMs = 30_000;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private BrowserAppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser: call TestEnvironment.RequireChromium() first.");

    /// <summary>
    /// The newest e-mail to <paramref name="address"/> whose subject starts so: the app has no mail server
    /// here, so it writes each message as an .eml file into its data directory (the embedded default).
    /// </summary>
    public async Task<MimeKit.MimeMessage> MailToAsync(string address, string subjectStartsWith)
    {
        var directory = Path.Combine(_app!.DataDirectory, "mail");
        for (var waited = 0; waited < 30_000; waited += 250)
        {
            var found = System.IO.Directory.Exists(directory)
                ? System.IO.Directory.GetFiles(directory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
                    .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && (m.Subject ?? string.Empty).StartsWith(subjectStartsWith, StringComparison.Ordinal))
                    .MaxBy(m => m.Date)
                : null;
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No e-mail '{subjectStartsWith}…' to {address} arrived.");
    }

    /// <summary>The app path of the first link in a message that starts with <paramref name="pathPrefix"/>.</summary>
    public static string LinkIn(MimeKit.MimeMessage message, string pathPrefix)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? string.Empty, "https?://[^/\\s]+(" + System.Text.RegularExpressions.Regex.Escape(pathPrefix) + "[^\\s]*)");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"'{message.Subject}' has no link to {pathPrefix}.");
    }

    public async Task InitializeAsync()
    {
        if (TestEnvironment.ChromiumPath is not { } chromium)
        {
            return;
        }

        _app = CreateApp();
        BaseAddress = _app.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = TimeoutMs,
        });
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
    }

    /// <summary>The app this fixture serves: the seeded Development demo unless a derived fixture says otherwise.</summary>
    protected virtual BrowserAppFactory CreateApp() => new();

    /// <summary>A fresh browser context (own cookies) with the app as its base URL.</summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "America/Los_Angeles",
        });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        return context;
    }

    /// <summary>A fresh context signed in (through the sign-in form) as this person; its first page is on the home page.</summary>
    public async Task<IBrowserContext> SignedInContextAsync(string email, ViewportSize? viewport = null)
    {
        var context = await NewContextAsync(viewport);
        await SignInAsync(await context.NewPageAsync(), email);
        return context;
    }

    /// <summary>Makes the context read the app in Spanish, as the language switch does (its culture cookie).</summary>
    public async Task UseSpanishAsync(IBrowserContext context) =>
        await context.AddCookiesAsync([new Cookie { Name = ".cc.culture", Value = "c%3Des%7Cuic%3Des", Url = BaseAddress.ToString() }]);

    /// <summary>Signs in through the real sign-in form as a demo user and waits for the home page.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoNetworkData.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
