using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>Reading the app's resources outside a request: a language for a while, and a page's localizer.</summary>
public static class TestCulture
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    /// <summary>The thread reads in <paramref name="name"/> (culture and UI culture) until the result is disposed.</summary>
    public static IDisposable Use(string name)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(name);
        return new Restore(before);
    }

    /// <summary>The localizer of a resource as pages have it injected (<c>IStringLocalizer&lt;T&gt;</c>).</summary>
    public static IStringLocalizer<T> Localizer<T>() => new StringLocalizer<T>(Factory);

    private sealed class Restore((CultureInfo Culture, CultureInfo UiCulture) before) : IDisposable
    {
        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
    }
}
