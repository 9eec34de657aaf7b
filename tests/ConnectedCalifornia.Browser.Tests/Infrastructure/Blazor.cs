using System.Text;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// Pages are prerendered on the server and become interactive once the Blazor circuit has applied
/// its first render. Clicks before that do nothing, so tests that interact wait for it: the browser
/// acknowledges an applied render batch by sending OnRenderCompleted on the /_blazor socket, and the
/// layout's main element says data-interactive="true" once the interactive render has replaced the
/// prerendered one.
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

            // The first acknowledged batch may be another root component's (the head outlet); text typed
            // into the prerendered page before the circuit replaces it is lost. The layout marks the
            // page once it is the interactive one.
            await page.Locator("main[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = BrowserFixture.TimeoutMs });
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

    /// <summary>
    /// Chooses files in a Blazor InputFile. The component wires its change listener from the server after
    /// its first render (a JS interop call of its own), so files set before that are never reported: wait
    /// until the element carries the listener's marker, then set them.
    /// </summary>
    public static async Task SetBlazorInputFilesAsync(this ILocator input, FilePayload file)
    {
        await input.Page.WaitForFunctionAsync(
            "el => el !== null && el._blazorInputFileNextFileId !== undefined",
            await input.ElementHandleAsync(),
            new() { Timeout = BrowserFixture.TimeoutMs });
        await input.SetInputFilesAsync(file);
    }

    private static bool IsRenderCompleted(IWebSocketFrame frame) =>
        frame.Text?.Contains("OnRenderCompleted", StringComparison.Ordinal) == true
        || (frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderCompleted) >= 0);
}
