using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>The reminder sweep is registered like the other per-silo sweeps: once, however often the services are added.</summary>
public sealed class CalendarGrainServicesTests
{
    [Fact]
    public void Adding_the_calendar_services_twice_registers_one_reminder_sweep_in_the_silo_lifecycle()
    {
        var services = new ServiceCollection();
        services.AddCalendarGrainServices();
        services.AddCalendarGrainServices();

        // Each lifecycle registration of the sweep starts its own loop: two would send every reminder check twice.
        Assert.Single(services, d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>));
        Assert.Single(services, d => d.ServiceType == typeof(EventReminderSweeper));
    }
}
