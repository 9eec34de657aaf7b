namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>Waits for a condition that becomes true through an asynchronous path (an announcement), with a timeout.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 15)
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
                Assert.Fail($"The condition did not become true within {timeoutSeconds} s.");
            }
        }
    }
}
