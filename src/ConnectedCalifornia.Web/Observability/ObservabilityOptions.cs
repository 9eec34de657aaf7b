namespace ConnectedCalifornia.Web.Observability;

/// <summary>Settings under <c>ConnectedCalifornia:Observability</c> (docs/operations.md, "Metrics and traces").</summary>
public sealed class ObservabilityOptions
{
    public const string Section = ConnectedCalifornia.Hosting.NetworkTelemetry.Section;

    /// <summary>Serve <c>/metrics</c> in the Prometheus text format (on by default; only to private addresses or with <see cref="MetricsToken"/>).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>An OTLP collector (e.g. "http://otel-collector:4317"); when set, traces and metrics are also sent there.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// A bearer token that lets a scraper outside the private networks read <c>/metrics</c>
    /// (<c>Authorization: Bearer …</c>). Empty: only loopback and private addresses may.
    /// </summary>
    public string? MetricsToken { get; set; }
}
