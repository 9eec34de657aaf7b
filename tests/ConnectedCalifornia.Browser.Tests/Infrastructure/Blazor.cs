using System.Text;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// Pages are prerendered on the server and become interactive once the Blazor circuit has applied
/// its first render. Clicks before that do nothing, so tests that interact wait for it: the browser
/// acknowledges an applied render batch by sending OnRenderCompleted on the /_blazor socket.
/// </summary>
public static class Blazor
{
    private static readonly byte[] RenderCompleted = Encoding.ASCII.GetBytes("OnRenderCompleted");

    /// <summary>Loads a page and waits until its interactive circuit has rendered.</summary>
    public static async Task<IResponse?> GotoInteractiveAsync(this IPage page, string url)
    {
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void OnSocket(object? sender, IWebSocket socket)
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                return;
            }

            socket.FrameSent += (_, frame) =>
            {
                if (IsRenderCompleted(frame))
                {
                    rendered.TrySetResult();
                }
            };
        }

        page.WebSocket += OnSocket;
        try
        {
            var response = await page.GotoAsync(url);
            await rendered.Task.WaitAsync(TimeSpan.FromMilliseconds(BrowserFixture.TimeoutMs));
            return response;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{url} did not become interactive (no Blazor render acknowledged) within {BrowserFixture.TimeoutMs / 1000} s.", ex);
        }
        finally
        {
            page.WebSocket -= OnSocket;
        }
    }

    private static bool IsRenderCompleted(IWebSocketFrame frame) =>
        frame.Text?.Contains("OnRenderCompleted", StringComparison.Ordinal) == true
        || (frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderCompleted) >= 0);
}
