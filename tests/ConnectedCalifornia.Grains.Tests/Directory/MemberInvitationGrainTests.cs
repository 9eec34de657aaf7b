using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

/// <summary>A person becomes a member only by accepting an invitation addressed to their e-mail address.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MemberInvitationGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Admin = new("admin-1", "Ola Admin");

    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Org_admin_cannot_add_a_person_without_their_acceptance()
    {
        var id = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(id);
        var email = $"ana.{Guid.NewGuid():N}@example.org";
        var ana = new Actor(NewKey("user"), "Ana Ruiz");
        var someoneElse = new Actor(NewKey("user"), "Someone Else");

        Assert.True((await organization.InviteMember(email, OrganizationRole.Staff, Admin)).Succeeded);

        Assert.Empty((await organization.GetDetails())!.Members);
        Assert.False((await _grains.GetGrain<IUserAccessGrain>(ana.UserId).Get()).IsMemberOf(id));
        var listed = Assert.Single(await _grains.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(email.ToUpperInvariant())).Get());
        Assert.Equal((id, OrganizationRole.Staff, Admin.DisplayName), (listed.OrganizationId, listed.Role, listed.InvitedByName));

        // Only the address invited answers: another address finds nothing, and nothing changes.
        AssertRefused(await organization.AnswerMemberInvitation($"other.{Guid.NewGuid():N}@example.org", accept: true, someoneElse), "organizationId");
        Assert.Empty((await organization.GetDetails())!.Members);

        Assert.True((await organization.AnswerMemberInvitation(" " + email.ToUpperInvariant(), accept: true, ana)).Succeeded);

        Assert.Equal([new OrganizationMember(ana.UserId, "Ana Ruiz", OrganizationRole.Staff)], (await organization.GetDetails())!.Members.AsEnumerable());
        Assert.True((await _grains.GetGrain<IUserAccessGrain>(ana.UserId).Get()).IsMemberOf(id));
        Assert.Empty(await organization.GetMemberInvitations());
        Assert.Empty(await _grains.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(email)).Get());
        var history = (await organization.GetHistory(2)).Select(r => (r.ActorId, r.Field, r.NewValue)).ToList();
        Assert.Contains((ana.UserId, "memberInvitations", (string?)"accepted"), history);
        Assert.Contains((ana.UserId, "members", (string?)$"Ana Ruiz ({ana.UserId}): Staff"), history);
    }

    [Fact]
    public async Task Made_up_user_ids_are_refused()
    {
        var id = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(id);
        var version = (await organization.GetDetails())!.Version;

        AssertRefused(await organization.ChangeMemberRole(NewKey("made-up"), OrganizationRole.Admin, Admin), "userId");

        Assert.Empty((await organization.GetDetails())!.Members);
        Assert.Equal(version, (await organization.GetDetails())!.Version);
    }

    [Fact]
    public async Task A_member_role_changes_and_declined_or_withdrawn_invitations_add_nobody()
    {
        var id = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(id);
        var member = NewKey("user");
        Assert.True((await organization.SetMember(new OrganizationMember(member, "Mo Member", OrganizationRole.Staff), Curator)).Succeeded);

        Assert.True((await organization.ChangeMemberRole(member, OrganizationRole.Admin, Admin)).Succeeded);
        Assert.True((await _grains.GetGrain<IUserAccessGrain>(member).Get()).IsAdminOf(id));

        var declined = $"declines.{Guid.NewGuid():N}@example.org";
        var withdrawn = $"withdrawn.{Guid.NewGuid():N}@example.org";
        Assert.True((await organization.InviteMember(declined, OrganizationRole.Admin, Admin)).Succeeded);
        Assert.True((await organization.InviteMember(withdrawn, OrganizationRole.Staff, Admin)).Succeeded);
        AssertRefused(await organization.InviteMember("not-an-address", OrganizationRole.Staff, Admin), "email");

        Assert.True((await organization.AnswerMemberInvitation(declined, accept: false, new Actor(NewKey("user"), "Dee Cline"))).Succeeded);
        var open = Assert.Single(await organization.GetMemberInvitations());
        Assert.True((await organization.CancelMemberInvitation(open.Id, Admin)).Succeeded);

        Assert.Single((await organization.GetDetails())!.Members);
        Assert.Empty(await organization.GetMemberInvitations());
        Assert.Empty(await _grains.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(withdrawn)).Get());
        Assert.Empty(await _grains.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(declined)).Get());
    }
}
