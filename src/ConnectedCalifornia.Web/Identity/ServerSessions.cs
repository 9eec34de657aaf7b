using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.TaskForces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>Settings of sign-in sessions, under <c>ConnectedCalifornia:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "ConnectedCalifornia:Sessions";

    /// <summary>How long a sign-in lasts at most.</summary>
    public int LifetimeHours { get; set; } = 12;

    /// <summary>
    /// Idle timeout of system admins, curators, law-enforcement and prosecution staff and task-force
    /// leads (CJIS asks for at most 30 minutes); their sign-in is never "kept" on the device.
    /// </summary>
    public int PrivilegedIdleMinutes { get; set; } = 30;

    /// <summary>Idle timeout of everybody else.</summary>
    public int IdleMinutes { get; set; } = 12 * 60;
}

/// <summary>
/// Who counts as privileged for sessions: the network-wide roles, members of law-enforcement or
/// prosecution agencies, and task-force leads. Read from the account's roles and its memberships.
/// </summary>
public sealed class PrivilegedAccounts(IGrainFactory grains)
{
    public async Task<bool> IsPrivilegedAsync(string userId, IEnumerable<string> roles)
    {
        if (roles.Any(r => r is NetworkRoles.SystemAdmin or NetworkRoles.Curator))
        {
            return true;
        }

        var access = await grains.GetGrain<IUserAccessGrain>(userId).Get();
        if (access.TaskForces.Values.Any(r => r == TaskForceRole.Lead))
        {
            return true;
        }

        var organizations = await Task.WhenAll(access.Organizations.Keys.Select(id => grains.GetGrain<IOrganizationGrain>(id).GetDetails()));
        return organizations.Any(o => o?.Profile.Kind is OrganizationKind.LawEnforcement or OrganizationKind.Prosecution);
    }

    public Task<bool> IsPrivilegedAsync(ClaimsPrincipal user) =>
        user.UserId() is { } id ? IsPrivilegedAsync(id, user.FindAll(user.Identities.FirstOrDefault()?.RoleClaimType ?? ClaimTypes.Role).Select(c => c.Value)) : Task.FromResult(false);
}

/// <summary>
/// Keeps sign-ins on the server (the cookie holds only a random session id), in the network's own
/// database so every node sees the same sessions. Signing out deletes the session, so a copied cookie
/// is refused at once; a session unused for longer than its idle timeout ends by itself.
/// </summary>
public sealed class ServerSessionStore(
    NetworkDatabase database,
    IDataProtectionProvider protection,
    PrivilegedAccounts privileged,
    IOptions<SessionOptions> options,
    [FromKeyedServices(ServerSessionStore.ClockKey)] TimeProvider clock) : ITicketStore
{
    /// <summary>The clock of sessions (the system's; tests of the idle timeout set their own).</summary>
    public const string ClockKey = "cc:sessions-clock";

    /// <summary>A session's last use is written at most this often (reading a page is not a write each time).</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private const string IdleClaim = "cc:idle";

    private readonly IDataProtector _protector = protection.CreateProtector("ConnectedCalifornia.SignInSessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var now = clock.GetUtcNow();
        await MarkIdleAsync(ticket);

        // Sessions that ended without a sign-out (expired, or idle and never asked for again) go when someone signs in.
        await ExecuteAsync("DELETE FROM cc_sign_in_session WHERE expires_at < @now", ("@now", Time(now)));
        await ExecuteAsync(
            "INSERT INTO cc_sign_in_session (session_id, user_id, expires_at, last_seen_at, ticket) VALUES (@id, @user, @expires, @seen, @ticket)",
            ("@id", id), ("@user", ticket.Principal.UserId() ?? string.Empty), ("@expires", Time(Expires(ticket, now))), ("@seen", Time(now)), ("@ticket", Protect(ticket)));
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // A renewed ticket may carry a fresh principal (the security-stamp check rebuilds it): decide its idle timeout again.
        await MarkIdleAsync(ticket);
        await ExecuteAsync(
            "UPDATE cc_sign_in_session SET expires_at = @expires, last_seen_at = @seen, ticket = @ticket WHERE session_id = @id",
            ("@id", key), ("@expires", Time(Expires(ticket, clock.GetUtcNow()))), ("@seen", Time(clock.GetUtcNow())), ("@ticket", Protect(ticket)));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, "SELECT expires_at, last_seen_at, ticket FROM cc_sign_in_session WHERE session_id = @id", ("@id", key));
        DateTimeOffset expires, seen;
        byte[] protectedTicket;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                return null;
            }

            expires = ReadTime(reader, 0);
            seen = ReadTime(reader, 1);
            protectedTicket = (byte[])reader.GetValue(2);
        }

        var ticket = Unprotect(protectedTicket);
        var now = clock.GetUtcNow();
        if (ticket is null || now >= expires || now - seen > IdleTimeout(ticket))
        {
            await RemoveAsync(key);
            return null;
        }

        if (now - seen >= TouchEvery)
        {
            await ExecuteAsync("UPDATE cc_sign_in_session SET last_seen_at = @seen WHERE session_id = @id", ("@id", key), ("@seen", Time(now)));
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => ExecuteAsync("DELETE FROM cc_sign_in_session WHERE session_id = @id", ("@id", key));

    /// <summary>Ends every session of a person (sign out everywhere, a password change, an account removed).</summary>
    public Task RemoveAllAsync(string userId) => ExecuteAsync("DELETE FROM cc_sign_in_session WHERE user_id = @user", ("@user", userId));

    /// <summary>The idle timeout is decided when the person signs in and travels with the session.</summary>
    private async Task MarkIdleAsync(AuthenticationTicket ticket)
    {
        if (ticket.Principal.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == IdleClaim))
        {
            return;
        }

        var minutes = await privileged.IsPrivilegedAsync(ticket.Principal) ? options.Value.PrivilegedIdleMinutes : options.Value.IdleMinutes;
        identity.AddClaim(new Claim(IdleClaim, minutes.ToString(CultureInfo.InvariantCulture)));
    }

    private TimeSpan IdleTimeout(AuthenticationTicket ticket) =>
        int.TryParse(ticket.Principal.FindFirst(IdleClaim)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : TimeSpan.FromMinutes(options.Value.PrivilegedIdleMinutes);

    private DateTimeOffset Expires(AuthenticationTicket ticket, DateTimeOffset now) =>
        ticket.Properties.ExpiresUtc ?? now.AddHours(options.Value.LifetimeHours);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] bytes)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private object Time(DateTimeOffset at) =>
        database.Provider == NetworkDatabaseProvider.PostgreSql ? at.ToUniversalTime() : at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        var text => DateTimeOffset.Parse((string)text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

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

/// <summary>Wires the server-side sessions into the application cookie.</summary>
public sealed class ServerSessionCookieSetup(ServerSessionStore store, IOptions<SessionOptions> sessions) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name != Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
        {
            return;
        }

        options.SessionStore = store;
        options.ExpireTimeSpan = TimeSpan.FromHours(sessions.Value.LifetimeHours);
    }
}
