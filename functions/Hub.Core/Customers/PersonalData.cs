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
}
