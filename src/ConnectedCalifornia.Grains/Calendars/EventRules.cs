using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

/// <summary>The rules of an event's definition and of a registration, checked before anything changes.</summary>
internal static class EventRules
{
    public const int MaxTitleLength = 200;
    public const int MaxAddressLength = 300;
    public const int MaxFeeLength = 200;
    public const int MaxHosts = 10;
    public const int MaxCapacity = 100_000;
    public const int MaxWaitlist = 1_000;
    public const int MaxCancelledKept = 500;
    public const int MaxRegistrantNameLength = 100;
    public const int MaxEmailLength = 254;
    public const decimal MaxCreditHours = 40;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);

    public static EventDefinition Normalize(EventDefinition d) => d with
    {
        Title = Network.Normalize.Text(d.Title),
        Description = Network.Normalize.Text(d.Description),
        HostOrganizationIds = [.. Network.Normalize.Codes(d.HostOrganizationIds).Where(h => h.Length > 0)],
        InitiativeId = Network.Normalize.OptionalText(d.InitiativeId),
        TaskForceId = Network.Normalize.OptionalText(d.TaskForceId),
        County = Network.Normalize.Text(d.County),
        Address = Network.Normalize.OptionalText(d.Address),
        OnlineLink = Network.Normalize.OptionalText(d.OnlineLink),
        Fee = Network.Normalize.OptionalText(d.Fee),
        TrainingType = Network.Normalize.OptionalText(d.TrainingType),
        HideAddressUntilRegistered = !d.Online && d.HideAddressUntilRegistered,
    };

    /// <summary>
    /// Who may change the host list: a curator any host; anyone else only organizations they belong
    /// to, so an organization is added by itself and leaves by itself, and a co-host cannot remove
    /// (or replace) another host without a curator. An event its initiative hosts (no host organization)
    /// gets host organizations from a curator only, so no participant takes it over.
    /// </summary>
    public static void ValidateHostChange(bool existing, ImmutableArray<string> before, ImmutableArray<string> after, EventHostRights rights, FieldValidator v)
    {
        var added = after.Except(before, StringComparer.Ordinal).Where(h => !rights.MayChange(h)).ToList();
        var removed = before.Except(after, StringComparer.Ordinal).Where(h => !rights.MayChange(h)).ToList();
        if (added.Count > 0)
        {
            v.Add("hostOrganizationIds", $"You can only name your own organizations as hosts ({string.Join(", ", added)} is not one); a curator adds a partner as a co-host, or the partner promotes the event.");
        }

        if (before.IsEmpty && !after.IsEmpty && !rights.Curator && existing)
        {
            v.Add("hostOrganizationIds", "This event is hosted by its initiative; a curator names its host organizations.");
        }

        if (removed.Count > 0)
        {
            v.Add("hostOrganizationIds", $"Only a curator or the host itself can remove a host ({string.Join(", ", removed)}); ask a curator if a co-host should no longer host the event.");
        }
    }

    public static void Validate(EventDefinition d, FieldValidator v)
    {
        v.Required("title", d.Title, MaxTitleLength, "The title");
        v.MaxLength("description", d.Description, FieldValidator.MaxDescriptionLength, "The description");
        v.Defined("kind", d.Kind, "The kind");
        v.Defined("audience", d.Audience, "The audience");
        if (d.HostOrganizationIds.IsEmpty && d.InitiativeId is null)
        {
            v.Add("hostOrganizationIds", "Name at least one host organization, or the initiative that hosts the event.");
        }
        else if (d.HostOrganizationIds.Length > MaxHosts)
        {
            v.Add("hostOrganizationIds", $"At most {MaxHosts} organizations can co-host an event.");
        }
        else
        {
            v.Codes("hostOrganizationIds", d.HostOrganizationIds, Identifiers.IsValidKey, "host organizations", MaxHosts);
        }

        if (d.InitiativeId is not null)
        {
            v.Key("initiativeId", d.InitiativeId, "The initiative's id");
        }

        if (d.TaskForceId is not null)
        {
            v.Key("taskForceId", d.TaskForceId, "The task force's id");
        }
        else if (d.Audience == EventAudience.TaskForceMembers)
        {
            v.Add("taskForceId", "An event for task-force members names its task force.");
        }

        if (!California.IsCounty(d.County))
        {
            v.Add("county", "The county must be a California FIPS code such as 06019 (Fresno).");
        }

        if (d.End <= d.Start)
        {
            v.Add("end", $"The end ({Time(d.End)}) must be after the start ({Time(d.Start)}).");
        }
        else if (d.End - d.Start > MaxDuration)
        {
            v.Add("end", "An event lasts at most 31 days; publish a longer campaign as several events.");
        }

        if (d.Start.Year is < 2000 or > 2100)
        {
            v.Add("start", "The start must be a date between the years 2000 and 2100.");
        }

        if (d.Online)
        {
            if (d.OnlineLink is null)
            {
                v.Add("onlineLink", "An online event needs its meeting link (shown to registrants only).");
            }
            else
            {
                v.WebAddress("onlineLink", d.OnlineLink, 500, "The online link");
            }

            v.MaxLength("address", d.Address, MaxAddressLength, "The address");
        }
        else
        {
            v.Required("address", d.Address, MaxAddressLength, "The address of an in-person event");
            if (d.OnlineLink is not null)
            {
                v.WebAddress("onlineLink", d.OnlineLink, 500, "The online link");
            }
        }

        if (d.Capacity is < 0 or > MaxCapacity)
        {
            v.Add("capacity", $"The capacity is a number of seats from 1 to {MaxCapacity:N0}, or 0 for no limit (it is {d.Capacity}).");
        }

        v.MaxLength("fee", d.Fee, MaxFeeLength, "The fee");
        v.MaxLength("trainingType", d.TrainingType, MaxTitleLength, "The training type");
        if (d.CreditHours < 0 || d.CreditHours > MaxCreditHours || decimal.Round(d.CreditHours, 2) != d.CreditHours)
        {
            v.Add("creditHours", $"Credit hours are between 0 and {MaxCreditHours} with at most two decimals (such as 2 or 1.5).");
        }
        else if (d.CreditHours > 0 && d.Kind != EventKind.Training)
        {
            v.Add("creditHours", "Only a training earns credit hours; choose the kind Training.");
        }
    }

    /// <summary>The hosts, initiative and task force an event names exist.</summary>
    public static async Task ValidateReferencesAsync(IGrainFactory grains, EventDefinition d, FieldValidator v)
    {
        foreach (var host in d.HostOrganizationIds)
        {
            if (await grains.GetGrain<IOrganizationGrain>(host).GetDetails() is null)
            {
                v.Add("hostOrganizationIds", $"The organization '{host}' does not exist.");
            }
        }

        if (d.InitiativeId is not null && await grains.GetGrain<Initiatives.IInitiativeGrain>(d.InitiativeId).GetDetails() is null)
        {
            v.Add("initiativeId", $"The initiative '{d.InitiativeId}' does not exist.");
        }

        if (d.TaskForceId is not null && await grains.GetGrain<TaskForces.ITaskForceGrain>(d.TaskForceId).GetDetails() is null)
        {
            v.Add("taskForceId", $"The task force '{d.TaskForceId}' does not exist.");
        }
    }

    public static void ValidateRegistrant(RegistrationRequest request, FieldValidator v)
    {
        v.Required("name", request.Name, MaxRegistrantNameLength, "Your name");
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            v.Add("email", "Your e-mail address is required.");
        }
        else if (request.Email.Length > MaxEmailLength || !OrganizationRules.IsEmail(request.Email))
        {
            v.Add("email", "Enter an e-mail address such as name@example.org.");
        }

        v.MaxLength("userId", request.UserId, FieldValidator.MaxUserIdLength, "The account id");
        if (request.OrganizationId is not null)
        {
            v.Key("organizationId", request.OrganizationId, "The organization's id");
        }
    }

    public static string Time(DateTimeOffset at) => CaliforniaTime.Stamp(at);

    public static string Seats(EventState s)
    {
        var registered = s.Count(RegistrationStatus.Registered);
        var waitlisted = s.Count(RegistrationStatus.Waitlisted);
        var seats = s.Definition!.Capacity == 0 ? $"{registered} registered" : $"{registered} of {s.Definition.Capacity} seats taken";
        return waitlisted == 0 ? seats : $"{seats}, {waitlisted} on the waitlist";
    }
}
