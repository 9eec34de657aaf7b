using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>The .NET hub client's reconnect policy: the app's one schedule (<see cref="ReconnectSchedule"/>), retrying for ever.</summary>
public sealed class HubReconnectPolicy : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => ReconnectSchedule.Next(retryContext.PreviousRetryCount);
}
