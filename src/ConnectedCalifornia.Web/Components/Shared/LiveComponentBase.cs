using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Components;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// A component that follows live topics: it subscribes through this node's bridge, handles each
/// announcement on its own render thread (InvokeAsync), reports failures to the error boundary
/// (DispatchExceptionAsync), and unsubscribes when it goes away. When its circuit's connection comes back
/// after being lost, it reads from the durable journal every announcement of its topics after the last one it
/// handled and handles those it had not (the same catch-up a hub client gets from <c>JoinAfter</c>).
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private IDisposable? _reconnected;
    private IReadOnlyList<string> _topics = [];
    private long _lastCursor;

    [Inject]
    private LiveUpdateBridge Bridge { get; set; } = default!;

    [Inject]
    private LiveCircuitHandler Circuit { get; set; } = default!;

    /// <summary>
    /// Starts (or restarts) following these topics. Announcements arrive on the bridge's threads, which carry
    /// no reader's language: each is handled in the culture the page was rendered in (captured here, on the
    /// circuit), so a page read in Spanish stays in Spanish when a live update renders it again.
    /// </summary>
    protected void Follow(IEnumerable<string> topics)
    {
        _subscription?.Dispose();
        _topics = [.. topics];
        _lastCursor = Math.Max(_lastCursor, Bridge.DeliveredThrough);
        var culture = PageCulture.Current;
        _subscription = Bridge.Subscribe(_topics, message => InvokeAsync(culture.Wrap(() => HandleAsync(message))));
        _reconnected ??= Circuit.OnReconnected(() => InvokeAsync(culture.Wrap(CatchUpAsync)));
    }

    protected abstract Task OnAnnouncementAsync(AnnouncementMessage message);

    private async Task HandleAsync(AnnouncementMessage message)
    {
        if (message.Cursor != 0)
        {
            if (message.Cursor <= _lastCursor)
            {
                return;
            }

            _lastCursor = message.Cursor;
        }

        try
        {
            await OnAnnouncementAsync(message);
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Handles, in order, what the journal holds for the followed topics after the last cursor handled.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            var after = _lastCursor;
            var missed = new List<AnnouncementMessage>();
            foreach (var topic in _topics)
            {
                missed.AddRange((await Bridge.JournalAfterAsync(topic, after, NetworkHub.MaxCatchUp)).Recent);
            }

            foreach (var message in missed.OrderBy(m => m.Cursor))
            {
                await HandleAsync(message);
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _reconnected?.Dispose();
        GC.SuppressFinalize(this);
    }
}
