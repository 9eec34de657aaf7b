namespace ConnectedCalifornia.Testing;

/// <summary>
/// The one way tests wait for something that becomes true through an asynchronous path (an announcement,
/// a delivery loop, a write-behind): poll the condition, fail with what was awaited after a timeout.
/// </summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 15, string? what = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (!await condition())
        {
            try
            {
                await Task.Delay(25, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{what ?? "The condition"} did not become true within {timeoutSeconds} s.");
            }
        }
    }

    public static Task TrueAsync(Func<bool> condition, int timeoutSeconds = 15, string? what = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeoutSeconds, what);
}
