using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// Tells the live components of one Blazor circuit that the browser's connection came back after it was lost,
/// so each catches up what it may have missed (see <c>LiveComponentBase</c>).
/// </summary>
public sealed class LiveCircuitHandler : CircuitHandler
{
    private readonly Lock _gate = new();
    private readonly List<Func<Task>> _listeners = [];
    private bool _down;

    /// <summary>Calls <paramref name="onReconnected"/> each time the circuit's connection comes back; dispose to stop.</summary>
    public IDisposable OnReconnected(Func<Task> onReconnected)
    {
        lock (_gate)
        {
            _listeners.Add(onReconnected);
        }

        return new Listener(this, onReconnected);
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _down = true;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!_down)
        {
            return;
        }

        _down = false;
        Func<Task>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            await listener();
        }
    }

    private sealed class Listener(LiveCircuitHandler owner, Func<Task> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._listeners.Remove(callback);
            }
        }
    }
}

public static class LiveCircuitExtensions
{
    /// <summary>One <see cref="LiveCircuitHandler"/> per circuit, as itself and as one of the circuit's handlers.</summary>
    public static IServiceCollection AddLiveCircuits(this IServiceCollection services)
    {
        services.TryAddScoped<LiveCircuitHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, LiveCircuitHandler>(static sp => sp.GetRequiredService<LiveCircuitHandler>()));
        return services;
    }
}
