using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// The account messages as the app's templates write them: the role someone is invited as is said in words in
/// English and Spanish (never a code), and the one-time-link messages (reset, address confirmation) read alike.
/// </summary>
public sealed class AccountNotificationWordsTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly string Existing = MatrixRole.Curator.Email()!; // has a password: the invitation links to their invitations

    [Theory]
    [InlineData(InvitedRoles.Curator, "en", "invited you to Connected California as a curator.")]
    [InlineData(InvitedRoles.Curator, "es", "le invitó a Connected California como curador(a).")]
    [InlineData(InvitedRoles.Member, "en", "invited you to Connected California as a member of the network.")]
    [InlineData(InvitedRoles.Member, "es", "le invitó a Connected California como miembro de la red.")]
    [InlineData("a curator", "es", "le invitó a Connected California como curador(a).")] // queued before the role became a code
    public async Task Notification_system_invitation_says_the_role_in_words_in_the_readers_language(string role, string language, string expected)
    {
        var content = await RenderAsync(NotificationKinds.AccountInvitation, language, ("invited.by", "Sam Admin"), ("role", role));
        Assert.Contains($"Sam Admin {expected}", content.Paragraphs);
        Assert.DoesNotContain(content.Paragraphs, p => p.Contains(" como curator", StringComparison.Ordinal) || p.Contains(" como member", StringComparison.Ordinal) || p.Contains("como a ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Admin", "es", "como administrador(a).")]
    [InlineData("Staff", "en", "as staff.")]
    public async Task Notification_organization_invitation_says_the_role_in_words(string role, string language, string ending)
    {
        var content = await RenderAsync(NotificationKinds.AccountInvitation, language, ("invited.by", "Ana Admin"), ("organization.name", "Juniper Gate"), ("role", role));
        Assert.EndsWith(ending, content.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationKinds.AccountPasswordReset, "es", "Restablezca su contraseña de Connected California", "Elegir una contraseña nueva")]
    [InlineData(NotificationKinds.AccountEmailChange, "en", "Confirm your new e-mail address", "Confirm this address")]
    public async Task Notification_one_time_link_messages_greet_explain_and_carry_the_link_as_their_button(string kind, string language, string subject, string action)
    {
        var content = await RenderAsync(kind, language, ("link", "/Account/OneTime?code=x"));
        Assert.Equal(subject, content.Subject);
        Assert.Equal(action, content.ActionLabel);
        Assert.Equal("/Account/OneTime?code=x", content.ActionPath);
        Assert.Equal(3, content.Paragraphs.Count);
        Assert.StartsWith(language == "es" ? "Hola" : "Hello", content.Paragraphs[0], StringComparison.Ordinal);
    }

    private async Task<NotificationContent> RenderAsync(string kind, string language, params (string Name, string Value)[] facts)
    {
        var notification = new Notification($"test:{Guid.NewGuid():N}", kind, DateTimeOffset.UtcNow, [NotificationAudience.Address(Existing, null)],
            facts.ToImmutableSortedDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal), null);
        var recipient = new NotificationRecipient(null, Existing, "Casey", language);
        using var culture = NotificationText.InLanguage(language);
        var content = await app.Factory.Services.GetRequiredService<NotificationRenderer>().RenderAsync(notification, recipient, CancellationToken.None);
        Assert.NotNull(content);
        return content;
    }
}
