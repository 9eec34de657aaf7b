using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Components;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// A component that follows live topics: it subscribes through this node's bridge, handles each
/// announcement on its own render thread (InvokeAsync), reports failures to the error boundary
/// (DispatchExceptionAsync), and unsubscribes when it goes away. When its circuit's connection comes back
/// after being lost, it reads from the durable journal every announcement of its topics after the last one it
/// handled and handles those it had not (the same catch-up a hub client gets from <c>JoinAfter</c>).
/// When that answer is incomplete (the component was away too long, missed too many, or a gap was recorded), or
/// when a gap arrives live (<see cref="AnnouncementMessage.IsGap"/>: announcements were lost), it calls
/// <see cref="ReloadStateAsync"/> instead: the page reads again what it shows.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private IDisposable? _reconnected;
    private IReadOnlyList<string> _topics = [];
    private long _lastCursor;
    private long _loadFrom = -1;

    [Inject]
    private LiveUpdateBridge Bridge { get; set; } = default!;

    [Inject]
    private LiveCircuitHandler Circuit { get; set; } = default!;

    /// <summary>
    /// Starts (or restarts) following these topics. Announcements arrive on the bridge's threads, which carry
    /// no reader's language: each is handled in the culture the page was rendered in (captured here, on the
    /// circuit), so a page read in Spanish stays in Spanish when a live update renders it again.
    /// </summary>
    /// <remarks>
    /// A page reads what it shows, then follows: an announcement fanned out in between would be lost. So what
    /// the node fanned out since the read began (<see cref="SetParametersAsync"/>, an announcement or a reload)
    /// on a topic not followed before is handled right after, from the node's recent messages.
    /// </remarks>
    protected void Follow(IEnumerable<string> topics)
    {
        _subscription?.Dispose();
        var before = _topics;
        _topics = [.. topics];
        var from = _loadFrom >= 0 ? _loadFrom : Bridge.DeliveredThrough;
        var culture = PageCulture.Current;
        Func<AnnouncementMessage, Task> handle = message => InvokeAsync(culture.Wrap(() => HandleAsync(message)));
        _subscription = Bridge.Subscribe(_topics, handle);
        _reconnected ??= Circuit.OnReconnected(() => InvokeAsync(culture.Wrap(CatchUpAsync)));
        var missed = _topics.Except(before, StringComparer.Ordinal)
            .SelectMany(topic => Bridge.Recent(topic))
            .Where(m => m.Cursor > from && m.Cursor > _lastCursor)
            .DistinctBy(m => m.Cursor)
            .OrderBy(m => m.Cursor)
            .ToList();
        _lastCursor = Math.Max(_lastCursor, from);
        if (missed.Count > 0)
        {
            // After this render step, in order, like any announcement (never inside the load that called Follow).
            _ = Task.Run(async () =>
            {
                foreach (var message in missed)
                {
                    await handle(message);
                }
            });
        }
    }

    /// <summary>Notes how far this node had fanned out before the page reads what it shows (see <see cref="Follow"/>).</summary>
    public override Task SetParametersAsync(ParameterView parameters)
    {
        _loadFrom = Bridge.DeliveredThrough;
        return base.SetParametersAsync(parameters);
    }

    protected abstract Task OnAnnouncementAsync(AnnouncementMessage message);

    /// <summary>
    /// Reads again everything the component shows (each page calls its own load method): called, on the render
    /// thread, when announcements may have been missed, so no single announcement can tell what changed.
    /// </summary>
    protected abstract Task ReloadStateAsync();

    private async Task HandleAsync(AnnouncementMessage message)
    {
        if (message.IsGap())
        {
            if (message.Cursor > _lastCursor)
            {
                await ReloadThroughAsync(Math.Max(message.Cursor, Bridge.DeliveredThrough));
            }

            return;
        }

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
            _loadFrom = Math.Max(_loadFrom, Bridge.DeliveredThrough);
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
            var through = Bridge.DeliveredThrough;
            var missed = new List<AnnouncementMessage>();
            foreach (var topic in _topics)
            {
                var answer = await Bridge.JournalAfterAsync(topic, after, NetworkHub.MaxCatchUp);
                if (!answer.Complete)
                {
                    // Not everything missed is there to replay: read the page again instead.
                    await ReloadThroughAsync(through);
                    return;
                }

                missed.AddRange(answer.Recent);
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

    /// <summary>
    /// Reloads the page; what the bridge had fanned out through <paramref name="through"/> before the reload is in what
    /// it read, so those cursors are not handled again when they arrive.
    /// </summary>
    private async Task ReloadThroughAsync(long through)
    {
        try
        {
            _loadFrom = Math.Max(_loadFrom, through);
            await ReloadStateAsync();
            _lastCursor = Math.Max(_lastCursor, through);
            StateHasChanged();
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
