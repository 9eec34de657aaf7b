using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// Seeds the demo network on start when <c>ConnectedCalifornia:SeedDemoNetwork</c> is on: it
/// creates whatever of <see cref="DemoNetworkData"/> is missing, so the first start builds it all
/// and every later start finds it there and changes nothing.
/// </summary>
public sealed partial class DemoNetworkSeeder(
    IServiceScopeFactory scopes,
    IGrainFactory grains,
    IOptions<NetworkWebOptions> options,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    ILogger<DemoNetworkSeeder> logger) : IHostedService
{
    /// <summary>Who the demo network's changes are recorded as, so nobody mistakes them for real activity.</summary>
    public static Actor DemoActor { get; } = new("demo-seed", "Demo data");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoNetwork)
        {
            return;
        }

        // The demo's sign-ins share one published password: never outside Development.
        if (!environment.IsDevelopment())
        {
            LogDemoRefused(logger, environment.EnvironmentName);
            return;
        }

        var created = 0;
        foreach (var org in DemoNetworkData.Organizations)
        {
            var grain = grains.GetGrain<IOrganizationGrain>(org.Key);
            if (await grain.GetDetails() is not null)
            {
                continue;
            }

            Ensure(await grain.Create(org.Profile, DemoActor), org.Key);
            if (org.Verified)
            {
                Ensure(await grain.SetVerification(VerificationStatus.Verified, DemoActor), org.Key);
            }

            created++;
        }

        foreach (var taskForce in DemoNetworkData.TaskForces)
        {
            var grain = grains.GetGrain<ITaskForceGrain>(taskForce.Key);
            if (await grain.GetDetails() is not null)
            {
                continue;
            }

            Ensure(await grain.Create(taskForce.Profile, DemoActor), taskForce.Key);
            foreach (var member in taskForce.Organizations)
            {
                Ensure(await grain.AddOrganization(member, "A founding member of the demo network", DemoActor), taskForce.Key);
            }

            foreach (var invitation in taskForce.Invitations)
            {
                Ensure(await grain.InviteOrganization(invitation, DemoActor), taskForce.Key);
            }

            created++;
        }

        foreach (var initiative in DemoNetworkData.Initiatives)
        {
            var grain = grains.GetGrain<IInitiativeGrain>(initiative.Key);
            if (await grain.GetDetails() is not null)
            {
                continue;
            }

            Ensure(await grain.Create(initiative.Profile, DemoActor), initiative.Key);
            foreach (var organizationId in initiative.Organizations)
            {
                Ensure(await grain.AddOrganization(organizationId, DemoActor), initiative.Key);
            }

            foreach (var goal in initiative.Goals)
            {
                Ensure(await grain.SetGoal(goal with { Progress = 0 }, DemoActor), initiative.Key);
                if (goal.Progress > 0)
                {
                    Ensure(await grain.RecordProgress(goal.Id, goal.Progress, DemoActor), initiative.Key);
                }
            }

            created++;
        }

        created += await DemoCapacityData.SeedAsync(grains);
        created += await SeedUsersAsync();
        created += await DemoReferralData.SeedAsync(grains); // Referrals
        created += await DemoInsightsData.SeedAsync(grains, TimeProvider.System.GetUtcNow()); // Insights: a past year of referral outcomes, as counts
        created += await DemoCapacityTrendData.SeedAsync(grains, TimeProvider.System.GetUtcNow()); // Insights: a past year of capacity over time, as daily aggregates
        created += await DemoOperationsData.SeedAsync(grains, TimeProvider.System); // Operations
        created += await DemoCalendarData.SeedAsync(grains, scopes); // Calendars
        created += await DemoTrainingData.SeedAsync(grains, TimeProvider.System.GetUtcNow()); // Insights: two past years of training completions, with their certificates
        created += await DemoLibraryData.SeedAsync(grains, DemoActor); // Library
        if (created > 0)
        {
            LogSeeded(created);
        }

        SayWhereToSignIn();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> SeedUsersAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { NetworkRoles.Curator, NetworkRoles.SystemAdmin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureIdentity(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        var created = 0;
        foreach (var demo in DemoNetworkData.Users)
        {
            if (await users.FindByEmailAsync(demo.Email) is not null)
            {
                continue;
            }

            var user = new ApplicationUser { UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName };
            EnsureIdentity(await users.CreateAsync(user, DemoNetworkData.DemoPassword), demo.Email);
            if (demo.IsCurator)
            {
                EnsureIdentity(await users.AddToRoleAsync(user, NetworkRoles.Curator), demo.Email);
            }

            if (demo.IsSystemAdmin)
            {
                EnsureIdentity(await users.AddToRoleAsync(user, NetworkRoles.SystemAdmin), demo.Email);
            }

            foreach (var (organizationKey, role) in demo.Organizations)
            {
                Ensure(await grains.GetGrain<IOrganizationGrain>(organizationKey).SetMember(new OrganizationMember(user.Id, demo.DisplayName, role), DemoActor), organizationKey);
            }

            foreach (var (taskForceKey, role) in demo.TaskForces)
            {
                Ensure(await grains.GetGrain<ITaskForceGrain>(taskForceKey).SetPerson(new TaskForcePerson(user.Id, demo.DisplayName, role), DemoActor), taskForceKey);
            }

            created++;
        }

        return created;
    }

    /// <summary>
    /// The last thing a first run prints, once Kestrel listens: where the demo is and how to sign in
    /// (the grains' per-change lines are Debug, so this is not buried under the seeding).
    /// </summary>
    private void SayWhereToSignIn()
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
            LogReady(
                addresses is { Count: > 0 } ? string.Join(" ", addresses) : "the configured address",
                $"curator@{DemoNetworkData.UserEmailDomain}",
                DemoNetworkData.DemoPassword);
        });
    }

    private static void Ensure(CommandResult result, string key)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo network could not be seeded ({key}): {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }

    private static void EnsureIdentity(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo sign-in {what} could not be created: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo network is ready at {Addresses}. Sign in as {Email} with the password {Password} (README.md lists a sign-in for every role).")]
    private partial void LogReady(string addresses, string email, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} parts of the demo network")]
    private partial void LogSeeded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ConnectedCalifornia:SeedDemoNetwork is on, but the demo network is seeded only in Development (this is {Environment}); nothing was seeded.")]
    private static partial void LogDemoRefused(ILogger logger, string environment);
}
