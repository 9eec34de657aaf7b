using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// Safe retries of API commands. A command (POST, PUT, PATCH or DELETE under <c>/api</c>) sent with an
/// <c>Idempotency-Key</c> header is applied once per person and key for a day: the first answer is stored, and
/// the same request again gets that answer back (header <c>Idempotency-Replayed: true</c>) and changes nothing.
/// The same key with another request answers 422; while the first is still running a duplicate waits a few
/// seconds for its answer, then answers 409. Answers that depend on the moment (5xx, 401, 403, 408, 409, 429)
/// are not stored, so trying again after them runs the command again. Applied once, to every command
/// endpoint, after authentication and authorization.
/// </summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";

    public const string ReplayedHeaderName = "Idempotency-Replayed";

    /// <summary>How long an answer is kept for retries.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A first request still marked running after this long died with its node; a retry may run it again.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(45);

    /// <summary>How long a duplicate waits for the first request's answer before it answers 409.</summary>
    public static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddNetworkIdempotency(this IServiceCollection services) =>
        services.AddSingleton<IdempotencyStore>();

    public static IApplicationBuilder UseNetworkIdempotency(this IApplicationBuilder app) =>
        app.UseWhen(IsCommand, command => command.UseMiddleware<IdempotencyMiddleware>());

    private static bool IsCommand(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        && (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method))
        && http.Request.Headers.ContainsKey(HeaderName);

    /// <summary>A key is 1–200 visible ASCII characters (a UUID is the usual choice).</summary>
    internal static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 200 && key.All(c => c is > ' ' and < (char)127);

    /// <summary>Whether an answer is the command's own outcome (kept) or an accident of the moment (not kept).</summary>
    internal static bool IsKept(int status) =>
        status is >= 200 and < 500 and not (401 or 403 or 408 or 409 or 429);
}

/// <summary>One stored answer (or a request still running when <see cref="Status"/> is null).</summary>
internal sealed record IdempotencyRecord(string Endpoint, string RequestHash, int? Status, string? ContentType, string? Location, byte[]? Body, DateTimeOffset CreatedAt);

internal sealed partial class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        if (!Idempotency.IsValidKey(key))
        {
            await Results.ValidationProblem(
                new Dictionary<string, string[]> { [Idempotency.HeaderName] = ["The Idempotency-Key header must be 1 to 200 visible characters, such as a UUID."] },
                title: "The request was not accepted; nothing was changed.").ExecuteAsync(http);
            return;
        }

        var actor = http.User.UserId() ?? "anonymous";
        var endpoint = $"{http.Request.Method} {http.Request.Path}";
        var hash = await HashAsync(http.Request);

        var deadline = clock.GetUtcNow() + Idempotency.WaitForFirst;
        while (true)
        {
            var now = clock.GetUtcNow();
            var existing = await store.BeginAsync(actor, key, endpoint, hash, now);
            if (existing is null)
            {
                await RunAndKeepAsync(http, actor, key);
                return;
            }

            if (existing.Endpoint != endpoint || existing.RequestHash != hash)
            {
                await Results.Problem(
                    title: "This Idempotency-Key was used for another request; nothing was changed.",
                    detail: "Send a new key for a new command. A key may be reused only to repeat the very same request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity).ExecuteAsync(http);
                return;
            }

            if (existing.Status is { } status)
            {
                LogReplayed(logger, endpoint, status);
                http.Response.StatusCode = status;
                http.Response.Headers[Idempotency.ReplayedHeaderName] = "true";
                if (existing.ContentType is not null)
                {
                    http.Response.ContentType = existing.ContentType;
                }

                if (existing.Location is not null)
                {
                    http.Response.Headers.Location = existing.Location;
                }

                if (existing.Body is { Length: > 0 } body)
                {
                    await http.Response.Body.WriteAsync(body, http.RequestAborted);
                }

                return;
            }

            // The first request is still running: its node died if it has run too long, so this one takes over.
            if (now - existing.CreatedAt > Idempotency.AbandonedAfter && await store.TakeOverAsync(actor, key, existing.CreatedAt, now))
            {
                await RunAndKeepAsync(http, actor, key);
                return;
            }

            if (now >= deadline)
            {
                http.Response.Headers.RetryAfter = "1";
                await Results.Problem(
                    title: "The same command is still being applied.",
                    detail: "A request with this Idempotency-Key has not finished yet. Try again in a second to get its answer.",
                    statusCode: StatusCodes.Status409Conflict).ExecuteAsync(http);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), http.RequestAborted);
        }
    }

    private async Task RunAndKeepAsync(HttpContext http, string actor, string key)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(http);
            var status = http.Response.StatusCode;
            if (Idempotency.IsKept(status))
            {
                var location = http.Response.Headers.Location.ToString();
                await store.CompleteAsync(actor, key, status, http.Response.ContentType, string.IsNullOrEmpty(location) ? null : location, buffer.ToArray());
                kept = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!kept)
            {
                // Nothing kept (a failure, or an answer of the moment): the next try runs the command again.
                await store.ForgetAsync(actor, key);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>SHA-256 of the method, path, query and body: "the same request".</summary>
    private static async Task<string> HashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hasher.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hasher.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a repeated command {Endpoint} with its first answer ({Status})")]
    private static partial void LogReplayed(ILogger logger, string endpoint, int status);
}

