using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>The bed board's settings are checked at start, each wrong one named.</summary>
public sealed class CapacityOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_write_the_index_at_most_once_a_second_for_counts()
    {
        var options = Resolve(_ => { });

        Assert.Equal(TimeSpan.FromSeconds(1), options.IndexWriteInterval);
        Assert.Equal(TimeSpan.FromHours(12), options.StaleAfter);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:02:00")]
    public void An_index_write_interval_out_of_range_is_refused_by_name(string interval)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.IndexWriteInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("Capacity:IndexWriteInterval must be between 00:00:00 and 00:01:00", failure.Message, StringComparison.Ordinal);
    }

    private static CapacityOptions Resolve(Action<CapacityOptions> configure)
    {
        var services = new ServiceCollection().AddNetworkGrainServices();
        services.Configure(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CapacityOptions>>().Value;
    }
}
