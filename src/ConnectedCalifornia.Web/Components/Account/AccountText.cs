namespace ConnectedCalifornia.Web.Components.Account;

/// <summary>
/// The texts of the sign-in pages (sign in, forgot and reset password, lockout, two-factor and recovery code). The
/// English text is the key; <c>AccountText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class AccountText;