/// <summary>The answers, in table <c>cc_idempotency_key</c> of the network's database (so every node sees them).</summary>
internal sealed class IdempotencyStore(NetworkDatabase database)
{
    private static readonly TimeSpan CleanEvery = TimeSpan.FromMinutes(10);
    private long _nextCleaning;

    /// <summary>Marks the key as running and returns null; or returns what is stored under it (a finished answer or a running request).</summary>
    public async Task<IdempotencyRecord?> BeginAsync(string actor, string key, string endpoint, string hash, DateTimeOffset now)
    {
        await CleanIfDueAsync(now);
        await using var connection = await database.OpenAsync();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using (var insert = Command(connection,
                "INSERT INTO cc_idempotency_key (actor, idempotency_key, endpoint, request_hash, created_at, expires_at) VALUES (@actor, @key, @endpoint, @hash, @now, @expires) ON CONFLICT (actor, idempotency_key) DO NOTHING",
                ("@actor", actor), ("@key", key), ("@endpoint", endpoint), ("@hash", hash), ("@now", Time(now)), ("@expires", Time(now + Idempotency.Lifetime))))
            {
                if (await insert.ExecuteNonQueryAsync() == 1)
                {
                    return null;
                }
            }

            await using var select = Command(connection,
                "SELECT endpoint, request_hash, status_code, content_type, location, body, created_at, expires_at FROM cc_idempotency_key WHERE actor = @actor AND idempotency_key = @key",
                ("@actor", actor), ("@key", key));
            await using var reader = await select.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var expires = ReadTime(reader, 7);
                if (expires > now)
                {
                    return new IdempotencyRecord(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : (byte[])reader.GetValue(5),
                        ReadTime(reader, 6));
                }
            }

            await reader.DisposeAsync();

            // Expired (or gone meanwhile): remove it and try once more.
            await using var delete = Command(connection, "DELETE FROM cc_idempotency_key WHERE actor = @actor AND idempotency_key = @key AND expires_at <= @now", ("@actor", actor), ("@key", key), ("@now", Time(now)));
            await delete.ExecuteNonQueryAsync();
        }

        throw new InvalidOperationException("The idempotency key could be neither taken nor read.");
    }

    /// <summary>Takes over a request whose node died (still marked running since <paramref name="since"/>); false when another did first.</summary>
    public Task<bool> TakeOverAsync(string actor, string key, DateTimeOffset since, DateTimeOffset now) =>
        ExecuteAsync("UPDATE cc_idempotency_key SET created_at = @now WHERE actor = @actor AND idempotency_key = @key AND status_code IS NULL AND created_at = @since",
            ("@actor", actor), ("@key", key), ("@since", Time(since)), ("@now", Time(now)));

    public Task CompleteAsync(string actor, string key, int status, string? contentType, string? location, byte[] body) =>
        ExecuteAsync("UPDATE cc_idempotency_key SET status_code = @status, content_type = @type, location = @location, body = @body WHERE actor = @actor AND idempotency_key = @key",
            ("@actor", actor), ("@key", key), ("@status", status), ("@type", (object?)contentType ?? DBNull.Value), ("@location", (object?)location ?? DBNull.Value), ("@body", body));

    public Task ForgetAsync(string actor, string key) =>
        ExecuteAsync("DELETE FROM cc_idempotency_key WHERE actor = @actor AND idempotency_key = @key AND status_code IS NULL", ("@actor", actor), ("@key", key));

    private async Task CleanIfDueAsync(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextCleaning);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleaning, (now + CleanEvery).UtcTicks, due) != due)
        {
            return;
        }

        await ExecuteAsync("DELETE FROM cc_idempotency_key WHERE expires_at <= @now", ("@now", Time(now)));
    }

    private async Task<bool> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync() > 0;
    }

    private object Time(DateTimeOffset at) =>
        database.Provider == NetworkDatabaseProvider.PostgreSql ? at.ToUniversalTime() : at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        var text => DateTimeOffset.Parse((string)text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
