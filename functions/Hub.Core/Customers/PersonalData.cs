namespace Hub.Customers;

/// <summary>Masks contacts for logs and console output: <c>i***@mail.ru</c>, <c>+7******1111</c>.</summary>
public static class PersonalData
{
    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }

    public static string MaskPhone(string phone)
    {
        if (phone.Length <= 6)
        {
            return "***";
        }
        var head = phone.StartsWith('+') ? 2 : 1;
        return phone[..head] + new string('*', phone.Length - head - 4) + phone[^4..];
    }

    /// <summary>An address of any channel: emails and phones masked as above, chat and user ids shown by their last 3 characters.</summary>
    public static string Mask(string address) =>
        address.Contains('@') ? MaskEmail(address)
        : address.StartsWith('+') ? MaskPhone(address)
        : address.Length <= 3 ? "***" : "***" + address[^3..];
}
