namespace ConnectedCalifornia.Web.Components.Pages.Referrals;

/// <summary>
/// The texts of the referral pages. The English text is the key; <c>ReferralsText.es.resx</c> beside this file
/// holds the Spanish (see docs/localization.md). So far: the referrals home and an organization's inbox and outbox.
/// </summary>
public sealed class ReferralsText;
