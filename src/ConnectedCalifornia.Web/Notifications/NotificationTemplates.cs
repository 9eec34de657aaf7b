using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>Finds the template of a kind among the features' <see cref="INotificationTemplates"/>.</summary>
public sealed class NotificationRenderer
{
    private readonly Dictionary<string, INotificationTemplates> _byKind = new(StringComparer.Ordinal);

    public NotificationRenderer(IEnumerable<INotificationTemplates> templates)
    {
        foreach (var feature in templates)
        {
            foreach (var kind in feature.Kinds)
            {
                if (!_byKind.TryAdd(kind, feature))
                {
                    throw new InvalidOperationException($"Two templates render notifications of kind '{kind}'.");
                }
            }
        }
    }

    /// <summary>The kinds that have a template.</summary>
    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    /// <summary>The content for one recipient; null when the kind has no template or there is nothing to say any more.</summary>
    public Task<NotificationContent?> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken) =>
        _byKind.TryGetValue(notification.Kind, out var feature)
            ? feature.RenderAsync(notification, recipient, cancellationToken)
            : Task.FromResult<NotificationContent?>(null);
}

/// <summary>Small helpers every template uses, so messages read alike.</summary>
public static class NotificationText
{
    /// <summary>"Hello Maria," ("Hola, Maria:") or "Hello," ("Hola:") for a nameless recipient.</summary>
    public static string Greeting(NotificationRecipient recipient) =>
        string.IsNullOrWhiteSpace(recipient.Name) || recipient.Name.Contains('@', StringComparison.Ordinal)
            ? recipient.Say("Hello,", "Hola:")
            : recipient.Say($"Hello {recipient.Name},", $"Hola, {recipient.Name}:");

    /// <summary>
    /// A fact's time (ISO 8601) in Pacific time in the language of the message being written (the delivery
    /// loop sets the culture to the recipient's), e.g. "Mar 4, 2027, 9:00 AM PT" or "4 de marzo de 2027,
    /// 9:00 a. m. PT"; empty when missing.
    /// </summary>
    public static string Time(Notification notification, string fact) =>
        DateTimeOffset.TryParse(notification.Fact(fact), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? Time(at)
            : string.Empty;

    /// <summary>A time in Pacific time in the language of the message being written (see <see cref="InLanguage"/>).</summary>
    public static string Time(DateTimeOffset at) =>
        Components.Shared.Pacific.Format(at, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>
    /// Work every recipient's message of one notification shares (an event's <c>.ics</c>, a task force's
    /// name), done once per notification however many people it goes to: kept with the notification object
    /// the delivery loop is expanding (a later expansion reads it afresh). Only for what does not depend on
    /// the recipient or their language.
    /// </summary>
    public static Task<T> Shared<T>(Notification notification, string key, Func<Task<T>> work) =>
        (Task<T>)SharedWork.GetOrCreateValue(notification).GetOrAdd(key, _ => work());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Notification, System.Collections.Concurrent.ConcurrentDictionary<string, object>> SharedWork = new();

    /// <summary>Writes in <paramref name="language"/> (times, numbers) until disposed: the delivery loop wraps each recipient's message in it.</summary>
    public static IDisposable InLanguage(string language)
    {
        var (culture, uiCulture) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        var chosen = System.Globalization.CultureInfo.GetCultureInfo(language == "es" ? "es" : "en");
        System.Globalization.CultureInfo.CurrentCulture = chosen;
        System.Globalization.CultureInfo.CurrentUICulture = chosen;
        return new Restore(() =>
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
