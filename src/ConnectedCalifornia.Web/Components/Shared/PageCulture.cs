using System.Globalization;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// The language a page renders in, captured on its circuit. Work that reaches a component from another thread
/// (a live announcement, an index change, a timer) carries that thread's culture, not the reader's: run it
/// through <see cref="Wrap"/> so a page read in Spanish stays in Spanish when it renders again.
/// </summary>
public readonly record struct PageCulture(CultureInfo Culture, CultureInfo UiCulture)
{
    /// <summary>The culture of the code running now (call it while rendering or initializing, on the circuit).</summary>
    public static PageCulture Current => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    /// <summary>The same work, run in this culture.</summary>
    public Func<Task> Wrap(Func<Task> work)
    {
        var (culture, uiCulture) = (Culture, UiCulture);
        return () =>
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
            return work();
        };
    }
}
