using System.Security.Cryptography;
using System.Text;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>Audience files as the hub uploads them: a CSV header, then SHA-256 hex of normalised contacts.</summary>
static class YandexFiles
{
    public static byte[] Csv(int rows, string seed = "a")
    {
        var csv = new StringBuilder("\"email\",\"phone\"\r\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append('"').Append(Hash($"{seed}{i}@mail.ru")).Append("\",\"").Append(Hash($"7999{i:D7}")).Append("\"\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
