using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Components;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// A component that follows live topics: it subscribes through this node's bridge, handles each
/// announcement on its own render thread (InvokeAsync), reports failures to the error boundary
/// (DispatchExceptionAsync), and unsubscribes when it goes away.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject]
    private LiveUpdateBridge Bridge { get; set; } = default!;

    /// <summary>Starts (or restarts) following these topics.</summary>
    protected void Follow(IEnumerable<string> topics)
    {
        _subscription?.Dispose();
        _subscription = Bridge.Subscribe(topics, message => InvokeAsync(async () =>
        {
            try
            {
                await OnAnnouncementAsync(message);
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
    }

    protected abstract Task OnAnnouncementAsync(AnnouncementMessage message);

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
