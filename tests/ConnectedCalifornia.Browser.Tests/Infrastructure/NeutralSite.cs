using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// A stand-in for the quick exit's neutral site (a weather page) on a free loopback port: the browser
/// tests may only talk to loopback. It records every path it served.
/// </summary>
public sealed class NeutralSite : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _served = new();

    private NeutralSite()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = $"http://127.0.0.1:{port}/weather";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The one neutral site of the test run (the app's ConnectedCalifornia:QuickExitUrl).</summary>
    public static NeutralSite Shared { get; } = new();

    public string Address { get; }

    /// <summary>The paths the site has served, oldest first.</summary>
    public IReadOnlyCollection<string> Served => _served;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _served.Enqueue(context.Request.Url?.AbsolutePath ?? "/");
            var body = Encoding.UTF8.GetBytes("<!DOCTYPE html><html lang=\"en\"><head><title>Weather</title></head><body><h1>Weather</h1><p>Sunny, 72°F.</p></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
