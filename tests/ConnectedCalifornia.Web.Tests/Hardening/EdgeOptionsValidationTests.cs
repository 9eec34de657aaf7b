using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The HSDS export gate's settings are checked when the app starts: a value that cannot work stops the
/// start with an error naming the setting, instead of being quietly raised to one that does.
/// </summary>
public sealed class EdgeOptionsValidationTests
{
    [Theory]
    [InlineData("HsdsExportsAtOnce", 0, "must be at least 1")]
    [InlineData("HsdsExportsAtOnce", -3, "must be at least 1")]
    [InlineData("HsdsExportQueue", -1, "must be 0 or more")]
    [InlineData("HsdsExportRetryAfterSeconds", 0, "between 1 and 3600")]
    [InlineData("HsdsExportRetryAfterSeconds", 3601, "between 1 and 3600")]
    [InlineData("HsdsExportMinBytesPerSecond", -1, "must be 0")]
    public void RateLimit_export_settings_that_cannot_work_are_refused_by_name(string setting, int value, string expected)
    {
        var options = new EdgeOptions();
        typeof(RateLimitOptions).GetProperty(setting)!.SetValue(options.RateLimits, value);

        var result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains($"ConnectedCalifornia:Edge:RateLimits:{setting}", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void RateLimit_the_default_settings_and_the_edges_of_each_range_are_accepted()
    {
        Assert.True(new EdgeOptionsValidator().Validate(null, new EdgeOptions()).Succeeded);
        var edges = new EdgeOptions
        {
            RateLimits = new RateLimitOptions { HsdsExportsAtOnce = 1, HsdsExportQueue = 0, HsdsExportRetryAfterSeconds = 3600, HsdsExportMinBytesPerSecond = 0 },
        };
        Assert.True(new EdgeOptionsValidator().Validate(null, edges).Succeeded);
    }

    [Fact]
    public async Task RateLimit_the_app_does_not_start_with_no_export_turn()
    {
        await using var app = new NetworkAppFactory(seed: false)
            .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportsAtOnce", "0");

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Unwrap(failure).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"the start failed otherwise: {failure}");
        Assert.Contains("ConnectedCalifornia:Edge:RateLimits:HsdsExportsAtOnce must be at least 1", validation.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Unwrap(Exception exception)
    {
        yield return exception;
        var inner = new List<Exception>();
        if (exception is AggregateException aggregate)
        {
            inner.AddRange(aggregate.InnerExceptions);
        }
        else if (exception.InnerException is { } one)
        {
            inner.Add(one);
        }

        foreach (var e in inner.SelectMany(Unwrap))
        {
            yield return e;
        }
    }
}
